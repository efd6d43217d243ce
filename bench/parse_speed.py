"""Speed of decode + parse alone on text dumps, with a check that the output is unchanged.

    python -m bench.parse_speed [--n 5000] [--corpus DIR] [--devpages [DIR]] [--repeat 3]
        [--save FILE] [--check FILE]

Reads the dumps' bytes once (outside the clock), then times `transforms.decode.decode` and
`transforms.parse.parse_page` over them: prints the best of `--repeat` runs as pages/s (of
CPU time, the figure to compare on a shared machine, and of wall time).
`--save` writes every decoded and parsed field of every dump to FILE (a pickle of plain
values); `--check` compares this run's with the ones saved there and fails when any differs:
the output of a change against the code before it. `--devpages` reads the 152 pages of
../shared/devpages instead of the corpus (at run time only).
"""

from __future__ import annotations

import argparse
import dataclasses
import hashlib
import pickle
import sys
import time
from datetime import date
from pathlib import Path

from transforms import parse as parse_package
from transforms.decode import decode
from transforms.parse import parse_page
from transforms.records import DecodedDoc, RawDoc, Rejection

CORPUS = Path("/tmp/exp/n25")
DEVPAGES = Path(__file__).resolve().parents[2] / "shared" / "devpages" / "dumps"
TODAY = date(2100, 1, 1)  # no capture date of a bench corpus is refused as from the future
WARM_UP = 200  # dumps parsed before the clock starts: one of an unknown site among them
MAX_DUMP_BYTES = 16 * 1024 * 1024  # a bench input this large is a mistake, not a dump


def read_raw(folder: Path, n: int | None) -> list[RawDoc]:
    """The first `n` dumps of `folder` (by name) as raw documents."""
    paths = sorted(p for p in folder.iterdir() if p.is_file() and p.suffix == ".txt")
    out = []
    for path in paths[:n]:
        if path.stat().st_size > MAX_DUMP_BYTES:
            continue
        data = path.read_bytes()
        out.append(RawDoc(path.name, len(data), hashlib.sha256(data).hexdigest(), data))
    return out


def run(raws: list[RawDoc]) -> list[tuple[DecodedDoc | Rejection, object]]:
    """Decode and parse every raw document, as the nightly flow does for a text dump."""
    out = []
    for raw in raws:
        doc = decode(raw, TODAY)
        out.append((doc, doc if isinstance(doc, Rejection) else parse_page(doc)))
    return out


def fields_of(results: list[tuple[DecodedDoc | Rejection, object]]) -> list[tuple]:
    """Every field of every result as plain values (class name first), comparable across
    versions of the code."""
    return [
        (
            type(doc).__name__,
            dataclasses.astuple(doc),
            type(page).__name__,
            dataclasses.astuple(page),
        )
        for doc, page in results
    ]


def timed(raws: list[RawDoc], repeat: int) -> tuple[float, float, list]:
    """(best wall seconds, best CPU seconds, results of the last run). CPU time is what to
    compare on a shared machine: other processes stretch the wall clock, not it."""
    wall = cpu = float("inf")
    results: list = []
    for _ in range(repeat):
        _clear_caches()  # every run starts cold, as a worker does
        started, started_cpu = time.perf_counter(), time.process_time()
        results = run(raws)
        cpu = min(cpu, time.process_time() - started_cpu)
        wall = min(wall, time.perf_counter() - started)
    return wall, cpu, results


def _clear_caches() -> None:
    clear = getattr(parse_package, "clear_caches", None)  # older versions have none
    if clear is not None:
        clear()


def differences(saved: list[tuple], got: list[tuple], names: list[str], show: int = 5) -> int:
    """How many documents differ; prints the first few differing fields."""
    if len(saved) != len(got):
        print(f"   document count differs: saved {len(saved)}, now {len(got)}")
        return max(len(saved), len(got))
    bad = 0
    for name, old, new in zip(names, saved, got, strict=True):
        if old == new:
            continue
        bad += 1
        if bad <= show:
            print(f"   {name}: {_first_difference(old, new)}")
    return bad


def _first_difference(old: tuple, new: tuple) -> str:
    for part, (a, b) in enumerate(zip(old, new, strict=True)):
        if a == b:
            continue
        if isinstance(a, tuple) and isinstance(b, tuple) and len(a) == len(b):
            for k, (x, y) in enumerate(zip(a, b, strict=True)):
                if x != y:
                    return f"part {part} field {k}: {str(x)[:120]!r} != {str(y)[:120]!r}"
        return f"part {part}: {str(a)[:120]!r} != {str(b)[:120]!r}"
    return "?"


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--n", type=int, default=5000, help="dumps read from the corpus")
    ap.add_argument("--corpus", type=Path, default=CORPUS)
    ap.add_argument(
        "--devpages",
        nargs="?",
        const=DEVPAGES,
        type=Path,
        help="read the dumps of ../shared/devpages (or of this folder) instead",
    )
    ap.add_argument("--repeat", type=int, default=3)
    ap.add_argument("--save", type=Path, help="write every parsed field to this file")
    ap.add_argument("--check", type=Path, help="compare every parsed field with this file")
    args = ap.parse_args(argv)

    raws = read_raw(args.devpages, None) if args.devpages else read_raw(args.corpus, args.n)
    if not raws:
        print("no dumps found", file=sys.stderr)
        return 2
    run(raws[:WARM_UP])  # load the language model (read on a first unknown site) first
    wall, cpu, results = timed(raws, max(1, args.repeat))
    parsed = sum(1 for _, page in results if not isinstance(page, Rejection))
    print(
        f"decode+parse: {len(raws)} dumps ({parsed} parsed), best of {args.repeat}: "
        f"{len(raws) / cpu:,.0f} pages/s of CPU time ({cpu:.3f}s), "
        f"{len(raws) / wall:,.0f} pages/s of wall time ({wall:.3f}s)"
    )
    got = fields_of(results)
    if args.save:
        args.save.write_bytes(pickle.dumps(got, protocol=pickle.HIGHEST_PROTOCOL))
        print(f"saved {len(got)} documents' fields to {args.save}")
    if args.check:
        saved = pickle.loads(args.check.read_bytes())  # our own file, written by --save
        bad = differences(saved, got, [r.path for r in raws])
        print(f"check against {args.check}: {'OK, identical' if not bad else f'{bad} differ'}")
        return 1 if bad else 0
    return 0


if __name__ == "__main__":
    sys.exit(main())
