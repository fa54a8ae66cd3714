"""A local fake of Twilio's REST API (Messages resource) on 127.0.0.1, for the real client.

It speaks the protocol ``twilio.rest.Client`` uses: form-encoded POST to
``/2010-04-01/Accounts/{AccountSid}/Messages.json`` with HTTP Basic auth, a 201 JSON
message resource on success, and Twilio's JSON error body (code, message,
more_info, status) on failure. Every request is captured for assertions.

Each test sets how it behaves, for the next requests or until told otherwise:

- ``fail_next(n, status, code, retry_after=..., after=k)``: after k more requests that
  go through, the next n get that error;
- ``answer_with(status, code, ...)`` / ``answer_normally()``: every request gets it;
- ``refuse_connections()`` / ``accept_connections()``: nothing listens on the port;
- ``delay(seconds)``: every answer comes that much later (a slow Twilio);
- ``hold()`` / ``release()``: requests hang until released (``wait_for_held(n)``).

A request counts as accepted once the fake answers it 201, even when the client
is gone by then: Twilio sends a message it accepted whatever became of the caller.
"""

from __future__ import annotations

import base64
import json
import re
import threading
import time
import uuid
from collections import Counter
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
    at: float = 0.0  # time.monotonic() when it was answered


@dataclass(frozen=True)
class _Failure:
    status: int
    code: int
    message: str
    retry_after: str | None = None


class FakeTwilio:
    """Start with ``with FakeTwilio(sid, token) as fake:``; point the client at ``fake.url``."""

    def __init__(self, account_sid: str, auth_token: str) -> None:
        self.account_sid = account_sid
        self.auth_token = auth_token
        self.requests: list[CapturedRequest] = []
        self._failures: list[_Failure | None] = []  # None: answer that one normally
        self._always: _Failure | None = None
        self._delay = 0.0
        self._held = 0
        self._holding = False
        self._lock = threading.Lock()
        self._changed = threading.Condition(self._lock)
        self._server: ThreadingHTTPServer | None = None
        self._thread: threading.Thread | None = None
        self._port = 0
        self._listen()

    def _listen(self) -> None:
        server = ThreadingHTTPServer(("127.0.0.1", self._port), self._handler_class())
        server.daemon_threads = True
        self._port = int(server.server_address[1])
        self._server = server

    @property
    def url(self) -> str:
        """Base URL to give ``TWILIO_API_BASE_URL``."""
        return f"http://127.0.0.1:{self._port}"

    def __enter__(self) -> FakeTwilio:
        self._serve()
        return self

    def __exit__(self, *exc: object) -> None:
        self.release()
        self._close()

    def _serve(self) -> None:
        assert self._server is not None
        self._thread = threading.Thread(target=self._server.serve_forever, daemon=True)
        self._thread.start()

    def _close(self) -> None:
        if self._server is not None:
            self._server.shutdown()
            self._server.server_close()
            self._server = None
        if self._thread is not None:
            self._thread.join(5)
            self._thread = None

    # -- behaviours -----------------------------------------------------------

    def fail_next(self, count: int, status: int = 500, code: int = 20500,
                  message: str = "Internal Server Error", *,
                  retry_after: str | None = None, after: int = 0) -> None:
        """Answer ``count`` message requests with this Twilio error, after ``after`` normal ones."""
        with self._lock:
            self._failures.extend([None] * after)
            self._failures.extend([_Failure(status, code, message, retry_after)] * count)

    def answer_with(self, status: int, code: int, message: str = "erro", *,
                    retry_after: str | None = None) -> None:
        """Answer every message request with this error until :meth:`answer_normally`."""
        with self._lock:
            self._always = _Failure(status, code, message, retry_after)

    def answer_normally(self) -> None:
        """Accept messages again."""
        with self._lock:
            self._always = None
            self._failures.clear()

    def refuse_connections(self) -> None:
        """Stop listening: connections to the port are refused until accept_connections()."""
        self._close()

    def accept_connections(self) -> None:
        """Listen again on the same port."""
        if self._server is None:
            self._listen()
            self._serve()

    def delay(self, seconds: float) -> None:
        """Answer every request ``seconds`` late (0: at once)."""
        with self._lock:
            self._delay = seconds

    def hold(self) -> None:
        """Keep every request waiting, unanswered, until :meth:`release`."""
        with self._lock:
            self._holding = True

    def release(self) -> None:
        """Answer the held requests and stop holding."""
        with self._changed:
            self._holding = False
            self._changed.notify_all()

    def wait_for_held(self, count: int, timeout: float = 20.0) -> bool:
        """Block until ``count`` requests are being held; False after ``timeout``."""
        with self._changed:
            return self._changed.wait_for(lambda: self._held >= count, timeout)

    # -- what was received ----------------------------------------------------

    @property
    def messages(self) -> list[dict[str, str]]:
        """Forms of the messages accepted so far (successful creates only)."""
        with self._lock:
            return [r.form for r in self.requests if r.status == 201]

    def accepted_bodies(self) -> Counter[str]:
        """How many times each body was accepted."""
        return Counter(form.get("Body", "") for form in self.messages)

    def statuses(self) -> Counter[int]:
        """How many requests got each HTTP status."""
        with self._lock:
            return Counter(r.status for r in self.requests)

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

    def _next_failure(self) -> _Failure | None:
        with self._lock:
            if self._failures:
                return self._failures.pop(0)
            return self._always

    def _wait_turn(self) -> None:
        """Apply the configured delay and hold before answering."""
        with self._changed:
            delay = self._delay
            if self._holding:
                self._held += 1
                self._changed.notify_all()
                self._changed.wait_for(lambda: not self._holding)
                self._held -= 1
        if delay:
            time.sleep(delay)

    def _handler_class(self) -> type[BaseHTTPRequestHandler]:
        fake = self

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, format: str, *args: Any) -> None:
                pass  # keep test output clean

            def _send(self, status: int, payload: dict[str, Any],
                      headers: dict[str, str] | None = None) -> None:
                # Answered only after do_POST recorded the request, so a test that sees the
                # client's response also sees the captured request.
                self._answer = (status, payload, headers or {})

            def _write(self, status: int, payload: dict[str, Any],
                       headers: dict[str, str]) -> None:
                body = json.dumps(payload).encode()
                try:
                    self.send_response(status)
                    self.send_header("Content-Type", "application/json; charset=utf-8")
                    self.send_header("Content-Length", str(len(body)))
                    self.send_header("Twilio-Request-Id", "RQ" + uuid.uuid4().hex)
                    for name, value in headers.items():
                        self.send_header(name, value)
                    self.end_headers()
                    self.wfile.write(body)
                except OSError:
                    pass  # the client gave up (timeout) or died: Twilio still took it

            def _error(self, failure: _Failure) -> None:
                headers = {"Retry-After": failure.retry_after} if failure.retry_after else {}
                self._send(failure.status, {
                    "code": failure.code, "message": failure.message, "status": failure.status,
                    "more_info": f"https://www.twilio.com/docs/errors/{failure.code}",
                }, headers)

            def do_POST(self) -> None:
                length = int(self.headers.get("Content-Length", "0"))
                raw = self.rfile.read(length).decode("utf-8")
                form = {k: v[0] for k, v in parse_qs(raw, keep_blank_values=True).items()}
                username = password = None
                auth = self.headers.get("Authorization", "")
                if auth.startswith("Basic "):
                    decoded = base64.b64decode(auth[6:]).decode()
                    username, _, password = decoded.partition(":")
                fake._wait_turn()
                match = _MESSAGES_PATH.match(self.path)
                status = self._handle(match, form, username, password)
                fake._record(CapturedRequest("POST", self.path, dict(self.headers), form,
                                             username, password, status, time.monotonic()))
                self._write(*self._answer)

            def _handle(self, match: re.Match[str] | None, form: dict[str, str],
                        username: str | None, password: str | None) -> int:
                if match is None:
                    self._error(_Failure(404, 20404, "The requested resource was not found"))
                    return 404
                if (username, password) != (fake.account_sid, fake.auth_token) or (
                    match["account"] != fake.account_sid
                ):
                    self._error(_Failure(401, 20003, "Authenticate"))
                    return 401
                failure = fake._next_failure()
                if failure is not None:
                    self._error(failure)
                    return failure.status
                if not form.get("To"):
                    self._error(_Failure(400, 21604, "A 'To' phone number is required."))
                    return 400
                if not form.get("From"):
                    self._error(_Failure(400, 21603, "A 'From' phone number is required."))
                    return 400
                if len(form.get("Body", "")) > MAX_BODY_CHARS:
                    self._error(_Failure(400, 21617, "The concatenated message body exceeds "
                                         "the 1600 character limit."))
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
