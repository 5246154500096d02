"""Names a user types: one suggestion per program, every typo reported, ambiguity said."""

from __future__ import annotations

import pytest

from mlchoose.data.names import resolve
from mlchoose.errors import MlchooseError
from tests.factories import make_catalog, program_data


def catalog() -> object:
    return make_catalog(
        program_data(
            "stanford-mscs-ai", aliases=["stanford", "stanford-ai"], university="Stanford"
        ),
        program_data("berkeley-meng", aliases=["berkeley"], university="Berkeley"),
        program_data("berkeley-mids", aliases=["mids"], university="Berkeley"),
    )


def test_a_university_alias_names_the_program_taken_and_the_others() -> None:
    found = resolve(catalog(), ["stanford", "berkeley"])  # type: ignore[arg-type]
    assert [p["id"] for p in found.programs] == ["stanford-mscs-ai", "berkeley-meng"]
    assert found.notes == [
        "'berkeley' is taken as berkeley-meng; Berkeley also has berkeley-mids (name one by its id)"
    ]
    assert resolve(catalog(), ["berkeley-mids"]).notes == []  # type: ignore[arg-type]


def test_every_unknown_name_is_reported_with_programs_suggested_once() -> None:
    with pytest.raises(MlchooseError) as error:
        resolve(catalog(), ["stanfrd", "berkly"])  # type: ignore[arg-type]
    message = str(error.value)
    assert "unknown program 'stanfrd'; did you mean 'stanford-mscs-ai'?" in message
    assert "unknown program 'berkly'" in message
    assert message.count("stanford") == 1  # one suggestion, not its three names
    assert error.value.exit_code == 2


def schools() -> object:
    return make_catalog(
        program_data("ucla-ms-cs", aliases=["ucla-cs"], university="University of California, LA"),
        program_data("duke-mids", aliases=["mids"], university="Duke University"),
        program_data("duke-meng-ai", aliases=["duke-ai"], university="Duke University"),
        program_data("cmu-msml", aliases=["cmu"], university="Carnegie Mellon University"),
        program_data("cmu-mcds", aliases=["mcds"], university="Carnegie Mellon University"),
    )


def test_a_schools_short_name_takes_its_one_program_and_lists_several() -> None:
    """A new user typed ucla, duke and 'carnegie mellon' and got 'unknown program'."""
    found = resolve(schools(), ["ucla", "cmu"])  # type: ignore[arg-type]
    assert [p["id"] for p in found.programs] == ["ucla-ms-cs", "cmu-msml"]
    assert "'ucla' is taken as ucla-ms-cs" in found.notes
    with pytest.raises(MlchooseError) as error:
        resolve(schools(), ["duke", "carnegie mellon", "of", "dukee"])  # type: ignore[arg-type]
    message = str(error.value)
    assert "'duke' fits 2 programs: duke-mids, duke-meng-ai (name one by its id)" in message
    assert "'carnegie mellon' fits 2 programs: cmu-msml, cmu-mcds" in message
    assert "unknown program 'of'" in message and "unknown program 'dukee'" in message


def test_university_words_ignore_punctuation_common_words_and_partial_ids() -> None:
    """A reviewer's cases: commas and hyphens in names, 'new' or 'state' alone, 'cmu-ms'."""
    catalog = make_catalog(
        program_data(
            "berkeley-mids", aliases=["mids"], university="University of California, Berkeley"
        ),
        program_data("uci-mds", aliases=["ucimds"], university="University of California, Irvine"),
        program_data(
            "uwmadison-msds", aliases=["uwm"], university="University of Wisconsin-Madison"
        ),
        program_data("nyu-msds", aliases=["nyuds"], university="New York University"),
        program_data("cmu-msml", aliases=["cmu"], university="Carnegie Mellon University"),
        program_data("cmu-msaii", aliases=["msaii"], university="Carnegie Mellon University"),
    )
    found = resolve(catalog, ["wisconsin", "new york"])
    assert [p["id"] for p in found.programs] == ["uwmadison-msds", "nyu-msds"]
    with pytest.raises(MlchooseError) as error:
        resolve(catalog, ["university of california", "new", "state", "cmu-ms"])
    message = str(error.value)
    assert "'university of california' fits 2 programs: berkeley-mids, uci-mds" in message
    assert "unknown program 'new'" in message and "unknown program 'state'" in message
    assert "unknown program 'cmu-ms'; did you mean" in message  # suggestions, not a guess
