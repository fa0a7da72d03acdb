"""Opening sources on any filesystem pyarrow supports: local paths, URIs, or an explicit
``filesystem=`` (``pyarrow.fs.S3FileSystem``, ``fsspec`` wrapped in ``PyFileSystem``...)."""

from __future__ import annotations

import ctypes
import functools
import os
from typing import Any

import pyarrow as pa
import pyarrow.fs as pafs

from .._errors import InvalidArgumentError

__all__ = ["display", "expand", "give_back", "memory_pool", "open_file", "open_stream",
           "resolve"]

# Reads that leave at least this much behind hand the C allocator's free pages back.
GIVE_BACK_BYTES = 1 << 26


def memory_pool() -> Any:
    """The Arrow memory pool that pybridge's readers parse into.

    pyarrow's bundled mimalloc hands freed pages back to the kernel and faults them in again
    (zeroed) for the next block, so a parse spends much of its time in the kernel: reading a
    1 GB CSV took 7.3-9.7 s with it and 4.8-5.4 s with the C library's allocator on this
    project's 2-core hosts. The readers therefore use ``pyarrow.system_memory_pool()``,
    unless ``ARROW_DEFAULT_MEMORY_POOL`` names a pool, which then wins (pyarrow's default).

    >>> memory_pool().backend_name in ("system", "mimalloc", "jemalloc")
    True
    """
    if os.environ.get("ARROW_DEFAULT_MEMORY_POOL"):
        return pa.default_memory_pool()
    return pa.system_memory_pool()


@functools.cache
def _malloc_trim() -> Any:
    try:
        return ctypes.CDLL("libc.so.6").malloc_trim  # glibc; ctypes releases the GIL
    except (OSError, AttributeError):
        return None


def give_back() -> None:
    """Returns the C allocator's free pages to the kernel after a large read.

    glibc keeps what a parse freed for the process's next allocations: after a 1 GB CSV read
    the process held 2.0 GiB where the table needs 0.5, and ``malloc_trim`` brought it to
    0.65 GiB in ~0.17 s. A no-op where readers use another pool or the C library is not glibc.

    >>> give_back()
    """
    trim = _malloc_trim()
    if trim is not None and memory_pool().backend_name == "system":
        trim(0)


def resolve(source: Any, filesystem: Any = None) -> tuple[Any, str]:
    """``(filesystem, path)`` for a path, ``pathlib`` path or URI."""
    if isinstance(source, os.PathLike):
        source = os.fspath(source)
    if not isinstance(source, str):
        raise InvalidArgumentError(f"A source must be a path or URI string, got "
                                   f"{type(source).__name__}.")
    if filesystem is not None:
        return filesystem, source
    if "://" in source:
        try:
            return pafs.FileSystem.from_uri(source)
        except Exception as e:
            raise InvalidArgumentError(f"Cannot open {source!r}: {e}. Pass filesystem= for "
                                       f"filesystems pyarrow cannot build from a URI.") from e
    return pafs.LocalFileSystem(), os.path.abspath(source)


def _check_exists(fs: Any, path: str, shown: str) -> None:
    info = fs.get_file_info(path)
    if info.type == pafs.FileType.NotFound:
        raise FileNotFoundError(f"No such file: {shown!r}.")


def open_stream(source: Any, filesystem: Any = None) -> Any:
    """A sequential input stream; compressed files (.gz, .bz2, .zst...) are decompressed."""
    fs, path = resolve(source, filesystem)
    _check_exists(fs, path, display(source))
    return fs.open_input_stream(path, compression="detect")


def open_file(source: Any, filesystem: Any = None) -> Any:
    """A random-access file (Parquet, Arrow IPC)."""
    fs, path = resolve(source, filesystem)
    _check_exists(fs, path, display(source))
    return fs.open_input_file(path)


def expand(source: Any) -> list[Any]:
    """One source or a list of them."""
    if isinstance(source, (list, tuple)):
        if not source:
            raise InvalidArgumentError("Got an empty list of sources; give at least one path.")
        return list(source)
    return [source]


def display(source: Any) -> str:
    return os.fspath(source) if isinstance(source, (str, os.PathLike)) else repr(source)
