"""Data pipeline: readers to Arrow, declarative transforms run in Python or on the JVM,
iterators to training batches, and normalizers.

>>> import pyarrow as pa
>>> from pybridge import data
>>> t = pa.table({"x": [1.0, 3.0]})
>>> tp = data.TransformProcess.builder(data.Schema.infer(t)).normalize("x", "minmax").build()
>>> tp.execute(t).column("x").to_pylist()
[0.0, 1.0]
"""

from ._conditions import Condition
from ._csv import read_csv, read_tsv, scan_csv
from ._formats import (
    read_feather,
    read_ipc,
    read_json,
    read_parquet,
    read_text,
    scan_ipc,
    scan_json,
    scan_parquet,
    scan_text,
)
from ._images import image_array, read_images
from ._iterators import Batch, DataSetIterator
from ._normalizers import (
    ImagePreProcessingScaler,
    Normalizer,
    NormalizerMinMax,
    NormalizerStandardize,
    normalizer_from_json,
)
from ._report import DataFormatError, DataWarning, ReadReport, RecordBatchStream, last_read_report
from ._schema import ColumnSpec, Schema, SchemaBuilder, SchemaError
from ._splits import k_fold, train_test_split
from ._sql import connect, read_sql, scan_sql
from ._svmlight import read_svmlight
from ._transform import TransformProcess, TransformProcessBuilder

__all__ = [
    "Batch",
    "ColumnSpec",
    "Condition",
    "DataFormatError",
    "DataSetIterator",
    "DataWarning",
    "ImagePreProcessingScaler",
    "Normalizer",
    "NormalizerMinMax",
    "NormalizerStandardize",
    "ReadReport",
    "RecordBatchStream",
    "Schema",
    "SchemaBuilder",
    "SchemaError",
    "TransformProcess",
    "TransformProcessBuilder",
    "connect",
    "image_array",
    "k_fold",
    "last_read_report",
    "normalizer_from_json",
    "read_csv",
    "read_feather",
    "read_images",
    "read_ipc",
    "read_json",
    "read_parquet",
    "read_sql",
    "read_svmlight",
    "read_text",
    "read_tsv",
    "scan_csv",
    "scan_ipc",
    "scan_json",
    "scan_parquet",
    "scan_sql",
    "scan_text",
    "train_test_split",
]
