"""The proxy itself: HTTPS redirect, ACME path, security headers, TLS versions, size limits."""

from __future__ import annotations

import secrets
import ssl
from urllib.parse import urlencode

import httpx
import pytest

from tests.integration.deploy.deploy_env import (
    handshake,
    webhook_form,
)

pytestmark = [pytest.mark.nginx, pytest.mark.slow]


@pytest.mark.parametrize("path", ["/webhook", "/healthz?verbose=1", "/", "/painel/pedidos"])
def test_plain_http_redirects_to_https(stack, path):
    answer = httpx.get(f"http://127.0.0.1:{stack.http_port}{path}", headers={"Host": "localhost"})

    assert answer.status_code == 301
    assert answer.headers["location"] == f"{stack.base_url}{path}"


def test_acme_challenge_path_is_served_over_plain_http(stack):
    token = secrets.token_urlsafe(16)
    challenge_dir = stack.work / "webroot" / ".well-known" / "acme-challenge"
    challenge_dir.mkdir(parents=True, exist_ok=True)
    (challenge_dir / token).write_text(f"{token}.chave")
    base = f"http://127.0.0.1:{stack.http_port}/.well-known/acme-challenge"

    found = httpx.get(f"{base}/{token}", headers={"Host": "localhost"})
    missing = httpx.get(f"{base}/nao-existe", headers={"Host": "localhost"})

    assert (found.status_code, found.text) == (200, f"{token}.chave")
    assert missing.status_code == 404


SECURITY_HEADERS = {
    "strict-transport-security": "max-age=63072000; includeSubDomains",
    "x-content-type-options": "nosniff",
    "x-frame-options": "DENY",
    "referrer-policy": "no-referrer",
}


@pytest.mark.parametrize(
    ("method", "path"), [("GET", "/healthz"), ("GET", "/nao-existe"), ("POST", "/webhook")]
)
def test_security_headers_on_every_answer(stack, method, path):
    with stack.client() as client:
        answer = client.request(method, path)

    for name, value in SECURITY_HEADERS.items():
        assert answer.headers.get(name) == value, name
    assert "frame-ancestors 'none'" in answer.headers["content-security-policy"]
    assert "nginx/" not in answer.headers.get("server", "")


@pytest.mark.filterwarnings("ignore:ssl.TLSVersion.TLSv1:DeprecationWarning")
@pytest.mark.parametrize(
    "version", [ssl.TLSVersion.TLSv1, ssl.TLSVersion.TLSv1_1], ids=["1.0", "1.1"]
)
def test_old_tls_versions_are_refused_by_the_server(stack, version):
    ctx = ssl.SSLContext(ssl.PROTOCOL_TLS_CLIENT)
    ctx.check_hostname = False
    ctx.verify_mode = ssl.CERT_NONE
    # Let the client offer the old version, so only the server can refuse it.
    ctx.set_ciphers("DEFAULT:@SECLEVEL=0")
    ctx.minimum_version = version
    ctx.maximum_version = version

    with pytest.raises(ssl.SSLError) as refused:
        handshake(stack.https_port, ctx)

    # "protocol version" comes from nginx's ssl_protocols; were the old versions enabled
    # there, Debian's OpenSSL would still fail the handshake, but with "internal error".
    assert refused.value.reason == "TLSV1_ALERT_PROTOCOL_VERSION"


@pytest.mark.parametrize(
    "version", [ssl.TLSVersion.TLSv1_2, ssl.TLSVersion.TLSv1_3], ids=["1.2", "1.3"]
)
def test_current_tls_versions_are_accepted(stack, version):
    ctx = ssl.create_default_context(cafile=str(stack.work / "pebble-root.pem"))
    ctx.minimum_version = version
    ctx.maximum_version = version

    assert (
        handshake(stack.https_port, ctx)
        == {ssl.TLSVersion.TLSv1_2: "TLSv1.2", ssl.TLSVersion.TLSv1_3: "TLSv1.3"}[version]
    )
    assert httpx.get(f"{stack.base_url}/healthz", verify=ctx).status_code == 200


@pytest.mark.parametrize(
    ("path", "size", "expected"),
    [
        ("/webhook", 100 * 1024, 413),
        ("/webhook", 32 * 1024, 403),  # under the limit: reaches the app, unsigned
        ("/painel", 2 * 1024 * 1024, 413),
    ],
)
def test_request_size_limit(stack, path, size, expected):
    form = webhook_form("x" * size)
    with stack.client() as client:
        answer = post_webhook_to(client, path, form)

    assert answer.status_code == expected


def post_webhook_to(client: httpx.Client, path: str, form: dict[str, str]) -> httpx.Response:
    return client.post(
        path, content=urlencode(form), headers={"Content-Type": "application/x-www-form-urlencoded"}
    )


@pytest.mark.parametrize("path", ["/openapi.json", "/docs", "/docs/oauth2-redirect", "/redoc"])
def test_the_api_schema_is_not_public_through_the_proxy(stack, path):
    with stack.client() as client:
        answer = client.get(path)

    assert answer.status_code == 404
    assert answer.headers["content-type"].startswith("text/html")  # nginx's, not the app's
