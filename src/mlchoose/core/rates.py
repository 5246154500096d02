"""What a program's evidence shows and what the catalog's fully known programs have in common.

The evidence side of the scoring rules: how strongly a program teaches a topic, which topics a
student can focus on, whether the degree is about ML, and the catalog-wide base rates that
estimate a piece the catalog does not know (:class:`Rates`). ``criteria`` turns these into scores.
"""

from __future__ import annotations

import functools
import math
from collections.abc import Mapping, Sequence
from types import MappingProxyType
from typing import TYPE_CHECKING, NamedTuple

from mlchoose.vocab import INDUSTRY_KINDS, TOPICS, EvidenceLevel, IndustryKind, Topic

if TYPE_CHECKING:
    from mlchoose.data.models import Program

#: How much a piece of topic evidence counts, by how binding it is.
EVIDENCE_WEIGHT: dict[EvidenceLevel, float] = {
    "required_course": 1.0,
    "option_in_required_group": 0.75,
    "elective_or_area": 0.5,
    "program_description": 0.25,
}

#: Courses in one topic that make it an elective area a student can focus on.
FOCUS_COURSES = 2
#: Words in a degree's name that make it a degree about machine learning.
ML_DEGREE_WORDS = ("machine learning", "artificial intelligence")
#: Words that make such a name a specialization inside another degree (an MS in Computer
#: Science with an AI track is not a degree about ML: its track already counts as a track).
WITHIN_ANOTHER_DEGREE = ("computer science", "specialization", "track", "concentration")
#: CIP codes of degrees about AI / ML (11.0102 Artificial Intelligence).
ML_CIP_CODES = frozenset({"11.0102"})
#: A topic's base rate when no program in the catalog has a complete course list.
UNSEEN_RATE = 0.5

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


class Rates(NamedTuple):
    """Catalog-wide base rates, from the programs whose knowledge of a piece is complete: what
    a program we know nothing about most likely has. Each estimate of a missing piece is one of
    these, so the point for no evidence is the rule applied to an empty evidence list."""

    #: Per topic, the mean strength with which programs with a complete course list teach it.
    topic: Mapping[Topic, float] = MappingProxyType({})
    #: Mean number of named tracks among programs whose track list is sourced.
    tracks: float = 0.0
    #: Mean number of elective focus areas among programs with a complete course list.
    areas: float = 0.0
    #: Share of programs with a known thesis rule that offer a thesis.
    thesis: float = 0.0
    #: Per industry kind, the share of programs with industry evidence that show that kind.
    industry: Mapping[IndustryKind, float] = MappingProxyType({})
    #: The counts behind ``industry`` (programs with ties; per kind, those showing it), so that
    #: a program's own ties can be left out of the rates it is scored with.
    ties: int = 0
    tie_kinds: Mapping[IndustryKind, int] = MappingProxyType({})
    #: The counts behind ``tracks`` and ``focus``, for the same leave-one-out.
    track_lists: int = 0
    track_total: int = 0
    focus_known: int = 0
    #: Programs behind the topic and elective-area rates (complete course lists) and behind
    #: the thesis rate (a known thesis rule): ``show`` says on how many each estimate rests.
    course_lists: int = 0
    thesis_known: int = 0
    focus_counts: Mapping[Topic, int] = MappingProxyType({})

    def tracks_rate(self, own: int | None) -> float:
        """The mean number of tracks of the *other* programs with a sourced list (``own``: this
        program's count, None when its list is unknown and so not among them)."""
        if own is None:
            return self.tracks
        others = self.track_lists - 1
        return (self.track_total - own) / others if others > 0 else 0.0

    def focus_rate(self, topic: Topic, own: frozenset[Topic] | None) -> float:
        """The share of the *other* fully known programs where ``topic`` can be focused on."""
        if own is None:
            return self.focus.get(topic, 0.0)
        others = self.focus_known - 1
        shown = self.focus_counts.get(topic, 0) - (1 if topic in own else 0)
        return shown / others if others > 0 else 0.0

    def industry_rate(self, kind: IndustryKind, own: frozenset[IndustryKind]) -> float:
        """The share of *other* programs with ties that show ``kind``: a program's first tie
        must not lower the rate its other kinds are estimated by (leave-one-out)."""
        others = self.ties - (1 if own else 0)
        if not own:
            return self.industry.get(kind, 0.0)
        shown = self.tie_kinds.get(kind, 0) - (1 if kind in own else 0)
        return shown / others if others > 0 else 0.0

    #: Per topic, the share of fully known programs where a student can focus on it.
    focus: Mapping[Topic, float] = MappingProxyType({})

    def topic_rate(self, topic: Topic) -> float:
        return self.topic.get(topic, 0.0)


def strengths(program: Program) -> dict[Topic, float]:
    """Per topic, the strongest evidence that the program teaches it."""
    strength: dict[Topic, float] = {}
    for item in program["topics"]:
        weight = EVIDENCE_WEIGHT[item["evidence"]]
        if weight > strength.get(item["topic"], 0.0):
            strength[item["topic"]] = weight
    return strength


def elective_areas(program: Program) -> frozenset[Topic]:
    """Topics in which the evidence names at least two elective or area courses: a student can
    focus on them."""
    counts: dict[Topic, int] = {}
    for item in program["topics"]:
        if item["evidence"] in ("elective_or_area", "option_in_required_group"):
            counts[item["topic"]] = counts.get(item["topic"], 0) + 1
    return frozenset(t for t, n in counts.items() if n >= FOCUS_COURSES)


def about_ml(program: Program) -> bool:
    """Whether the degree itself is about machine learning or AI (its name, not a track inside
    another degree, or its CIP code)."""
    name = program["name"].lower()
    cip = program.get("cip")
    named = any(word in name for word in ML_DEGREE_WORDS) and not any(
        word in name for word in WITHIN_ANOTHER_DEGREE
    )
    return named or (cip is not None and cip["code"] in ML_CIP_CODES)


def thesis_offered(program: Program) -> bool | None:
    fact = program["thesis"]
    return None if fact is None else fact["option"] != "none"


def focusable(program: Program, topic: Topic) -> bool:
    """A student can focus on ``topic``: a track about it, or an elective area in it."""
    return topic in focus_topics(program)


def focus_topics(program: Program) -> frozenset[Topic]:
    """Every topic a student can focus on here: tracks about it and elective areas."""
    fact = program["specializations"]
    tracks = [] if fact is None else fact["tracks"]
    named = frozenset().union(*(track_topics(track) for track in tracks))
    return elective_areas(program) | named


@functools.lru_cache(maxsize=4096)
def track_topics(track: str) -> frozenset[Topic]:
    """The topics a track's name is about (names repeat across programs: computed once)."""
    return frozenset(t for t in TOPICS if tracks_for(track, t))


def _mean(values: Sequence[float]) -> float:
    return math.fsum(values) / len(values) if values else 0.0


def base_rates(programs: Sequence[Program]) -> Rates:
    """The :class:`Rates` of a catalog: each from the programs that know that piece fully.

    One pass per piece over the programs (each program's strengths and focus topics computed
    once): a 10,000-program catalog needs its rates in a fraction of a second.
    """
    complete = [p for p in programs if p["course_list"] == "complete"]
    taught = [strengths(p) for p in complete]
    topic_rate = {
        t: _mean([s.get(t, 0.0) for s in taught]) if complete else UNSEEN_RATE for t in TOPICS
    }
    listed = [len(f["tracks"]) for p in programs if (f := p["specializations"]) is not None]
    offered = [o for p in programs if (o := thesis_offered(p)) is not None]
    with_ties = [{i["kind"] for i in p["industry"]} for p in programs if p["industry"]]
    focus = [focus_topics(p) for p in complete if p["specializations"] is not None]
    focus_counts = {t: sum(1 for topics in focus if t in topics) for t in TOPICS}
    return Rates(
        topic=MappingProxyType(topic_rate),
        tracks=_mean([float(n) for n in listed]),
        areas=_mean([float(len(elective_areas(p))) for p in complete]),
        thesis=_mean([1.0 if o else 0.0 for o in offered]),
        industry=MappingProxyType(
            {k: _mean([1.0 if k in kinds else 0.0 for kinds in with_ties]) for k in INDUSTRY_KINDS}
        ),
        ties=len(with_ties),
        tie_kinds=MappingProxyType(
            {k: sum(1 for kinds in with_ties if k in kinds) for k in INDUSTRY_KINDS}
        ),
        focus=MappingProxyType(
            {t: _mean([1.0 if t in topics else 0.0 for topics in focus]) for t in TOPICS}
        ),
        track_lists=len(listed),
        track_total=sum(listed),
        focus_known=len(focus),
        focus_counts=MappingProxyType(focus_counts),
        course_lists=len(complete),
        thesis_known=len(offered),
    )


def base_counts(rates: Rates) -> dict[str, int]:
    """What each base rate is estimated from, and from how many programs."""
    return {
        "topics and elective areas: programs with a complete course list": rates.course_lists,
        "tracks: programs with a sourced track list": rates.track_lists,
        "thesis: programs with a known thesis rule": rates.thesis_known,
        "industry ties: programs with industry evidence": rates.ties,
    }


def tracks_for(track: str, topic: Topic) -> bool:
    """Whether a track's name is about a topic (by the keywords in TOPIC_WORDS)."""
    name = track.lower()
    return any(word in name for word in TOPIC_WORDS[topic])
