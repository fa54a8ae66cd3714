"""Counting what a Firestore client asks of the server: document reads, writes, commits.

:func:`install_meter` wraps the client's RPC layer, so the figures are the
requests that really leave the process (retried attempts included), counted
the way Firestore bills them: one read per document fetched or looked up
(a query that returns nothing still costs one), one write per document written.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass, fields
from typing import Any

from google.cloud import firestore

__all__ = ["FirestoreMeter", "MeterReading", "install_meter"]


@dataclass(frozen=True)
class MeterReading:
    """Totals at one moment; subtract two readings to get the cost of what happened between."""

    reads: int = 0
    writes: int = 0
    commits: int = 0
    transactions: int = 0
    rollbacks: int = 0
    round_trips: int = 0

    def __sub__(self, other: MeterReading) -> MeterReading:
        return MeterReading(
            **{f.name: getattr(self, f.name) - getattr(other, f.name) for f in fields(self)}
        )


class FirestoreMeter:
    """Wraps the client's generated API object and counts its calls."""

    def __init__(self, api: Any) -> None:
        self._api = api
        self._counts = {f.name: 0 for f in fields(MeterReading)}

    def reading(self) -> MeterReading:
        """The totals so far."""
        return MeterReading(**self._counts)

    def _count(self, **amounts: int) -> None:
        self._counts["round_trips"] += 1
        for name, amount in amounts.items():
            self._counts[name] += amount

    def batch_get_documents(self, request: dict[str, Any], **kwargs: Any) -> Any:
        """Look up documents by name: one read each, found or missing."""
        self._count(reads=len(request.get("documents") or ()))
        return self._api.batch_get_documents(request=request, **kwargs)

    def run_query(self, request: dict[str, Any], **kwargs: Any) -> Iterator[Any]:
        """Run a query: one read per document returned, at least one."""
        self._count()
        responses = self._api.run_query(request=request, **kwargs)
        return self._count_query_results(responses)

    def _count_query_results(self, responses: Iterable[Any]) -> Iterator[Any]:
        found = 0
        try:
            for response in responses:
                if getattr(response, "document", None) and response.document.name:
                    found += 1
                yield response
        finally:
            self._counts["reads"] += max(found, 1)

    def commit(self, request: dict[str, Any], **kwargs: Any) -> Any:
        """Commit writes: one per document written."""
        self._count(writes=len(request.get("writes") or ()), commits=1)
        return self._api.commit(request=request, **kwargs)

    def begin_transaction(self, request: dict[str, Any], **kwargs: Any) -> Any:
        """Start a transaction (free, but a round trip)."""
        self._count(transactions=1)
        return self._api.begin_transaction(request=request, **kwargs)

    def rollback(self, request: dict[str, Any], **kwargs: Any) -> Any:
        """Abandon a transaction."""
        self._count(rollbacks=1)
        return self._api.rollback(request=request, **kwargs)

    def __getattr__(self, name: str) -> Any:
        return getattr(self._api, name)


def install_meter(client: firestore.Client) -> FirestoreMeter:
    """Start counting the requests ``client`` makes from now on."""
    existing = client._firestore_api
    if isinstance(existing, FirestoreMeter):
        return existing
    meter = FirestoreMeter(existing)
    client._firestore_api_internal = meter
    return meter
