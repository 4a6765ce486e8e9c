"""warta review --serve against hostile or clumsy clients, with the real server on 127.0.0.1."""
from __future__ import annotations

import json
import socket
import subprocess
import sys
import threading
import urllib.request
from pathlib import Path
from typing import Iterator

import pytest
from bs4 import BeautifulSoup

from pipeline.review import ReviewServer, load_batch
from pipeline.review.render import page_data

FIXTURES = Path(__file__).parent / "review_fixtures"
RID = "a1a1a1a1a1a1a1a1"


@pytest.fixture()
def server(tmp_path: Path) -> Iterator[ReviewServer]:
    srv = ReviewServer(load_batch(FIXTURES / "awards.jsonl"), tmp_path / "decisions.jsonl", port=0)
    threading.Thread(target=srv.serve_forever, daemon=True).start()
    yield srv
    srv.shutdown()
    srv.server_close()


def raw_post(srv: ReviewServer, headers: dict[str, str], body: bytes) -> tuple[int, bytes]:
    """Send a POST exactly as written (no client fixing up Content-Length) and read the reply."""
    head = "".join(f"{k}: {v}\r\n" for k, v in headers.items())
    request = (f"POST /api/decisions HTTP/1.1\r\nHost: 127.0.0.1:{srv.server_address[1]}\r\n{head}"
               "Connection: close\r\n\r\n").encode() + body
    with socket.create_connection(srv.server_address, timeout=5) as sock:
        sock.sendall(request)
        reply = b""
        while chunk := sock.recv(65536):
            reply += chunk
    status = int(reply.split(b" ", 2)[1])
    return status, reply.split(b"\r\n\r\n", 1)[1]


@pytest.mark.parametrize("length", ["abc", "-5", "12abc", "1e3", "²", ""])
def test_review_server_malformed_content_length_is_400(server: ReviewServer, length: str) -> None:
    body = json.dumps({"record_id": RID, "decision": "accept"}).encode()
    headers = {"X-Warta-Token": server.token, "Content-Type": "application/json"}
    if length:
        headers["Content-Length"] = length
    status, reply = raw_post(server, headers, body)
    assert status == 400 and b"Content-Length" in reply
    assert server.decisions_path.read_text() == ""
    with urllib.request.urlopen(server.url, timeout=5) as resp:  # and the server still serves
        assert resp.status == 200


@pytest.mark.parametrize("origin, status", [
    ("http://evil.example", 403),
    ("null", 403),                     # a sandboxed frame or a file:// page
    ("http://127.0.0.1:1", 403),       # another port of this machine
    ("SAME", 200),
    (None, 200),                       # not a browser: the token alone decides
])
def test_review_server_checks_origin_as_well_as_token(server: ReviewServer, origin: str | None,
                                                      status: int) -> None:
    body = json.dumps({"record_id": RID, "decision": "accept"}).encode()
    headers = {"X-Warta-Token": server.token, "Content-Type": "application/json",
               "Content-Length": str(len(body))}
    if origin:
        headers["Origin"] = server.url.rstrip("/") if origin == "SAME" else origin
    assert raw_post(server, headers, body)[0] == status
    assert len(server.decisions_path.read_text().splitlines()) == (1 if status == 200 else 0)


def test_review_server_busy_port_names_port_option_without_traceback(tmp_path: Path) -> None:
    with socket.socket() as busy:
        busy.bind(("127.0.0.1", 0))
        busy.listen()
        port = busy.getsockname()[1]
        proc = subprocess.run(
            [sys.executable, "-m", "pipeline", "review", str(FIXTURES / "awards.jsonl"), "--serve",
             "--port", str(port), "--decisions", str(tmp_path / "d.jsonl")],
            capture_output=True, text=True, timeout=60)
    assert proc.returncode == 2
    assert f"port {port}" in proc.stderr and "--port" in proc.stderr
    assert "Traceback" not in proc.stderr


@pytest.mark.parametrize("url", [
    "javascript:alert(1)", " JavaScript:alert(1)", "data:text/html,<script>alert(1)</script>",
    "vbscript:msgbox(1)", "file:///etc/passwd", "//evil.example/x", "https://ok.example/a\"onclick=x",
])
def test_review_server_non_web_article_urls_are_never_links(tmp_path: Path, url: str) -> None:
    text = "Kota Solo meraih predikat A."
    (tmp_path / "articles.jsonl").write_text(json.dumps({"id": "x1", "url": url, "title": "Solo", "text": text}) + "\n")
    (tmp_path / "awards.jsonl").write_text(json.dumps({
        "record_id": "0" * 16, "article": {"id": "x1", "url": url}, "confidence": 0.9,
        "evidence": [{"field": "recipient", "start": 0, "end": 9, "text": "Kota Solo"}]}) + "\n")
    srv = ReviewServer(load_batch(tmp_path / "awards.jsonl"), tmp_path / "d.jsonl", port=0)
    threading.Thread(target=srv.serve_forever, daemon=True).start()
    try:
        with urllib.request.urlopen(srv.url, timeout=5) as resp:
            html = resp.read().decode()
    finally:
        srv.shutdown()
        srv.server_close()
    soup = BeautifulSoup(html, "html.parser")
    data = json.loads(soup.find("script", id="warta-data").string)
    [article] = data["articles"]
    assert article["link"] is False and article["url"] == url  # shown as text, never an href
    assert not soup.find_all("a")


def test_review_server_web_article_url_is_a_link() -> None:
    data = page_data(load_batch(FIXTURES / "awards.jsonl"))
    assert all(a["link"] for a in data["articles"] if a["url"].startswith("https://"))
