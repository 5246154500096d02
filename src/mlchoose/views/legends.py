"""Every mark and legend the views print, defined once: the terminal, Markdown, HTML and SVG
say the same words.

Plain text, no Rich: a view styles or escapes a legend its own way (Markdown puts a mark in
backticks), but never rewords one.
"""

from __future__ import annotations

from typing import Final

#: The dominance mark beside a rank.
DOMINATED: Final = "†"
DOMINATED_LEGEND: Final = (
    "† dominated for certain: another program's lowest possible score is at or above this one's "
    "highest on every weighted criterion and above on one, so no fact still missing can make it "
    "the better choice with these criteria (--pareto hides them)."
)

#: An unknown score, and a neutral one (region with no preferred region).
UNKNOWN: Final = "?"
NEUTRAL: Final = "-"


def unknown_legend(mark: str = UNKNOWN) -> str:
    """What an unknown score means (``mark`` as the format prints it: Markdown's is in
    backticks)."""
    return (
        f"{mark} = unknown: the total counts its stand-in there, what the catalog expects "
        "without evidence."
    )


#: A score that rests mainly on base rates, not on the program's own facts: "~0.94".
ESTIMATE: Final = "~"
ESTIMATE_LEGEND: Final = (
    "~0.94 = an estimate: more than half of the score comes from the catalog's base rates, not "
    "the program's own facts ('show' says on how many programs each rests)."
)
NEUTRAL_LEGEND: Final = (
    "Region -: no preferred region given (--prefer-region), so it counts for none."
)
STAND_IN_LEGEND: Final = (
    "An unknown score counts as its stand-in (drawn lighter in the bars): what the rule gives no "
    "evidence, the catalog's base rates (for faculty, the mean known score), neither punished "
    "nor rewarded. Points marked ~ come from such an average."
)
SCORES_LEGEND: Final = "Scores 0-1: "


def evidence_legend(header: str) -> str:
    """What the evidence column means, under the header the format gives it."""
    return f"{header} = share of the weight that rests on the program's own facts."


#: After a cost in a table cell: tuition alone, the fees being unknown.
FEES_MARK: Final = "+"
FEES_LEGEND: Final = "Cost +: tuition alone, fees not published ('show' gives the most they add)."


def cost_legend(*, fees: bool, year: str | None) -> str:
    """The ranking table's cost column (thousands of dollars) and the marks it shows: ``+``,
    and an old price year (``year``, e.g. "2013-14", shown as '13)."""
    said = "Cost: the whole degree in thousands of dollars"
    said += "; + tuition alone, fees not published" if fees else ""
    said += f"; '{year[2:4]} priced in {year}, older than last year" if year else ""
    return said + "."


RANGE_LEGEND: Final = (
    "Total (low-high): the range the total can still take while facts are partial or unknown."
)
ROBUSTNESS_NOTE: Final = (
    "Among the programs in this report: the share of trials in which the program ranks first, "
    "its median rank, and the range that holds 90% of its ranks (5th to 95th percentile). Each "
    "trial draws the weights around yours and every uncertain score inside its range: how sure "
    "the order is, given what the catalog does not know."
)
EARNINGS_LEGEND: Final = (
    "Graduate earnings: College Scorecard medians (release 2026-06-10) for all master's "
    "graduates of the university in that field, not this program alone."
)
