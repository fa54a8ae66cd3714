"""The production path on loopback: certbot + pebble, the project's nginx, the real app.

One stack per module: pebble (a local ACME CA), nginx from the project's template
with a self-signed placeholder, the app (``python -m service serve``) behind it,
and the project's TLS watcher. The first certificate is then issued by the
project's certbot entry point through nginx's ACME challenge path (pebble really
fetches the challenge), and renewed later while requests keep flowing.
"""

from __future__ import annotations

import os
import secrets
import ssl
import threading
import time
from collections.abc import Iterator
from urllib.parse import urlencode

import httpx
import pytest

from tests.integration.deploy.deploy_env import (
    Stack,
    build_stack,
    handshake,
    missing_tools,
    post_webhook,
    signed,
    webhook_form,
)
from tests.integration.deploy.deploy_stack import (
    CERTBOT_TIMEOUT,
    Nginx,
    Processes,
    certbot_pass,
    free_port,
    served_certificate,
    start_nginx,
    wait_until,
)

pytestmark = [pytest.mark.nginx, pytest.mark.slow]

# Small limits for the dedicated rate-limit instance: 1 request a minute, 2 more at once.
TEST_WEBHOOK_RATE = "1r/m"
TEST_WEBHOOK_BURST = 2


@pytest.fixture(scope="module")
def stack(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Stack]:
    missing = missing_tools()
    if missing:
        if os.environ.get("CI"):
            pytest.fail(f"CI must provide {missing} (scripts/install-system-deps.sh)")
        pytest.skip(f"needs {missing}: run scripts/install-system-deps.sh as root")
    work = tmp_path_factory.mktemp("deploy")
    procs = Processes()
    try:
        yield build_stack(work, procs)
    finally:
        procs.stop_all()


def test_first_certificate_comes_from_the_acme_ca_through_the_challenge_path(stack):
    certificate = served_certificate(stack.https_port)
    access_log = (stack.nginx.prefix / "logs" / "access.log").read_text()

    assert "Pebble" in str(certificate["issuer"])
    assert (stack.work / "tls" / "source").read_text().strip() == "letsencrypt"
    # pebble fetched the token over plain HTTP from nginx, which did not redirect it.
    assert '"GET /.well-known/acme-challenge/' in access_log
    assert [
        line for line in access_log.splitlines() if "acme-challenge" in line and " 200 " in line
    ]


def test_healthz_is_served_over_verified_tls(stack):
    with stack.client() as client:
        answer = client.get("/healthz")

    assert answer.status_code == 200


@pytest.mark.parametrize("text", ["oi, boa noite", "quero 2 feijoadas e uma coca lata", "cardápio"])
def test_signed_webhook_through_nginx_gets_twiml(stack, text):
    form = webhook_form(text)
    with stack.client() as client:
        answer = post_webhook(
            client, form, signed(stack.auth_token, f"{stack.base_url}/webhook", form)
        )

    assert answer.status_code == 200, answer.text
    assert "xml" in answer.headers["content-type"]
    assert "<Response>" in answer.text and "<Message>" in answer.text


@pytest.mark.parametrize(
    "forgery",
    [
        "wrong token",
        "body changed after signing",
        "signed for the internal http URL",
        "signed for another path",
        "no signature",
    ],
)
def test_forged_webhook_through_nginx_is_refused(stack, forgery):
    form = webhook_form("quero uma feijoada")
    url = f"{stack.base_url}/webhook"
    if forgery == "wrong token":
        headers = signed(secrets.token_hex(16), url, form)
    elif forgery == "body changed after signing":
        headers = signed(stack.auth_token, url, form)
        form = {**form, "Body": "quero dez feijoadas"}
    elif forgery == "signed for the internal http URL":
        headers = signed(stack.auth_token, f"http://127.0.0.1:{stack.app_port}/webhook", form)
    elif forgery == "signed for another path":
        headers = signed(stack.auth_token, f"{stack.base_url}/outro", form)
    else:
        headers = {"Content-Type": "application/x-www-form-urlencoded"}
    with stack.client() as client:
        answer = post_webhook(client, form, headers)

    assert answer.status_code == 403


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


def test_production_rate_limit_lets_a_busy_evening_through(stack):
    # 40 messages at once from one address: more than Twilio sends a kitchen.
    forms = [webhook_form(f"quero {n} coxinhas") for n in range(1, 41)]
    url = f"{stack.base_url}/webhook"
    with stack.client() as client:
        statuses = [
            post_webhook(client, form, signed(stack.auth_token, url, form)).status_code
            for form in forms
        ]

    assert statuses == [200] * len(forms)


@pytest.fixture(scope="module")
def strict_nginx(stack: Stack) -> Nginx:
    """A second nginx on the same certificate and app, with a tiny webhook rate limit."""
    http_port, https_port = free_port(), free_port()
    return start_nginx(
        stack.procs,
        stack.work / "nginx-strict",
        {
            "DOMAIN": "localhost",
            "REDIRECT_HOST": f"localhost:{https_port}",
            "HTTP_PORT": f"127.0.0.1:{http_port}",
            "HTTPS_PORT": f"127.0.0.1:{https_port}",
            "APP_UPSTREAM": f"127.0.0.1:{stack.app_port}",
            "TLS_CERT_DIR": str(stack.work / "tls"),
            "ACME_WEBROOT": str(stack.work / "webroot"),
            "ACCESS_LOG": str(stack.work / "nginx-strict" / "logs" / "access.log"),
            "WEBHOOK_RATE": TEST_WEBHOOK_RATE,
            "WEBHOOK_BURST": str(TEST_WEBHOOK_BURST),
        },
        http_port,
        https_port,
    )


def test_rate_limit_answers_429_past_the_threshold(stack, strict_nginx):
    forms = [webhook_form("oi") for _ in range(TEST_WEBHOOK_BURST + 4)]
    strict_url = f"https://localhost:{strict_nginx.https_port}"
    with httpx.Client(base_url=strict_url, verify=stack.tls, timeout=10) as client:
        # Signed for the public URL the app is configured with, as Twilio would.
        answers = [
            post_webhook(client, form, signed(stack.auth_token, f"{stack.base_url}/webhook", form))
            for form in forms
        ]
        health = client.get("/healthz")

    statuses = [answer.status_code for answer in answers]
    allowed = TEST_WEBHOOK_BURST + 1
    assert statuses == [200] * allowed + [429] * (len(forms) - allowed)
    assert answers[-1].headers["strict-transport-security"]
    assert health.status_code == 200  # only /webhook is limited


def test_renewal_reloads_nginx_without_dropping_requests(stack):
    before = served_certificate(stack.https_port)
    master_pid = stack.nginx.proc.pid
    fresh_outcomes: list[str] = []
    kept_outcomes: list[str] = []
    stop = threading.Event()

    def ask(client: httpx.Client) -> str:
        try:
            return str(client.get("/healthz").status_code)
        except httpx.HTTPError as error:
            return f"{type(error).__name__}: {error}"

    def keep_asking() -> None:
        # A new connection (a fresh handshake) each time, and one kept-alive connection.
        with stack.client() as kept:
            while not stop.is_set():
                with stack.client() as fresh:
                    fresh_outcomes.append(ask(fresh))
                outcome = ask(kept)
                if outcome.startswith("RemoteProtocolError"):
                    # The reload closes idle kept-alive connections; a request racing
                    # that close never reached nginx, and HTTP clients resend it on a
                    # new connection. Count it, then do what they do.
                    kept_outcomes.append("idle connection closed")
                    outcome = ask(kept)
                kept_outcomes.append(outcome)

    asker = threading.Thread(target=keep_asking, daemon=True)
    asker.start()
    try:
        # Without a terminal `certbot renew` first sleeps up to 8 minutes (kind to
        # Let's Encrypt in production, pointless against a local CA).
        extra = " --force-renewal --no-random-sleep-on-renew"
        env = {**stack.certbot_env, "CERTBOT_ARGS": stack.certbot_env["CERTBOT_ARGS"] + extra}
        certbot_pass(env, stack.work / "certbot.log")
        wait_until(
            lambda: served_certificate(stack.https_port)["serial"] != before["serial"],
            "nginx to serve the renewed certificate",
            timeout=CERTBOT_TIMEOUT,
        )
        time.sleep(0.5)  # keep asking a little after the reload, too
    finally:
        stop.set()
        asker.join(timeout=30)

    assert "Pebble" in str(served_certificate(stack.https_port)["issuer"])
    # Reloaded, not restarted: the same master process still runs.
    assert stack.nginx.proc.poll() is None and stack.nginx.proc.pid == master_pid
    assert len(fresh_outcomes) >= 10, "too few requests during the renewal to say anything"
    assert [outcome for outcome in fresh_outcomes if outcome != "200"] == []
    closed = kept_outcomes.count("idle connection closed")
    assert closed <= 1, "one reload closes the kept-alive connection at most once"
    assert [o for o in kept_outcomes if o not in {"200", "idle connection closed"}] == []
