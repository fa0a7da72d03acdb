"""``DataSetIterator``: Arrow tables or record-batch streams to (features, labels) batches
for ``model.fit``, with a background prefetch thread, shuffling, epochs and masks."""

from __future__ import annotations

import queue
import threading
import time
from collections.abc import Iterator
from typing import Any

import numpy as np
import pyarrow as pa

from .._errors import InvalidArgumentError
from ._ahead import END, produce_into
from ._assemble import feature_matrix, label_matrix, numeric_columns, sequence_matrix
from ._normalizers import Normalizer
from ._transform import TRANSFORM_KEY

__all__ = ["TRANSFORM_KEY", "Batch", "DataSetIterator"]

# Tables with more rows than this are streamed per record batch when not shuffled.
_STREAM_ROWS = 1 << 20
# The most batches one run holds (see Batch.split): the feeder hands a run to the JVM in one
# call, and Java cuts it into batches that are views of its memory.
_RUN_BATCHES = 64


class Batch(tuple):
    """A ``(features, labels)`` pair with optional ``features_mask`` and ``labels_mask``.

    It unpacks like a tuple: ``x, y = batch``. ``split`` is None, except in the passes that
    ``model.fit``'s feeder asks for: there a batch may be a *run* of several consecutive
    batches of ``split`` rows each, handed to the JVM at once and cut there without a copy.
    """

    features_mask: np.ndarray | None
    labels_mask: np.ndarray | None
    split: int | None = None

    def __new__(cls, features: Any, labels: Any, features_mask: Any = None,
                labels_mask: Any = None) -> Batch:
        b = super().__new__(cls, (features, labels))
        b.features_mask = features_mask
        b.labels_mask = labels_mask
        return b

    @property
    def features(self) -> Any:
        return self[0]

    @property
    def labels(self) -> Any:
        return self[1]


class _Block:
    """Assembled arrays of some rows: features, labels and masks (any may be None)."""

    __slots__ = ("arrays",)

    def __init__(self, arrays: list[np.ndarray | None]) -> None:
        self.arrays = arrays

    def __len__(self) -> int:
        return len(self.arrays[0])

    def take(self, index: Any) -> _Block:
        if isinstance(index, slice):
            return _Block([None if a is None else a[index] for a in self.arrays])
        return _Block([None if a is None else np.take(a, index, axis=0) for a in self.arrays])

    @staticmethod
    def concat(blocks: list[_Block]) -> _Block:
        if len(blocks) == 1:
            return blocks[0]
        return _Block([None if blocks[0].arrays[i] is None else
                       np.concatenate([b.arrays[i] for b in blocks])
                       for i in range(len(blocks[0].arrays))])


class DataSetIterator:
    """Batches of (features, labels) from an Arrow table, record batches or a stream.

    Iterating gives :class:`Batch` pairs of numpy arrays, which ``model.fit`` hands to the
    JVM without copying (``as_tensors=True`` gives ``pb.NDArray`` views instead, which the
    caller closes). Each ``iter()`` is a new epoch, so ``model.fit(it, epochs=10)`` works.

    Args:
        source: a ``pyarrow.Table``/``RecordBatch`` (assembled once, then sliced or gathered),
            a re-iterable of record batches (``data.scan_csv(...)``, a list; streamed, never
            all in memory), or ``(x, y)`` numpy arrays.
        label: the label column, or a list of columns for multi-output regression.
        features: feature columns (default: every other numeric column); fixed-size list
            columns (images, SVMLight features) contribute their whole width.
        num_classes / classes: classification (labels are class ids, or values of
            ``classes``), given as one-hot rows (``one_hot=True``) or ids; without them the
            labels are regression targets of shape (n, len(labels)).
        batch_size, drop_last: rows per batch, and whether to drop a final short batch.
        shuffle, shuffle_buffer, seed: tables are fully reshuffled each epoch; streams through
            a buffer of ``shuffle_buffer`` rows. A stream that turns out to fit in the buffer
            on its first pass is kept (assembled and normalized) and reshuffled in memory on
            later epochs rather than read again, with the same batches a re-read would give.
        prefetch: batches prepared ahead on a background thread (0: none). ``model.fit``
            produces the batches on its own feeder thread instead, and keeps
            ``max(prefetch, 4)`` of them ready for the trainer.
        normalizer: a :class:`Normalizer` applied to the features; fitted on this data first
            when not yet fitted. ``model.fit`` stores it in the model, so ``predict`` takes
            raw features.
        mask: a column of per-example weights (0 leaves an example out of the loss).
        sequence: features (and labels, if list columns) are variable-length sequences,
            padded to (n, T, width) with masks; ``max_length`` truncates.

    >>> import pyarrow as pa
    >>> from pybridge import data
    >>> t = pa.table({"x": [0.0, 1.0, 2.0, 3.0], "y": [0, 1, 0, 1]})
    >>> it = data.DataSetIterator(t, label="y", num_classes=2, batch_size=2)
    >>> [x.shape for x, y in it]
    [(2, 1), (2, 1)]
    """

    def __init__(self, source: Any, label: str | list[str] | None = None, *,
                 features: list[str] | None = None, num_classes: int | None = None,
                 classes: list[Any] | None = None, one_hot: bool = True, batch_size: int = 32,
                 shuffle: bool = False, shuffle_buffer: int = 65536, seed: int | None = None,
                 prefetch: int = 2, drop_last: bool = False, dtype: str = "float32",
                 normalizer: Normalizer | None = None, mask: str | None = None,
                 sequence: bool = False, max_length: int | None = None,
                 as_tensors: bool = False) -> None:
        if isinstance(batch_size, bool) or not isinstance(batch_size, int) or batch_size < 1:
            raise InvalidArgumentError(f"batch_size must be an integer >= 1, got "
                                       f"{batch_size!r}.")
        if prefetch < 0:
            raise InvalidArgumentError(f"prefetch must be >= 0, got {prefetch!r}.")
        if classes is not None:
            classes = list(classes)
            if num_classes is not None and num_classes != len(classes):
                raise InvalidArgumentError(f"num_classes={num_classes} but classes has "
                                           f"{len(classes)} values.")
            num_classes = len(classes)
        self.labels = [] if label is None else [label] if isinstance(label, str) else list(label)
        arrays = isinstance(source, tuple) and len(source) == 2
        if num_classes is not None and len(self.labels) != 1 and not arrays:
            raise InvalidArgumentError("Classification (num_classes) takes one label column.")
        self.features = None if features is None else list(features)
        self.num_classes, self.classes, self.one_hot = num_classes, classes, one_hot
        self.batch_size, self.drop_last = batch_size, drop_last
        self.shuffle, self.shuffle_buffer, self.prefetch = shuffle, shuffle_buffer, prefetch
        self.dtype = np.dtype(dtype)
        self.mask, self.sequence, self.max_length = mask, sequence, max_length
        self.as_tensors = as_tensors
        self._rng = np.random.default_rng(seed)
        self._cache: _Block | None = None
        # A streamed, shuffled source that fitted in the shuffle buffer (kept after one pass).
        self._buffered: _Block | None = None
        self._one_shot = False
        self._used = False
        self.stats = {"epochs": 0, "batches": 0, "examples": 0, "wait_s": 0.0}
        self._arrays: tuple[np.ndarray, np.ndarray] | None = None
        if isinstance(source, tuple) and len(source) == 2 and not hasattr(source, "schema"):
            self._arrays = (np.asarray(source[0]), np.asarray(source[1]))
            source = None
        elif isinstance(source, pa.RecordBatch):
            source = pa.Table.from_batches([source])
        elif isinstance(source, pa.RecordBatchReader):
            self._one_shot = True
        self.source = source
        self.transform_json = self._transform_json()
        self.normalizer = normalizer
        if normalizer is not None and not normalizer.fitted:
            normalizer.fit(self)

    # ------------------------------------------------------------------ metadata

    def _schema(self) -> Any:
        s = self.source
        if s is None:
            return None
        if isinstance(s, (pa.Table, pa.RecordBatchReader)):
            return s.schema
        if isinstance(s, list) and s:
            return s[0].schema
        return getattr(s, "schema", None)

    def _transform_json(self) -> str | None:
        schema = self._schema()
        meta = (schema.metadata or {}) if schema is not None else {}
        if TRANSFORM_KEY not in meta and hasattr(self.source, "metadata"):
            meta = self.source.metadata or {}
        value = meta.get(TRANSFORM_KEY)
        return value.decode() if value is not None else None

    # ------------------------------------------------------------------ assembly

    def _assemble(self, batch: Any, out: np.ndarray | None = None) -> _Block:
        exclude = (*self.labels, *([self.mask] if self.mask else []))
        fmask = lmask = None
        if self.sequence:
            name = (self.features or [c for c in batch.schema.names if c not in exclude])[0]
            x, fmask = sequence_matrix(batch.column(name), name, self.max_length, self.dtype)
        else:
            x = feature_matrix(batch, self.features, self.dtype, exclude, out)
        if self.sequence and self.labels and pa.types.is_list(
                batch.schema.field(self.labels[0]).type):
            y, lmask = sequence_matrix(batch.column(self.labels[0]), self.labels[0],
                                       self.max_length, self.dtype)
        elif self.labels:
            y = label_matrix(batch, self.labels, self.num_classes, self.classes, self.one_hot,
                             self.dtype)
        else:
            y = None
        if self.mask:
            lmask = feature_matrix(batch, [self.mask], self.dtype).ravel()
        return _Block([x, y, fmask, lmask])

    def _normalize(self, block: _Block) -> _Block:
        if self.normalizer is not None:
            x = block.arrays[0]
            writable = x.flags.writeable and x.dtype.kind == "f"
            block.arrays[0] = self.normalizer.transform(x, out=x if writable else None)
        return block

    def _record_batches(self) -> Iterator[Any]:
        s = self.source
        if isinstance(s, pa.Table):
            yield from s.to_batches()
            return
        if self._one_shot:
            if self._used:
                raise InvalidArgumentError(
                    "This DataSetIterator reads a one-shot pyarrow.RecordBatchReader, which is "
                    "used up after one pass; give a re-iterable source (data.scan_csv(...), a "
                    "list of batches or a Table) for several epochs.")
            self._used = True
        yield from s

    def raw_features(self) -> Iterator[np.ndarray]:
        """Feature blocks before normalisation and shuffling (for fitting normalizers)."""
        if self._arrays is not None:
            yield self._arrays[0]
            return
        for rb in self._record_batches():
            yield self._assemble(rb).arrays[0]

    def _in_memory(self) -> _Block | None:
        if self._arrays is not None:
            if self._cache is None:
                x, y = self._arrays
                if self.num_classes is not None and self.one_hot and y.ndim == 1:
                    y = np.eye(self.num_classes, dtype=self.dtype)[y.astype(np.int64)]
                if self.normalizer is not None:  # a new array: the caller's stays as it was
                    x = self.normalizer.transform(x)
                self._cache = _Block([x, y, None, None])
            return self._cache
        if not isinstance(self.source, pa.Table):
            return None
        if self._cache is None and not self.shuffle and self.source.num_rows > _STREAM_ROWS:
            # In order, a large table is cut record batch by record batch on the producer
            # thread, overlapping the trainer, rather than assembled whole up front: that
            # would fault in a second copy of the data before the first batch (measured on
            # a 1 GB CSV: 0.55x -> see benchmarks/RESULTS.md).
            return None
        if self._cache is None:
            self._cache = self._normalize(self._assemble_table(self.source))
        return self._cache

    def _assemble_table(self, table: Any) -> _Block:
        """The whole table's arrays; features are written chunk by chunk into one matrix
        (a single copy), and a one-chunk float column stays a view of the Arrow buffer."""
        batches = [b for b in table.to_batches() if b.num_rows]
        if not batches:
            raise InvalidArgumentError("The table has no rows to iterate.")
        if len(batches) == 1 or self.sequence:
            return _Block.concat([self._assemble(b) for b in batches])
        first = self._assemble(batches[0])
        x0 = first.arrays[0]
        # The layout the first block came in (row-major from Arrow's own conversion, else
        # column-major, where each column's copy is a plain contiguous write).
        x = np.empty((x0.shape[1], table.num_rows), x0.dtype).T if (
            x0.ndim == 2 and not x0.flags.c_contiguous) else \
            np.empty((table.num_rows, *x0.shape[1:]), x0.dtype)
        x[:batches[0].num_rows] = first.arrays[0]
        rest, at = [first], batches[0].num_rows
        for b in batches[1:]:
            block = self._assemble(b, out=x[at:at + b.num_rows])
            rest.append(block)
            at += b.num_rows
        others = _Block.concat([_Block([np.empty((len(r), 0)), *r.arrays[1:]]) for r in rest])
        return _Block([x, *others.arrays[1:]])

    # ------------------------------------------------------------------ batching

    def _emit(self, block: _Block, runs: bool = False) -> Iterator[Batch]:
        bs = self.batch_size
        end = len(block) - len(block) % bs if self.drop_last else len(block)
        step = bs * _RUN_BATCHES if runs else bs
        for start in range(0, end, step):
            yield self._batch(block.take(slice(start, min(end, start + step))), runs)

    def _batch(self, part: _Block, runs: bool = False) -> Batch:
        x, y, fm, lm = part.arrays
        # The one row-major copy of an assembled (column-major) block; views of a single
        # Arrow column are row-major already and stay zero-copy.
        x = np.ascontiguousarray(x)
        if self.as_tensors:
            from .._bridge import wrap_numpy  # noqa: F401 - the JVM must be up
            from .._creation import from_numpy

            x, y = from_numpy(np.ascontiguousarray(x)), None if y is None else from_numpy(
                np.ascontiguousarray(y))
        b = Batch(x, y, fm, lm)
        if runs and len(part) > self.batch_size:
            b.split = self.batch_size
        return b

    def _produce(self, runs: bool = False) -> Iterator[Batch]:
        block = self._in_memory()
        if block is not None:
            if self.shuffle:
                block = block.take(self._rng.permutation(len(block)))
            yield from self._emit(block, runs)
            return
        if not self.shuffle:
            yield from self._stream_in_order(runs)
            return
        if self._buffered is not None:
            # The whole stream fitted in the shuffle buffer on an earlier pass: shuffle that
            # block again instead of re-reading and re-assembling the source.
            block = self._buffered
            yield from self._emit(block.take(self._rng.permutation(len(block))), runs)
            return
        pending: list[_Block] = []
        rows = 0
        limit = self.shuffle_buffer
        spilled = False
        for rb in self._record_batches():
            if rb.num_rows == 0:
                continue
            pending.append(self._normalize(self._assemble(rb)))
            rows += rb.num_rows
            if rows < limit:
                continue
            spilled = True
            block = _Block.concat(pending)
            block = block.take(self._rng.permutation(len(block)))
            full = len(block) - len(block) % self.batch_size
            yield from self._emit(block.take(slice(0, full)), runs)
            rest = block.take(slice(full, None))
            pending, rows = ([rest], len(rest)) if len(rest) else ([], 0)
        if pending:
            block = _Block.concat(pending)
            if not spilled:
                self._buffered = block
            yield from self._emit(block.take(self._rng.permutation(len(block))), runs)

    def _stream_in_order(self, runs: bool = False) -> Iterator[Batch]:
        """Batches across record-batch boundaries: only a batch that straddles two record
        batches is copied; the others are views of the assembled block."""
        bs = self.batch_size
        carry: _Block | None = None
        for rb in self._record_batches():
            if rb.num_rows == 0:
                continue
            block = self._normalize(self._assemble(rb))
            start = 0
            if carry is not None:
                need = bs - len(carry)
                carry = _Block.concat([carry, block.take(slice(0, need))])
                start = min(need, len(block))
                if len(carry) < bs:
                    continue
                yield self._batch(carry)
                carry = None
            end = start + (len(block) - start) // bs * bs
            step = bs * _RUN_BATCHES if runs else bs
            for s in range(start, end, step):
                yield self._batch(block.take(slice(s, min(end, s + step))), runs)
            if end < len(block):
                carry = block.take(slice(end, None))
        if carry is not None and not self.drop_last:
            yield self._batch(carry)

    def __iter__(self) -> Iterator[Batch]:
        self.stats["epochs"] += 1
        if self.prefetch == 0:
            return _Counting(self, self._produce())
        return _Prefetching(self, self._produce(), self.prefetch)

    def _pass_on_this_thread(self, runs: bool = False) -> Iterator[Batch]:
        """One epoch produced on the calling thread, whatever ``prefetch`` says: ``model.fit``
        iterates on its own feeder thread, so a second background thread would only add a
        hand-off (the feeder's Java queue holds ``prefetch`` batches instead). With ``runs``,
        consecutive batches may come as one run (see :class:`Batch`)."""
        self.stats["epochs"] += 1
        return _Counting(self, self._produce(runs))

    def __repr__(self) -> str:
        return (f"<data.DataSetIterator labels={self.labels} batch_size={self.batch_size} "
                f"shuffle={self.shuffle} prefetch={self.prefetch}>")

    @property
    def feature_columns(self) -> list[str]:
        schema = self._schema()
        if self.features is not None or schema is None:
            return list(self.features or [])
        return numeric_columns(schema, [*self.labels, *([self.mask] if self.mask else [])])


class _Counting:
    """One epoch without a background thread; still counts the time spent producing."""

    def __init__(self, owner: DataSetIterator, gen: Iterator[Batch]) -> None:
        self._owner, self._gen = owner, gen

    def __iter__(self) -> _Counting:
        return self

    def __next__(self) -> Batch:
        t0 = time.perf_counter()
        try:
            b = next(self._gen)
        finally:
            self._owner.stats["wait_s"] += time.perf_counter() - t0
        n = len(b[0])
        self._owner.stats["batches"] += 1 if b.split is None else -(-n // b.split)
        self._owner.stats["examples"] += n
        return b

    def close(self) -> None:
        self._gen.close()


class _Prefetching:
    """One epoch produced on a daemon thread into a bounded queue of ``depth`` batches."""

    def __init__(self, owner: DataSetIterator, gen: Iterator[Batch], depth: int) -> None:
        self._owner = owner
        self._queue: queue.Queue[Any] = queue.Queue(maxsize=depth)
        self._stop = threading.Event()
        self._done = False
        self._thread = threading.Thread(target=produce_into,
                                        args=(gen, self._queue, self._stop), daemon=True,
                                        name="pybridge-prefetch")
        self._thread.start()

    def __iter__(self) -> _Prefetching:
        return self

    def __next__(self) -> Batch:
        if self._done:
            raise StopIteration
        t0 = time.perf_counter()
        item = self._queue.get()
        self._owner.stats["wait_s"] += time.perf_counter() - t0
        if item is END:
            self._done = True
            raise StopIteration
        if isinstance(item, BaseException):
            self._done = True
            raise item
        self._owner.stats["batches"] += 1
        self._owner.stats["examples"] += len(item[0])
        return item

    def close(self) -> None:
        """Stops the producer (e.g. when the consumer leaves an epoch early)."""
        self._done = True
        self._stop.set()

    def __del__(self) -> None:
        self._stop.set()
