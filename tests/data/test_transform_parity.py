"""Every transform step gives the same table in the Python (pyarrow) and the JVM executor.

Tables are random (hypothesis): nulls in every column, NaN, infinities, -0.0, huge ints,
unicode and empty strings, pre-1970 timestamps, and empty tables.
"""

from __future__ import annotations

from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from transform_support import CATEGORIES, assert_same_table, tables

from pybridge import data
from pybridge.data import Condition

# Half the profile's examples per test: there are ~40 parity tests, and each example runs both
# executors. HYPOTHESIS_PROFILE=thorough still scales this up.
_EXAMPLES = settings(max_examples=max(10, settings.default.max_examples // 2))


def _both(build: Any, table: Any, ulps: int = 0) -> Any:
    tp = build(data.TransformProcess.builder(data.Schema.infer(table))).build()
    tp.fit(table)
    py = tp.execute(table, executor="python")
    jvm = tp.execute(table, executor="jvm")
    assert_same_table(py, jvm, ulps)
    assert py.schema == tp.final_schema.arrow_schema()
    return py


@_EXAMPLES
@given(tables())
def test_column_steps(t):
    _both(lambda b: b.select_columns("d", "i", "s").rename_column("i", "j")
          .reorder_columns("s").remove_columns("d"), t)


@_EXAMPLES
@given(tables())
def test_remove_every_column(t):
    out = _both(lambda b: b.remove_columns(*t.column_names), t)
    assert out.num_rows == t.num_rows


@_EXAMPLES
@given(tables())
def test_string_to_categorical_given_categories(t):
    _both(lambda b: b.string_to_categorical("c", CATEGORIES), t)


@_EXAMPLES
@given(tables())
def test_string_to_categorical_fitted_then_integer(t):
    _both(lambda b: b.string_to_categorical("s").categorical_to_integer("s"), t)


@_EXAMPLES
@given(tables())
def test_categorical_to_one_hot(t):
    _both(lambda b: b.string_to_categorical("c").categorical_to_one_hot("c"), t)


@pytest.mark.parametrize("op", ["add", "subtract", "multiply", "divide", "power"])
@_EXAMPLES
@given(t=tables(), value=st.sampled_from([0.0, -0.0, 2.0, -3.5, 0.5, 1e308, float("-0.5")]))
def test_math(t, op, value):
    ulps = 1 if op == "power" else 0
    _both(lambda b: b.math("d", op, value).math("i", op, value), t, ulps)


_FUNCTIONS = ["abs", "negate", "square", "sqrt", "exp", "log", "log1p", "log10", "floor",
              "ceil", "round", "sign"]


@pytest.mark.parametrize("fn", _FUNCTIONS)
@_EXAMPLES
@given(t=tables())
def test_unary(t, fn):
    # libm and the JVM may round transcendental functions differently in the last place.
    ulps = 1 if fn in ("exp", "log", "log1p", "log10") else 0
    _both(lambda b: b.unary("d", fn).unary("i", fn).unary("e", fn), t, ulps)


@_EXAMPLES
@given(t=tables(), lo=st.one_of(st.none(), st.floats(-100, 0)),
       hi=st.one_of(st.none(), st.floats(0, 100)))
def test_clip(t, lo, hi):
    _both(lambda b: b.clip("d", lo, hi).clip("i", lo, hi), t)


@pytest.mark.parametrize("op", ["add", "subtract", "multiply", "divide"])
@_EXAMPLES
@given(t=tables())
def test_column_math(t, op):
    _both(lambda b: b.column_math("d", op, "i", "r").column_math("e", op, "d", "q"), t)


@_EXAMPLES
@given(t=tables(), lo=st.floats(-5, 5), width=st.floats(0.5, 10))
def test_normalize(t, lo, width):
    # d holds infinities, whose statistics cannot be fitted (tested in test_transform.py).
    _both(lambda b: b.normalize("e", "standardize").normalize("i", "minmax", (lo, lo + width)),
          t)


@_EXAMPLES
@given(tables())
def test_replace_missing_constant_every_type(t):
    _both(lambda b: b.replace_missing("i", value=-1).replace_missing("d", value=0.5)
          .replace_missing("s", value="?").replace_missing("b", value=True)
          .replace_missing("t", value=0).string_to_categorical("c", CATEGORIES)
          .replace_missing("c", value="é"), t)


@pytest.mark.parametrize("strategy", ["mean", "median"])
@_EXAMPLES
@given(t=tables())
def test_replace_missing_fitted(t, strategy):
    _both(lambda b: b.replace_missing("e", strategy).replace_missing("i", strategy), t)


_LEAF_VALUES = {
    "i": st.one_of(st.integers(-1000, 1000), st.floats(-1000, 1000)),
    "d": st.one_of(st.floats(-10, 10), st.sampled_from([0.0, -0.0])),
    "s": st.text(st.sampled_from(list("aé日 ")), max_size=2),
    "c": st.sampled_from([*CATEGORIES, "unknown"]),
    "b": st.booleans(),
}


@st.composite
def conditions(draw: Any, depth: int = 0) -> Condition:
    if depth < 2 and draw(st.booleans()):
        kind = draw(st.sampled_from(["and", "or", "not"]))
        if kind == "not":
            return ~draw(conditions(depth + 1))
        a, b = draw(conditions(depth + 1)), draw(conditions(depth + 1))
        return a & b if kind == "and" else a | b
    column = draw(st.sampled_from(sorted(_LEAF_VALUES)))
    kind = draw(st.sampled_from(["cmp", "in", "is_null"]))
    if kind == "is_null":
        return Condition.is_null(column)
    if kind == "in":
        return Condition.isin(column, draw(st.lists(_LEAF_VALUES[column], max_size=3)))
    ops = ["eq", "ne"] if column in ("b", "c") else ["lt", "le", "gt", "ge", "eq", "ne"]
    op = draw(st.sampled_from(ops))
    return getattr(Condition, op)(column, draw(_LEAF_VALUES[column]))


@_EXAMPLES
@given(t=tables(), cond=conditions())
def test_filter(t, cond):
    _both(lambda b: b.string_to_categorical("c", CATEGORIES).filter(cond), t)


@_EXAMPLES
@given(tables())
def test_time_features(t):
    _both(lambda b: b.time_features("t", "year", "month", "day", "hour", "minute", "second",
                                    "day_of_week", "day_of_year"), t)


@pytest.mark.parametrize("fn", ["trim", "lower", "upper"])
@_EXAMPLES
@given(t=tables())
def test_string_functions(t, fn):
    _both(lambda b: getattr(b, fn)("s"), t)


@_EXAMPLES
@given(t=tables(), pattern=st.text(st.sampled_from(list("aé日 ")), min_size=1, max_size=2),
       repl=st.text(st.sampled_from(list("xÉ ")), max_size=2))
def test_replace_string(t, pattern, repl):
    _both(lambda b: b.replace_string("s", pattern, repl), t)


@_EXAMPLES
@given(t=tables(), mapping=st.dictionaries(st.text(st.sampled_from(list("aé日 ")), max_size=2),
                                           st.text(max_size=3), max_size=4))
def test_map_values(t, mapping):
    _both(lambda b: b.map_values("s", mapping), t)


@_EXAMPLES
@given(tables(max_rows=30))
def test_long_pipeline(t):
    _both(lambda b: b.string_to_categorical("c").categorical_to_one_hot("c")
          .replace_missing("e", "median").normalize("e").clip("d", -1, 1).log1p("e")
          .time_features("t", "day_of_week")
          .filter(Condition.ge("t_day_of_week", 2) | Condition.is_null("i"))
          .trim("s").upper("s").column_math("i", "multiply", "e", "ie"), t, ulps=1)
