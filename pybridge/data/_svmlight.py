"""SVMLight / LibSVM files (``label index:value index:value ... # comment``), parsed with
vectorised pyarrow string kernels and numpy scatter, not a Python loop over lines."""

from __future__ import annotations

from typing import Any

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc

from .._errors import InvalidArgumentError
from ._files import display, expand, open_stream
from ._report import DataFormatError, ReadReport, check_policy

__all__ = ["read_svmlight"]

_NUMBER = r"^[-+]?((\d+\.?\d*)|(\.\d+))(e[-+]?\d+)?$|^[-+]?(inf|nan)$"


def _parse(data: bytes, shown: str, policy: str, fill_value: float,
           report: ReadReport) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    """(labels, row of each pair, index of each pair, value of each pair) of the good lines."""
    if data.endswith(b"\n"):
        data = data[:-1]
    lines = pc.split_pattern(pa.array([data.decode("utf-8")], pa.large_string()),
                             "\n").flatten()
    lines = pc.utf8_trim_whitespace(pc.replace_substring_regex(lines, r"#.*$", ""))
    line_no = np.flatnonzero(pc.greater(pc.utf8_length(lines), 0).to_numpy(
        zero_copy_only=False)) + 1
    lines = lines.take(pa.array(line_no - 1))
    tokens = pc.split_pattern_regex(lines, r"\s+")
    labels_text = pc.list_element(tokens, 0)
    pairs = pc.list_flatten(pc.list_slice(tokens, 1))
    parent = pc.list_parent_indices(pc.list_slice(tokens, 1)).to_numpy()
    keep = pc.invert(pc.starts_with(pairs, "qid:"))
    pairs, parent = pairs.filter(keep), parent[keep.to_numpy(zero_copy_only=False)]
    parsed = pc.extract_regex(pairs, r"^(?P<i>\d+):(?P<v>.*)$")
    good_index = pc.is_valid(parsed).to_numpy(zero_copy_only=False)
    index_text = pc.fill_null(pc.struct_field(parsed, "i"), "0")
    value_text = pc.fill_null(pc.struct_field(parsed, "v"), "0")
    good_value = pc.match_substring_regex(value_text, _NUMBER, ignore_case=True).to_numpy(
        zero_copy_only=False)
    good_label = pc.match_substring_regex(labels_text, _NUMBER, ignore_case=True).to_numpy(
        zero_copy_only=False)
    bad_line = ~good_label
    np.logical_or.at(bad_line, parent[~good_index], True)
    bad_value = good_index & ~good_value
    if policy != "fill":
        np.logical_or.at(bad_line, parent[bad_value], True)
    if bad_line.any() or (policy == "fill" and bad_value.any()):
        first = int(np.flatnonzero(bad_line)[0]) if bad_line.any() else \
            int(parent[np.flatnonzero(bad_value)[0]])
        why = f"{shown}: line {line_no[first]}: cannot parse {lines[first].as_py()[:80]!r}"
        if policy == "fail":
            raise DataFormatError(f"{why}; expected 'label index:value ...'. Fix the line, or "
                                  f"read with on_error='skip' (or 'fill' for bad values).")
        if bad_line.any():
            report.skip(why, int(bad_line.sum()))
        if policy == "fill" and bad_value.any():
            report.fill("features", int(bad_value.sum()), why + f" (filled with {fill_value})")
    value_text = pc.if_else(pa.array(bad_value), str(fill_value), value_text)
    kept_rows = ~bad_line
    pair_ok = kept_rows[parent]
    # Renumber rows after dropping bad lines.
    new_row = np.cumsum(kept_rows) - 1
    labels = pc.cast(pc.if_else(pa.array(good_label), labels_text, "0"),
                     pa.float64()).to_numpy()[kept_rows]
    idx = pc.cast(index_text, pa.int64()).to_numpy()[pair_ok]
    val = pc.cast(value_text, pa.float32()).to_numpy()[pair_ok]
    return labels, new_row[parent[pair_ok]], idx, val


def read_svmlight(source: Any, *, n_features: int | None = None,
                  zero_based: bool | str = "auto", dense: bool = True, on_error: str = "fail",
                  fill_value: float = 0.0, filesystem: Any = None) -> pa.Table:
    """Reads SVMLight/LibSVM files into a table with ``label`` (float64) and the features.

    Dense (default): a ``features`` column of fixed-size float32 lists (``n_features`` wide,
    zeros where absent), which :class:`DataSetIterator` hands to the JVM without a copy.
    ``dense=False``: ``indices`` (int32 lists) and ``values`` (float32 lists) instead.
    ``zero_based="auto"`` treats indices as 1-based unless some index is 0 (as scikit-learn).
    ``qid:`` tokens are ignored; ``#`` starts a comment.

    >>> from pybridge import data
    >>> data.read_svmlight("a9a.txt", n_features=123)  # doctest: +SKIP
    """
    policy = check_policy(on_error)
    report = ReadReport(", ".join(display(s) for s in expand(source)), policy)
    parts = []
    offset = 0
    for s in expand(source):
        with open_stream(s, filesystem) as f:
            labels, rows, idx, val = _parse(f.read(), display(s), policy, fill_value, report)
        parts.append((labels, rows + offset, idx, val))
        offset += len(labels)
    labels = np.concatenate([p[0] for p in parts])
    rows = np.concatenate([p[1] for p in parts])
    idx = np.concatenate([p[2] for p in parts])
    val = np.concatenate([p[3] for p in parts])
    one_based = (idx.min() > 0 if len(idx) else True) if zero_based == "auto" \
        else not zero_based
    if one_based:
        idx = idx - 1
    width = int(idx.max()) + 1 if len(idx) else 0
    if n_features is None:
        n_features = width
    elif width > n_features:
        raise InvalidArgumentError(f"{report.source}: feature index {width - 1 + one_based} "
                                   f"exceeds n_features={n_features}; raise n_features.")
    if dense:
        out = np.zeros((len(labels), n_features), np.float32)
        out[rows, idx] = val
        features = pa.FixedSizeListArray.from_arrays(pa.array(out.ravel()), n_features)
        table = pa.table({"label": labels, "features": features})
    else:
        order = np.lexsort((idx, rows))
        counts = np.bincount(rows, minlength=len(labels))
        offsets = pa.array(np.concatenate([[0], np.cumsum(counts)]).astype(np.int32))
        table = pa.table({
            "label": labels,
            "indices": pa.ListArray.from_arrays(offsets, pa.array(idx[order].astype(np.int32))),
            "values": pa.ListArray.from_arrays(offsets, pa.array(val[order])),
        })
    table = table.replace_schema_metadata({b"pybridge.n_features": str(n_features).encode()})
    report.rows = table.num_rows
    report.finish()
    return table
