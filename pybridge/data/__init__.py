"""Data: Arrow tables in, the same declarative transforms in Python and on the JVM.

>>> import pyarrow as pa
>>> from pybridge import data
>>> t = pa.table({"x": [1.0, 3.0]})
>>> tp = data.TransformProcess.builder(data.Schema.infer(t)).normalize("x", "minmax").build()
>>> tp.execute(t).column("x").to_pylist()
[0.0, 1.0]
"""

from ._conditions import Condition
from ._schema import ColumnSpec, Schema, SchemaBuilder, SchemaError
from ._transform import TransformProcess, TransformProcessBuilder

__all__ = [
    "ColumnSpec",
    "Condition",
    "Schema",
    "SchemaBuilder",
    "SchemaError",
    "TransformProcess",
    "TransformProcessBuilder",
]
