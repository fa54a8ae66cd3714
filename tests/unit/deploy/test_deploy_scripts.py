"""The nginx template and the deployment scripts, run on temporary directories."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[3]
TEMPLATE = REPO / "nginx" / "templates" / "default.conf.template"
RENDER = REPO / "deploy" / "nginx" / "render-conf.sh"
TLS = REPO / "deploy" / "nginx" / "tls.sh"
HOOK = REPO / "deploy" / "certbot" / "deploy-hook.sh"
CERTBOT_LOOP = REPO / "deploy" / "certbot" / "certbot-loop.sh"
PLACEHOLDER = re.compile(r"\$\{([A-Z_][A-Z0-9_]*)\}")

pytestmark = pytest.mark.skipif(
    not (shutil.which("envsubst") and shutil.which("openssl")) and not os.environ.get("CI"),
    reason="needs envsubst and openssl: run scripts/install-system-deps.sh",
)


def run(script: Path, *args: str, env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    """Run a deployment script with only ``env`` (and PATH) in its environment."""
    full_env = {"PATH": os.environ.get("PATH", "/usr/bin:/bin"), **env}
    return subprocess.run(
        [str(script), *args], env=full_env, capture_output=True, text=True, timeout=60
    )


def template_placeholders() -> set[str]:
    """Placeholders used by the template outside its comments."""
    code = "\n".join(line.split("#", 1)[0] for line in TEMPLATE.read_text().splitlines())
    return set(PLACEHOLDER.findall(code))


def test_template_placeholders_are_exactly_the_ones_the_renderer_knows():
    known = re.search(r"TEMPLATE_VARS='([^']*)'", RENDER.read_text())
    assert known is not None

    assert template_placeholders() == set(PLACEHOLDER.findall(known.group(1)))


def test_template_documents_every_placeholder():
    header = TEMPLATE.read_text().split("server_tokens")[0]

    for name in template_placeholders():
        assert re.search(rf"^#\s+{name}\s", header, re.MULTILINE), name


def render(tmp_path: Path, **values: str) -> str:
    output = tmp_path / "site.conf"
    result = run(RENDER, str(TEMPLATE), str(output), env=values)
    assert result.returncode == 0, result.stderr
    return output.read_text()


def test_rendering_sets_the_domain_and_keeps_nginx_variables(tmp_path):
    conf = render(tmp_path, DOMAIN="pedidos.cozinhadacris.com.br")

    assert "server_name pedidos.cozinhadacris.com.br;" in conf
    assert "return 301 https://pedidos.cozinhadacris.com.br$request_uri;" in conf
    assert "/etc/nginx/tls/fullchain.pem;" in conf
    for header in (
        "X-Forwarded-For $proxy_add_x_forwarded_for",
        "X-Forwarded-Proto $scheme",
        "X-Forwarded-Host $host",
        "X-Real-IP $remote_addr",
    ):
        assert f"proxy_set_header {header};" in conf
    assert "keepalive 16;" in conf and 'proxy_set_header Connection "";' in conf
    assert "listen 443 ssl http2;" in conf and "listen 80;" in conf
    assert "rate=20r/s" in conf and "burst=100 nodelay" in conf
    assert not PLACEHOLDER.search(conf)


def test_rendering_takes_test_ports_paths_and_limits(tmp_path):
    conf = render(
        tmp_path,
        DOMAIN="localhost",
        HTTPS_PORT="127.0.0.1:8443",
        APP_UPSTREAM="127.0.0.1:9000",
        WEBHOOK_RATE="1r/m",
        WEBHOOK_BURST="2",
    )

    assert "listen 127.0.0.1:8443 ssl http2;" in conf
    assert "server 127.0.0.1:9000 max_fails=0;" in conf
    assert "rate=1r/m" in conf and "burst=2 nodelay" in conf


def test_tls_is_limited_to_versions_1_2_and_1_3(tmp_path):
    conf = render(tmp_path, DOMAIN="localhost")

    assert re.findall(r"ssl_protocols ([^;]+);", conf) == ["TLSv1.2 TLSv1.3"]


def test_rendering_requires_a_domain(tmp_path):
    result = run(RENDER, str(TEMPLATE), str(tmp_path / "out.conf"), env={})

    assert result.returncode != 0
    assert "DOMAIN" in result.stderr
    assert not (tmp_path / "out.conf").exists()


@pytest.mark.parametrize(
    "domain", ["exemplo.com; include /etc/passwd", "exemplo.com\nserver_name x", "a b", "$host"]
)
def test_rendering_refuses_a_domain_that_would_inject_config(tmp_path, domain):
    result = run(RENDER, str(TEMPLATE), str(tmp_path / "out.conf"), env={"DOMAIN": domain})

    assert result.returncode != 0
    assert not (tmp_path / "out.conf").exists()


def test_rendering_refuses_a_template_with_an_unknown_placeholder(tmp_path):
    template = tmp_path / "t.conf.template"
    extra = "\n# ${IN_A_COMMENT} is fine\nlisten ${NEW_THING};\n"
    template.write_text(TEMPLATE.read_text() + extra)

    result = run(RENDER, str(template), str(tmp_path / "out.conf"), env={"DOMAIN": "localhost"})

    assert result.returncode != 0
    assert "NEW_THING" in result.stderr and "IN_A_COMMENT" not in result.stderr


def tls_env(tmp_path: Path) -> dict[str, str]:
    return {
        "DOMAIN": "pedidos.exemplo.com.br",
        "TLS_CERT_DIR": str(tmp_path / "tls"),
        "LETSENCRYPT_DIR": str(tmp_path / "letsencrypt"),
    }


def subject(cert: Path) -> str:
    result = subprocess.run(
        ["openssl", "x509", "-in", str(cert), "-noout", "-subject"],
        capture_output=True, text=True, check=True,
    )  # fmt: skip
    return result.stdout


def test_without_a_certificate_nginx_gets_a_placeholder(tmp_path):
    result = run(TLS, "ensure", env=tls_env(tmp_path))

    assert result.returncode == 0, result.stderr
    assert (tmp_path / "tls" / "source").read_text().strip() == "placeholder"
    assert "pedidos.exemplo.com.br" in subject(tmp_path / "tls" / "fullchain.pem")
    assert (tmp_path / "tls" / "privkey.pem").stat().st_size > 0


def test_a_real_certificate_replaces_the_placeholder(tmp_path):
    env = tls_env(tmp_path)
    run(TLS, "ensure", env=env)
    live = tmp_path / "letsencrypt" / "live" / "pedidos.exemplo.com.br"
    live.mkdir(parents=True)
    (live / "fullchain.pem").write_text("cadeia\n")
    (live / "privkey.pem").write_text("chave\n")

    result = run(TLS, "ensure", env=env)

    assert result.returncode == 0, result.stderr
    assert (tmp_path / "tls" / "source").read_text().strip() == "letsencrypt"
    assert (tmp_path / "tls" / "fullchain.pem").resolve() == (live / "fullchain.pem").resolve()
    assert (tmp_path / "tls" / "privkey.pem").read_text() == "chave\n"


def test_deploy_hook_writes_a_new_signal_every_time(tmp_path):
    flag = tmp_path / "signal" / "reload"
    env = {"TLS_RELOAD_FLAG": str(flag), "RENEWED_LINEAGE": "/etc/letsencrypt/live/x"}

    first = run(HOOK, env=env)
    first_value = flag.read_text()
    second = run(HOOK, env=env)

    assert first.returncode == 0 and second.returncode == 0
    assert first_value.startswith("/etc/letsencrypt/live/x ")
    assert flag.read_text() != first_value


@pytest.mark.parametrize("script", [RENDER, TLS, HOOK, CERTBOT_LOOP])
def test_scripts_are_posix_sh(script):
    # The certbot image is Alpine (busybox sh) and the nginx image Debian (dash).
    assert script.read_text().startswith("#!/bin/sh\n")
    assert os.access(script, os.X_OK)
    assert subprocess.run(["sh", "-n", str(script)], capture_output=True).returncode == 0


def recording_certbot(tmp_path: Path) -> Path:
    """A `certbot` on PATH that records its arguments (the real one runs in integration)."""
    bin_dir = tmp_path / "bin"
    bin_dir.mkdir()
    fake = bin_dir / "certbot"
    fake.write_text(f'#!/bin/sh\nprintf "%s\\n" "$@" > {tmp_path}/args\n')
    fake.chmod(0o755)
    return bin_dir


def certbot_env(tmp_path: Path, **extra: str) -> dict[str, str]:
    """The certbot loop's environment, with the recording certbot first on PATH."""
    return {
        "PATH": f"{recording_certbot(tmp_path)}:{os.environ.get('PATH', '/usr/bin:/bin')}",
        "DOMAIN": "pedidos.exemplo.com.br",
        "ACME_WEBROOT": str(tmp_path / "webroot"),
        "CERTBOT_CONFIG_DIR": str(tmp_path / "le"),
        **extra,
    }


@pytest.mark.parametrize(
    ("extra_env", "expected", "unexpected"),
    [
        ({}, ["--register-unsafely-without-email"], ["--test-cert", "--email"]),
        ({"CERTBOT_EMAIL": "cris@exemplo.com.br"}, ["--email", "cris@exemplo.com.br"], []),
        ({"CERTBOT_STAGING": "1"}, ["--test-cert"], []),
    ],
)
def test_first_pass_asks_for_a_certificate_through_the_webroot(
    tmp_path, extra_env, expected, unexpected
):
    env = certbot_env(tmp_path, **extra_env)

    result = run(CERTBOT_LOOP, "--once", env=env)
    args = (tmp_path / "args").read_text().splitlines()

    assert result.returncode == 0, result.stderr
    assert args[args.index("--config-dir") + 1] == str(tmp_path / "le")
    assert "certonly" in args and "--webroot" in args
    assert args[args.index("-w") + 1] == str(tmp_path / "webroot")
    assert args[args.index("-d") + 1] == "pedidos.exemplo.com.br"
    assert args[args.index("--deploy-hook") + 1] == str(HOOK)
    for flag in expected:
        assert flag in args
    for flag in unexpected:
        assert flag not in args


def test_later_passes_renew(tmp_path):
    live = tmp_path / "le" / "live" / "pedidos.exemplo.com.br"
    live.mkdir(parents=True)
    (live / "fullchain.pem").write_text("cadeia\n")
    env = certbot_env(tmp_path)

    result = run(CERTBOT_LOOP, "--once", env=env)
    args = (tmp_path / "args").read_text().splitlines()

    assert result.returncode == 0, result.stderr
    assert "renew" in args and "certonly" not in args
    assert args[args.index("--deploy-hook") + 1] == str(HOOK)
