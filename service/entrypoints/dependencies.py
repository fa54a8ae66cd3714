"""FastAPI dependencies: the container of the running app, and the admin bearer token."""

from __future__ import annotations

import secrets
from typing import Annotated

from fastapi import Depends, HTTPException, Request, status

from service.bootstrap import Container

__all__ = ["AdminDep", "ContainerDep"]


async def get_container(request: Request) -> Container:
    """The container built when the app started (async: no trip to the threadpool)."""
    container: Container = request.app.state.container
    return container


ContainerDep = Annotated[Container, Depends(get_container)]


async def require_admin(request: Request, container: ContainerDep) -> None:
    """Bearer ADMIN_TOKEN: 401 without it, 404 when the admin API is disabled (no token set)."""
    expected = container.settings.admin_bearer
    if expected is None:
        raise HTTPException(status.HTTP_404_NOT_FOUND, "Not Found")
    header = request.headers.get("Authorization", "")
    scheme, _, token = header.partition(" ")
    if scheme.lower() != "bearer" or not secrets.compare_digest(
        token.strip().encode(), expected.encode()
    ):
        raise HTTPException(
            status.HTTP_401_UNAUTHORIZED,
            "token de administrador ausente ou inválido",
            headers={"WWW-Authenticate": "Bearer"},
        )


AdminDep = Annotated[None, Depends(require_admin)]
