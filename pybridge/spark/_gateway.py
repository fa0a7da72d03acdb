"""pyspark attached to Spark inside the engine's own JVM, through an in-process py4j server.

pyspark normally launches ``spark-submit`` in a second JVM and talks to it through py4j. Here
the JVM is the one JPype started in this process: this module starts Spark's own py4j server
(``org.apache.spark.api.python.Py4JServer``, the one ``spark-submit`` starts for pyspark) inside
it and connects pyspark's client to it, so pyspark, Spark and the engine share one JVM. py4j
object ids of that server resolve to the very Java objects JPype sees (:func:`to_jpype`), so
Spark results cross to the engine's Python face without copies.

At interpreter exit :func:`shutdown` stops the SparkContext, pyspark's client and the server
before JPype stops the JVM: the JVM then has no non-daemon thread left to wait for.
"""

from __future__ import annotations

import atexit
import contextlib
import os
import threading
from typing import Any

import jpype

from .. import _jvm
from .._errors import JVMError

__all__ = ["gateway", "is_ours", "shutdown", "to_jpype", "to_py4j"]

_lock = threading.RLock()
_server: Any = None  # org.apache.spark.api.python.Py4JServer (JPype handle)
_gateway: Any = None  # pyspark's py4j client (ClientServer or JavaGateway)
_registry: Any = None  # py4j.Gateway: the server's object table (JPype handle)
_exit_hook = False


def gateway() -> Any:
    """pyspark's py4j client connected to the server in this process's JVM (started once)."""
    global _server, _gateway, _registry, _exit_hook
    with _lock:
        if _gateway is not None:
            return _gateway
        if not _jvm.hosts_spark():
            raise JVMError(
                "The engine's JVM was started without Spark on its classpath, so Spark cannot "
                "run inside it. Install pyspark (pip install 'pybridge[spark]') before the JVM "
                "starts, and do not pass spark=False to pb.jvm.start() or set "
                "PYBRIDGE_SPARK=0; or use a pyspark session of its own and "
                "pybridge.spark.attach(session).")
        conf = jpype.JClass("org.apache.spark.SparkConf")(False)
        server = jpype.JClass("org.apache.spark.api.python.Py4JServer")(conf)
        server.start()
        port, secret = int(server.getListeningPort()), str(server.secret())
        client = _connect(port, secret)
        raw = server.server()
        # ClientServer (pinned threads, pyspark's default) wraps a GatewayServer.
        java_server = raw.getJavaServer() if hasattr(raw, "getJavaServer") else raw
        _server, _gateway, _registry = server, client, java_server.getGateway()
        if not _exit_hook:
            # Registered after JPype's own exit hook, so it runs before the JVM stops.
            atexit.register(shutdown)
            _exit_hook = True
        return _gateway


def _connect(port: int, secret: str) -> Any:
    """pyspark's own client for a running server: ``launch_gateway`` connects to the port in
    ``PYSPARK_GATEWAY_PORT`` instead of starting spark-submit. The variables are set only for
    that call, so child processes never inherit a gateway that is not theirs."""
    from pyspark.java_gateway import launch_gateway

    keys = ("PYSPARK_GATEWAY_PORT", "PYSPARK_GATEWAY_SECRET")
    saved = {k: os.environ.get(k) for k in keys}
    os.environ["PYSPARK_GATEWAY_PORT"], os.environ["PYSPARK_GATEWAY_SECRET"] = str(port), secret
    try:
        return launch_gateway()
    finally:
        for k, v in saved.items():
            if v is None:
                os.environ.pop(k, None)
            else:
                os.environ[k] = v


def is_ours(client: Any) -> bool:
    """Whether a py4j client talks to the server in this process's JVM."""
    return client is not None and client is _gateway


def to_jpype(obj: Any) -> Any:
    """The JPype handle of the Java object behind a py4j proxy of our server (same object)."""
    found = _registry.getObject(obj._target_id)
    if found is None:
        raise JVMError(f"py4j object {obj._target_id} is not in this JVM's gateway table.")
    return found


def to_py4j(obj: Any) -> Any:
    """A py4j proxy, for pyspark and Spark-facing calls, of a Java object JPype holds."""
    from py4j.java_gateway import JavaObject

    return JavaObject(str(_registry.putNewObject(obj)), _gateway._gateway_client)


def shutdown() -> None:
    """Stops Spark, pyspark's client and the py4j server (at exit; idempotent)."""
    global _server, _gateway, _registry
    with _lock:
        if _gateway is None:
            return
        # Exit must go on whatever fails here; Spark and py4j report their own errors.
        if jpype.isJVMStarted():
            with contextlib.suppress(Exception):
                from pyspark import SparkContext

                active = SparkContext._active_spark_context
                if active is not None and SparkContext._gateway is _gateway:
                    active.stop()
                if SparkContext._gateway is _gateway:
                    SparkContext._gateway = None
                    SparkContext._jvm = None
        with contextlib.suppress(Exception):
            _gateway.shutdown()
        with contextlib.suppress(Exception):
            _server.shutdown()
        _server = _gateway = _registry = None
