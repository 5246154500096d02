"""Properties of the honest-scores rule (hypothesis): random catalogs, evidence added and removed.

For every criterion and program: low <= point <= high; adding a sourced fact (a topic taught, a
track, an industry tie) never lowers the point or ``low`` and never raises ``high``; removing all
of a criterion's evidence never raises the point; and the point for no evidence is the rule
applied to an empty evidence list (the stand-in).
"""

from __future__ import annotations

from typing import Any, NamedTuple

from hypothesis import given, settings
from hypothesis import strategies as st

from mlchoose.core.criteria import (
    Context,
    CriterionScore,
    curriculum,
    empty_estimates,
    industry,
    specializations,
)
from mlchoose.vocab import INDUSTRY_KINDS, TOPICS, Topic
from tests.factories import make_catalog, program_data

LEVELS = ["required_course", "option_in_required_group", "elective_or_area", "program_description"]
EPS = 1e-9

topic_items = st.lists(
    st.builds(
        lambda t, e, n: {"topic": t, "evidence": e, "course": f"C{n}", "source": "page"},
        st.sampled_from(TOPICS),
        st.sampled_from(LEVELS),
        st.integers(0, 999),
    ),
    max_size=8,
)
ties = st.lists(
    st.builds(
        lambda k: {"kind": k, "detail": "d", "source": "page"}, st.sampled_from(INDUSTRY_KINDS)
    ),
    max_size=4,
)
tracks = st.one_of(st.none(), st.lists(st.sampled_from(["NLP", "Robotics", "Vision", "Data"])))
thesis = st.one_of(st.none(), st.sampled_from(["required", "optional", "none"]))


@st.composite
def programs(draw: st.DrawFn, ident: str) -> dict[str, Any]:
    found = draw(tracks)
    option = draw(thesis)
    return program_data(
        ident,
        name=draw(st.sampled_from(["MS in Machine Learning", "MS in Data Science"])),
        course_list=draw(st.sampled_from(["complete", "partial", "unknown"])),
        topics=draw(topic_items),
        industry=draw(ties),
        specializations="unknown" if found is None else {"tracks": found, "source": "page"},
        thesis="unknown" if option is None else {"option": option, "source": "page"},
    )


class World(NamedTuple):
    """A random catalog: the other programs, the one to change, the user's interests."""

    others: list[dict[str, Any]]
    subject: dict[str, Any]
    interests: frozenset[Topic]


@st.composite
def worlds(draw: st.DrawFn) -> World:
    others = [draw(programs(f"p{i}")) for i in range(draw(st.integers(1, 5)))]
    interests = frozenset(draw(st.sets(st.sampled_from(TOPICS), max_size=2)))
    return World(others, draw(programs("subject")), interests)


def score(rule: Any, data: dict[str, Any], world: World) -> tuple[CriterionScore, float]:
    """The rule's score of the subject as ``data`` and the value a total uses (the point, or
    the stand-in for no evidence), with the catalog's base rates recomputed as a ranking
    recomputes them: a program's own evidence moves them the way it would."""
    catalog = make_catalog(*world.others, data)
    context = Context.of(catalog["programs"], frozenset(), world.interests)
    found: CriterionScore = rule(catalog["programs"][-1], context)
    used = found.score if found.score is not None else empty_estimates(context)[found.criterion]
    return found, used


RULES = [curriculum, specializations, industry]


@settings(max_examples=150, deadline=None)
@given(worlds())
def test_low_point_high_are_ordered(world: World) -> None:
    for rule in RULES:
        found, used = score(rule, world.subject, world)
        assert 0.0 <= found.low <= used + EPS
        assert used <= found.high + EPS <= 1.0 + 2 * EPS


@settings(max_examples=200, deadline=None)
@given(worlds(), topic_items, ties, st.lists(st.sampled_from(["NLP", "Robotics"]), max_size=2))
def test_more_evidence_never_lowers_a_score(
    world: World,
    more_topics: list[dict[str, Any]],
    more_ties: list[dict[str, Any]],
    more_tracks: list[str],
) -> None:
    data = world.subject
    richer = {**data, "topics": data["topics"] + more_topics}
    richer["industry"] = data["industry"] + more_ties
    listed_before = isinstance(data["specializations"], dict)
    if listed_before or more_tracks:  # tracks found on a page where none or some were known
        known = data["specializations"]["tracks"] if listed_before else []
        richer["specializations"] = {"tracks": known + more_tracks, "source": "page"}
    for rule in RULES:
        (before, was), (after, now) = score(rule, data, world), score(rule, richer, world)
        assert now >= was - EPS, rule.__name__
        assert after.low >= before.low - EPS, rule.__name__
        # Complete knowledge (an exact score, a sourced track list, a complete course list's
        # elective areas) is corrected by a new fact, not narrowed: its high may rise.
        # Everywhere else a fact only narrows the range.
        complete_list = data["course_list"] == "complete" and bool(more_topics)
        corrected = before.exact or (
            rule is specializations and ((more_tracks and listed_before) or complete_list)
        )
        if not corrected:
            assert after.high <= before.high + EPS, rule.__name__


@settings(max_examples=150, deadline=None)
@given(worlds())
def test_removing_all_evidence_never_raises_the_point(world: World) -> None:
    data = world.subject
    bare = {**data, "topics": [], "industry": []}
    if data["course_list"] == "complete":
        bare["course_list"] = "partial"  # a complete list is evidence of absence: drop it too
        data = {**data, "course_list": "partial"}
    for rule in (curriculum, industry):
        assert score(rule, bare, world)[1] <= score(rule, data, world)[1] + EPS, rule.__name__


@settings(max_examples=100, deadline=None)
@given(worlds())
def test_no_evidence_is_the_empty_list_case(world: World) -> None:
    """The stand-in an unknown score gets is what the rule gives an empty evidence list."""
    empty = {**world.subject, "topics": [], "industry": [], "course_list": "unknown"}
    catalog = make_catalog(*world.others, empty)
    estimates = empty_estimates(Context.of(catalog["programs"], frozenset(), world.interests))
    for rule, name in ((curriculum, "curriculum"), (industry, "industry")):
        found, used = score(rule, empty, world)
        assert found.score is None
        assert used == estimates[name]  # type: ignore[index]
    # Partial evidence never scores below no evidence (the bug this rule fixes).
    partial = {**world.subject, "course_list": "partial"}
    assert score(curriculum, partial, world)[1] >= estimates["curriculum"] - EPS


@settings(max_examples=100, deadline=None)
@given(worlds())
def test_complete_knowledge_is_one_value(world: World) -> None:
    whole = {**world.subject, "course_list": "complete"}
    found, _ = score(curriculum, whole, world._replace(interests=frozenset()))
    assert found.low == found.score == found.high
