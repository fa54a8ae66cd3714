"""Fixtures of the deployment tests: one stack for the package, one strict nginx.

The stack (see deploy_env.build_stack): pebble as a local ACME CA, nginx from the
project's template, the app (``python -m service serve``) behind it, the project's
TLS watcher, and a first certificate issued by the project's certbot entry point.
"""

from __future__ import annotations

import os
from collections.abc import Iterator

import pytest

from tests.integration.deploy.deploy_env import (
    TEST_WEBHOOK_BURST,
    TEST_WEBHOOK_RATE,
    Stack,
    build_stack,
    missing_tools,
)
from tests.integration.deploy.deploy_stack import (
    Nginx,
    Processes,
    free_port,
    start_nginx,
)


@pytest.fixture(scope="package")
def stack(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Stack]:
    """The running stack, shared by every test of this package and stopped after them."""
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


@pytest.fixture(scope="package")
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
