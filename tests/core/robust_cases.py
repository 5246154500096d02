"""Inputs of the robustness regression cases (tests/core/robust_cases.json), and how to record them.

The weights-only cases (``-weights``, ``-plain``) were recorded with the implementation before
issue 20 (an n x n rank-acceptability matrix); the chunked, bounded implementation gives the
same answers for the same seed. The cases that draw scores too (``-data``, ``-ranges``) were
recorded again on 2026-12-04, when the Beta draws moved to the shipped quantile table and the
two split spreads to the first 2,000 samples (both for start-up time); the older ``-unknowns``
cases went with that mode (uniform draws per criterion, unused since the honest-scores rule).
Record again only after an intended change of the answers:

    python tests/core/robust_cases.py            # every case, inputs from today's catalogs
    python tests/core/robust_cases.py --draws    # only the cases that draw scores, same inputs

``--draws`` keeps the stored inputs, so that the weights-only cases stay an anchor to the
earlier implementation.
"""

from __future__ import annotations

import json
import random
from pathlib import Path
from typing import Any

from mlchoose.vocab import CRITERIA

HERE = Path(__file__).resolve().parent
CASES = HERE / "robust_cases.json"
ROOT = HERE.parent.parent


def catalog_inputs(path: Path | None, **choices: str) -> dict[str, Any]:
    """The plain inputs ``assess`` gives ``robustness`` for a catalog (None: the built-in one)."""
    from mlchoose.cli.options import _choices, query
    from mlchoose.core.ranking import rank
    from mlchoose.core.scores import range_table, score_table
    from mlchoose.data import catalog

    loaded = catalog.load(path, []) if path is not None else catalog.load()
    result = rank(loaded, query(_choices(**choices), explain=False))
    return {
        "scores": score_table(result.everything),
        "stand_in": dict(result.stand_ins),
        "weights": dict(result.weights),
        "ranges": {
            k: {c: list(v) for c, v in r.items()} for k, r in range_table(result.everything).items()
        },
    }


def hand_made(seed: int, size: int, *, open_ranges: bool, drop_stand_in: bool) -> dict[str, Any]:
    """A random catalog: quarter steps for ties, unknown scores, zero weights, open ranges."""
    rnd = random.Random(seed)
    scores: dict[str, dict[str, float | None]] = {}
    ranges: dict[str, dict[str, list[float]]] = {}
    for i in range(size):
        ident = f"p{rnd.randrange(10**6):06d}-{i}"
        row: dict[str, float | None] = {}
        span: dict[str, list[float]] = {}
        for c in CRITERIA:
            kind = rnd.random()
            value = None if kind < 0.2 else rnd.choice([0.0, 0.25, 0.5, 0.75, 1.0, rnd.random()])
            row[c] = value
            if value is None:
                span[c] = [0.0, 1.0] if rnd.random() < 0.5 else [0.1, 0.8]
            elif open_ranges and rnd.random() < 0.4:
                span[c] = [value * rnd.random(), value + (1 - value) * rnd.random()]
            else:
                span[c] = [value, value]
        scores[ident] = row
        ranges[ident] = span
    known: dict[str, list[float]] = {c: [] for c in CRITERIA}
    for row in scores.values():
        for c in CRITERIA:
            value = row[c]
            if value is not None:
                known[c].append(value)
    stand_in: dict[str, float | None] = {
        c: (sum(v) / len(v) if v else None) for c, v in known.items()
    }
    if drop_stand_in:  # some programs then have no value on it: totals divide per program
        stand_in["industry"] = None
    for ident, row in scores.items():  # a stand-in must lie in its unknown's range
        for c in CRITERIA:
            middle = stand_in[c]
            if row[c] is None and middle is not None:
                low, high = ranges[ident][c]
                ranges[ident][c] = [min(low, middle), max(high, middle)]
    weights = {c: rnd.choice([0.0, 0.5, 1.0, 2.0, 3.0]) for c in CRITERIA}
    weights["faculty"] = 1.0
    total = sum(weights.values())
    return {
        "scores": scores,
        "stand_in": stand_in,
        "weights": {c: w / total for c, w in weights.items()},
        "ranges": ranges,
    }


def case_list() -> tuple[dict[str, dict[str, Any]], list[dict[str, Any]]]:
    """The named inputs, and every case: a name, the name of its inputs and its options
    (robustness's keyword arguments, with ``ranges`` as a flag)."""
    builtin = catalog_inputs(None)
    west = catalog_inputs(None, weights="faculty=5,industry=3,region=1", prefer_region="west")
    golden = catalog_inputs(ROOT / "tests" / "golden" / "catalog.yaml")
    inputs = {"builtin": builtin, "builtin-west": west, "golden": golden}
    cases: list[dict[str, Any]] = []
    for name in inputs:
        cases.append({"name": f"{name}-data", "inputs": name, "options": {"ranges": True}})
        cases.append({"name": f"{name}-weights", "inputs": name, "options": {}})
    cases.append(
        {
            "name": "builtin-data-1000",
            "inputs": "builtin",
            "options": {"ranges": True, "samples": 1000, "seed": 7, "concentration": 5.0},
        }
    )
    for seed, size in ((1, 2), (2, 3), (3, 7), (4, 25), (5, 60), (6, 130)):
        for open_ranges, drop in ((True, False), (False, True)):
            tag = f"hand-{size}-{'open' if open_ranges else 'nostand'}"
            inputs[tag] = hand_made(seed, size, open_ranges=open_ranges, drop_stand_in=drop)
            samples = 3000 if size < 100 else 700
            for mode in ("ranges", "plain"):
                options: dict[str, Any] = {"samples": samples, "seed": seed}
                if mode != "plain":
                    options[mode] = True
                cases.append({"name": f"{tag}-{mode}", "inputs": tag, "options": options})
    return inputs, cases


def run(inputs: dict[str, Any], case: dict[str, Any], **extra: Any) -> Any:
    """The robustness result of one case."""
    from mlchoose.core.robustness import robustness

    options = dict(case["options"])
    scores, stand_in = inputs["scores"], inputs["stand_in"]
    if options.pop("ranges", False):
        options["ranges"] = {
            k: {c: tuple(v) for c, v in r.items()} for k, r in inputs["ranges"].items()
        }
    return robustness(scores, stand_in, inputs["weights"], **options, **extra)


def record(result: Any) -> dict[str, Any]:
    """A result as JSON: acceptability as sample counts, nonzero ones as [rank, count]."""
    samples = result.samples
    programs = []
    for r in result.results:
        counts = [round(a * samples) for a in r.acceptability]
        programs.append(
            {
                "program": r.program,
                "rank": r.rank,
                "first": r.first,
                "median": r.median,
                "low": r.low,
                "high": r.high,
                "iqr": r.iqr,
                "weights_iqr": r.weights_iqr,
                "unknowns_iqr": r.unknowns_iqr,
                "counts": [[i + 1, n] for i, n in enumerate(counts) if n],
            }
        )
    found = {
        "samples": samples,
        "seed": result.seed,
        "concentration": result.concentration,
        "decisive": [list(d) for d in result.decisive],
        "programs": programs,
    }
    normalised: dict[str, Any] = json.loads(json.dumps(found))  # tuples as lists, as stored
    return normalised


def draws_scores(case: dict[str, Any]) -> bool:
    return "ranges" in case["options"]


if __name__ == "__main__":
    import sys

    if "--draws" in sys.argv:
        stored = json.loads(CASES.read_text(encoding="utf-8"))
        named, cases = stored["inputs"], stored["cases"]
        written = [
            {**case, "expected": record(run(named[case["inputs"]], case))}
            if draws_scores(case)
            else case
            for case in cases
        ]
    else:
        named, cases = case_list()
        written = [{**case, "expected": record(run(named[case["inputs"]], case))} for case in cases]
    document = {"inputs": named, "cases": written}
    CASES.write_text(json.dumps(document, separators=(",", ":")) + "\n", encoding="utf-8")
    print(f"wrote {len(written)} cases to {CASES}")
