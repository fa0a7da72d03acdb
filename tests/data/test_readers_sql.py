"""read_sql/scan_sql against a real PostgreSQL server (started by conftest.py) and SQLite,
through ADBC and through plain DB-API connections."""

from __future__ import annotations

import sqlite3

import pyarrow as pa
import pytest

from pybridge import data

ROWS = [(i, i * 0.5, f"n{i}") for i in range(2500)]


def test_postgres_through_adbc(postgres_uri):
    with data.connect(postgres_uri) as conn:
        with conn.cursor() as cur:
            cur.execute("DROP TABLE IF EXISTS points")
            cur.execute("CREATE TABLE points (id INTEGER, x DOUBLE PRECISION, name TEXT)")
            cur.adbc_ingest("points", pa.table({"id": pa.array([r[0] for r in ROWS], pa.int32()),
                                                "x": [r[1] for r in ROWS],
                                                "name": [r[2] for r in ROWS]}), mode="append")
        conn.commit()
        t = data.read_sql("SELECT id, x, name FROM points ORDER BY id", conn)
    assert t.num_rows == 2500 and t.schema.field("x").type == pa.float64()
    assert t.slice(3, 1).to_pylist() == [{"id": 3, "x": 1.5, "name": "n3"}]
    # A URI opens (and closes) its own connection; parameters bind.
    t = data.read_sql("SELECT id FROM points WHERE id < $1 ORDER BY id", postgres_uri,
                      params=(4,))
    assert t.column("id").to_pylist() == [0, 1, 2, 3]
    stream = data.scan_sql("SELECT x FROM points", postgres_uri)
    assert sum(b.num_rows for b in stream) == 2500
    assert sum(b.num_rows for b in stream) == 2500  # each pass re-runs the query
    it = data.DataSetIterator(stream, label="x", features=["x"], batch_size=1000)
    assert [len(x) for x, _ in it] == [1000, 1000, 500]


def test_postgres_error_is_raised(postgres_uri):
    with pytest.raises(Exception, match="no_such_table"):
        data.read_sql("SELECT * FROM no_such_table", postgres_uri)


def test_sqlite_adbc_and_dbapi(tmp_path):
    path = tmp_path / "t.db"
    with sqlite3.connect(path) as conn:
        conn.execute("CREATE TABLE t (id INTEGER, x REAL, name TEXT)")
        conn.executemany("INSERT INTO t VALUES (?, ?, ?)", ROWS)
    adbc = data.read_sql("SELECT * FROM t ORDER BY id", f"sqlite:///{path}")
    conn = sqlite3.connect(path)
    try:
        plain = data.read_sql("SELECT * FROM t ORDER BY id", conn, batch_size=1000)
        filtered = data.read_sql("SELECT id FROM t WHERE x > ?", conn, params=(1240.0,))
        batches = list(data.scan_sql("SELECT id, x FROM t", conn, batch_size=1000))
    finally:
        conn.close()
    assert adbc.num_rows == plain.num_rows == 2500
    assert adbc.column("name").to_pylist() == plain.column("name").to_pylist()
    assert plain.column("x").to_pylist()[:3] == [0.0, 0.5, 1.0]
    assert filtered.column("id").to_pylist() == [2481 + i for i in range(19)]
    assert [b.num_rows for b in batches] == [1000, 1000, 500]
    with pytest.raises(ValueError, match="Unsupported database URI"):
        data.read_sql("SELECT 1", "mysql://localhost/x")
