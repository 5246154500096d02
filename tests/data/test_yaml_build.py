"""The one-pass build of YAML (issue 29) gives what PyYAML's safe loader gives, or leaves the file
to it: same values, same types, same key order, same errors."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
import yaml

from mlchoose.data import yamlfile

ROOT = Path(__file__).resolve().parents[2]

BUILT = [
    "a: 1\nb: [x, 'y', ~, yes, No, 1.5, 0x10, 0o17, 1_000, 1:30, .inf, -.nan, '', \"\"]\n",
    "dates: [2026-01-02, 2026-02-30, 2026-01-01 10:00:00, '2026-01-02']\n",
    "a: &x [1, 2]\nb: *x\nc: &s foo\nd: *s\ne: &n ~\nf: *n\n",
    "a: |\n  x\n  y\nb: >\n  p\n  q\nc: 'it''s'\nd: \"tab\\there\"\n",
    "1: a\ntrue: b\n~: c\n2026-01-01: d\n",
    "- a\n- {b: [c, {d: e}]}\n",
    "plain",
    "",
    "# only a comment\n",
]
LEFT_TO_PYYAML = [
    "a: &x {k: v}\nb:\n  <<: *x\n  c: 2\n",  # a merge key
    "a: !!str 5\nb: !!binary aGVsbG8=\n",  # explicit tags
    "a: !!set {x, y}\n",
    "a: &x [*x]\n",  # an alias inside its own anchor
    "? [a]\n: 1\n",  # a list as a key
    "a: =\n",  # the value tag, which the safe loader refuses
]
REFUSED_BY_BOTH = [
    "b: *nope\n",
    "---\na: 1\n---\nb: 2\n",
    "a: &x 1\nb: &x 2\nc: *x\n",
    "a: [1, 2\n",
    "a: b: c\n",
    "a: " + "9" * 5000 + "\n",
]


def same(a: Any, b: Any) -> bool:
    """Equal with the same types all the way down (True is not 1) and keys in the same order."""
    if type(a) is not type(b):
        return False
    if isinstance(a, dict):
        return (
            list(a) == list(b)
            and all(same(x, y) for x, y in zip(a, b, strict=True))
            and all(same(a[k], b[k]) for k in a)
        )
    if isinstance(a, list):
        return len(a) == len(b) and all(same(x, y) for x, y in zip(a, b, strict=True))
    return bool(a == b or (a != a and b != b))  # NaN


def safe_load(text: str) -> Any:
    return yaml.load(text, Loader=yamlfile.loader())


@pytest.mark.parametrize("text", BUILT)
def test_the_one_pass_build_is_the_safe_loaders_document(text: str) -> None:
    problem, built = yamlfile._scan(text, None, build=True)
    assert problem is None and built is not None
    assert same(built[0], safe_load(text))
    loaded = yamlfile.load_yaml(text.encode())
    assert isinstance(loaded, tuple) and same(loaded[0], safe_load(text))


@pytest.mark.parametrize("text", LEFT_TO_PYYAML)
def test_what_the_pass_does_not_build_is_left_to_the_safe_loader(text: str) -> None:
    assert yamlfile._scan(text, None, build=True) == (None, None)
    loaded = yamlfile.load_yaml(text.encode())
    try:
        expected = safe_load(text)
    except yaml.YAMLError:
        assert isinstance(loaded, yamlfile.Problem)
        return
    assert isinstance(loaded, tuple) and repr(loaded[0]) == repr(expected)


@pytest.mark.parametrize("text", REFUSED_BY_BOTH)
def test_what_the_safe_loader_refuses_is_a_problem_with_its_line(text: str) -> None:
    with pytest.raises(yaml.YAMLError):
        safe_load(text)
    loaded = yamlfile.load_yaml(text.encode())
    assert isinstance(loaded, yamlfile.Problem) and loaded.line is not None


@pytest.mark.parametrize("name", ["programs.yaml", "tests/golden/catalog.yaml"])
def test_real_catalogs_build_as_the_safe_loader_builds_them(name: str) -> None:
    text = (ROOT / name).read_text(encoding="utf-8")
    built = yamlfile._scan(text, None, build=True)[1]
    assert built is not None and same(built[0], safe_load(text))


def test_one_huge_entry_is_refused_after_its_own_limit(monkeypatch: pytest.MonkeyPatch) -> None:
    """Refused once the entry passes MAX_ENTRY_NODES, not at the file's node limit."""
    monkeypatch.setattr(yamlfile, "MAX_ENTRY_NODES", 100)
    text = "programs:\n- {" + "".join(f"k{i}: v, " for i in range(10_000)) + "z: 1}\n"
    problem = yamlfile.load_yaml(text.encode())
    assert isinstance(problem, yamlfile.Problem)
    assert problem.message == "an entry holds more than 100 nodes" and problem.line == 2
