"""Saved verify outcomes: a round trip, atomic writes, and files nobody should trust."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest

from mlchoose.verify import saved as verification
from mlchoose.verify.saved import FactMark, Outcome, by_fact, load, save, text_hash


def outcome(url: str = "https://a.edu/x", checked: str = "2026-01-02T03:04:05+00:00") -> Outcome:
    mark = FactMark("cmu-msml", "tuition", "ms-page", "changed", "quote not found")
    return Outcome(url, checked, "ok", text_hash("page text"), url, (mark,))


def test_round_trip(cache_dir: Path) -> None:
    assert load() == {}
    assert save([outcome()])
    assert verification.path() == cache_dir / "verification.json"
    assert load() == {"https://a.edu/x": outcome()}
    names = sorted(p.name for p in cache_dir.iterdir())
    assert names == ["verification.json", "verification.json.lock"]  # no temporary left


def test_saving_merges_and_newest_wins(cache_dir: Path) -> None:
    save([outcome("https://a.edu/x"), outcome("https://b.edu/y")])
    newer = outcome("https://a.edu/x", "2026-02-01T00:00:00+00:00")
    save([newer])
    saved = load()
    assert set(saved) == {"https://a.edu/x", "https://b.edu/y"}
    assert saved["https://a.edu/x"].checked == "2026-02-01T00:00:00+00:00"


def test_by_fact_gives_the_latest_verdict() -> None:
    old, new = outcome("https://a.edu/x"), outcome("https://b.edu/y", "2026-03-01T00:00:00+00:00")
    found = by_fact({o.url: o for o in (old, new)})
    assert found[("cmu-msml", "tuition")][0] is new


def test_text_hash() -> None:
    assert text_hash("") == ""
    assert len(text_hash("x")) == 64 and text_hash("x") != text_hash("y")


@pytest.mark.parametrize(
    "content",
    [
        b"",
        b"not json",
        b"\xff\xfe\x00garbage",
        b"[1, 2, 3]",
        b'{"format": 99, "sources": []}',
        b'{"format": 1, "sources": {}}',
        b'{"format": 1, "sources": "x"}',
        b"[" * 100_000 + b"]" * 100_000,
        b'{"format": 1, "sources": [' + b"9" * 10_000 + b"]}",
    ],
)
def test_a_damaged_file_counts_as_empty(cache_dir: Path, content: bytes) -> None:
    cache_dir.mkdir(parents=True, exist_ok=True)
    (cache_dir / "verification.json").write_bytes(content)
    assert load() == {}


def test_damaged_entries_are_dropped_alone(cache_dir: Path) -> None:
    good = {
        "url": "https://a.edu/x",
        "checked": "2026-01-02T03:04:05+00:00",
        "status": "ok",
        "sha256": "",
        "final_url": "https://a.edu/x",
        "facts": [
            {"program": "p", "field": "f", "source": "s", "status": "ok", "detail": "\x1b[2Jx"},
            {"program": "p", "field": "g", "source": "s", "status": "fine", "detail": ""},
            {"program": ["p"], "field": "g", "source": "s", "status": "ok", "detail": ""},
        ],
    }
    bad = [
        {**good, "url": "file:///etc/passwd"},
        {**good, "url": "https://b.edu/" + "x" * 10_000},  # past the longest URL kept
        {**good, "status": "fine"},
        {**good, "sha256": "zz"},
        {**good, "checked": "yesterday"},
        {**good, "checked": 5},
        "not an object",
    ]
    cache_dir.mkdir(parents=True, exist_ok=True)
    document = {"format": 2, "sources": [*bad, good]}
    (cache_dir / "verification.json").write_text(json.dumps(document))
    saved = load()
    assert list(saved) == ["https://a.edu/x"]
    (mark,) = saved["https://a.edu/x"].facts
    assert mark.field == "f" and "\x1b" not in mark.detail


def test_a_file_larger_than_the_bound_counts_as_empty(
    cache_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    save([outcome()])
    monkeypatch.setattr(verification, "MAX_BYTES", 100)
    assert load() == {}


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="POSIX FIFOs")
def test_a_fifo_in_place_of_the_file_does_not_block(cache_dir: Path) -> None:
    cache_dir.mkdir(parents=True, exist_ok=True)
    os.mkfifo(cache_dir / "verification.json")
    assert load() == {}


def test_a_symlink_is_neither_followed_nor_written_through(cache_dir: Path, tmp_path: Path) -> None:
    outside = tmp_path / "outside.json"
    save([outcome()])
    outside.write_bytes((cache_dir / "verification.json").read_bytes())
    (cache_dir / "verification.json").unlink()
    (cache_dir / "verification.json").symlink_to(outside)
    before = outside.read_bytes()
    assert load() == {}  # not read through the link
    assert save([outcome("https://c.edu/z")])
    assert outside.read_bytes() == before
    assert not (cache_dir / "verification.json").is_symlink()
    assert set(load()) == {"https://c.edu/z"}


def test_an_unwritable_cache_folder_is_reported_not_raised(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    blocker = tmp_path / "a-file"
    blocker.write_text("")
    monkeypatch.setenv("MLCHOOSE_CACHE_DIR", str(blocker / "cache"))
    assert save([outcome()]) is False
