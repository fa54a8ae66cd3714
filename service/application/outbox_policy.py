"""When the outbox tries a failed message again, and how a long body is cut for WhatsApp.

Retries are bounded by the message's age, not by a count: a Twilio incident or a
token rotation of any length within the bound loses nothing.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from service.application.ports import MessengerError
from service.domain.messages import MAX_MESSAGE_CHARS, split_message
from service.domain.notice_texts import PART_LABEL_CHARS, part_label

__all__ = ["GIVE_UP_AFTER", "MAX_RETRY", "RetryPolicy", "message_parts", "retry_delay"]

# First retry after 5 s, doubling up to one a minute: once Twilio is back, every
# waiting notice leaves within a minute.
FIRST_RETRY = timedelta(seconds=5)
MAX_RETRY = timedelta(minutes=1)
# Retries stop when a notice is this old: long enough to outlast a Twilio incident
# or a token rotation, not so long that a stale notice reaches anyone the next day.
GIVE_UP_AFTER = timedelta(hours=6)


def retry_delay(attempts: int) -> timedelta:
    """Backoff after ``attempts`` failed tries: 5 s, 10 s, 20 s, ... capped at MAX_RETRY."""
    delay: timedelta = FIRST_RETRY * (2 ** min(max(attempts - 1, 0), 20))
    return min(delay, MAX_RETRY)


@dataclass(frozen=True)
class RetryPolicy:
    """When a failed message is tried again, and when trying stops: by its age."""

    give_up_after: timedelta = GIVE_UP_AFTER

    def retry_at(self, failure: MessengerError, attempts: int, queued_at: datetime | None,
                 now: datetime) -> datetime | None:
        """The next attempt, or None to give up (a permanent error, or too old to matter)."""
        if not failure.retryable:
            return None
        if queued_at is not None and now - queued_at >= self.give_up_after:
            return None
        wait = retry_delay(attempts)
        if failure.retry_after is not None:
            wait = max(wait, failure.retry_after)
        return now + wait


def message_parts(body: str) -> list[str]:
    """The pieces a body is sent in: itself when it fits, else labelled pieces, in order."""
    if len(body) <= MAX_MESSAGE_CHARS:
        return [body]
    pieces = split_message(body, MAX_MESSAGE_CHARS - PART_LABEL_CHARS)
    return [f"{part_label(n, len(pieces))}\n{piece}" for n, piece in enumerate(pieces, 1)]
