"""Every store: inside one unit of work, a read after a write gives what was written.

A store may read ahead what handling a message reads next (SQLite reads the
conversation, the handoff, the availability and the transcript with the message's
id, in one statement); a read after the unit of work wrote one of them must still
give the new value, as a store reading each row when asked does.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import timedelta

import pytest

from service.application.ports import RestaurantStore, RestaurantUnitOfWork
from service.clock import utcnow
from service.domain.availability import Availability
from service.domain.conversation import Conversation
from service.domain.handoff import Handoff
from service.domain.transcript import Line, Speaker, TranscriptAddition
from tests.builders import PHONE

OTHER = "whatsapp:+5511955554444"


def _addition(text: str) -> TranscriptAddition:
    now = utcnow()
    return TranscriptAddition(PHONE, "Ana", (Line(now, Speaker.CUSTOMER, text),), now, 100,
                              timedelta(days=30), key=f"key-{text}")


@pytest.mark.parametrize("changes", [("apagar", "depois"), ("depois", "apagar")])
def test_a_conversation_deleted_or_written_is_read_back_so(store: RestaurantStore, changes):
    store.run(lambda uow: uow.save_conversation(Conversation(PHONE, customer_name="antes")))

    def work(uow: RestaurantUnitOfWork) -> list[str | None]:
        assert uow.seen_replies(PHONE, "SM1") is None
        seen = []
        for change in (None, *changes):
            if change == "apagar":
                uow.delete_conversation(PHONE)
            elif change:
                uow.save_conversation(Conversation(PHONE, customer_name=change))
            conv = uow.get_conversation(PHONE)
            seen.append(conv.customer_name if conv else None)
        seen.append("nenhuma" if uow.get_conversation(OTHER) is None else "outra")
        return seen

    read = {"apagar": None, "depois": "depois"}
    assert store.run(work) == ["antes", *(read[change] for change in changes), "nenhuma"]


@pytest.mark.parametrize("changes", [("apagar", 8), (8, "apagar")])
def test_a_handoff_deleted_or_written_is_read_back_so(store: RestaurantStore, changes):
    now = utcnow()
    store.run(lambda uow: uow.save_handoff(Handoff.open(PHONE, 7, "asked", "Ana", now)))

    def work(uow: RestaurantUnitOfWork) -> list[int | None]:
        uow.seen_replies(PHONE, "SM1")
        seen = []
        for change in (None, *changes):
            if change == "apagar":
                uow.delete_handoff(PHONE)
            elif isinstance(change, int):
                uow.save_handoff(Handoff.open(PHONE, change, "asked", "Ana", now))
            handoff = uow.get_handoff(PHONE)
            seen.append(handoff.number if handoff else None)
        return seen

    assert store.run(work) == [7, *(None if change == "apagar" else 8 for change in changes)]


def test_the_availability_written_is_read_back(store: RestaurantStore):
    def work(uow: RestaurantUnitOfWork) -> list[frozenset[str] | None]:
        uow.seen_replies(PHONE, "SM1")
        before = uow.get_availability()
        uow.save_availability(Availability(sold_out=frozenset({"pudim"}), updated_at=utcnow()))
        after = uow.get_availability()
        return [before.sold_out if before else None, after.sold_out if after else None]

    assert store.run(work) == [None, frozenset({"pudim"})]


def test_two_additions_to_a_transcript_in_one_unit_of_work_keep_both(store: RestaurantStore):
    store.run(lambda uow: uow.add_to_transcript(_addition("primeira")))

    def work(uow: RestaurantUnitOfWork) -> None:
        uow.seen_replies(PHONE, "SM1")
        uow.add_to_transcript(_addition("segunda"))
        uow.add_to_transcript(_addition("terceira"))

    store.run(work)
    transcript = store.run(lambda uow: uow.get_transcript(PHONE))
    assert transcript is not None
    assert [line.text for line in transcript.lines] == ["primeira", "segunda", "terceira"]
    assert transcript.key == "key-primeira"  # the first addition's key stays


def test_a_transcript_deleted_then_added_to_starts_again(store: RestaurantStore):
    store.run(lambda uow: uow.add_to_transcript(_addition("antiga")))

    def work(uow: RestaurantUnitOfWork) -> None:
        uow.seen_replies(PHONE, "SM1")
        uow.delete_transcript(PHONE)
        uow.add_to_transcript(_addition("nova"))

    store.run(work)
    transcript = store.run(lambda uow: uow.get_transcript(PHONE))
    assert transcript is not None
    assert [line.text for line in transcript.lines] == ["nova"]
    assert replace(transcript, lines=()).key == "key-nova"
