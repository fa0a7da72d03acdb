"""Train/test splits and k-fold cross-validation of Arrow tables."""

from __future__ import annotations

from collections.abc import Iterator

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc

from .._errors import InvalidArgumentError

__all__ = ["k_fold", "train_test_split"]


def _order(n: int, shuffle: bool, seed: int | None) -> np.ndarray:
    return np.random.default_rng(seed).permutation(n) if shuffle else np.arange(n)


def train_test_split(table: pa.Table, test_size: float | int = 0.2, *, shuffle: bool = True,
                     seed: int | None = None, stratify: str | None = None
                     ) -> tuple[pa.Table, pa.Table]:
    """Splits rows into ``(train, test)`` tables; ``test_size`` is a fraction or a count;
    ``stratify`` names a column whose value proportions both parts keep.

    >>> import pyarrow as pa
    >>> from pybridge import data
    >>> train, test = data.train_test_split(pa.table({"x": range(10)}), 0.3, seed=1)
    >>> train.num_rows, test.num_rows
    (7, 3)
    """
    n = table.num_rows
    k = round(test_size * n) if isinstance(test_size, float) else int(test_size)
    if not 0 < k < n:
        raise InvalidArgumentError(f"test_size={test_size!r} leaves {k} of {n} rows for the "
                                   f"test set; it must leave at least one row on each side.")
    if stratify is None:
        order = _order(n, shuffle, seed)
        test, train = np.sort(order[:k]), np.sort(order[k:])
    else:
        rng = np.random.default_rng(seed)
        codes = pc.dictionary_encode(table.column(stratify)).combine_chunks().indices
        codes = codes.to_numpy(zero_copy_only=False)
        test_parts = []
        for c in np.unique(codes):
            rows = np.flatnonzero(codes == c)
            if shuffle:
                rows = rng.permutation(rows)
            test_parts.append(rows[:round(len(rows) * k / n)])
        test = np.sort(np.concatenate(test_parts))
        mask = np.ones(n, bool)
        mask[test] = False
        train = np.flatnonzero(mask)
    return table.take(pa.array(train)), table.take(pa.array(test))


def k_fold(table: pa.Table, k: int = 5, *, shuffle: bool = True,
           seed: int | None = None) -> Iterator[tuple[pa.Table, pa.Table]]:
    """Yields ``(train, validation)`` table pairs for k-fold cross-validation; every row is
    in exactly one validation part.

    >>> import pyarrow as pa
    >>> from pybridge import data
    >>> [v.num_rows for _, v in data.k_fold(pa.table({"x": range(10)}), 3, seed=0)]
    [4, 3, 3]
    """
    n = table.num_rows
    if not 2 <= k <= n:
        raise InvalidArgumentError(f"k must be between 2 and the number of rows ({n}), got "
                                   f"{k!r}.")
    order = _order(n, shuffle, seed)
    for part in np.array_split(order, k):
        mask = np.ones(n, bool)
        mask[part] = False
        yield table.take(pa.array(np.flatnonzero(mask))), table.take(pa.array(np.sort(part)))
