"""Comparing two menus in the file format: what a reload added, removed or changed."""

from __future__ import annotations

import hashlib
import json
from typing import Any

from service.ports import MenuChange

__all__ = ["diff_menus", "menu_version"]


def menu_version(document: dict[str, Any]) -> str:
    """A content hash: equal menus have equal versions, in every store."""
    canonical = json.dumps(document, sort_keys=True, ensure_ascii=False, separators=(",", ":"))
    return hashlib.sha256(canonical.encode("utf-8")).hexdigest()[:16]


def diff_menus(old: dict[str, Any] | None, new: dict[str, Any]) -> MenuChange:
    """Item ids added, removed and changed between two menu documents."""
    old_items = {item["id"]: item for item in (old or {}).get("items", [])}
    new_items = {item["id"]: item for item in new.get("items", [])}
    return MenuChange(
        added=tuple(i for i in new_items if i not in old_items),
        removed=tuple(i for i in old_items if i not in new_items),
        changed=tuple(i for i in new_items if i in old_items and old_items[i] != new_items[i]),
        restaurant_changed=old is not None and old.get("restaurant") != new.get("restaurant"),
    )
