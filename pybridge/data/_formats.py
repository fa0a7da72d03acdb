"""JSON lines, plain text lines, Parquet and Arrow IPC/Feather readers (pyarrow underneath)."""

from __future__ import annotations

import json
from typing import Any

import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.feather as feather
import pyarrow.json as pajson
import pyarrow.parquet as pq

from ._files import display, expand, memory_pool, open_file, open_stream
from ._report import DataFormatError, ReadReport, RecordBatchStream, check_policy

__all__ = ["read_feather", "read_ipc", "read_json", "read_parquet", "read_text", "scan_ipc",
           "scan_json", "scan_parquet", "scan_text"]


def _concat(tables: list[Any]) -> Any:
    return tables[0] if len(tables) == 1 else pa.concat_tables(tables,
                                                               promote_options="default")


# ---------------------------------------------------------------------- JSON lines

def _json_options(dtypes: dict[str, Any] | None, block_size: int | None) -> tuple[Any, Any]:
    read = pajson.ReadOptions(block_size=block_size) if block_size else pajson.ReadOptions()
    if not dtypes:
        return read, pajson.ParseOptions()
    schema = pa.schema([(k, v if isinstance(v, pa.DataType) else pa.type_for_alias(v))
                        for k, v in dtypes.items()])
    return read, pajson.ParseOptions(explicit_schema=schema)


def _bad_json_lines(data: bytes) -> list[int]:
    """0-based indices of lines that are not JSON objects (the slow path, after a failure)."""
    bad = []
    for i, line in enumerate(data.split(b"\n")):
        if not line.strip():
            continue
        try:
            if not isinstance(json.loads(line), dict):
                bad.append(i)
        except ValueError:
            bad.append(i)
    return bad


def _read_json_one(source: Any, dtypes: Any, policy: str, filesystem: Any,
                   report: ReadReport) -> Any:
    read, parse = _json_options(dtypes, None)
    with open_stream(source, filesystem) as f:
        data = f.read()
    try:
        return pajson.read_json(pa.BufferReader(data), read_options=read, parse_options=parse,
                                memory_pool=memory_pool())
    except pa.ArrowInvalid as e:
        shown = display(source)
        bad = _bad_json_lines(data)
        if not bad:
            raise DataFormatError(f"{shown}: {e}. Fix the data or declare types with "
                                  f"dtypes=.") from None
        if policy == "fail":
            line = data.split(b"\n")[bad[0]][:80]
            raise DataFormatError(
                f"{shown}: line {bad[0] + 1}: not a JSON object: {line!r}. Fix the line, or "
                f"read with on_error='skip' to drop and count such lines.") from None
        lines = data.split(b"\n")
        for i in bad:
            report.skip(f"{shown}: line {i + 1}: not a JSON object: {lines[i][:80]!r}")
        drop = set(bad)
        kept = b"\n".join(line for i, line in enumerate(lines) if i not in drop)
        try:
            return pajson.read_json(pa.BufferReader(kept), read_options=read,
                                    parse_options=parse, memory_pool=memory_pool())
        except pa.ArrowInvalid as again:
            raise DataFormatError(f"{shown}: {again}") from None


def read_json(source: Any, *, dtypes: dict[str, Any] | None = None, on_error: str = "fail",
              filesystem: Any = None) -> pa.Table:
    """Reads JSON lines (one object per line) into a ``pyarrow.Table``.

    ``on_error="skip"`` (or ``"fill"``, which cannot repair a line and so also skips) drops
    lines that are not JSON objects and counts them in :func:`last_read_report`; ``"fail"``
    names the file and line.

    >>> from pybridge import data
    >>> data.read_json("events.jsonl")  # doctest: +SKIP
    """
    policy = check_policy(on_error)
    report = ReadReport(", ".join(display(s) for s in expand(source)), policy)
    table = _concat([_read_json_one(s, dtypes, policy, filesystem, report)
                     for s in expand(source)])
    report.rows = table.num_rows
    report.finish()
    return table


def scan_json(source: Any, *, dtypes: dict[str, Any] | None = None,
              filesystem: Any = None, block_size: int = 1 << 22) -> RecordBatchStream:
    """Streams JSON lines as record batches (``on_error="fail"``: a bad line raises naming
    the file; use :func:`read_json` with ``on_error="skip"`` to drop bad lines)."""
    sources = expand(source)

    def batches(report: ReadReport) -> Any:
        read, parse = _json_options(dtypes, block_size)
        for s in sources:
            with open_stream(s, filesystem) as f:
                try:
                    reader = pajson.open_json(f, read_options=read, parse_options=parse,
                                              memory_pool=memory_pool())
                    yield from reader
                except pa.ArrowInvalid as e:
                    raise DataFormatError(f"{display(s)}: {e}") from None

    return RecordBatchStream(batches, ", ".join(display(s) for s in sources), "fail")


# ---------------------------------------------------------------------- text lines

def _lines(data: bytes, shown: str, policy: str, report: ReadReport, first_line: int,
           column: str) -> Any:
    """Splits ``data`` at newlines into a one-column table (vectorised in pyarrow)."""
    if data.endswith(b"\n"):
        data = data[:-1]
    if not data:
        return pa.table({column: pa.array([], pa.string())})
    parts = pc.split_pattern(pa.array([data], pa.large_binary()), b"\n").flatten()
    try:
        text = parts.cast(pa.large_string())
    except pa.ArrowInvalid:
        text = None
    if text is None:
        values = []
        for i, raw in enumerate(parts.to_pylist()):
            try:
                values.append(raw.decode("utf-8"))
            except UnicodeDecodeError as e:
                where = f"{shown}: line {first_line + i}: invalid UTF-8 at byte {e.start}"
                if policy == "fail":
                    raise DataFormatError(f"{where}. Re-encode the file as UTF-8, or read with "
                                          f"on_error='skip' or 'fill' (U+FFFD).") from None
                if policy == "skip":
                    report.skip(where)
                    continue
                report.fill("text", 1, where + " (replaced with U+FFFD)")
                values.append(raw.decode("utf-8", errors="replace"))
        text = pa.array(values, pa.large_string())
    text = pc.utf8_rtrim(text, characters="\r")
    if len(text) and pc.sum(pc.binary_length(text)).as_py() < 2**31 - 1:
        text = text.cast(pa.string())
    return pa.table({column: text})


def read_text(source: Any, *, column: str = "text", on_error: str = "fail",
              filesystem: Any = None) -> pa.Table:
    """Reads text lines into a one-column ``pyarrow.Table`` (line endings removed).

    Invalid UTF-8: ``"fail"`` names file and line, ``"skip"`` drops the line, ``"fill"``
    replaces the bad bytes with U+FFFD.

    >>> from pybridge import data
    >>> data.read_text("corpus.txt").column("text")  # doctest: +SKIP
    """
    policy = check_policy(on_error)
    report = ReadReport(", ".join(display(s) for s in expand(source)), policy)
    tables = []
    for s in expand(source):
        with open_stream(s, filesystem) as f:
            tables.append(_lines(f.read(), display(s), policy, report, 1, column))
    table = _concat(tables)
    report.rows = table.num_rows
    report.finish()
    return table


def scan_text(source: Any, *, column: str = "text", on_error: str = "fail",
              filesystem: Any = None, block_size: int = 1 << 22) -> RecordBatchStream:
    """Streams text lines in record batches of about ``block_size`` bytes."""
    policy = check_policy(on_error)
    sources = expand(source)

    def batches(report: ReadReport) -> Any:
        for s in sources:
            line = 1
            rest = b""
            with open_stream(s, filesystem) as f:
                while True:
                    chunk = f.read(block_size)
                    if not chunk:
                        break
                    chunk = rest + chunk
                    cut = chunk.rfind(b"\n")
                    if cut < 0:
                        rest = chunk
                        continue
                    rest = chunk[cut + 1:]
                    body = chunk[:cut + 1]
                    t = _lines(body, display(s), policy, report, line, column)
                    line += body.count(b"\n")
                    yield from t.to_batches()
                if rest:
                    yield from _lines(rest, display(s), policy, report, line,
                                      column).to_batches()

    return RecordBatchStream(batches, ", ".join(display(s) for s in sources), policy)


# ---------------------------------------------------------------------- Parquet

def read_parquet(source: Any, *, columns: list[str] | None = None, filters: Any = None,
                 filesystem: Any = None) -> pa.Table:
    """Reads Parquet into a ``pyarrow.Table`` (pyarrow's multi-threaded reader).

    >>> from pybridge import data
    >>> data.read_parquet("s3://bucket/train.parquet", columns=["x", "y"])  # doctest: +SKIP
    """
    tables = []
    for s in expand(source):
        with open_file(s, filesystem) as f:
            try:
                tables.append(pq.read_table(f, columns=columns, filters=filters))
            except pa.ArrowInvalid as e:
                raise DataFormatError(f"{display(s)}: not a readable Parquet file: {e}") \
                    from None
    table = _concat(tables)
    _report(source, table)
    return table


def scan_parquet(source: Any, *, columns: list[str] | None = None, batch_size: int = 65536,
                 filesystem: Any = None) -> RecordBatchStream:
    """Streams Parquet as record batches of up to ``batch_size`` rows (row group by row
    group, never the whole file in memory)."""
    sources = expand(source)

    def batches(report: ReadReport) -> Any:
        for s in sources:
            with open_file(s, filesystem) as f:
                yield from pq.ParquetFile(f).iter_batches(batch_size=batch_size,
                                                          columns=columns)

    return RecordBatchStream(batches, ", ".join(display(s) for s in sources), "fail")


# ---------------------------------------------------------------------- Arrow IPC / Feather

def _ipc_reader(f: Any, shown: str) -> Any:
    try:
        return pa.ipc.open_file(f)
    except pa.ArrowInvalid:
        f.seek(0)
    try:
        return pa.ipc.open_stream(f)
    except pa.ArrowInvalid as e:
        raise DataFormatError(f"{shown}: neither an Arrow IPC file (Feather v2) nor an IPC "
                              f"stream: {e}") from None


def read_ipc(source: Any, *, columns: list[str] | None = None,
             filesystem: Any = None) -> pa.Table:
    """Reads an Arrow IPC file (Feather v2), an IPC stream, or Feather v1, into a Table.

    >>> from pybridge import data
    >>> data.read_ipc("train.arrow")  # doctest: +SKIP
    """
    tables = []
    for s in expand(source):
        with open_file(s, filesystem) as f:
            magic = f.read(6)
            f.seek(0)
            if magic[:4] == b"FEA1":
                tables.append(feather.read_table(f, columns=columns))
                continue
            table = _ipc_reader(f, display(s)).read_all()
            tables.append(table.select(columns) if columns else table)
    table = _concat(tables)
    _report(source, table)
    return table


read_feather = read_ipc


def scan_ipc(source: Any, *, filesystem: Any = None) -> RecordBatchStream:
    """Streams the record batches of Arrow IPC files or streams."""
    sources = expand(source)

    def batches(report: ReadReport) -> Any:
        for s in sources:
            with open_file(s, filesystem) as f:
                reader = _ipc_reader(f, display(s))
                if isinstance(reader, pa.ipc.RecordBatchFileReader):
                    for i in range(reader.num_record_batches):
                        yield reader.get_batch(i)
                else:
                    yield from reader

    return RecordBatchStream(batches, ", ".join(display(s) for s in sources), "fail")


def _report(source: Any, table: Any) -> None:
    report = ReadReport(", ".join(display(s) for s in expand(source)), "fail")
    report.rows = table.num_rows
    report.finish()
