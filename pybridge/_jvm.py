"""Starting the JVM in this process through JPype, once, with the engine's jars.

JPype can start one JVM per process and never restart it, so the settings of the first start
are final: :func:`start` records them and refuses different ones later with an explanation.
Everything that needs Java calls :func:`ensure_started`, which starts with defaults on first use.
"""

from __future__ import annotations

import atexit
import faulthandler
import os
import re
import shutil
import subprocess
import sys
import threading
from collections.abc import Iterable
from pathlib import Path
from typing import Any, ClassVar, NamedTuple

import jpype

from . import _spark_jvm
from ._errors import InvalidArgumentError, JVMError

__all__ = ["J", "classpath", "ensure_started", "is_started", "java_version", "shutdown", "start"]

MIN_JAVA = 17

_PACKAGE_DIR = Path(__file__).resolve().parent
_BUNDLED_JARS = _PACKAGE_DIR / "_jars"
_DEV_JARS = _PACKAGE_DIR.parent / "jvm" / "dist" / "target" / "jars"


class _Settings(NamedTuple):
    java_home: str | None
    max_heap: str | None
    max_offheap: str | None
    classpath: tuple[str, ...]
    jvm_options: tuple[str, ...]
    spark: bool = False


class _Java:
    """Java classes and enum constants, looked up once after the JVM starts.

    Attribute access is all a hot path pays (``J.NDArray``, ``J.ADD``). Classes that may be
    missing from an older engine build (``NDArrays``, ``Generator``...) resolve lazily on first
    use, so a missing class only fails the call that needs it, with a message saying why.
    """

    _OPTIONAL: ClassVar[dict[str, str]] = {
        "NDArrays": "org.pybridge.tensor.NDArrays",
        "Generator": "org.pybridge.tensor.Generator",
        "ReduceKernels": "org.pybridge.tensor.internal.ReduceKernels",
        "LinalgKernels": "org.pybridge.tensor.internal.LinalgKernels",
        "ForeignMemory": "org.pybridge.tensor.ForeignMemory",
    }

    def __getattr__(self, name: str) -> Any:
        if name.startswith("__"):
            raise AttributeError(name)
        if not _started:
            ensure_started()
            return getattr(self, name)
        qualified = self._OPTIONAL.get(name)
        if qualified is None:
            raise AttributeError(name)
        try:
            value = jpype.JClass(qualified)
        except Exception as e:
            raise JVMError(
                f"The engine jars lack the Java class {qualified}: they are older than this "
                f"Python package. Rebuild them with `./mvnw -q -B -DskipTests package` (or "
                f"reinstall with `pip install .`). Jars in use: {', '.join(_jar_paths())}"
            ) from e
        setattr(self, name, value)
        return value


J = _Java()

_lock = threading.RLock()
_started = False
_settings: _Settings | None = None
_adopted = False  # the JVM was started by someone else (with our jars on its classpath)
_shut_down = False
_exiting = False


def _jar_paths() -> list[str]:
    for folder in (_BUNDLED_JARS, _DEV_JARS):
        jars = sorted(folder.glob("*.jar")) if folder.is_dir() else []
        if jars:
            return [str(j) for j in jars]
    return []


def classpath() -> list[str]:
    """Paths of the engine's jars, e.g. to compile a Java service against them.

    The jars bundled in the installed package are used; in a source checkout the ones Maven
    built into ``jvm/dist/target/jars``::

        >>> import pybridge as pb
        >>> any(p.endswith(".jar") for p in pb.jvm.classpath())
        True
    """
    jars = _jar_paths()
    if not jars:
        raise JVMError(
            f"No pybridge jars found: looked in {_BUNDLED_JARS} (bundled by `pip install .`) "
            f"and in {_DEV_JARS} (built by Maven in a source checkout). Build them with "
            f"`./mvnw -q -B -DskipTests package` from the repository root, or reinstall the "
            f"package with `pip install .`."
        )
    return jars


def _home_from_path() -> Path | None:
    exe = shutil.which("java")
    if exe is None:
        return None
    # /usr/bin/java is usually a chain of links (alternatives); the JDK is two levels above
    # the real binary.
    return Path(os.path.realpath(exe)).parent.parent


def find_java_home(java_home: str | os.PathLike[str] | None = None) -> Path:
    """The JDK to use: ``java_home``, else ``$JAVA_HOME``, else the ``java`` on ``PATH``."""
    if java_home is not None:
        home, source = Path(java_home), "java_home argument"
    elif os.environ.get("JAVA_HOME"):
        home, source = Path(os.environ["JAVA_HOME"]), "JAVA_HOME"
    else:
        found = _home_from_path()
        if found is None:
            raise JVMError(
                f"No Java runtime found: install a JDK {MIN_JAVA}+ or set JAVA_HOME "
                f"(neither JAVA_HOME nor a `java` on PATH is set)."
            )
        home, source = found, "`java` on PATH"
    if not home.is_dir():
        raise JVMError(
            f"The Java home {home} (from {source}) does not exist: install a JDK {MIN_JAVA}+ "
            f"or point JAVA_HOME at one."
        )
    return home.resolve()


def _parse_version(text: str) -> int:
    m = re.match(r'\s*"?(\d+)(?:\.(\d+))?', text)
    if not m:
        raise ValueError(text)
    major = int(m.group(1))
    if major == 1 and m.group(2):  # "1.8.0_392" is Java 8
        major = int(m.group(2))
    return major


def java_version(home: str | os.PathLike[str]) -> int:
    """The major version of the JDK at ``home`` (read from its ``release`` file)."""
    release = Path(home) / "release"
    try:
        for line in release.read_text(encoding="utf-8", errors="replace").splitlines():
            if line.startswith("JAVA_VERSION="):
                return _parse_version(line.split("=", 1)[1])
    except (OSError, ValueError):
        pass
    # No release file (unusual packaging): ask the launcher itself.
    exe = Path(home) / "bin" / ("java.exe" if sys.platform == "win32" else "java")
    try:
        out = subprocess.run(
            [str(exe), "-version"], capture_output=True, text=True, timeout=60, check=False
        ).stderr
        m = re.search(r'version "([^"]+)"', out)
        if m:
            return _parse_version(m.group(1))
    except (OSError, subprocess.SubprocessError):
        pass
    raise JVMError(
        f"Cannot tell the Java version of {home}: it has no readable `release` file and "
        f"`{exe} -version` failed. Point JAVA_HOME at a JDK {MIN_JAVA}+."
    )


def _jvm_library(home: Path) -> Path:
    candidates = [
        home / "lib" / "server" / "libjvm.so",
        home / "lib" / "server" / "libjvm.dylib",
        home / "bin" / "server" / "jvm.dll",
        home / "jre" / "lib" / "amd64" / "server" / "libjvm.so",
    ]
    for c in candidates:
        if c.is_file():
            return c
    raise JVMError(
        f"The Java home {home} has no JVM library (looked for lib/server/libjvm.so and the "
        f"like): is it a full JDK/JRE? Point JAVA_HOME at a JDK {MIN_JAVA}+."
    )


_SIZE = re.compile(r"^\s*(\d+)\s*([kmgt]?)b?\s*$", re.IGNORECASE)


def _size(value: str | int | None, what: str) -> str | None:
    if value is None:
        return None
    if isinstance(value, bool) or not isinstance(value, (int, str)):
        raise InvalidArgumentError(
            f"{what} must be a size like '2g', '512m' or a number of bytes, got {value!r}."
        )
    if isinstance(value, int):
        if value <= 0:
            raise InvalidArgumentError(f"{what} must be positive, got {value}.")
        return str(value)
    m = _SIZE.match(value)
    if not m or int(m.group(1)) <= 0:
        raise InvalidArgumentError(
            f"{what} must be a size like '2g', '512m' or a number of bytes, got {value!r}."
        )
    return m.group(1) + m.group(2).lower()


def _options(settings: _Settings, major: int) -> list[str]:
    opts = []
    if settings.max_heap:
        opts.append(f"-Xmx{settings.max_heap}")
    if settings.max_offheap:
        opts.append(f"-Dpybridge.memory.limit={settings.max_offheap}")
    if major >= 22:
        # JPype and the BLAS loader call System.load: JDK 24+ warns unless native access is
        # granted (the flag exists since 22).
        opts.append("--enable-native-access=ALL-UNNAMED")
    if major >= 23:
        # The engine's raw memory access uses sun.misc.Unsafe, which JDK 24+ warns about.
        opts.append("--sun-misc-unsafe-memory-access=allow")
    if settings.spark:
        opts.extend(_spark_jvm.module_options(major, settings.jvm_options))
    opts.extend(settings.jvm_options)
    return opts


def _describe(s: _Settings) -> str:
    parts = [f"java_home={s.java_home!r}"]
    if s.max_heap:
        parts.append(f"max_heap={s.max_heap!r}")
    if s.max_offheap:
        parts.append(f"max_offheap={s.max_offheap!r}")
    if s.classpath:
        parts.append(f"classpath={list(s.classpath)!r}")
    if s.jvm_options:
        parts.append(f"jvm_options={list(s.jvm_options)!r}")
    parts.append(f"spark={s.spark!r}")
    return ", ".join(parts)


def start(
    max_heap: str | int | None = None,
    max_offheap: str | int | None = None,
    classpath: Iterable[str | os.PathLike[str]] = (),
    jvm_options: Iterable[str] = (),
    java_home: str | os.PathLike[str] | None = None,
    spark: bool | None = None,
) -> None:
    """Starts the JVM in this process with the engine's jars (optional: first use starts it).

    Args:
        max_heap: Java heap limit (``-Xmx``), e.g. ``"2g"``; tensors live off-heap, so the heap
            mostly holds small objects.
        max_offheap: limit of off-heap tensor memory, e.g. ``"8g"``; passing it raises
            :class:`pybridge.TensorMemoryError` instead of exhausting the machine.
        classpath: extra jars or folders (your own Java code).
        jvm_options: extra JVM options, e.g. ``["-XX:+UseZGC"]``.
        java_home: the JDK to use; default ``$JAVA_HOME``, else ``java`` on ``PATH``.
        spark: start ready to host Spark (``pybridge.spark.session()``): pyspark's jars on the
            classpath, Spark's ``--add-opens`` options and a quiet Spark log configuration.
            Default: whenever pyspark is installed, unless ``$PYBRIDGE_SPARK=0``.

    The JVM can start only once per process. Calling ``start`` again with the same settings
    (or none) does nothing; different settings raise :class:`pybridge.JVMError`.

    Example::

        import pybridge as pb
        pb.jvm.start(max_heap="2g", max_offheap="8g")
    """
    settings = _Settings(
        java_home=None,
        max_heap=_size(max_heap, "max_heap"),
        max_offheap=_size(max_offheap, "max_offheap"),
        classpath=tuple(str(Path(p).resolve()) for p in classpath),
        jvm_options=tuple(str(o) for o in jvm_options),
        spark=_spark_jvm.wanted(spark),
    )
    asked_defaults = (java_home is None and spark is None
                      and settings._replace(spark=False) == _Settings(None, None, None, (), ()))
    with _lock:
        if _shut_down:
            raise JVMError(
                "The JVM was shut down in this process and JPype cannot start it again; "
                "run a new Python process."
            )
        if _started:
            if asked_defaults:
                return
            assert _settings is not None
            home = str(find_java_home(java_home)) if java_home is not None else None
            settings = settings._replace(java_home=home or _settings.java_home)
            if settings == _settings and not _adopted:
                return
            raise JVMError(
                "The JVM is already running with other settings ("
                + ("started outside pybridge" if _adopted else _describe(_settings))
                + f"); JPype cannot restart it in this process, so {_describe(settings)} "
                "cannot be applied. Call pb.jvm.start(...) before any other pybridge call, "
                "or do it in a new Python process."
            )
        if jpype.isJVMStarted():
            _adopt(asked_defaults)
            return
        home_path = find_java_home(java_home)
        _start(settings._replace(java_home=str(home_path)), home_path)


def _start(settings: _Settings, home: Path) -> None:
    global _started, _settings
    major = java_version(home)
    if major < MIN_JAVA:
        raise JVMError(
            f"The JDK at {home} is Java {major}; pybridge needs Java {MIN_JAVA} or newer. "
            f"Install a JDK {MIN_JAVA}+ and set JAVA_HOME to it (or pass java_home=...)."
        )
    library = _jvm_library(home)
    cp = classpath() + list(settings.classpath)
    if settings.spark:
        # JPype's own classes load at start: placed before pyspark's ~280 jars, the class
        # loader need not open those jars to find them (about 0.4 s less start-up).
        support = Path(jpype.__file__).resolve().parent.parent / "org.jpype.jar"
        cp += [str(support)] if support.is_file() else []
        cp += _spark_jvm.spark_jars()
    _release_python_fault_handler()
    try:
        jpype.startJVM(
            *_options(settings, major),
            jvmpath=str(library),
            classpath=cp,
            convertStrings=False,
        )
    except Exception as e:
        raise JVMError(
            f"Starting the JVM at {home} (Java {major}) failed: {e}. Check jvm_options and "
            f"that the JDK works (`{home}/bin/java -version`)."
        ) from e
    _settings = settings
    _init_java()
    _started = True
    atexit.register(_mark_exit)


def _release_python_fault_handler() -> None:
    """Turns Python's ``faulthandler`` off before the JVM installs its signal handlers.

    HotSpot raises SIGSEGV on purpose (implicit null checks, safepoint polls) and needs its
    own handler to see them. ``faulthandler.disable()`` puts back the handler that was there
    when faulthandler was enabled, so a faulthandler enabled before the JVM started (pytest
    does this for every session) and disabled after it (pytest does this at the end) removes
    the JVM's handler and the next such signal kills the process, typically during exit. Off
    before the JVM starts, a later ``disable()`` does nothing. Java faults are then reported by
    the JVM (an ``hs_err_pid*.log`` file) instead of a Python traceback.
    """
    if faulthandler.is_enabled():
        faulthandler.disable()


def _adopt(asked_defaults: bool) -> None:
    """Uses a JVM that someone else started, if it can load the engine."""
    global _started, _adopted, _settings
    try:
        jpype.JClass("org.pybridge.tensor.NDArray")
    except Exception:
        raise JVMError(
            "A JVM is already running in this process (started with jpype.startJVM outside "
            "pybridge) and it cannot load pybridge's classes: its classpath lacks the engine "
            "jars, and JPype cannot start a second JVM. Start pybridge first "
            "(pb.jvm.start(...)), or pass classpath=pb.jvm.classpath() to jpype.startJVM."
        ) from None
    if not asked_defaults:
        raise JVMError(
            "A JVM was already started outside pybridge (with jpype.startJVM), so "
            "pb.jvm.start settings cannot be applied; JPype cannot restart it. Pass the "
            "options to jpype.startJVM instead, or call pb.jvm.start(...) first."
        )
    _settings = _Settings(None, None, None, (), ())
    _adopted = True
    _init_java()
    _started = True
    atexit.register(_mark_exit)


def _init_java() -> None:
    pkg = "org.pybridge.tensor."
    J.NDArray = jpype.JClass(pkg + "NDArray")
    J.DataType = jpype.JClass(pkg + "DataType")
    J.UnaryOp = jpype.JClass(pkg + "UnaryOp")
    J.BinaryOp = jpype.JClass(pkg + "BinaryOp")
    J.ReduceOp = jpype.JClass(pkg + "ReduceOp")
    J.Scope = jpype.JClass(pkg + "Scope")
    J.Memory = jpype.JClass(pkg + "Memory")
    J.System = jpype.JClass("java.lang.System")
    J.JLong = jpype.JLong
    J.JDouble = jpype.JDouble
    J.long_array = jpype.JArray(jpype.JLong)
    J.int_array = jpype.JArray(jpype.JInt)
    J.NDArray_array = jpype.JArray(J.NDArray)
    # Enum constants as plain attributes (J.ADD, J.EXP, J.SUM...): a JPype static field
    # lookup costs about a microsecond, an attribute of this object a few nanoseconds.
    for prefix, enum in (("", J.UnaryOp), ("", J.BinaryOp), ("R_", J.ReduceOp)):
        for constant in enum.values():
            setattr(J, prefix + str(constant.name()), constant)
    J.dtypes = {str(t.numpyName()): t for t in J.DataType.values()}


def _mark_exit() -> None:
    """Runs before JPype's own exit handler: after it, finalizers must not call Java."""
    global _exiting
    _exiting = True


def ensure_started() -> None:
    """Starts the JVM with default settings unless it already runs."""
    if not _started:
        start()


def is_started() -> bool:
    """True once the JVM is running with the engine loaded::

    >>> import pybridge as pb
    >>> _ = pb.zeros(2)   # first use starts it
    >>> pb.jvm.is_started()
    True
    """
    return _started


def alive() -> bool:
    """True while Java may be called (not before start, not during interpreter exit)."""
    return _started and not _exiting


def shutdown() -> None:
    """Shuts the JVM down for good (JPype cannot start another in this process).

    Only useful to release the JVM's memory early in a long process that is done with
    pybridge; tensors still referenced become unusable.
    """
    global _started, _shut_down
    with _lock:
        if not _started:
            return
        _started = False
        _shut_down = True
        jpype.shutdownJVM()


def hosts_spark() -> bool:
    """True when the running JVM can load Spark (started with ``spark=True``, the default
    when pyspark is installed, or started elsewhere with Spark on its classpath)."""
    ensure_started()
    try:
        jpype.JClass("org.apache.spark.SparkContext")
    except Exception:
        return False
    return True
