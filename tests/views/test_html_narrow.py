"""The HTML report on a 390 px phone (issue 27): no sideways scroll of the page.

No browser runs in the suite, so the page's CSS is read for the rules that keep it within the
viewport: every table scrolls inside its own box, no width is fixed above 390 px, long ids and
URLs may break anywhere, and grid and flex children may shrink below their content.
"""

from __future__ import annotations

import re

from mlchoose.views import html as html_view
from tests.views import sample
from tests.views.sample import DAY, VERSION, parse

PHONE_PX = 390
REM_PX = 16


def page() -> str:
    return html_view.report(sample.ranking(), generated=DAY, catalog_version=VERSION)


def rules(css: str) -> dict[str, dict[str, str]]:
    """Selector -> declarations of every innermost rule (inside @media too, merged)."""
    found: dict[str, dict[str, str]] = {}
    for selectors, body in re.findall(r"([^{}]+)\{([^{}]*)\}", css):
        declared = {
            name.strip(): value.strip()
            for name, _, value in (d.partition(":") for d in body.split(";") if ":" in d)
        }
        for selector in selectors.split(","):
            found.setdefault(selector.strip(), {}).update(declared)
    return found


def css_of(html: str) -> str:
    return "\n".join(parse(html).styles)


def test_every_table_scrolls_in_its_own_box() -> None:
    html = page()
    css = rules(css_of(html))
    assert css[".scroll"]["max-width"] == "100%" and css[".scroll"]["overflow-x"] == "auto"
    assert css[".scroll table"]["overflow-wrap"] == "normal"  # the table scrolls, whole words
    tables = len(re.findall(r"<table\b", html))
    boxed = len(re.findall(r'<div class="scroll">\s*<table\b', html))
    assert tables >= 1 and boxed == tables


def test_long_ids_and_urls_can_break() -> None:
    css = rules(css_of(page()))
    assert css["main"]["overflow-wrap"] == "anywhere"  # every id, URL and note is in main
    assert css["a"]["overflow-wrap"] == "anywhere"
    for grid in (".row>*", ".card-head>*", "dl.facts>*"):
        assert css[grid]["min-width"] == "0", grid


def test_no_fixed_width_wider_than_a_phone() -> None:
    css = css_of(page())
    # max-width only caps (62rem for main): the sizes that can force a width are these.
    sizes = re.findall(r"(?<![-\w])(width|min-width|grid-template-columns):([^;{}]*)", css)
    assert sizes
    for prop, value in sizes:
        for number, unit in re.findall(r"(\d+(?:\.\d+)?)(px|rem|em)\b", value):
            px = float(number) * (1 if unit == "px" else REM_PX)
            assert px <= PHONE_PX, f"{prop}:{value}"
    assert '<meta name="viewport" content="width=device-width, initial-scale=1">' in page()
