from __future__ import annotations

import csv
import io
import json
import re
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from mlchoose.cli.app import app
from mlchoose.vocab import CRITERIA
from tests.factories import catalog_data, dump, program_data

runner = CliRunner()


def run(*args: str, code: int = 0) -> tuple[str, str]:
    result = runner.invoke(app, list(args), env={"NO_COLOR": "1", "COLUMNS": "120"})
    assert result.exit_code == code, (result.stdout, result.stderr)
    return result.stdout, result.stderr


@pytest.fixture
def small(tmp_path: Path) -> Path:
    """Three programs whose order is fixed by their facts."""
    strong = program_data(
        "alpha", specializations={"tracks": ["a", "b", "c", "d"], "source": "page"}
    )
    weak = program_data(
        "gamma", region="west", industry=[], specializations={"tracks": [], "source": "page"}
    )
    path = tmp_path / "small.yaml"
    path.write_text(dump(catalog_data(strong, program_data("beta"), weak)), encoding="utf-8")
    return path


def test_rank_json_is_the_documented_contract(small: Path) -> None:
    out, _ = run(
        "rank", "--format", "json", "--catalog", str(small), "--weights", "faculty=5,industry=3"
    )
    data = json.loads(out)
    assert set(data) == {"weights", "programs"}
    assert list(data["weights"]) == list(CRITERIA)
    assert sum(data["weights"].values()) == pytest.approx(1.0)
    assert data["weights"]["region"] == 0  # no preferred region: neutral
    assert data["weights"]["faculty"] == pytest.approx(5 / 10)
    first = data["programs"][0]
    assert set(first) == {
        "rank",
        "id",
        "name",
        "university",
        "region",
        "total",
        "scores",
        "facts",
        "dominated_by",
        "ranges",
        "total_range",
    }
    assert first["ranges"]["region"] is None  # region neutral: no range
    low, high = first["total_range"]
    assert low <= first["total"] <= high
    assert set(first["facts"]) == {
        "total_cost",
        "duration_months",
        "credits",
        "delivery",
        "part_time",
        "stem",
        "stem_status",
        "stem_basis",
        "field",
        "gre",
        "deadline",
        "earnings",
    }
    assert first["facts"]["duration_months"] == {"min": 12, "max": 16}
    assert first["facts"]["total_cost"] is None  # yearly tuition, terms unknown
    assert [p["id"] for p in data["programs"]] == ["alpha", "beta", "gamma"]
    assert [p["rank"] for p in data["programs"]] == [1, 2, 3]
    assert all(0 <= p["total"] <= 100 for p in data["programs"])
    assert first["scores"]["region"] is None


def test_rank_json_marks_unknown_scores_null(tmp_path: Path) -> None:
    path = tmp_path / "c.yaml"
    path.write_text(
        dump(catalog_data(program_data("alpha", industry=[]), program_data("beta"))),
        encoding="utf-8",
    )
    data = json.loads(run("rank", "-f", "json", "--catalog", str(path))[0])
    alpha = next(p for p in data["programs"] if p["id"] == "alpha")
    assert alpha["scores"]["industry"] is None


def test_rank_table_lists_programs_weights_and_the_unknown_rule(small: Path) -> None:
    out, _ = run("rank", "--catalog", str(small))
    assert out.index("alpha") < out.index("beta") < out.index("gamma")
    assert "Weights applied" in out and "? = unknown" in out
    assert "\x1b[" not in out


def test_rank_top_region_and_preferences(small: Path) -> None:
    out, _ = run("rank", "-f", "json", "--catalog", str(small), "--top", "1")
    assert [p["id"] for p in json.loads(out)["programs"]] == ["alpha"]
    out, _ = run("rank", "-f", "json", "--catalog", str(small), "--region", "west-coast")
    assert [p["id"] for p in json.loads(out)["programs"]] == ["gamma"]
    out, _ = run("rank", "-f", "json", "--catalog", str(small), "-p", "west", "-w", "region=100")
    assert json.loads(out)["programs"][0]["id"] == "gamma"


def test_rank_csv_and_markdown(small: Path) -> None:
    out, _ = run("rank", "-f", "csv", "--catalog", str(small))
    rows = list(csv.DictReader(io.StringIO(out)))
    assert [r["id"] for r in rows] == ["alpha", "beta", "gamma"]
    assert rows[0]["score_region"] == ""
    out, _ = run("rank", "-f", "markdown", "--catalog", str(small))
    assert out.splitlines()[0].startswith("| # | Program")
    assert sum(1 for line in out.splitlines() if line.startswith("| ")) == 4


def test_show_explains_scores_with_sources(small: Path) -> None:
    out, _ = run("show", "ALPHA-X", "--catalog", str(small))
    assert "MS in Machine Learning at alpha" in out
    assert "focus areas / 4" in out
    assert "https://alpha.example.edu/ms" in out and "[1]" in out


def test_show_json(small: Path) -> None:
    data = json.loads(run("show", "beta", "-f", "json", "--catalog", str(small))[0])
    assert data["id"] == "beta" and data["rank"] == 2
    assert set(data["criteria"]) == set(CRITERIA)
    assert data["criteria"]["specializations"]["evidence"][0]["source"] == "page"
    assert data["sources"]["page"]["url"] == "https://beta.example.edu/ms"
    assert data["program"]["tuition"]["amount_usd"] == 50000


def test_compare_table_and_json(small: Path) -> None:
    out, _ = run("compare", "gamma", "alpha", "--catalog", str(small))
    assert "Winner: alpha" in out and "best value" in out
    data = json.loads(run("compare", "gamma", "alpha", "-f", "json", "--catalog", str(small))[0])
    assert data["winner"] == "alpha" and data["margin"] > 0
    assert [p["id"] for p in data["programs"]] == ["alpha", "gamma"]
    assert data["best"]["specializations"] == ["alpha"]


def test_list_and_validate(small: Path, tmp_path: Path) -> None:
    data = json.loads(run("list", "-f", "json", "--catalog", str(small))[0])
    assert [p["id"] for p in data] == ["alpha", "beta", "gamma"]
    assert run("validate", str(small))[0].strip().endswith("valid")
    bad = tmp_path / "bad.yaml"
    bad.write_text(
        dump(catalog_data(program_data("alpha", region="mars", state="Illinois"))), encoding="utf-8"
    )
    out, err = run("validate", str(bad), code=1)
    assert len(out.splitlines()) == 2 and "error: program 'alpha' field region" in out
    assert "field state" in out
    assert err == f"Error: 2 problem(s) in '{bad}'\n"
    report = json.loads(run("validate", str(bad), "-f", "json", code=1)[0])
    assert report["valid"] is False and len(report["problems"]) == 2


def test_builtin_catalog_commands_work() -> None:
    out, _ = run("rank")
    assert "cmu-msml" in out
    out, _ = run("show", "cmu")
    assert "Carnegie Mellon University" in out and "csrankings.org" in out
    out, _ = run("compare", "stanford", "berkeley")
    assert "Winner:" in out


def test_env_variable_selects_catalog(small: Path) -> None:
    result = runner.invoke(app, ["list", "-f", "json"], env={"MLCHOOSE_CATALOG": str(small)})
    assert [p["id"] for p in json.loads(result.stdout)] == ["alpha", "beta", "gamma"]


@pytest.mark.parametrize(
    ("args", "code", "message"),
    [
        (["show", "cmx"], 2, "unknown program 'cmx'; did you mean 'cmu-msml'?"),
        (["rank", "--weights", "facutly=3"], 2, "did you mean 'faculty'?"),
        (["rank", "--weights", "faculty=-1"], 2, "finite number >= 0"),
        (["rank", "--weights", "faculty=nan"], 2, "finite number >= 0"),
        (["rank", "--weights", "faculty=inf"], 2, "finite number >= 0"),
        (
            ["rank", "--weights", "curriculum=0,specializations=0,faculty=0,industry=0,region=0"],
            2,
            "all weights are zero",
        ),
        (
            ["rank", "--weights", "region=5,curriculum=0,specializations=0,faculty=0,industry=0"],
            2,
            "no preferred region and no other weight: add --prefer-region",
        ),
        (["rank", "--weights", "faculty:3"], 2, "NAME=NUMBER"),
        (["rank", "--weights", "missing.yaml"], 1, "does not exist"),
        (["rank", "--prefer-region", "mars"], 2, "unknown region 'mars'"),
        (["rank", "--region", "northest"], 2, "did you mean 'northeast'"),
        (["rank", "--top", "0"], 2, "--top"),
        (["rank", "--top", "-3"], 2, "--top"),
        (["rank", "--format", "xml"], 2, "--format"),
        (["rank", "--catalog", "no-such-file.yaml"], 1, "does not exist"),
        (["compare", "cmu"], 2, "at least two"),
        (["compare", "cmu", "msml"], 2, "named twice"),
        (["rank", "--bogus"], 2, "No such option"),
    ],
)
def test_bad_input_gives_one_line_and_exit_code(args: list[str], code: int, message: str) -> None:
    result = runner.invoke(app, args)
    assert result.exit_code == code
    assert result.stderr.startswith("Error: ") and message in result.stderr
    assert result.stderr.count("\n") == 1
    assert "Traceback" not in result.output


@pytest.mark.parametrize(
    ("content", "message"),
    [
        ("programs: [\n", "not valid YAML"),
        ("just text\n", "expected a mapping"),
        ("programs:\n  - id: Bad Id\n", "program 'Bad Id' field id (line 2)"),
        ("programs:\n  - 42\n", "program #1"),
    ],
)
def test_bad_catalog_files(tmp_path: Path, content: str, message: str) -> None:
    path = tmp_path / "c.yaml"
    path.write_text(content, encoding="utf-8")
    result = runner.invoke(app, ["rank", "--catalog", str(path)])
    assert result.exit_code == 1
    assert message in result.stderr and result.stderr.count("\n") == 1


def test_duplicate_alias_in_catalog(tmp_path: Path) -> None:
    path = tmp_path / "c.yaml"
    path.write_text(
        dump(catalog_data(program_data("alpha"), program_data("beta", aliases=["alpha"]))),
        encoding="utf-8",
    )
    result = runner.invoke(app, ["rank", "--catalog", str(path)])
    assert result.exit_code == 1 and "'alpha' is already the id or an alias" in result.stderr


def test_weights_file_option(tmp_path: Path, small: Path) -> None:
    weights = tmp_path / "w.yaml"
    weights.write_text("faculty: 3\n", encoding="utf-8")
    data = json.loads(run("rank", "-f", "json", "-w", str(weights), "--catalog", str(small))[0])
    assert data["weights"]["faculty"] == pytest.approx(3 / 6)


def test_unexpected_errors_are_one_line_unless_debugging(monkeypatch: pytest.MonkeyPatch) -> None:
    from mlchoose.core import ranking

    def boom(*args: object, **kwargs: object) -> None:
        raise RuntimeError("boom")

    monkeypatch.setattr(ranking, "rank", boom)
    result = runner.invoke(app, ["rank"])
    assert result.exit_code == 1 and "internal error (RuntimeError: boom)" in result.stderr
    result = runner.invoke(app, ["rank"], env={"MLCHOOSE_DEBUG": "1"})
    assert isinstance(result.exception, RuntimeError)


def test_help_teaches_with_examples() -> None:
    out, _ = run("--help")
    assert out.index("rank") < out.index("show") < out.index("compare")
    out, _ = run("rank", "--help")
    assert "faculty=5,industry=3" in out and "--prefer-region" in out


def test_version() -> None:
    from mlchoose import __version__

    assert run("--version")[0].strip() == f"mlchoose {__version__}"


def test_filters_on_rank_and_list(tmp_path: Path) -> None:
    path = tmp_path / "c.yaml"
    online = program_data("alpha", delivery={"modes": ["online"], "source": "page"})
    unknown = program_data("beta", delivery="unknown")
    path.write_text(dump(catalog_data(online, unknown, program_data("gamma"))), encoding="utf-8")
    result = runner.invoke(app, ["rank", "-f", "json", "--online", "--catalog", str(path)])
    assert [p["id"] for p in json.loads(result.stdout)["programs"]] == ["alpha"]
    assert "1 could pass but a deciding fact is in question (delivery unknown 1" in result.stderr
    assert [p["id"] for p in json.loads(result.stdout)["could_pass"]] == ["beta"]
    result = runner.invoke(
        app,
        ["list", "-f", "json", "--delivery", "online", "--keep-unknown", "--catalog", str(path)],
    )
    assert [p["id"] for p in json.loads(result.stdout)] == ["alpha", "beta"]
    out, _ = run("rank", "--online", "--catalog", str(path))
    assert "could pass" in out


def test_filter_options_are_checked() -> None:
    result = runner.invoke(app, ["rank", "--delivery", "by-mail"])
    assert result.exit_code == 2 and "--delivery" in result.stderr
    result = runner.invoke(app, ["rank", "--max-cost", "-5"])
    assert result.exit_code == 2 and "--max-cost" in result.stderr


def test_fact_columns_and_cost_in_show(tmp_path: Path) -> None:
    path = tmp_path / "c.yaml"
    priced = program_data(
        "alpha",
        tuition={"amount_usd": 1000, "per": "credit", "source": "prices"},
        credits={"amount": 30, "unit": "semester-credits", "source": "page"},
    )
    path.write_text(dump(catalog_data(priced, program_data("beta"))), encoding="utf-8")
    out, _ = run("rank", "--facts", "cost,months", "--catalog", str(path))
    # The terminal's cost cell is one short line: thousands, + for tuition alone (issue 27).
    assert "$30k+" in out and "12-16" in out and "+ tuition alone" in " ".join(out.split())
    out, _ = run("show", "alpha", "--catalog", str(path))
    flat = " ".join(out.split())
    expected = (
        "Total cost $30,000-$84,000 (fees unknown) = $1,000 per credit x 30 semester-credits "
        "+ fees unknown (at most 180% of tuition)"
    )
    assert expected in flat
    data = json.loads(run("rank", "-f", "json", "--catalog", str(path))[0])
    cost = data["programs"][0]["facts"]["total_cost"]
    assert cost == {
        "low": 30000.0,
        "high": 84000.0,
        "currency": "USD",
        "fees_included": False,
        "formula": (
            "$1,000 per credit x 30 semester-credits + fees unknown (at most 180% of tuition)"
        ),
        "years": ["2025-26"],
    }
    result = runner.invoke(app, ["rank", "--facts", "cots"])
    assert result.exit_code == 2 and "did you mean 'cost'" in result.stderr


def test_stats_counts_evidence(small: Path) -> None:
    data = json.loads(run("stats", "-f", "json", "--catalog", str(small))[0])
    counts = {row["name"]: row["known"] for row in data}
    assert counts["industry"] == 2 and counts["faculty"] == 3 and counts["outcomes"] == 0
    assert all(row["programs"] == 3 for row in data)
    assert "Evidence coverage" in run("stats", "--catalog", str(small))[0]


def test_validate_strict_fails_on_warnings(tmp_path: Path) -> None:
    path = tmp_path / "old.yaml"
    path.write_text(
        dump(catalog_data(program_data("alpha", checked="2020-01-01"))), encoding="utf-8"
    )
    assert run("validate", str(path))[0].strip().endswith("valid")
    out, err = run("validate", "--strict", str(path), code=1)
    assert "warning: program 'alpha' field checked" in out
    assert err == f"Error: 0 error(s) and 1 warning(s) in '{path}'\n"


def test_schema_command_prints_json_schema() -> None:
    data = json.loads(run("schema")[0])
    assert data["$schema"].startswith("https://json-schema.org/")
    assert "Program" in data["$defs"]


def test_app_for_builds_only_the_named_command() -> None:
    from mlchoose.cli.app import app_for

    one = app_for(["show", "cmu", "--format", "json"])
    assert [c.callback.__name__ for c in one.registered_commands if c.callback] == ["show"]
    assert app_for(["profile", "list"]).registered_groups[0].name == "profile"
    assert app_for(["--help"]) is app and app_for([]) is app and app_for(["rnak"]) is app
    result = runner.invoke(one, ["show", "cmu", "--format", "json"])
    assert json.loads(result.stdout)["id"] == "cmu-msml"


@pytest.mark.parametrize("ident", ["cmu", "berkeley", "stanford", "uiuc", "mit", "umich"])
def test_show_json_of_builtin_programs_is_valid_json(ident: str) -> None:
    from mlchoose.data import catalog

    data = json.loads(run("show", ident, "-f", "json")[0])
    assert data["program"]["checked"] == catalog.find(catalog.load(), ident)["checked"]


def test_every_builtin_program_shows_as_table_and_json() -> None:
    from mlchoose.data import catalog

    for program in catalog.load()["programs"]:
        table = runner.invoke(app, ["show", program["id"]], env={"COLUMNS": "100"})
        assert table.exit_code == 0 and program["name"][:20] in " ".join(table.stdout.split())
        data = json.loads(runner.invoke(app, ["show", program["id"], "-f", "json"]).stdout)
        assert data["id"] == program["id"]


def test_a_failing_write_is_one_line(monkeypatch: pytest.MonkeyPatch) -> None:
    from mlchoose.views import console

    def full(text: str) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(console, "write", full)
    result = runner.invoke(app, ["rank", "-f", "json"])
    assert result.exit_code == 1
    assert result.stderr == "Error: cannot write or read a file: No space left on device\n"


def test_weights_file_problems_name_the_file_and_exit_1(tmp_path: Path) -> None:
    path = tmp_path / "w.yaml"
    path.write_text("faculty: -1\n", encoding="utf-8")
    result = runner.invoke(app, ["rank", "--weights", str(path)])
    assert result.exit_code == 1 and f"weights file '{path}'" in result.stderr


def test_markdown_states_the_unknown_rule(small: Path) -> None:
    out, _ = run("rank", "-f", "markdown", "--catalog", str(small))
    assert "the total counts its stand-in there" in out


def test_weights_sum_to_one_exactly_as_printed(tmp_path: Path) -> None:
    """Eleven parts rounded one by one sum to 0.9999; as printed they must sum to 1."""
    from decimal import Decimal

    out, _ = run("rank", "-f", "json", "--weights", "faculty=5,industry=3,region=1", "-p", "west")
    printed = json.loads(out, parse_float=Decimal)["weights"]
    assert sum(printed.values()) == Decimal(1)


def test_a_budget_keeps_programs_whose_fees_alone_are_unknown(tmp_path: Path) -> None:
    """Tuition far under the budget: kept, even with fees unknown; a range that spans the budget
    only because of the fee bound is counted as dropped for fees only."""
    cheap = program_data(
        "cheap",
        tuition={"amount_usd": 5400, "per": "program", "source": "prices"},
    )
    close = program_data(
        "close",
        tuition={"amount_usd": 40000, "per": "program", "source": "prices"},
    )
    path = tmp_path / "c.yaml"
    path.write_text(dump(catalog_data(cheap, close)), encoding="utf-8")
    out, err = run("rank", "-f", "json", "--max-cost", "50000", "--catalog", str(path))
    assert [p["id"] for p in json.loads(out)["programs"]] == ["cheap"]
    assert "fees unknown 1" in err


def test_the_fee_bound_covers_every_program_of_the_built_in_catalog() -> None:
    from mlchoose.core.costs import FEE_BOUND, total_cost
    from mlchoose.data.catalog import load

    for program in load()["programs"]:
        with_fees = total_cost(program)
        if with_fees.fees_included and with_fees.low is not None:
            alone = total_cost({**program, "fees": None})
            assert alone.tuition_high is not None
            assert with_fees.low - alone.low <= FEE_BOUND * alone.low, program["id"]  # type: ignore[operator]


def test_a_typed_region_weight_without_a_region_ranks_neutral_and_says_what_to_add() -> None:
    """Issue 27: not an error any more; in a pipe region is left out, said in one line."""
    out, err = run("rank", "-f", "json", "--weights", "region=5")
    assert json.loads(out)["weights"]["region"] == 0
    assert err.count("\n") == 1 and "add --prefer-region" in err
    out, _ = run("rank", "-f", "json", "--weights", "region=5", "--prefer-region", "west")
    assert json.loads(out)["weights"]["region"] > 0


def test_huge_weights_are_scaled_not_zero() -> None:
    out, _ = run("rank", "-f", "json", "--weights", "faculty=1e308,industry=1e308")
    weights = json.loads(out)["weights"]
    assert weights["faculty"] == weights["industry"] == 0.5


def test_show_quotes_prints_each_facts_quote_with_its_page(tmp_path: Path) -> None:
    path = tmp_path / "c.yaml"
    quoted = program_data(
        "alpha",
        tuition={"amount_usd": 50000, "per": "year", "source": "prices", "quote": "$50,000 a year"},
    )
    path.write_text(dump(catalog_data(quoted, program_data("beta"))), encoding="utf-8")
    out, _ = run("show", "alpha", "--quotes", "--catalog", str(path))
    assert "“$50,000 a year”" in out and "alpha.example.edu/tuition" in out
    plain, _ = run("show", "alpha", "--catalog", str(path))
    assert "$50,000 a year”" not in plain
    out, _ = run("show", "beta", "--quotes", "--catalog", str(path))
    assert "No fact of this program carries a quote yet." in out


def test_funding_is_shown_next_to_the_cost(tmp_path: Path) -> None:
    path = tmp_path / "c.yaml"
    funded = program_data(
        "alpha",
        funding={"text": "normally funded by teaching assistantships", "source": "page"},
    )
    path.write_text(dump(catalog_data(funded, program_data("beta"))), encoding="utf-8")
    out, _ = run("show", "alpha", "--catalog", str(path))
    assert "Funding" in out and "normally funded by teaching assistantships" in out
    out, _ = run("rank", "--facts", "cost", "--catalog", str(path))
    assert "(funded)" in out
    out, _ = run("compare", "alpha", "beta", "--catalog", str(path))
    assert "normally funded" in out


def test_tables_show_at_most_a_hundred_rows_and_say_how_many_are_left_out(
    tmp_path: Path,
) -> None:
    path = tmp_path / "c.yaml"
    many = [program_data(f"p{i:03d}") for i in range(120)]
    path.write_text(dump(catalog_data(*many)), encoding="utf-8")
    out, _ = run("rank", "--catalog", str(path))
    assert "20 more programs not shown" in out and "p119" not in out.replace("p119-x", "")
    out, _ = run("rank", "--top", "110", "--catalog", str(path))
    assert "more programs not shown" not in out
    data = json.loads(run("rank", "-f", "json", "--catalog", str(path))[0])
    assert len(data["programs"]) == 120
    out, _ = run("list", "--catalog", str(path))
    assert "20 more programs not shown" in out


def test_filters_that_leave_nothing_certain_list_what_could_pass(tmp_path: Path) -> None:
    out, _ = run("rank", "--max-cost", "1")
    assert out.startswith("No program passes these filters for certain.") and "dropped" in out
    assert "Could pass:" in out and "cost unknown" in out
    assert "Weights applied" in out  # nothing passed, so the could-pass table gives the legends


def test_filters_that_leave_nothing_at_all_say_so(tmp_path: Path) -> None:
    path = tmp_path / "c.yaml"
    path.write_text(dump(catalog_data(program_data("alpha"), program_data("beta"))), "utf-8")
    out, _ = run("rank", "--max-months", "6", "--catalog", str(path))  # both take 12-16
    assert out.startswith("No program passes these filters.") and "Could pass" not in out


def test_notes_follow_one_rule_under_tables_and_on_stderr_beside_machine_formats() -> None:
    table, err = run("rank", "--max-cost", "60000")
    assert "Note: filters:" in table and "Note:" not in err
    for fmt in ("json", "csv", "markdown"):
        out, err = run("rank", "-f", fmt, "--max-cost", "60000")
        assert "Note:" not in out and "Note: filters:" in err, fmt
    listed, err = run("list", "--max-cost", "60000")
    assert "Note: filters:" in listed and "Note:" not in err
    out, err = run("list", "-f", "json", "--max-cost", "60000")
    assert "Note:" not in out and "Note: filters:" in err


def test_a_weights_file_is_read_once(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from mlchoose.data import yamlfile

    reads: list[str] = []
    real = yamlfile.read_document

    def counted(path: Path, what: str, *args: Any) -> Any:
        reads.append(str(path))
        return real(path, what, *args)

    monkeypatch.setattr(yamlfile, "read_document", counted)
    path = tmp_path / "w.yaml"
    path.write_text("faculty: 5\n", encoding="utf-8")
    run("rank", "-f", "json", "--weights", str(path))
    assert reads == [str(path)]


def test_region_without_a_preferred_region_is_neutral_not_unknown() -> None:
    """A new user read 'Reg ?' as missing data: without --prefer-region region is neutral."""
    env = {"COLUMNS": "100", "NO_COLOR": "1"}
    plain = runner.invoke(app, ["rank", "--top", "3"], env=env)
    assert plain.exit_code == 0, plain.output
    lines = plain.stdout.splitlines()
    header = next(line.split() for line in lines if "Reg" in line.split())
    row = next(line.split() for line in lines if "cmu-msml" in line.split())
    assert row[header.index("Reg")] == "-"  # the header and the row have the same columns
    assert "Region -: no preferred region given" in " ".join(plain.stdout.split())
    west = runner.invoke(app, ["rank", "--top", "3", "-p", "west"], env=env)
    assert "Region -:" not in " ".join(west.stdout.split())


def test_markdown_ranking_keeps_the_dominance_mark_and_explains_it() -> None:
    """The table marks cmu-msaii with a dagger at the default weights; Markdown dropped it."""
    table = runner.invoke(app, ["rank"], env={"COLUMNS": "120", "NO_COLOR": "1"}).stdout
    words = [line.split() for line in table.splitlines()]
    marked = [w[1] for w in words if len(w) > 1 and w[0][:-1].isdigit() and w[0].endswith("†")]
    out = runner.invoke(app, ["rank", "-f", "markdown"]).stdout
    assert marked, "the built-in catalog has a dominated program at the default weights"
    for ident in marked:
        assert re.search(rf"\| \d+† \| {re.escape(ident)} \|", out), ident
    assert "† dominated for certain" in out and "Region -: no preferred region given" in out


def test_validate_gives_no_line_0_for_a_problem_of_the_whole_file(tmp_path: Path) -> None:
    empty = tmp_path / "empty.yaml"
    empty.write_text("", encoding="utf-8")
    result = runner.invoke(app, ["validate", str(empty)])
    assert result.exit_code == 1
    assert f"{empty}: error: file:" in result.stdout and ":0:" not in result.stdout


def test_a_neutral_region_has_no_row_in_the_tipping_table() -> None:
    def tipping_rows(*extra: str) -> list[str]:
        env = {"COLUMNS": "120", "NO_COLOR": "1"}
        out = runner.invoke(app, ["compare", "stanford", "cmu", *extra], env=env).stdout
        table = out[out.index("Tipping points") :].splitlines()
        return [line.split()[0] for line in table if line.strip()]

    plain = tipping_rows()
    assert "faculty" in plain and "region" not in plain
    assert "region" in tipping_rows("-p", "west")
