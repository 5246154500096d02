"""One scoring rule per criterion: a program's facts -> a score in [0, 1] and the evidence used.

These rules are the single definition of every score; the README's "How scores are computed"
section describes the same constants. Every score is a range ``low <= point <= high``: ``low``
is what the evidence proves, ``high`` what it still allows, and the point estimates each missing
piece by its catalog base rate (:class:`Rates`), so more evidence never lowers a point and the
point for no evidence is the rule applied to an empty evidence list. A rule returns ``None`` as
the point when the catalog has no evidence at all: the total then uses the stand-in, which is
that same empty-list estimate. Unknown is never scored as zero.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Mapping, Sequence
from typing import TYPE_CHECKING, NamedTuple

from mlchoose.core.rates import (
    Rates,
    about_ml,
    base_rates,
    elective_areas,
    focus_topics,
    focusable,
    strengths,
    thesis_offered,
)
from mlchoose.vocab import (
    ALL_CRITERIA,
    CRITERIA,
    INDUSTRY_KINDS,
    Criterion,
    IndustryKind,
    Region,
    Topic,
)

if TYPE_CHECKING:
    from mlchoose.data.models import Program

    Rule = Callable[[Program, "Context"], "CriterionScore"]

#: The curriculum items of the brief, in groups that each weigh a share of the score.
CURRICULUM_GROUPS: tuple[tuple[str, float, tuple[Topic, ...]], ...] = (
    ("fundamentals", 0.4, ("linear-algebra", "probability", "statistics")),
    ("advanced", 0.4, ("deep-learning", "nlp", "computer-vision")),
    ("practice", 0.2, ("project",)),
)

#: The seven topics the curriculum score counts.
SCORED_TOPICS: frozenset[Topic] = frozenset(t for _, _, ts in CURRICULUM_GROUPS for t in ts)

#: Each counted topic's share of the curriculum score: its group's share split evenly in the
#: group (the same sum as the groups', in one flat loop: this runs for every program of a rank).
TOPIC_SHARES: tuple[tuple[Topic, float], ...] = tuple(
    (t, share / len(ts)) for _, share, ts in CURRICULUM_GROUPS for t in ts
)

#: Focus areas needed for a full specializations score; fewer score proportionally.
FULL_FOCUS = 4
#: Share of the curriculum and specializations scores given to the user's interests, if any.
INTEREST_SHARE = 0.3

#: Points per kind of industry evidence; each kind counts once and the sum is capped at 1.
INDUSTRY_POINTS: dict[IndustryKind, float] = {
    "required-internship": 0.4,
    "industry-capstone": 0.3,
    "practicum": 0.3,
    "placement-report": 0.3,
    "optional-internship": 0.2,
    "named-partners": 0.2,
    "career-services": 0.1,
}


class Evidence(NamedTuple):
    """One fact a score rests on, with the key of its source (None for a derived statement)."""

    text: str
    source: str | None = None


class CriterionScore(NamedTuple):
    criterion: Criterion
    #: The point estimate (None: no evidence at all; the total then uses the stand-in).
    score: float | None
    rule: str
    evidence: tuple[Evidence, ...] = ()
    #: What the evidence proves and what it still allows: ``low <= score <= high``; for an
    #: unknown score, the range the criterion can take. Equal when knowledge is complete.
    low: float = 0.0
    high: float = 1.0
    #: What would close the range, in words ("" when it is closed).
    gap: str = ""
    #: False when the point rests on no fact of the program's own (only base rates and what
    #: its name says): such a score does not count towards a total's evidence coverage.
    evidenced: bool = True

    @property
    def known(self) -> bool:
        return self.score is not None

    @property
    def exact(self) -> bool:
        return self.high - self.low <= 1e-12


class Context(NamedTuple):
    """What a rule needs beyond the program: catalog-wide scale and base rates, the user's
    regions and topics."""

    max_ai_adjusted_pubs: float | None
    preferred_regions: frozenset[Region]
    interests: frozenset[Topic] = frozenset()
    #: False: scores only, without the rule text and evidence (``rank`` of a big catalog).
    explain: bool = True
    rates: Rates = Rates()
    #: An F-1 student: online delivery earns no region fit (it cannot host the visa).
    international: bool = False

    @classmethod
    def of(
        cls,
        programs: Sequence[Program],
        preferred_regions: frozenset[Region],
        interests: frozenset[Topic] = frozenset(),
        explain: bool = True,
        international: bool = False,
        wide: Wide | None = None,
    ) -> Context:
        """``wide``: the catalog's scale and base rates when already known (see
        :func:`catalog_wide`), else computed from ``programs``."""
        top, rates = catalog_wide(programs) if wide is None else wide
        return cls(top, preferred_regions, interests, explain, rates, international)


#: A catalog's scale (the highest AI-adjusted publication count, None without any) and base
#: rates: what every rule reads of the catalog beyond the program itself.
Wide = tuple[float | None, Rates]


#: The last catalog's scale and base rates: ``show`` asks twice for the same programs (its rank
#: among all, then its own detail); the list itself is the key, compared by identity. A loaded
#: catalog is never changed in place (loaders build new lists), which keeps this safe; a caller
#: that edits programs in place must pass a new list.
_LAST: list[tuple[Sequence[Program], Wide]] = []


def catalog_wide(programs: Sequence[Program]) -> Wide:
    """The catalog's scale and base rates (remembered for the last list of programs)."""
    if _LAST and _LAST[0][0] is programs:
        return _LAST[0][1]
    figures = [f["ai_adjusted_pubs"] for p in programs if (f := p["faculty"]) is not None]
    found = (max(figures) if figures else None, base_rates(programs))
    _LAST[:] = [(programs, found)]
    return found


def _topic_bounds(
    strength: Mapping[Topic, float], complete: bool, rates: Rates, topic: Topic
) -> tuple[float, float, float]:
    """(low, point, high) of one topic: exact for a complete list; else the evidence is a floor,
    a required course is still possible, and the estimate is the larger of the evidence and the
    topic's base rate (so more evidence never lowers it)."""
    proven = strength.get(topic, 0.0)
    if complete:
        return proven, proven, proven
    return proven, max(proven, rates.topic_rate(topic)), 1.0


def curriculum(program: Program, context: Context) -> CriterionScore:
    strength = strengths(program)
    complete = program["course_list"] == "complete"
    rates, interests = context.rates, context.interests
    low = point = high = 0.0
    for topic, share in TOPIC_SHARES:
        a, b, c = _topic_bounds(strength, complete, rates, topic)
        low, point, high = low + share * a, point + share * b, high + share * c
    if interests:
        bounds = [_topic_bounds(strength, complete, rates, t) for t in sorted(interests)]
        fits = [math.fsum(b[i] for b in bounds) / len(bounds) for i in range(3)]
        low, point, high = (
            (1 - INTEREST_SHARE) * v + INTEREST_SHARE * f
            for v, f in zip((low, point, high), fits, strict=True)
        )
    if not complete and SCORED_TOPICS.isdisjoint(strength):
        # Counted as an empty list (the stand-in), whose range is the whole scale.
        rule = "unknown: no course list covering these topics; estimated as the base rates"
        return CriterionScore("curriculum", None, rule, (), 0.0, 1.0, "no course list")
    if not context.explain:
        return CriterionScore("curriculum", point, "", (), low, high)
    counted = SCORED_TOPICS | interests
    evidence = tuple(
        Evidence(
            f"{item['topic']}: {item['course']} ({item['evidence'].replace('_', ' ')})",
            item["source"],
        )
        for item in program["topics"]
        if item["topic"] in counted
    )
    rule = (
        "0.4 x fundamentals (linear algebra, probability, statistics) + 0.4 x advanced "
        "(deep learning, NLP, computer vision) + 0.2 x project; each topic counts 1 if a required "
        "course teaches it, 0.75 one of a required group, 0.5 an elective, 0.25 a description"
    )
    if interests:
        rule = (
            f"{1 - INTEREST_SHARE:g} x [{rule}] + {INTEREST_SHARE:g} x your interests "
            f"({', '.join(sorted(interests))}), each counted the same way"
        )
    gap = ""
    if not complete:
        shown = sum(1 for t in SCORED_TOPICS if t in strength)
        rule += (
            f"; course list {program['course_list']}: a topic without evidence counts as the "
            "catalog's base rate for it (how strongly programs with complete lists teach it)"
        )
        listed = program["course_list"]
        gap = f"course list {listed}: {shown} of {len(SCORED_TOPICS)} topics have evidence"
    return CriterionScore("curriculum", point, rule, evidence, low, high, gap)


class _Focus(NamedTuple):
    """Focus areas: proven, estimated, and whether more may exist."""

    low: float
    point: float
    open: bool
    parts: tuple[str, ...]


def _focus(program: Program, rates: Rates) -> _Focus:
    fact = program["specializations"]
    complete = program["course_list"] == "complete"
    areas = len(elective_areas(program))
    thesis = thesis_offered(program)
    ml = 1.0 if about_ml(program) else 0.0
    tracks = None if fact is None else float(len(fact["tracks"]))
    # A page that names tracks may not name them all (a floor, like industry ties); a source
    # saying there are none is evidence of absence (exact, like a complete course list).
    none_named = tracks == 0.0
    low = (tracks or 0.0) + areas + (1.0 if thesis else 0.0) + ml
    point = (
        (
            rates.tracks
            if tracks is None
            else tracks
            if none_named
            else max(tracks, rates.tracks_rate(int(tracks)))
        )
        + (areas if complete else max(float(areas), rates.areas))
        + (rates.thesis if thesis is None else float(thesis))
        + ml
    )
    parts = (
        f"named tracks {'unknown' if tracks is None else int(tracks)}",
        f"elective areas {areas}" + ("" if complete else " (course list not complete)"),
        f"thesis {'unknown' if thesis is None else 'offered' if thesis else 'not offered'}",
        f"degree about ML {'yes' if ml else 'no'}",
    )
    return _Focus(low, point, not none_named or not complete or thesis is None, parts)


def _interest_fit(program: Program, context: Context) -> tuple[float, float, float, list[Topic]]:
    """(low, point, high) share of the student's topics a student can focus on here."""
    interests = sorted(context.interests)
    met = [t for t in interests if focusable(program, t)]
    fact = program["specializations"]
    none_named = fact is not None and not fact["tracks"]
    whole = none_named and program["course_list"] == "complete"
    n = len(interests)
    low = len(met) / n
    if whole:
        return low, low, low, met
    # Leave-one-out: a fully known program is among those the focus rates come from.
    known = program["specializations"] is not None and program["course_list"] == "complete"
    own = focus_topics(program) if known else None
    rates = context.rates
    point = math.fsum(1.0 if t in met else rates.focus_rate(t, own) for t in interests) / n
    return low, point, 1.0, met


def specializations(program: Program, context: Context) -> CriterionScore:
    focus = _focus(program, context.rates)
    low = min(1.0, focus.low / FULL_FOCUS)
    point = min(1.0, focus.point / FULL_FOCUS)
    high = 1.0 if focus.open else low
    met: list[Topic] = []
    if context.interests:
        f_low, f_point, f_high, met = _interest_fit(program, context)
        keep = 1 - INTEREST_SHARE
        low = keep * low + INTEREST_SHARE * f_low
        point = keep * point + INTEREST_SHARE * f_point
        high = keep * high + INTEREST_SHARE * f_high
    gap = "" if not focus.open else "not all focus options are known: " + "; ".join(focus.parts)
    fact = program["specializations"]
    own = fact is not None or program["thesis"] is not None or bool(elective_areas(program))
    if not context.explain:
        return CriterionScore("specializations", point, "", (), low, high, gap, own)
    rule = (
        f"focus areas / {FULL_FOCUS}, at most 1: named tracks + elective areas (2 or more "
        "courses in a topic) + a thesis of the student's choice + 1 if the degree is about ML; "
        "an unknown piece counts as its catalog base rate, and a track list as at least that "
        "(a page may not name every track) unless the source says there are none"
    )
    if context.interests:
        rule = (
            f"{1 - INTEREST_SHARE:g} x [{rule}] + {INTEREST_SHARE:g} x share of your interests "
            f"you can focus on ({', '.join(met) or 'none'} of {len(context.interests)})"
        )
    evidence = [Evidence("; ".join(focus.parts))]
    if fact is not None:
        text = ", ".join(fact["tracks"]) if fact["tracks"] else "no named tracks"
        evidence.insert(0, Evidence(text, fact["source"]))
    return CriterionScore("specializations", point, rule, tuple(evidence), low, high, gap, own)


def faculty(program: Program, context: Context) -> CriterionScore:
    fact = program["faculty"]
    if fact is None or context.max_ai_adjusted_pubs is None:
        return CriterionScore("faculty", None, "unknown: institution not in the faculty table")
    top = context.max_ai_adjusted_pubs
    window = fact.get("window", "2008-2017")
    score = math.log1p(fact["ai_adjusted_pubs"]) / math.log1p(top) if top > 0 else 0.0
    if not context.explain:
        return CriterionScore("faculty", score, "", (), score, score)
    rule = (
        "log(1 + AI publications, author-adjusted) / log(1 + the catalog's highest), "
        f"for {fact['institution']} in {window}"
    )
    text = (
        f"{fact['institution']}: {fact['ai_faculty']} AI research faculty, "
        f"{fact['ai_adjusted_pubs']:g} adjusted AI publications (US rank {fact['ai_rank_us']}), "
        f"{fact['robotics_adjusted_pubs']:g} in robotics, {window}; whole institution, "
        "research faculty only"
    )
    return CriterionScore("faculty", score, rule, (Evidence(text, fact["source"]),), score, score)


def industry(program: Program, context: Context) -> CriterionScore:
    """Points per kind of evidence, each kind once, capped at 1. A list found on a few pages may
    not be all of it, so ``high`` stays 1; a kind without evidence counts as its catalog base
    rate in the point (so a program with ties never scores below one without)."""
    kinds = frozenset(item["kind"] for item in program["industry"])
    rates = context.rates
    low = min(1.0, sum(INDUSTRY_POINTS[kind] for kind in kinds))
    point = min(
        1.0,
        math.fsum(
            INDUSTRY_POINTS[k] * (1.0 if k in kinds else rates.industry_rate(k, kinds))
            for k in INDUSTRY_KINDS
        ),
    )
    if not kinds:
        rule = "unknown: no sourced evidence of industry ties; estimated as the base rates"
        return CriterionScore("industry", None, rule, (), low, 1.0, "no industry evidence")
    gap = "industry ties found on some pages; there may be more"
    if not context.explain:
        return CriterionScore("industry", point, "", (), low, 1.0, gap)
    points = ", ".join(f"{k} {INDUSTRY_POINTS[k]:g}" for k in sorted(kinds))
    rule = (
        f"sum of points per kind of evidence, each kind once, at most 1 ({points}); a kind "
        "without evidence counts as the share of the other programs with ties that show it"
    )
    evidence = tuple(
        Evidence(f"{item['kind']}: {item['detail']}", item["source"])
        for item in program["industry"]
    )
    return CriterionScore("industry", point, rule, evidence, low, 1.0, gap)


def region(program: Program, context: Context) -> CriterionScore:
    wanted = context.preferred_regions
    if not wanted:
        return CriterionScore(
            "region", None, "neutral: no preferred region given (--prefer-region)"
        )
    delivery = program["delivery"]
    online = delivery is not None and delivery["modes"] == ["online"] and not context.international
    if not context.explain:
        fit = 1.0 if online or program["region"] in wanted else 0.0
        return CriterionScore("region", fit, "", (), fit, fit)
    if online and delivery is not None:
        why = Evidence("delivered online: no move needed", delivery["source"])
        return CriterionScore("region", 1.0, "1 for an online-only program", (why,), 1.0, 1.0)
    inside = program["region"] in wanted
    rule = f"1 if in a preferred region ({', '.join(sorted(wanted))}), else 0"
    where = Evidence(f"{program['city']}, {program['state']}: {program['region']}")
    fit = 1.0 if inside else 0.0
    return CriterionScore("region", fit, rule, (where,), fit, fit)


#: Median earnings one year after completion that score 0 and 1 (College Scorecard: all master's
#: graduates of the institution in the program's 4-digit field); linear in between.
EARNINGS_FLOOR = 50_000.0
EARNINGS_TOP = 200_000.0


def outcomes(program: Program, context: Context) -> CriterionScore:
    """Graduate earnings, an opt-in criterion: the federal figure for the program's field at its
    university. Not published or not listed is unknown (the stand-in: the mean known score)."""
    fact = program["earnings"]
    figure = None if fact is None else fact.get("earnings_1yr")
    if fact is None or figure is None:
        why = "no Scorecard row for the field" if fact is None else "not published (privacy)"
        rule = f"unknown: graduate earnings {why}; counted as the mean known score"
        return CriterionScore("outcomes", None, rule, (), 0.0, 1.0, why)
    span = EARNINGS_TOP - EARNINGS_FLOOR
    score = min(1.0, max(0.0, (figure - EARNINGS_FLOOR) / span))
    # A field of study inferred from the degree's name ties the figure to the program only by
    # that inference: the score stands, but it is not the program's own evidence.
    cip = program["cip"]
    own = cip is not None and cip.get("basis", "stated") != "inferred"
    if not context.explain:
        return CriterionScore("outcomes", score, "", (), score, score, evidenced=own)
    rule = (
        f"(median earnings 1 year after - ${EARNINGS_FLOOR:,.0f}) / "
        f"(${EARNINGS_TOP:,.0f} - ${EARNINGS_FLOOR:,.0f}), within 0-1; all master's graduates "
        "of the university in the field, not this program alone"
    )
    counted = f"{fact['completers']:,} graduates" if "completers" in fact else "count not published"
    text = (
        f"CIP {fact['field']} at UNITID {fact['unitid']}: median earnings ${figure:,} one year "
        f"after completion ({counted}; College Scorecard Field of Study)"
    )
    if not own:
        rule += "; the field of study is inferred, so this is not counted as the program's evidence"
    evidence = (Evidence(text, fact["source"]),)
    return CriterionScore("outcomes", score, rule, evidence, score, score, evidenced=own)


def empty_estimates(context: Context) -> dict[Criterion, float]:
    """The point each rule gives an empty evidence list: the stand-in for an unknown score of
    the criteria whose rules estimate missing pieces (curriculum, industry)."""
    rates = context.rates
    base = math.fsum(share * rates.topic_rate(t) for t, share in TOPIC_SHARES)
    if context.interests:
        fit = math.fsum(rates.topic_rate(t) for t in context.interests) / len(context.interests)
        base = (1 - INTEREST_SHARE) * base + INTEREST_SHARE * fit
    ties = math.fsum(INDUSTRY_POINTS[k] * rates.industry.get(k, 0.0) for k in INDUSTRY_KINDS)
    return {"curriculum": base, "industry": min(1.0, ties)}


RULES: dict[Criterion, Rule] = {
    "curriculum": curriculum,
    "specializations": specializations,
    "faculty": faculty,
    "industry": industry,
    "region": region,
    "outcomes": outcomes,
}
assert tuple(RULES) == ALL_CRITERIA


def score_all(
    program: Program, context: Context, criteria: Sequence[Criterion] = CRITERIA
) -> dict[Criterion, CriterionScore]:
    """The scores of ``criteria`` (the five, and an opt-in criterion the weights name) for one
    program, in the fixed criterion order."""
    return {name: RULES[name](program, context) for name in criteria}
