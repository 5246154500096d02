"""What verify looks for, and how it decides that a page still says it."""

from __future__ import annotations

from typing import Any

from hypothesis import given
from hypothesis import strategies as st

from mlchoose.verify.quotes import (
    FACT_STATUSES,
    Check,
    checks,
    contains,
    date_spellings,
    fact_status,
    matches,
    normalise,
    number_spellings,
)


def test_normalise_folds_case_space_quotes_dashes_and_compatibility_forms() -> None:
    assert (
        normalise("  The  \u201cFall\u201d\u00a0term\n\u2013 \uff26\uff35\uff2c\uff2c-time\u2019s ")
        == 'the "fall" term - full-time\'s'
    )
    assert normalise("co\u00adop\u200b") == "coop"
    assert normalise("ﬁnance") == "finance"


def test_contains_ignores_whitespace_case_and_typography() -> None:
    page = "Tuition for 2025\u201326 is\n\n$30,200 per  YEAR. Students\u2019 fees\u2026"
    assert contains(page, "tuition for 2025-26 is $30,200 per year")
    assert contains(page, "Students' fees...")
    assert not contains(page, "$31,200")
    assert not contains(page, "")


def test_whole_words_do_not_match_inside_numbers_or_words() -> None:
    assert contains("costs $30,200.00 a year", "30,200", whole_words=True)
    assert not contains("costs $130,200 a year", "30,200", whole_words=True)
    assert not contains("19 courses", "9", whole_words=True)
    assert contains("9 courses, 19 credits", "9", whole_words=True)


def test_number_spellings() -> None:
    assert number_spellings(30200.0) == ("30,200", "30200")
    assert number_spellings(9) == ("9",)
    assert "1,234.50" in number_spellings(1234.5)
    assert "1234.5" in number_spellings(1234.5)


def test_date_spellings() -> None:
    spelled = date_spellings("2025-12-10")
    for text in ("2025-12-10", "12/10/2025", "december 10", "dec. 10", "10 december"):
        assert text in spelled
    assert "sept 3" in date_spellings("2025-09-03")
    assert date_spellings("not a date") == ("not a date",)


def program(**facts: Any) -> dict[str, Any]:
    return {"id": "p", "topics": [], "industry": [], "notes": [], **facts}


def test_checks_prefer_the_quote() -> None:
    found = checks(
        program(
            tuition={"amount_usd": 30200.0, "per": "year", "source": "s", "quote": "$30,200"},
            fees=None,
        )
    )
    value = '{"amount_usd": 30200.0, "per": "year"}'
    assert found == [Check("p", "tuition", "s", "quote", (("$30,200",),), "$30,200", value)]


def test_checks_fall_back_to_values() -> None:
    found = {
        c.field: c
        for c in checks(
            program(
                tuition={"amount_usd": 30200.0, "per": "year", "source": "s"},
                delivery={"modes": ["on-campus", "online"], "source": "s"},
                deadline={"date": "2025-12-10", "cycle": "Fall 2026", "source": "a"},
                duration={"months_min": 16, "months_max": 16, "source": "s"},
                cip={"code": "11.0701", "source": "s"},
                topics=[
                    {"topic": "nlp", "evidence": "required_course", "course": "x", "source": "s"},
                    {
                        "topic": "statistics",
                        "evidence": "required_course",
                        "course": "36-700 or 36-705 Statistics",
                        "source": "s",
                    },
                ],
                notes=[{"text": "prose"}, {"text": "sourced prose", "source": "s"}],
            )
        )
    }
    assert found["tuition"].basis == "value"
    assert found["tuition"].wanted == (("30,200", "30200"),)
    assert len(found["delivery"].wanted) == 2  # both modes must be on the page
    assert "december 10" in found["deadline"].wanted[0]
    assert "16 months" in found["duration"].wanted[0]
    assert found["cip"].wanted == (("11.0701",),)
    assert found["topics.1"].wanted == (("36-700", "36-705"),)
    assert found["topics.0"].wanted == (("x",),)
    assert found["notes.1"].wanted == ()  # authors' prose: only a quote can be checked
    assert "notes.0" not in found  # no source, nothing to check
    assert found["deadline"].source == "a"


def test_malformed_facts_give_nothing_to_look_for() -> None:
    assert checks(program(tuition={"source": "s"}))[0].wanted == ()


def test_matches_all_groups_any_spelling() -> None:
    both = Check("p", "delivery", "s", "value", (("on-campus", "on campus"), ("online",)))
    one = Check("p", "tuition", "s", "value", (("30,200", "30200"),))
    empty = Check("p", "notes.0", "s", "value", ())
    assert matches("Study on campus or online. $30200", [both, one, empty]) == [True, True, False]
    assert matches("Study on campus.", [both]) == [False]


def test_fact_status() -> None:
    assert fact_status("ok", True) == "ok"
    assert fact_status("ok", False) == "changed"
    assert fact_status("moved", True) == "moved"
    assert fact_status("moved", False) == "changed"
    for word in ("gone", "unreachable", "blocked"):
        assert fact_status(word, True) == word
    assert set(FACT_STATUSES) == {
        "ok",
        "changed",
        "unsupported",
        "moved",
        "gone",
        "unreachable",
        "blocked",
    }


printable = st.text(st.characters(codec="utf-8"), min_size=1, max_size=40)
spaces = st.lists(st.sampled_from([" ", "\n", "\t", "\u00a0", "  "]), min_size=1, max_size=3)


@given(before=st.text(max_size=30), quote=printable, after=st.text(max_size=30), data=st.data())
def test_a_quote_is_found_in_any_text_that_contains_it(
    before: str, quote: str, after: str, data: st.DataObject
) -> None:
    """Changing the case of the page or the width of its whitespace never loses a quote."""
    if not normalise(quote):
        return
    words = quote.split()
    spaced = "".join(word + "".join(data.draw(spaces)) for word in words)
    page = before + " " + spaced.upper() + " " + after
    assert contains(before + quote + after, quote)
    assert contains(page, quote) or contains(page.lower(), quote)


@given(st.text(max_size=60))
def test_normalise_is_idempotent_and_has_no_runs_of_space(text: str) -> None:
    once = normalise(text)
    assert normalise(once) == once
    assert "  " not in once and once == once.strip()


def test_matching_a_hostile_page_is_bounded() -> None:
    """A page of a value's digits inside other numbers, checked for many facts: each spelling
    is one scan in C, not a Python loop over every place the digits occur (issue 28)."""
    import time

    page = "x1" * 1_000_000
    wanted = [
        Check("p", f"f{n}", "s", "value", (number_spellings(1), number_spellings(30200.0 + n)))
        for n in range(40)
    ]
    started = time.perf_counter()
    assert matches(page, wanted) == [False] * 40
    assert time.perf_counter() - started < 1.0
    assert contains("x1 1y 1", "1", whole_words=True)
    assert not contains("x1 1y", "1", whole_words=True)


def test_every_quote_of_a_fact_is_looked_for_and_carries_its_numbers() -> None:
    """Issue 27: a fact may carry several quotes when one does not hold its whole value."""
    from mlchoose.data.support import unsupported

    fact = {
        "amount": 48,
        "unit": "mit-units",
        "source": "page",
        "quote": "Core subjects: 24 units",
        "quotes": ["Thesis: 24 units", "a total of 48 units"],
    }
    [check] = checks({"id": "p", "credits": fact})
    assert check.wanted == (
        ("Core subjects: 24 units",),
        ("Thesis: 24 units",),
        ("a total of 48 units",),
    )
    assert matches("Core subjects: 24 units. Thesis: 24 units.", [check]) == [False]
    assert unsupported("credits", fact) == ""  # 48 is in the third quote
    alone = {k: v for k, v in fact.items() if k != "quotes"}
    assert "48 is not in it" in unsupported("credits", alone)
    assert unsupported("credits", {**alone, "inferred": "the total adds the two parts"}) == ""
