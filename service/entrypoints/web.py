"""The ASGI app: ``create_app`` wires settings into a container and mounts the routes.

uvicorn runs it as a factory (``service.entrypoints.web:create_app``). The outbox
is delivered by its own process when ``serve`` starts one (OUTBOX_WORKER=process,
the default) or elsewhere (``external``); otherwise (``thread``, or an app started
some other way) each web worker delivers it in a background thread. The OpenAPI
schema and its pages are served only in development.
"""

from __future__ import annotations

import logging
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

from fastapi import FastAPI

from service.bootstrap import Container, bootstrap
from service.entrypoints.panel.app import install as install_panel
from service.entrypoints.processes import exit_with_parent
from service.entrypoints.routes import router, webhook_route
from service.logs import configure_logging
from service.settings import Settings

__all__ = ["create_app"]

logger = logging.getLogger(__name__)


def create_app(container: Container | None = None, settings: Settings | None = None) -> FastAPI:
    """The FastAPI app; refuses to build with settings that cannot run (SettingsError)."""
    if container is None:
        exit_with_parent()  # a web worker of `serve` ends when serve does
        settings = settings or Settings()
        if not logging.getLogger().handlers:  # uvicorn worker processes start bare
            configure_logging(settings.log_level)
        for warning in settings.check_startup():
            logger.warning(warning)
        container = bootstrap(settings, web_worker=True)
    else:
        container.settings.check_startup()

    delivers = container.settings.outbox_worker != "external"

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        if delivers:
            container.outbox_worker.start()
        container.housekeeper.start()
        try:
            yield
        finally:
            container.close()

    development = container.settings.development
    app = FastAPI(
        title="Cozinha no WhatsApp",
        lifespan=lifespan,
        openapi_url="/openapi.json" if development else None,
        docs_url="/docs" if development else None,
        redoc_url=None,
    )
    app.state.container = container
    app.router.routes.insert(0, webhook_route)  # the hot path, matched first
    app.include_router(router)
    install_panel(app)
    return app
