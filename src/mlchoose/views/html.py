"""The shared report as one self-contained HTML page, rendered from Jinja2 templates.

The templates (``templates/*.html.j2``) escape every value they print (autoescaping), so catalog
text can never become markup; only the inline SVG from :mod:`mlchoose.views.svg` and the
package's own CSS (``templates/report.css``, inlined) enter as markup. The page needs no network:
the only links that leave it are the programs' source links, and only for http(s) URLs.

Jinja2 is imported here only, and only ``report --out x.html`` imports this module, so no other
command pays for it.
"""

from __future__ import annotations

import datetime as dt
import functools
from collections.abc import Mapping
from importlib import resources
from typing import TYPE_CHECKING, Any, NamedTuple

from jinja2 import Environment, PackageLoader, StrictUndefined
from markupsafe import Markup

from mlchoose import __version__
from mlchoose.views import columns, facts, svg
from mlchoose.views.labels import NAMES, SHORT
from mlchoose.views.legends import (
    DOMINATED,
    DOMINATED_LEGEND,
    NEUTRAL_LEGEND,
    ROBUSTNESS_NOTE,
    STAND_IN_LEGEND,
    evidence_legend,
    unknown_legend,
)
from mlchoose.views.safe import clean
from mlchoose.views.shortlist import (
    TITLE,
    Figures,
    card_facts,
    heading,
    is_web,
    region_neutral,
    source_keys,
)
from mlchoose.vocab import CRITERIA, criteria_of

if TYPE_CHECKING:
    from mlchoose.core.ranking import ProgramResult, Ranking
    from mlchoose.vocab import Criterion


class Listed(NamedTuple):
    """One entry of a card's numbered source list."""

    number: int
    url: str
    about: str
    title: str | None
    note: str | None


class Citations(facts.Citations):
    """A program's sources, numbered as the page cites them (the template asks in page order),
    so the ``[n]`` markers count up down the card; uncited own sources are listed last."""

    def __init__(self, result: ProgramResult) -> None:
        super().__init__(result.sources)
        self.result = result

    def anchor(self, number: int) -> str:
        return f"s-{self.result.program['id']}-{number}"

    def listed(self) -> list[Listed]:
        """Every source the program lists, numbered: cited ones first, as they were cited."""
        for key in source_keys(self.result):
            self.number(key)
        own = self.result.program["sources"]
        found = []
        for number, key in enumerate(self.order, start=1):
            source = self.sources[key]
            kind = source.get("kind", "official")
            about = f" ({source['year']}{'' if kind == 'official' else ', ' + kind})"
            note = source.get("note") if key in own else None
            found.append(Listed(number, source["url"], about, source.get("title"), note))
        return found


def points_text(
    result: ProgramResult, criterion: Criterion, weights: Mapping[Criterion, float]
) -> str:
    """What a criterion adds to the total, saying when it rests on the stand-in."""
    points = result.contributions[criterion]
    stand_in = result.stand_ins[criterion]
    if points is None:
        return "no points (weight 0)" if weights[criterion] == 0 else "no points"
    if result.scores[criterion].score is None and stand_in is not None:
        return f"~{points:.1f} points (counted as its stand-in, {stand_in:.2f})"
    return f"{points:.1f} points"


def shared_sources(ranking: Ranking) -> dict[str, str]:
    """Notes of shared sources (e.g. the faculty table's licence), once for the whole report:
    URL -> note."""
    shared: dict[str, str] = {}
    for r in ranking.results:
        for key, source in r.sources.items():
            if key not in r.program["sources"] and "note" in source:
                shared.setdefault(source["url"], source["note"])
    return shared


#: CSS classes of the ranking's columns: figures align right; the narrow layout hides the
#: University, the Region and the score columns (each program's card has them).
_HIDDEN_NARROW = {"university": "uni", "region": "reg"}


def column_class(col: columns.RankColumn) -> str:
    classes = ["n"] if col.right else []
    if col.key in _HIDDEN_NARROW:
        classes.append(_HIDDEN_NARROW[col.key])
    if col.key.startswith("score:"):
        classes.append("crit-col")
    return " ".join(classes)


def swatch(criterion: Criterion, stand_in: bool = False) -> Markup:
    return Markup(svg.swatch(criterion, stand_in))


def _safe(value: Any) -> Any:
    """Every printed value through the views' one escaping step (before autoescaping); markup
    the views built themselves stays markup."""
    if isinstance(value, Markup):
        return Markup(clean(str(value), keep="\t\n"))
    return clean(value, keep="\n") if isinstance(value, str) else value


@functools.cache
def environment() -> Environment:
    """The templates' environment: autoescaping on, unknown names an error, the views' number
    formats as filters."""
    env = Environment(
        loader=PackageLoader("mlchoose", "views/templates"),
        autoescape=True,
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
        finalize=_safe,
    )
    env.filters.update(
        percent=facts.percent,
        score=facts.score,
        score_of=facts.score_of,
        total=facts.total,
        g=lambda v: f"{v:g}",
    )
    env.tests["web"] = is_web
    env.globals["is_neutral"] = facts.neutral
    env.globals.update(
        citations=Citations,
        fact_rows=card_facts,
        points_text=points_text,
        swatch=swatch,
        names=NAMES,
        short=SHORT,
        criteria=CRITERIA,
        title=TITLE,
        unknown_note=" ".join([unknown_legend(), STAND_IN_LEGEND, evidence_legend("Evidence")]),
        version=__version__,
    )
    return env


def css() -> str:
    """The page's style sheet, a package file so it is edited as CSS, not as a Python string."""
    return resources.files("mlchoose.views").joinpath("templates/report.css").read_text("utf-8")


def report(
    ranking: Ranking,
    *,
    generated: dt.date,
    catalog_version: str,
    robustness: Figures | None = None,
    dominated: Mapping[str, str] | None = None,
) -> str:
    """One self-contained HTML page: weights, chart, ranked table, robustness, program cards."""
    scale = svg.chart_scale(ranking.results)
    ticks = svg.ticks(scale)
    template = environment().get_template("report.html.j2")
    return template.render(
        ranking=ranking,
        robustness=robustness,
        generated=generated.isoformat(),
        catalog_version=catalog_version,
        heading=heading(ranking),
        css=Markup(css()),
        scale=scale,
        ticks=ticks,
        bar=lambda result: Markup(svg.bar(result, scale, ticks)),
        shared=shared_sources(ranking),
        dominated=dominated or {},
        dagger=DOMINATED,
        dominated_note=DOMINATED_LEGEND,
        neutral_note=NEUTRAL_LEGEND if region_neutral(ranking) else "",
        robustness_note=ROBUSTNESS_NOTE,
        range_shown=facts.RANGE_SHOWN,
        columns=columns.for_format(
            columns.ranking_columns(dominated=dominated, criteria=criteria_of(ranking.weights)),
            "html",
        ),
        css_class=column_class,
    )
