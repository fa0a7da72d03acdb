"""Spark sessions for the engine: one inside the engine's JVM, or one started elsewhere.

Two ways to get a session whose driver and executors can run ``org.pybridge.spark``:

* :func:`session` runs Spark inside the engine's JVM (the one JPype started in this process)
  with pyspark attached through an in-process py4j server. The driver JVM *is* this process.
* :func:`attach` takes a classic pyspark session started elsewhere (pyspark's own
  ``spark-submit`` JVM): it adds the engine jars to that driver's class loader and ships them to
  the executors. :func:`configure` / :func:`jars_conf` instead put them in the session's
  configuration before it starts.

Every Spark-facing call then goes the same way in both cases: through pyspark's py4j view of
the driver JVM (``sc._jvm.org.pybridge.spark...``). :class:`Bridge` holds that view for one
session and knows whether the driver is this process's JVM (then Java results also cross to
JPype, zero-copy).
"""

from __future__ import annotations

import os
import sys
import threading
from pathlib import Path
from typing import Any

from .. import _jvm
from .._errors import InvalidArgumentError, JVMError
from . import _gateway

__all__ = ["Bridge", "attach", "configure", "jars_conf", "session", "stop"]

_lock = threading.RLock()
_PROBE = "org.pybridge.spark.SparkTrainer"
# Class loaders whose addURL is public: spark-submit runs the pyspark driver in one of these.
_MUTABLE_LOADERS = ("org.apache.spark.util.MutableURLClassLoader",
                    "org.apache.spark.util.ChildFirstURLClassLoader")


def _pyspark() -> Any:
    try:
        import pyspark
    except ImportError:
        raise JVMError("pybridge.spark needs pyspark: pip install 'pybridge[spark]' "
                       "(pyspark 4.2, the Spark release the engine is built against).") from None
    return pyspark


def _engine_jars() -> list[str]:
    return _jvm.classpath()


def session(master: str = "local[2]", app_name: str = "pybridge",
            conf: dict[str, str] | None = None, *, log_level: str | None = None) -> Any:
    """A pyspark ``SparkSession`` whose Spark runs inside the engine's JVM, in this process.

    Args:
        master: ``local[N]`` or a cluster URL such as ``spark://host:7077``; for a cluster the
            engine jars (with their linux-x86_64 native BLAS) are shipped to the executors
            through ``spark.jars``.
        app_name: the application name Spark shows.
        conf: more Spark settings (they win over pybridge's defaults: ``local`` masters bind
            the driver to 127.0.0.1 and the console progress bar is off).
        log_level: Spark's log level for this session (default: warnings only).

    Calling it again while the session runs returns the same session. Stop it with
    ``sess.stop()`` (a new one may start afterwards); at interpreter exit it stops by itself.

    Example::

        from pybridge import spark
        sess = spark.session("local[2]")
        sess.range(3).count()   # 3
    """
    _pyspark()
    from pyspark import SparkConf, SparkContext
    from pyspark.sql import SparkSession

    if not isinstance(master, str) or not master:
        raise InvalidArgumentError(f"master must be a Spark master URL such as 'local[2]' or "
                                   f"'spark://127.0.0.1:7077', got {master!r}.")
    settings = {str(k): str(v) for k, v in (conf or {}).items()}
    with _lock:
        active = SparkContext._active_spark_context
        if SparkContext._gateway is not None and not _gateway.is_ours(SparkContext._gateway):
            raise JVMError(
                "pyspark already started its own JVM in this process (a SparkSession built "
                "with SparkSession.builder), so Spark cannot also run inside the engine's JVM. "
                "Use that session with pybridge.spark.attach(session), or call "
                "pybridge.spark.session() before any other pyspark call.")
        if active is not None:
            if active.master != master:
                raise JVMError(
                    f"A Spark session with master {active.master!r} already runs in this "
                    f"process; pyspark allows one at a time. Stop it first (sess.stop()), then "
                    f"call spark.session({master!r}).")
            return SparkSession.builder.getOrCreate()
        client = _gateway.gateway()
        spark_conf = SparkConf(_jvm=client.jvm)
        spark_conf.setMaster(master).setAppName(app_name)
        spark_conf.set("spark.ui.showConsoleProgress", "false")
        if master.startswith("local"):
            # Nothing outside this process connects to a local driver: stay on loopback.
            spark_conf.set("spark.driver.host", "127.0.0.1")
            spark_conf.set("spark.driver.bindAddress", "127.0.0.1")
        else:
            spark_conf.set("spark.jars", _merge_jars(settings.pop("spark.jars", None)))
        for k, v in settings.items():
            spark_conf.set(k, v)
        sc = SparkContext(conf=spark_conf, gateway=client)
        # Python workers (for pyspark UDFs and RDD lambdas) run this interpreter by default.
        sc.pythonExec = settings.get("spark.pyspark.python") or _python_exec(sc)
        if log_level is not None:
            sc.setLogLevel(log_level)
        return SparkSession.builder.getOrCreate()


def _python_exec(sc: Any) -> str:
    return os.environ.get("PYSPARK_PYTHON") or sys.executable


def _merge_jars(existing: str | None) -> str:
    jars = [j for j in (existing or "").split(",") if j.strip()]
    names = {Path(j).name for j in jars}
    jars += [j for j in _engine_jars() if Path(j).name not in names]
    return ",".join(jars)


def jars_conf() -> dict[str, str]:
    """The Spark settings that load the engine into a session started elsewhere.

    ``spark.jars`` puts the engine jars on the driver's class path (spark-submit, client mode)
    and ships them to every executor::

        from pyspark.sql import SparkSession
        from pybridge import spark
        builder = SparkSession.builder.master("local[2]")
        for k, v in spark.jars_conf().items():
            builder = builder.config(k, v)
    """
    return {"spark.jars": _merge_jars(None)}


def configure(builder: Any) -> Any:
    """Adds the engine jars to a ``SparkSession.builder`` (merged with its own ``spark.jars``);
    returns the builder::

        sess = spark.configure(SparkSession.builder.master("local[2]")).getOrCreate()
    """
    options = getattr(builder, "_options", {})
    return builder.config("spark.jars", _merge_jars(options.get("spark.jars")))


def attach(spark_session: Any) -> Any:
    """Makes the engine usable from a classic pyspark session started elsewhere; returns it.

    The session's driver is a JVM of its own (pyspark's ``spark-submit``). Its class loader
    gets the engine jars, and :meth:`SparkContext.addJar` ships them to the executors, so
    ``SparkTrainer`` and ``SparkModel`` work on it at once. Sessions from :func:`session` need
    nothing and are returned as they are. Calling it twice is harmless.

    Example::

        from pyspark.sql import SparkSession
        from pybridge import spark
        sess = spark.attach(SparkSession.builder.master("local[2]").getOrCreate())
    """
    _pyspark()
    sc = getattr(spark_session, "sparkContext", None)
    jsc = getattr(sc, "_jsc", None) if sc is not None else None
    if jsc is None:
        raise JVMError(
            f"attach needs a classic pyspark SparkSession whose driver JVM runs in this "
            f"process's reach, got {type(spark_session).__name__} (Spark Connect sessions and "
            f"stopped sessions have no driver JVM to load the engine into). Use "
            f"pybridge.spark.session(...) or SparkSession.builder...getOrCreate().")
    if _gateway.is_ours(sc._gateway):
        return spark_session
    with _lock:
        jvm = sc._jvm
        if not _loadable(jvm):
            _add_to_driver(jvm)
        shipped = {Path(str(p)).name for p in _iterate(jsc.sc().listJars())}
        for jar in _engine_jars():
            if Path(jar).name not in shipped:
                jsc.addJar(jar)
    return spark_session


def _iterate(seq: Any) -> list[Any]:
    """Elements of a Scala Seq seen through py4j."""
    it = seq.iterator()
    out = []
    while it.hasNext():
        out.append(it.next())
    return out


def _loadable(jvm: Any) -> bool:
    from py4j.java_gateway import JavaClass

    return isinstance(_lookup(jvm, _PROBE), JavaClass)


def _lookup(jvm: Any, qualified: str) -> Any:
    node = jvm
    for part in qualified.split("."):
        node = getattr(node, part)
    return node


def _add_to_driver(jvm: Any) -> None:
    loader = jvm.java.lang.Thread.currentThread().getContextClassLoader()
    kind = str(loader.getClass().getName()) if loader is not None else "none"
    if kind in _MUTABLE_LOADERS:
        for jar in _engine_jars():
            loader.addURL(jvm.java.io.File(jar).toURI().toURL())
    if not _loadable(jvm):
        raise JVMError(
            f"The engine classes cannot be added to this Spark driver (its class loader is "
            f"{kind}, not spark-submit's {_MUTABLE_LOADERS[0]}). Put the engine jars in the "
            f"session's configuration before it starts: "
            f"spark.configure(SparkSession.builder...).getOrCreate(), or pass "
            f"spark.jars_conf() (spark-submit --jars {','.join(_engine_jars())}).")


def stop() -> None:
    """Stops the active Spark session, if any (``spark.session`` may start a new one)."""
    from pyspark import SparkContext

    with _lock:
        active = SparkContext._active_spark_context
        if active is not None:
            active.stop()


class Bridge:
    """How Python reaches ``org.pybridge.spark`` in the driver JVM of one session."""

    __slots__ = ("in_process", "jvm", "sc", "session")

    def __init__(self, spark_session: Any) -> None:
        attach(spark_session)
        self.session = spark_session
        self.sc = spark_session.sparkContext
        self.jvm = self.sc._jvm
        self.in_process = _gateway.is_ours(self.sc._gateway)

    @staticmethod
    def of(df: Any) -> Bridge:
        """The bridge of a DataFrame's session (classic pyspark DataFrames only)."""
        if getattr(df, "_jdf", None) is None:
            raise InvalidArgumentError(
                f"Expected a classic pyspark DataFrame (one with a driver JVM), got "
                f"{type(df).__module__}.{type(df).__name__}. Spark Connect DataFrames cannot "
                f"reach the engine: use pybridge.spark.session() or a classic session.")
        return Bridge(df.sparkSession)

    def cls(self, name: str) -> Any:
        """A class of ``org.pybridge.spark`` (or any fully qualified class) as py4j sees it."""
        return _lookup(self.jvm, name if "." in name else "org.pybridge.spark." + name)

    def string_array(self, values: list[str]) -> Any:
        """A Java String[] (py4j passes Java varargs as arrays)."""
        arr = self.sc._gateway.new_array(self.jvm.java.lang.String, len(values))
        for i, v in enumerate(values):
            arr[i] = v
        return arr

    def to_jpype(self, obj: Any) -> Any:
        """The same Java object as a JPype handle (in-process sessions only)."""
        return _gateway.to_jpype(obj)
