"""What a backfill night pays to find its files: the landing folder listed and every unseen
file dated from its first bytes (`discover` with a one-day window, against an empty ledger).

    python -m bench.window --raw <landing folder> --day 2022-03-11 [--repeat 2]

Prints, per repeat, the files listed, those dated inside the window, those that could not be
dated, and the seconds it took (the first repeat reads from disk unless the page cache holds
the folder; drop it first for a cold figure).
"""

from __future__ import annotations

import argparse
import tempfile
import time
from datetime import date

from flows.nightly import discover
from warehouse import snapshot
from warehouse.warehouse import Warehouse


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--raw", required=True, help="landing folder")
    parser.add_argument("--day", required=True, type=date.fromisoformat, help="YYYY-MM-DD")
    parser.add_argument("--repeat", type=int, default=2)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as empty:
        wh = Warehouse.open(empty)
        for i in range(args.repeat):
            start = time.perf_counter()
            listed, new, undated = discover.fn(args.raw, wh, snapshot.EMPTY, (args.day, args.day))
            seconds = time.perf_counter() - start
            print(
                f"repeat {i + 1}: {listed:,} listed, {new.num_rows:,} in the window, "
                f"{undated:,} undated, {seconds:.1f} s ({listed / seconds:,.0f} files/s)"
            )


if __name__ == "__main__":
    main()
