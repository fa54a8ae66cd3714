"""Order numbers in Firestore: taken one by one with ``create()``, outside any transaction.

A counter document read and written by every confirmation makes all confirmations
contend for it (Firestore sustains about one write a second on one document, and
a transaction holding it makes the others wait). Instead a number is taken by
creating ``order_numbers/{n}`` for the next free ``n``: the create succeeds for
exactly one caller, and a caller that loses simply tries ``n + 1``. No transaction
holds anything, so confirmations at the same moment only cost each other a failed
create or two, and numbers stay short and in order of confirmation.

A number taken for a transaction that then did not place its order is given back
(its document deleted): the next confirmation takes it, unless a later number was
taken meanwhile, and then the kitchen sees a gap, never two orders under one number.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable
from datetime import datetime, timedelta

from google.api_core import exceptions
from google.cloud import firestore

from service.adapters.firestore.layout import Layout

__all__ = ["NumberReservations", "OrderNumberError", "OrderNumbers"]

logger = logging.getLogger(__name__)

# Taken numbers are kept this long (a TTL policy on expire_at deletes them); the
# orders themselves always tell the highest number given, so nothing repeats.
NUMBER_RETENTION = timedelta(days=3)
# After this many lost creates in a row, look again for the highest number taken.
REQUERY_EVERY = 4
# A bound for a broken emulator or service, far above any real burst of confirmations.
MAX_TRIES = 200


class OrderNumberError(RuntimeError):
    """No order number could be taken."""


def _highest(collection: firestore.CollectionReference) -> int:
    query = collection.order_by("number", direction=firestore.Query.DESCENDING).limit(1)
    for snapshot in list(query.stream()):  # read to the end: the stream closes now
        number = (snapshot.to_dict() or {}).get("number")
        if isinstance(number, int):
            return number
    return 0


class OrderNumbers:
    """Takes order numbers for one process, remembering the last one it saw taken."""

    def __init__(self, layout: Layout) -> None:
        self._layout = layout
        self._last: int | None = None  # the highest number this process knows is taken
        self._lock = threading.Lock()

    def _highest(self) -> int:
        layout = self._layout
        return max(_highest(layout.order_numbers), _highest(layout.orders))

    def take(self, now: datetime) -> int:
        """The next free number, taken for good: one create, plus one per lost race.

        The first call of a process also looks up the highest number taken (two small
        queries); later ones start from the last number seen.
        """
        with self._lock:
            known = self._last
        candidate = (known if known is not None else self._highest()) + 1
        for tries in range(1, MAX_TRIES + 1):
            try:
                self._layout.order_number(candidate).create(
                    {"number": candidate, "taken_at": now, "expire_at": now + NUMBER_RETENTION}
                )
            except exceptions.AlreadyExists:
                candidate += 1
                if tries % REQUERY_EVERY == 0:
                    candidate = max(candidate, _highest(self._layout.order_numbers) + 1)
                continue
            with self._lock:
                self._last = max(self._last or 0, candidate)
            return candidate
        raise OrderNumberError(f"no order number taken after {MAX_TRIES} tries")

    def give_back(self, numbers: list[int]) -> None:
        """Numbers taken but not used: free them for the next confirmation.

        Safe even if an order did get one of them (a commit whose answer was lost):
        the first number a process takes is above the highest order too, and a later
        one can only collide with a number document, which is not deleted then.
        """
        for number in sorted(numbers, reverse=True):
            try:
                self._layout.order_number(number).delete()
            except exceptions.GoogleAPICallError as exc:
                logger.warning("order number %d not given back (a gap remains): %s", number, exc)
                return
            with self._lock:
                if self._last == number:
                    self._last = number - 1


class NumberReservations:
    """The numbers one piece of work took, kept across the attempts of its transaction.

    A transaction may run again; the order it adds keeps the number the first
    attempt took instead of taking another.
    """

    def __init__(self, take: Callable[[], int]) -> None:
        self._take = take
        self._numbers: list[int] = []
        self._used = 0

    def new_attempt(self) -> None:
        """A new attempt starts: its first order gets the first number again."""
        self._used = 0

    def next(self) -> int:
        """The number of the next order added in this attempt."""
        if self._used == len(self._numbers):
            self._numbers.append(self._take())
        number = self._numbers[self._used]
        self._used += 1
        return number

    def burn(self) -> None:
        """An order under one of these numbers already exists (a commit whose answer was
        lost, then given back): take new ones on the next attempt."""
        self._numbers = []
        self._used = 0

    def unused(self, *, committed: bool) -> list[int]:
        """Numbers taken but not used by the committed attempt (all of them, if none was)."""
        return self._numbers[self._used:] if committed else list(self._numbers)
