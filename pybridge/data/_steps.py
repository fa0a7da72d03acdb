"""Transform steps as canonical JSON objects: validation against a schema and schema propagation.

Every step is a dict whose first key is ``"op"``; the key order below is the canonical order
that both the Python and the Java writer use, so the two produce byte-identical JSON. Numbers
that are doubles are written as floats (``1.0``), integers as integers. Steps that need
statistics hold ``null`` in their statistics field until fitted.
"""

from __future__ import annotations

from typing import Any

from ._conditions import canonical_condition, condition_columns, condition_spec
from ._schema import NUMERIC, ColumnSpec, Schema, SchemaError

MATH_OPS = ("add", "subtract", "multiply", "divide", "power")
UNARY_FUNCTIONS = ("abs", "negate", "square", "sqrt", "exp", "log", "log1p", "log10", "floor",
                   "ceil", "round", "sign")
COLUMN_MATH_OPS = ("add", "subtract", "multiply", "divide")
TIME_FEATURES = ("year", "month", "day", "hour", "minute", "second", "day_of_week",
                 "day_of_year")
STRING_FUNCTIONS = ("trim", "lower", "upper")
NORMALIZE_METHODS = ("standardize", "minmax")
REPLACE_STRATEGIES = ("constant", "mean", "median")


def _need(schema: Schema, name: str, types: tuple[str, ...], op: str) -> ColumnSpec:
    col = schema.column(name)
    if col.type not in types:
        raise SchemaError(f"{op} needs a {' or '.join(types)} column, but {name!r} is "
                          f"{col.describe()}.")
    return col


def _new_name(schema: Schema, name: str, op: str) -> str:
    if not isinstance(name, str) or not name:
        raise SchemaError(f"{op}: a new column name must be a non-empty string, got {name!r}.")
    if name in schema:
        raise SchemaError(f"{op} would create column {name!r}, which already exists; pick "
                          f"another name or remove the old column first.")
    return name


def _float_or_none(v: Any, what: str) -> float | None:
    if v is None:
        return None
    if isinstance(v, bool) or not isinstance(v, (int, float)):
        raise SchemaError(f"{what} must be a number, got {v!r}.")
    return float(v)


def _replace(schema: Schema, name: str, new: ColumnSpec | list[ColumnSpec]) -> Schema:
    out: list[ColumnSpec] = []
    for c in schema.columns:
        if c.name == name:
            out.extend(new if isinstance(new, list) else [new])
        else:
            out.append(c)
    return Schema(out)


def one_hot_name(column: str, category: str) -> str:
    return f"{column}[{category}]"


def time_feature_name(column: str, feature: str) -> str:
    return f"{column}_{feature}"


def check(step: dict[str, Any], schema: Schema | None) -> tuple[dict[str, Any], Schema | None]:
    """The canonical form of ``step`` and the schema after it.

    ``schema`` None means "not known until fitted" (after one-hot of categories that are still
    to be fitted); the step is then only normalised, and checked at fit time.
    """
    op = step.get("op")
    fn = _CHECKS.get(op)  # type: ignore[arg-type]
    if fn is None:
        raise SchemaError(f"Unknown transform step {op!r}; known steps: {sorted(_CHECKS)}.")
    return fn(step, schema)


def _columns_list(step: dict[str, Any], key: str = "columns") -> list[str]:
    cols = step.get(key)
    if isinstance(cols, str) or not isinstance(cols, (list, tuple)) or not cols:
        raise SchemaError(f"{step.get('op')} needs a non-empty list of column names, got "
                          f"{cols!r}.")
    if len(set(cols)) != len(cols):
        raise SchemaError(f"{step.get('op')} names a column twice: {list(cols)!r}.")
    return list(cols)


def _select(step: dict[str, Any], schema: Schema | None) -> Any:
    cols = _columns_list(step)
    out = {"op": "select_columns", "columns": cols}
    if schema is None:
        return out, None
    return out, Schema([schema.column(c) for c in cols])


def _remove(step: dict[str, Any], schema: Schema | None) -> Any:
    cols = _columns_list(step)
    out = {"op": "remove_columns", "columns": cols}
    if schema is None:
        return out, None
    for c in cols:
        schema.column(c)
    return out, Schema([c for c in schema.columns if c.name not in cols])


def _rename(step: dict[str, Any], schema: Schema | None) -> Any:
    mapping = step.get("mapping")
    if not isinstance(mapping, dict) or not mapping:
        raise SchemaError(f"rename_columns needs a mapping {{old: new}}, got {mapping!r}.")
    out = {"op": "rename_columns", "mapping": dict(mapping)}
    if schema is None:
        return out, None
    for old in mapping:
        schema.column(old)
    cols = [ColumnSpec(mapping.get(c.name, c.name), c.type, c.categories) for c in schema.columns]
    return out, Schema(cols)


def _reorder(step: dict[str, Any], schema: Schema | None) -> Any:
    cols = _columns_list(step)
    out = {"op": "reorder_columns", "columns": cols}
    if schema is None:
        return out, None
    first = [schema.column(c) for c in cols]
    return out, Schema(first + [c for c in schema.columns if c.name not in cols])


def _to_categorical(step: dict[str, Any], schema: Schema | None) -> Any:
    name = step.get("column")
    cats = step.get("categories")
    out = {"op": "string_to_categorical", "column": name,
           "categories": list(cats) if cats is not None else None}
    if schema is None:
        return out, None
    _need(schema, name, ("string",), "string_to_categorical")  # type: ignore[arg-type]
    col = (ColumnSpec(name, "categorical", tuple(cats)) if cats is not None  # type: ignore[arg-type]
           else _unfitted_categorical(name))  # type: ignore[arg-type]
    return out, _replace(schema, name, col)  # type: ignore[arg-type]


def _unfitted_categorical(name: str) -> ColumnSpec:
    col = ColumnSpec(name, "categorical", ())
    object.__setattr__(col, "categories", None)  # categories are learnt when fitted
    return col


def _to_integer(step: dict[str, Any], schema: Schema | None) -> Any:
    name = step.get("column")
    out = {"op": "categorical_to_integer", "column": name}
    if schema is None:
        return out, None
    _need(schema, name, ("categorical",), "categorical_to_integer")  # type: ignore[arg-type]
    return out, _replace(schema, name, ColumnSpec(name, "int64"))  # type: ignore[arg-type]


def _one_hot(step: dict[str, Any], schema: Schema | None) -> Any:
    name = step.get("column")
    out = {"op": "categorical_to_one_hot", "column": name}
    if schema is None:
        return out, None
    col = _need(schema, name, ("categorical",), "categorical_to_one_hot")  # type: ignore[arg-type]
    if col.categories is None:
        return out, None
    rest = Schema([c for c in schema.columns if c.name != name])
    new = [ColumnSpec(_new_name(rest, one_hot_name(name, c), "categorical_to_one_hot"),  # type: ignore[arg-type]
                  "int64") for c in col.categories]
    return out, _replace(schema, name, new)  # type: ignore[arg-type]


def _math(step: dict[str, Any], schema: Schema | None) -> Any:
    name, operation = step.get("column"), step.get("operation")
    if operation not in MATH_OPS:
        raise SchemaError(f"Unknown math operation {operation!r}; use one of {MATH_OPS}.")
    value = _float_or_none(step.get("value"), f"The {operation} value")
    if value is None:
        raise SchemaError(f"math {operation} on {name!r} needs a value.")
    out = {"op": "math", "column": name, "operation": operation, "value": value}
    return out, _to_double(schema, name, "math")


def _to_double(schema: Schema | None, name: Any, op: str) -> Schema | None:
    if schema is None:
        return None
    _need(schema, name, NUMERIC, op)
    return _replace(schema, name, ColumnSpec(name, "double"))


def _unary(step: dict[str, Any], schema: Schema | None) -> Any:
    name, fn = step.get("column"), step.get("function")
    if fn not in UNARY_FUNCTIONS:
        raise SchemaError(f"Unknown function {fn!r}; use one of {UNARY_FUNCTIONS}.")
    return {"op": "unary", "column": name, "function": fn}, _to_double(schema, name, fn)  # type: ignore[arg-type]


def _clip(step: dict[str, Any], schema: Schema | None) -> Any:
    name = step.get("column")
    lo = _float_or_none(step.get("min"), "clip min")
    hi = _float_or_none(step.get("max"), "clip max")
    if lo is not None and hi is not None and lo > hi:
        raise SchemaError(f"clip on {name!r}: min {lo} is greater than max {hi}.")
    return {"op": "clip", "column": name, "min": lo, "max": hi}, _to_double(schema, name, "clip")


def _column_math(step: dict[str, Any], schema: Schema | None) -> Any:
    cols, operation, new = step.get("columns"), step.get("operation"), step.get("new_column")
    if not isinstance(cols, (list, tuple)) or len(cols) != 2:
        raise SchemaError(f"column_math needs exactly two columns, got {cols!r}.")
    if operation not in COLUMN_MATH_OPS:
        raise SchemaError(f"Unknown column_math operation {operation!r}; use one of "
                          f"{COLUMN_MATH_OPS}.")
    out = {"op": "column_math", "columns": list(cols), "operation": operation, "new_column": new}
    if schema is None:
        return out, None
    for c in cols:
        _need(schema, c, NUMERIC, "column_math")
    _new_name(schema, new, "column_math")  # type: ignore[arg-type]
    return out, Schema([*schema.columns, ColumnSpec(new, "double")])  # type: ignore[arg-type]


def _normalize(step: dict[str, Any], schema: Schema | None) -> Any:
    name, method = step.get("column"), step.get("method")
    if method not in NORMALIZE_METHODS:
        raise SchemaError(f"Unknown normalization {method!r}; use 'standardize' or 'minmax'.")
    rng = step.get("range")
    if method == "minmax":
        rng = list(rng) if rng is not None else [0.0, 1.0]
        if len(rng) != 2:
            raise SchemaError(f"minmax range must be (low, high), got {rng!r}.")
        rng = [_float_or_none(rng[0], "range low"), _float_or_none(rng[1], "range high")]
    else:
        rng = None
    stats = step.get("stats")
    if stats is not None:
        keys = ("mean", "std") if method == "standardize" else ("min", "max")
        stats = {k: _float_or_none(stats[k], f"normalize stat {k}") for k in keys}
    out = {"op": "normalize", "column": name, "method": method, "range": rng, "stats": stats}
    return out, _to_double(schema, name, "normalize")


def _replace_missing(step: dict[str, Any], schema: Schema | None) -> Any:
    name, strategy, value = step.get("column"), step.get("strategy"), step.get("value")
    if strategy not in REPLACE_STRATEGIES:
        raise SchemaError(f"Unknown replacement strategy {strategy!r}; use constant, mean or "
                          f"median.")
    if strategy == "constant" and value is None:
        raise SchemaError(f"replace_missing on {name!r} with 'constant' needs a value.")
    out = {"op": "replace_missing", "column": name, "strategy": strategy, "value": value}
    if schema is None:
        return out, None
    col = schema.column(name)
    if strategy != "constant" and col.type not in NUMERIC:
        raise SchemaError(f"replace_missing with {strategy} needs a numeric column, but {name!r} "
                          f"is {col.describe()}; use strategy='constant'.")
    if value is not None:
        out["value"] = _fill_value(col, value)
    return out, schema


def _fill_value(col: ColumnSpec, v: Any) -> Any:
    if col.type == "double":
        return float(_float_or_none(v, f"The fill value for {col.name!r}"))  # type: ignore[arg-type]
    if col.type == "int64":
        if isinstance(v, bool) or not isinstance(v, int):
            raise SchemaError(f"Column {col.name!r} is int64; the fill value must be an int, got "
                              f"{v!r}.")
        return v
    if col.type == "string" and isinstance(v, str):
        return v
    if col.type == "categorical" and isinstance(v, str):
        if col.categories is not None and v not in col.categories:
            raise SchemaError(f"Fill value {v!r} is not a category of {col.name!r} "
                              f"({list(col.categories)!r}).")
        return v
    if col.type == "boolean" and isinstance(v, bool):
        return v
    if col.type == "timestamp" and isinstance(v, int) and not isinstance(v, bool):
        return v
    raise SchemaError(f"Fill value {v!r} does not suit column {col.name!r} of type "
                      f"{col.describe()} (timestamps take microseconds since the epoch).")


def _filter(step: dict[str, Any], schema: Schema | None) -> Any:
    cond = step.get("condition")
    if schema is None:
        return {"op": "filter", "condition": condition_spec(cond)}, None
    canon = canonical_condition(cond, schema)
    for c in condition_columns(canon):
        schema.column(c)
    return {"op": "filter", "condition": canon}, schema


def _time_features(step: dict[str, Any], schema: Schema | None) -> Any:
    name, feats = step.get("column"), step.get("features")
    if isinstance(feats, str) or not isinstance(feats, (list, tuple)) or not feats:
        raise SchemaError(f"time_features needs a list of features from {TIME_FEATURES}.")
    for f in feats:
        if f not in TIME_FEATURES:
            raise SchemaError(f"Unknown time feature {f!r}; use any of {TIME_FEATURES}.")
    out = {"op": "time_features", "column": name, "features": list(feats)}
    if schema is None:
        return out, None
    col = _need(schema, name, ("timestamp",), "time_features")  # type: ignore[arg-type]
    new = [col]
    for f in feats:
        new.append(ColumnSpec(_new_name(schema, time_feature_name(name, f), "time_features"),  # type: ignore[arg-type]
                          "int64"))
    return out, _replace(schema, name, new)  # type: ignore[arg-type]


def _string(step: dict[str, Any], schema: Schema | None) -> Any:
    name, fn = step.get("column"), step.get("function")
    if fn not in STRING_FUNCTIONS:
        raise SchemaError(f"Unknown string function {fn!r}; use one of {STRING_FUNCTIONS}.")
    if schema is not None:
        _need(schema, name, ("string",), fn)  # type: ignore[arg-type]
    return {"op": "string", "column": name, "function": fn}, schema


def _replace_string(step: dict[str, Any], schema: Schema | None) -> Any:
    name, pattern, repl = step.get("column"), step.get("pattern"), step.get("replacement")
    if not isinstance(pattern, str) or not pattern or not isinstance(repl, str):
        raise SchemaError(f"replace_string on {name!r} needs a non-empty pattern and a "
                          f"replacement string, got {pattern!r} -> {repl!r}.")
    if schema is not None:
        _need(schema, name, ("string",), "replace_string")  # type: ignore[arg-type]
    return {"op": "replace_string", "column": name, "pattern": pattern,
            "replacement": repl}, schema


def _map_values(step: dict[str, Any], schema: Schema | None) -> Any:
    name, mapping = step.get("column"), step.get("mapping")
    if not isinstance(mapping, dict) or not all(
            isinstance(k, str) and isinstance(v, str) for k, v in mapping.items()):
        raise SchemaError(f"map_values on {name!r} needs a dict of strings to strings, got "
                          f"{mapping!r}.")
    if schema is not None:
        _need(schema, name, ("string",), "map_values")  # type: ignore[arg-type]
    return {"op": "map_values", "column": name, "mapping": dict(mapping)}, schema


_CHECKS = {
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


def needs_fit(step: dict[str, Any]) -> bool:
    """Whether the step still lacks the statistics it learns from data."""
    op = step["op"]
    if op == "normalize":
        return step["stats"] is None
    if op == "replace_missing":
        return step["value"] is None
    if op == "string_to_categorical":
        return step["categories"] is None
    return False
