"""Random Arrow tables (nulls, NaN, infinities, unicode, empty) and a strict table comparison."""

from __future__ import annotations

import math
from typing import Any

import pyarrow as pa
from hypothesis import strategies as st

CATEGORIES = ["setosa", "versicolor", "virginica", "é", "日本"]

# Letters from several scripts (Greek sigmas, Cyrillic, CJK), whitespace (ASCII and not), a
# combining mark and an emoji: enough to catch byte/char/code-point confusions. Case mapping of
# every code point is checked separately (test_transform.py).
ALPHABET = st.sampled_from(list("aAzZ09 _-.\t\n\x0bxyéÉßø日本語\u00a0\u0301\U0001F600"
                                "\u03a3\u03c3\u03c2\u0416\u0436"))

_DOUBLES = st.one_of(
    st.floats(allow_nan=True, allow_infinity=True, width=64),
    st.sampled_from([0.0, -0.0, 1.0, -1.0, 0.5, 1e-300, 1e300, 5e-324]),
)
_INTS = st.one_of(st.integers(-1000, 1000), st.sampled_from([0, 2**62, -(2**62), 2**53 + 1]))
# Microseconds from 1900 to 2100, plus the epoch's neighbourhood.
_MICROS = st.one_of(st.integers(-2_208_988_800_000_000, 4_102_444_800_000_000),
                    st.integers(-10**8, 10**8))


def _nullable(s: st.SearchStrategy[Any]) -> st.SearchStrategy[Any]:
    return st.one_of(st.none(), s, s, s)


@st.composite
def tables(draw: Any, max_rows: int = 12) -> pa.Table:
    """A table with columns i (int64), d (double), e (double, no NaN), s (string), c (category
    strings), b (boolean), t (timestamp[us]); every column may hold nulls."""
    n = draw(st.integers(0, max_rows))

    def col(s: st.SearchStrategy[Any]) -> list[Any]:
        return draw(st.lists(_nullable(s), min_size=n, max_size=n))

    return pa.table({
        "i": pa.array(col(_INTS), pa.int64()),
        "d": pa.array(col(_DOUBLES), pa.float64()),
        "e": pa.array(col(st.floats(-1e6, 1e6, allow_nan=False)), pa.float64()),
        "s": pa.array(col(st.text(ALPHABET, max_size=8)), pa.string()),
        "c": pa.array(col(st.sampled_from(CATEGORIES)), pa.string()),
        "b": pa.array(col(st.booleans()), pa.bool_()),
        "t": pa.array(col(_MICROS), pa.int64()).cast(pa.timestamp("us")),
    })


def _same_value(a: Any, b: Any, ulps: int) -> bool:
    if isinstance(a, float) and isinstance(b, float):
        if math.isnan(a) or math.isnan(b):
            return math.isnan(a) and math.isnan(b)
        if ulps and a != b and math.isfinite(a) and math.isfinite(b):
            return abs(a - b) <= ulps * math.ulp(max(abs(a), abs(b)))
        return a == b and math.copysign(1, a) == math.copysign(1, b) if a == 0 else a == b
    return type(a) is type(b) and a == b


def assert_same_table(a: pa.Table, b: pa.Table, ulps: int = 0) -> None:
    """Same schema, row count and values; NaN equals NaN, -0.0 differs from 0.0. ``ulps``
    allows that many units in the last place for functions libraries may round differently."""
    assert a.schema == b.schema, f"schemas differ:\n{a.schema}\nvs\n{b.schema}"
    assert a.num_rows == b.num_rows
    for name in a.column_names:
        x, y = a.column(name).to_pylist(), b.column(name).to_pylist()
        for k, (u, v) in enumerate(zip(x, y, strict=True)):
            assert _same_value(u, v, ulps), f"column {name!r} row {k}: {u!r} != {v!r}"
