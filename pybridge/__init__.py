"""pybridge: a deep-learning engine on the JVM with a zero-copy numpy face.

>>> import numpy as np
>>> import pybridge as pb
>>> t = pb.from_numpy(np.ones((2, 3), dtype=np.float32))   # shares the numpy memory
>>> (t * 2).sum(axis=0).numpy()
array([4., 4., 4.], dtype=float32)

The JVM starts on first use; ``pb.jvm.start(...)`` sets its options beforehand.
"""

from . import jvm, random
from ._arrow import from_arrow
from ._creation import (
    arange,
    array,
    asarray,
    empty,
    empty_like,
    eye,
    from_numpy,
    full,
    full_like,
    identity,
    linspace,
    ones,
    ones_like,
    zeros,
    zeros_like,
)
from ._dtypes import (
    bool_,
    dtype,
    float16,
    float32,
    float64,
    int8,
    int16,
    int32,
    int64,
    supported_dtypes,
    uint8,
)
from ._errors import (
    ClosedTensorError,
    DTypeError,
    InvalidArgumentError,
    JVMError,
    PyBridgeError,
    ReadOnlyError,
    ShapeError,
    TensorIndexError,
    TensorMemoryError,
)
from ._functions import (
    abs,
    absolute,
    all,
    any,
    argmax,
    argmin,
    ceil,
    clip,
    cos,
    cumprod,
    cumsum,
    dot,
    erf,
    exp,
    expm1,
    floor,
    log,
    log1p,
    log_softmax,
    logical_not,
    matmul,
    max,
    maximum,
    mean,
    min,
    minimum,
    negative,
    outer,
    prod,
    reciprocal,
    relu,
    round,
    rsqrt,
    sigmoid,
    sign,
    sin,
    softmax,
    sqrt,
    square,
    std,
    sum,
    tanh,
    var,
    where,
)
from ._manipulation import (
    argsort,
    concat,
    concatenate,
    one_hot,
    pad,
    put,
    scatter_add,
    sort,
    split,
    stack,
    take,
    take_along_axis,
    tile,
    topk,
)
from ._memory import memory_info, scope
from ._tensor import NDArray

__version__ = "0.1.0"

__all__ = [
    "ClosedTensorError", "DTypeError", "InvalidArgumentError", "JVMError", "NDArray",
    "PyBridgeError", "ReadOnlyError", "ShapeError", "TensorIndexError", "TensorMemoryError",
    "__version__", "abs", "absolute", "all", "any", "arange", "argmax", "argmin", "argsort",
    "array", "asarray", "bool_", "ceil", "clip", "concat", "concatenate", "cos", "cumprod",
    "cumsum", "dot", "dtype", "empty", "empty_like", "erf", "exp", "expm1", "eye", "float16",
    "float32", "float64", "floor", "from_arrow", "from_numpy", "full", "full_like", "identity",
    "int8", "int16", "int32", "int64", "jvm", "linspace", "log", "log1p",
    "log_softmax", "logical_not", "matmul", "max", "maximum", "mean", "memory_info", "min",
    "minimum", "negative", "one_hot", "ones", "ones_like", "outer", "pad", "prod", "put",
    "random", "reciprocal", "relu", "round", "rsqrt", "scatter_add", "scope", "sigmoid", "sign",
    "sin", "softmax", "sort", "split", "sqrt", "square", "stack", "std", "sum",
    "supported_dtypes", "take", "take_along_axis", "tanh", "tile", "topk", "uint8", "var",
    "where", "zeros", "zeros_like",
]  # fmt: skip
