"""The one escaping step for text that came from data (catalogs, overlays, profiles, web pages).

Terminals obey escape sequences and documents obey their own syntax, so no control character
(C0 or C1, DEL), bidi override or isolate, or invisible zero-width character reaches any output
raw: each is shown as a visible escape (``\\x1b``, ``\\u202e``). Newline and tab survive only
where a format allows them (``keep``). Format-specific escaping (HTML, Markdown, CSV) happens
after this step, in the writer of that format.
"""

from __future__ import annotations

import re
from typing import Final

#: C0 and C1 controls and DEL; bidi embeddings, overrides and isolates; zero-width and other
#: invisible format characters (U+200B-U+200F, U+2028-U+202E, U+2060-U+2069, U+FEFF).
_UNSAFE: Final = re.compile(
    "[\x00-\x08\x0b-\x1f\x7f-\x9f\u061c\u200b-\u200f\u2028-\u202e\u2060-\u2069\ufeff]"
)
_BREAKS: Final = re.compile("[\t\n]")


def _shown(match: re.Match[str]) -> str:
    code = ord(match.group())
    return f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}"


def clean(text: object, *, keep: str = "") -> str:
    """``text`` with every unsafe character escaped; tab and newline kept only if in ``keep``."""
    value = _UNSAFE.sub(_shown, str(text))
    if "\t" not in keep or "\n" not in keep:
        value = _BREAKS.sub(lambda m: m.group() if m.group() in keep else " ", value)
    return value


#: Characters JSON may carry raw but a terminal must not see raw (orjson escapes only C0).
_JSON_UNSAFE: Final = re.compile("[\x7f-\x9f\u061c\u200b-\u200f\u2028-\u202e\u2060-\u2069\ufeff]")


def json_text(text: str) -> str:
    """JSON text with those characters written as ``\\uXXXX`` escapes: the same data, safe."""
    return _JSON_UNSAFE.sub(lambda m: f"\\u{ord(m.group()):04x}", text)


#: Leading characters that make a spreadsheet read a cell as a formula (OWASP CSV injection).
FORMULA_START: Final = ("=", "+", "-", "@", "\t", "\r")


def csv_cell(value: object) -> object:
    """A CSV cell: text cleaned and, if it could start a formula, prefixed with ``'``."""
    if not isinstance(value, str):
        return value
    text = clean(value, keep="\n")
    return "'" + text if value.startswith(FORMULA_START) else text
