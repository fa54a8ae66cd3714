"""Real processes for the deployment tests: pebble (ACME), nginx, the app, the TLS watcher.

Everything listens on 127.0.0.1 on ports chosen at run time, every process is
started in its own process group and stopped by its own id, and every wait is
bounded. nginx runs the project's own template, rendered by the project's own
``deploy/nginx/render-conf.sh``; only paths, ports and names differ from production.
"""

from __future__ import annotations

import os
import re
import shutil
import signal
import socket
import ssl
import subprocess
import sys
import time
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from pathlib import Path

import httpx

REPO = Path(__file__).resolve().parents[3]
TEMPLATE = REPO / "nginx" / "templates" / "default.conf.template"
RENDER = REPO / "deploy" / "nginx" / "render-conf.sh"
TLS_SCRIPT = REPO / "deploy" / "nginx" / "tls.sh"
CERTBOT_LOOP = REPO / "deploy" / "certbot" / "certbot-loop.sh"
NGINX = shutil.which("nginx") or "/usr/sbin/nginx"
# The main config the project's nginx image installs over Debian's.
MAIN_CONF = REPO / "nginx" / "nginx.conf"

# Generous bounds: a loaded 2-core machine may be slow, a healthy one is not waited on.
START_TIMEOUT = 30.0
CERTBOT_TIMEOUT = 120.0
POLL = 0.05


def free_port() -> int:
    """A TCP port on 127.0.0.1 nobody listens on right now."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def wait_until(check: Callable[[], bool], what: str, timeout: float = START_TIMEOUT) -> None:
    """Poll ``check`` until it is true, or fail naming ``what`` after ``timeout`` seconds."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if check():
            return
        time.sleep(POLL)
    raise TimeoutError(f"timed out after {timeout:.0f}s waiting for {what}")


def port_open(port: int) -> bool:
    """True when something accepts TCP connections on 127.0.0.1:port."""
    try:
        with socket.create_connection(("127.0.0.1", port), timeout=0.5):
            return True
    except OSError:
        return False


@dataclass
class Processes:
    """Processes started by the tests, each stopped by its own process group id."""

    started: list[tuple[str, subprocess.Popen[bytes]]] = field(default_factory=list)

    def start(
        self,
        name: str,
        args: list[str],
        env: Mapping[str, str],
        log: Path,
        cwd: Path | None = None,
    ) -> subprocess.Popen[bytes]:
        """Start ``args`` in a new session with output to ``log``."""
        with log.open("ab") as out:
            proc = subprocess.Popen(
                args,
                env=dict(env),
                cwd=cwd,
                stdout=out,
                stderr=subprocess.STDOUT,
                start_new_session=True,
            )
        self.started.append((name, proc))
        return proc

    def stop_all(self) -> None:
        """Stop every process started here, newest first; kill those that linger."""
        for _name, proc in reversed(self.started):
            if proc.poll() is None:
                os.killpg(proc.pid, signal.SIGTERM)
        for _name, proc in reversed(self.started):
            try:
                proc.wait(timeout=10)
            except subprocess.TimeoutExpired:
                os.killpg(proc.pid, signal.SIGKILL)
                proc.wait(timeout=10)
        self.started.clear()


def self_signed(directory: Path) -> tuple[Path, Path]:
    """A self-signed certificate for localhost/127.0.0.1 (pebble's own HTTPS listener)."""
    directory.mkdir(parents=True, exist_ok=True)
    cert, key = directory / "cert.pem", directory / "key.pem"
    subprocess.run(
        ["openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "2",
         "-keyout", str(key), "-out", str(cert), "-subj", "/CN=localhost",
         "-addext", "subjectAltName=DNS:localhost,IP:127.0.0.1"],
        check=True, capture_output=True,
    )  # fmt: skip
    return cert, key


@dataclass
class Pebble:
    """Debian's pebble ACME server, validating HTTP-01 challenges on ``http_port``."""

    directory_url: str
    management_port: int
    ca_bundle: Path

    def root_ca(self, dest: Path) -> Path:
        """Save the root that signs the certificates pebble issues in this run."""
        trust = ssl.create_default_context(cafile=str(self.ca_bundle))
        answer = httpx.get(f"https://127.0.0.1:{self.management_port}/roots/0", verify=trust)
        answer.raise_for_status()
        dest.write_bytes(answer.content)
        return dest


def start_pebble(procs: Processes, work: Path, http_port: int) -> Pebble:
    """Start pebble; its HTTP-01 validations go to localhost:``http_port`` (our nginx)."""
    cert, key = self_signed(work / "pebble-tls")
    listen, management = free_port(), free_port()
    config = work / "pebble.json"
    config.write_text(
        '{"pebble": {'
        f'"listenAddress": "127.0.0.1:{listen}", '
        f'"managementListenAddress": "127.0.0.1:{management}", '
        f'"certificate": "{cert}", "privateKey": "{key}", '
        f'"httpPort": {http_port}, "tlsPort": {free_port()}, '
        '"ocspResponderURL": "", "externalAccountBindingRequired": false}}'
    )
    env = {
        **os.environ,
        "PEBBLE_VA_NOSLEEP": "1",
        "PEBBLE_WFE_NONCEREJECT": "0",
        # Validate every order for real, the renewal's too.
        "PEBBLE_AUTHZREUSE": "0",
    }
    procs.start("pebble", ["pebble", "-config", str(config)], env, work / "pebble.log")
    wait_until(lambda: port_open(listen) and port_open(management), "pebble")
    return Pebble(f"https://127.0.0.1:{listen}/dir", management, cert)


@dataclass
class Nginx:
    """One private nginx instance running the project's rendered template."""

    prefix: Path
    conf: Path
    http_port: int
    https_port: int
    proc: subprocess.Popen[bytes]

    @property
    def command(self) -> list[str]:
        """nginx with this instance's configuration and prefix."""
        return [NGINX, "-c", str(self.conf), "-p", str(self.prefix)]

    def reload_command(self) -> str:
        """The shell command that gracefully reloads this instance."""
        return " ".join([*self.command, "-s", "reload"])


def render_template(output: Path, values: Mapping[str, str]) -> None:
    """Render the project's template with the project's script."""
    env = {"PATH": os.environ.get("PATH", "/usr/bin:/bin"), **values}
    subprocess.run([str(RENDER), str(TEMPLATE), str(output)], env=env, check=True)


def private_main_conf(main: str, prefix: Path, site: Path) -> str:
    """The image's nginx.conf with its paths moved into ``prefix`` (its limits kept)."""
    user = "user root;" if os.geteuid() == 0 else ""  # workers must read pytest's 0700 dirs
    temp = prefix / "temp"
    temp_paths = " ".join(
        f"{kind}_temp_path {temp}/{kind};"
        for kind in ("client_body", "proxy", "fastcgi", "uwsgi", "scgi")
    )
    replacements = [
        (r"^user [^;]+;", user),
        (r"^pid [^;]+;", f"pid {prefix}/nginx.pid;"),
        (r"^error_log [^;]+;", f"error_log {prefix}/logs/error.log info;"),
        (r"access_log /var/log/nginx/access.log;", f"access_log {prefix}/logs/all.log;"),
        (r"include /etc/nginx/conf\.d/\*\.conf;", f"include {site}; {temp_paths}"),
    ]
    for pattern, replacement in replacements:
        main, found = re.subn(pattern, replacement, main, count=1, flags=re.MULTILINE)
        assert found == 1, f"{MAIN_CONF} changed: no {pattern!r}"
    return main


def start_nginx(
    procs: Processes, prefix: Path, values: Mapping[str, str], http_port: int, https_port: int
) -> Nginx:
    """Render the template with ``values`` and run nginx on it in the foreground."""
    for sub in ("conf.d", "logs", "temp"):
        (prefix / sub).mkdir(parents=True, exist_ok=True)
    site = prefix / "conf.d" / "default.conf"
    render_template(site, values)
    conf = prefix / "nginx.conf"
    conf.write_text(private_main_conf(MAIN_CONF.read_text(), prefix, site))
    args = [NGINX, "-c", str(conf), "-p", str(prefix)]
    subprocess.run([*args, "-t", "-q"], check=True, capture_output=True)
    proc = procs.start(
        "nginx", [*args, "-g", "daemon off;"], os.environ, prefix / "logs" / "out.log"
    )
    wait_until(lambda: port_open(https_port) and port_open(http_port), "nginx")
    return Nginx(prefix, conf, http_port, https_port, proc)


def start_app(procs: Processes, work: Path, env: Mapping[str, str], port: int) -> None:
    """Seed the menu, then run ``python -m service serve`` until /healthz answers."""
    # Run from the work directory, so a developer's own .env is never read.
    subprocess.run(
        [sys.executable, "-m", "service", "seed-menu", str(REPO / "data" / "menu_seed.json")],
        env=dict(env), cwd=work, check=True, capture_output=True, timeout=60,
    )  # fmt: skip
    procs.start("app", [sys.executable, "-m", "service", "serve"], env, work / "app.log", cwd=work)

    def healthy() -> bool:
        try:
            return httpx.get(f"http://127.0.0.1:{port}/healthz", timeout=1).status_code == 200
        except httpx.HTTPError:
            return False

    wait_until(healthy, "the app's /healthz")


def certbot_pass(env: Mapping[str, str], log: Path) -> None:
    """One run of the project's certbot entry point (issue or renew), checked."""
    with log.open("ab") as out:
        subprocess.run(
            [str(CERTBOT_LOOP), "--once"], env=dict(env), stdout=out, stderr=subprocess.STDOUT,
            check=True, timeout=CERTBOT_TIMEOUT,
        )  # fmt: skip


def served_certificate(port: int) -> dict[str, object]:
    """The certificate nginx presents on 127.0.0.1:port (no verification: just read it)."""
    ctx = ssl.create_default_context()
    ctx.check_hostname = False
    ctx.verify_mode = ssl.CERT_NONE
    with (
        socket.create_connection(("127.0.0.1", port), timeout=5) as raw,
        ctx.wrap_socket(raw, server_hostname="localhost") as tls,
    ):
        der = tls.getpeercert(binary_form=True)
    assert der is not None
    text = subprocess.run(
        ["openssl", "x509", "-inform", "DER", "-noout", "-serial", "-issuer"],
        input=der, capture_output=True, check=True,
    ).stdout.decode()  # fmt: skip
    fields = dict(line.split("=", 1) for line in text.strip().splitlines())
    return {"serial": fields["serial"], "issuer": fields["issuer"].strip()}
