"""The request meter counts reads and writes the way Firestore bills them."""

from __future__ import annotations

from collections.abc import Iterator
from types import SimpleNamespace
from typing import Any

from benchmarks.firestore_meter import FirestoreMeter, MeterReading


class FakeApi:
    """Answers like the generated Firestore API, without a server."""

    def __init__(self, found: int) -> None:
        self.found = found
        self.calls: list[str] = []

    def batch_get_documents(self, request: dict[str, Any], **kwargs: Any) -> list[Any]:
        self.calls.append("batch_get_documents")
        return []

    def run_query(self, request: dict[str, Any], **kwargs: Any) -> Iterator[Any]:
        self.calls.append("run_query")
        for index in range(self.found):
            yield SimpleNamespace(document=SimpleNamespace(name=f"doc{index}"))
        yield SimpleNamespace(document=None)  # the final response carries no document

    def commit(self, request: dict[str, Any], **kwargs: Any) -> str:
        self.calls.append("commit")
        return "committed"

    def begin_transaction(self, request: dict[str, Any], **kwargs: Any) -> str:
        return "tx"

    def rollback(self, request: dict[str, Any], **kwargs: Any) -> None:
        return None

    @property
    def transport(self) -> str:
        return "grpc"


def test_lookups_queries_and_commits_are_counted() -> None:
    api = FakeApi(found=3)
    meter = FirestoreMeter(api)
    start = meter.reading()
    meter.begin_transaction(request={})
    meter.batch_get_documents(request={"documents": ["a", "b"]})
    assert len(list(meter.run_query(request={}))) == 4
    assert meter.commit(request={"writes": [1, 2, 3, 4]}) == "committed"
    assert meter.reading() - start == MeterReading(
        reads=5, writes=4, commits=1, transactions=1, rollbacks=0, round_trips=4
    )
    assert api.calls == ["batch_get_documents", "run_query", "commit"]


def test_an_empty_query_still_costs_one_read() -> None:
    meter = FirestoreMeter(FakeApi(found=0))
    list(meter.run_query(request={}))
    assert meter.reading().reads == 1


def test_other_attributes_pass_through() -> None:
    assert FirestoreMeter(FakeApi(found=0)).transport == "grpc"
