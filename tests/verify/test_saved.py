"""Saved verify outcomes: a round trip, atomic writes, and files nobody should trust."""

from __future__ import annotations

import json
import os
import stat
from dataclasses import asdict
from pathlib import Path

import pytest

from mlchoose.verify import saved as verification
from mlchoose.verify.saved import FactMark, Outcome, by_fact, load, save, text_hash


def outcome(url: str = "https://a.edu/x", checked: str = "2026-01-02T03:04:05+00:00") -> Outcome:
    mark = FactMark("cmu-msml", "tuition", "ms-page", "changed", "quote not found")
    return Outcome(url, checked, "ok", text_hash("page text"), url, (mark,))


@pytest.mark.cold_cache
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


# --- safe to share (issue 28, point 7) ------------------------------------------------------


def test_parallel_saves_keep_every_result(cache_dir: Path) -> None:
    """20 runs saving at once kept 10 of 20 results (read-merge-write without a lock)."""
    import threading

    start = threading.Barrier(20)

    def run(number: int) -> None:
        start.wait()
        assert save([outcome(f"https://a.edu/{number}")])

    threads = [threading.Thread(target=run, args=(n,)) for n in range(20)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert set(load()) == {f"https://a.edu/{n}" for n in range(20)}


def test_parallel_processes_keep_every_result(cache_dir: Path) -> None:
    import subprocess
    import sys

    code = (
        "import sys; from tests.verify.test_saved import outcome; "
        "from mlchoose.verify.saved import save; "
        "assert all(save([outcome(f'https://p.edu/{sys.argv[1]}/{n}')]) for n in range(5))"
    )
    root = Path(__file__).parent.parent.parent
    runs = [subprocess.Popen([sys.executable, "-c", code, str(n)], cwd=root) for n in range(4)]
    assert [run.wait(timeout=30) for run in runs] == [0] * 4
    assert len(load()) == 20


def test_long_fields_are_cut_alike_when_written_and_read(cache_dir: Path) -> None:
    """A 60,000-character redirect target dropped its verdict on reading back."""
    far = "https://a.edu/" + "x" * 60_000
    mark = FactMark("p", "tuition", "s", "moved", f"value found at the new address; moved to {far}")
    long = Outcome("https://a.edu/x", "2026-01-02T03:04:05+00:00", "moved", "", far, (mark,))
    assert save([long])
    (back,) = load().values()
    (kept,) = back.facts
    assert kept.status == "moved" and kept.detail.startswith("value found at the new address")
    assert len(kept.detail) == 2000 and kept.detail.endswith("…")
    assert len(back.final_url) == 2000
    assert save([back]) and load() == {back.url: back}  # read, written, read: the same


def test_future_dated_and_duplicate_entries(cache_dir: Path) -> None:
    """A planted entry dated 9999-12-31 hid a failed check in show."""
    failed = outcome("https://a.edu/x", "2026-01-02T03:04:05+00:00")
    planted = {
        **json.loads(json.dumps(asdict(failed))),
        "checked": "9999-12-31T00:00:00+00:00",
        "facts": [{**asdict(failed.facts[0]), "status": "ok", "detail": "planted"}],
    }
    older = {**json.loads(json.dumps(asdict(failed))), "checked": "2025-01-01T00:00:00+00:00"}
    cache_dir.mkdir(parents=True, exist_ok=True)
    document = {"format": 2, "sources": [planted, asdict(failed), older]}
    (cache_dir / "verification.json").write_text(json.dumps(document))
    assert load() == {"https://a.edu/x": failed}  # the newest that is not in the future


@pytest.mark.skipif(not hasattr(os, "symlink"), reason="POSIX")
def test_a_new_file_is_private_whatever_stood_at_its_path(cache_dir: Path, tmp_path: Path) -> None:
    """A symlink at verification.json passed its target's mode (4777) to the new file."""
    target = tmp_path / "target"
    target.write_text("{}")
    target.chmod(0o4777)
    cache_dir.mkdir(parents=True, exist_ok=True)
    (cache_dir / "verification.json").symlink_to(target)
    assert save([outcome()])
    made = (cache_dir / "verification.json").lstat()
    assert stat.S_ISREG(made.st_mode) and stat.S_IMODE(made.st_mode) == 0o600
    assert stat.S_IMODE(target.stat().st_mode) == 0o4777 and target.read_text() == "{}"
    (cache_dir / "verification.json").unlink()
    os.mkfifo(cache_dir / "verification.json")
    assert save([outcome()])
    assert stat.S_IMODE((cache_dir / "verification.json").lstat().st_mode) == 0o600


def test_a_lock_file_that_is_a_link_is_not_followed(cache_dir: Path, tmp_path: Path) -> None:
    elsewhere = tmp_path / "elsewhere"
    cache_dir.mkdir(parents=True, exist_ok=True)
    (cache_dir / "verification.json.lock").symlink_to(elsewhere)
    assert save([outcome()])
    assert not elsewhere.exists()  # the link was replaced, not followed
    assert stat.S_ISREG((cache_dir / "verification.json.lock").lstat().st_mode)
