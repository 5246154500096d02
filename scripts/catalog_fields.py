"""Write each program's field of study from data/federal/fields.yaml into programs.yaml.

    python scripts/catalog_fields.py            # rewrite the cip: blocks in place
    python scripts/catalog_fields.py --check    # exit 1 if programs.yaml and fields.yaml differ

fields.yaml holds the research decisions (UNITID, CIP code, basis, reasoning, source) with their
evidence; programs.yaml carries them as each program's ``cip`` fact, so the catalog stays one
self-contained file. The edit is textual (the catalog's layout and comments stay): a ``cip:``
block is replaced, or inserted after the program's ``checked:`` line. Running it twice changes
nothing.
"""

from __future__ import annotations

import argparse
import re
import sys
from pathlib import Path
from typing import Any

import yaml

ROOT = Path(__file__).resolve().parents[1]


def block(entry: dict[str, Any]) -> list[str]:
    """The ``cip:`` block of one program, two-space indented as the catalog is."""
    fact = {
        "code": str(entry["code"]),
        "basis": entry["basis"],
        "unitid": int(entry["unitid"]),
        "source": entry["source"],
        "note": " ".join(str(entry["note"]).split()),
    }
    text = yaml.safe_dump({"cip": fact}, sort_keys=False, width=100, allow_unicode=True)
    return ["  " + line if line else line for line in text.rstrip("\n").split("\n")]


def rewrite(catalog: str, fields: dict[str, dict[str, Any]]) -> str:
    lines = catalog.split("\n")
    out: list[str] = []
    current: str | None = None
    skipping = False
    for line in lines:
        if skipping:
            if line.startswith("    ") or line.strip() == "":
                continue
            skipping = False
        found = re.match(r"^- id: (\S+)$", line)
        if found:
            current = found.group(1)
        if current in fields and line.startswith("  cip:"):
            skipping = True  # the old block goes; the new one follows `checked:`
            continue
        out.append(line)
        if current in fields and line.startswith("  checked:"):
            entry = fields[current]
            if str(entry.get("code")) != "unknown":
                out.extend(block(entry))
    return "\n".join(out)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--catalog", type=Path, default=ROOT / "programs.yaml")
    parser.add_argument("--fields", type=Path, default=ROOT / "data" / "federal" / "fields.yaml")
    parser.add_argument("--check", action="store_true", help="only say whether they agree")
    args = parser.parse_args(argv)
    fields = yaml.safe_load(args.fields.read_text(encoding="utf-8"))
    before = args.catalog.read_text(encoding="utf-8")
    after = rewrite(before, fields)
    if args.check:
        if after != before:
            print(f"{args.catalog} does not match {args.fields}", file=sys.stderr)
            return 1
        return 0
    args.catalog.write_text(after, encoding="utf-8")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
