from __future__ import annotations

import json
from pathlib import Path

import pytest
import yaml
from typer.testing import CliRunner

from mlchoose.cli import interview
from mlchoose.cli.app import app
from mlchoose.cli.interview import QUESTIONS, judgement
from mlchoose.errors import MlchooseError

runner = CliRunner()

#: Consistent answers for weights proportional to curriculum 4, specializations 2, faculty 4,
#: industry 2, region 1 (each answer is the ratio of the two weights, rounded to the scale).
CONSISTENT = ["2", "=", "2", "4", "-2", "=", "2", "2", "4", "2"]


@pytest.fixture(autouse=True)
def config(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv("MLCHOOSE_CONFIG_DIR", str(tmp_path))
    return tmp_path


def test_ten_questions_cover_every_pair_once() -> None:
    assert len(QUESTIONS) == 10
    assert len({frozenset(p) for p in QUESTIONS}) == 10


@pytest.mark.parametrize(
    ("answer", "expected"),
    [
        ("3", ("curriculum", "faculty", 3.0)),
        ("-5", ("faculty", "curriculum", 5.0)),
        ("=", ("curriculum", "faculty", 1.0)),
        (" = ", ("curriculum", "faculty", 1.0)),
    ],
)
def test_answers_become_judgements(answer: str, expected: tuple[str, str, float]) -> None:
    assert judgement(("curriculum", "faculty"), answer) == expected


@pytest.mark.parametrize("answer", ["x", "10", "-12", "2.5", ""])
def test_bad_answers(answer: str) -> None:
    with pytest.raises(MlchooseError):
        judgement(("curriculum", "faculty"), answer)


@pytest.mark.parametrize("answer", ["0", "1", "-1", " 1 "])
def test_zero_one_and_minus_one_are_refused_with_what_to_type(answer: str) -> None:
    """They meant 'the first', 'the second' or 'neither', never silently 'the same'."""
    with pytest.raises(MlchooseError) as refused:
        judgement(("curriculum", "faculty"), answer)
    message = str(refused.value)
    assert "\n" not in message and "not on the scale" in message
    assert "type = if they matter the same" in message and "2 to 9" in message


def test_at_a_terminal_an_unclear_answer_is_asked_again(
    config: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from mlchoose.cli import profile

    monkeypatch.setattr(profile, "_at_terminal", lambda: True)
    answers = ["n", "1", *CONSISTENT, "n"]  # no earnings; '1' refused, the ten; do not save
    result = runner.invoke(app, ["interview"], input="\n".join(answers) + "\n")
    assert result.exit_code == 0, result.output
    assert result.stderr.count("not on the scale") == 1
    assert "Consistency ratio 0.00" in result.stdout
    assert not (config / "profiles").exists()


def test_saving_asks_yes_or_no_before_the_name(
    config: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """'y' to "Save as a profile? Name" was saved as a profile named 'y' (issue 27)."""
    from mlchoose.cli import profile

    monkeypatch.setattr(profile, "_at_terminal", lambda: True)
    answers = ["n", *CONSISTENT, "y", "mine", "west"]  # no earnings question
    result = runner.invoke(app, ["interview"], input="\n".join(answers) + "\n")
    assert result.exit_code == 0, result.output
    assert "Save these weights as a profile? [y/N]" in result.stdout
    assert "Profile name" in result.stdout
    assert (config / "profiles" / "mine.yaml").is_file()
    assert not (config / "profiles" / "y.yaml").exists()
    declined = runner.invoke(app, ["interview"], input="\n".join(["n", *CONSISTENT, "n"]) + "\n")
    assert declined.exit_code == 0 and "Profile name" not in declined.stdout


def test_a_piped_unclear_answer_stops_with_one_line(config: Path) -> None:
    result = runner.invoke(app, ["interview", "--save", "asked"], input="3\n1\n")
    assert result.exit_code == 2 and result.stderr.count("\n") == 1
    assert result.stderr.startswith("Error: '1' is not on the scale")


def test_piped_answers_give_weights_and_a_saved_profile(config: Path) -> None:
    answers = [*CONSISTENT, "west"]  # the eleventh answer: which region the weight is about
    result = runner.invoke(app, ["interview", "--save", "asked"], input="\n".join(answers) + "\n")
    assert result.exit_code == 0, result.output
    assert "Consistency ratio 0.00" in result.stdout and "Warning" not in result.stdout
    saved = yaml.safe_load((config / "profiles" / "asked.yaml").read_text(encoding="utf-8"))
    assert saved["prefer_regions"] == ["west"]
    weights = saved["weights"]
    # Saved to 4 decimals: 4/13, 2/13, 4/13, 2/13, 1/13.
    assert weights == pytest.approx(
        {
            "curriculum": 4 / 13,
            "specializations": 2 / 13,
            "faculty": 4 / 13,
            "industry": 2 / 13,
            "region": 1 / 13,
        },
        abs=5e-5,
    )


def test_inconsistent_answers_are_warned_about() -> None:
    answers = ["9", "-9", "=", "=", "9", "=", "=", "=", "=", "="]  # c >> s, f >> c, but s >> f
    result = runner.invoke(app, ["interview"], input="\n".join(answers) + "\n")
    assert result.exit_code == 0
    assert "Warning: above 0.1" in result.stdout


def test_running_out_of_answers_writes_nothing(config: Path) -> None:
    result = runner.invoke(app, ["interview", "--save", "asked"], input="3\n-2\n")
    assert result.exit_code == 2 and "ran out of answers" in result.stderr
    assert not (config / "profiles").exists()


def test_a_bad_piped_answer_stops_with_one_line(config: Path) -> None:
    result = runner.invoke(app, ["interview", "--save", "asked"], input="3\nlots\n")
    assert result.exit_code == 2 and result.stderr.startswith("Error: 'lots' is not an answer")
    assert not (config / "profiles").exists()


def test_ctrl_c_leaves_nothing_half_written(config: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import typer

    calls = iter(["3", "-2"])

    def prompt(*args: object, **kwargs: object) -> str:
        try:
            return next(calls)
        except StopIteration:
            raise KeyboardInterrupt from None

    monkeypatch.setattr(typer, "prompt", prompt)
    monkeypatch.setattr(interview, "read_answer", prompt)  # answers from a pipe
    result = runner.invoke(app, ["interview", "--save", "asked"])
    assert result.exit_code == 130
    assert "Traceback" not in result.output
    assert not (config / "profiles").exists()


def test_the_profile_name_is_checked_before_the_questions(config: Path) -> None:
    result = runner.invoke(app, ["interview", "--save", "entrepreneur"], input="1\n" * 10)
    assert result.exit_code == 2 and "built-in profile" in result.stderr
    assert "1/10" not in result.stdout


def test_without_a_region_the_region_weight_is_kept_for_when_one_is_named(config: Path) -> None:
    """The answers' region weight is saved (a new user's --prefer-region found it zeroed); a
    ranking with the profile leaves it out with a note, like a built-in profile's (issue 27),
    and --prefer-region applies it."""
    result = runner.invoke(
        app, ["interview", "--save", "nowhere"], input="\n".join(CONSISTENT) + "\n\n"
    )
    assert result.exit_code == 0, result.output
    assert "left out when ranking" in result.stdout
    saved = yaml.safe_load((config / "profiles" / "nowhere.yaml").read_text(encoding="utf-8"))
    assert saved["weights"]["region"] > 0
    ranked = runner.invoke(app, ["rank", "--profile", "nowhere", "-f", "json"])
    assert ranked.exit_code == 0, ranked.output
    assert json.loads(ranked.stdout)["weights"]["region"] == 0
    assert "not applied: no preferred region" in ranked.stderr
    assert "--prefer-region" in ranked.stderr
    west = runner.invoke(app, ["rank", "--profile", "nowhere", "-p", "west", "-f", "json"])
    assert west.exit_code == 0, west.output
    assert json.loads(west.stdout)["weights"]["region"] > 0


def test_a_saved_profile_without_a_region_works_like_a_built_in_one(config: Path) -> None:
    """--weights faculty=3 with a saved profile: its region weight is left out with the same
    note a built-in profile gets, never asked about and never an error (issue 27)."""
    runner.invoke(app, ["interview", "--save", "mine"], input="\n".join(CONSISTENT) + "\n\n")
    result = runner.invoke(app, ["rank", "--profile", "mine", "--weights", "faculty=3"])
    assert result.exit_code == 0, result.output
    assert "not applied: no preferred region" in " ".join(result.stdout.split())
    builtin = runner.invoke(app, ["rank", "--profile", "ml-engineer", "--weights", "faculty=3"])
    assert "not applied: no preferred region" in " ".join(builtin.stdout.split())
    zero = runner.invoke(app, ["rank", "--profile", "mine", "--weights", "region=0", "-f", "json"])
    assert zero.exit_code == 0, zero.output
    assert "region" not in zero.stderr
