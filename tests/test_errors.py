"""Bad input gets clear errors: the right Python class, a message naming input, expectation, fix."""

from __future__ import annotations

import jpype
import numpy as np
import pytest

import pybridge as pb
from pybridge._errors import translate


@pytest.mark.parametrize(
    "dtype",
    ["uint16", "uint32", "uint64", "complex64", "complex128", "datetime64[s]", "U3", "S2",
     "longdouble"],
)
def test_unsupported_numpy_dtypes_are_dtype_errors(dtype):
    a = np.zeros(3, dtype=dtype)
    with pytest.raises(pb.DTypeError) as info:
        pb.from_numpy(a)
    message = str(info.value)
    assert isinstance(info.value, TypeError)
    assert np.dtype(dtype).name in message or str(np.dtype(dtype)) in message
    assert "float32" in message and "int64" in message  # the supported list


def test_unsupported_dtype_names_the_fix():
    with pytest.raises(pb.DTypeError, match=r"astype\(np.float32\)"):
        pb.from_numpy(np.zeros(2, dtype=np.complex64))
    with pytest.raises(pb.DTypeError, match="complex64"):
        pb.zeros(3, dtype="complex64")
    with pytest.raises(pb.DTypeError, match="not-a-type"):
        pb.ones(2, dtype="not-a-type")


def test_object_arrays_are_refused_with_a_fix():
    with pytest.raises(pb.DTypeError, match="object arrays") as info:
        pb.from_numpy(np.array([1, "a", None], dtype=object))
    assert "np.asarray(values, dtype=np.float32)" in str(info.value)
    with pytest.raises(pb.DTypeError, match="object"):
        pb.array(np.array([object()]))


def test_ragged_lists_are_invalid_arguments():
    with pytest.raises(pb.InvalidArgumentError, match="lists of equal length"):
        pb.array([[1, 2], [3]])


def test_structured_and_byte_swapped_arrays():
    structured = np.zeros(2, dtype=[("x", "f4"), ("y", "i4")])
    with pytest.raises(pb.DTypeError):
        pb.from_numpy(structured)
    swapped = np.arange(3, dtype=">f4")
    with pytest.raises(pb.DTypeError, match="byte order") as info:
        pb.from_numpy(swapped)
    assert "newbyteorder" in str(info.value)
    with pb.array(swapped.astype("=f4")) as t:  # the suggested fix works
        assert t.tolist() == [0.0, 1.0, 2.0]


def test_mismatched_shapes_are_shape_errors_naming_both():
    with pb.ones((2, 3)) as a, pb.ones((4,)) as b:
        with pytest.raises(pb.ShapeError) as info:
            a.reshape(5)
        assert isinstance(info.value, ValueError)
        assert "(2, 3)" in str(info.value)
        with pytest.raises(pb.ShapeError, match=r"\(2, 3\).*\(4,\)|\(4,\).*\(2, 3\)"):
            a.broadcast_to((4,))
        with pytest.raises(ValueError):
            b.broadcast_to((3,))


def test_out_of_range_indices_are_index_errors():
    with pb.arange(6).reshape(2, 3) as t:
        with pytest.raises(pb.TensorIndexError,
                           match="index 5 is out of bounds for axis 1 with size 3"):
            t[0, 5]
        with pytest.raises(IndexError, match="index -3 is out of bounds for axis 0 with size 2"):
            t[-3]
        with pytest.raises(IndexError, match="too many indices"):
            t[0, 0, 0]
        with pytest.raises(IndexError, match="out of bounds"):
            t[[0, 2]]
        with pytest.raises(IndexError, match="out of bounds"):
            t[0, 3] = 1
        with pytest.raises(IndexError, match="single ellipsis"):
            t[..., ...]
        with pytest.raises(IndexError, match="valid indices"):
            t["a"]


def test_python_protocol_errors_follow_numpy():
    with pb.zeros(()) as scalar, pb.zeros((2, 2)) as matrix:
        with pytest.raises(TypeError, match="unsized"):
            len(scalar)
        with pytest.raises(TypeError, match="0-d"):
            iter(scalar)
        with pytest.raises(ValueError, match="ambiguous"):
            bool(matrix)
        with pytest.raises(TypeError, match="size 1"):
            float(matrix)
        with pytest.raises(TypeError):
            {matrix: 1}  # noqa: B018 - unhashable, like numpy arrays


def test_invalid_shapes_and_arguments():
    with pytest.raises(pb.InvalidArgumentError, match="negative dimensions"):
        pb.zeros((2, -1))
    with pytest.raises(pb.InvalidArgumentError, match="shape must be"):
        pb.zeros("abc")
    with pytest.raises(pb.InvalidArgumentError, match="step"):
        pb.arange(0, 5, 0)
    with pb.ones(3) as t, pytest.raises(pb.InvalidArgumentError, match="out="):
        t.sum(out=np.zeros(()))


def test_strides_that_cannot_be_shared_are_explained():
    raw = np.zeros(17, dtype=np.uint8)
    odd = np.lib.stride_tricks.as_strided(raw[1:].view(np.int16)[:1], shape=(4,), strides=(3,))
    with pytest.raises(pb.InvalidArgumentError, match="ascontiguousarray"):
        pb.from_numpy(odd)


def _java_exception(name: str, message: str) -> jpype.JException:
    """An exception object made by Java (as if thrown there), via reflection."""
    string = jpype.JClass("java.lang.String")
    return jpype.JClass(name).class_.getConstructor(string).newInstance(message)


def test_translate_maps_java_exception_classes():
    cases = {
        "java.lang.ArrayIndexOutOfBoundsException": pb.TensorIndexError,
        "java.lang.NumberFormatException": pb.InvalidArgumentError,
        "org.pybridge.tensor.DataTypeException": pb.DTypeError,
        "org.pybridge.tensor.ReadOnlyTensorException": pb.ReadOnlyError,
        "org.pybridge.tensor.ClosedTensorException": pb.ClosedTensorError,
        "java.lang.IllegalStateException": pb.PyBridgeError,
    }
    for name, expected in cases.items():
        java = _java_exception(name, "what went wrong")
        err = translate(java)
        assert type(err) is expected, name
        assert err.java_class == name
        assert "what went wrong" in str(err)
    generic = translate(_java_exception("java.lang.IllegalStateException", "boom"))
    assert str(generic) == "java.lang.IllegalStateException: boom"  # unknown: class named


def test_in_place_results_must_fit_the_dtype():
    with pb.arange(4, dtype="int32") as t:
        with pytest.raises(pb.DTypeError, match="same_kind"):
            t /= 2
        with pytest.raises(TypeError, match="same_kind"):
            t += 1.5


def test_dtype_helpers():
    assert pb.dtype("float32") == pb.float32 == np.dtype(np.float32)
    assert pb.dtype(np.int8) == pb.int8 and pb.dtype(bool) == pb.bool_
    assert "float16" in pb.supported_dtypes() and "uint16" not in pb.supported_dtypes()
    with pytest.raises(pb.DTypeError, match="uint16"):
        pb.dtype("uint16")


def test_bfloat16_needs_ml_dtypes_on_the_python_side():
    from pybridge._dtypes import BFLOAT16
    from pybridge._jvm import J
    from pybridge._tensor import wrap

    if BFLOAT16 is not None:
        with pb.ones(3, dtype="bfloat16") as t:
            assert t.dtype == BFLOAT16 and t.numpy().tolist() == [1.0, 1.0, 1.0]
        return
    with pytest.raises(pb.DTypeError, match="pip install ml_dtypes"):
        pb.zeros(2, dtype="bfloat16")
    with pb.full((3,), 1.5) as f, wrap(f._j.cast(J.dtypes["bfloat16"])) as b:
        assert repr(b) == "pb.NDArray([1.5, 1.5, 1.5], dtype=bfloat16)"
        with pytest.raises(pb.DTypeError, match="ml_dtypes"):
            b.numpy()
        with b.astype("float32") as back:
            assert back.tolist() == [1.5, 1.5, 1.5]
