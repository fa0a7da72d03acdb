"""Image folders (``root/<class>/<image>``) decoded with Pillow on a thread pool."""

from __future__ import annotations

import io
import json
import os
from concurrent.futures import ThreadPoolExecutor
from typing import Any

import numpy as np
import pyarrow as pa
import pyarrow.fs as pafs

from .._errors import InvalidArgumentError
from ._files import display, resolve
from ._report import DataFormatError, ReadReport, check_policy

__all__ = ["image_array", "read_images"]

EXTENSIONS = (".png", ".jpg", ".jpeg", ".bmp", ".gif", ".tif", ".tiff", ".webp", ".ppm", ".pgm")


def _pillow() -> Any:
    try:
        from PIL import Image
    except ImportError:
        raise ImportError("read_images decodes with Pillow: pip install pillow") from None
    return Image


def _decode(fs: Any, path: str, size: tuple[int, int] | None, mode: str) -> np.ndarray:
    image_mod = _pillow()
    with fs.open_input_file(path) as f:
        data = f.read()
    with image_mod.open(io.BytesIO(data)) as im:
        im = im.convert(mode)
        if size is not None and im.size != (size[1], size[0]):
            im = im.resize((size[1], size[0]), image_mod.Resampling.BILINEAR)
        a = np.asarray(im, dtype=np.uint8)
    return a[:, :, None] if a.ndim == 2 else a


def read_images(root: Any, *, size: tuple[int, int] | None = None, channels: int = 3,
                dtype: str = "uint8", extensions: tuple[str, ...] = EXTENSIONS,
                on_error: str = "fail", filesystem: Any = None,
                threads: int | None = None) -> pa.Table:
    """Reads an image folder into a table: ``image`` (fixed-size lists of H*W*C pixels, uint8
    or float32 in [0, 1]), ``label`` (class index, classes in sorted folder order),
    ``class_name`` and ``path``. The schema metadata holds ``pybridge.image_shape`` and
    ``pybridge.classes`` (JSON).

    Args:
        root: folder with one subfolder per class (any pyarrow filesystem or URI).
        size: ``(height, width)`` to resize to; required when image sizes differ.
        channels: 1 (grey), 3 (RGB) or 4 (RGBA).
        on_error: undecodable files: ``"fail"`` names the file, ``"skip"`` drops and counts.

    >>> from pybridge import data
    >>> t = data.read_images("flowers/", size=(64, 64))  # doctest: +SKIP
    >>> data.image_array(t).shape  # doctest: +SKIP
    (3670, 64, 64, 3)
    """
    policy = check_policy(on_error)
    modes = {1: "L", 3: "RGB", 4: "RGBA"}
    if channels not in modes:
        raise InvalidArgumentError(f"channels must be 1, 3 or 4, got {channels!r}.")
    if dtype not in ("uint8", "float32"):
        raise InvalidArgumentError(f"dtype must be 'uint8' or 'float32', got {dtype!r}.")
    fs, base = resolve(root, filesystem)
    infos = fs.get_file_info(pafs.FileSelector(base, recursive=True, allow_not_found=True))
    files = sorted(i.path for i in infos if i.type == pafs.FileType.File
                   and i.path.lower().endswith(tuple(extensions)))
    files = [p for p in files if "/" in os.path.relpath(p, base).replace(os.sep, "/")]
    if not files:
        raise FileNotFoundError(f"No images ({', '.join(extensions)}) in class subfolders of "
                                f"{display(root)!r}; expected root/<class>/<image>.")
    names = [os.path.relpath(p, base).replace(os.sep, "/").split("/")[0] for p in files]
    classes = sorted(set(names))
    report = ReadReport(display(root), policy)

    def one(p: str) -> np.ndarray | None:
        try:
            return _decode(fs, p, size, modes[channels])
        except Exception as e:
            if policy == "fail":
                raise DataFormatError(f"{p}: cannot decode the image ({e}). Remove the file or "
                                      f"read with on_error='skip'.") from None
            report.skip(f"{p}: cannot decode ({e})")
            return None

    with ThreadPoolExecutor(threads or min(8, (os.cpu_count() or 2))) as pool:
        images = list(pool.map(one, files))
    keep = [i for i, a in enumerate(images) if a is not None]
    shapes = {images[i].shape for i in keep}
    if len(shapes) > 1:
        raise InvalidArgumentError(f"{display(root)}: images have different sizes "
                                   f"({sorted(shapes)[:3]}...); pass size=(height, width).")
    shape = shapes.pop() if shapes else (size or (0, 0)) + (channels,)
    pixels = np.stack([images[i] for i in keep]) if keep else np.zeros((0, *shape), np.uint8)
    flat = pixels.reshape(len(keep), -1)
    if dtype == "float32":
        flat = flat.astype(np.float32) / np.float32(255)
    width = int(np.prod(shape))
    table = pa.table({
        "image": pa.FixedSizeListArray.from_arrays(pa.array(flat.ravel()), width),
        "label": pa.array([classes.index(names[i]) for i in keep], pa.int32()),
        "class_name": pa.array([names[i] for i in keep], pa.string()),
        "path": pa.array([files[i] for i in keep], pa.string()),
    })
    table = table.replace_schema_metadata({
        b"pybridge.image_shape": json.dumps(list(shape)).encode(),
        b"pybridge.classes": json.dumps(classes).encode(),
    })
    report.rows = table.num_rows
    report.finish()
    return table


def image_array(table: Any, column: str = "image") -> np.ndarray:
    """The images of a :func:`read_images` table as one ``(n, H, W, C)`` numpy array (a view
    of the Arrow memory, no copy)."""
    meta = table.schema.metadata or {}
    if b"pybridge.image_shape" not in meta:
        raise InvalidArgumentError("The table has no pybridge.image_shape metadata; it was not "
                                   "made by data.read_images.")
    shape = json.loads(meta[b"pybridge.image_shape"])
    col = table.column(column).combine_chunks()
    return col.flatten().to_numpy().reshape(len(col), *shape)
