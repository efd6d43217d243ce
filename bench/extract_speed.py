"""Speed of entity finding (`transforms.extract.entities.extract_entities`) on parsed pages.

    python -m bench.extract_speed [--n 5000] [--corpus DIR] [--devpages [DIR]] [--repeat 3]
        [--baseline OLD_ENTITIES.py] [--batch N] [--save FILE] [--check FILE]

Documents are read and parsed once, outside the timing, the way `transforms.pages.process_batch`
does (`read_documents`, then `parse_document`). Then `extract_entities` runs over every page:
a cold pass with its caches emptied, then `--repeat` passes; the best is reported as pages/s.
`--corpus` is a folder of dumps (default: the bench corpus of `--n` dumps, generated once into
bench/results/corpus); `--devpages` uses the real pages in ../shared/devpages/dumps instead.

`--baseline` loads another version of the module from a file (e.g. a copy of the code before
a change) and times it alternately with the current one in the same process, so the ratio is
measured back to back; it also fails if the two outputs differ. `--batch N` times
`process_batch` as a whole on the first N raw files, once with each version. `--save` writes
every entity row of every page (JSON Lines, gzip) and `--check` compares with such a file and
fails on the first page that differs.
"""

from __future__ import annotations

import argparse
import gzip
import hashlib
import importlib.util
import json
import sys
import time
from collections.abc import Callable
from contextlib import contextmanager
from datetime import date
from pathlib import Path
from types import ModuleType

from transforms import pages as pages_module
from transforms.extract import entities, quotes
from transforms.formats import LIMITS, Bad, format_of, read_documents
from transforms.formats.htmlpage import parse_document
from transforms.records import ParsedPage, RawDoc, Rejection

TODAY = date(2026, 1, 1)
DEVPAGES = Path(__file__).resolve().parents[2] / "shared" / "devpages" / "dumps"
Rows = list[tuple[str, list[tuple[str, str, str]]]]  # (doc_id, [(entity, kind, origin)])


def raw_files(folder: Path, n: int | None) -> list[RawDoc]:
    """The first `n` files of `folder` (sorted by name) as the landing zone hands them over."""
    paths = sorted(p for p in folder.iterdir() if p.is_file())[:n]
    out = []
    for path in paths:
        data = path.read_bytes()
        out.append(RawDoc(path.name, len(data), hashlib.sha256(data).hexdigest(), data))
    return out


def parse_all(items: list[RawDoc]) -> list[ParsedPage]:
    """Every page `process_batch` would extract from, in its order."""
    out = []
    for item in items:
        for got in read_documents(item, TODAY, LIMITS, format_of(item)):
            if isinstance(got, Bad):
                continue
            page = parse_document(got, None)
            if not isinstance(page, Rejection):
                out.append(page)
    return out


def load_module(path: Path) -> ModuleType:
    """Another version of the entities module, loaded from a file under its own name."""
    spec = importlib.util.spec_from_file_location("baseline_entities", path)
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # dataclasses look their module up there
    spec.loader.exec_module(module)
    return module


def reset(module: ModuleType) -> None:
    """Empty the module's caches: the next pass runs cold."""
    for name in ("_cached", "_span_tokens"):
        clear = getattr(getattr(module, name, None), "cache_clear", None)
        if clear is not None:
            clear()
    for plans in getattr(module, "_plans", ()):
        plans.clear()


def extract_all(module: ModuleType, pages: list[ParsedPage]) -> Rows:
    extract = module.extract_entities
    out = []
    for page in pages:
        rows = extract(page, page.doc_id)
        out.append((page.doc_id, [(e.entity, e.kind, e.origin) for e in rows]))
    return out


def timed(fn: Callable[[], object]) -> float:
    """CPU seconds of `fn()`: steadier than wall time on a machine shared with other work."""
    start = time.process_time()
    fn()
    return time.process_time() - start


def time_extract(modules: dict[str, ModuleType], pages: list[ParsedPage], repeat: int) -> dict:
    """Cold and best-of-`repeat` seconds per module, the modules alternating pass by pass."""

    def one_pass(module: ModuleType) -> None:
        extract = module.extract_entities
        module._cached.cache_clear()  # the per-page cache must not serve a whole pass
        for page in pages:
            extract(page, page.doc_id)

    result = {}
    for name, module in modules.items():
        reset(module)
        result[name] = {"cold_s": timed(lambda m=module: one_pass(m)), "best_s": float("inf")}
    for _ in range(repeat):
        for name, module in modules.items():
            seconds = timed(lambda m=module: one_pass(m))
            result[name]["best_s"] = min(result[name]["best_s"], seconds)
    return result


@contextmanager
def using(module: ModuleType):
    """Make `process_batch` (and the quotes it extracts) use `module` for entities."""
    saved = pages_module.extract_entities, quotes.page_entities
    pages_module.extract_entities = module.extract_entities
    quotes.page_entities = module.page_entities
    try:
        yield
    finally:
        pages_module.extract_entities, quotes.page_entities = saved


def time_batch(modules: dict[str, ModuleType], items: list[RawDoc], repeat: int) -> dict:
    """Best-of-`repeat` seconds of `process_batch` over `items`, per module, alternating."""
    best = dict.fromkeys(modules, float("inf"))
    tables = {}
    for _ in range(repeat):
        for name, module in modules.items():
            with using(module):
                start = time.process_time()
                tables[name] = pages_module.process_batch(items, TODAY)
                best[name] = min(best[name], time.process_time() - start)
    first = next(iter(tables.values()))
    for name, out in tables.items():
        for kind in ("entities", "quotes"):
            if not out[kind].equals(first[kind]):
                sys.exit(f"process_batch {kind} differ between versions ({name})")
    return best


def save(rows: Rows, path: Path) -> None:
    with gzip.open(path, "wt", encoding="utf-8") as f:
        for doc_id, found in rows:
            f.write(json.dumps([doc_id, found], ensure_ascii=False) + "\n")


def check(rows: Rows, path: Path) -> str | None:
    """None when `rows` equal the saved ones, else where they first differ."""
    with gzip.open(path, "rt", encoding="utf-8") as f:
        saved = [json.loads(line) for line in f]
    if len(saved) != len(rows):
        return f"{len(rows)} pages, {len(saved)} saved"
    for (doc_id, found), (saved_id, saved_found) in zip(rows, saved, strict=True):
        got = [list(r) for r in found]
        if doc_id != saved_id or got != saved_found:
            return f"page {doc_id}: {got[:5]}... != saved {saved_id}: {saved_found[:5]}..."
    return None


def differs(a: Rows, b: Rows) -> str | None:
    for (doc_id, found), (_, other) in zip(a, b, strict=True):
        if found != other:
            return f"page {doc_id}: {found} != {other}"
    return None


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--n", type=int, default=5000, help="dumps to read from the corpus")
    parser.add_argument("--corpus", help="a folder of dumps (default: the generated bench corpus)")
    parser.add_argument("--devpages", nargs="?", const=str(DEVPAGES), help="real page dumps")
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--baseline", help="another entities.py to time against, alternately")
    parser.add_argument("--batch", type=int, default=0, help="also time process_batch on N dumps")
    parser.add_argument("--save", help="write all entity rows here (.jsonl.gz)")
    parser.add_argument("--check", help="compare all entity rows with this file")
    args = parser.parse_args(argv)

    if args.devpages:
        items = raw_files(Path(args.devpages), None)
    else:
        if args.corpus:
            folder = Path(args.corpus)
        else:
            from bench.run import RESULTS, corpus

            folder = corpus(RESULTS / "corpus", args.n, 0)
        items = raw_files(folder, args.n)
    pages = parse_all(items)
    paragraphs = sum(len(p.paragraphs) for p in pages)
    print(f"{len(items)} files, {len(pages)} pages, {paragraphs} paragraphs")

    modules = {"current": entities}
    if args.baseline:
        modules = {"baseline": load_module(Path(args.baseline)), "current": entities}
    times = time_extract(modules, pages, args.repeat)
    for name, t in times.items():
        print(
            f"extract_entities {name:8}  best {len(pages) / t['best_s']:9,.0f} pages/s"
            f"  ({t['best_s']:.3f} s; cold pass {len(pages) / t['cold_s']:,.0f} pages/s)"
        )
    if args.baseline:
        ratio = times["baseline"]["best_s"] / times["current"]["best_s"]
        cold = times["baseline"]["cold_s"] / times["current"]["cold_s"]
        print(f"speed-up: {ratio:.2f}x best, {cold:.2f}x cold")

    rows = extract_all(entities, pages)
    print(f"{sum(len(f) for _, f in rows)} entity rows")
    if args.baseline:
        problem = differs(rows, extract_all(modules["baseline"], pages))
        if problem:
            sys.exit(f"output differs from the baseline: {problem}")
        print("output identical to the baseline")
    if args.batch:
        batch = items[: args.batch]
        best = time_batch(modules, batch, args.repeat)
        for name, seconds in best.items():
            print(
                f"process_batch {name:8}  {len(batch) / seconds:7,.0f} files/s  ({seconds:.3f} s)"
            )
        if args.baseline:
            print(f"process_batch speed-up: {best['baseline'] / best['current']:.3f}x")
    if args.save:
        save(rows, Path(args.save))
        print(f"saved {args.save}")
    if args.check:
        problem = check(rows, Path(args.check))
        if problem:
            sys.exit(f"check failed: {problem}")
        print(f"check passed: identical to {args.check}")


if __name__ == "__main__":
    main()
