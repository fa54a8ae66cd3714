"""The panel behind the project's nginx: login over TLS, and the live stream passed unbuffered."""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest

from service.adapters.sqlite.store import SqliteStore
from service.entrypoints.web import create_app
from service.settings import Settings
from tests.api.panel_support import PASSWORD
from tests.builders import seed_menu
from tests.integration.deploy.deploy_env import TEST_WEBHOOK_BURST, TEST_WEBHOOK_RATE, Stack
from tests.integration.deploy.deploy_stack import free_port, start_nginx
from tests.live_server import serve

pytestmark = [pytest.mark.nginx, pytest.mark.slow]

# Without buffering the first event crosses nginx in milliseconds; buffered, it would
# wait for kilobytes that never come. The bound only tells the two apart.
FIRST_EVENT_SECONDS = 10.0


@pytest.fixture(scope="module")
def panel_url(stack: Stack, tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """An app with the panel on, behind another nginx from the same template and certificate."""
    work = tmp_path_factory.mktemp("panel-proxy")
    http_port, https_port = free_port(), free_port()
    public = f"https://localhost:{https_port}"
    db = work / "app.sqlite3"
    seeded = SqliteStore(db)
    seeded.save_menu(seed_menu())
    seeded.close()
    values: dict[str, Any] = {"environment": "development", "sqlite_path": db,
                              "panel_password": PASSWORD, "public_base_url": public,
                              "menu_cache_seconds": 0}
    settings = Settings(_env_file=None, **values)  # type: ignore[call-arg]
    with serve(create_app(settings=settings)) as app_url:
        start_nginx(stack.procs, work / "nginx", {
            "DOMAIN": "localhost",
            "REDIRECT_HOST": f"localhost:{https_port}",
            "HTTP_PORT": f"127.0.0.1:{http_port}",
            "HTTPS_PORT": f"127.0.0.1:{https_port}",
            "APP_UPSTREAM": app_url.removeprefix("http://"),
            "TLS_CERT_DIR": str(stack.work / "tls"),
            "ACME_WEBROOT": str(stack.work / "webroot"),
            "ACCESS_LOG": str(work / "nginx" / "logs" / "access.log"),
            "WEBHOOK_RATE": TEST_WEBHOOK_RATE,
            "WEBHOOK_BURST": str(TEST_WEBHOOK_BURST),
        }, http_port, https_port)
        yield public


def logged_in(stack: Stack, url: str) -> tuple[httpx.Client, str]:
    client = httpx.Client(base_url=url, verify=stack.tls, timeout=10)
    page = client.get("/painel/entrar")
    token = re.search(r'name="login_token" value="([^"]+)"', page.text)
    assert token is not None
    answer = client.post("/painel/entrar", data={"login_token": token[1], "senha": PASSWORD})
    assert answer.status_code == 303
    assert "Secure" in answer.headers["set-cookie"]  # the app knows it is behind TLS
    csrf = re.search(r'data-csrf="([^"]+)"', client.get("/painel/pedidos").text)
    assert csrf is not None
    return client, csrf[1]


def test_the_live_stream_crosses_nginx_event_by_event(stack: Stack, panel_url: str):
    client, csrf = logged_in(stack, panel_url)
    timeout = httpx.Timeout(10, read=FIRST_EVENT_SECONDS)
    with client.stream("GET", "/painel/eventos", timeout=timeout,
                       headers={"Accept": "text/event-stream"}) as stream:
        assert stream.status_code == 200
        assert stream.headers["content-type"].startswith("text/event-stream")
        assert stream.headers["strict-transport-security"].startswith("max-age=")
        lines = stream.iter_lines()
        first = [next(lines) for _ in range(6)]
        assert first[0] == "retry: 2000" and first[3] == "event: change"
        paused = client.post("/painel/loja/pausar", data={"csrf": csrf, "minutos": "30"},
                             headers={"Accept": "application/json", "Origin": panel_url})
        assert paused.status_code == 200, paused.text
        rest = []
        for line in lines:  # the change the pause made, pushed at once
            rest.append(line)
            if line.startswith("data:"):
                break
        assert "event: change" in rest


def test_the_panel_needs_a_session_through_nginx_too(stack: Stack, panel_url: str):
    with httpx.Client(base_url=panel_url, verify=stack.tls, timeout=10) as client:
        assert client.get("/painel/eventos",
                          headers={"Accept": "text/event-stream"}).status_code == 401
        assert client.get("/painel/pedidos").status_code == 303


def test_the_template_streams_only_the_panels_events_unbuffered():
    template = (Path(__file__).resolve().parents[3] / "nginx" / "templates" /
                "default.conf.template").read_text()
    block = template.split("location = /painel/eventos {", 1)[1].split("}", 1)[0]
    assert "proxy_buffering off;" in block and "proxy_cache off;" in block
    assert template.count("proxy_buffering off;") == 1  # the webhook and pages keep buffering
