"""The in-process JVM that runs the engine: start it with options, inspect its classpath.

Starting is optional (the first pybridge call starts it with defaults)::

    import pybridge as pb
    pb.jvm.start(max_heap="2g", max_offheap="8g", jvm_options=["-XX:+UseZGC"])
    pb.jvm.is_started()     # True
    pb.jvm.classpath()      # the engine jars, e.g. to compile a Java service against
"""

from ._jvm import classpath, find_java_home, is_started, java_version, shutdown, start

__all__ = ["classpath", "find_java_home", "is_started", "java_version", "shutdown", "start"]
