"""Certificates: the first one comes through nginx's ACME challenge path; renewals reload nginx."""

from __future__ import annotations

import threading
import time

import httpx
import pytest

from tests.integration.deploy.deploy_stack import (
    CERTBOT_TIMEOUT,
    certbot_pass,
    served_certificate,
    wait_until,
)

pytestmark = [pytest.mark.nginx, pytest.mark.slow]


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
