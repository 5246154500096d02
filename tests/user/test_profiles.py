from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from mlchoose.cli.app import app
from mlchoose.errors import MlchooseError
from mlchoose.user import profiles

runner = CliRunner()


@pytest.fixture(autouse=True)
def config(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv(profiles.ENV_CONFIG_DIR, str(tmp_path))
    return tmp_path / "profiles"


def mine(**changes: object) -> profiles.Profile:
    base = profiles.Profile(
        "mine",
        {"curriculum": 1.0, "specializations": 2.0, "faculty": 3.0, "industry": 0.0, "region": 1.0},
        "my reasons",
        ("west",),
        ("nlp",),
    )
    return base._replace(**changes)  # type: ignore[arg-type]


def test_builtin_profiles_cover_the_articles_careers() -> None:
    assert set(profiles.BUILTIN) == {
        "ml-engineer",
        "data-scientist",
        "research-scientist",
        "entrepreneur",
    }
    research = profiles.get("Research-Scientist")
    weights, prefs = research.preferences()
    assert max(weights.raw, key=lambda c: weights.raw[c]) == "faculty"
    assert research.rationale and prefs.regions == frozenset()


def test_save_and_read_back(config: Path) -> None:
    path = profiles.save(mine())
    assert path == config / "mine.yaml"
    again = profiles.get("mine")
    assert (
        again.weights == mine().weights
        and again.regions == ("west",)
        and again.interests == ("nlp",)
    )
    assert not list(config.glob("*.tmp")) and not list(config.glob(".*"))


def test_names_are_checked_and_builtins_protected() -> None:
    with pytest.raises(MlchooseError, match="lower-case letters"):
        profiles.save(mine(name="My Profile"))
    with pytest.raises(MlchooseError, match="built-in profile"):
        profiles.save(mine(name="entrepreneur"))
    with pytest.raises(MlchooseError, match="cannot be deleted"):
        profiles.delete("entrepreneur")


def test_a_damaged_file_is_reported_and_never_silently_replaced(config: Path) -> None:
    config.mkdir(parents=True)
    damaged = config / "mine.yaml"
    damaged.write_text("weights: [", encoding="utf-8")
    with pytest.raises(MlchooseError, match="is damaged"):
        profiles.get("mine")
    with pytest.raises(MlchooseError, match="use --force"):
        profiles.save(mine())
    assert damaged.read_text(encoding="utf-8") == "weights: ["
    profiles.save(mine(), force=True)
    assert profiles.get("mine").rationale == "my reasons"


@pytest.mark.parametrize(
    "content",
    [
        "- 1\n",
        "weights: {faculty: -3}\n",
        "weights: {facutly: 3}\n",
        "weights: {faculty: 1}\nprefer_regions: [mars]\n",
    ],
)
def test_bad_contents_are_damage_too(config: Path, content: str) -> None:
    config.mkdir(parents=True)
    (config / "odd.yaml").write_text(content, encoding="utf-8")
    with pytest.raises(MlchooseError, match=r"odd\.yaml' is damaged"):
        profiles.get("odd")
    assert any(isinstance(p, MlchooseError) for p in profiles.saved())


def test_a_crash_during_save_leaves_the_old_file(
    config: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    profiles.save(mine())
    before = (config / "mine.yaml").read_bytes()

    def crash(self: Path, target: Path) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(Path, "replace", crash)
    with pytest.raises(MlchooseError, match="cannot save profile"):
        profiles.save(mine(rationale="changed"))
    assert (config / "mine.yaml").read_bytes() == before
    assert [p.name for p in config.iterdir()] == ["mine.yaml"]  # no temporary file left


def test_delete_and_unknown_names(config: Path) -> None:
    profiles.save(mine())
    profiles.delete("mine")
    assert not (config / "mine.yaml").exists()
    with pytest.raises(MlchooseError, match="unknown saved profile"):
        profiles.delete("mine")
    with pytest.raises(MlchooseError, match="did you mean 'entrepreneur'"):
        profiles.get("entrepeneur")


def test_cli_profile_round_trip_and_weights_on_top() -> None:
    result = runner.invoke(
        app,
        [
            "profile",
            "save",
            "mine",
            "--profile",
            "research-scientist",
            "-w",
            "region=4",
            "-p",
            "west",
        ],
    )
    assert result.exit_code == 0, result.stderr
    shown = json.loads(runner.invoke(app, ["profile", "show", "mine", "-f", "json"]).stdout)
    assert shown["weights"]["faculty"] == 5 and shown["weights"]["region"] == 4
    assert shown["prefer_regions"] == ["west"]
    ranked = json.loads(
        runner.invoke(app, ["rank", "-f", "json", "--profile", "mine", "-w", "faculty=0"]).stdout
    )
    assert ranked["weights"]["faculty"] == 0
    assert ranked["weights"]["region"] == pytest.approx(4 / (3 + 2 + 0 + 1 + 4))
    listed = json.loads(runner.invoke(app, ["profile", "list", "-f", "json"]).stdout)
    assert [p["name"] for p in listed][-1] == "mine"
    assert runner.invoke(app, ["profile", "delete", "mine"]).exit_code == 0


def test_cli_profile_errors() -> None:
    result = runner.invoke(app, ["rank", "--profile", "nope"])
    assert result.exit_code == 2 and result.stderr.startswith("Error: unknown profile 'nope'")
    result = runner.invoke(app, ["profile", "save", "mine"])
    assert result.exit_code == 2 and "give --weights or --profile" in result.stderr


def test_profile_show_gives_weights_as_given_and_normalised() -> None:
    from typer.testing import CliRunner

    from mlchoose.cli.app import app

    result = CliRunner().invoke(
        app, ["profile", "show", "research-scientist"], env={"COLUMNS": "120", "NO_COLOR": "1"}
    )
    assert result.exit_code == 0
    assert "5 (42%)" in result.stdout and "3 (25%)" in result.stdout  # 5 of 12, 3 of 12
