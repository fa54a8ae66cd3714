"""Every whole-conversation scenario, posted to the webhook as Twilio posts it, goes as it
goes in process: the same replies, the same stored order, nobody asked twice.

The scenarios (``tests/scenarios/*.toml``) normally call the service's use cases
directly; here each message is a signed form posted over HTTP to the app served by
uvicorn, and the replies are read back from the TwiML, so the form decoding, the
signature check, the kitchen's routing and the TwiML encoding are all on the way.
"""

from __future__ import annotations

import xml.etree.ElementTree as ET
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path

import httpx
import pytest

from service.bootstrap import Container
from service.domain.conversation import Inbound
from service.entrypoints.web import create_app
from service.scenarios import load_scenarios, run_scenario
from service.scenarios.runner import Channel
from tests.builders import sign, twilio_form
from tests.live_server import serve

pytestmark = pytest.mark.slow

FILES = sorted((Path(__file__).parent.parent / "scenarios").glob("*.toml"))
TOKEN = "f00dcafe" * 4
PUBLIC = "https://pedidos.exemplo.com.br"
SETTINGS = {"twilio_auth_token": TOKEN, "public_base_url": PUBLIC,
            "outbox_worker": "external"}  # the scenario delivers the outbox itself


class Webhook:
    """Messages posted to a running app, signed for its public URL."""

    def __init__(self, url: str) -> None:
        self.url = url
        self.client = httpx.Client(timeout=30)

    def customer(self, inbound: Inbound) -> Sequence[str]:
        return self._post(inbound)

    def kitchen(self, inbound: Inbound) -> Sequence[str]:
        return self._post(inbound)

    def _post(self, inbound: Inbound) -> list[str]:
        extra: dict[str, str] = {}
        if inbound.location_refused:  # coordinates that cannot be a place, as the script had
            extra = {"Latitude": "999", "Longitude": "999"}
        if inbound.location is not None:
            extra = {"Latitude": str(inbound.location.latitude),
                     "Longitude": str(inbound.location.longitude)}
            if inbound.location.address:
                extra["Address"] = inbound.location.address
            if inbound.location.label:
                extra["Label"] = inbound.location.label
        form = twilio_form(inbound.text, inbound.message_id, phone=inbound.phone,
                           name=inbound.profile_name, **extra)
        response = self.client.post(
            f"{self.url}/webhook", data=form,
            headers={"X-Twilio-Signature": sign(TOKEN, f"{PUBLIC}/webhook", form)})
        assert response.status_code == 200, response.text
        root = ET.fromstring(response.text)
        assert root.tag == "Response"
        return [message.text or "" for message in root.iter("Message")]


@contextmanager
def webhook(container: Container) -> Iterator[Channel]:
    with serve(create_app(container)) as url:
        carrier = Webhook(url)
        try:
            yield carrier
        finally:
            carrier.client.close()


@pytest.mark.parametrize("path", FILES, ids=lambda path: path.stem)
def test_a_scenario_file_over_the_webhook_goes_as_in_process(path: Path) -> None:
    for scenario in load_scenarios([path]):
        in_process = run_scenario(scenario, oracle=False, settings=SETTINGS)
        posted = run_scenario(scenario, oracle=False, channel=webhook, settings=SETTINGS)
        assert posted.problems == in_process.problems, scenario.id
        assert posted.asked_twice == in_process.asked_twice, scenario.id
        assert posted.transcript == in_process.transcript, scenario.id
        assert posted.passed, (scenario.id, posted.problems, posted.asked_twice)
