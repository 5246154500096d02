"""What each criterion is called and drawn in, in one place for every view.

Plain data, no Rich, so the Markdown and SVG writers can use it without loading a terminal
library. Each view picks the length that fits its space: a heading, a narrow column, a letter.
"""

from __future__ import annotations

from mlchoose.vocab import Criterion

#: Full names, for headings, legends and program cards.
NAMES: dict[Criterion, str] = {
    "curriculum": "Curriculum",
    "specializations": "Specializations",
    "faculty": "Faculty",
    "industry": "Industry ties",
    "region": "Region fit",
    "outcomes": "Graduate earnings",
}
#: Abbreviations for narrow columns, such as the terminal's ranking table.
TERSE: dict[Criterion, str] = {
    "curriculum": "Curr",
    "specializations": "Spec",
    "faculty": "Fac",
    "industry": "Ind",
    "region": "Reg",
    "outcomes": "Earn",
}
#: The abbreviations marked as such, for the report's ranking table.
SHORT: dict[Criterion, str] = {c: f"{t}." for c, t in TERSE.items()}
#: Column headings of ``rank --format markdown`` (kept as released: scripts may read them).
HEADINGS: dict[Criterion, str] = {
    "curriculum": "Curric.",
    "specializations": "Spec.",
    "faculty": "Faculty",
    "industry": "Industry",
    "region": "Region fit",
    "outcomes": "Earnings",
}
#: One letter per criterion, for bars drawn without colour.
LETTERS: dict[Criterion, str] = {c: t[0] for c, t in TERSE.items()}
#: One colour per criterion (Okabe-Ito, readable for colour-blind people), shared by the terminal
#: bars (Rich downsamples them for 256- and 16-colour terminals) and the HTML and SVG report.
COLOURS: dict[Criterion, str] = {
    "curriculum": "#0072b2",
    "specializations": "#e69f00",
    "faculty": "#009e73",
    "industry": "#cc79a7",
    "region": "#d55e00",
    "outcomes": "#56b4e9",
}
#: The same five criteria in a terminal of 8 (or 16) colours (``TERM=xterm``): five different
#: colours of the basic palette, close to the hues above (blue, orange -> yellow, bluish green ->
#: green, reddish purple -> magenta, vermillion -> red). Rich would map the hues above to that
#: palette itself, but curriculum's blue and faculty's green both land on cyan.
STANDARD_COLOURS: dict[Criterion, str] = {
    "curriculum": "blue",
    "specializations": "yellow",
    "faculty": "green",
    "industry": "magenta",
    "region": "red",
    "outcomes": "cyan",
}
