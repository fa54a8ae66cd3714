"""The ASGI app: ``create_app`` wires settings into a container and mounts the routes.

uvicorn runs it as a factory (``service.entrypoints.web:create_app``); the outbox
worker lives in the app's lifespan, so each web worker process delivers messages.
"""

from __future__ import annotations

import logging
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

from fastapi import FastAPI

from service.bootstrap import Container, bootstrap
from service.entrypoints.panel.app import install as install_panel
from service.entrypoints.routes import router
from service.logs import configure_logging
from service.settings import Settings

__all__ = ["create_app"]

logger = logging.getLogger(__name__)


def create_app(container: Container | None = None, settings: Settings | None = None) -> FastAPI:
    """The FastAPI app; refuses to build with settings that cannot run (SettingsError)."""
    if container is None:
        settings = settings or Settings()
        if not logging.getLogger().handlers:  # uvicorn worker processes start bare
            configure_logging(settings.log_level)
        for warning in settings.check_startup():
            logger.warning(warning)
        container = bootstrap(settings)
    else:
        container.settings.check_startup()

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        container.outbox_worker.start()
        container.housekeeper.start()
        try:
            yield
        finally:
            container.close()

    app = FastAPI(title="Cozinha no WhatsApp", lifespan=lifespan, docs_url=None, redoc_url=None)
    app.state.container = container
    app.include_router(router)
    install_panel(app)
    return app
