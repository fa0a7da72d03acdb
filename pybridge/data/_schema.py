"""Schema: the named, typed columns a TransformProcess expects, and how Arrow data is conformed.

ColumnSpec types (the names are those of the JSON format, shared with ``org.pybridge.data``):

* ``int64``: any Arrow integer column (widened to int64);
* ``double``: float64 (float16/float32 and integer columns are accepted and widened);
* ``string``: utf8 (large_string accepted);
* ``categorical``: a fixed, ordered category list; the data may be strings or an Arrow
  dictionary column, and is held as ``dictionary<int32, string>`` with exactly those categories;
* ``boolean``;
* ``timestamp``: microseconds since 1970-01-01 UTC (any Arrow timestamp unit or date accepted;
  a time zone is dropped, the instant is kept).
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any

import pyarrow as pa
import pyarrow.compute as pc

from .._errors import InvalidArgumentError

__all__ = ["ColumnSpec", "Schema", "SchemaBuilder", "SchemaError"]

TYPES = ("int64", "double", "string", "categorical", "boolean", "timestamp")
NUMERIC = ("int64", "double")


class SchemaError(InvalidArgumentError):
    """Data or a transform step does not fit the schema (wrong column name or type)."""


@dataclass(frozen=True)
class ColumnSpec:
    """One column of a :class:`Schema`: a name, a type and (categorical only) its categories."""

    name: str
    type: str
    categories: tuple[str, ...] | None = None

    def __post_init__(self) -> None:
        if not isinstance(self.name, str) or not self.name:
            raise SchemaError(f"A column name must be a non-empty string, got {self.name!r}.")
        if self.type not in TYPES:
            raise SchemaError(f"Column {self.name!r} has unknown type {self.type!r}; "
                              f"use one of {', '.join(TYPES)}.")
        if self.type == "categorical":
            if self.categories is None:
                raise SchemaError(f"Categorical column {self.name!r} needs its category list.")
            cats = tuple(self.categories)
            bad = [c for c in cats if not isinstance(c, str)]
            if bad:
                raise SchemaError(f"Categories of {self.name!r} must be strings, got {bad[:3]!r}.")
            if len(set(cats)) != len(cats):
                raise SchemaError(f"Categories of {self.name!r} repeat a value: {list(cats)!r}.")
            object.__setattr__(self, "categories", cats)
        elif self.categories is not None:
            raise SchemaError(f"Only categorical columns have categories ({self.name!r} is "
                              f"{self.type}).")

    def describe(self) -> str:
        """The type as people read it, e.g. ``categorical['a', 'b']``."""
        if self.type == "categorical":
            return f"categorical{list(self.categories or ())!r}"
        return self.type

    def to_dict(self) -> dict[str, Any]:
        d: dict[str, Any] = {"name": self.name, "type": self.type}
        if self.type == "categorical":
            d["categories"] = list(self.categories or ())
        return d

    @staticmethod
    def from_dict(d: dict[str, Any]) -> ColumnSpec:
        cats = d.get("categories")
        return ColumnSpec(d["name"], d["type"], tuple(cats) if cats is not None else None)

    def arrow_type(self) -> pa.DataType:
        return {
            "int64": pa.int64(),
            "double": pa.float64(),
            "string": pa.string(),
            "categorical": pa.dictionary(pa.int32(), pa.string()),
            "boolean": pa.bool_(),
            "timestamp": pa.timestamp("us"),
        }[self.type]


class Schema:
    """The ordered, typed columns of a table. Immutable.

    >>> import pyarrow as pa
    >>> s = Schema.infer(pa.table({"x": [1.5, 2.0], "name": ["a", "b"]}))
    >>> s.names
    ['x', 'name']
    >>> Schema.builder().add_double("x").add_categorical("c", ["a", "b"]).build().types
    ['double', 'categorical']
    """

    def __init__(self, columns: Iterable[ColumnSpec]) -> None:
        self._columns = tuple(columns)
        seen: set[str] = set()
        for c in self._columns:
            if c.name in seen:
                raise SchemaError(f"The schema names column {c.name!r} twice; names must be "
                                  f"unique.")
            seen.add(c.name)
        self._index = {c.name: i for i, c in enumerate(self._columns)}

    @staticmethod
    def builder() -> SchemaBuilder:
        """A builder: ``Schema.builder().add_double("x").add_string("s").build()``."""
        return SchemaBuilder()

    @staticmethod
    def infer(table: Any) -> Schema:
        """The schema of a pyarrow Table or RecordBatch (dictionary columns become categorical)."""
        cols = []
        for field in table.schema:
            cols.append(_infer_column(field, table.column(field.name)))
        return Schema(cols)

    @property
    def columns(self) -> list[ColumnSpec]:
        return list(self._columns)

    @property
    def names(self) -> list[str]:
        return [c.name for c in self._columns]

    @property
    def types(self) -> list[str]:
        return [c.type for c in self._columns]

    def __len__(self) -> int:
        return len(self._columns)

    def __contains__(self, name: object) -> bool:
        return name in self._index

    def column(self, name: str) -> ColumnSpec:
        """The column called ``name``; unknown names raise, listing the available ones."""
        i = self._index.get(name)
        if i is None:
            raise SchemaError(f"Unknown column {name!r}; the schema has: {self.names}.")
        return self._columns[i]

    def index(self, name: str) -> int:
        self.column(name)
        return self._index[name]

    def __eq__(self, other: object) -> bool:
        return isinstance(other, Schema) and self._columns == other._columns

    def __hash__(self) -> int:
        return hash(self._columns)

    def __repr__(self) -> str:
        inner = ", ".join(f"{c.name}: {c.describe()}" for c in self._columns)
        return f"Schema({inner})"

    def to_dict(self) -> dict[str, Any]:
        return {"columns": [c.to_dict() for c in self._columns]}

    @staticmethod
    def from_dict(d: dict[str, Any]) -> Schema:
        return Schema(ColumnSpec.from_dict(c) for c in d["columns"])

    def arrow_schema(self) -> pa.Schema:
        """The Arrow schema of conformed data (see :func:`conform`)."""
        return pa.schema([pa.field(c.name, c.arrow_type()) for c in self._columns])


class SchemaBuilder:
    """Adds columns in order; ``build()`` checks names are unique."""

    def __init__(self) -> None:
        self._cols: list[ColumnSpec] = []

    def add(self, name: str, type: str, categories: Sequence[str] | None = None) -> SchemaBuilder:
        self._cols.append(ColumnSpec(name, type, tuple(categories) if categories is not None
                                 else None))
        return self

    def add_int64(self, name: str) -> SchemaBuilder:
        return self.add(name, "int64")

    def add_double(self, name: str) -> SchemaBuilder:
        return self.add(name, "double")

    def add_string(self, name: str) -> SchemaBuilder:
        return self.add(name, "string")

    def add_categorical(self, name: str, categories: Sequence[str]) -> SchemaBuilder:
        return self.add(name, "categorical", categories)

    def add_boolean(self, name: str) -> SchemaBuilder:
        return self.add(name, "boolean")

    def add_timestamp(self, name: str) -> SchemaBuilder:
        return self.add(name, "timestamp")

    def build(self) -> Schema:
        return Schema(self._cols)


def _infer_column(field: pa.Field, data: Any) -> ColumnSpec:
    t = field.type
    if pa.types.is_dictionary(t):
        if not (pa.types.is_string(t.value_type) or pa.types.is_large_string(t.value_type)):
            raise SchemaError(f"Column {field.name!r} is a dictionary of {t.value_type}; only "
                              f"dictionaries of strings can be categorical.")
        cats: list[str] = []
        for chunk in (data.chunks if isinstance(data, pa.ChunkedArray) else [data]):
            for c in chunk.dictionary.to_pylist():
                if c is not None and c not in cats:
                    cats.append(c)
        return ColumnSpec(field.name, "categorical", tuple(cats))
    kind = arrow_kind(t)
    if kind is None:
        raise SchemaError(f"Column {field.name!r} has Arrow type {t}, which a transform cannot "
                          f"hold; supported: integers, floats, strings, dictionaries of strings, "
                          f"booleans, timestamps and dates. Cast it first (table.cast(...)).")
    return ColumnSpec(field.name, kind)


def arrow_kind(t: pa.DataType) -> str | None:
    """The schema type an Arrow type maps to, or None."""
    if pa.types.is_integer(t):
        return "int64"
    if pa.types.is_floating(t):
        return "double"
    if pa.types.is_string(t) or pa.types.is_large_string(t):
        return "string"
    if pa.types.is_boolean(t):
        return "boolean"
    if pa.types.is_timestamp(t) or pa.types.is_date(t):
        return "timestamp"
    return None


def _accepts(col: ColumnSpec, t: pa.DataType) -> bool:
    if col.type == "categorical":
        return (pa.types.is_string(t) or pa.types.is_large_string(t)
                or (pa.types.is_dictionary(t) and arrow_kind(t.value_type) == "string"))
    kind = arrow_kind(t)
    if col.type == "double":
        return kind in ("double", "int64")
    return kind == col.type


def conform(table: Any, schema: Schema) -> pa.Table:
    """``table`` with exactly the schema's columns, in order, in canonical Arrow types.

    Extra columns are not part of the schema and are left out; a missing column or one of an
    incompatible type raises a SchemaError naming it, both types and the fix.
    """
    if isinstance(table, pa.RecordBatch):
        table = pa.Table.from_batches([table])
    if not isinstance(table, pa.Table):
        raise SchemaError(f"A transform runs on a pyarrow Table or RecordBatch, got "
                          f"{type(table).__name__}.")
    names = table.column_names
    arrays = []
    for col in schema.columns:
        if col.name not in names:
            raise SchemaError(f"The data has no column {col.name!r} (schema type "
                              f"{col.describe()}); its columns are: {names}.")
        data = table.column(col.name)
        if not _accepts(col, data.type):
            raise SchemaError(
                f"Column {col.name!r} holds {data.type} data but the transform's schema says "
                f"{col.describe()}; cast the column (e.g. table.set_column(...) with "
                f"pc.cast) or build the transform from a schema inferred on this data.")
        arrays.append(_conform_array(col, data))
    return pa.Table.from_arrays(arrays, schema=schema.arrow_schema())


def _conform_array(col: ColumnSpec, data: pa.ChunkedArray) -> pa.Array:
    data = data.combine_chunks() if data.num_chunks != 1 else data.chunk(0)
    t = data.type
    if col.type == "categorical":
        return encode_categorical(col.name, data, col.categories or ())
    if col.type == "timestamp":
        if pa.types.is_date(t):
            data = data.cast(pa.timestamp("us"))
        elif t.tz is not None:
            # Keep the instant (UTC) and drop the zone, so features are computed in UTC.
            data = data.cast(pa.timestamp(t.unit, tz="UTC")).cast(pa.int64()).cast(
                pa.timestamp(t.unit))
        return data.cast(pa.timestamp("us"))
    if col.type == "string" and pa.types.is_large_string(t):
        return data.cast(pa.string())
    # int64 -> double rounds to nearest beyond 2**53, as the JVM does: not an error.
    return data.cast(col.arrow_type(), safe=col.type != "double")


def encode_categorical(name: str, data: pa.Array, categories: Sequence[str]) -> pa.Array:
    """Strings (or a dictionary column) as ``dictionary<int32, string>`` over ``categories``."""
    if pa.types.is_dictionary(data.type):
        data = data.cast(data.type.value_type)
    if pa.types.is_large_string(data.type):
        data = data.cast(pa.string())
    cats = pa.array(list(categories), type=pa.string())
    idx = pc.index_in(data, value_set=cats)
    unknown = pc.and_(pc.is_null(idx), pc.is_valid(data))
    if pc.any(unknown).as_py():
        bad = pc.unique(pc.filter(data, unknown)).to_pylist()
        raise SchemaError(
            f"Column {name!r} holds {len(bad)} value(s) outside its categories "
            f"{list(categories)!r}: {bad[:5]!r}; list them in the categories "
            f"(string_to_categorical(..., categories=[...])) or map them first (map_values).")
    return pa.DictionaryArray.from_arrays(idx.cast(pa.int32()), cats)
