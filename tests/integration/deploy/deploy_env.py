"""The running stack of the deployment tests and the Twilio requests sent to it.

``build_stack`` starts pebble, nginx (with a self-signed placeholder), the app and
the TLS watcher, then obtains the first certificate with the project's certbot
entry point; the helpers below sign and send webhooks the way Twilio does.
"""

from __future__ import annotations

import os
import secrets
import shutil
import socket
import ssl
import uuid
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlencode

import httpx
from twilio.request_validator import RequestValidator

from tests.integration.deploy.deploy_stack import (
    CERTBOT_TIMEOUT,
    REPO,
    TLS_SCRIPT,
    Nginx,
    Processes,
    certbot_pass,
    free_port,
    served_certificate,
    start_app,
    start_nginx,
    start_pebble,
    wait_until,
)

TOOLS = ("nginx", "certbot", "pebble", "envsubst", "openssl")
CUSTOMER = "whatsapp:+5511987654321"
TWILIO_NUMBER = "whatsapp:+14155238886"
# Small limits for the dedicated rate-limit instance: 1 request a minute, 2 more at once.
TEST_WEBHOOK_RATE = "1r/m"
TEST_WEBHOOK_BURST = 2


def missing_tools() -> list[str]:
    """System tools this module drives that are not installed."""
    found = {
        tool: shutil.which(tool) or shutil.which(tool, path="/usr/sbin:/sbin") for tool in TOOLS
    }
    return [tool for tool, path in found.items() if path is None]


@dataclass
class Stack:
    """Addresses and secrets of the running stack."""

    work: Path
    base_url: str
    http_port: int
    https_port: int
    nginx: Nginx
    tls: ssl.SSLContext
    auth_token: str
    certbot_env: dict[str, str]
    procs: Processes
    app_port: int

    def client(self) -> httpx.Client:
        """An HTTPS client that trusts only the CA pebble runs in this test session."""
        return httpx.Client(base_url=self.base_url, verify=self.tls, timeout=10)


def build_stack(work: Path, procs: Processes) -> Stack:
    """Start everything and obtain the first certificate; see the module docstring."""
    http_port, https_port, app_port = free_port(), free_port(), free_port()
    base_url = f"https://localhost:{https_port}"
    pebble = start_pebble(procs, work, http_port)
    tls_dir, webroot, letsencrypt = work / "tls", work / "webroot", work / "letsencrypt"
    flag = work / "signal" / "reload"
    tls_env = {
        "PATH": os.environ.get("PATH", "/usr/bin:/bin"),
        "DOMAIN": "localhost",
        "TLS_CERT_DIR": str(tls_dir),
        "LETSENCRYPT_DIR": str(letsencrypt),
        "TLS_RELOAD_FLAG": str(flag),
        "TLS_WATCH_INTERVAL": "0.1",
    }
    ensure = procs.start("tls-ensure", [str(TLS_SCRIPT), "ensure"], tls_env, work / "tls.log")
    assert ensure.wait(timeout=30) == 0, (work / "tls.log").read_text()
    nginx = start_nginx(
        procs,
        work / "nginx",
        {
            "DOMAIN": "localhost",
            "REDIRECT_HOST": f"localhost:{https_port}",
            "HTTP_PORT": f"127.0.0.1:{http_port}",
            "HTTPS_PORT": f"127.0.0.1:{https_port}",
            "APP_UPSTREAM": f"127.0.0.1:{app_port}",
            "TLS_CERT_DIR": str(tls_dir),
            "ACME_WEBROOT": str(webroot),
            "ACCESS_LOG": str(work / "nginx" / "logs" / "access.log"),
        },
        http_port,
        https_port,
    )
    auth_token = secrets.token_hex(16)
    app_env = {
        **os.environ,
        "ENVIRONMENT": "production",
        "HOST": "127.0.0.1",
        "PORT": str(app_port),
        "FORWARDED_ALLOW_IPS": "127.0.0.1",
        "PUBLIC_BASE_URL": base_url,
        "STORAGE_BACKEND": "sqlite",
        "SQLITE_PATH": str(work / "app.sqlite3"),
        "TWILIO_ACCOUNT_SID": "AC" + secrets.token_hex(16),
        "TWILIO_AUTH_TOKEN": auth_token,
        "TWILIO_PHONE_NUMBER": TWILIO_NUMBER,
        # Nothing may leave the machine: outgoing messages go to a closed local port.
        "TWILIO_API_BASE_URL": f"http://127.0.0.1:{free_port()}",
        "KITCHEN_WHATSAPP_NUMBER": "whatsapp:+5511900000000",
        "ADMIN_TOKEN": secrets.token_hex(16),
        "MENU_FILE": str(REPO / "data" / "menu_seed.json"),
    }
    start_app(procs, work, app_env, app_port)
    procs.start(
        "tls-watch",
        [str(TLS_SCRIPT), "watch"],
        {**tls_env, "NGINX_RELOAD_CMD": nginx.reload_command()},
        work / "tls.log",
    )
    certbot_env = {
        **tls_env,
        "ACME_WEBROOT": str(webroot),
        "CERTBOT_CONFIG_DIR": str(letsencrypt),
        "CERTBOT_WORK_DIR": str(work / "certbot-work"),
        "CERTBOT_LOGS_DIR": str(work / "certbot-logs"),
        "CERTBOT_ARGS": f"--server {pebble.directory_url}",
        "REQUESTS_CA_BUNDLE": str(pebble.ca_bundle),
    }
    certbot_pass(certbot_env, work / "certbot.log")
    wait_until(
        lambda: "Pebble" in str(served_certificate(https_port)["issuer"]),
        "nginx to serve the certificate pebble issued",
        timeout=CERTBOT_TIMEOUT,
    )
    tls = ssl.create_default_context(cafile=str(pebble.root_ca(work / "pebble-root.pem")))
    return Stack(
        work, base_url, http_port, https_port, nginx, tls, auth_token, certbot_env, procs, app_port
    )


def webhook_form(body: str) -> dict[str, str]:
    """The fields Twilio posts for one inbound WhatsApp text message."""
    return {
        "MessageSid": "SM" + uuid.uuid4().hex,
        "AccountSid": "AC" + "0" * 32,
        "From": CUSTOMER,
        "To": TWILIO_NUMBER,
        "Body": body,
        "NumMedia": "0",
        "ProfileName": "Maria",
        "WaId": CUSTOMER.removeprefix("whatsapp:+"),
    }


def signed(token: str, url: str, form: dict[str, str]) -> dict[str, str]:
    """Headers of a Twilio request signed with ``token`` for ``url``."""
    return {
        "X-Twilio-Signature": RequestValidator(token).compute_signature(url, form),
        "Content-Type": "application/x-www-form-urlencoded",
    }


def post_webhook(
    client: httpx.Client, form: dict[str, str], headers: dict[str, str]
) -> httpx.Response:
    """POST the form to /webhook exactly as encoded by Twilio."""
    return client.post("/webhook", content=urlencode(form), headers=headers)


def handshake(port: int, ctx: ssl.SSLContext) -> str | None:
    """Complete a TLS handshake with localhost:port; the negotiated version."""
    with (
        socket.create_connection(("127.0.0.1", port), timeout=5) as raw,
        ctx.wrap_socket(raw, server_hostname="localhost") as tls,
    ):
        return tls.version()
