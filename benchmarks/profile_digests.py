"""Profile digests: one SHA-256 per article of ``reliability.score(text).to_dict()``.

A change meant only for speed must leave every profile as it was. Run this with one tree's
interpreter, then with the other's, and compare the two files::

    /path/to/main/.venv/bin/python benchmarks/profile_digests.py CORPUS.jsonl -o main.json
    .venv/bin/python benchmarks/profile_digests.py CORPUS.jsonl -o mine.json --against main.json

``--against`` prints the articles whose profiles differ and exits with status 1 if any does.
The digest covers the whole JSON form (sorted keys), library version included, so both trees
must carry the same version string.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import sys
from pathlib import Path

import reliability


def digests(paths: list[Path], text_field: str) -> dict[str, str]:
    """``{"file:line": sha256 of the profile's JSON}`` for every record of the JSONL files."""
    out: dict[str, str] = {}
    for path in paths:
        with path.open(encoding="utf-8") as handle:
            for n, line in enumerate(handle, 1):
                if not line.strip():
                    continue
                profile = reliability.score(json.loads(line)[text_field]).to_dict()
                data = json.dumps(profile, sort_keys=True, ensure_ascii=False)
                out[f"{path.name}:{n}"] = hashlib.sha256(data.encode("utf-8")).hexdigest()
    return out


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("corpus", type=Path, nargs="+", help="JSONL files, one article a line")
    parser.add_argument("--text-field", default="text")
    parser.add_argument("-o", "--output", type=Path, required=True, help="write digests here")
    parser.add_argument("--against", type=Path, help="digests of another tree to compare with")
    args = parser.parse_args(argv)

    found = digests(args.corpus, args.text_field)
    args.output.write_text(json.dumps(found, indent=0, sort_keys=True), "utf-8")
    print(f"{len(found)} profiles digested into {args.output}")
    if args.against is None:
        return 0
    other: dict[str, str] = json.loads(args.against.read_text("utf-8"))
    differ = sorted(k for k in found.keys() | other.keys() if found.get(k) != other.get(k))
    for key in differ:
        print(f"differs: {key}")
    print(f"{len(differ)} of {len(found)} profiles differ from {args.against}")
    return 1 if differ else 0


if __name__ == "__main__":
    sys.exit(main())
