"""The command line: ``python -m service serve | outbox | notices [retry] | seed-menu | chat |
hash-password``."""

from __future__ import annotations

import argparse
import getpass
import logging
import os
import sys
import uuid
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any, TextIO

from pydantic import ValidationError

from nlu import MenuError
from service.application.menus import load_menu_file, seed_menu
from service.application.ports import MenuStore, UndeliveredMessage
from service.domain.menu import MenuChange
from service.logs import configure_logging, mask_phone, uvicorn_log_config
from service.settings import Settings, SettingsError

__all__ = ["main", "uvicorn_options"]

CHAT_PHONE = "whatsapp:+5500000000000"


def _describe(change: MenuChange, item_count: int) -> str:
    if change.unchanged:
        return f"Cardápio sem mudanças ({item_count} itens)."
    parts = []
    for label, ids in (("novos", change.added), ("removidos", change.removed),
                       ("alterados", change.changed)):
        if ids:
            parts.append(f"{len(ids)} {label}: {', '.join(ids)}")
    if change.restaurant_changed:
        parts.append("dados do restaurante alterados")
    return f"Cardápio atualizado ({item_count} itens).\n" + "\n".join(f"  • {p}" for p in parts)


def seed_from_file(store: MenuStore, path: Path, *, if_empty: bool = False) -> int:
    """Load a menu file into the store; exit code 2 for a malformed file (store untouched)."""
    try:
        menu = load_menu_file(path)
    except MenuError as exc:
        print(f"erro: {exc}", file=sys.stderr)
        return 2
    change = seed_menu(store, menu, if_empty=if_empty)
    if change is None:
        print("Já existe um cardápio salvo; nada foi alterado (--if-empty).")
        return 0
    print(_describe(change, len(menu.items)))
    return 0


def uvicorn_options(settings: Settings) -> dict[str, Any]:
    """How ``serve`` runs uvicorn (benchmarks serve their own app the same way)."""
    return {
        "factory": True,
        "host": settings.host,
        "port": settings.port,
        "workers": settings.web_concurrency,
        "proxy_headers": True,
        "forwarded_allow_ips": settings.forwarded_allow_ips,
        "log_level": settings.log_level.lower(),
        "access_log": settings.access_log,
        "log_config": uvicorn_log_config(settings.log_level),
    }


def _serve(settings: Settings) -> int:
    import uvicorn

    from service.entrypoints.processes import serving

    try:
        settings.check_startup()
    except SettingsError as exc:
        print(f"erro: {exc}", file=sys.stderr)
        return 2
    with serving(settings.outbox_worker):
        uvicorn.run("service.entrypoints.web:create_app", **uvicorn_options(settings))
    return 0


def _outbox(settings: Settings) -> int:
    """Deliver the outbox until SIGTERM or SIGINT: the outbox's own process."""
    from service.bootstrap import bootstrap
    from service.entrypoints.processes import exit_with_parent, run_until_signalled

    exit_with_parent()
    for warning in settings.check_startup():
        logging.getLogger(__name__).warning(warning)

    def start() -> Callable[[], None]:
        container = bootstrap(settings)
        container.outbox_worker.start()
        logging.getLogger(__name__).info("outbox worker delivering (pid %d)", os.getpid())
        return container.close

    return run_until_signalled(start)


def _describe_notice(notice: UndeliveredMessage) -> str:
    about = (f"pedido #{notice.message.order_number}" if notice.message.order_number
             is not None else "sem pedido")
    who = {"kitchen": "a cozinha", "customer": "o cliente", "alert": "a cozinha (alerta)"}.get(
        notice.message.purpose, notice.message.purpose)
    if notice.status == "failed":
        when = notice.failed_at.strftime("%d/%m %H:%M UTC") if notice.failed_at else "?"
        state = f"desistiu em {when}" + (", cozinha avisada" if notice.reported else "")
    else:
        state = "ainda tentando"
    return (f"{notice.id}  {about}  para {who} {mask_phone(notice.message.to)}  {state}, "
            f"{notice.attempts} tentativa(s): {notice.last_error or ''}")


def _notices(settings: Settings, retry: bool, ids: list[str], order: int | None) -> int:
    from service.application.notices import NoticeService
    from service.bootstrap import build_store

    store = build_store(settings)
    try:
        notices = NoticeService(store)
        if retry:
            count = notices.redrive(ids or None, order_number=order)
            print(f"{count} aviso(s) de volta à fila: saem assim que o worker da outbox "
                  "conseguir enviar." if count else "Nenhum aviso para reenviar.")
            return 0
        found = notices.undelivered()
        if order is not None:
            found = [n for n in found if n.message.order_number == order]
        if not found:
            print("Nenhum aviso sem entregar.")
            return 0
        for notice in found:
            print(_describe_notice(notice))
        print(f"\n{len(found)} aviso(s). Reenviar: python -m service notices retry [ID ...]")
        return 0
    finally:
        store.close()


def _seed(settings: Settings, file: Path | None, if_empty: bool) -> int:
    from service.bootstrap import build_store

    store = build_store(settings)
    try:
        return seed_from_file(store, file or settings.menu_file, if_empty=if_empty)
    finally:
        store.close()


def _chat(settings: Settings, phone: str, name: str, memory: bool) -> int:
    from service.bootstrap import bootstrap, build_messenger, build_store
    from service.domain.conversation import Inbound, Location

    store = build_store(settings, memory=memory)
    messenger = build_messenger(settings, sys.stdout, console_only=True)
    container = bootstrap(settings, store=store, messenger=messenger)
    container.owned = True
    if store.menu_version() is None and seed_from_file(store, settings.menu_file) != 0:
        container.close()
        return 2
    interactive = sys.stdin.isatty()
    print("Converse como cliente (Ctrl+D para sair; '/local LAT LON' envia uma localização).")
    try:
        while True:
            try:
                line = input("você> ") if interactive else sys.stdin.readline()
            except EOFError:
                break
            if not interactive and not line:
                break
            line = line.rstrip("\n")
            location = None
            if line.startswith("/local "):
                lat, _, lon = line.removeprefix("/local ").strip().partition(" ")
                location = Location.shared(lat, lon.strip())
                if location is None:
                    print("erro: use /local LATITUDE LONGITUDE, ex.: /local -23.56 -46.65")
                    continue
                line = ""
            inbound = Inbound(phone, line, f"chat-{uuid.uuid4().hex}", name, location=location)
            for reply in container.inbound.handle(inbound):
                print(f"\n🤖 {reply}\n")
            container.outbox_worker.run_once()
    finally:
        container.close()
    return 0


def hash_password(stream: TextIO | None = None) -> int:
    """Print the PANEL_PASSWORD_HASH of a password typed (hidden) or read from standard input."""
    from service.application.panel_access import PasswordHash
    from service.settings import MIN_PANEL_PASSWORD_CHARS

    source = stream or sys.stdin
    if source.isatty():
        password = getpass.getpass("Senha do painel: ")
        if getpass.getpass("Repita a senha: ") != password:
            print("erro: as senhas não conferem.", file=sys.stderr)
            return 2
    else:
        password = source.readline().rstrip("\r\n")
    if len(password) < MIN_PANEL_PASSWORD_CHARS:
        print(f"erro: a senha precisa ter pelo menos {MIN_PANEL_PASSWORD_CHARS} caracteres.",
              file=sys.stderr)
        return 2
    print(PasswordHash.create(password).encode())
    return 0


def main(argv: Sequence[str] | None = None) -> int:
    """Parse the command line and run the command."""
    parser = argparse.ArgumentParser(prog="python -m service", description=__doc__)
    commands = parser.add_subparsers(dest="command", required=True)
    commands.add_parser("serve", help="serve the webhook with uvicorn (and deliver the outbox)")
    commands.add_parser("outbox", help="deliver the outbox (the process serve starts)")
    notices = commands.add_parser("notices", help="notices not delivered; 'retry' sends again")
    notices.add_argument("action", nargs="?", choices=["list", "retry"], default="list")
    notices.add_argument("ids", nargs="*", help="ids to retry (default: all)")
    notices.add_argument("--order", type=int, help="only this order's notices")
    seed = commands.add_parser("seed-menu", help="load or update the menu from a file")
    seed.add_argument("file", nargs="?", type=Path, help="menu file (default MENU_FILE)")
    seed.add_argument("--if-empty", action="store_true", help="only when no menu is stored")
    chat = commands.add_parser("chat", help="be a customer in the terminal")
    chat.add_argument("--phone", default=CHAT_PHONE)
    chat.add_argument("--name", default="Cliente")
    chat.add_argument("--memory", action="store_true",
                      help="keep everything in memory (nothing is written to the store)")
    commands.add_parser("hash-password",
                        help="print the PANEL_PASSWORD_HASH of a password (asked, not echoed)")
    args = parser.parse_args(argv)
    if args.command == "hash-password":
        return hash_password()
    try:
        settings = Settings()
    except ValidationError as exc:
        problems = "; ".join(
            f"{'.'.join(str(part) for part in error['loc']).upper()}: {error['msg']}"
            for error in exc.errors()
        )
        print(f"erro: configuração inválida — {problems}", file=sys.stderr)
        return 2
    quiet = args.command in ("chat", "notices")
    configure_logging("WARNING" if quiet else settings.log_level)
    try:
        if args.command == "serve":
            return _serve(settings)
        if args.command == "outbox":
            return _outbox(settings)
        if args.command == "notices":
            return _notices(settings, args.action == "retry", args.ids, args.order)
        if args.command == "seed-menu":
            return _seed(settings, args.file, args.if_empty)
        return _chat(settings, args.phone, args.name, args.memory)
    except SettingsError as exc:  # bad configuration: a clear message, not a traceback
        print(f"erro: {exc}", file=sys.stderr)
        return 2
