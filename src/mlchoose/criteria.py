"""One scoring rule per criterion: a program's facts -> a score in [0, 1] and the evidence used.

These rules are the single definition of every score; the README's "How scores are computed"
section describes the same constants. A rule returns ``None`` when the catalog has no evidence
for that criterion: unknown is never scored as zero.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING, NamedTuple

from mlchoose.vocab import CRITERIA, Criterion, EvidenceLevel, IndustryKind, Region, Topic

if TYPE_CHECKING:
    from mlchoose.models import Program

    Rule = Callable[[Program, "Context"], "CriterionScore"]

#: How much a piece of topic evidence counts, by how binding it is.
EVIDENCE_WEIGHT: dict[EvidenceLevel, float] = {
    "required_course": 1.0,
    "option_in_required_group": 0.75,
    "elective_or_area": 0.5,
    "program_description": 0.25,
}

#: The curriculum items of the brief, in groups that each weigh a share of the score.
CURRICULUM_GROUPS: tuple[tuple[str, float, tuple[Topic, ...]], ...] = (
    ("fundamentals", 0.4, ("linear-algebra", "probability", "statistics")),
    ("advanced", 0.4, ("deep-learning", "nlp", "computer-vision")),
    ("practice", 0.2, ("project",)),
)

#: Tracks needed for a full specializations score; fewer score proportionally.
FULL_TRACKS = 4

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
    score: float | None
    rule: str
    evidence: tuple[Evidence, ...] = ()

    @property
    def known(self) -> bool:
        return self.score is not None


class Context(NamedTuple):
    """What a rule needs beyond the program: catalog-wide scale and the user's regions."""

    max_ai_adjusted_pubs: float | None
    preferred_regions: frozenset[Region]

    @classmethod
    def of(cls, programs: Sequence[Program], preferred_regions: frozenset[Region]) -> Context:
        figures = [f["ai_adjusted_pubs"] for p in programs if (f := p["faculty"]) is not None]
        return cls(max(figures) if figures else None, preferred_regions)


def curriculum(program: Program, context: Context) -> CriterionScore:
    strength: dict[Topic, float] = {}
    evidence: list[Evidence] = []
    for item in program["topics"]:
        weight = EVIDENCE_WEIGHT[item["evidence"]]
        if weight > strength.get(item["topic"], 0.0):
            strength[item["topic"]] = weight
    scored = {topic for _, _, topics in CURRICULUM_GROUPS for topic in topics}
    for item in program["topics"]:
        if item["topic"] in scored:
            label = item["evidence"].replace("_", " ")
            text = f"{item['topic']}: {item['course']} ({label})"
            evidence.append(Evidence(text, item["source"]))
    rule = (
        "0.4 x fundamentals (linear algebra, probability, statistics) + 0.4 x advanced "
        "(deep learning, NLP, computer vision) + 0.2 x project; each topic counts 1 if a required "
        "course teaches it, 0.75 one of a required group, 0.5 an elective, 0.25 a description"
    )
    if not evidence and program["course_list"] != "complete":
        return CriterionScore(
            "curriculum", None, "unknown: no course list covering these topics", ()
        )
    score = sum(
        share * sum(strength.get(t, 0.0) for t in topics) / len(topics)
        for _, share, topics in CURRICULUM_GROUPS
    )
    if program["course_list"] != "complete":
        rule += f"; course list {program['course_list']}, so this is a lower bound"
    return CriterionScore("curriculum", score, rule, tuple(evidence))


def specializations(program: Program, context: Context) -> CriterionScore:
    fact = program["specializations"]
    if fact is None:
        return CriterionScore("specializations", None, "unknown: no source lists tracks")
    count = len(fact["tracks"])
    text = ", ".join(fact["tracks"]) if fact["tracks"] else "none offered"
    rule = f"tracks offered / {FULL_TRACKS}, at most 1 ({count} offered)"
    return CriterionScore(
        "specializations", min(1.0, count / FULL_TRACKS), rule, (Evidence(text, fact["source"]),)
    )


def faculty(program: Program, context: Context) -> CriterionScore:
    fact = program["faculty"]
    if fact is None or context.max_ai_adjusted_pubs is None:
        return CriterionScore("faculty", None, "unknown: institution not in the faculty table")
    top = context.max_ai_adjusted_pubs
    window = fact.get("window", "2008-2017")
    score = math.log1p(fact["ai_adjusted_pubs"]) / math.log1p(top) if top > 0 else 0.0
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
    return CriterionScore("faculty", score, rule, (Evidence(text, fact["source"]),))


def industry(program: Program, context: Context) -> CriterionScore:
    if not program["industry"]:
        return CriterionScore("industry", None, "unknown: no sourced evidence of industry ties")
    kinds = {item["kind"] for item in program["industry"]}
    score = min(1.0, sum(INDUSTRY_POINTS[kind] for kind in kinds))
    points = ", ".join(f"{k} {INDUSTRY_POINTS[k]:g}" for k in sorted(kinds))
    rule = f"sum of points per kind of evidence, each kind once, at most 1 ({points})"
    evidence = tuple(
        Evidence(f"{item['kind']}: {item['detail']}", item["source"])
        for item in program["industry"]
    )
    return CriterionScore("industry", score, rule, evidence)


def region(program: Program, context: Context) -> CriterionScore:
    wanted = context.preferred_regions
    if not wanted:
        return CriterionScore(
            "region", None, "neutral: no preferred region given (--prefer-region)"
        )
    delivery = program["delivery"]
    if delivery is not None and delivery["modes"] == ["online"]:
        why = Evidence("delivered online: no move needed", delivery["source"])
        return CriterionScore("region", 1.0, "1 for an online-only program", (why,))
    inside = program["region"] in wanted
    rule = f"1 if in a preferred region ({', '.join(sorted(wanted))}), else 0"
    where = Evidence(f"{program['city']}, {program['state']}: {program['region']}")
    return CriterionScore("region", 1.0 if inside else 0.0, rule, (where,))


RULES: dict[Criterion, Rule] = {
    "curriculum": curriculum,
    "specializations": specializations,
    "faculty": faculty,
    "industry": industry,
    "region": region,
}
assert tuple(RULES) == CRITERIA


def score_all(program: Program, context: Context) -> dict[Criterion, CriterionScore]:
    """Every criterion's score for one program, in the fixed criterion order."""
    return {name: rule(program, context) for name, rule in RULES.items()}
