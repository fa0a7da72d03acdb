"""Zero-copy handoff of memory between numpy and Java tensors, in both directions.

numpy -> Java: ``NDArray.wrap`` takes the array's data address and byte strides. The numpy array
is kept in :data:`_KEEP` until Java runs the release action it was given (when the last Java
handle over the memory is closed, or collected), so the memory cannot vanish under Java.

Java -> numpy: a new Java handle (``share()``) is wrapped by a small Python owner exposing
``__array_interface__``; numpy keeps that owner as the array's ``base``, and the owner closes the
handle when it is garbage collected, so closing the Python tensor never frees memory a numpy
view still reads.
"""

from __future__ import annotations

import itertools
from typing import Any

import numpy as np
from jpype import JException, JImplements, JOverride

from . import _jvm
from ._dtypes import BFLOAT16, is_supported, java_dtype, unsupported
from ._errors import InvalidArgumentError, translate
from ._jvm import J
from ._memory import unscope

__all__ = ["JavaOwner", "numpy_view", "wrap_numpy"]

# token -> the Python object owning the memory. Entries leave when Java calls the shared
# release listener with their token; a dict pop is atomic under the GIL, so any Java thread
# (the Cleaner's too) may do it.
_KEEP: dict[int, Any] = {}
_tokens = itertools.count(1)
_UINT16_STR = np.dtype(np.uint16).str


@JImplements("java.util.function.LongConsumer", deferred=True)
class _Release:
    """The one listener Java calls (maybe on its Cleaner thread) with the token of memory it
    no longer uses. One shared proxy instead of one per tensor: creating a JPype proxy costs
    about 9 µs, a third of a whole ``from_numpy``."""

    def __init__(self) -> None:
        self._keep = _KEEP  # held directly: module globals may be gone at interpreter exit

    @JOverride
    def accept(self, token: int) -> None:
        # A pop with a default cannot raise, so nothing travels into a Java Cleaner thread.
        self._keep.pop(token, None)


_release: list[Any] = []  # the shared listener, made once the JVM runs


def kept_objects() -> int:
    """Number of Python objects whose memory Java currently wraps (for tests)."""
    return len(_KEEP)


def wrap_java(address: int, dtype: np.dtype[Any], shape: tuple[int, ...],
              strides: tuple[int, ...], readonly: bool, owner: Any) -> Any:
    """A Java tensor over foreign memory kept alive by ``owner`` until Java lets it go."""
    jtype = java_dtype(dtype)
    if not _release:
        _release.append(_Release())
    token = next(_tokens)
    _KEEP[token] = owner
    try:
        return J.ForeignMemory.wrap(address, jtype, shape, strides, readonly, _release[0],
                                    token)
    except JException as e:
        _KEEP.pop(token, None)
        raise translate(e) from None
    except BaseException:
        _KEEP.pop(token, None)
        raise


def wrap_numpy(a: np.ndarray, what: str = "array") -> Any:
    """A Java tensor sharing the memory of numpy array ``a`` (no copy).

    Raises DTypeError for dtypes the engine cannot hold (object, strings, complex, uint16+,
    non-native byte order...) and InvalidArgumentError for strides that are not a multiple of
    the item size (possible only with exotic views; ``np.ascontiguousarray`` fixes them).
    """
    dt = a.dtype
    if not is_supported(dt):
        raise unsupported(dt, f"{what} dtype")
    iface = a.__array_interface__
    address, readonly = iface["data"]
    strides = a.strides
    item = dt.itemsize
    for s, n in zip(strides, a.shape, strict=True):
        if s % item and n > 1:
            raise InvalidArgumentError(
                f"The {what}'s strides {strides} are not multiples of its {item}-byte items, "
                f"so it cannot be shared without copying; pass np.ascontiguousarray(a) (a copy) "
                f"or use pb.array(a)."
            )
    if any(s % item for s in strides):
        # Only size-1 (or empty) dimensions can get here; their stride is never used.
        strides = tuple(s if s % item == 0 else 0 for s in strides)
    return wrap_java(address or 0, dt, a.shape, strides, readonly, a)


class JavaOwner:
    """Owns one Java tensor handle for a numpy array (or Arrow buffer) viewing its memory.

    numpy keeps this object as the array's ``base``; when the last view goes, ``__del__``
    closes the handle, and Java frees the memory if no other handle uses it.
    """

    __slots__ = ("__array_interface__", "_handle")

    def __init__(self, handle: Any, interface: dict[str, Any] | None = None) -> None:
        self._handle = handle
        if interface is not None:
            self.__array_interface__ = interface

    def __del__(self) -> None:
        handle = self._handle
        self._handle = None
        if handle is not None and _jvm.alive():
            # Plain try (not contextlib.suppress): finalizers may run while modules unload.
            try:  # noqa: SIM105
                handle.close()
            except BaseException:
                pass


def share_unscoped(java: Any) -> Any:
    """A new Java handle on the same memory that no scope will close."""
    try:
        return unscope(java.share())
    except JException as e:
        raise translate(e) from None


class _ExportOwner(JavaOwner):
    """A :class:`JavaOwner` whose handle Java keeps (``ForeignMemory.export``), by token.

    numpy keeps this object as the array's ``base``; when the last view goes, ``__del__``
    releases the token, and Java frees the memory if no other handle uses it.
    """

    __slots__ = ("_token",)

    def __init__(self, token: int, interface: dict[str, Any]) -> None:
        super().__init__(None, interface)
        self._token = token

    def __del__(self) -> None:
        token = self._token
        self._token = None
        if token is not None and _jvm.alive():
            try:  # noqa: SIM105 - finalizers may run while modules unload
                J.ForeignMemory.release(token)
            except BaseException:
                pass


def numpy_view(java: Any, shape: tuple[int, ...], dtype: np.dtype[Any],
               byte_strides: tuple[int, ...]) -> np.ndarray:
    """A numpy array over the tensor's off-heap memory (no copy), valid as long as it lives.

    One JVM call lends the memory (a new unscoped handle, its address and read-only flag);
    one more gives it back when the view is collected.
    """
    try:
        info = memoryview(J.ForeignMemory.export(java))
        token, address, readonly = info.cast("B").cast("q").tolist()
    except JException as e:
        raise translate(e) from None
    bf16 = BFLOAT16 is not None and dtype == BFLOAT16
    owner = _ExportOwner(token, {
        "version": 3,
        "shape": shape,
        "typestr": _UINT16_STR if bf16 else dtype.str,
        "data": (address, bool(readonly)),
        "strides": byte_strides,
    })
    view = np.asarray(owner)
    return view.view(BFLOAT16) if bf16 else view
