from __future__ import annotations

import io
import re

import pytest
from rich.console import Console, RenderableType

from mlchoose.core.query import Query
from mlchoose.core.ranking import Ranking, compare, rank
from mlchoose.data.catalog import find
from mlchoose.data.models import Catalog
from mlchoose.user.preferences import Preferences, Weights
from mlchoose.views import analysis, bars, table
from mlchoose.views.bars import Segment, StackedBar, cells
from mlchoose.vocab import ALL_CRITERIA, CRITERIA, Criterion
from tests.factories import make_catalog, program_data


@pytest.fixture
def catalog() -> Catalog:
    """Three programs; beta has no industry evidence, so its industry points are a stand-in."""
    return make_catalog(
        program_data("alpha", specializations={"tracks": ["a", "b", "c", "d"], "source": "page"}),
        program_data("beta", industry=[]),
        program_data("gamma", region="west", specializations={"tracks": [], "source": "page"}),
    )


@pytest.fixture
def ranking(catalog: Catalog) -> Ranking:
    return rank(catalog, Query(Weights(), Preferences()))


def plain_text(renderable: RenderableType, width: int = 120) -> str:
    """What a pipe or a terminal without colour shows."""
    buffer = io.StringIO()
    Console(width=width, color_system=None, file=buffer).print(renderable)
    return buffer.getvalue()


def colour_text(renderable: RenderableType, width: int = 120, no_color: bool = False) -> str:
    """What a true-colour terminal receives, escape codes included."""
    buffer = io.StringIO()
    console = Console(
        width=width, force_terminal=True, color_system="truecolor", no_color=no_color, file=buffer
    )
    console.print(renderable)
    return buffer.getvalue()


@pytest.mark.parametrize("width", [1, 7, 20, 33, 40])
def test_cells_follow_the_points_and_add_up_to_the_rounded_total(width: int) -> None:
    parts = [Segment("curriculum", 3.3, False), Segment("faculty", 20.2, True)]
    parts += [Segment("industry", 0.4, False), Segment("region", 12.1, False)]
    total = sum(p.points for p in parts)
    counts = cells(parts, 50.0, width)
    assert sum(counts) == round(total / 50.0 * width)
    for part, count in zip(parts, counts, strict=True):
        assert abs(count - part.points / 50.0 * width) <= 1
    assert cells(parts, 0.0, width) == [0, 0, 0, 0]


def test_segments_skip_criteria_that_add_nothing_and_mark_stand_ins(ranking: Ranking) -> None:
    beta = next(r for r in ranking.results if r.program["id"] == "beta")
    parts = bars.segments(beta)
    assert "region" not in {p.criterion for p in parts}  # weight 0 without --prefer-region
    assert [p.criterion for p in parts if p.stand_in] == ["industry"]
    assert sum(p.points for p in parts) == pytest.approx(beta.total)


def test_plain_bar_uses_one_letter_per_criterion_lower_case_for_stand_ins(
    ranking: Ranking,
) -> None:
    beta = next(r for r in ranking.results if r.program["id"] == "beta")
    scale = bars.ranking_scale(ranking.results)
    text = plain_text(StackedBar.of(beta, scale, width=40), width=40).strip()
    assert re.fullmatch(r"C*S+F+i+", text), text
    assert beta.total is not None and len(text) == round(beta.total / scale * 40)
    parts = {p.criterion: p.points for p in bars.segments(beta)}
    letters: list[tuple[str, Criterion]] = [
        ("S", "specializations"),
        ("F", "faculty"),
        ("i", "industry"),
    ]
    for letter, criterion in letters:
        assert abs(text.count(letter) - parts[criterion] / scale * 40) <= 1


def test_coloured_bar_has_one_colour_per_criterion_and_shades_stand_ins(
    ranking: Ranking,
) -> None:
    beta = next(r for r in ranking.results if r.program["id"] == "beta")
    out = colour_text(StackedBar.of(beta, 100.0, width=40))
    assert bars.SOLID in out and bars.SHADED in out
    for criterion in ("specializations", "faculty", "industry"):
        red, green, blue = (int(bars.COLOURS[criterion][i : i + 2], 16) for i in (1, 3, 5))
        assert f"38;2;{red};{green};{blue}m" in out
    assert len(set(bars.COLOURS.values())) == len(ALL_CRITERIA)
    assert len(set(bars.LETTERS.values())) == len(ALL_CRITERIA)


def test_no_color_gives_letters_even_at_a_terminal(ranking: Ranking) -> None:
    out = colour_text(StackedBar.of(ranking.results[0], 100.0), no_color=True)
    assert "\x1b[38" not in out
    assert bars.SOLID not in out and "F" in out


def test_ranking_drops_the_bars_before_the_scores_and_shows_them_where_they_fit(
    ranking: Ranking,
) -> None:
    narrow = plain_text(table.ranking(ranking, 60), width=60)
    header = next(line for line in narrow.splitlines() if line.lstrip().startswith("#"))
    assert header.split() == ["#", "Program", "Total", "Curr", "Spec", "Fac", "Ind", "Reg", "Evid."]
    assert "Points by criterion" not in narrow and "Bars:" not in narrow
    for width in (100, 120, 160):
        wide = plain_text(table.ranking(ranking, width), width=width)
        assert "Points by criterion" in wide
        assert wide.count("Bars: points per criterion") == 1  # the legend, once
        assert max(len(line.rstrip()) for line in wide.splitlines()) <= width
        rows = [line for line in wide.splitlines() if re.match(r"\s*\d+ ", line)]
        assert len(rows) == 3 and all(re.search(r"[CSFI]+[csfi]*\s*$", r) for r in rows)


def _sgr_colours(out: str) -> set[int]:
    """The foreground colours (30-37, 90-97) of an 8/16-colour terminal, each modulo 8."""
    found = set()
    for codes in re.findall(r"\x1b\[([\d;]+)m", out):
        for code in map(int, codes.split(";")):
            if 30 <= code <= 37 or 90 <= code <= 97:
                found.add(code % 10)
    return found


def test_five_criteria_have_five_colours_in_an_8_colour_terminal() -> None:
    """TERM=xterm: Rich's STANDARD colour system. The shared hues would make curriculum and
    faculty the same cyan; the terminal's own palette gives five distinct colours."""
    from rich.color import Color, ColorSystem

    console = Console(color_system="standard", force_terminal=True, file=io.StringIO())
    palette = bars.colours(console)
    downgraded = {
        c: Color.parse(palette[c]).downgrade(ColorSystem.STANDARD).number for c in CRITERIA
    }
    assert all(number is not None for number in downgraded.values())
    assert len({number % 8 for number in downgraded.values() if number is not None}) == 5
    # The shared hues alone would not do (the reason for the second palette).
    shared = {Color.parse(bars.COLOURS[c]).downgrade(ColorSystem.STANDARD).number for c in CRITERIA}
    assert len({n % 8 for n in shared if n is not None}) < 5
    # And what such a terminal receives: five colours in the bars' legend.
    buffer = io.StringIO()
    Console(color_system="standard", force_terminal=True, file=buffer, width=200).print(
        bars.Legend(CRITERIA)
    )
    assert len(_sgr_colours(buffer.getvalue())) == 5
    # A 256-colour or true-colour terminal keeps the shared hues of the report.
    assert bars.colours(Console(color_system="256", force_terminal=True)) == bars.COLOURS


def test_comparison_bars_are_aligned_and_share_one_scale(catalog: Catalog) -> None:
    result = compare(
        catalog, [find(catalog, "gamma"), find(catalog, "beta")], Query(Weights(), Preferences())
    )
    out = plain_text(analysis.comparison(result))
    block = out[out.index("Points per criterion") : out.index("Bars:")].splitlines()[1:]
    lines = [line for line in block if re.search(r"\b(gamma|beta)\b", line)]
    assert len(lines) == 2 * 4  # four weighted criteria, two programs each
    starts = {m.start() for line in lines if (m := re.search(r"(?<= )[CSFIRcsfir]+(?= )", line))}
    assert len(starts) == 1  # every bar starts in the same column
    lengths = {}
    for line in lines:
        match = re.search(r" ([CSFIRcsfir]*)\s+(~?)(\d+\.\d)\s*$", line)
        assert match, line
        if float(match.group(3)) > 0:
            lengths[float(match.group(3))] = len(match.group(1))
    biggest = max(lengths)
    for points, length in lengths.items():
        assert abs(length - points / biggest * 30) <= 1
    assert "~" in out  # beta's industry points rest on the stand-in
