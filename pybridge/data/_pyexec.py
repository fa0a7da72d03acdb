"""The Python executor: each step on a conformed pyarrow Table with ``pyarrow.compute``.

The arithmetic is written in the same order as the Java executor's (``(x - mean) / std``, ...)
so both round identically. Fitting (``fit_step``) happens only here: the JVM executor replays
fitted statistics and never learns them.
"""

from __future__ import annotations

import math
from typing import Any

import pyarrow as pa
import pyarrow.compute as pc

from ._schema import Schema, SchemaError, encode_categorical
from ._steps import one_hot_name, time_feature_name

_F64 = pa.float64()


def _set(table: pa.Table, name: str, arr: Any) -> pa.Table:
    i = table.column_names.index(name)
    return table.set_column(i, pa.field(name, arr.type), arr)


def _double(arr: Any) -> Any:
    return arr.cast(_F64, safe=False)


def _valid_doubles(arr: Any) -> Any:
    """The non-null, non-NaN values of a numeric column, as float64."""
    d = _double(arr)
    d = pc.drop_null(d)
    return pc.filter(d, pc.invert(pc.is_nan(d)))


def fit_step(step: dict[str, Any], table: pa.Table) -> dict[str, Any]:
    """``step`` with its statistics learnt from ``table`` (the data that reaches the step).

    Statistics ignore nulls and NaN. With no valid values at all, standardize uses mean 0 and
    std 1, minmax min 0 and max 1, and mean/median replacement 0.
    """
    op = step["op"]
    out = _fit(step, table)
    for key in ("stats", "value"):
        stats = out.get(key)
        values = stats.values() if isinstance(stats, dict) else [stats]
        if any(isinstance(v, float) and not math.isfinite(v) for v in values):
            raise SchemaError(
                f"Fitting {op} on {step['column']!r} gave {stats}: the column holds infinite "
                f"values. Clip them (clip) or replace them before this step.")
    return out


def _fit(step: dict[str, Any], table: pa.Table) -> dict[str, Any]:
    op = step["op"]
    out = dict(step)
    if op == "normalize":
        vals = _valid_doubles(table.column(step["column"]))
        n = len(vals)
        if step["method"] == "standardize":
            mean = pc.mean(vals).as_py() if n else 0.0
            std = pc.stddev(vals, ddof=0).as_py() if n else 1.0
            out["stats"] = {"mean": float(mean), "std": float(std)}
        else:
            mn = pc.min(vals).as_py() if n else 0.0
            mx = pc.max(vals).as_py() if n else 1.0
            out["stats"] = {"min": float(mn), "max": float(mx)}
    elif op == "replace_missing":
        col = table.column(step["column"])
        vals = _valid_doubles(col)
        if not len(vals):
            v = 0.0
        elif step["strategy"] == "mean":
            v = pc.mean(vals).as_py()
        else:
            v = pc.quantile(vals, q=0.5, interpolation="linear")[0].as_py()
        if pa.types.is_integer(col.type):
            # round() is half-to-even, like the Java side would need to be to agree.
            out["value"] = round(v) if math.isfinite(v) else 0
        else:
            out["value"] = float(v)
    elif op == "string_to_categorical":
        vals = pc.unique(pc.drop_null(table.column(step["column"]))).to_pylist()
        out["categories"] = sorted(vals)
    return out


def apply_step(step: dict[str, Any], table: pa.Table, schema: Schema) -> pa.Table:
    """``table`` (conformed to ``schema``) after ``step``."""
    return _APPLY[step["op"]](step, table, schema)


def _select(step: dict[str, Any], t: pa.Table, s: Schema) -> pa.Table:
    return t.select(step["columns"])


def _remove(step: dict[str, Any], t: pa.Table, s: Schema) -> pa.Table:
    return t.drop_columns(step["columns"])


def _rename(step: dict[str, Any], t: pa.Table, s: Schema) -> pa.Table:
    return t.rename_columns([step["mapping"].get(n, n) for n in t.column_names])


def _reorder(step: dict[str, Any], t: pa.Table, s: Schema) -> pa.Table:
    first = step["columns"]
    return t.select(first + [n for n in t.column_names if n not in first])


def _to_categorical(step: dict[str, Any], t: pa.Table, s: Schema) -> pa.Table:
    name = step["column"]
    arr = t.column(name).combine_chunks()
    return _set(t, name, encode_categorical(name, arr, step["categories"]))


def _indices(t: pa.Table, name: str) -> Any:
    arr = t.column(name).combine_chunks()
    return arr.indices


def _to_integer(step: dict[str, Any], t: pa.Table, s: Schema) -> pa.Table:
    name = step["column"]
    return _set(t, name, _indices(t, name).cast(pa.int64()))


def _one_hot(step: dict[str, Any], t: pa.Table, s: Schema) -> pa.Table:
    name = step["column"]
    idx = _indices(t, name)
    cats = s.column(name).categories or ()
    i = t.column_names.index(name)
    t = t.remove_column(i)
    for k, cat in enumerate(cats):
        arr = pc.equal(idx, pa.scalar(k, pa.int32())).cast(pa.int64())
        t = t.add_column(i + k, pa.field(one_hot_name(name, cat), pa.int64()), arr)
    return t


_MATH = {"add": pc.add, "subtract": pc.subtract, "multiply": pc.multiply, "divide": pc.divide,
         "power": pc.power}


def _math(step: dict[str, Any], t: pa.Table, s: Schema) -> pa.Table:
    name = step["column"]
    x = _double(t.column(name))
    return _set(t, name, _MATH[step["operation"]](x, pa.scalar(step["value"], _F64)))


def _sign(x: Any) -> Any:
    return pc.sign(x)


def _round(x: Any) -> Any:
    return pc.round(x, ndigits=0, round_mode="half_to_even")


_UNARY = {"abs": pc.abs, "negate": pc.negate, "square": lambda x: pc.multiply(x, x),
          "sqrt": pc.sqrt, "exp": pc.exp, "log": pc.ln, "log1p": pc.log1p, "log10": pc.log10,
          "floor": pc.floor, "ceil": pc.ceil, "round": _round, "sign": _sign}


def _unary(step: dict[str, Any], t: pa.Table, s: Schema) -> pa.Table:
    name = step["column"]
    return _set(t, name, _UNARY[step["function"]](_double(t.column(name))))


def _clip(step: dict[str, Any], t: pa.Table, s: Schema) -> pa.Table:
    # if_else rather than min/max_element_wise, whose NaN handling differs from IEEE compares.
    name = step["column"]
    x = _double(t.column(name))
    if step["min"] is not None:
        lo = pa.scalar(step["min"], _F64)
        x = pc.if_else(pc.less(x, lo), lo, x)
    if step["max"] is not None:
        hi = pa.scalar(step["max"], _F64)
        x = pc.if_else(pc.greater(x, hi), hi, x)
    return _set(t, name, x)


def _column_math(step: dict[str, Any], t: pa.Table, s: Schema) -> pa.Table:
    a, b = (_double(t.column(c)) for c in step["columns"])
    out = _MATH[step["operation"]](a, b)
    return t.append_column(pa.field(step["new_column"], _F64), out)


def _require_fitted(step: dict[str, Any], key: str) -> Any:
    if step[key] is None:
        raise SchemaError(f"The {step['op']} step on {step.get('column')!r} is not fitted; call "
                          f"tp.fit(table) first.")
    return step[key]


def _normalize(step: dict[str, Any], t: pa.Table, s: Schema) -> pa.Table:
    name = step["column"]
    stats = _require_fitted(step, "stats")
    x = _double(t.column(name))
    if step["method"] == "standardize":
        std = stats["std"] if stats["std"] != 0.0 else 1.0
        y = pc.divide(pc.subtract(x, stats["mean"]), std)
    else:
        lo, hi = step["range"]
        span = stats["max"] - stats["min"]
        span = span if span != 0.0 else 1.0
        y = pc.add(pc.multiply(pc.divide(pc.subtract(x, stats["min"]), span), hi - lo), lo)
    return _set(t, name, y)


def _replace_missing(step: dict[str, Any], t: pa.Table, s: Schema) -> pa.Table:
    name = step["column"]
    value = _require_fitted(step, "value")
    col = s.column(name)
    x = t.column(name).combine_chunks()
    if col.type == "categorical":
        k = (col.categories or ()).index(value)
        idx = pc.fill_null(x.indices, pa.scalar(k, pa.int32()))
        return _set(t, name, pa.DictionaryArray.from_arrays(idx, x.dictionary))
    fill = pa.scalar(value, x.type)
    if col.type == "double":
        x = pc.if_else(pc.is_nan(x), fill, x)
    return _set(t, name, pc.fill_null(x, fill))


def _filter(step: dict[str, Any], t: pa.Table, s: Schema) -> pa.Table:
    mask = evaluate(step["condition"], t, s)
    return t.filter(mask, null_selection_behavior="drop")


_CMP = {"lt": pc.less, "le": pc.less_equal, "gt": pc.greater, "ge": pc.greater_equal,
        "eq": pc.equal, "ne": pc.not_equal}


def evaluate(cond: dict[str, Any], t: pa.Table, s: Schema) -> Any:
    """The condition's boolean array (with nulls) over the rows of ``t``."""
    op = cond["op"]
    if op in ("and", "or"):
        parts = [evaluate(c, t, s) for c in cond["conditions"]]
        fn = pc.and_kleene if op == "and" else pc.or_kleene
        acc = parts[0]
        for p in parts[1:]:
            acc = fn(acc, p)
        return acc
    if op == "not":
        return pc.invert(evaluate(cond["condition"], t, s))
    name = cond["column"]
    x = t.column(name).combine_chunks()
    if op == "is_null":
        return pc.is_null(x)
    col = s.column(name)
    if col.type == "categorical":
        cats = list(col.categories or ())
        x = x.indices
        if op == "in":
            values = [cats.index(v) for v in cond["values"] if v in cats]
            return pc.is_in(x, value_set=pa.array(values, pa.int32()))
        k = cats.index(cond["value"]) if cond["value"] in cats else -1
        return _CMP[op](x, pa.scalar(k, pa.int32()))
    if op == "in":
        values = cond["values"]
        if col.type == "int64" and any(isinstance(v, float) for v in values):
            x, vs = _double(x), pa.array([float(v) for v in values], _F64)
        else:
            vs = pa.array(values, x.type)
        return pc.is_in(x, value_set=vs)
    value = cond["value"]
    if col.type == "int64" and isinstance(value, float):
        x = _double(x)
    return _CMP[op](x, pa.scalar(value, x.type))


_TIME = {"year": pc.year, "month": pc.month, "day": pc.day, "hour": pc.hour,
         "minute": pc.minute, "second": pc.second, "day_of_week": pc.day_of_week,
         "day_of_year": pc.day_of_year}


def _time_features(step: dict[str, Any], t: pa.Table, s: Schema) -> pa.Table:
    name = step["column"]
    x = t.column(name)
    i = t.column_names.index(name)
    for k, f in enumerate(step["features"]):
        arr = _TIME[f](x).cast(pa.int64())
        t = t.add_column(i + 1 + k, pa.field(time_feature_name(name, f), pa.int64()), arr)
    return t


def _string(step: dict[str, Any], t: pa.Table, s: Schema) -> pa.Table:
    name = step["column"]
    x = t.column(name)
    fn = step["function"]
    # Trim only ASCII whitespace: Unicode's idea of whitespace differs between libraries.
    y = (pc.ascii_trim_whitespace(x) if fn == "trim"
         else pc.utf8_lower(x) if fn == "lower" else pc.utf8_upper(x))
    return _set(t, name, y)


def _replace_string(step: dict[str, Any], t: pa.Table, s: Schema) -> pa.Table:
    name = step["column"]
    y = pc.replace_substring(t.column(name), pattern=step["pattern"],
                             replacement=step["replacement"])
    return _set(t, name, y)


def _map_values(step: dict[str, Any], t: pa.Table, s: Schema) -> pa.Table:
    name = step["column"]
    x = t.column(name).combine_chunks()
    mapping = step["mapping"]
    keys = pa.array(list(mapping.keys()), pa.string())
    vals = pa.array(list(mapping.values()), pa.string())
    idx = pc.index_in(x, value_set=keys)
    mapped = pc.take(vals, idx)
    return _set(t, name, pc.if_else(pc.is_null(idx), x, mapped))


_APPLY = {
    "select_columns": _select,
    "remove_columns": _remove,
    "rename_columns": _rename,
    "reorder_columns": _reorder,
    "string_to_categorical": _to_categorical,
    "categorical_to_integer": _to_integer,
    "categorical_to_one_hot": _one_hot,
    "math": _math,
    "unary": _unary,
    "clip": _clip,
    "column_math": _column_math,
    "normalize": _normalize,
    "replace_missing": _replace_missing,
    "filter": _filter,
    "time_features": _time_features,
    "string": _string,
    "replace_string": _replace_string,
    "map_values": _map_values,
}
