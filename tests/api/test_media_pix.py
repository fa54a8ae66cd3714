"""The Pix QR image over real HTTP: served for a signed, fresh link; 404 for anything else."""

from __future__ import annotations

import shutil
import subprocess
from datetime import UTC, datetime, timedelta
from pathlib import Path

import httpx
import png
import pytest
from pydantic import ValidationError

from service.application.media_links import MediaLinks
from service.bootstrap import build_media_links
from service.domain.pix import br_code
from service.settings import Settings
from tests.api.conftest import StartApp

PAYLOAD = br_code("cris@example.com.br", 7480, "Cozinha da Cris", "Sao Paulo", txid="PEDIDO12",
                  description="Pedido 12")


def get(url: str) -> httpx.Response:
    return httpx.get(url, timeout=30)


def test_a_signed_link_serves_the_qr_image(start_app: StartApp, tmp_path: Path) -> None:
    app = start_app()
    links = build_media_links(app.settings)
    path = links.pix_path(PAYLOAD)
    assert path.startswith("/media/pix/") and path.endswith(".png")
    assert "cris" not in path.lower()  # the payload is compressed, not spelt out
    response = get(app.url + path)
    assert response.status_code == 200
    assert response.headers["content-type"] == "image/png"
    assert response.headers["cache-control"] == "private, max-age=86400"
    width, height, _, _ = png.Reader(bytes=response.content).read()
    assert width == height and width > 200
    assert httpx.head(app.url + path, timeout=30).status_code == 200
    if shutil.which("zbarimg"):
        image = tmp_path / "qr.png"
        image.write_bytes(response.content)
        read = subprocess.run(["zbarimg", "--raw", "-q", str(image)], capture_output=True,
                              text=True, timeout=30)
        assert read.stdout.strip() == PAYLOAD
    absolute = links.pix_url("https://pedidos.cozinhadacris.com.br/", PAYLOAD)
    assert absolute.startswith("https://pedidos.cozinhadacris.com.br/media/pix/")


def test_forged_altered_and_expired_links_are_404(start_app: StartApp) -> None:
    app = start_app()
    links = build_media_links(app.settings)
    token = links.pix_token(PAYLOAD)
    forged = MediaLinks(b"another secret, 32 bytes long!!!", timedelta(hours=24))
    altered = token[:-3] + ("AAA" if not token.endswith("AAA") else "BBB")
    yesterday = MediaLinks(app.settings.media_key or b"", timedelta(hours=24),
                           clock=lambda: datetime.now(UTC) - timedelta(hours=25))
    tomorrow = MediaLinks(app.settings.media_key or b"", timedelta(hours=24),
                          clock=lambda: datetime.now(UTC) + timedelta(hours=2))
    for bad in (forged.pix_token(PAYLOAD), altered, yesterday.pix_token(PAYLOAD),
                tomorrow.pix_token(PAYLOAD), "nada", "a.b.c"):
        response = get(f"{app.url}/media/pix/{bad}.png")
        assert response.status_code == 404, bad
        assert response.headers["content-type"].startswith("text/plain")
    assert get(f"{app.url}/media/pix/{token}.png").status_code == 200
    assert get(f"{app.url}/media/pix/{token}.jpg").status_code == 404


def test_media_secret_is_the_key_when_set(start_app: StartApp) -> None:
    app = start_app(media_secret="um-segredo-bem-longo-para-os-links", media_link_hours=1)
    assert app.settings.media_key == b"um-segredo-bem-longo-para-os-links"
    links = build_media_links(app.settings)
    assert links.max_age == timedelta(hours=1)
    response = get(app.url + links.pix_path(PAYLOAD))
    assert response.status_code == 200
    assert response.headers["cache-control"] == "private, max-age=3600"
    # A link signed with the key derived from the auth token no longer works.
    derived_key = app.settings.model_copy(update={"media_secret": None}).media_key
    assert derived_key is not None and derived_key != app.settings.media_key
    derived = MediaLinks(derived_key, timedelta(hours=1))
    assert get(app.url + derived.pix_path(PAYLOAD)).status_code == 404


@pytest.mark.parametrize("hours", [0, -1, 10_000])
def test_an_absurd_link_lifetime_is_refused(hours: float) -> None:
    with pytest.raises(ValidationError, match="MEDIA_LINK_HOURS"):
        Settings(_env_file=None, media_link_hours=hours)  # type: ignore[call-arg]
