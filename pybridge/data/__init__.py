"""Data pipeline: readers to Arrow, iterators to training batches, normalizers.

>>> from pybridge import data
>>> callable(data.read_csv)
True
"""

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
from ._splits import k_fold, train_test_split
from ._sql import connect, read_sql, scan_sql
from ._svmlight import read_svmlight

__all__ = [
    "Batch",
    "DataFormatError",
    "DataSetIterator",
    "DataWarning",
    "ImagePreProcessingScaler",
    "Normalizer",
    "NormalizerMinMax",
    "NormalizerStandardize",
    "ReadReport",
    "RecordBatchStream",
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
