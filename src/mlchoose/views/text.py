"""Machine formats (JSON, CSV) and short plain-text answers: never through Rich markup.

Markdown has its own writer, :mod:`mlchoose.views.markdown`.
"""

from __future__ import annotations

import csv
import io
import json
import sys
import textwrap
from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

from mlchoose.views import columns
from mlchoose.views.facts import SMALL, score
from mlchoose.views.safe import csv_cell, json_text
from mlchoose.vocab import criteria_of

if TYPE_CHECKING:
    from mlchoose.core.ahp import Ahp
    from mlchoose.core.analysis import Why
    from mlchoose.core.ranking import Ranking
    from mlchoose.data.catalog import Problem
    from mlchoose.vocab import Criterion


def as_json(data: Any, indent: bool | None = None) -> str:
    """Indented for a person at a terminal; compact (and several times faster) for a pipe.

    orjson writes the same JSON seven times faster than the standard library (0.01 s against
    0.08 s for a 10,000-program ranking, see benchmarks/); the standard library takes over for
    what orjson refuses, such as integers beyond 64 bits.
    """
    import orjson

    indent = sys.stdout.isatty() if indent is None else indent
    try:
        return (
            json_text(orjson.dumps(data, option=orjson.OPT_INDENT_2 if indent else 0).decode())
            + "\n"
        )
    except orjson.JSONEncodeError:  # the same layout as orjson's, so it never depends on data
        spaced = {"indent": 2} if indent else {"separators": (",", ":")}
        return json_text(json.dumps(data, ensure_ascii=False, **spaced)) + "\n"


def ranking_csv(result: Ranking, asked: Sequence[str] = ()) -> str:
    """One flat row per ranked program: the declared columns' CSV fields (views.columns), the
    ``--facts`` columns asked for, and with filters ``filter`` (passes / could_pass) and
    ``in_question``; the programs that could pass follow the others."""
    doubts = dict(result.doubts) if result.filtered else None
    declared = columns.ranking_columns(asked, criteria=criteria_of(result.weights), doubts=doubts)
    shown = columns.for_format(declared, "csv", asked)
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=columns.csv_fields(shown), lineterminator="\n")
    writer.writeheader()
    for r in (*result.results, *result.could):
        row = columns.csv_row(shown, r)
        writer.writerow({k: "" if v is None else csv_cell(v) for k, v in row.items()})
    return buffer.getvalue()


def ahp(result: Ahp[Criterion]) -> str:
    """The weights an interview found, and whether the answers hang together."""
    lines = ["", "Your weights (AHP, " + result.method + "):"]
    lines += [f"  {c:<16} {100 * w:5.1f}%" for c, w in result.weights.items()]
    lines.append(f"Consistency ratio {result.cr:.2f} (0 = perfectly consistent).")
    if not result.consistent:
        lines.append(
            "Warning: above 0.1, some answers contradict others (for example a > b, b > c but "
            "c > a); consider answering again."
        )
    return "\n".join(lines) + "\n"


def why(reasons: Why, width: int = 80) -> str:
    """The deciding criteria between two programs, in sentences wrapped to ``width`` (between
    words only: an id or a figure is never split)."""
    return "".join(
        textwrap.fill(
            line, width, break_long_words=False, break_on_hyphens=False, subsequent_indent="  "
        )
        + "\n"
        for line in _why_lines(reasons).splitlines()
    )


def _why_lines(reasons: Why) -> str:
    lead, trail = reasons.leader, reasons.trailer
    if reasons.margin is None:
        return f"{lead} and {trail} cannot be compared: a total is unknown.\n"
    if not reasons.reasons:
        return f"{lead} and {trail} are level on every weighted criterion.\n"
    lines = [f"{lead} leads {trail} by {reasons.margin:.1f} points."]
    for r in reasons.reasons:
        if abs(r.points) < SMALL:
            continue
        side = lead if r.points > 0 else trail
        scores = f"{score(r.leader_score)} vs {score(r.trailer_score)}"
        unknown = " (? = unknown, counted as its stand-in)" if "?" in scores else ""
        caveat = f"; {r.caveat}" if r.caveat else ""
        lines.append(
            f"- {r.criterion}: {abs(r.points):.1f} points for {side} ({scores}){unknown}{caveat}"
        )
    if round(reasons.rest, 1):
        lines.append(f"- the other criteria: {reasons.rest:+.1f} points")
    return "\n".join(lines) + "\n"


def problems(file: str, found: Sequence[Problem]) -> str:
    """``validate``'s report: one ``file:line: level: where: message`` per problem (``file:``
    alone for a problem of the whole file, such as an empty one)."""
    if not found:
        return f"{file}: valid\n"
    return "".join(
        f"{file}:{'' if p.line is None else f'{p.line}:'} {p.level}: {p.where}: {p.message}\n"
        for p in found
    )
