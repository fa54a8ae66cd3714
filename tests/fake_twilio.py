"""A local fake of Twilio's REST API (Messages resource) on 127.0.0.1, for the real client.

It speaks the protocol ``twilio.rest.Client`` uses: form-encoded POST to
``/2010-04-01/Accounts/{AccountSid}/Messages.json`` with HTTP Basic auth, a 201 JSON
message resource on success, and Twilio's JSON error body (code, message,
more_info, status) on failure. Every request is captured for assertions.
"""

from __future__ import annotations

import base64
import json
import re
import threading
import uuid
from dataclasses import dataclass
from email.utils import formatdate
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any
from urllib.parse import parse_qs

__all__ = ["CapturedRequest", "FakeTwilio"]

_MESSAGES_PATH = re.compile(r"^/2010-04-01/Accounts/(?P<account>AC\w+)/Messages\.json$")
MAX_BODY_CHARS = 1600


@dataclass(frozen=True)
class CapturedRequest:
    """One request the fake received."""

    method: str
    path: str
    headers: dict[str, str]
    form: dict[str, str]
    username: str | None
    password: str | None
    status: int  # what the fake answered


class FakeTwilio:
    """Start with ``with FakeTwilio(sid, token) as fake:``; point the client at ``fake.url``."""

    def __init__(self, account_sid: str, auth_token: str) -> None:
        self.account_sid = account_sid
        self.auth_token = auth_token
        self.requests: list[CapturedRequest] = []
        self._failures: list[tuple[int, int, str]] = []
        self._lock = threading.Lock()
        self._changed = threading.Condition(self._lock)
        self._server = ThreadingHTTPServer(("127.0.0.1", 0), self._handler_class())
        self._thread = threading.Thread(target=self._server.serve_forever, daemon=True)

    @property
    def url(self) -> str:
        """Base URL to give ``TWILIO_API_BASE_URL``."""
        host, port = self._server.server_address[:2]
        return f"http://{host!s}:{port}"

    def __enter__(self) -> FakeTwilio:
        self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._server.shutdown()
        self._server.server_close()
        self._thread.join(5)

    def fail_next(self, count: int, status: int = 500, code: int = 20500,
                  message: str = "Internal Server Error") -> None:
        """Answer the next ``count`` message requests with this Twilio error."""
        with self._lock:
            self._failures.extend([(status, code, message)] * count)

    @property
    def messages(self) -> list[dict[str, str]]:
        """Forms of the messages accepted so far (successful creates only)."""
        with self._lock:
            return [r.form for r in self.requests if r.status == 201]

    def wait_for_messages(self, count: int, timeout: float = 20.0) -> list[dict[str, str]]:
        """Block until ``count`` messages were accepted (or the timeout passes); return them."""
        with self._changed:
            self._changed.wait_for(
                lambda: sum(r.status == 201 for r in self.requests) >= count,
                timeout,
            )
        return self.messages

    def _record(self, request: CapturedRequest) -> None:
        with self._changed:
            self.requests.append(request)
            self._changed.notify_all()

    def _next_failure(self) -> tuple[int, int, str] | None:
        with self._lock:
            return self._failures.pop(0) if self._failures else None

    def _handler_class(self) -> type[BaseHTTPRequestHandler]:
        fake = self

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, format: str, *args: Any) -> None:
                pass  # keep test output clean

            def _send(self, status: int, payload: dict[str, Any]) -> None:
                # Answered only after do_POST recorded the request, so a test that sees the
                # client's response also sees the captured request.
                self._answer = (status, payload)

            def _write(self, status: int, payload: dict[str, Any]) -> None:
                body = json.dumps(payload).encode()
                self.send_response(status)
                self.send_header("Content-Type", "application/json; charset=utf-8")
                self.send_header("Content-Length", str(len(body)))
                self.send_header("Twilio-Request-Id", "RQ" + uuid.uuid4().hex)
                self.end_headers()
                self.wfile.write(body)

            def _error(self, status: int, code: int, message: str) -> None:
                self._send(status, {
                    "code": code, "message": message, "status": status,
                    "more_info": f"https://www.twilio.com/docs/errors/{code}",
                })

            def do_POST(self) -> None:
                length = int(self.headers.get("Content-Length", "0"))
                raw = self.rfile.read(length).decode("utf-8")
                form = {k: v[0] for k, v in parse_qs(raw, keep_blank_values=True).items()}
                username = password = None
                auth = self.headers.get("Authorization", "")
                if auth.startswith("Basic "):
                    decoded = base64.b64decode(auth[6:]).decode()
                    username, _, password = decoded.partition(":")
                match = _MESSAGES_PATH.match(self.path)
                status = self._handle(match, form, username, password)
                fake._record(CapturedRequest("POST", self.path, dict(self.headers), form,
                                             username, password, status))
                self._write(*self._answer)

            def _handle(self, match: re.Match[str] | None, form: dict[str, str],
                        username: str | None, password: str | None) -> int:
                if match is None:
                    self._error(404, 20404, "The requested resource was not found")
                    return 404
                if (username, password) != (fake.account_sid, fake.auth_token) or (
                    match["account"] != fake.account_sid
                ):
                    self._error(401, 20003, "Authenticate")
                    return 401
                failure = fake._next_failure()
                if failure is not None:
                    self._error(*failure)
                    return failure[0]
                if not form.get("To"):
                    self._error(400, 21604, "A 'To' phone number is required.")
                    return 400
                if not form.get("From"):
                    self._error(400, 21603, "A 'From' phone number is required.")
                    return 400
                if len(form.get("Body", "")) > MAX_BODY_CHARS:
                    self._error(400, 21617, "The concatenated message body exceeds the 1600 "
                                "character limit.")
                    return 400
                sid = "SM" + uuid.uuid4().hex
                now = formatdate(usegmt=True)
                self._send(201, {
                    "sid": sid, "account_sid": fake.account_sid, "to": form["To"],
                    "from": form["From"], "body": form.get("Body", ""), "status": "queued",
                    "num_segments": "1", "num_media": "0", "direction": "outbound-api",
                    "api_version": "2010-04-01", "price": None, "price_unit": "USD",
                    "error_code": None, "error_message": None, "messaging_service_sid": None,
                    "date_created": now, "date_updated": now, "date_sent": None,
                    "uri": f"/2010-04-01/Accounts/{fake.account_sid}/Messages/{sid}.json",
                    "subresource_uris": {
                        "media": f"/2010-04-01/Accounts/{fake.account_sid}/Messages/{sid}"
                                 "/Media.json"},
                })
                return 201

        return Handler
