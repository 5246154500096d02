"""The DHS STEM Designated Degree Program List (2024) by CIP code, shipped with the package.

Read once, on the first question: only commands that show or filter STEM status pay for it.
See data/README.md for its source and licence.
"""

from __future__ import annotations

import csv
import functools
import io
from importlib.resources import files

TABLE = "dhs_stem_cip.csv"
#: The catalog's shared source key for facts derived from this list.
SOURCE_KEY = "dhs-stem-2024"
#: Two-digit CIP series the DHS list includes whole (engineering, biological and biomedical
#: sciences, mathematics and statistics, physical sciences), codes added later among them.
WHOLE_SERIES = frozenset({"14", "26", "27", "40"})


def is_stem(code: str) -> bool:
    """Whether a CIP code is on the DHS STEM list: listed, or in a series listed whole."""
    return code in stem_codes() or code[:2] in WHOLE_SERIES


@functools.cache
def stem_codes() -> dict[str, str]:
    """CIP code -> its title, for every code on the list."""
    text = files("mlchoose.data").joinpath(TABLE).read_text(encoding="utf-8")
    rows = csv.DictReader(io.StringIO(text))
    return {row["2020 CIP Code"]: row["CIP Code Title"] for row in rows}
