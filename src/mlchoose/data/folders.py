"""The user's folders for mlchoose: settings (profiles, the overlay file) and the cache.

On Linux these follow the XDG Base Directory rules exactly as platformdirs reads them
(``$XDG_CONFIG_HOME`` or ``$XDG_CACHE_HOME`` when absolute, else ``~/.config`` or ``~/.cache``,
then ``mlchoose``), without importing platformdirs: that import was about 3 ms of every start of
``rank`` (benchmarks/RESULTS.md, issue 29). Elsewhere, or with no absolute home folder,
platformdirs answers. A test holds the two together.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path
from typing import Literal

APP = "mlchoose"


def user_folder(kind: Literal["config", "cache"]) -> Path:
    """mlchoose's folder of the user's ``kind`` (not created)."""
    if sys.platform == "linux":
        base = Path(os.environ.get(f"XDG_{kind.upper()}_HOME", ""))
        if base.is_absolute():
            return base / APP
        home = Path(os.environ.get("HOME", ""))
        if home.is_absolute():
            return home / f".{kind}" / APP
    from platformdirs import user_cache_dir, user_config_dir

    found = user_config_dir if kind == "config" else user_cache_dir
    return Path(found(APP, appauthor=False))
