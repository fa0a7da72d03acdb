"""A CSV stream parsed in large pieces by pyarrow's parallel reader.

``pyarrow.csv.open_csv`` streams with one thread, which on two cores took twice as long as
``read_csv`` on a 1 GB file. :func:`piece_tables` instead reads the text in pieces of whole
lines (into one reused buffer) and parses each piece with ``read_csv``, so every core parses
and memory stays bounded by a piece. Cutting at line ends is what pyarrow's own reader does
unless ``newlines_in_values`` is set, which pybridge does not set. The first piece carries the
header and fixes the column types for the rest (the stream's documented behaviour)."""

from __future__ import annotations

import contextlib
import copy
from collections.abc import Iterator
from typing import Any

import pyarrow as pa
import pyarrow.csv as pacsv

from ._files import GIVE_BACK_BYTES, give_back, memory_pool
from ._report import DataFormatError

__all__ = ["LineReader", "piece_size", "piece_tables", "stream_error"]


def piece_size(block_size: int | None) -> int:
    """Bytes of text per piece: 16 of pyarrow's parse blocks (64 MiB with the default 4 MiB
    blocks), so both cores have blocks to take; at least 64 KiB, at most 256 MiB."""
    return min(max(16 * (block_size or 1 << 20), 1 << 16), 1 << 28)


class LineReader:
    """Reads a byte stream in pieces of whole lines into one buffer that is used again.

    A piece is only valid until the next call: pyarrow's CSV reader copies the values it
    parses, so nothing it returns points into the buffer. A line longer than the buffer grows
    it. The stream's last line need not end with a newline.

    >>> import io
    >>> r = LineReader(io.BytesIO(b"a,b\\n1,2\\n3,4"), 6)
    >>> [bytes(p) for p in iter(r.next, None)]
    [b'a,b\\n', b'1,2\\n', b'3,4']
    """

    def __init__(self, stream: Any, size: int) -> None:
        self._stream = stream
        self._size = size
        # The buffer starts at 1 MiB and doubles up to ``size``: a small file does not pay for
        # clearing a large buffer on every pass.
        self._buf = bytearray(min(size, 1 << 20))
        self._carry = b""
        self._eof = False
        self.read = 0  # bytes read so far

    def next(self) -> memoryview | None:
        """The next piece, or None at the end of the stream."""
        if self._eof:
            return None
        carry = len(self._carry)
        if carry >= len(self._buf) // 2 or len(self._buf) < self._size:
            # Never resized in place: a new, larger buffer.
            self._buf = bytearray(max(min(2 * len(self._buf), self._size), 2 * carry))
        buf = self._buf
        buf[:carry] = self._carry
        end = carry
        while True:
            while end < len(buf) and not self._eof:
                n = self._stream.readinto(memoryview(buf)[end:])
                end += n or 0
                self.read += n or 0
                self._eof = not n
            if self._eof:  # the rest, whether or not it ends with a newline
                self._carry = b""
                return memoryview(buf)[:end] if end else None
            cut = buf.rfind(b"\n", carry, end) + 1
            if cut:
                self._carry = bytes(buf[cut:end])
                return memoryview(buf)[:cut]
            grown = bytearray(2 * len(buf))  # no line end yet: read on into a larger buffer
            grown[:end] = memoryview(buf)[:end]
            self._buf = buf = grown


def _names(o: Any, text: memoryview, first: Any) -> list[str]:
    """Every column of the file, in file order (the first piece's table may hold a subset)."""
    given = o.read_args.get("column_names")
    if given is not None:
        return list(given)
    if o.convert_args.get("include_columns") is None:
        return first.schema.names
    parse = pacsv.ParseOptions(delimiter=o.parse.delimiter, quote_char=o.parse.quote_char,
                               invalid_row_handler=lambda row: "skip")
    probe = pacsv.open_csv(pa.py_buffer(text), read_options=o.read, parse_options=parse,
                           convert_options=pacsv.ConvertOptions())
    return probe.schema.names


def _parse(text: memoryview, read: Any, o: Any, convert: Any) -> Any:
    return pacsv.read_csv(pa.py_buffer(text), read_options=read, parse_options=o.parse,
                          convert_options=convert, memory_pool=memory_pool())


def piece_tables(stream: Any, o: Any, size: int) -> Iterator[tuple[Any, int]]:
    """``(table, records before it)`` for each piece of the CSV text in ``stream``, parsed
    with the options ``o`` (a ``_csv._Options``); values are not yet checked."""
    lines = LineReader(stream, size)
    read, convert = o.read, o.convert
    records = 0
    first = True
    while (text := lines.next()) is not None:
        o.line_base = 0 if first else o.first_line - 1 + records + o.bad_rows
        try:
            table = _parse(text, read, o, convert)
        except pa.ArrowInvalid as e:
            raise _piece_error(o, text, read, convert, records, e) from None
        if first:
            read, convert = o.later(_names(o, text, table),
                                    {f.name: f.type for f in table.schema})
            first = False
        yield table, records
        records += table.num_rows
    if lines.read >= GIVE_BACK_BYTES:
        give_back()  # the pass's freed pieces and buffers
    if first:
        raise DataFormatError(f"{o.shown}: the file is empty; a CSV needs at least a header "
                              f"line (or rows, with header=False).")


def _piece_error(o: Any, text: memoryview, read: Any, convert: Any, records: int,
                 e: Exception) -> Exception:
    if o.error is not None and read.use_threads:
        # A parallel parse does not number rows: parse the piece again serially.
        o.error = None
        serial = copy.copy(read)
        serial.use_threads = False
        with contextlib.suppress(pa.ArrowInvalid):
            _parse(text, serial, o, convert)
    return stream_error(o, records, e)


def stream_error(o: Any, records: int, e: Exception) -> DataFormatError:
    """The error for a streamed read that pyarrow stopped after ``records`` records."""
    if o.error is not None:
        return DataFormatError(f"{o.error}. Fix the row, or read with on_error='skip'.")
    if "straddl" in str(e):
        return DataFormatError(
            f"{o.shown}: after record {records}: a line is longer than block_size="
            f"{o.read.block_size} bytes, the most text pyarrow parses as one block; pass a "
            f"larger block_size=.")
    return DataFormatError(
        f"{o.shown}: after record {records}: {e}. The column types were inferred from the "
        f"first block; declare them with dtypes= (and on_error='skip'/'fill' for bad values).")
