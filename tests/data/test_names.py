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
