"""`warta review --serve`: the review page on 127.0.0.1, saving each decision as it is made."""
from __future__ import annotations

import errno
import json
import secrets
import threading
from http import HTTPStatus
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

from pipeline.errors import InputError
from pipeline.review.data import ReviewBatch
from pipeline.review.decisions import DecisionError, decision_line, load_decisions
from pipeline.review.page import safe_json
from pipeline.review.render import page_data, render_report
from pipeline.settings import current
from pipeline.write import JsonlWriter

HOST = "127.0.0.1"


class ReviewServer(ThreadingHTTPServer):
    """Serves one batch's review page and appends decisions to one file."""

    daemon_threads = True

    def __init__(self, batch: ReviewBatch, decisions_path: Path, port: int = 0) -> None:
        # Bound to loopback only: decisions carry unpublished judgements, and the page has no login.
        try:
            super().__init__((HOST, port), _Handler)
        except OSError as exc:
            if exc.errno == errno.EADDRINUSE:
                raise InputError(f"port {port} on {HOST} is already in use (another warta review?): "
                                 f"choose another with --port N, or --port 0 for any free port",
                                 input=f"--port {port}") from exc
            raise
        self.batch = batch
        self.data = safe_json(page_data(batch))  # built once; each load adds only the decisions
        self.records = {str(i.record.get("record_id")): i.record for i in batch.items}
        self.decisions_path = Path(decisions_path)
        self.token = secrets.token_urlsafe(16)
        self.lock = threading.Lock()
        self.writer = JsonlWriter(self.decisions_path, append=True, fsync_every=1)

    @property
    def url(self) -> str:
        """The address to open in a browser."""
        return f"http://{HOST}:{self.server_address[1]}/"

    def save(self, payload: Any) -> dict[str, Any]:
        """Validate one posted decision and append its line; return the line written."""
        if not isinstance(payload, dict):
            raise DecisionError("expected a JSON object")
        record = self.records.get(str(payload.get("record_id")))
        if record is None:
            raise DecisionError(f"unknown record_id {payload.get('record_id')!r}")
        line = decision_line(record, str(payload.get("decision")), payload.get("fields"),
                             at=payload.get("at") if isinstance(payload.get("at"), str) else None)
        with self.lock:
            self.writer.write(line)  # one os.write per line: whole lines even if killed
        return line

    def server_close(self) -> None:
        """Close the socket and the decisions file."""
        super().server_close()
        if getattr(self, "writer", None):  # absent when binding failed inside __init__
            self.writer.close()


class _Handler(BaseHTTPRequestHandler):
    server: ReviewServer

    def log_message(self, format: str, *args: Any) -> None:  # noqa: A002 - stdlib signature
        pass  # keep the terminal for the "saved" lines below, not access logs

    def _host_ok(self) -> bool:
        # A DNS-rebinding page would arrive with its own host name; only loopback names pass.
        host = (self.headers.get("Host") or "").rsplit(":", 1)[0]
        return host in (HOST, "localhost")

    def _origin_ok(self) -> bool:
        # Browsers send Origin with every POST; a page from any other origin (even another
        # port of this machine) is refused although CORS would already hide the response.
        origin = self.headers.get("Origin")
        if origin is None:
            return True  # not a browser (curl, scripts): the token alone decides
        port = self.server.server_address[1]
        return origin in (f"http://{HOST}:{port}", f"http://localhost:{port}")

    def _send(self, status: int, body: str, ctype: str = "text/plain; charset=utf-8") -> None:
        data = body.encode("utf-8")
        self.send_response(status)
        self.send_header("Content-Type", ctype)
        self.send_header("Content-Length", str(len(data)))
        self.send_header("Cache-Control", "no-store")
        self.send_header("X-Content-Type-Options", "nosniff")
        self.end_headers()
        self.wfile.write(data)

    def do_GET(self) -> None:  # noqa: N802 - stdlib name
        if not self._host_ok():
            return self._send(HTTPStatus.FORBIDDEN, "forbidden host")
        if self.path.split("?")[0] not in ("/", "/index.html"):
            return self._send(HTTPStatus.NOT_FOUND, "not found")
        srv = self.server
        page = render_report(srv.batch, decisions=load_decisions(srv.decisions_path),
                             serve_token=srv.token, data=srv.data)
        self._send(HTTPStatus.OK, page, "text/html; charset=utf-8")

    def do_POST(self) -> None:  # noqa: N802 - stdlib name
        srv = self.server
        if not self._host_ok():
            return self._send(HTTPStatus.FORBIDDEN, "forbidden host")
        if self.path != "/api/decisions":
            return self._send(HTTPStatus.NOT_FOUND, "not found")
        # The token travels in a custom header, which cross-site pages cannot send without a
        # CORS preflight that this server never answers.
        if not self._origin_ok():
            return self._send(HTTPStatus.FORBIDDEN, "forbidden origin")
        if not secrets.compare_digest(self.headers.get("X-Warta-Token", ""), srv.token):
            return self._send(HTTPStatus.FORBIDDEN, "bad token: reload the page")
        raw_length = (self.headers.get("Content-Length") or "").strip()
        if not (raw_length.isascii() and raw_length.isdigit()):  # absent, "-1", "12abc", "1e3"
            self.close_connection = True  # the body's end is unknown: this connection is done
            return self._send(HTTPStatus.BAD_REQUEST, "missing or malformed Content-Length")
        length = int(raw_length)
        if length <= 0 or length > current().review.max_post_bytes:
            self.close_connection = True
            return self._send(HTTPStatus.BAD_REQUEST, "empty or oversized body")
        try:
            line = srv.save(json.loads(self.rfile.read(length)))
        except (json.JSONDecodeError, UnicodeDecodeError):
            return self._send(HTTPStatus.BAD_REQUEST, "body is not JSON")
        except DecisionError as exc:
            return self._send(HTTPStatus.UNPROCESSABLE_ENTITY, exc.reason)
        print(f"saved {line['review']['decision']} {line['record_id']} → {srv.decisions_path}",
              flush=True)
        self._send(HTTPStatus.OK, json.dumps({"ok": True, "at": line["review"]["at"]}),
                   "application/json")


def serve(batch: ReviewBatch, decisions_path: Path, port: int = 0) -> ReviewServer:
    """Return a started-up (not yet serving) ReviewServer; call serve_forever() on it."""
    return ReviewServer(batch, decisions_path, port)
