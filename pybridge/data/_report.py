"""What a reader did with bad input: the ``on_error`` policy, its counts and examples.

Every reader records a :class:`ReadReport`; :func:`last_read_report` returns the latest one of
the calling thread, and streams carry theirs as ``stream.report``. When rows were skipped or
values filled, a :class:`DataWarning` says so too: nothing is dropped silently.
"""

from __future__ import annotations

import threading
import warnings
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from typing import Any

from .._errors import InvalidArgumentError, PyBridgeError

__all__ = ["DataFormatError", "DataWarning", "ReadReport", "RecordBatchStream",
           "last_read_report"]

ON_ERROR = ("fail", "skip", "fill")
_MAX_EXAMPLES = 20
_last = threading.local()


class DataFormatError(PyBridgeError, ValueError):
    """Input that a reader cannot parse; the message names the file, line and column."""


class DataWarning(UserWarning):
    """Rows were skipped or values filled while reading (see :func:`last_read_report`)."""


def check_policy(on_error: str) -> str:
    if on_error not in ON_ERROR:
        raise InvalidArgumentError(f"on_error must be one of {ON_ERROR}, got {on_error!r}: "
                                   f"'fail' raises at the first bad row, 'skip' drops and "
                                   f"counts bad rows, 'fill' replaces bad values.")
    return on_error


@dataclass
class ReadReport:
    """The outcome of one read: rows kept, rows skipped, values filled, with examples.

    >>> r = ReadReport("a.csv", "skip")
    >>> r.skip("line 3: expected 2 columns, got 3")
    >>> r.skipped_rows, r.clean
    (1, False)
    """

    source: str
    policy: str
    rows: int = 0
    skipped_rows: int = 0
    filled_values: dict[str, int] = field(default_factory=dict)
    examples: list[str] = field(default_factory=list)

    def skip(self, why: str, n: int = 1) -> None:
        self.skipped_rows += n
        self._example(why)

    def fill(self, column: str, n: int, why: str) -> None:
        self.filled_values[column] = self.filled_values.get(column, 0) + n
        self._example(why)

    def snapshot(self) -> tuple[int, dict[str, int], list[str]]:
        return self.skipped_rows, dict(self.filled_values), list(self.examples)

    def restore(self, state: tuple[int, dict[str, int], list[str]]) -> None:
        self.skipped_rows, self.filled_values, self.examples = \
            state[0], dict(state[1]), list(state[2])

    def _example(self, why: str) -> None:
        if len(self.examples) < _MAX_EXAMPLES:
            self.examples.append(why)

    @property
    def full(self) -> bool:
        """True when no further example would be kept."""
        return len(self.examples) >= _MAX_EXAMPLES

    @property
    def clean(self) -> bool:
        """True when nothing was skipped or filled."""
        return not self.skipped_rows and not self.filled_values

    def __str__(self) -> str:
        text = f"{self.source}: {self.rows} rows read"
        if self.skipped_rows:
            text += f", {self.skipped_rows} rows skipped"
        if self.filled_values:
            filled = ", ".join(f"{c}: {n}" for c, n in self.filled_values.items())
            text += f", values filled ({filled})"
        if self.examples:
            text += "; e.g. " + "; ".join(self.examples[:3])
        return text

    def finish(self) -> ReadReport:
        """Publishes the report (last_read_report) and warns when anything was not clean."""
        _last.report = self
        if not self.clean:
            warnings.warn(f"on_error={self.policy!r}: {self}", DataWarning, stacklevel=3)
        return self


def publish(report: ReadReport) -> None:
    _last.report = report


def last_read_report() -> ReadReport | None:
    """The report of this thread's latest read (or stream pass), or None before any.

    >>> from pybridge import data
    >>> data.last_read_report() is None or isinstance(data.last_read_report(), data.ReadReport)
    True
    """
    return getattr(_last, "report", None)


class RecordBatchStream:
    """A re-iterable stream of ``pyarrow.RecordBatch``: each ``iter()`` reads the source anew,
    so a stream can feed several epochs without holding the data in memory.

    ``schema`` is known once the first pass started; ``report`` describes the latest pass.
    """

    def __init__(self, open_batches: Callable[[ReadReport], Iterator[Any]], source: str,
                 policy: str, metadata: dict[bytes, bytes] | None = None) -> None:
        self._open = open_batches
        self.source = source
        self.policy = policy
        self.metadata = metadata or {}
        self.report = ReadReport(source, policy)
        self.schema: Any = None

    def __iter__(self) -> Iterator[Any]:
        report = ReadReport(self.source, self.policy)
        self.report = report
        publish(report)
        for batch in self._open(report):
            if self.metadata:
                merged = dict(batch.schema.metadata or {})
                merged.update(self.metadata)
                batch = batch.replace_schema_metadata(merged)
            if self.schema is None:
                self.schema = batch.schema
            report.rows += batch.num_rows
            yield batch
        report.finish()

    def to_table(self) -> Any:
        """Reads the whole stream into a ``pyarrow.Table``."""
        import pyarrow as pa

        batches = list(self)
        if not batches:
            raise DataFormatError(f"{self.source}: the stream holds no record batches, so its "
                                  f"columns are unknown.")
        return pa.Table.from_batches(batches)

    def __repr__(self) -> str:
        return f"<data.RecordBatchStream {self.source} on_error={self.policy!r}>"
