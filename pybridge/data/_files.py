"""Opening sources on any filesystem pyarrow supports: local paths, URIs, or an explicit
``filesystem=`` (``pyarrow.fs.S3FileSystem``, ``fsspec`` wrapped in ``PyFileSystem``...)."""

from __future__ import annotations

import os
from typing import Any

import pyarrow as pa
import pyarrow.fs as pafs

from .._errors import InvalidArgumentError

__all__ = ["display", "expand", "memory_pool", "open_file", "open_stream", "resolve"]


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
