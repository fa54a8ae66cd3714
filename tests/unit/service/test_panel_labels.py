"""Every value the panel shows by name has a Portuguese label: none appears as a raw code."""

from __future__ import annotations

from service.domain.handoff import HandoffReason, HandoffStatus
from service.domain.transcript import Speaker
from service.entrypoints.panel import texts


def test_every_handoff_reason_status_and_speaker_has_a_label() -> None:
    assert set(texts.REASON_LABELS) == {reason.value for reason in HandoffReason}
    assert set(texts.HANDOFF_LABELS) == {status.value for status in HandoffStatus}
    assert set(texts.SPEAKER_LABELS) == {speaker.value for speaker in Speaker}
