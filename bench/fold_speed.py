"""Speed of `fold` alone on saved inputs: a night's signatures against its stored candidates.

    python -m bench.fold_speed --sigs SIGS.parquet [--cands CANDS.parquet] [--repeat 3]
        [--save DIR] [--check DIR]

`--sigs` is `signatures(docs)` output (the `new` argument of `fold`; of repeated doc_ids the
first row is kept), `--cands` the stored candidates the warehouse returned for it (without
it: a batch fold against nothing stored). Prints the best of `--repeat` runs of `fold`,
docs/s, and the time spent in each step `fold` calls (within the best run). `--save` writes
the result tables as Arrow IPC files into DIR; `--check` compares the result with the tables
saved there and fails when any differs: the output of a change against the code before it.
"""

from __future__ import annotations

import argparse
import functools
import importlib
import sys
import time
from collections import defaultdict
from collections.abc import Callable
from dataclasses import fields
from pathlib import Path

import numpy as np
import pyarrow as pa
import pyarrow.feather as feather
import pyarrow.parquet as pq

from transforms.dedupe.fold import DedupeResult, fold

# The package re-exports the function `fold` under the module's name: fetch the module itself.
fold_module = importlib.import_module("transforms.dedupe.fold")

# Steps timed by wrapping the names `fold` and `_edges` look up in their module.
STEPS = (
    "read_night",
    "read_stored",
    "_edges",
    "pairs_within",
    "band_keys_among",
    "pairs_across",
    "similarity",
    "band_hashes",
    "distinct_bands",
)


def read_unique(path: Path, key: str | None = None) -> pa.Table:
    """A Parquet file as a table, keeping the first of columns that share a name (a join's)
    and, given `key`, the first row of each key value (`fold` wants unique doc_ids)."""
    table = pq.ParquetFile(path).read()
    keep = [i for i, name in enumerate(table.column_names) if name not in table.column_names[:i]]
    table = table.select(keep)
    if key is None:
        return table
    _, first = np.unique(table.column(key).to_numpy(zero_copy_only=False), return_index=True)
    return table.take(np.sort(first))


def _timed(name: str, func: Callable, spent: dict[str, float]) -> Callable:
    @functools.wraps(func)
    def wrapper(*args, **kwargs):
        start = time.perf_counter()
        try:
            return func(*args, **kwargs)
        finally:
            spent[name] += time.perf_counter() - start

    return wrapper


def timed_fold(
    sigs: pa.Table, cands: pa.Table | None
) -> tuple[DedupeResult, float, dict[str, float]]:
    """One `fold`, its wall time and the time inside each step (nested steps count in both)."""
    spent: dict[str, float] = defaultdict(float)
    originals = {name: getattr(fold_module, name) for name in STEPS if hasattr(fold_module, name)}
    for name, func in originals.items():
        setattr(fold_module, name, _timed(name, func, spent))
    try:
        start = time.perf_counter()
        result = fold(sigs, cands)
        return result, time.perf_counter() - start, dict(spent)
    finally:
        for name, func in originals.items():
            setattr(fold_module, name, func)


def save(result: DedupeResult, folder: Path) -> None:
    folder.mkdir(parents=True, exist_ok=True)
    for f in fields(result):
        feather.write_feather(getattr(result, f.name), folder / f"{f.name}.arrow")


def differences(result: DedupeResult, folder: Path) -> list[str]:
    """Names of the result tables that differ from those saved in `folder`."""
    return [
        f.name
        for f in fields(result)
        if not getattr(result, f.name).equals(feather.read_table(folder / f"{f.name}.arrow"))
    ]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sigs", type=Path, required=True)
    parser.add_argument("--cands", type=Path, help="stored candidates (none: a batch fold)")
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--save", type=Path, help="write the result tables into this folder")
    parser.add_argument("--check", type=Path, help="compare with the tables saved here")
    args = parser.parse_args(argv)

    sigs = read_unique(args.sigs, "doc_id")
    cands = read_unique(args.cands) if args.cands else None
    print(f"{sigs.num_rows:,} docs, {cands.num_rows if cands else 0:,} stored candidate rows")
    best = None
    for i in range(max(1, args.repeat)):
        result, wall, spent = timed_fold(sigs, cands)
        print(f"run {i + 1}: {wall:.2f} s")
        if best is None or wall < best[1]:
            best = (result, wall, spent)
    result, wall, spent = best
    print(f"fold best of {args.repeat}: {wall:.2f} s, {sigs.num_rows / wall:,.0f} docs/s")
    for name in STEPS:
        if name in spent:
            print(f"  {name:<15} {spent[name]:6.2f} s")
    if args.save:
        save(result, args.save)
        print(f"saved to {args.save}")
    if args.check:
        diff = differences(result, args.check)
        print("check:", f"DIFFERENT {', '.join(diff)}" if diff else "identical to reference")
        return 1 if diff else 0
    return 0


if __name__ == "__main__":
    sys.exit(main())
