"""Review decisions: the decisions-file line, corrections, and the --serve endpoint."""
from __future__ import annotations

import json
import threading
import urllib.error
import urllib.request
from pathlib import Path
from typing import Iterator

import pytest
from bs4 import BeautifulSoup

from pipeline.review import (
    DecisionError, ReviewServer, apply_corrections, decision_line, load_batch, load_decisions,
)

FIXTURES = Path(__file__).parent / "review_fixtures"
RECORDS = [json.loads(line) for line in (FIXTURES / "awards.jsonl").read_text().splitlines()]


def test_review_decision_line_is_record_plus_review() -> None:
    line = decision_line(RECORDS[1], "correct", {"grade.letter": "B", "award.year": "2023"},
                         at="2024-01-02T03:04:05+00:00")
    assert {k: v for k, v in line.items() if k != "review"} == RECORDS[1]
    assert line["review"] == {"decision": "correct", "fields": {"grade.letter": "B", "award.year": 2023},
                              "at": "2024-01-02T03:04:05+00:00"}
    assert list(line)[-1] == "review"


@pytest.mark.parametrize("decision, fields, message", [
    ("maybe", None, "decision must be one of"),
    ("correct", {}, "needs at least one corrected field"),
    ("correct", {"record_id": "x"}, "cannot be corrected"),
    ("correct", {"award.year": "dua ribu"}, "not a whole number"),
])
def test_review_decision_line_refuses_bad_decisions(decision: str, fields: dict | None,
                                                    message: str) -> None:
    with pytest.raises(DecisionError, match=message):
        decision_line(RECORDS[0], decision, fields)


def test_review_apply_corrections_fills_absent_blocks() -> None:
    fixed = apply_corrections(RECORDS[1], {"giver.name": "Kementerian PANRB", "primary": True,
                                           "recipient.name": "Dinas Kesehatan Kota Madiun"})
    assert fixed["giver"] == {"text": None, "name": "Kementerian PANRB", "id": None}
    assert fixed["primary"] is True and fixed["recipient"]["type"] == "opd"
    assert RECORDS[1]["giver"] is None  # the input record is left as it was


def test_review_load_decisions_keeps_the_latest_per_record(tmp_path: Path) -> None:
    path = tmp_path / "decisions.jsonl"
    lines = [decision_line(RECORDS[0], "reject"), decision_line(RECORDS[1], "accept"),
             decision_line(RECORDS[0], "accept")]
    path.write_text("".join(json.dumps(line) + "\n" for line in lines))
    latest = load_decisions(path)
    assert {rid: line["review"]["decision"] for rid, line in latest.items()} == {
        RECORDS[0]["record_id"]: "accept", RECORDS[1]["record_id"]: "accept"}


@pytest.fixture()
def server(tmp_path: Path) -> Iterator[ReviewServer]:
    srv = ReviewServer(load_batch(FIXTURES / "awards.jsonl"), tmp_path / "decisions.jsonl", port=0)
    thread = threading.Thread(target=srv.serve_forever, daemon=True)
    thread.start()
    yield srv
    srv.shutdown()
    srv.server_close()


def post(srv: ReviewServer, body: object, token: str | None = None,
         host: str | None = None) -> tuple[int, str]:
    req = urllib.request.Request(srv.url + "api/decisions", data=json.dumps(body).encode(),
                                 method="POST", headers={"Content-Type": "application/json"})
    req.add_header("X-Warta-Token", srv.token if token is None else token)
    if host:
        req.add_header("Host", host)
    try:
        with urllib.request.urlopen(req, timeout=5) as resp:
            return resp.status, resp.read().decode()
    except urllib.error.HTTPError as exc:
        return exc.code, exc.read().decode()


def test_review_serve_binds_loopback_and_appends_each_decision(server: ReviewServer) -> None:
    assert server.server_address[0] == "127.0.0.1"
    rid = RECORDS[2]["record_id"]
    assert post(server, {"record_id": rid, "decision": "accept"})[0] == 200
    assert post(server, {"record_id": rid, "decision": "correct",
                         "fields": {"grade.label": "Nindya"}})[0] == 200
    lines = [json.loads(x) for x in server.decisions_path.read_text().splitlines()]
    assert [x["review"]["decision"] for x in lines] == ["accept", "correct"]
    assert lines[1]["review"]["fields"] == {"grade.label": "Nindya"}
    assert lines[1]["recipient"] == RECORDS[2]["recipient"]
    with urllib.request.urlopen(server.url, timeout=5) as resp:
        page = resp.read().decode()
    policy = BeautifulSoup(page, "html.parser").find("meta", attrs={"http-equiv": "Content-Security-Policy"})
    assert server.token in page and "connect-src 'self'" in policy["content"]
    assert '"decision":"correct"' in page  # a reload shows the saved decisions


@pytest.mark.parametrize("body, token, host, status", [
    ({"record_id": "a1a1a1a1a1a1a1a1", "decision": "accept"}, "wrong", None, 403),
    ({"record_id": "a1a1a1a1a1a1a1a1", "decision": "accept"}, None, "evil.example", 403),
    ({"record_id": "ffffffffffffffff", "decision": "accept"}, None, None, 422),
    ({"record_id": "a1a1a1a1a1a1a1a1", "decision": "correct", "fields": {"evidence": []}}, None, None, 422),
    (["not", "an", "object"], None, None, 422),
])
def test_review_serve_refuses_bad_posts_and_writes_nothing(
        server: ReviewServer, body: object, token: str | None, host: str | None, status: int) -> None:
    assert post(server, body, token, host)[0] == status
    assert server.decisions_path.read_text() == ""
