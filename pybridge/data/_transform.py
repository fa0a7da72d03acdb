"""TransformProcess: an ordered list of declarative steps over a Schema, fitted on data.

The JSON form (shared with ``org.pybridge.data.TransformProcess``)::

    {
      "format": "pybridge-transform",
      "version": 1,
      "schema": {"columns": [{"name": "x", "type": "double"}, ...]},
      "steps": [{"op": "normalize", "column": "x", "method": "standardize", "range": null,
                 "stats": {"mean": 1.5, "std": 0.5}}, ...]
    }

written as ``json.dumps(obj, indent=2)`` (ASCII, two-space indent, floats in ``repr`` style);
the Java writer produces the same bytes.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Mapping, Sequence
from typing import Any

import pyarrow as pa

from ._conditions import Condition
from ._pyexec import apply_step, fit_step
from ._schema import Schema, SchemaError, conform
from ._steps import check, needs_fit

__all__ = ["TransformProcess", "TransformProcessBuilder"]

FORMAT = "pybridge-transform"
VERSION = 1
# Schema-metadata key under which execute() stamps the transform's JSON on its output, so that
# an iterator over that output hands the transform to the model it trains (and its model file).
TRANSFORM_KEY = b"pybridge.transform"


def _plan(schema: Schema, steps: Iterable[dict[str, Any]]) -> tuple[list[dict[str, Any]],
                                                                    list[Schema | None]]:
    """Canonical steps and the schema before each step (plus the final one at the end)."""
    canon: list[dict[str, Any]] = []
    schemas: list[Schema | None] = [schema]
    current: Schema | None = schema
    for k, step in enumerate(steps):
        try:
            step, current = check(dict(step), current)
        except SchemaError as e:
            raise SchemaError(f"Step {k} ({step.get('op')}): {e}") from None
        canon.append(step)
        schemas.append(current)
    return canon, schemas


class TransformProcess:
    """Declarative, JSON-serialisable preprocessing, executed by pyarrow or by the JVM.

    >>> import pyarrow as pa
    >>> from pybridge import data
    >>> t = pa.table({"x": [1.0, 2.0, 3.0], "s": ["a", "b", "a"]})
    >>> tp = (data.TransformProcess.builder(data.Schema.infer(t))
    ...       .normalize("x", "minmax").string_to_categorical("s")
    ...       .categorical_to_integer("s").build())
    >>> tp.execute(t).to_pydict()
    {'x': [0.0, 0.5, 1.0], 's': [0, 1, 0]}
    """

    def __init__(self, schema: Schema, steps: Sequence[dict[str, Any]]) -> None:
        self._schema = schema
        self._steps, self._schemas = _plan(schema, steps)

    @staticmethod
    def builder(schema: Schema) -> TransformProcessBuilder:
        """A builder over the input ``schema`` (e.g. ``Schema.infer(table)``)."""
        return TransformProcessBuilder(schema)

    @property
    def schema(self) -> Schema:
        """The schema the input data must have."""
        return self._schema

    @property
    def steps(self) -> list[dict[str, Any]]:
        """The steps in canonical JSON form (copies)."""
        return json.loads(json.dumps(self._steps))

    @property
    def fitted(self) -> bool:
        """True when no step still needs statistics from data."""
        return not any(needs_fit(s) for s in self._steps)

    @property
    def final_schema(self) -> Schema:
        """The schema of ``execute``'s output (needs fitting when one-hot follows a fitted
        category list)."""
        final = self._schemas[-1]
        if final is None:
            raise SchemaError("The output schema depends on categories that are learnt from "
                              "data: call tp.fit(table) first.")
        return final

    # ------------------------------------------------------------------ fitting / execution

    def fit(self, table: Any) -> TransformProcess:
        """Learns every step's statistics from ``table`` (each on the data reaching that step).

        Returns ``self`` (now fitted) for chaining. Steps already fitted keep their statistics.
        """
        current = conform(table, self._schema)
        steps: list[dict[str, Any]] = []
        schema: Schema | None = self._schema
        for k, step in enumerate(self._steps):
            if schema is None:
                raise SchemaError("internal: unknown schema while fitting")  # pragma: no cover
            step, _ = check(step, schema)  # steps after learnt categories are checked now
            if needs_fit(step):
                step = fit_step(step, current)
            step, next_schema = check(step, schema)
            steps.append(step)
            if k < len(self._steps) - 1:
                current = apply_step(step, current, schema)
            schema = next_schema
        self._steps, self._schemas = _plan(self._schema, steps)
        return self

    def execute(self, table: Any, executor: str = "python") -> pa.Table:
        """Runs the transform on a pyarrow Table (or RecordBatch) and returns a new Table.

        ``executor="python"`` uses pyarrow.compute; ``"jvm"`` hands the columns to the Java
        executor (``org.pybridge.data.TransformProcess``) that Java services and Spark use. An
        unfitted transform is fitted on ``table`` first (the Python side learns statistics).
        """
        if executor not in ("python", "jvm"):
            raise SchemaError(f"executor must be 'python' or 'jvm', got {executor!r}.")
        if not self.fitted:
            self.fit(table)
        if executor == "jvm":
            from ._jvm_executor import execute_on_jvm

            return self._stamp(execute_on_jvm(self, table))
        current = conform(table, self._schema)
        for step, schema in zip(self._steps, self._schemas, strict=False):
            current = apply_step(step, current, schema)  # type: ignore[arg-type]
        return self._stamp(current.combine_chunks())

    def _stamp(self, table: pa.Table) -> pa.Table:
        if table.num_columns == 0:  # pyarrow would lose the row count of a column-less table
            return table
        meta = dict(table.schema.metadata or {})
        meta[TRANSFORM_KEY] = self.to_json().encode()
        return table.replace_schema_metadata(meta)

    # ------------------------------------------------------------------ JSON

    def to_dict(self) -> dict[str, Any]:
        return {"format": FORMAT, "version": VERSION, "schema": self._schema.to_dict(),
                "steps": self.steps}

    def to_json(self) -> str:
        """The canonical JSON text (identical to what the Java side writes)."""
        return json.dumps(self.to_dict(), indent=2, allow_nan=False)

    @staticmethod
    def from_dict(d: Mapping[str, Any]) -> TransformProcess:
        if d.get("format") != FORMAT:
            raise SchemaError(f"Not a transform: 'format' is {d.get('format')!r}, expected "
                              f"{FORMAT!r}.")
        version = d.get("version")
        if version != VERSION:
            raise SchemaError(f"Transform format version {version!r} is not supported by this "
                              f"pybridge (it reads version {VERSION}); upgrade pybridge.")
        return TransformProcess(Schema.from_dict(d["schema"]), d["steps"])

    @staticmethod
    def from_json(text: str) -> TransformProcess:
        """Reads what ``to_json`` (Python or Java) wrote."""
        return TransformProcess.from_dict(json.loads(text))

    def __eq__(self, other: object) -> bool:
        return isinstance(other, TransformProcess) and self.to_dict() == other.to_dict()

    def __hash__(self) -> int:
        return hash(self.to_json())

    def __repr__(self) -> str:
        ops = ", ".join(s["op"] for s in self._steps)
        return f"TransformProcess({len(self._schema)} columns -> [{ops}])"


class TransformProcessBuilder:
    """Adds steps in order; each is checked against the schema reaching it."""

    def __init__(self, schema: Schema) -> None:
        if not isinstance(schema, Schema):
            raise SchemaError(f"TransformProcess.builder needs a data.Schema, got "
                              f"{type(schema).__name__}; use data.Schema.infer(table).")
        self._schema = schema
        self._steps: list[dict[str, Any]] = []
        self._current: Schema | None = schema

    def _add(self, step: dict[str, Any]) -> TransformProcessBuilder:
        try:
            canon, self._current = check(step, self._current)
        except SchemaError as e:
            raise SchemaError(f"{step['op']}: {e}") from None
        self._steps.append(canon)
        return self

    @staticmethod
    def _names(columns: tuple[Any, ...]) -> list[str]:
        if len(columns) == 1 and isinstance(columns[0], (list, tuple)):
            return list(columns[0])
        return list(columns)

    def select_columns(self, *columns: str) -> TransformProcessBuilder:
        """Keeps only these columns, in this order."""
        return self._add({"op": "select_columns", "columns": self._names(columns)})

    def remove_columns(self, *columns: str) -> TransformProcessBuilder:
        return self._add({"op": "remove_columns", "columns": self._names(columns)})

    def rename_columns(self, mapping: Mapping[str, str]) -> TransformProcessBuilder:
        """Renames ``{old: new}``."""
        return self._add({"op": "rename_columns", "mapping": dict(mapping)})

    def rename_column(self, old: str, new: str) -> TransformProcessBuilder:
        return self.rename_columns({old: new})

    def reorder_columns(self, *columns: str) -> TransformProcessBuilder:
        """Moves these columns first, in this order; the others follow in their order."""
        return self._add({"op": "reorder_columns", "columns": self._names(columns)})

    def string_to_categorical(self, column: str,
                              categories: Sequence[str] | None = None) -> TransformProcessBuilder:
        """Strings -> categorical. Without ``categories`` they are fitted (sorted distinct
        values); values outside the categories raise at execution."""
        return self._add({"op": "string_to_categorical", "column": column,
                          "categories": list(categories) if categories is not None else None})

    def _categorical(self, column: str) -> None:
        # A string column gets its categories fitted first, so the common case reads as
        # ``categorical_to_integer("species")`` on raw strings (the JSON spells out both steps).
        if self._current is not None and column in self._current and \
                self._current.column(column).type == "string":
            self.string_to_categorical(column)

    def categorical_to_integer(self, column: str) -> TransformProcessBuilder:
        """Categorical -> int64 category index (null stays null). A string column is first
        made categorical with fitted categories (sorted distinct values)."""
        self._categorical(column)
        return self._add({"op": "categorical_to_integer", "column": column})

    def categorical_to_one_hot(self, column: str) -> TransformProcessBuilder:
        """Categorical -> one int64 0/1 column per category, named ``column[category]``. A
        string column is first made categorical with fitted categories."""
        self._categorical(column)
        return self._add({"op": "categorical_to_one_hot", "column": column})

    def math(self, column: str, operation: str, value: float) -> TransformProcessBuilder:
        """``column <operation> value`` (add, subtract, multiply, divide, power) -> double."""
        return self._add({"op": "math", "column": column, "operation": operation,
                          "value": value})

    def add(self, column: str, value: float) -> TransformProcessBuilder:
        return self.math(column, "add", value)

    def subtract(self, column: str, value: float) -> TransformProcessBuilder:
        return self.math(column, "subtract", value)

    def multiply(self, column: str, value: float) -> TransformProcessBuilder:
        return self.math(column, "multiply", value)

    def divide(self, column: str, value: float) -> TransformProcessBuilder:
        return self.math(column, "divide", value)

    def unary(self, column: str, function: str) -> TransformProcessBuilder:
        """A function of one value (abs, negate, square, sqrt, exp, log, log1p, log10, floor,
        ceil, round (half to even), sign) -> double."""
        return self._add({"op": "unary", "column": column, "function": function})

    def log1p(self, column: str) -> TransformProcessBuilder:
        return self.unary(column, "log1p")

    def abs(self, column: str) -> TransformProcessBuilder:
        return self.unary(column, "abs")

    def clip(self, column: str, min: float | None = None,
             max: float | None = None) -> TransformProcessBuilder:
        """Limits values to [min, max] (None: no bound) -> double; NaN stays NaN."""
        return self._add({"op": "clip", "column": column, "min": min, "max": max})

    def column_math(self, a: str, operation: str, b: str,
                    new_column: str) -> TransformProcessBuilder:
        """Appends ``new_column = a <operation> b`` (add, subtract, multiply, divide), double."""
        return self._add({"op": "column_math", "columns": [a, b], "operation": operation,
                          "new_column": new_column})

    def normalize(self, column: str, method: str = "standardize",
                  range: tuple[float, float] = (0.0, 1.0)) -> TransformProcessBuilder:
        """Standardize ((x - mean) / std, population std) or minmax (onto ``range``), with
        statistics fitted on data; a zero std or span counts as 1."""
        return self._add({"op": "normalize", "column": column, "method": method,
                          "range": list(range) if method == "minmax" else None, "stats": None})

    def replace_missing(self, column: str, strategy: str = "constant",
                        value: Any = None) -> TransformProcessBuilder:
        """Replaces nulls (and NaN in double columns) with a constant, or the fitted mean or
        median of the valid values (rounded half-to-even for int64 columns)."""
        return self._add({"op": "replace_missing", "column": column, "strategy": strategy,
                          "value": value if strategy == "constant" else None})

    def filter(self, condition: Condition) -> TransformProcessBuilder:
        """Keeps the rows where ``condition`` is true (null counts as false)."""
        return self._add({"op": "filter", "condition": condition})

    def time_features(self, column: str, *features: str) -> TransformProcessBuilder:
        """Adds int64 columns ``column_<feature>`` after a timestamp column (UTC): year, month,
        day, hour, minute, second, day_of_week (Monday=0), day_of_year (1-based)."""
        return self._add({"op": "time_features", "column": column,
                          "features": self._names(features)})

    def trim(self, column: str) -> TransformProcessBuilder:
        """Strips ASCII whitespace at both ends."""
        return self._add({"op": "string", "column": column, "function": "trim"})

    def lower(self, column: str) -> TransformProcessBuilder:
        return self._add({"op": "string", "column": column, "function": "lower"})

    def upper(self, column: str) -> TransformProcessBuilder:
        return self._add({"op": "string", "column": column, "function": "upper"})

    def replace_string(self, column: str, pattern: str,
                       replacement: str) -> TransformProcessBuilder:
        """Replaces every occurrence of the literal ``pattern``."""
        return self._add({"op": "replace_string", "column": column, "pattern": pattern,
                          "replacement": replacement})

    def map_values(self, column: str, mapping: Mapping[str, str]) -> TransformProcessBuilder:
        """Maps whole string values; values not in ``mapping`` are kept."""
        return self._add({"op": "map_values", "column": column, "mapping": dict(mapping)})

    def build(self) -> TransformProcess:
        return TransformProcess(self._schema, self._steps)
