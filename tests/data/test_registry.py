"""The fact registry (issue 25): one declaration per fact, and nothing that can drift from it."""

from __future__ import annotations

from typing import Any, get_type_hints

import pytest

from mlchoose.data import registry
from mlchoose.data.catalog import schema
from mlchoose.data.models import Program
from mlchoose.verify.quotes import RULES, checks
from tests.factories import make_program, program_data

#: A value for every fact the factory program leaves unknown, so every phrase has one to read.
EVERY_FACT: dict[str, Any] = {
    "fees": {"amount_usd": 1200, "per": "term", "source": "prices"},
    "credits": {"amount": 30, "unit": "semester-credits", "source": "page"},
    "terms": {"min": 3, "max": 4, "kind": "semester", "source": "page"},
    "part_time": {"allowed": True, "source": "page"},
    "start_terms": {"terms": ["fall"], "source": "page"},
    "stem": {"stem": True, "source": "page"},
    "cip": {"code": "11.0701", "basis": "reported", "unitid": 145637, "source": "page"},
    "earnings": {
        "unitid": 145637,
        "field": "11.07",
        "completers": 635,
        "earnings_1yr": 146670,
        "source": "page",
    },
    "funding": {"text": "Assistantships for some students.", "source": "page"},
    "gre": {"policy": "optional", "cycle": "Fall 2027", "source": "page"},
    "deadline": {"date": "2027-01-15", "cycle": "Fall 2027", "source": "page"},
    "thesis": {"option": "optional", "source": "page"},
    "outcomes": {"median_salary_usd": 120000, "counted": "2024 graduates", "source": "page"},
    "article": {"claim": "It is great.", "correction": "It is fine.", "source": "page"},
}


def test_every_program_field_is_declared_once_and_every_declared_fact_is_a_field() -> None:
    fields = set(get_type_hints(Program))
    declared = set(registry.FACT_NAMES)
    assert not declared & set(registry.NOT_FACTS), "a key is declared both as fact and not"
    assert fields - declared - set(registry.NOT_FACTS) == set(), "model fields the registry lacks"
    assert declared - fields == set(), "registry facts the model lacks"
    assert set(registry.NOT_FACTS) - fields == set(), "non-fact keys the model lacks"


def test_the_facts_a_file_may_leave_out_are_the_registry_facts() -> None:
    from mlchoose.data.models import OPTIONAL_FACTS

    assert set(OPTIONAL_FACTS) == set(registry.FACT_NAMES)


def test_every_fact_names_a_verify_rule_that_exists() -> None:
    named = {f.finds for f in registry.FACTS if f.finds is not None}
    assert named <= RULES, named - RULES


def test_every_fact_with_a_value_gives_verify_something_to_look_for() -> None:
    program = make_program(**EVERY_FACT)
    found = {c.field: c.wanted for c in checks(program)}
    for fact in registry.FACTS:
        if fact.finds is not None and program.get(fact.name) is not None:
            assert found[fact.name], f"verify finds nothing for {fact.name}"


def test_stats_rows_have_distinct_positions_and_names() -> None:
    rows = [f.coverage for f in registry.FACTS if f.coverage is not None]
    positions = sorted(position for position, _, _ in rows)
    assert positions == list(range(len(rows)))
    assert len({name for _, name, _ in rows}) == len(rows)


def test_json_keys_and_column_names_are_unique() -> None:
    keys = [key for f in registry.FACTS for key, _ in f.json]
    assert len(keys) == len(set(keys))
    names = [c.name for f in registry.FACTS for c in f.columns]
    assert len(names) == len(set(names)) == len(registry.COLUMNS)


@pytest.mark.parametrize("fact", registry.FACTS, ids=lambda f: f.name)
def test_each_phrase_reads_a_known_fact_and_says_when_it_is_unknown(
    fact: registry.Fact,
) -> None:
    known = make_program(**EVERY_FACT)
    unknown = make_program(**{fact.name: "unknown"} if fact.name != "article" else {})
    if fact.name == "article":
        unknown["article"] = None
    said = fact.phrase(known, known["sources"])
    assert said and said != fact.absent
    assert fact.phrase(unknown, unknown["sources"]) == fact.absent
    for key, _ in fact.json:
        assert dict(registry.records(unknown))[key] is None
        assert dict(registry.records(known))[key] is not None
    for column in fact.columns:
        assert column.cell(unknown) == fact.absent


def test_the_schema_describes_every_fact_by_its_label() -> None:
    fields = schema()["$defs"]["Program"]["properties"]
    for fact in registry.FACTS:
        assert fact.label in fields[fact.name]["description"]


def test_factory_program_is_valid_with_every_fact() -> None:
    assert make_program(**EVERY_FACT)["fees"] is not None
    assert set(EVERY_FACT) | set(program_data()) >= set(registry.FACT_NAMES)
