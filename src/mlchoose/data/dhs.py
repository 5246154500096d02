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


@functools.cache
def stem_codes() -> dict[str, str]:
    """CIP code -> its title, for every code on the list."""
    text = files("mlchoose.data").joinpath(TABLE).read_text(encoding="utf-8")
    rows = csv.DictReader(io.StringIO(text))
    return {row["2020 CIP Code"]: row["CIP Code Title"] for row in rows}
