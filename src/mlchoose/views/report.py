"""A shortlist report to share: one self-contained HTML file, a standalone SVG chart, or Markdown.

The HTML needs no network: the CSS is inline and the charts are inline SVG whose bar lengths are
exactly proportional to the points each criterion contributes (taken from the core's
:attr:`ProgramResult.contributions`; nothing here computes a score). The only links that leave
the file are the programs' source links. Every catalog text is escaped with :func:`html.escape`.

Robustness figures are computed elsewhere and passed in as ``id -> (share_first, median_rank,
p5, p95)``; the robustness section appears only when they are given.
"""

from __future__ import annotations

import datetime as dt
import html
import math
from collections.abc import Iterable, Iterator, Mapping, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any, Literal
from urllib.parse import urlsplit

from mlchoose import __version__
from mlchoose.errors import USAGE_ERROR, MlchooseError
from mlchoose.views import facts
from mlchoose.views.bars import COLOURS, Segment, segments, weighted
from mlchoose.vocab import CRITERIA, Criterion

if TYPE_CHECKING:
    from mlchoose.core.ranking import ProgramResult, Ranking
    from mlchoose.core.robustness import Robustness as Spread
    from mlchoose.data.models import Source

Format = Literal["html", "svg", "markdown"]
#: The report format follows the suffix of the output file.
SUFFIXES: dict[str, Format] = {".html": "html", ".htm": "html", ".svg": "svg", ".md": "markdown"}
#: Per program id: share of trials ranked first (0-1), median rank, 5th and 95th percentile rank.
Robustness = Mapping[str, tuple[float, float, float, float]]

TITLE = "ML master's shortlist"
#: Width of a bar's viewBox in the HTML: a bar of ``scale`` points is this long.
BAR_UNITS = 1000.0
#: Points that rest on the catalog-average stand-in for an unknown score are drawn in a tint of
#: the criterion's colour: this much colour, the rest white (opaque, so it prints the same).
STAND_IN_TINT = 0.45
LABELS: dict[Criterion, str] = {
    "curriculum": "Curriculum",
    "specializations": "Specializations",
    "faculty": "Faculty",
    "industry": "Industry ties",
    "region": "Region fit",
}
SHORT: dict[Criterion, str] = {
    "curriculum": "Curr.",
    "specializations": "Spec.",
    "faculty": "Fac.",
    "industry": "Ind.",
    "region": "Reg.",
}
UNKNOWN_NOTE = (
    "? = unknown: no sourced evidence. An unknown score counts as the catalog's average score for "
    "that criterion (drawn lighter in the bars), neither punished nor rewarded. Evidence = share "
    "of the weight that rests on the program's own facts."
)


def format_of(path: Path) -> Format:
    """The report format for an output file, from its suffix; anything else is a usage error."""
    found = SUFFIXES.get(path.suffix.lower())
    if found is None:
        choices = ", ".join(SUFFIXES)
        raise MlchooseError(
            f"cannot tell the report format of {str(path)!r}: end the file name in {choices}",
            USAGE_ERROR,
        )
    return found


def render(
    ranking: Ranking,
    fmt: Format,
    *,
    generated: dt.date,
    catalog_version: str,
    robustness: Spread | None = None,
) -> str:
    """The report in ``fmt`` (see :func:`html_report`, :func:`svg_chart`, :func:`markdown`)."""
    figures = (
        None
        if robustness is None
        else {r.program: (r.first, r.median, r.low, r.high) for r in robustness.results}
    )
    if fmt == "svg":
        return svg_chart(ranking, generated=generated, catalog_version=catalog_version)
    make = html_report if fmt == "html" else markdown
    return make(ranking, generated=generated, catalog_version=catalog_version, robustness=figures)


# --- shared pieces ------------------------------------------------------------------------------


def _e(text: object) -> str:
    return html.escape(str(text), quote=True)


def _num(value: float) -> str:
    """A coordinate for SVG: enough digits that lengths stay proportional."""
    return f"{value:.4f}".rstrip("0").rstrip(".") or "0"


def chart_scale(results: Iterable[ProgramResult]) -> float:
    """Points that fill a bar: the best total shown, rounded up to ten (10 to 100)."""
    best = max((r.total for r in results if r.total is not None), default=0.0)
    return float(min(100, max(10, math.ceil(best / 10 - 1e-9) * 10)))


def _ticks(scale: float) -> list[int]:
    step = 10 if scale <= 50 else 20
    return list(range(0, int(scale) + 1, step))


def _weights_text(weights: Mapping[Criterion, float]) -> str:
    return ", ".join(f"{c} {facts.percent(w)}" for c, w in weights.items())


def _title(ranking: Ranking) -> str:
    shown = len(ranking.results)
    of = f"{shown} of {ranking.size}" if shown < ranking.size else f"{shown}"
    return f"{of} program{'s' if ranking.size != 1 else ''}, best first"


def _segment_text(part: Segment) -> str:
    extra = " (catalog average: unknown score)" if part.stand_in else ""
    return f"{part.criterion}: {part.points:.1f} points{extra}"


def _is_web(url: str) -> bool:
    return urlsplit(url).scheme in ("http", "https")


def _link(url: str) -> str:
    """A clickable link, showing the URL itself (it survives printing), for an http(s) URL only."""
    return f'<a href="{_e(url)}">{_e(url)}</a>' if _is_web(url) else _e(url)


class _Citations(facts.Citations):
    """A program's sources as linked ``[n]`` markers; uncited own ones are listed last."""

    def __init__(self, result: ProgramResult) -> None:
        super().__init__(result.sources)
        self.ident = result.program["id"]
        self.own = result.program["sources"]

    def anchor(self, number: int) -> str:
        return f"s-{self.ident}-{number}"

    def mark(self, key: str | None) -> str:
        number = self.number(key)
        if number is None:
            return ""
        return f' <sup><a class="cite" href="#{self.anchor(number)}">[{number}]</a></sup>'

    def listed(self, result: ProgramResult) -> list[tuple[int, str, Source]]:
        """Every source the program lists, numbered: cited ones first, as they were cited."""
        for key in source_keys(result):
            self.number(key)
        return [(n, k, self.sources[k]) for n, k in enumerate(self.order, start=1)]


def source_keys(result: ProgramResult) -> list[str]:
    """Keys of the sources a report lists for a program: the ones it cites, then its own."""
    from mlchoose.data.catalog import cited

    keys = [key for _, key in cited(result.program)]
    keys += [e.source for s in result.scores.values() for e in s.evidence if e.source]
    keys += list(result.program["sources"])
    return [k for k in dict.fromkeys(keys) if k in result.sources]


# --- HTML ---------------------------------------------------------------------------------------

CSS = """
:root{--ink:#1d2430;--muted:#5b6472;--line:#d9dde3;--soft:#f4f6f8;--accent:#0b5cad}
*{box-sizing:border-box}
html{-webkit-text-size-adjust:100%;text-size-adjust:100%}
body{margin:0;color:var(--ink);background:#fff;
 font:16px/1.5 system-ui,-apple-system,"Segoe UI",Roboto,"Helvetica Neue",Arial,sans-serif}
main{max-width:62rem;margin:0 auto;padding:1.25rem 1rem 3rem}
h1{font-size:1.7rem;line-height:1.2;margin:.2rem 0 .4rem}
h2{font-size:1.25rem;margin:2rem 0 .6rem;padding-bottom:.25rem;border-bottom:2px solid var(--line)}
h3{font-size:1.1rem;line-height:1.3;margin:0}
h4{font-size:.95rem;margin:1rem 0 .3rem}
p{margin:.4rem 0}
a{color:var(--accent);overflow-wrap:anywhere}
.muted{color:var(--muted)}
.small{font-size:.85rem}
.meta{color:var(--muted);font-size:.9rem}
.note{background:#fff8e1;border-left:4px solid #e6a700;padding:.35rem .6rem;margin:.4rem 0}
.weights{display:flex;flex-wrap:wrap;gap:.35rem 1.1rem;list-style:none;padding:0;
 margin:.5rem 0}
.weights li{display:flex;align-items:center;gap:.4rem;white-space:nowrap}
.lighter{display:inline-flex;align-items:center;gap:.4rem;vertical-align:middle}
.swatch{width:.9rem;height:.9rem;flex:none}
.chart{margin:.6rem 0}
.row{display:grid;grid-template-columns:minmax(9rem,15rem) 1fr 3.2rem;align-items:center;
 gap:.2rem .75rem;padding:.2rem 0}
.row .label{min-width:0;line-height:1.25}
.row .label span{display:block;overflow:hidden;text-overflow:ellipsis;white-space:nowrap}
.row .num{text-align:right;font-variant-numeric:tabular-nums;font-weight:600}
svg.bar{display:block;width:100%;height:1.1rem;background:var(--soft)}
.axis{position:relative;height:1.2rem;font-size:.75rem;color:var(--muted)}
.axis span{position:absolute;transform:translateX(-50%)}
.axis span:first-child{transform:none}
.axis span:last-child{transform:translateX(-100%)}
.scroll{overflow-x:auto;-webkit-overflow-scrolling:touch}
table{border-collapse:collapse;width:100%;font-size:.92rem}
th,td{padding:.3rem .45rem;border-bottom:1px solid var(--line);text-align:left;
 vertical-align:top}
th{background:var(--soft);font-weight:600}
td.n,th.n{text-align:right;font-variant-numeric:tabular-nums;white-space:nowrap}
th.n,td.unknown[colspan]{white-space:normal}
td.unknown{color:var(--muted)}
.only-narrow{display:none}
.cards{display:flex;flex-direction:column;gap:1rem}
.card{border:1px solid var(--line);border-radius:.5rem;padding:1rem}
.card-head{display:grid;grid-template-columns:auto 1fr auto;align-items:baseline;gap:.2rem .75rem}
.rank{font-weight:700;color:#fff;background:var(--ink);border-radius:1rem;padding:0 .55rem;
 font-size:.9rem}
.total{font-size:.95rem;white-space:nowrap}
table.fit{width:auto;min-width:60%}
.total b{font-size:1.25rem}
.card svg.bar{margin:.6rem 0 .2rem}
dl.facts{display:grid;grid-template-columns:max-content 1fr;gap:.15rem 1rem;margin:.6rem 0}
dl.facts dt{font-weight:600}
dl.facts dd{margin:0;overflow-wrap:anywhere}
.scores{list-style:none;padding:0;margin:.3rem 0}
.scores>li{padding:.35rem 0;border-top:1px solid var(--line)}
.scores .head{display:flex;flex-wrap:wrap;gap:.1rem .8rem;align-items:baseline}
.scores .crit{font-weight:600;min-width:10.5rem;display:flex;align-items:center;gap:.4rem}
.scores ul{margin:.2rem 0 0;padding-left:1.2rem;font-size:.9rem}
.rule{font-size:.82rem;color:var(--muted);margin:.15rem 0 0}
ol.sources{font-size:.88rem;padding-left:1.6rem;margin:.3rem 0}
ol.sources li{margin:.15rem 0;overflow-wrap:anywhere}
sup{line-height:0}
a.cite{text-decoration:none}
footer{margin-top:2.5rem;font-size:.85rem;color:var(--muted)}
@media (max-width:640px){
 main{padding:1rem .75rem 2rem}
 h1{font-size:1.4rem}
 .row{grid-template-columns:1fr 3rem}
 .row .label{grid-column:1/-1}
 .uni,.crit-col,.reg{display:none}
 td.id{white-space:nowrap}
 .only-narrow{display:block}
 dl.facts{gap:.2rem .7rem}
 .scores .crit{flex-basis:100%}
 .card-head{grid-template-columns:auto 1fr}
 .total{grid-column:1/-1}
}
@media print{
 @page{margin:1.5cm}
 body{font-size:10.5pt}
 main{max-width:none;padding:0}
 *{-webkit-print-color-adjust:exact;print-color-adjust:exact}
 a{color:inherit;text-decoration:none}
 h2,h3,h4{break-after:avoid}
 .row,tr,.scores>li,ol.sources li{break-inside:avoid}
 .card{break-inside:avoid-page;border-color:#999}
 .scroll{overflow:visible}
 table{font-size:9pt}
 .uni{display:none}
 .crit-col,.reg{display:table-cell}
 td.id{white-space:nowrap}
 .only-narrow{display:none}
}
"""


def fill(criterion: Criterion, stand_in: bool = False) -> str:
    """The criterion's colour, or its lighter tint for points resting on a stand-in."""
    colour = COLOURS[criterion]
    if not stand_in:
        return colour
    channels = (int(colour[i : i + 2], 16) for i in (1, 3, 5))
    return "#" + "".join(f"{round(255 - (255 - c) * STAND_IN_TINT):02x}" for c in channels)


def _swatch(criterion: Criterion, stand_in: bool = False) -> str:
    return (
        '<svg class="swatch" viewBox="0 0 10 10" aria-hidden="true">'
        f'<rect width="10" height="10" fill="{fill(criterion, stand_in)}"/></svg>'
    )


def bar_rects(parts: Sequence[Segment], scale: float, units: float) -> list[tuple[float, float]]:
    """(x, width) per segment when ``scale`` points are ``units`` long: exactly proportional."""
    placed, x = [], 0.0
    for part in parts:
        width = part.points / scale * units
        placed.append((x, width))
        x += width
    return placed


def _data(part: Segment) -> str:
    """Attributes that let a reader (or a test) check a bar against the numbers."""
    stand_in = ' data-stand-in="true"' if part.stand_in else ""
    return f'data-criterion="{part.criterion}" data-points="{part.points!r}"{stand_in}'


def _bar_svg(result: ProgramResult, scale: float, ticks: Sequence[int]) -> str:
    """One program's stacked bar, stretched to the width of its box (text stays outside)."""
    parts = segments(result)
    label = f"{result.program['id']}: " + (
        "; ".join(_segment_text(p) for p in parts) or "no points"
    )
    out = [
        f'<svg class="bar" viewBox="0 0 {_num(BAR_UNITS)} 20" preserveAspectRatio="none" '
        f'role="img" aria-label="{_e(label)}" data-scale="{_num(scale)}">'
    ]
    for tick in ticks[1:-1]:
        at = _num(tick / scale * BAR_UNITS)
        out.append(
            f'<line x1="{at}" x2="{at}" y1="0" y2="20" stroke="#c3c8cf" stroke-width="1" '
            'vector-effect="non-scaling-stroke"/>'
        )
    for part, (x, width) in zip(parts, bar_rects(parts, scale, BAR_UNITS), strict=True):
        out.append(
            f'<rect x="{_num(x)}" y="0" width="{_num(width)}" height="20" '
            f'fill="{fill(part.criterion, part.stand_in)}" {_data(part)} stroke="#fff" '
            'stroke-width="1" vector-effect="non-scaling-stroke">'
            f"<title>{_e(_segment_text(part))}</title></rect>"
        )
    out.append("</svg>")
    return "".join(out)


def _lighter_html() -> str:
    return (
        f'<span class="lighter">{_swatch("faculty", True)}<span>lighter: the catalog average, '
        "counted for an unknown score</span></span>"
    )


def _chart_html(ranking: Ranking) -> str:
    scale = chart_scale(ranking.results)
    ticks = _ticks(scale)
    rows = []
    for r in ranking.results:
        ident = r.program["id"]
        rows.append(
            '<div class="row">'
            f'<div class="label"><a href="#p-{_e(ident)}">{r.rank}. {_e(ident)}</a>'
            f'<span class="muted small">{_e(r.program["university"])}</span></div>'
            f"{_bar_svg(r, scale, ticks)}"
            f'<div class="num">{_e(facts.total(r.total))}</div></div>'
        )
    axis = "".join(f'<span style="left:{100 * t / scale:g}%">{t}</span>' for t in ticks)
    rows.append(
        f'<div class="row"><div class="label"></div><div class="axis">{axis}</div><div></div></div>'
    )
    return (
        '<section id="chart"><h2>Points per criterion</h2>'
        "<p>Each bar is a program's total, split into the points each criterion adds, in the "
        f"colours of the weights above; a full bar is {scale:g} points. {_lighter_html()}</p>"
        f'<div class="chart">{"".join(rows)}</div></section>'
    )


def _weights_html(ranking: Ranking) -> str:
    items = "".join(
        f"<li>{_swatch(c)}{_e(LABELS[c])} <b>{facts.percent(w)}</b></li>"
        for c, w in ranking.weights.items()
    )
    notes = "".join(f'<p class="note">{_e(n)}</p>' for n in ranking.notes)
    return (
        '<section id="weights"><h2>Weights used</h2>'
        "<p>Each program's total (0-100) is the weighted sum of its criterion scores (0-1) with "
        f'these weights.</p><ul class="weights">{items}</ul>{notes}</section>'
    )


def _score_td(value: float | None) -> str:
    if value is None:
        return '<td class="n unknown crit-col" title="unknown">?</td>'
    return f'<td class="n crit-col">{facts.score(value)}</td>'


def _table_html(ranking: Ranking) -> str:
    head = (
        '<tr><th class="n">#</th><th>Program</th><th class="uni">University</th>'
        '<th class="reg">Region</th><th class="n">Total</th>'
        + "".join(
            f'<th class="n crit-col" title="{_e(LABELS[c])}">{SHORT[c]}</th>' for c in CRITERIA
        )
        + '<th class="n">Evidence</th></tr>'
    )
    body = []
    for r in ranking.results:
        ident = r.program["id"]
        body.append(
            f'<tr><td class="n">{r.rank}</td>'
            f'<td class="id"><a href="#p-{_e(ident)}">{_e(ident)}</a></td>'
            f'<td class="uni">{_e(r.program["university"])}</td>'
            f'<td class="reg">{_e(r.program["region"])}</td>'
            f'<td class="n"><b>{_e(facts.total(r.total))}</b></td>'
            + "".join(_score_td(r.scores[c].score) for c in CRITERIA)
            + f'<td class="n">{facts.percent(r.coverage)}</td></tr>'
        )
    return (
        f'<section id="ranking"><h2>Ranking</h2><p class="muted">{_e(_title(ranking))}.</p>'
        f'<div class="scroll"><table><thead>{head}</thead><tbody>{"".join(body)}</tbody>'
        f'</table></div><p class="small muted">Scores 0-1. {_e(UNKNOWN_NOTE)}</p>'
        '<p class="small muted only-narrow">Scores per criterion: in each program below, or '
        "on a wider screen.</p></section>"
    )


def _robustness_html(ranking: Ranking, robustness: Robustness) -> str:
    rows = []
    for r in ranking.results:
        ident = r.program["id"]
        figures = robustness.get(ident)
        if figures is None:
            cells = '<td class="n unknown" colspan="3">not computed</td>'
        else:
            share, median, low, high = figures
            cells = (
                f'<td class="n">{facts.percent(share)}</td><td class="n">{median:g}</td>'
                f'<td class="n">{low:g}-{high:g}</td>'
            )
        rows.append(
            f'<tr><td class="n">{r.rank}</td><td><a href="#p-{_e(ident)}">{_e(ident)}</a></td>'
            f"{cells}</tr>"
        )
    return (
        '<section id="robustness"><h2>Robustness</h2>'
        "<p>How stable each place is: the share of trials in which the program ranks first, its "
        "median rank, and the range that holds 90% of its ranks (5th to 95th percentile).</p>"
        '<div class="scroll"><table class="fit"><thead><tr><th class="n">#</th><th>Program</th>'
        '<th class="n">First</th><th class="n">Median rank</th><th class="n">90% of ranks</th>'
        f"</tr></thead><tbody>{''.join(rows)}</tbody></table></div></section>"
    )


def _fact_rows(result: ProgramResult, cite: _Citations) -> list[tuple[str, str]]:
    program = result.program

    def marked(text: str, fact: Mapping[str, Any] | None) -> str:
        return _e(text) + ("" if fact is None else cite.mark(fact["source"]))

    cost = result.cost
    total = facts.cost(cost) + (f" = {cost.formula}" if cost.known else "")

    rows = [
        ("Degree", _e(f"{program['degree']}, {program['department']}")),
        ("Place", _e(f"{program['city']}, {program['state']} ({program['region']})")),
        ("Web", _link(program["url"])),
        ("Delivery", marked(facts.delivery(program), program["delivery"])),
        ("Duration", marked(facts.duration(program), program["duration"])),
        ("Tuition", marked(facts.tuition(program, cite.sources), program["tuition"])),
        ("Fees", marked(facts.fees(program), program["fees"])),
        ("Credits", marked(facts.credits(program), program["credits"])),
        ("Total cost", _e(total)),
        ("STEM (OPT)", marked(facts.stem(program), program["stem"])),
        ("GRE", marked(facts.gre(program), program["gre"])),
        ("Deadline", marked(facts.deadline(program), program["deadline"])),
        ("Course list", _e(program["course_list"])),
        ("Checked", _e(program["checked"])),
    ]
    for name in ("delivery", "duration", "tuition"):
        fact = program[name]
        if fact is not None and "note" in fact:
            rows.append((f"On {name}", _e(fact["note"])))
    return rows


def _scores_html(
    result: ProgramResult, weights: Mapping[Criterion, float], cite: _Citations
) -> str:
    items = []
    for criterion, item in result.scores.items():
        points = result.contributions[criterion]
        stand_in = result.stand_ins[criterion]
        if points is None:
            got = "no points (weight 0)" if weights[criterion] == 0 else "no points"
        elif item.score is None and stand_in is not None:
            got = f"~{points:.1f} points (counted as the catalog average, {stand_in:.2f})"
        else:
            got = f"{points:.1f} points"
        evidence = "".join(f"<li>{_e(e.text)}{cite.mark(e.source)}</li>" for e in item.evidence)
        items.append(
            f'<li><div class="head"><span class="crit">{_swatch(criterion)}'
            f"{_e(LABELS[criterion])}</span><span>score <b>{facts.score(item.score)}</b></span>"
            f"<span>weight {facts.percent(weights[criterion])}</span><span>{_e(got)}</span></div>"
            f'<p class="rule">{_e(item.rule)}</p>'
            + (f"<ul>{evidence}</ul>" if evidence else "")
            + "</li>"
        )
    return f'<h4>Scores</h4><ul class="scores">{"".join(items)}</ul>'


def _sources_html(result: ProgramResult, cite: _Citations) -> str:
    items = []
    for number, key, source in cite.listed(result):
        kind = source.get("kind", "official")
        about = f" ({_e(source['year'])}{'' if kind == 'official' else ', ' + _e(kind)})"
        title = f'<br><span class="muted">{_e(source["title"])}</span>' if "title" in source else ""
        note = (
            f'<br><span class="muted small">{_e(source["note"])}</span>'
            if "note" in source and key in cite.own
            else ""
        )
        items.append(
            f'<li id="{cite.anchor(number)}">{_link(source["url"])}'
            f'<span class="muted">{about}</span>{title}{note}</li>'
        )
    return f'<h4>Sources</h4><ol class="sources">{"".join(items)}</ol>' if items else ""


def _card_html(
    result: ProgramResult,
    weights: Mapping[Criterion, float],
    scale: float,
    ticks: Sequence[int],
    robustness: Robustness | None,
) -> str:
    program = result.program
    ident = program["id"]
    cite = _Citations(result)
    also = f"; also {', '.join(program['aliases'])}" if program["aliases"] else ""
    facts_html = "".join(f"<dt>{_e(k)}</dt><dd>{v}</dd>" for k, v in _fact_rows(result, cite))
    parts = [
        f'<article class="card" id="p-{_e(ident)}"><div class="card-head">'
        f'<span class="rank">#{result.rank}</span><h3>{_e(program["name"])}</h3>'
        f'<span class="total"><b>{_e(facts.total(result.total))}</b> points · evidence '
        f"{facts.percent(result.coverage)}</span></div>"
        f'<p class="muted">{_e(program["university"])} · <code>{_e(ident)}</code>{_e(also)}</p>',
        _bar_svg(result, scale, ticks),
    ]
    if robustness is not None and ident in robustness:
        share, median, low, high = robustness[ident]
        parts.append(
            f'<p class="small">Robustness: first in {facts.percent(share)} of trials, median rank '
            f"{median:g}, 90% of ranks between {low:g} and {high:g}.</p>"
        )
    parts.append(f'<dl class="facts">{facts_html}</dl>')
    parts.append(_scores_html(result, weights, cite))
    claim = program["article"]
    if claim is not None:
        parts.append(
            f"<h4>The seed article</h4><p><b>Says:</b> {_e(claim['claim'])}</p>"
            f"<p><b>The sources say:</b> {_e(claim['correction'])}{cite.mark(claim['source'])}</p>"
        )
    if program["notes"]:
        notes = "".join(
            f"<li>{_e(n['text'])}{cite.mark(n.get('source'))}</li>" for n in program["notes"]
        )
        parts.append(f"<h4>Notes</h4><ul>{notes}</ul>")
    parts.append(_sources_html(result, cite))
    parts.append("</article>")
    return "".join(parts)


def _shared_sources_html(ranking: Ranking) -> str:
    """Notes of shared sources (e.g. the faculty table's licence), once for the whole report."""
    shared: dict[str, Source] = {}
    for r in ranking.results:
        for key, source in r.sources.items():
            if key not in r.program["sources"] and "note" in source:
                shared.setdefault(source["url"], source)
    items = "".join(f"<li>{_link(url)}: {_e(s['note'])}</li>" for url, s in shared.items())
    return f"<h4>Shared sources</h4><ul>{items}</ul>" if items else ""


def html_report(
    ranking: Ranking,
    *,
    generated: dt.date,
    catalog_version: str,
    robustness: Robustness | None = None,
) -> str:
    """One self-contained HTML page: weights, chart, ranked table, robustness, program cards."""
    scale = chart_scale(ranking.results)
    ticks = _ticks(scale)
    cards = "".join(
        _card_html(r, ranking.weights, scale, ticks, robustness) for r in ranking.results
    )
    meta = (
        f"Made on {generated.isoformat()} with mlchoose {__version__} · catalog {catalog_version}"
    )
    sections = [
        f'<header><h1>{_e(TITLE)}</h1><p class="meta">{_e(meta)}</p>'
        f"<p>{_e(_title(ranking))}, scored from sourced facts with the weights below.</p>"
        "</header>",
        _weights_html(ranking),
        _chart_html(ranking),
        _table_html(ranking),
        _robustness_html(ranking, robustness) if robustness is not None else "",
        f'<section id="programs"><h2>Programs</h2><div class="cards">{cards}</div></section>',
        f"<footer><p>{_e(UNKNOWN_NOTE)}</p><p>Scores are computed across the whole catalog; "
        "each card lists the facts and the sources they come from. Check the sources before "
        f"deciding: pages change.</p>{_shared_sources_html(ranking)}</footer>",
    ]
    return (
        '<!DOCTYPE html>\n<html lang="en">\n<head>\n<meta charset="utf-8">\n'
        '<meta name="viewport" content="width=device-width, initial-scale=1">\n'
        '<meta http-equiv="Content-Security-Policy" '
        "content=\"default-src 'none'; style-src 'unsafe-inline'\">\n"
        '<meta name="generator" content="mlchoose">\n'
        f"<title>{_e(TITLE)} ({_e(generated.isoformat())})</title>\n"
        f"<style>{CSS}</style>\n</head>\n<body>\n<main>\n"
        + "\n".join(s for s in sections if s)
        + "\n</main>\n</body>\n</html>\n"
    )


# --- SVG ----------------------------------------------------------------------------------------

#: Layout of the standalone chart, in pixels.
SVG_WIDTH, SVG_LABEL, SVG_TOTAL, SVG_ROW, SVG_TOP = 860, 250, 56, 26, 84


def svg_chart(ranking: Ranking, *, generated: dt.date, catalog_version: str) -> str:
    """The contribution chart alone, as a standalone SVG image (text included)."""
    scale = chart_scale(ranking.results)
    plot = SVG_WIDTH - SVG_LABEL - SVG_TOTAL - 20
    rows = len(ranking.results)
    legend_y = SVG_TOP + rows * SVG_ROW + 30
    height = legend_y + 50
    x0 = SVG_LABEL
    out = [
        f'<svg xmlns="http://www.w3.org/2000/svg" width="{SVG_WIDTH}" height="{height}" '
        f'viewBox="0 0 {SVG_WIDTH} {height}" role="img" font-family="system-ui, '
        'Segoe UI, Roboto, Helvetica, Arial, sans-serif" font-size="13" fill="#1d2430">',
        f"<title>{_e(TITLE)}: points per criterion</title>",
        f'<rect width="{SVG_WIDTH}" height="{height}" fill="#fff"/>',
        f'<text x="16" y="28" font-size="18" font-weight="700">{_e(TITLE)}: points per '
        "criterion</text>",
        f'<text x="16" y="50" fill="#5b6472">{_e(_title(ranking))} · weights '
        f"{_e(_weights_text(ranking.weights))}</text>",
        f'<text x="16" y="68" fill="#5b6472" font-size="11">{_e(generated.isoformat())} · '
        f"catalog {_e(catalog_version)}</text>",
    ]
    bottom = SVG_TOP + rows * SVG_ROW
    for tick in _ticks(scale):
        at = _num(x0 + tick / scale * plot)
        out.append(
            f'<line x1="{at}" x2="{at}" y1="{SVG_TOP - 4}" y2="{bottom}" stroke="#e3e6ea"/>'
            f'<text x="{at}" y="{bottom + 16}" text-anchor="middle" font-size="11" '
            f'fill="#5b6472">{tick}</text>'
        )
    for index, r in enumerate(ranking.results):
        y = SVG_TOP + index * SVG_ROW
        label = f"{r.rank}. {r.program['id']}"
        out.append(
            f'<text x="{x0 - 10}" y="{y + 16}" text-anchor="end">{_e(label)}</text>'
            f'<g class="bar" data-id="{_e(r.program["id"])}">'
        )
        parts = segments(r)
        for part, (x, width) in zip(parts, bar_rects(parts, scale, plot), strict=True):
            out.append(
                f'<rect x="{_num(x0 + x)}" y="{y + 3}" width="{_num(width)}" height="18" '
                f'fill="{fill(part.criterion, part.stand_in)}" {_data(part)}>'
                f"<title>{_e(_segment_text(part))}</title></rect>"
            )
        out.append(
            f'</g><text x="{SVG_WIDTH - 16}" y="{y + 16}" text-anchor="end" '
            f'font-weight="700">{_e(facts.total(r.total))}</text>'
        )
    left = 16
    for criterion in weighted(ranking.weights):
        out.append(
            f'<rect x="{left}" y="{legend_y}" width="12" height="12" '
            f'fill="{COLOURS[criterion]}"/><text x="{left + 17}" y="{legend_y + 11}">'
            f"{_e(LABELS[criterion])}</text>"
        )
        left += 17 + 8 * len(LABELS[criterion]) + 18
    out.append(
        f'<text x="16" y="{legend_y + 32}" fill="#5b6472" font-size="11">Lighter: the catalog '
        "average counted for an unknown score. A full bar is "
        f"{scale:g} points.</text></svg>\n"
    )
    return "\n".join(out)


# --- Markdown -----------------------------------------------------------------------------------

_MD_SPECIAL = str.maketrans({c: f"\\{c}" for c in "\\`*_[]|#"})


def _md(text: object) -> str:
    """Text safe in Markdown: HTML-escaped, and Markdown's markup characters backslashed."""
    return html.escape(str(text), quote=False).translate(_MD_SPECIAL)


def _md_url(url: str) -> str:
    """An autolink; the characters that would end it are percent-encoded."""
    safe = url.replace("<", "%3C").replace(">", "%3E").replace(" ", "%20")
    return f"<{safe}>" if _is_web(url) else _md(url)


def _md_table(header: Sequence[str], rows: Iterable[Sequence[str]]) -> list[str]:
    lines = ["| " + " | ".join(header) + " |", "|" + "---|" * len(header)]
    lines += ["| " + " | ".join(row) + " |" for row in rows]
    return lines


def _md_points(result: ProgramResult) -> str:
    return ", ".join(
        f"{p.criterion} {facts.points(p.points, p.stand_in)}" for p in segments(result)
    )


def _md_card(result: ProgramResult, weights: Mapping[Criterion, float]) -> Iterator[str]:
    program = result.program
    yield f"### {result.rank}. {_md(program['name'])}"
    yield ""
    yield (
        f"{_md(program['university'])} · `{program['id']}` · **{facts.total(result.total)}** "
        f"points · evidence {facts.percent(result.coverage)}"
    )
    yield ""
    yield f"- Degree: {_md(program['degree'])}, {_md(program['department'])}"
    yield f"- Place: {_md(program['city'])}, {program['state']} ({program['region']})"
    yield f"- Web: {_md_url(program['url'])}"
    yield f"- Delivery: {_md(facts.delivery(program))}"
    yield f"- Duration: {_md(facts.duration(program))}"
    yield f"- Tuition: {_md(facts.tuition(program, result.sources))}"
    yield f"- Course list: {program['course_list']}; checked {program['checked']}"
    yield ""
    yield "Scores:"
    yield ""
    for criterion, item in result.scores.items():
        points = result.contributions[criterion]
        got = facts.points(points, item.score is None)
        if points is not None:
            got += " points"
        yield (
            f"- {LABELS[criterion]}: {facts.score(item.score)} "
            f"(weight {facts.percent(weights[criterion])}, {got})"
        )
        for evidence in item.evidence:
            yield f"  - {_md(evidence.text)}"
    if program["article"] is not None:
        yield ""
        yield f"The seed article says: {_md(program['article']['claim'])}"
        yield ""
        yield f"The sources say: {_md(program['article']['correction'])}"
    if program["notes"]:
        yield ""
        yield "Notes:"
        yield ""
        yield from (f"- {_md(n['text'])}" for n in program["notes"])
    yield ""
    yield "Sources:"
    yield ""
    for number, key in enumerate(source_keys(result), start=1):
        source = result.sources[key]
        kind = source.get("kind", "official")
        about = source["year"] + ("" if kind == "official" else f", {kind}")
        yield f"{number}. {_md_url(source['url'])} ({_md(about)})"
    yield ""


def markdown(
    ranking: Ranking,
    *,
    generated: dt.date,
    catalog_version: str,
    robustness: Robustness | None = None,
) -> str:
    """The report as Markdown: weights, ranked table, robustness, one section per program."""
    lines = [
        f"# {_md(TITLE)}",
        "",
        f"Made on {generated.isoformat()} with mlchoose {__version__} · catalog "
        f"{_md(catalog_version)}. {_md(_title(ranking))}.",
        "",
        "## Weights used",
        "",
        *_md_table(
            ["Criterion", "Weight"],
            ([LABELS[c], facts.percent(w)] for c, w in ranking.weights.items()),
        ),
        "",
        *(line for n in ranking.notes for line in (f"Note: {_md(n)}", "")),
        "## Ranking",
        "",
        *_md_table(
            [
                "#",
                "Program",
                "University",
                "Total",
                *(SHORT[c] for c in CRITERIA),
                "Evidence",
                "Points by criterion",
            ],
            (
                [
                    str(r.rank),
                    f"`{r.program['id']}`",
                    _md(r.program["university"]),
                    facts.total(r.total),
                    *(facts.score(r.scores[c].score) for c in CRITERIA),
                    facts.percent(r.coverage),
                    _md_points(r),
                ]
                for r in ranking.results
            ),
        ),
        "",
        _md(UNKNOWN_NOTE) + " Points marked ~ come from such an average.",
        "",
    ]
    if robustness is not None:
        rows = []
        for r in ranking.results:
            figures = robustness.get(r.program["id"])
            cells = (
                ["not computed", "", ""]
                if figures is None
                else [
                    facts.percent(figures[0]),
                    f"{figures[1]:g}",
                    f"{figures[2]:g}-{figures[3]:g}",
                ]
            )
            rows.append([str(r.rank), r.program["id"], *cells])
        lines += [
            "## Robustness",
            "",
            "Share of trials in which the program ranks first, its median rank, and the range "
            "that holds 90% of its ranks (5th to 95th percentile).",
            "",
            *_md_table(["#", "Program", "First", "Median rank", "90% of ranks"], rows),
            "",
        ]
    lines += ["## Programs", ""]
    for r in ranking.results:
        lines += list(_md_card(r, ranking.weights))
    return "\n".join(lines).rstrip("\n") + "\n"
