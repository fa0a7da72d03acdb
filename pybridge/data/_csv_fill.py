"""``on_error="fill"`` for CSV rows with too few fields: padded, parsed, and put back in place.

pyarrow's ``invalid_row_handler`` can only skip a row or fail. Under ``"fill"`` a short row is
kept aside instead: its text is padded with empty fields, parsed by pyarrow with the read's own
options, its missing fields set to ``fill_value``, and it goes back where it was in the file.
Where it was follows from pyarrow's row number (known in a serial parse), which counts every
row from the top of the file, header and ``skip_rows`` included: the row's place among the kept
records is its number minus the first data row's, less the rows before it that were skipped
(too many fields) or are themselves kept aside.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.csv as pacsv


@dataclass
class ShortRow:
    number: int  # pyarrow's row number (serial parse)
    text: str
    fields: int  # fields present
    good_before: int  # rows pyarrow parsed (not kept aside, not skipped) before this one


class ShortRows:
    """The short rows of one source, in file order, until their batch is assembled."""

    def __init__(self, first_line: int) -> None:
        self.first_line = first_line
        self.pending: list[ShortRow] = []
        self.seen = 0  # short rows so far, placed or pending
        self.skipped_before = 0  # rows with too many fields so far (skipped)
        self.unnumbered = False

    def add(self, row: Any) -> None:
        if row.number is None:  # a parallel parse does not number rows
            self.unnumbered = True
            return
        good = row.number - self.first_line - self.seen - self.skipped_before
        self.pending.append(ShortRow(row.number, row.text, row.actual_columns, good))
        self.seen += 1

    def skipped(self) -> None:
        self.skipped_before += 1

    def due(self, good_end: int, final: bool) -> list[ShortRow]:
        """The pending rows that belong at or before record ``good_end`` (all if ``final``)."""
        n = len(self.pending) if final else next(
            (i for i, r in enumerate(self.pending) if r.good_before > good_end),
            len(self.pending))
        taken, self.pending = self.pending[:n], self.pending[n:]
        return taken


class Filler:
    """Parses short rows like the rest of the file and merges them into a batch."""

    def __init__(self, o: Any, open_stream: Any) -> None:
        self.o = o
        with open_stream() as f:
            probe = pacsv.open_csv(f, read_options=o.read,
                                   parse_options=pacsv.ParseOptions(
                                       delimiter=o.parse.delimiter,
                                       quote_char=o.parse.quote_char,
                                       invalid_row_handler=lambda row: "skip"),
                                   convert_options=pacsv.ConvertOptions(column_types={}))
            self.names = probe.schema.names  # every column of the file, in file order

    def merge(self, batch: Any, good_start: int, rows: list[ShortRow]) -> tuple[Any, dict]:
        """``batch`` (raw, as pyarrow read it) with ``rows`` inserted; also the padded cells
        of each column as ``{column: positions in the result}``."""
        if not rows:
            return batch, {}
        parsed = self._parse(batch.schema, rows)
        n_good, n_short = batch.num_rows, len(rows)
        at = np.array([r.good_before - good_start for r in rows], dtype=np.int64)
        at = np.clip(at, 0, n_good) + np.arange(n_short)  # positions in the result
        short = np.zeros(n_good + n_short, dtype=bool)
        short[at] = True
        order = np.empty(n_good + n_short, dtype=np.int64)
        order[~short] = np.arange(n_good)
        order[short] = n_good + np.arange(n_short)
        # A column that held only empty values so far has pyarrow's null type; the short
        # rows may give it one (promotion), as a later block would.
        merged = pa.concat_tables([pa.Table.from_batches(_batches(batch), schema=batch.schema),
                                   parsed], promote_options="default").take(pa.array(order))
        padded: dict[str, list[int]] = {}
        for i, r in enumerate(rows):
            for name in self.names[r.fields:]:
                if name in merged.schema.names:
                    padded.setdefault(name, []).append(int(at[i]))
        out = merged.combine_chunks()
        if isinstance(batch, pa.RecordBatch):
            out = out.to_batches()[0] if out.num_rows else batch.slice(0, 0)
        return out, padded

    def _parse(self, schema: Any, rows: list[ShortRow]) -> Any:
        o = self.o
        d = o.parse.delimiter
        text = "\n".join(r.text + d * (len(self.names) - r.fields) for r in rows) + "\n"
        convert = o.convert
        table = pacsv.read_csv(
            pa.BufferReader(text.encode()),
            read_options=pacsv.ReadOptions(column_names=self.names, use_threads=False),
            parse_options=pacsv.ParseOptions(delimiter=d, quote_char=o.parse.quote_char),
            convert_options=pacsv.ConvertOptions(
                column_types={f.name: f.type for f in schema if not pa.types.is_null(f.type)},
                include_columns=schema.names, null_values=convert.null_values,
                strings_can_be_null=convert.strings_can_be_null))
        # Missing fields of the columns validated later as text become null there, not
        # empty strings that would read as bad values.
        for f in schema:
            if f.name in o.checked:
                i = table.schema.get_field_index(f.name)
                missing = pa.array([f.name in self.names[r.fields:] for r in rows])
                table = table.set_column(i, f, pc.if_else(missing, pa.scalar(None, f.type),
                                                         table.column(i)))
        return table.select(schema.names)

    def fill(self, batch: Any, padded: dict, rows: list[ShortRow]) -> Any:
        """Sets the padded cells of the checked ``batch`` to ``fill_value`` and reports them."""
        o = self.o
        for name, where in padded.items():
            fill = o.fill_value.get(name) if isinstance(o.fill_value, dict) else o.fill_value
            shown = "null" if fill is None else repr(fill)
            example = next(r for r in rows if name in self.names[r.fields:])
            o.report.fill(name, len(where),
                          f"{o.shown}: line {o.line(example.number)}: expected "
                          f"{len(self.names)} "
                          f"fields, got {example.fields}: {example.text!r} (missing "
                          f"{name!r} filled with {shown})")
            i = batch.schema.get_field_index(name)
            mask = np.zeros(batch.num_rows, dtype=bool)
            mask[where] = True
            typ = batch.schema.field(i).type
            col = pc.if_else(pa.array(mask), pa.scalar(fill, typ), batch.column(i))
            batch = _set(batch, i, col)
        return batch


def _batches(data: Any) -> list[Any]:
    return data.to_batches() if isinstance(data, pa.Table) else [data]


def _set(batch: Any, i: int, col: Any) -> Any:
    if isinstance(batch, pa.Table):
        return batch.set_column(i, batch.schema.field(i), col)
    arrays = list(batch.columns)
    arrays[i] = col
    return pa.RecordBatch.from_arrays(arrays, schema=batch.schema)
