"""Row conditions for ``TransformProcess.builder(...).filter(condition)``.

A condition is data (a JSON object) so both executors evaluate it the same way. Nulls follow SQL:
a comparison with a null is null, ``&``/``|`` use three-valued (Kleene) logic, and ``filter``
keeps only rows whose condition is true. ``isin`` is false for a null, ``is_null`` never null.
NaN compares false with everything (IEEE), and is not null.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from ._schema import Schema, SchemaError

__all__ = ["Condition"]

COMPARISONS = ("lt", "le", "gt", "ge", "eq", "ne")


class Condition:
    """A row predicate built from column tests and ``&``, ``|``, ``~``.

    >>> c = (Condition.gt("x", 0) & Condition.isin("species", ["setosa"])) | Condition.is_null("x")
    >>> c.to_dict()["op"]
    'or'
    """

    def __init__(self, spec: dict[str, Any]) -> None:
        self._spec = spec

    def to_dict(self) -> dict[str, Any]:
        return self._spec

    def __repr__(self) -> str:
        return f"Condition({self._spec!r})"

    @staticmethod
    def _cmp(op: str, column: str, value: Any) -> Condition:
        return Condition({"op": op, "column": column, "value": value})

    @staticmethod
    def lt(column: str, value: Any) -> Condition:
        """Rows where ``column < value``."""
        return Condition._cmp("lt", column, value)

    @staticmethod
    def le(column: str, value: Any) -> Condition:
        return Condition._cmp("le", column, value)

    @staticmethod
    def gt(column: str, value: Any) -> Condition:
        return Condition._cmp("gt", column, value)

    @staticmethod
    def ge(column: str, value: Any) -> Condition:
        return Condition._cmp("ge", column, value)

    @staticmethod
    def eq(column: str, value: Any) -> Condition:
        return Condition._cmp("eq", column, value)

    @staticmethod
    def ne(column: str, value: Any) -> Condition:
        return Condition._cmp("ne", column, value)

    @staticmethod
    def isin(column: str, values: Iterable[Any]) -> Condition:
        """Rows whose value is one of ``values`` (never true for a null)."""
        return Condition({"op": "in", "column": column, "values": list(values)})

    @staticmethod
    def is_null(column: str) -> Condition:
        return Condition({"op": "is_null", "column": column})

    def __and__(self, other: Condition) -> Condition:
        return Condition({"op": "and", "conditions": [self._spec, condition_spec(other)]})

    def __or__(self, other: Condition) -> Condition:
        return Condition({"op": "or", "conditions": [self._spec, condition_spec(other)]})

    def __invert__(self) -> Condition:
        return Condition({"op": "not", "condition": self._spec})


def condition_spec(c: Any) -> dict[str, Any]:
    if isinstance(c, Condition):
        return c.to_dict()
    if isinstance(c, dict):
        return c
    raise SchemaError(f"Expected a Condition, got {type(c).__name__}.")


def _value(column: str, kind: str, categories: Any, v: Any, what: str) -> Any:
    """``v`` in the JSON form the column's type uses (floats stay floats, ints ints)."""
    if v is None:
        raise SchemaError(f"The {what} for column {column!r} is None; test nulls with "
                          f"Condition.is_null.")
    if kind == "double":
        if isinstance(v, bool) or not isinstance(v, (int, float)):
            raise SchemaError(f"Column {column!r} is double; the {what} must be a number, got "
                              f"{v!r}.")
        return float(v)
    if kind == "int64":
        if isinstance(v, bool) or not isinstance(v, (int, float)):
            raise SchemaError(f"Column {column!r} is int64; the {what} must be a number, got "
                              f"{v!r}.")
        return int(v) if isinstance(v, int) else float(v)
    if kind in ("string", "categorical"):
        if not isinstance(v, str):
            raise SchemaError(f"Column {column!r} is {kind}; the {what} must be a string, got "
                              f"{v!r}.")
        return v
    if kind == "boolean":
        if not isinstance(v, bool):
            raise SchemaError(f"Column {column!r} is boolean; the {what} must be True or False, "
                              f"got {v!r}.")
        return v
    raise SchemaError(f"Column {column!r} is {kind}; conditions on {kind} columns support "
                      f"is_null only.")


def canonical_condition(spec: Any, schema: Schema) -> dict[str, Any]:
    """The condition checked against ``schema``, with values in canonical JSON form."""
    spec = condition_spec(spec)
    op = spec.get("op")
    if op in ("and", "or"):
        parts = spec.get("conditions") or []
        if len(parts) < 1:
            raise SchemaError(f"An '{op}' condition needs at least one condition.")
        return {"op": op, "conditions": [canonical_condition(p, schema) for p in parts]}
    if op == "not":
        return {"op": "not", "condition": canonical_condition(spec.get("condition"), schema)}
    column = spec.get("column")
    col = schema.column(column)
    if op == "is_null":
        return {"op": "is_null", "column": column}
    if op == "in":
        values = [_value(column, col.type, col.categories, v, "value") for v in spec["values"]]
        return {"op": "in", "column": column, "values": values}
    if op in COMPARISONS:
        if col.type in ("categorical", "boolean") and op not in ("eq", "ne"):
            raise SchemaError(f"Column {column!r} is {col.type}: compare it with eq, ne or "
                              f"isin, not {op}.")
        return {"op": op, "column": column,
                "value": _value(column, col.type, col.categories, spec.get("value"), "value")}
    raise SchemaError(f"Unknown condition op {op!r}; use lt, le, gt, ge, eq, ne, in, is_null, "
                      f"and, or, not.")


def condition_columns(spec: dict[str, Any]) -> list[str]:
    op = spec["op"]
    if op in ("and", "or"):
        return [c for p in spec["conditions"] for c in condition_columns(p)]
    if op == "not":
        return condition_columns(spec["condition"])
    return [spec["column"]]
