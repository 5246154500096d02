"""Write a synthetic catalog of N programs, made by copying the real entries whole (quotes, notes,
field of study and all) under new ids: 10,000 programs like the shipped ones.

python benchmarks/make_catalog.py 10000 big.yaml
python benchmarks/make_catalog.py --ids 10000    # the first two ids of that catalog
"""

from __future__ import annotations

import sys
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parent.parent


def ids(size: int) -> list[str]:
    """The ids of the first two programs of a catalog of ``size`` (for show, compare, why)."""
    real = yaml.load((ROOT / "programs.yaml").read_bytes(), Loader=yaml.CSafeLoader)
    count = len(real["programs"])
    return [f"{real['programs'][i % count]['id']}-{i}" for i in range(min(2, size))]


def write_catalog(path: Path, size: int) -> None:
    real = yaml.load((ROOT / "programs.yaml").read_bytes(), Loader=yaml.CSafeLoader)
    programs = []
    for i in range(size):
        template = real["programs"][i % len(real["programs"])]
        programs.append({**template, "id": f"{template['id']}-{i}", "aliases": [f"p{i}"]})
    document = {"sources": real["sources"], "programs": programs}
    dumper = type("PlainDumper", (yaml.CSafeDumper,), {"ignore_aliases": lambda self, data: True})
    path.write_text(yaml.dump(document, Dumper=dumper, sort_keys=False), encoding="utf-8")


if __name__ == "__main__":
    if sys.argv[1] == "--ids":
        print(" ".join(ids(int(sys.argv[2]))))
    else:
        write_catalog(Path(sys.argv[2]), int(sys.argv[1]))
