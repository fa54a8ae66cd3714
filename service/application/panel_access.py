"""Who may use the panel: the password (kept only as a hash), sessions, and a login throttle.

The password is hashed with scrypt (standard library) as soon as the settings are
read; ``PANEL_PASSWORD_HASH`` takes a hash made by ``python -m service
hash-password`` instead. A session is a random token in the browser's cookie; the
store keeps only its SHA-256, so a copy of the database opens no session. Logging
out deletes it on every replica at once.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import secrets
import threading
import time
from collections import deque
from collections.abc import Callable
from dataclasses import dataclass, replace
from datetime import timedelta

from service.application.ports import PanelSession, PanelSessions
from service.clock import Clock, utcnow

__all__ = ["LoginThrottle", "PanelGate", "PasswordHash", "PasswordHashError", "SessionService"]

# scrypt cost: 2^15 × 8 × 128 bytes = 32 MiB and about 0.1 s per try on these
# machines, so guessing is slow while a login still feels instant.
SCRYPT_N = 2**15
SCRYPT_R = 8
SCRYPT_P = 1
_SCRYPT_MAXMEM = 64 * 1024 * 1024
_SALT_BYTES = 16
_KEY_BYTES = 32
# A session refreshes its "seen" time at most this often, so browsing writes rarely.
TOUCH_EVERY = timedelta(minutes=5)


class PasswordHashError(ValueError):
    """A PANEL_PASSWORD_HASH that is not one of ours; the message says how to make one."""


def _b64(data: bytes) -> str:
    return base64.b64encode(data).decode("ascii")


@dataclass(frozen=True, repr=False)
class PasswordHash:
    """``scrypt$N$r$p$salt$key`` (base64), compared in constant time."""

    n: int
    r: int
    p: int
    salt: bytes
    key: bytes

    @classmethod
    def create(cls, password: str, *, n: int = SCRYPT_N) -> PasswordHash:
        """Hash ``password`` with a new random salt."""
        salt = secrets.token_bytes(_SALT_BYTES)
        key = cls._derive(password, salt, n, SCRYPT_R, SCRYPT_P, _KEY_BYTES)
        return cls(n, SCRYPT_R, SCRYPT_P, salt, key)

    @staticmethod
    def _derive(password: str, salt: bytes, n: int, r: int, p: int, size: int) -> bytes:
        return hashlib.scrypt(password.encode("utf-8"), salt=salt, n=n, r=r, p=p,
                              maxmem=_SCRYPT_MAXMEM, dklen=size)

    @classmethod
    def parse(cls, text: str) -> PasswordHash:
        """Read a hash made by :meth:`encode`."""
        parts = text.strip().split("$")
        try:
            if len(parts) != 6 or parts[0] != "scrypt":
                raise ValueError
            n, r, p = (int(part) for part in parts[1:4])
            salt, key = base64.b64decode(parts[4], validate=True), base64.b64decode(
                parts[5], validate=True)
            weak = n < 2**14 or n & (n - 1) or not 1 <= r <= 32 or not 1 <= p <= 16
            if weak or 129 * n * r > _SCRYPT_MAXMEM or len(key) < 16 or len(salt) < 8:
                raise ValueError
        except ValueError:
            raise PasswordHashError(
                "PANEL_PASSWORD_HASH não é um hash válido; gere um com "
                "`python -m service hash-password` (formato scrypt$N$r$p$sal$chave)"
            ) from None
        return cls(n, r, p, salt, key)

    def encode(self) -> str:
        """The text form, for PANEL_PASSWORD_HASH."""
        return f"scrypt${self.n}${self.r}${self.p}${_b64(self.salt)}${_b64(self.key)}"

    def verify(self, password: str) -> bool:
        """True when ``password`` is the one hashed (constant-time comparison)."""
        derived = self._derive(password, self.salt, self.n, self.r, self.p, len(self.key))
        return hmac.compare_digest(derived, self.key)

    def __repr__(self) -> str:
        return "PasswordHash(scrypt, ***)"


def session_key(token: str) -> str:
    """What the store keeps for a session token: its SHA-256, in hex."""
    return hashlib.sha256(token.encode("utf-8")).hexdigest()


class SessionService:
    """Opens, finds and closes panel sessions (stored on the shared store)."""

    def __init__(self, store: PanelSessions, lifetime: timedelta, clock: Clock = utcnow) -> None:
        self._store = store
        self.lifetime = lifetime
        self._clock = clock

    def open(self) -> tuple[str, PanelSession]:
        """A new session: the cookie's token and the stored session (with its CSRF token)."""
        now = self._clock()
        token = secrets.token_urlsafe(32)
        session = PanelSession(session_key(token), secrets.token_urlsafe(32), now, now,
                               now + self.lifetime)
        self._store.save_panel_session(session)
        return token, session

    def find(self, token: str | None) -> PanelSession | None:
        """The live session of this cookie token, or None (unknown, logged out or expired)."""
        if not token or len(token) > 256:
            return None
        key = session_key(token)
        session = self._store.get_panel_session(key)
        if session is None:
            return None
        now = self._clock()
        if now >= session.expires_at:
            self._store.delete_panel_session(key)
            return None
        if now - session.seen_at >= TOUCH_EVERY:
            session = replace(session, seen_at=now)
            self._store.save_panel_session(session)
        return session

    def close(self, token: str | None) -> None:
        """Log out: the token opens nothing any more, on any replica."""
        if token and len(token) <= 256:
            self._store.delete_panel_session(session_key(token))

    def purge(self) -> int:
        """Delete expired sessions; return how many."""
        return self._store.delete_expired_panel_sessions(self._clock())


class LoginThrottle:
    """Failed logins per client address and in total, over a sliding window, in this process.

    Each replica counts its own; with N replicas an address gets at most N times the
    allowance, still far from what guessing a password needs.
    """

    def __init__(self, per_address: int = 5, in_total: int = 50,
                 window: timedelta = timedelta(minutes=15),
                 monotonic: Callable[[], float] = time.monotonic) -> None:
        self._per_address = per_address
        self._in_total = in_total
        self._window = window.total_seconds()
        self._monotonic = monotonic
        self._lock = threading.Lock()
        self._failures: dict[str, deque[float]] = {}
        self._all: deque[float] = deque()

    def _forget(self, now: float) -> None:
        horizon = now - self._window
        while self._all and self._all[0] <= horizon:
            self._all.popleft()
        for address in list(self._failures):
            times = self._failures[address]
            while times and times[0] <= horizon:
                times.popleft()
            if not times:
                del self._failures[address]

    def retry_after(self, address: str) -> int | None:
        """Seconds until this address may try again, or None when it may try now."""
        with self._lock:
            now = self._monotonic()
            self._forget(now)
            times = self._failures.get(address, deque())
            blocking = [q for q, limit in ((times, self._per_address), (self._all, self._in_total))
                        if len(q) >= limit]
            if not blocking:
                return None
            return max(1, int(max(q[0] for q in blocking) + self._window - now + 0.999))

    def failed(self, address: str) -> None:
        """Count a failed login."""
        with self._lock:
            now = self._monotonic()
            self._failures.setdefault(address, deque()).append(now)
            self._all.append(now)

    def succeeded(self, address: str) -> None:
        """A correct password clears the address's failures."""
        with self._lock:
            self._failures.pop(address, None)


@dataclass
class PanelGate:
    """The panel's door: the password hash (None: the panel is off), sessions, the throttle."""

    password: PasswordHash | None
    sessions: SessionService
    throttle: LoginThrottle

    @property
    def enabled(self) -> bool:
        """False when no password was configured."""
        return self.password is not None
