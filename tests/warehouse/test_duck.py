"""The pipeline's DuckDB sessions: cursors of one database per process, each with its own
registered tables, all under the memory cap."""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor

import duckdb
import pyarrow as pa
import pytest

from warehouse import duck


def test_sessions_share_the_capped_database_but_not_their_tables():
    a, b = duck.session(), duck.session()
    try:
        a.register("night_rows", pa.table({"x": [1, 2, 3]}))
        b.register("night_rows", pa.table({"x": [10]}))
        assert a.execute("SELECT sum(x) FROM night_rows").fetchone() == (6,)
        assert b.execute("SELECT sum(x) FROM night_rows").fetchone() == (10,)
        capped = duckdb.connect()
        capped.execute("SET memory_limit = ?", [duck.MEMORY_LIMIT])
        limit = "SELECT current_setting('memory_limit')"
        assert a.execute(limit).fetchone() == capped.execute(limit).fetchone()
        assert a.execute(limit).fetchone() != duckdb.connect().execute(limit).fetchone()
        assert a.execute("SELECT current_setting('enable_external_file_cache')").fetchone() == (
            False,
        )
    finally:
        a.close()
    assert b.execute("SELECT count(*) FROM night_rows").fetchone() == (1,)  # b is unharmed
    b.close()
    c = duck.session()
    with pytest.raises(Exception, match="night_rows"):
        c.execute("SELECT * FROM night_rows")  # gone with the sessions that registered it
    c.close()


def test_sessions_in_threads_see_only_their_own_rows():
    def count(n: int) -> int:
        con = duck.session()
        try:
            con.register("rows", pa.table({"x": list(range(n))}))
            return con.execute("SELECT count(*) FROM rows").fetchone()[0]
        finally:
            con.close()

    with ThreadPoolExecutor(4) as pool:
        assert list(pool.map(count, range(1, 41))) == list(range(1, 41))
