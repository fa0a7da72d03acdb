"""CSV/TSV reading through pyarrow's multi-threaded parser, with the ``on_error`` policy.

Malformed rows (a wrong number of fields) go through pyarrow's ``invalid_row_handler``; under
``"fill"``, rows with too few fields are padded and put back in place (``_csv_fill``).
Unparseable values can only exist where ``dtypes`` declares a type: with ``on_error="fail"`` the
column is parsed directly (fast) and a failure is located afterwards; with ``"skip"``/``"fill"``
declared numeric and boolean columns are read as text and validated with vectorised regular
expressions before the cast, so each bad value is counted and dropped or replaced.
"""

from __future__ import annotations

import re
from typing import Any

import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.csv as pacsv

from .._errors import InvalidArgumentError
from ._ahead import ahead
from ._csv_fill import Filler, ShortRows
from ._csv_lines import LineFinder
from ._csv_pieces import piece_size, piece_tables, stream_error
from ._files import GIVE_BACK_BYTES, display, expand, give_back, memory_pool, open_stream
from ._report import DataFormatError, ReadReport, RecordBatchStream, check_policy

__all__ = ["read_csv", "read_tsv", "scan_csv"]

_INT = r"^[-+]?\d+$"
_FLOAT = r"^[-+]?((\d+\.?\d*)|(\.\d+))(e[-+]?\d+)?$|^[-+]?(inf|infinity|nan)$"
_BOOL = r"^(true|false|1|0)$"


def _pattern(t: Any) -> str | None:
    if pa.types.is_integer(t):
        return _INT
    if pa.types.is_floating(t):
        return _FLOAT
    if pa.types.is_boolean(t):
        return _BOOL
    return None


def _arrow_type(t: Any, column: str) -> Any:
    if isinstance(t, pa.DataType):
        return t
    try:
        return pa.from_numpy_dtype(t) if not isinstance(t, str) else pa.type_for_alias(t)
    except (TypeError, ValueError, NotImplementedError):
        pass
    try:
        import numpy as np

        return pa.from_numpy_dtype(np.dtype(t))
    except (TypeError, ValueError, NotImplementedError):
        raise InvalidArgumentError(f"dtypes[{column!r}] = {t!r} is not a type pyarrow knows; "
                                   f"use e.g. 'float32', 'int64', 'string' or pa.float64()."
                                   ) from None


class _Options:
    """The pyarrow options of one read, and which columns this module validates itself."""

    def __init__(self, shown: str, policy: str, delimiter: str, header: bool,
                 column_names: list[str] | None, columns: list[str] | None,
                 dtypes: dict[str, Any] | None, quote_char: str | bool,
                 null_values: list[str] | None, skip_rows: int, fill_value: Any,
                 use_threads: bool, block_size: int | None, report: ReadReport) -> None:
        self.shown = shown
        self.policy = policy
        self.fill_value = fill_value
        self.report = report
        self.first_line = 1 + skip_rows + (1 if header else 0)
        self.short = ShortRows(self.first_line) if policy == "fill" else None
        types = {k: _arrow_type(v, k) for k, v in (dtypes or {}).items()}
        self.checked: dict[str, Any] = {}
        if policy != "fail":
            self.checked = {k: t for k, t in types.items() if _pattern(t) is not None}
        read_types = {k: (pa.string() if k in self.checked else t) for k, t in types.items()}
        if len(delimiter) != 1:
            raise InvalidArgumentError(f"delimiter must be one character, got {delimiter!r}.")
        self.error: str | None = None
        # Where the text being parsed starts: lines before it, and the rows dropped so far.
        self.line_base = 0
        self.bad_rows = 0
        self.lines: LineFinder | None = None
        self.dropped: list[int] = []  # pyarrow's numbers of the rows skipped, where known
        read = {"use_threads": use_threads, "skip_rows": skip_rows}
        if block_size is not None:
            read["block_size"] = int(block_size)
        if column_names is not None:
            read["column_names"] = list(column_names)
            if header:
                read["skip_rows_after_names"] = 1
        elif not header:
            read["autogenerate_column_names"] = True
        self.read = pacsv.ReadOptions(**read)
        self.read_args = read
        self.parse = pacsv.ParseOptions(delimiter=delimiter, quote_char=quote_char,
                                        invalid_row_handler=self._bad_row)
        convert: dict[str, Any] = {"column_types": read_types}
        if columns is not None:
            convert["include_columns"] = list(columns)
        if null_values is not None:
            convert["null_values"] = list(null_values)
            convert["strings_can_be_null"] = True
        self.convert = pacsv.ConvertOptions(**convert)
        self.convert_args = convert

    def later(self, names: list[str], types: dict[str, Any]) -> tuple[Any, Any]:
        """Read and convert options for text that continues the file after its first piece:
        no header or skipped rows, the file's column ``names``, and the ``types`` the first
        piece gave (so every piece makes batches of one schema)."""
        read = {"use_threads": self.read_args["use_threads"], "column_names": names}
        if "block_size" in self.read_args:
            read["block_size"] = self.read_args["block_size"]
        return (pacsv.ReadOptions(**read),
                pacsv.ConvertOptions(**dict(self.convert_args, column_types=types)))

    def line(self, row: int) -> int:
        """The physical line of pyarrow's row number ``row``, found while a message can still
        be shown (an error, or the report's first examples); else ``row``."""
        if self.lines is None or (self.policy != "fail" and self.report.full):
            return row
        return self.lines.line_of(row)

    def row_of(self, record: int) -> int:
        """pyarrow's row number of data record ``record`` (0-based among the rows kept)."""
        row = self.first_line + record
        if self.policy != "fail" and self.report.full:
            return row
        for dropped in sorted(self.dropped):
            if dropped > row:
                break
            row += 1
        return row

    def _bad_row(self, row: Any) -> str:
        where = f"line {self.line(row.number + self.line_base)}" if row.number is not None \
            else "a row"
        self.bad_rows += 1
        msg = (f"{self.shown}: {where}: expected {row.expected_columns} fields, got "
               f"{row.actual_columns}: {row.text!r}")
        if self.policy == "fail":
            if self.error is None:
                self.error = msg
            return "error"
        if self.short is not None:
            if row.actual_columns < row.expected_columns:
                self.short.add(row)
                # Unnumbered (a parallel parse): the read stops and runs again serially.
                return "error" if self.short.unnumbered else "skip"
            self.short.skipped()
        if row.number is not None:
            self.dropped.append(row.number + self.line_base)
        self.report.skip(msg)
        return "skip"

    # ------------------------------------------------------------------ values

    def check(self, batch: Any, first_record: int) -> Any:
        """Validates and casts the text-read columns of ``batch`` (a Table or RecordBatch)."""
        if not self.checked:
            return batch
        names = batch.schema.names
        bad_rows = None
        arrays = list(batch.columns)
        for name, typ in self.checked.items():
            if name not in names:
                continue
            i = names.index(name)
            col = arrays[i]
            text = pc.utf8_trim_whitespace(col)
            ok = pc.match_substring_regex(text, _pattern(typ), ignore_case=True)
            bad = pc.and_(pc.invert(ok), pc.is_valid(text))
            n_bad = pc.sum(bad).as_py() or 0
            value = pc.cast(pc.if_else(bad, pa.scalar(None, pa.string()), text), typ)
            if n_bad:
                at = pc.index(bad, True).as_py()
                record = first_record + at
                why = (f"{self.shown}: line {self.line(self.row_of(record))} (record "
                       f"{record + 1}), "
                       f"column {name!r}: {col[at].as_py()!r} is not a valid {typ}")
                if self.policy == "fill":
                    fill = self.fill_value.get(name) if isinstance(self.fill_value, dict) \
                        else self.fill_value
                    value = pc.if_else(bad, pa.scalar(fill, typ), value)
                    shown = "null" if fill is None else repr(fill)
                    self.report.fill(name, n_bad, f"{why} (filled with {shown})")
                else:
                    self.report.skip(why, 0)
                    bad_rows = bad if bad_rows is None else pc.or_(bad_rows, bad)
            arrays[i] = value
        schema = pa.schema([f.with_type(self.checked.get(f.name, f.type))
                            if f.name in self.checked else f for f in batch.schema],
                           metadata=batch.schema.metadata)
        out = type(batch).from_arrays(arrays, schema=schema)
        if bad_rows is not None:
            n = pc.sum(bad_rows).as_py()
            self.report.skipped_rows += n
            out = out.filter(pc.invert(bad_rows))
        return out


def _conversion_error(o: _Options, source: Any, filesystem: Any, e: Exception) -> Exception:
    """Locates a value pyarrow could not convert: re-reads its column as text (error path)."""
    m = re.search(r"column #(\d+).*?to (\w+): invalid value '(.*)'", str(e))
    if m is None:
        return DataFormatError(f"{o.shown}: {e}")
    index, typ, value = int(m.group(1)), m.group(2), m.group(3)
    with open_stream(source, filesystem) as f:
        raw = pacsv.read_csv(f, read_options=o.read, parse_options=pacsv.ParseOptions(
            delimiter=o.parse.delimiter, quote_char=o.parse.quote_char,
            invalid_row_handler=lambda row: "skip"),
            convert_options=pacsv.ConvertOptions(
                include_columns=o.convert.include_columns,
                column_types={}, strings_can_be_null=True))
    name = raw.schema.names[index] if index < raw.num_columns else f"#{index}"
    col = raw.column(index).cast(pa.string()) if index < raw.num_columns else None
    where = ""
    if col is not None:
        hits = pc.equal(col, value)
        at = pc.index(hits, True).as_py()
        if at >= 0:
            where = f"line {o.line(o.first_line + at)} (record {at + 1}), "
    return DataFormatError(
        f"{o.shown}: {where}column {name!r}: {value!r} is not a valid {typ}. Fix the data, "
        f"declare another type in dtypes=, or read with on_error='skip' (drop such rows) or "
        f"on_error='fill' (replace such values with fill_value).")


def _options(source: Any, kw: dict[str, Any], report: ReadReport) -> _Options:
    o = _Options(display(source), report.policy, kw["delimiter"], kw["header"],
                 kw["column_names"], kw["columns"], kw["dtypes"], kw["quote_char"],
                 kw["null_values"], kw["skip_rows"], kw["fill_value"], kw["use_threads"],
                 kw["block_size"], report)
    o.lines = LineFinder(lambda: open_stream(source, kw["filesystem"]), kw["quote_char"])
    return o


def _read_one(source: Any, kw: dict[str, Any], report: ReadReport) -> Any:
    kw = _float_types(source, kw, report)
    o = _options(source, kw, report)
    before = report.snapshot()
    try:
        with open_stream(source, kw["filesystem"]) as f:
            table = pacsv.read_csv(f, read_options=o.read, parse_options=o.parse,
                                   convert_options=o.convert, memory_pool=memory_pool())
    except pa.ArrowInvalid as e:
        if o.short is not None and o.short.unnumbered:
            report.restore(before)  # short rows need their numbers: read serially
            return _read_one(source, dict(kw, use_threads=False), report)
        if o.error is not None:
            if "line" not in o.error.split(":", 2)[1]:
                _locate_bad_row(source, kw, o)
            raise DataFormatError(f"{o.error}. Fix the row, or read with on_error='skip' to "
                                  f"drop and count such rows.") from None
        if "conversion error" in str(e):
            raise _conversion_error(o, source, kw["filesystem"], e) from None
        raise DataFormatError(f"{o.shown}: {e}") from None
    if o.short is None or not o.short.pending:
        return o.check(table, 0)
    filler = Filler(o, lambda: open_stream(source, kw["filesystem"]))
    rows = o.short.due(table.num_rows, final=True)
    table, padded = filler.merge(table, 0, rows)
    return filler.fill(o.check(table, 0), padded, rows)


def _locate_bad_row(source: Any, kw: dict[str, Any], o: _Options) -> None:
    """Re-parses serially, where pyarrow numbers lines, to name the bad row's line."""
    o.error = None
    serial = dict(kw, use_threads=False)
    s = _options(source, serial, o.report)
    try:
        with open_stream(source, kw["filesystem"]) as f:
            pacsv.read_csv(f, read_options=s.read, parse_options=s.parse,
                           convert_options=s.convert)
    except pa.ArrowInvalid:
        pass
    o.error = s.error


def _keywords(delimiter: str, header: bool, column_names: Any, columns: Any, dtypes: Any,
              quote_char: Any, null_values: Any, skip_rows: int, fill_value: Any,
              filesystem: Any, use_threads: bool, block_size: Any,
              float_dtype: Any) -> dict[str, Any]:
    if float_dtype is not None:
        float_dtype = _arrow_type(float_dtype, "float_dtype")
        if not pa.types.is_floating(float_dtype):
            raise InvalidArgumentError(f"float_dtype must be a floating-point type such as "
                                       f"'float32', got {float_dtype}.")
    return {"delimiter": delimiter, "header": header, "column_names": column_names,
            "columns": columns, "dtypes": dtypes, "quote_char": quote_char,
            "null_values": null_values, "skip_rows": skip_rows, "fill_value": fill_value,
            "filesystem": filesystem, "use_threads": use_threads, "block_size": block_size,
            "float_dtype": float_dtype}


def _float_types(source: Any, kw: dict[str, Any], report: ReadReport) -> dict[str, Any]:
    """``kw`` with ``dtypes`` extended by ``float_dtype`` for every column that the first
    block of ``source`` shows as float64 (the user's own ``dtypes`` win)."""
    target = kw["float_dtype"]
    if target is None:
        return kw
    probe = _options(source, dict(kw, dtypes={}, block_size=1 << 20),
                     ReadReport(report.source, "skip"))
    try:
        with open_stream(source, kw["filesystem"]) as f:
            schema = pacsv.open_csv(f, read_options=probe.read, parse_options=probe.parse,
                                    convert_options=probe.convert).schema
    except (pa.ArrowInvalid, StopIteration):
        return kw  # an empty or malformed start: the real read reports it
    declared = dict(kw["dtypes"] or {})
    floats = {f.name: target for f in schema
              if pa.types.is_float64(f.type) and f.name not in declared}
    return dict(kw, dtypes={**floats, **declared})


def read_csv(source: Any, *, delimiter: str = ",", header: bool = True,
             column_names: list[str] | None = None, columns: list[str] | None = None,
             dtypes: dict[str, Any] | None = None, quote_char: str | bool = '"',
             null_values: list[str] | None = None, skip_rows: int = 0,
             on_error: str = "fail", fill_value: Any = None, filesystem: Any = None,
             use_threads: bool = True, block_size: int | None = 1 << 22,
             float_dtype: Any = None) -> pa.Table:
    """Reads delimited text (CSV, TSV...) into a ``pyarrow.Table`` with pyarrow's parallel
    parser.

    Args:
        source: a path, a URI (``s3://...``, ``file://...``) or a list of them (concatenated);
            compressed files (``.gz``, ``.bz2``, ``.zst``) are decompressed.
        delimiter, quote_char: field separator and quote (``False`` for no quoting).
        header: whether the first line names the columns (else ``f0, f1...`` or
            ``column_names``).
        columns: read only these; dtypes: ``{"col": "float32"}`` types (others inferred).
        on_error: ``"fail"`` raises :class:`DataFormatError` naming file, line and column;
            ``"skip"`` drops bad rows; ``"fill"`` replaces unparseable values with
            ``fill_value`` (a scalar, or a dict by column; None = null). A row with too few
            fields is dropped under ``"skip"``; under ``"fill"`` its missing fields get
            ``fill_value`` and it stays in place (the read runs again serially to place it).
            A row with too many fields is dropped under both. :func:`last_read_report` says
            what happened.
        filesystem: a ``pyarrow.fs.FileSystem`` for ``source``.
        block_size: bytes of text each parsing task takes (None: pyarrow's 1 MiB). The
            default 4 MiB read a 1 GB file 10-20% faster than 1 MiB on two cores, in fewer,
            larger record batches.
        float_dtype: parse the columns that pyarrow would read as ``float64`` (as the first
            block of the file shows them) straight into this type instead, e.g.
            ``"float32"``, the type training batches use: the table takes half the memory
            and no cast is needed later. Types given in ``dtypes`` win.

    >>> from pybridge import data
    >>> table = data.read_csv("iris.csv")  # doctest: +SKIP
    >>> batches = data.read_csv("big.csv", float_dtype="float32")  # doctest: +SKIP
    """
    report = ReadReport(", ".join(display(s) for s in expand(source)), check_policy(on_error))
    kw = _keywords(delimiter, header, column_names, columns, dtypes, quote_char, null_values,
                   skip_rows, fill_value, filesystem, use_threads, block_size, float_dtype)
    tables = [_read_one(s, kw, report) for s in expand(source)]
    table = tables[0] if len(tables) == 1 else pa.concat_tables(tables, promote_options="default")
    if table.nbytes >= GIVE_BACK_BYTES:
        give_back()  # the parse's buffers, freed now
    report.rows = table.num_rows
    report.finish()
    return table


def read_tsv(source: Any, **kwargs: Any) -> pa.Table:
    """:func:`read_csv` with a tab delimiter."""
    return read_csv(source, delimiter="\t", **kwargs)


def scan_csv(source: Any, *, delimiter: str = ",", header: bool = True,
             column_names: list[str] | None = None, columns: list[str] | None = None,
             dtypes: dict[str, Any] | None = None, quote_char: str | bool = '"',
             null_values: list[str] | None = None, skip_rows: int = 0,
             on_error: str = "fail", fill_value: Any = None, filesystem: Any = None,
             use_threads: bool = True, block_size: int = 1 << 22,
             float_dtype: Any = None) -> RecordBatchStream:
    """Like :func:`read_csv`, but streams: a re-iterable of record batches of about
    ``block_size`` bytes of text each, so files larger than memory can be used.

    The text is parsed in pieces of 16 blocks (64 MiB by default) by pyarrow's parallel
    reader, and with ``use_threads`` the next piece is parsed on a thread while the current
    one is consumed: on two cores this streams a 1 GB file to training batches as fast as
    :func:`read_csv` reads it whole, where pyarrow's one-thread streaming reader took twice as
    long, and a pass over that file peaked at 360 MiB resident (``read_csv``: 2 GiB). Column
    types are inferred from the first piece; declare ``dtypes`` where later rows might
    disagree (e.g. a column empty at first). ``float_dtype`` is as in :func:`read_csv`. With
    ``on_error="fill"`` the stream is parsed serially by pyarrow's streaming reader, so that
    rows with too few fields can be padded in place.

    >>> from pybridge import data
    >>> for batch in data.scan_csv("big.csv"):  # doctest: +SKIP
    ...     print(batch.num_rows)
    """
    policy = check_policy(on_error)
    sources = expand(source)
    kw = _keywords(delimiter, header, column_names, columns, dtypes, quote_char, null_values,
                   skip_rows, fill_value, filesystem, use_threads, block_size, float_dtype)

    def batches(report: ReadReport) -> Any:
        for s in sources:
            if policy == "fill":
                yield from _filled_batches(s, kw, report)
                continue
            o = _options(s, _float_types(s, kw, report), report)
            pieces = _pieces(s, o, piece_size(block_size), filesystem)
            for table, records in ahead(pieces) if use_threads else pieces:
                for batch in table.to_batches():
                    yield o.check(batch, records)
                    records += batch.num_rows

    return RecordBatchStream(batches, ", ".join(display(s) for s in sources), policy)


def _pieces(source: Any, o: _Options, size: int, filesystem: Any) -> Any:
    with open_stream(source, filesystem) as f:
        yield from piece_tables(f, o, size)


def _filled_batches(s: Any, kw: dict[str, Any], report: ReadReport) -> Any:
    """The stream of ``on_error="fill"``: parsed serially by pyarrow's streaming reader, whose
    row numbers place rows with too few fields, which are padded in place."""
    filesystem = kw["filesystem"]
    o = _options(s, _float_types(s, dict(kw, use_threads=False), report), report)
    records = good = 0
    filler = None
    with open_stream(s, filesystem) as f:
        reader = pacsv.open_csv(f, read_options=o.read, parse_options=o.parse,
                                convert_options=o.convert, memory_pool=memory_pool())
        while True:
            try:
                batch, last = reader.read_next_batch(), False
            except StopIteration:
                if o.short is None or not o.short.pending:
                    break
                batch, last = pa.RecordBatch.from_pylist([], schema=reader.schema), True
            except pa.ArrowInvalid as e:
                raise stream_error(o, records, e) from None
            rows = o.short.due(good + batch.num_rows, last) if o.short else []
            good += batch.num_rows
            if rows:
                filler = filler or Filler(o, lambda s=s: open_stream(s, filesystem))
                batch, padded = filler.merge(batch, good - batch.num_rows, rows)
                checked = filler.fill(o.check(batch, records), padded, rows)
            else:
                checked = o.check(batch, records)
            records += batch.num_rows
            yield checked
            if last:
                break
