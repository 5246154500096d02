"""The user cache of validated catalogs: plain data written with marshal, found by a key.

Keys come from ``catalog`` (a file's content, overlays, mlchoose's and Python's versions), so an
entry is never stale. Anything unreadable counts as a miss, and a cache that cannot be written
only costs speed: the cache never decides what a command prints.
"""

from __future__ import annotations

import marshal
import os
from pathlib import Path
from typing import TYPE_CHECKING, Any, cast

if TYPE_CHECKING:
    from mlchoose.data.models import Catalog

ENV_DIR = "MLCHOOSE_CACHE_DIR"
#: Entries kept; older ones are removed when a new one is written.
ENTRIES = 16
#: Validated catalogs are plain data (dicts, lists, text, numbers), so marshal, about twice as
#: fast to read as pickle, can hold them; its format is part of every key.
FORMAT = marshal.version
SUFFIX = ".marshal"
PREFIX = "catalog-"


def folder() -> Path:
    override = os.environ.get(ENV_DIR)
    if override:
        return Path(override)
    from platformdirs import user_cache_dir

    return Path(user_cache_dir("mlchoose", appauthor=False))


def name(key: str) -> str:
    return f"{PREFIX}{key}{SUFFIX}"


def get(key: str) -> Catalog | None:
    """The cached catalog for ``key``; anything unreadable counts as a miss."""
    try:
        catalog = marshal.loads((folder() / name(key)).read_bytes())
    except Exception:
        return None
    valid = isinstance(catalog, dict) and isinstance(catalog.get("programs"), list)
    return cast("Catalog", catalog) if valid else None


def put(key: str, catalog: Catalog) -> None:
    """Write an entry atomically, then prune the oldest of mlchoose's own (never the new one)."""
    from mlchoose.data.files import write_atomic

    where = folder()
    fresh = where / name(key)
    try:
        write_atomic(fresh, marshal.dumps(cast(Any, catalog)))
        others = [p for p in where.glob(f"{PREFIX}*{SUFFIX}") if p != fresh]
        others.sort(key=lambda p: p.stat().st_mtime, reverse=True)
        for old in others[ENTRIES - 1 :]:
            old.unlink(missing_ok=True)
    except OSError:
        pass
