"""Every program's quick scores, kept in the user cache beside the catalog they come from.

``show`` ranks one program among the whole catalog; scoring 10,000 programs (and finding the
catalog's base rates) is most of its time, and the scores do not depend on the weights. So the
scores (``ranking.Columns``) and the catalog's scale and base rates are written once per catalog
and preferences, and read back by later runs: the totals are then a few sums per program.

An entry is never stale: its key is the catalog's own cache key (its content, overlays,
mlchoose's version, the schema), the source of the scoring rules, and every preference that
changes a score (preferred regions, interests, F-1 status, the criteria weighed). Anything
unreadable, unverified or of another shape is a miss, and the scores are computed as before:
the cache never decides what a command prints.
"""

from __future__ import annotations

import functools
import hashlib
import math
from pathlib import Path
from types import MappingProxyType
from typing import TYPE_CHECKING, Any, NamedTuple

from mlchoose.core.criteria import Wide, catalog_wide
from mlchoose.core.ranking import Columns, Known, columns
from mlchoose.core.rates import Rates
from mlchoose.data import cache
from mlchoose.vocab import criteria_of

if TYPE_CHECKING:
    from collections.abc import Iterable, Sequence

    from mlchoose.core.query import Query
    from mlchoose.data.models import Catalog
    from mlchoose.user.preferences import Preferences
    from mlchoose.vocab import Criterion

#: Cache file names of these entries (pruned apart from the catalogs', see ``cache.write``).
PREFIX = "scores-"
#: Bumped when the payload's layout changes.
FORMAT = 1
#: The modules whose source decides a score or a stand-in: any edit makes a new key.
RULES = ("criteria.py", "rates.py", "ranking.py", "stored.py")


class Scored(NamedTuple):
    """The catalog's quick scores and stand-ins, and its scale and base rates."""

    columns: Columns
    wide: Wide


@functools.cache
def _rules_stamp() -> str:
    """A digest of the scoring rules' source (read, not imported: cheap, and an installation
    without sources falls back to mlchoose's version, which every key holds)."""
    here = Path(__file__).parent
    digest = hashlib.blake2b(digest_size=16)
    digest.update(f"format {FORMAT}".encode())
    for source in [*(here / name for name in RULES), here.parent / "vocab.py"]:
        try:
            digest.update(source.read_bytes())
        except OSError:
            digest.update(source.name.encode())
    return digest.hexdigest()


def key(catalog_key: str, prefs: Preferences, criteria: Sequence[Criterion]) -> str:
    """The entry's key: the catalog's cache key, the rules, and what changes a score."""
    parts = [
        catalog_key,
        _rules_stamp(),
        ",".join(criteria),
        ",".join(sorted(prefs.regions)),
        ",".join(sorted(prefs.interests)),
        "international" if prefs.international else "",
    ]
    digest = hashlib.sha256()
    for part in parts:
        data = part.encode()
        digest.update(len(data).to_bytes(8, "little"))
        digest.update(data)
    return digest.hexdigest()


def scored(
    catalog: Catalog, prefs: Preferences, criteria: Sequence[Criterion], catalog_key: str
) -> Scored:
    """The catalog's scores of ``criteria`` for ``prefs``: from the cache when an entry for
    exactly this catalog (``catalog_key``, from ``data.catalog``) is there, else computed and
    written."""
    entry = key(catalog_key, prefs, criteria)
    found = _unpacked(cache.read(entry, PREFIX), catalog, criteria)
    if found is not None:
        return found
    computed = Scored(columns(catalog, prefs, criteria), catalog_wide(catalog["programs"]))
    cache.write(entry, _packed(computed), PREFIX)
    return computed


def _packed(found: Scored) -> dict[str, Any]:
    top, rates = found.wide
    plain = {
        name: dict(value) if isinstance(value, MappingProxyType) else value
        for name, value in rates._asdict().items()
    }
    return {
        "ids": found.columns.ids,
        "scores": found.columns.scores,
        "stand_ins": found.columns.stand_ins,
        "scale": top,
        "rates": plain,
    }


def _numbers(values: Iterable[Any]) -> bool:
    """Whether every value is a finite number or None, as scores and stand-ins are written."""
    return all(v is None or (type(v) in (float, int) and math.isfinite(v)) for v in values)


def _unpacked(data: Any, catalog: Catalog, criteria: Sequence[Criterion]) -> Scored | None:
    """The entry's contents if they have the shape written for this catalog, else None."""
    try:
        ids, scores = data["ids"], data["scores"]
        if ids != [p["id"] for p in catalog["programs"]] or list(scores) != list(criteria):
            return None
        if any(len(column) != len(ids) or not _numbers(column) for column in scores.values()):
            return None
        stand_ins = data["stand_ins"]
        if not isinstance(stand_ins, dict) or not set(criteria) <= set(stand_ins):
            return None
        if not _numbers(stand_ins.values()):
            return None
        fields: dict[str, Any] = {
            name: MappingProxyType(value) if isinstance(value, dict) else value
            for name, value in data["rates"].items()
        }
        if set(fields) != set(Rates._fields):
            return None
        rates = Rates(**fields)
        scale = data["scale"]
        if scale is not None and not (isinstance(scale, float | int) and math.isfinite(scale)):
            return None
    except (TypeError, KeyError, AttributeError):
        return None
    return Scored(Columns(ids, scores, data["stand_ins"]), (scale, rates))


def known(catalog: Catalog, query: Query, catalog_key: str) -> Known:
    """The catalog's stand-ins, scale and base rates for the query's preferences, kept in the
    user cache: ``compare`` and ``why`` then score only the programs they name."""
    kept = scored(catalog, query.prefs, criteria_of(query.weights.raw), catalog_key)
    return kept.columns.stand_ins, kept.wide
