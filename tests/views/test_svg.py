"""The report's chart as SVG: standalone, and the pieces the HTML page inlines."""

from __future__ import annotations

import xml.etree.ElementTree as ET

import pytest

from mlchoose.core.ranking import Ranking
from mlchoose.views import svg
from mlchoose.views.labels import COLOURS
from mlchoose.views.segments import Segment
from tests.views import sample
from tests.views.sample import DAY, VERSION


@pytest.fixture
def ranking() -> Ranking:
    return sample.ranking()


def test_standalone_svg_is_xml_with_proportional_bars(ranking: Ranking) -> None:
    image = svg.chart(ranking, generated=DAY, catalog_version=VERSION)
    root = ET.fromstring(image)
    ns = "{http://www.w3.org/2000/svg}"
    assert root.tag == f"{ns}svg"
    groups = [g for g in root.iter(f"{ns}g") if g.get("class") == "bar"]
    assert [g.get("data-id") for g in groups] == [r.program["id"] for r in ranking.results]
    ratios = set()
    for group, result in zip(groups, ranking.results, strict=True):
        rects = list(group.iter(f"{ns}rect"))
        total = sum(float(r.get("width", "0")) for r in rects)
        assert result.total is not None
        ratios.add(round(total / result.total, 3))
        for rect in rects:
            criterion = rect.get("data-criterion")
            points = result.contributions[criterion]  # type: ignore[index]
            assert points is not None
            ratios.add(round(float(rect.get("width", "0")) / points, 3))
    assert len(ratios) == 1
    assert "href" not in image and "<script" not in image
    texts = " ".join(t.text or "" for t in root.iter(f"{ns}text"))
    assert "2026-11-30" in texts and all(r.program["id"] in texts for r in ranking.results)


def test_stand_in_points_are_a_lighter_tint_of_the_colour() -> None:
    for criterion, colour in COLOURS.items():
        assert svg.fill(criterion) == colour
        own = [int(colour[i : i + 2], 16) for i in (1, 3, 5)]
        tint = [int(svg.fill(criterion, True)[i : i + 2], 16) for i in (1, 3, 5)]
        assert all(c <= t <= 255 for c, t in zip(own, tint, strict=True)) and own != tint


def test_bar_rects_are_stacked_and_proportional() -> None:
    parts = [Segment("faculty", 30.0, False), Segment("region", 10.0, True)]
    assert svg.bar_rects(parts, 50.0, 1000.0) == [(0.0, 600.0), (600.0, 200.0)]


@pytest.mark.parametrize(
    ("best", "scale"), [(0.0, 10.0), (41.0, 50.0), (70.0, 70.0), (99.9, 100.0)]
)
def test_chart_scale_rounds_the_best_total_up_to_ten(
    ranking: Ranking, best: float, scale: float
) -> None:
    results = [ranking.results[0]._replace(total=best)]
    assert svg.chart_scale(results) == scale
