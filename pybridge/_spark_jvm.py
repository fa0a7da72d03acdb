"""What the engine's JVM needs to host Spark: pyspark's jars, Spark's JDK options, quiet logs.

When pyspark is installed, :mod:`pybridge._jvm` starts the JVM with these by default, so that
``pybridge.spark.session()`` can run Spark inside that same JVM (Spark jobs then call the engine
without any copy or second process). Nothing here imports pyspark: locating it is a file-system
look-up, so a process that never uses Spark pays only for the longer classpath.
"""

from __future__ import annotations

import importlib.util
import os
from pathlib import Path

__all__ = ["LOG_CONFIG", "module_options", "pyspark_home", "spark_jars", "wanted"]

# Spark's launcher passes these to every driver and executor JVM on JDK 17+
# (org.apache.spark.launcher.JavaModuleOptions in Spark 4.2): Spark, Netty, Kryo and Hadoop reflect
# into JDK internals. tests/spark checks this list against the installed launcher jar.
_OPENS = (
    "java.base/java.lang",
    "java.base/java.lang.invoke",
    "java.base/java.lang.reflect",
    "java.base/java.io",
    "java.base/java.net",
    "java.base/java.nio",
    "java.base/java.util",
    "java.base/java.util.concurrent",
    "java.base/java.util.concurrent.atomic",
    "java.base/jdk.internal.ref",
    "java.base/sun.nio.ch",
    "java.base/sun.nio.cs",
    "java.base/sun.security.action",
    "java.base/sun.util.calendar",
    "java.security.jgss/sun.security.krb5",
)
# JDK 24 removed sun.security.action: opening it there prints a warning at start.
_REMOVED_IN = {"java.base/sun.security.action": 24}
_PROPERTIES = (
    "-Dio.netty.tryReflectionSetAccessible=true",
    "-Dio.netty.allocator.type=pooled",
    "-Dio.netty.handler.ssl.defaultEndpointVerificationAlgorithm=NONE",
)
# Left out on purpose: "--add-modules=jdk.incubator.vector" makes every JDK print "WARNING: Using
# incubator modules" at start (Spark's BLAS then uses its plain Java path, which the engine does
# not need), and "-XX:+IgnoreUnrecognizedVMOptions", which would hide mistakes in the user's own
# options. The native-access and Unsafe flags for JDK 22+ are added by _jvm for every start.

LOG_CONFIG = Path(__file__).resolve().parent / "spark" / "log4j2.properties"


def pyspark_home() -> Path | None:
    """pyspark's install folder (its ``jars/`` and ``bin/spark-class`` are in it), or None."""
    try:
        spec = importlib.util.find_spec("pyspark")
    except (ImportError, ValueError):
        return None
    if spec is None or not spec.submodule_search_locations:
        return None
    home = Path(next(iter(spec.submodule_search_locations)))
    return home if (home / "jars").is_dir() else None


def spark_jars() -> list[str]:
    """The jars of the installed pyspark (Spark, Scala, Hadoop client, py4j...), or []."""
    home = pyspark_home()
    if home is None:
        return []
    return [str(p) for p in sorted((home / "jars").glob("*.jar"))]


def wanted(explicit: bool | None) -> bool:
    """Whether to start the JVM ready for Spark: ``explicit`` if given, else
    ``$PYBRIDGE_SPARK`` (``0`` turns it off), else whenever pyspark is installed."""
    if explicit is not None:
        return explicit
    env = os.environ.get("PYBRIDGE_SPARK", "").strip().lower()
    if env in ("0", "false", "no", "off"):
        return False
    return pyspark_home() is not None


def module_options(major: int, user_options: tuple[str, ...] = ()) -> list[str]:
    """The JVM options Spark needs on Java ``major``, plus the quiet log configuration unless
    the user passed their own ``-Dlog4j2.configurationFile``."""
    opts = [f"--add-opens={o}=ALL-UNNAMED" for o in _OPENS if major < _REMOVED_IN.get(o, 10**6)]
    opts.extend(_PROPERTIES)
    if not any(o.startswith("-Dlog4j2.configurationFile=") for o in user_options):
        opts.append(f"-Dlog4j2.configurationFile={LOG_CONFIG.as_uri()}")
    return opts
