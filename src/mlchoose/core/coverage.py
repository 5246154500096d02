"""How much of the catalog rests on evidence: per criterion and per decision fact.

Thin data should be visible, not hidden in a score: ``mlchoose stats`` prints these counts.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, NamedTuple

from mlchoose.core.costs import total_cost
from mlchoose.core.criteria import SCORED_TOPICS, Context, score_all
from mlchoose.data import registry
from mlchoose.vocab import CRITERIA

if TYPE_CHECKING:
    from mlchoose.data.models import Catalog, Program

#: Facts counted by ``stats`` (the registry's ``coverage``): (fact, row name, label), in order.
FACTS: list[tuple[str, str, str]] = [
    (name, row, label)
    for _, name, row, label in sorted(
        (f.coverage[0], f.name, f.coverage[1], f.coverage[2])
        for f in registry.FACTS
        if f.coverage is not None
    )
]


class Coverage(NamedTuple):
    name: str
    label: str
    known: int
    total: int

    @property
    def share(self) -> float:
        return self.known / self.total if self.total else 0.0


def coverage(catalog: Catalog) -> list[Coverage]:
    """Programs with evidence, per criterion (region is always known) and per fact."""
    programs = catalog["programs"]
    total = len(programs)
    context = Context.of(programs, frozenset())
    scored = [score_all(p, context) for p in programs]
    rows = [
        Coverage(
            c, f"criterion: {c}", sum(1 for s in scored if s[c].known and s[c].evidenced), total
        )
        for c in CRITERIA
        if c != "region"
    ]
    rows += [
        Coverage("course_evidence", "course list complete or 5 of 7 topics", deep, total)
        for deep in [sum(1 for p in programs if _deep_curriculum(p))]
    ]
    rows += [
        Coverage(row, label, sum(1 for p in programs if _has(p, name)), total)
        for name, row, label in FACTS
    ]
    stated = sum(
        1 for p in programs if (s := p["stem"]) is not None and s.get("basis") != "inferred"
    )
    rows.append(Coverage("stem_stated", "STEM status stated (not only likely)", stated, total))
    figure = sum(1 for p in programs if (e := p["earnings"]) is not None and "earnings_1yr" in e)
    rows.append(Coverage("earnings_figure", "graduate earnings figure (Scorecard)", figure, total))
    cost = sum(1 for p in programs if total_cost(p).known)
    rows.append(Coverage("total_cost", "total cost (computed)", cost, total))
    return rows


def _deep_curriculum(program: Program) -> bool:
    """A complete course list, or course-level evidence for at least 5 of the 7 scored topics."""
    if program["course_list"] == "complete":
        return True
    taught = {i["topic"] for i in program["topics"] if i["evidence"] != "program_description"}
    return len(taught & SCORED_TOPICS) >= DEEP_TOPICS


#: Scored topics with course-level evidence that count as a well-evidenced curriculum.
DEEP_TOPICS = 5


def _has(program: Program, name: str) -> bool:
    return program.get(name) is not None
