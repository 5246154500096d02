from __future__ import annotations

from pathlib import Path

import pytest

from mlchoose.errors import USAGE_ERROR, MlchooseError
from mlchoose.user.preferences import Weights, criterion_named, parse_regions, parse_weights


def test_unnamed_criteria_keep_weight_one() -> None:
    weights = parse_weights("faculty=5,industry=3")
    assert dict(weights.raw) == {
        "curriculum": 1.0,
        "specializations": 1.0,
        "faculty": 5.0,
        "industry": 3.0,
        "region": 1.0,
    }


@pytest.mark.parametrize(
    ("typed", "meant"),
    [
        ("Industry_Ties", "industry"),
        ("industry-ties", "industry"),
        ("tracks", "specializations"),
        (" FACULTY ", "faculty"),
        ("specialisations", "specializations"),
    ],
)
def test_synonyms_and_spelling_variants(typed: str, meant: str) -> None:
    assert criterion_named(typed) == meant


@pytest.mark.parametrize(
    ("typed", "suggested"),
    [("curiculum", "'curriculum'?"), ("curricla", "'curriculum'?"), ("industri", "'industry'?")],
)
def test_a_typo_near_synonyms_suggests_the_criterion_once(typed: str, suggested: str) -> None:
    with pytest.raises(MlchooseError) as raised:
        criterion_named(typed)
    assert str(raised.value).endswith(f"did you mean {suggested}")


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("facutly=2", "did you mean 'faculty'"),
        ("faculty=-1", "finite number >= 0"),
        ("faculty=nan", "finite number >= 0"),
        ("faculty=inf", "finite number >= 0"),
        ("faculty=lots", "must be a number"),
        ("faculty", "write NAME=NUMBER pairs"),
        ("=3", "write NAME=NUMBER pairs"),
        (",", "empty weights"),
        ("faculty=1,faculty=2", "given twice"),
        ("curriculum=0,specializations=0,faculty=0,industry=0,region=0", "all weights are zero"),
    ],
)
def test_bad_weights_are_usage_errors(text: str, message: str) -> None:
    with pytest.raises(MlchooseError, match=message) as caught:
        parse_weights(text)
    assert caught.value.exit_code == USAGE_ERROR


def test_weights_file(tmp_path: Path) -> None:
    path = tmp_path / "w.yaml"
    path.write_text("faculty: 5\nindustry_ties: 2.5\n", encoding="utf-8")
    assert parse_weights(str(path)).raw["industry"] == 2.5


@pytest.mark.parametrize(
    ("content", "message"),
    [
        ("faculty: [1", "not valid YAML"),
        ("- 1\n- 2\n", "must be a mapping"),
        ("", "must be a mapping"),
        ("faculty: true\n", "must be a number"),
        ("facultee: 3\n", "did you mean"),
    ],
)
def test_bad_weights_files(tmp_path: Path, content: str, message: str) -> None:
    path = tmp_path / "w.yaml"
    path.write_text(content, encoding="utf-8")
    with pytest.raises(MlchooseError, match=message):
        parse_weights(str(path))


def test_missing_weights_file(tmp_path: Path) -> None:
    with pytest.raises(MlchooseError, match="does not exist"):
        parse_weights(str(tmp_path / "none.yaml"))


def test_weights_reject_bad_values_when_built_directly() -> None:
    with pytest.raises(MlchooseError):
        Weights.of({"faculty": -2.0})


@pytest.mark.parametrize(
    ("text", "regions"),
    [
        ("west,northeast", {"west", "northeast"}),
        ("East Coast", {"northeast", "southeast"}),
        ("west-coast", {"west"}),
        ("Mid-West", {"midwest"}),
    ],
)
def test_regions_and_the_articles_names(text: str, regions: set[str]) -> None:
    assert parse_regions(text).regions == regions


def test_unknown_region_suggests() -> None:
    with pytest.raises(MlchooseError, match="did you mean 'northeast'"):
        parse_regions("northest")


def test_interests_accept_vocabulary_and_short_names() -> None:
    from mlchoose.user.preferences import parse_interests

    assert parse_interests("NLP, vision,rl") == {"nlp", "computer-vision", "reinforcement-learning"}
    with pytest.raises(MlchooseError, match="did you mean 'robotics'"):
        parse_interests("robotic")
