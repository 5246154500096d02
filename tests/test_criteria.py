from __future__ import annotations

from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from mlchoose.core.criteria import (
    FULL_FOCUS,
    Context,
    curriculum,
    faculty,
    industry,
    region,
    specializations,
)
from tests.factories import make_program

NO_PREFS: Context = Context(max_ai_adjusted_pubs=100.0, preferred_regions=frozenset())


def topic(name: str, level: str = "required_course") -> dict[str, Any]:
    return {"topic": name, "evidence": level, "course": f"{name} course", "source": "page"}


def test_curriculum_full_marks_for_every_item_required() -> None:
    names = [
        "linear-algebra",
        "probability",
        "statistics",
        "deep-learning",
        "nlp",
        "computer-vision",
        "project",
    ]
    program = make_program(topics=[topic(n) for n in names])
    assert curriculum(program, NO_PREFS).score == pytest.approx(1.0)


def test_curriculum_weighs_groups_and_evidence_levels() -> None:
    program = make_program(
        topics=[
            topic("statistics"),
            topic("deep-learning", "elective_or_area"),
            topic("project", "program_description"),
        ]
    )
    expected = 0.4 * (1 / 3) + 0.4 * (0.5 / 3) + 0.2 * 0.25
    assert curriculum(program, NO_PREFS).score == pytest.approx(expected)


README_LEVELS = {
    "required_course": 1.0,
    "option_in_required_group": 0.75,
    "elective_or_area": 0.5,
    "program_description": 0.25,
}
README_GROUPS = (
    (0.4, ("linear-algebra", "probability", "statistics")),
    (0.4, ("deep-learning", "nlp", "computer-vision")),
    (0.2, ("project",)),
)


@given(
    st.lists(
        st.tuples(
            st.sampled_from([t for _, ts in README_GROUPS for t in ts] + ["robotics"]),
            st.sampled_from(sorted(README_LEVELS)),
        ),
        max_size=12,
    )
)
def test_curriculum_is_the_readme_formula(items: list[tuple[str, str]]) -> None:
    """The README's rule, written out independently: group share x mean strongest evidence."""
    program = make_program(
        topics=[topic(name, level) for name, level in items], course_list="complete"
    )
    strongest: dict[str, float] = {}
    for name, level in items:
        strongest[name] = max(strongest.get(name, 0.0), README_LEVELS[level])
    expected = sum(
        share * sum(strongest.get(t, 0.0) for t in topics) / len(topics)
        for share, topics in README_GROUPS
    )
    score = curriculum(program, NO_PREFS).score
    assert score is not None and abs(score - expected) < 1e-12
    assert 0.0 <= score <= 1.0


def test_curriculum_takes_the_strongest_evidence_per_topic() -> None:
    weak = make_program(topics=[topic("nlp", "program_description")])
    both = make_program(
        topics=[topic("nlp", "program_description"), topic("nlp", "option_in_required_group")]
    )
    assert curriculum(both, NO_PREFS).score == pytest.approx(0.4 * 0.75 / 3)
    assert curriculum(weak, NO_PREFS).score == pytest.approx(0.4 * 0.25 / 3)


def test_curriculum_is_unknown_without_a_course_list() -> None:
    program = make_program(course_list="unknown", topics=[topic("optimization")])
    result = curriculum(program, NO_PREFS)
    assert result.score is None and "unknown" in result.rule


def test_a_complete_course_list_without_the_topics_scores_zero() -> None:
    program = make_program(course_list="complete", topics=[])
    assert curriculum(program, NO_PREFS).score == 0.0


def test_partial_course_list_says_how_missing_topics_count() -> None:
    program = make_program(course_list="partial")
    found = curriculum(program, NO_PREFS)
    assert "base rate" in found.rule and "topics have evidence" in found.gap


KNOWN_FOCUS: dict[str, Any] = {
    "course_list": "complete",
    "thesis": {"option": "none", "source": "page"},
}


@pytest.mark.parametrize("count", [0, 1, 3, FULL_FOCUS, FULL_FOCUS + 5])
def test_specializations_count_tracks_when_all_else_is_known(count: int) -> None:
    program = make_program(
        name="MS in Data Science",
        specializations={"tracks": [f"T{i}" for i in range(count)], "source": "page"},
        **KNOWN_FOCUS,
    )
    found = specializations(program, NO_PREFS)
    assert found.low == min(1.0, count / FULL_FOCUS)
    if count == 0:  # the source says there are none: exact
        assert found.score == found.low == found.high == 0.0
    else:  # a page that names tracks may not name them all: at least these, maybe more
        assert found.score is not None and found.score >= found.low and found.high == 1.0


def test_no_named_tracks_alone_never_scores_zero() -> None:
    """An ML degree with a thesis of the student's choice offers focus without tracks."""
    program = make_program(
        specializations={"tracks": [], "source": "page"},
        thesis={"option": "optional", "source": "page"},
    )
    found = specializations(program, NO_PREFS)
    assert found.low == pytest.approx(2 / FULL_FOCUS)  # degree about ML + thesis
    assert found.score is not None and found.score >= found.low > 0


def test_specializations_without_facts_is_an_estimate_without_evidence() -> None:
    found = specializations(make_program(specializations="unknown"), NO_PREFS)
    assert found.score is not None and not found.evidenced and found.high == 1.0


def test_faculty_is_log_scaled_against_the_catalog_top() -> None:
    program = make_program()  # 50 adjusted publications
    score = faculty(program, NO_PREFS).score
    assert score == pytest.approx(0.85194, abs=1e-5)  # ln 51 / ln 101, worked by hand
    assert faculty(program, Context(50.0, frozenset())).score == pytest.approx(1.0)


def test_faculty_evidence_names_its_caveats() -> None:
    result = faculty(make_program(), NO_PREFS)
    assert result.evidence[0].source == "table"
    assert "research faculty only" in result.evidence[0].text


def test_faculty_unknown_without_figures() -> None:
    assert faculty(make_program(faculty="unknown"), NO_PREFS).score is None


def test_industry_counts_each_kind_once_and_caps_at_one() -> None:
    def item(kind: str) -> dict[str, Any]:
        return {"kind": kind, "detail": "x", "source": "page"}

    twice = make_program(industry=[item("practicum"), item("practicum")])
    assert industry(twice, NO_PREFS).score == pytest.approx(0.3)
    many = make_program(
        industry=[
            item(k)
            for k in ("required-internship", "practicum", "industry-capstone", "placement-report")
        ]
    )
    assert industry(many, NO_PREFS).score == 1.0


def test_industry_without_evidence_is_unknown_not_zero() -> None:
    assert industry(make_program(industry=[]), NO_PREFS).score is None


def test_region_is_neutral_without_a_preference() -> None:
    result = region(make_program(), NO_PREFS)
    assert result.score is None and "neutral" in result.rule


def test_region_matches_preferred_regions() -> None:
    west = Context(100.0, frozenset({"west"}))
    assert region(make_program(region="west"), west).score == 1.0
    assert region(make_program(region="midwest"), west).score == 0.0


def test_online_only_programs_fit_any_region() -> None:
    online = make_program(region="northeast", delivery={"modes": ["online"], "source": "page"})
    assert region(online, Context(100.0, frozenset({"west"}))).score == 1.0
    hybrid = make_program(
        region="northeast", delivery={"modes": ["online", "on-campus"], "source": "page"}
    )
    assert region(hybrid, Context(100.0, frozenset({"west"}))).score == 0.0


def test_interests_take_a_share_of_curriculum() -> None:
    program = make_program(topics=[topic("statistics"), topic("nlp", "elective_or_area")])
    base = curriculum(program, NO_PREFS).score
    assert base is not None
    likes = Context(100.0, frozenset(), frozenset({"nlp", "robotics"}))
    result = curriculum(program, likes)
    assert result.score == pytest.approx(0.7 * base + 0.3 * (0.5 + 0.0) / 2)
    assert "your interests (nlp, robotics)" in result.rule


def test_interests_reward_tracks_of_their_own() -> None:
    program = make_program(
        specializations={"tracks": ["Robotics and Autonomy", "Systems"], "source": "page"}
    )
    likes = Context(100.0, frozenset(), frozenset({"robotics", "nlp"}))
    result = specializations(program, likes)
    # Two tracks and a degree about ML are proven; the course list and thesis are not known.
    assert result.low == pytest.approx(0.7 * (3 / FULL_FOCUS) + 0.3 * (1 / 2))
    assert "robotics of 2" in result.rule


def test_interests_never_make_an_unknown_curriculum_known() -> None:
    program = make_program(course_list="partial", topics=[topic("robotics", "elective_or_area")])
    assert curriculum(program, NO_PREFS).score is None
    likes = Context(100.0, frozenset(), frozenset({"robotics"}))
    assert curriculum(program, likes).score is None


def test_an_ml_track_inside_a_cs_degree_is_not_a_degree_about_ml() -> None:
    from mlchoose.core.rates import about_ml

    assert about_ml(make_program(name="Master of Science in Machine Learning"))
    assert about_ml(make_program(name="Master of Engineering in Artificial Intelligence"))
    assert not about_ml(
        make_program(name="Master of Science in Computer Science, Machine Learning track")
    )
    assert not about_ml(make_program(name="Online MS in Computer Science (AI specialization)"))
