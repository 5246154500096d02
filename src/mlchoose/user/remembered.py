"""Answers mlchoose remembers between runs: the regions a student said they prefer.

One small YAML file, ``regions.yaml``, in the user's settings folder beside the saved profiles
(:func:`mlchoose.user.profiles.config_dir`), written atomically. It holds the answer to the
region question (see ``cli/regions.py``): a list of regions, or an empty list for "none".
"""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path

from mlchoose.errors import MlchooseError
from mlchoose.vocab import Region

FILE = "regions.yaml"
KEY = "prefer_regions"


def path() -> Path:
    from mlchoose.user.profiles import config_dir

    return config_dir() / FILE


def regions() -> tuple[Region, ...] | None:
    """The remembered regions (``()``: the student prefers none), or None when nothing is
    remembered. A file that cannot be used is an error that names it."""
    where = path()
    if not where.exists():
        return None
    from mlchoose.data.yamlfile import read_document
    from mlchoose.user.preferences import parse_regions

    document, _ = read_document(where, "remembered regions file")
    found = document.get(KEY) if isinstance(document, dict) else None
    if not isinstance(found, list) or any(isinstance(v, list | dict) for v in found):
        raise MlchooseError(
            f"remembered regions file {str(where)!r} is damaged ({KEY} must be a list of "
            "regions); delete it to be asked again"
        )
    if not found:
        return ()
    try:
        return tuple(sorted(parse_regions(",".join(str(v) for v in found)).regions))
    except MlchooseError as error:
        raise MlchooseError(
            f"remembered regions file {str(where)!r} is damaged ({error}); delete it to be "
            "asked again"
        ) from None


def remember(chosen: Iterable[Region]) -> Path:
    """Keep the answer for next time (an empty one too: the question is not asked again)."""
    import yaml

    from mlchoose.data.files import write_atomic

    where = path()
    text = yaml.safe_dump({KEY: sorted(chosen)}, sort_keys=False)
    try:
        write_atomic(where, text.encode("utf-8"))
    except OSError as error:
        raise MlchooseError(
            f"cannot remember the regions in {str(where.parent)!r}: {error.strerror}"
        ) from None
    return where
