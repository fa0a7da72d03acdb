"""SQL through ADBC (Arrow-native: PostgreSQL, SQLite) or any DB-API 2.0 connection."""

from __future__ import annotations

from typing import Any

import pyarrow as pa

from .._errors import InvalidArgumentError
from ._report import ReadReport, RecordBatchStream

__all__ = ["connect", "read_sql", "scan_sql"]


def connect(uri: str) -> Any:
    """An ADBC DB-API connection for ``postgresql://...`` or ``sqlite:///path`` (or
    ``sqlite://:memory:``); close it when done.

    >>> from pybridge import data
    >>> conn = data.connect("sqlite://:memory:")
    >>> conn.close()
    """
    if uri.startswith(("postgresql://", "postgres://")):
        try:
            import adbc_driver_postgresql.dbapi as pg
        except ImportError:
            raise ImportError("PostgreSQL via ADBC needs: pip install adbc-driver-postgresql") \
                from None
        return pg.connect(uri)
    if uri.startswith("sqlite://"):
        try:
            import adbc_driver_sqlite.dbapi as lite
        except ImportError:
            raise ImportError("SQLite via ADBC needs: pip install adbc-driver-sqlite") from None
        path = uri[len("sqlite://"):]
        if path.startswith("/") and not path.startswith("//"):
            path = path[1:] if path.startswith("/:memory:") else path
        return lite.connect(path or ":memory:")
    raise InvalidArgumentError(f"Unsupported database URI {uri!r}; use postgresql://... or "
                               f"sqlite:///path, or pass an open DB-API connection.")


def _is_adbc(cursor: Any) -> bool:
    return hasattr(cursor, "fetch_record_batch") and hasattr(cursor, "fetch_arrow_table")


def _rows_to_batch(rows: list[tuple[Any, ...]], names: list[str], schema: Any) -> Any:
    columns = list(zip(*rows, strict=True)) if rows else [() for _ in names]
    if schema is None:
        return pa.RecordBatch.from_arrays([pa.array(c) for c in columns], names=names)
    return pa.RecordBatch.from_arrays([pa.array(c, type=f.type) for c, f in
                                       zip(columns, schema, strict=True)], schema=schema)


def _batches(query: str, connection: Any, params: Any, batch_size: int) -> Any:
    own = isinstance(connection, str)
    conn = connect(connection) if own else connection
    try:
        cur = conn.cursor()
        try:
            if params is None:
                cur.execute(query)
            else:
                cur.execute(query, params)
            if _is_adbc(cur):
                yield from cur.fetch_record_batch()
                return
            names = [d[0] for d in cur.description or ()]
            schema = None
            while True:
                rows = cur.fetchmany(batch_size)
                if not rows:
                    break
                batch = _rows_to_batch(rows, names, schema)
                if schema is None and not any(pa.types.is_null(f.type) for f in batch.schema):
                    schema = batch.schema
                yield batch
        finally:
            cur.close()
    finally:
        if own:
            conn.close()


def read_sql(query: str, connection: Any, *, params: Any = None,
             batch_size: int = 65536) -> pa.Table:
    """Runs ``query`` and returns the result as a ``pyarrow.Table``.

    ``connection``: a URI (``postgresql://user@host:port/db``, ``sqlite:///file.db``; opened
    and closed for this call), an ADBC connection (the result arrives as Arrow, no per-row
    Python work), or any DB-API 2.0 connection (``sqlite3``, ``psycopg``...; rows converted
    ``batch_size`` at a time).

    >>> import sqlite3
    >>> from pybridge import data
    >>> data.read_sql("SELECT 1 AS x", sqlite3.connect(":memory:")).to_pylist()
    [{'x': 1}]
    """
    batches = list(_batches(query, connection, params, batch_size))
    if not batches:
        raise InvalidArgumentError(f"The query returned no result set: {query!r}.")
    table = pa.Table.from_batches(batches) if len({b.schema for b in batches}) == 1 else \
        pa.concat_tables([pa.Table.from_batches([b]) for b in batches],
                         promote_options="permissive")
    report = ReadReport(f"SQL {query!r}", "fail")
    report.rows = table.num_rows
    report.finish()
    return table


def scan_sql(query: str, connection: Any, *, params: Any = None,
             batch_size: int = 65536) -> RecordBatchStream:
    """Streams a query's result in record batches; each pass runs the query again."""
    def batches(report: ReadReport) -> Any:
        return _batches(query, connection, params, batch_size)

    return RecordBatchStream(batches, f"SQL {query!r}", "fail")
