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
    from mlchoose.data.models import Program

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

#: The seven topics the curriculum score counts.
SCORED_TOPICS: frozenset[Topic] = frozenset(t for _, _, ts in CURRICULUM_GROUPS for t in ts)

#: Each counted topic's share of the curriculum score: its group's share split evenly in the
#: group (the same sum as the groups', in one flat loop: this runs for every program of a rank).
TOPIC_SHARES: tuple[tuple[Topic, float], ...] = tuple(
    (t, share / len(ts)) for _, share, ts in CURRICULUM_GROUPS for t in ts
)

#: Tracks needed for a full specializations score; fewer score proportionally.
FULL_TRACKS = 4

#: Share of the curriculum and specializations scores given to the user's interests, if any.
INTEREST_SHARE = 0.3

#: Words in a track's name that make it a track about a topic (lower case).
TOPIC_WORDS: dict[Topic, tuple[str, ...]] = {
    "linear-algebra": ("linear algebra", "matri"),
    "probability": ("probab", "stochastic"),
    "statistics": ("statist",),
    "optimization": ("optimi",),
    "ml-foundations": ("machine learning", "learning theory"),
    "deep-learning": ("deep learning", "neural"),
    "nlp": ("natural language", "nlp", "language technolog", "speech"),
    "computer-vision": ("vision", "image", "visual computing"),
    "reinforcement-learning": ("reinforcement",),
    "robotics": ("robot", "autonomous", "perception"),
    "data-mining": ("data mining", "mining"),
    "big-data": ("big data", "data science", "data engineering", "analytics", "database"),
    "databases": ("database", "information management", "data management"),
    "algorithms": ("algorithm", "theory"),
    "causal-inference": ("causal",),
    "ethics": ("ethic", "policy", "responsible"),
    "project": ("capstone", "project", "practicum"),
}

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
    """What a rule needs beyond the program: catalog-wide scale, the user's regions and topics."""

    max_ai_adjusted_pubs: float | None
    preferred_regions: frozenset[Region]
    interests: frozenset[Topic] = frozenset()
    #: False: scores only, without the rule text and evidence (``rank`` of a big catalog).
    explain: bool = True

    @classmethod
    def of(
        cls,
        programs: Sequence[Program],
        preferred_regions: frozenset[Region],
        interests: frozenset[Topic] = frozenset(),
        explain: bool = True,
    ) -> Context:
        figures = [f["ai_adjusted_pubs"] for p in programs if (f := p["faculty"]) is not None]
        return cls(max(figures) if figures else None, preferred_regions, interests, explain)


def curriculum(program: Program, context: Context) -> CriterionScore:
    strength: dict[Topic, float] = {}
    for item in program["topics"]:
        weight = EVIDENCE_WEIGHT[item["evidence"]]
        if weight > strength.get(item["topic"], 0.0):
            strength[item["topic"]] = weight
    interests = context.interests
    if program["course_list"] != "complete" and SCORED_TOPICS.isdisjoint(strength):
        return CriterionScore(
            "curriculum", None, "unknown: no course list covering these topics", ()
        )
    score = 0.0
    for topic, share in TOPIC_SHARES:
        score += share * strength.get(topic, 0.0)
    if interests:
        fit = sum(strength.get(t, 0.0) for t in interests) / len(interests)
        score = (1 - INTEREST_SHARE) * score + INTEREST_SHARE * fit
    if not context.explain:
        return CriterionScore("curriculum", score, "")
    counted = SCORED_TOPICS | interests
    evidence = [
        Evidence(
            f"{item['topic']}: {item['course']} ({item['evidence'].replace('_', ' ')})",
            item["source"],
        )
        for item in program["topics"]
        if item["topic"] in counted
    ]
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
    if program["course_list"] != "complete":
        rule += f"; course list {program['course_list']}, so this is a lower bound"
    return CriterionScore("curriculum", score, rule, tuple(evidence))


def tracks_for(track: str, topic: Topic) -> bool:
    """Whether a track's name is about a topic (by the keywords in TOPIC_WORDS)."""
    name = track.lower()
    return any(word in name for word in TOPIC_WORDS[topic])


def specializations(program: Program, context: Context) -> CriterionScore:
    fact = program["specializations"]
    if fact is None:
        return CriterionScore("specializations", None, "unknown: no source lists tracks")
    tracks = fact["tracks"]
    count = len(tracks)
    score = min(1.0, count / FULL_TRACKS)
    interests = context.interests
    met = sorted(t for t in interests if any(tracks_for(track, t) for track in tracks))
    if interests:
        score = (1 - INTEREST_SHARE) * score + INTEREST_SHARE * len(met) / len(interests)
    if not context.explain:
        return CriterionScore("specializations", score, "")
    text = ", ".join(tracks) if tracks else "none offered"
    rule = f"tracks offered / {FULL_TRACKS}, at most 1 ({count} offered)"
    if interests:
        rule = (
            f"{1 - INTEREST_SHARE:g} x [{rule}] + {INTEREST_SHARE:g} x share of your interests "
            f"with a track of their own ({', '.join(met) or 'none'} of {len(interests)})"
        )
    return CriterionScore("specializations", score, rule, (Evidence(text, fact["source"]),))


def faculty(program: Program, context: Context) -> CriterionScore:
    fact = program["faculty"]
    if fact is None or context.max_ai_adjusted_pubs is None:
        return CriterionScore("faculty", None, "unknown: institution not in the faculty table")
    top = context.max_ai_adjusted_pubs
    window = fact.get("window", "2008-2017")
    score = math.log1p(fact["ai_adjusted_pubs"]) / math.log1p(top) if top > 0 else 0.0
    if not context.explain:
        return CriterionScore("faculty", score, "")
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
    if not context.explain:
        return CriterionScore("industry", score, "")
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
    if not context.explain:
        online = delivery is not None and delivery["modes"] == ["online"]
        return CriterionScore("region", 1.0 if online or program["region"] in wanted else 0.0, "")
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
