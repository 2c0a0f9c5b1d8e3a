"""Cost of the source-kind stage (``KindTyper.type``) on the relations the rules find.

The relations of each article are found once; then the stage types them again and again, its
CPU time summed over the articles. The text's literal scan, which the extraction rules make just
before the stage (one shared scanner), is made before each timed call, so the stage is timed as
it runs inside the attribution scorer.

With ``--reference KINDS_PY`` another version of the stage (for example
``git show REV:reliability/scorers/_attribution/kinds.py > /tmp/kinds_ref.py``) runs in the same
process, interleaved article by article with the current one (the order alternating), and the
runner checks that both type every relation alike; ``--reference-lexicon TOML`` gives the
reference its own ``source_kinds`` lexicon. The ratio current / reference is what to compare on
a busy machine.

Usage::

    python benchmarks/kinds_stage.py ../shared/data/polnear/train.jsonl --repeat 5
    python benchmarks/kinds_stage.py ../shared/data/polnear/train.jsonl \\
        --reference /tmp/kinds_ref.py --reference-lexicon /tmp/source_kinds_ref.toml
"""

from __future__ import annotations

import argparse
import gc
import importlib.util
import json
import sys
import time
from pathlib import Path
from typing import Any

from reliability.document import Document
from reliability.lexicon import LexiconSet, load_lexicon
from reliability.scorers._attribution.extract import Extractor, Found

sys.path.insert(0, str(Path(__file__).parent))
from scorer_alone import load as load_texts  # the benchmarks' one corpus loader


def untyped(extractor: Extractor, documents: list[Document]) -> list[list[Found]]:
    """The relations the rules find in each document, as the stage receives them."""
    typer = extractor.kinds
    received: list[list[Found]] = []

    class Capture:
        def type(self, document: Document, found: list[Found]) -> list[Found]:
            received.append(list(found))
            return typer.type(document, found)

    extractor.kinds = Capture()  # type: ignore[assignment]
    try:
        for document in documents:
            extractor.extract(document)
    finally:
        extractor.kinds = typer
    return received


def reference_typer(path: Path, lexicons: LexiconSet, lexicon: Path | None) -> Any:
    """The ``KindTyper`` of another version of the stage's module, sharing the scanner."""
    spec = importlib.util.spec_from_file_location("kinds_reference", path)
    if spec is None or spec.loader is None:
        sys.exit(f"{path}: not a Python module")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    kept = [lex for lex in lexicons if lexicon is None or lex.id != "source_kinds"]
    own = LexiconSet([*kept, *([load_lexicon(lexicon)] if lexicon is not None else [])])
    own.scanner = lexicons.scanner  # one scan of each text for both, as in the pipeline
    return module.KindTyper(own)


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("corpus", type=Path, help="a JSONL file with doc_id and text")
    ap.add_argument("--limit", type=int, default=0, help="only the first N articles")
    ap.add_argument("--repeat", type=int, default=3, help="timed passes (the minimum is kept)")
    ap.add_argument("--reference", type=Path, help="another kinds.py to time beside this one")
    ap.add_argument("--reference-lexicon", type=Path, help="its source_kinds lexicon file")
    ap.add_argument("--json", metavar="PATH", help="also write the numbers as JSON")
    args = ap.parse_args(argv)

    lexicons = LexiconSet.default()
    extractor = Extractor(lexicons)
    documents = [Document.from_text(t) for t in load_texts(args.corpus, args.limit)]
    found = untyped(extractor, documents)
    typers: dict[str, Any] = {"current": extractor.kinds}
    scan = lexicons.scanner.scan
    if args.reference is not None:
        ref = reference_typer(args.reference, lexicons, args.reference_lexicon)
        typers["reference"] = ref
        for document, relations in zip(documents, found, strict=True):
            if ref.type(document, relations) != extractor.kinds.type(document, relations):
                sys.exit("the reference types some relations differently")
    totals: dict[str, list[float]] = {name: [] for name in typers}
    names = list(typers)
    for rep in range(args.repeat):
        gc.collect()
        spent = dict.fromkeys(names, 0.0)
        for k, (document, relations) in enumerate(zip(documents, found, strict=True)):
            scan(document.text)  # made by the extraction rules just before the stage
            for name in names if (k + rep) % 2 == 0 else reversed(names):
                start = time.process_time()
                typers[name].type(document, relations)
                spent[name] += time.process_time() - start
        for name in names:
            totals[name].append(spent[name])
    n = len(documents)
    out: dict[str, Any] = {
        "articles": n,
        "relations": sum(len(r) for r in found),
        "repeat": args.repeat,
        "ms_per_article": {name: 1e3 * min(t) / n for name, t in totals.items()},
    }
    print(f"{n} articles, {out['relations']} relations, min of {args.repeat} passes (CPU time)")
    for name, ms in out["ms_per_article"].items():
        print(f"  {name:9} {ms:.3f} ms an article")
    if "reference" in totals:
        ratios = sorted(c / r for c, r in zip(totals["current"], totals["reference"], strict=True))
        out["ratio_per_pass"] = ratios
        print("  current / reference per pass: " + ", ".join(f"{x:.3f}" for x in ratios))
    if args.json:
        Path(args.json).write_text(json.dumps(out, indent=2) + "\n", "utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
