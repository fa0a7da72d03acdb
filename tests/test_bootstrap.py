"""Starting the JVM: classpath, idempotent start, clear errors, silence on JDK 17 and the newest.

Settings that only apply at start-up are tested in subprocesses (one JVM per process).
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from support import run_python

import pybridge as pb
from pybridge import _jvm

JDK17 = Path("/usr/lib/jvm/java-17-openjdk-amd64")
TEMURIN25 = Path("/usr/lib/jvm/temurin-25-jdk-amd64")


def test_classpath_lists_the_engine_jars():
    jars = pb.jvm.classpath()
    assert jars
    assert all(Path(j).is_file() and j.endswith(".jar") for j in jars)
    assert any(Path(j).name.startswith("pybridge-tensor") for j in jars)


def test_started_once_and_start_again_is_a_no_op():
    assert pb.jvm.is_started()
    pb.jvm.start()  # no settings: nothing to apply
    pb.jvm.start(java_home=_jvm._settings.java_home)  # the same settings: a no-op


def test_start_with_other_settings_after_start_explains():
    with pytest.raises(pb.JVMError, match="already running") as info:
        pb.jvm.start(max_heap="123m")
    assert "max_heap='123m'" in str(info.value)
    assert "before any other pybridge call" in str(info.value)


def test_invalid_sizes_are_rejected_before_starting():
    with pytest.raises(pb.InvalidArgumentError, match="max_heap"):
        pb.jvm.start(max_heap="lots")
    with pytest.raises(pb.InvalidArgumentError, match="max_offheap"):
        pb.jvm.start(max_offheap=-1)


def test_java_version_is_read_from_the_release_file(tmp_path):
    assert pb.jvm.java_version(JDK17) == 17
    if TEMURIN25.is_dir():
        assert pb.jvm.java_version(TEMURIN25) == 25
    (tmp_path / "release").write_text('JAVA_VERSION="1.8.0_392"\n')
    assert pb.jvm.java_version(tmp_path) == 8


def test_missing_java_home_is_a_clear_error(tmp_path):
    with pytest.raises(pb.JVMError, match="does not exist"):
        pb.jvm.find_java_home(tmp_path / "no-such-jdk")


def _silent_run(env: dict[str, str]) -> Any:
    # Start, use BLAS (matmul) and element-wise kernels; print one line we check exactly.
    return run_python(
        """
        import sys
        import numpy as np
        import pybridge as pb
        a = np.arange(64 * 64, dtype=np.float32).reshape(64, 64) / 4096
        t = pb.from_numpy(a)
        c = (t @ t).numpy()
        ok = np.allclose(c, a @ a, rtol=1e-4)
        import jpype
        version = str(jpype.java.lang.System.getProperty("java.version"))
        sys.stdout.write(f"{ok} {version.split('.')[0]}\\n")
        """,
        env,
    )


@pytest.mark.slow
def test_default_jdk_prints_nothing():
    result = _silent_run({})
    assert result.stderr == "", result.stderr
    assert result.stdout == "True 17\n"


@pytest.mark.slow
@pytest.mark.skipif(not TEMURIN25.is_dir(), reason="Temurin 25 is not installed")
def test_newest_jdk_from_java_home_prints_nothing():
    result = _silent_run({"JAVA_HOME": str(TEMURIN25)})
    assert result.stderr == "", result.stderr
    assert result.stdout == "True 25\n"


@pytest.mark.slow
def test_start_options_apply_in_a_fresh_process():
    result = run_python(
        f"""
        import jpype
        import pybridge as pb
        pb.jvm.start(max_heap="256m", max_offheap="1m", jvm_options=["-Dpb.test=yes"],
                     java_home={str(JDK17)!r})
        pb.jvm.start(max_heap="256m", max_offheap="1m", jvm_options=["-Dpb.test=yes"],
                     java_home={str(JDK17)!r})   # same settings: no-op
        System = jpype.JClass("java.lang.System")
        Runtime = jpype.JClass("java.lang.Runtime")
        print(System.getProperty("pb.test"), Runtime.getRuntime().maxMemory() <= 256 << 20,
              pb.memory_info()["limit"])
        try:
            pb.zeros(1 << 20)
        except pb.TensorMemoryError as e:
            print("limit:", "off-heap limit" in str(e))
        """
    )
    assert result.stderr == ""
    assert result.stdout.splitlines() == [f"yes True {1 << 20}", "limit: True"]


@pytest.mark.slow
def test_no_java_found_is_a_clear_error():
    result = run_python(
        """
        import pybridge as pb
        try:
            pb.zeros(2)
        except pb.JVMError as e:
            print(e)
        """,
        {"PATH": "/nonexistent"},
    )
    assert "No Java runtime found: install a JDK 17+ or set JAVA_HOME" in result.stdout
    assert result.stderr == ""


@pytest.mark.slow
def test_too_old_java_is_a_clear_error(tmp_path):
    (tmp_path / "release").write_text('JAVA_VERSION="11.0.2"\n')
    result = run_python(
        f"""
        import pybridge as pb
        try:
            pb.jvm.start(java_home={str(tmp_path)!r})
        except pb.JVMError as e:
            print(e)
        """
    )
    assert "is Java 11; pybridge needs Java 17 or newer" in result.stdout


@pytest.mark.slow
def test_foreign_jvm_without_our_jars_is_explained():
    result = run_python(
        """
        import jpype
        import pybridge as pb
        jpype.startJVM()
        try:
            pb.ones(3)
        except pb.JVMError as e:
            print(e)
        """
    )
    assert "cannot load pybridge's classes" in result.stdout
    assert "classpath=pb.jvm.classpath()" in result.stdout


@pytest.mark.slow
def test_foreign_jvm_with_our_jars_is_used():
    result = run_python(
        """
        import jpype
        import pybridge as pb
        jpype.startJVM(classpath=pb.jvm.classpath(), convertStrings=False)
        print(pb.ones(3).tolist(), pb.jvm.is_started())
        try:
            pb.jvm.start(max_heap="1g")
        except pb.JVMError as e:
            print("refused:", "outside pybridge" in str(e))
        """
    )
    assert result.stdout.splitlines() == ["[1.0, 1.0, 1.0] True", "refused: True"]


@pytest.mark.slow
def test_shutdown_is_final():
    result = run_python(
        """
        import pybridge as pb
        pb.ones(1).close()
        pb.jvm.shutdown()
        print(pb.jvm.is_started())
        try:
            pb.jvm.start()
        except pb.JVMError as e:
            print("again:", "cannot start it again" in str(e))
        """
    )
    assert result.stdout.splitlines() == ["False", "again: True"]
    assert result.stderr == ""


def test_python_fault_handler_cannot_remove_the_jvms_signal_handler():
    # pytest enables faulthandler before the JVM starts and disables it after its last test;
    # disable() reinstalls the handler from before the JVM, and HotSpot's own SIGSEGVs
    # (null checks, safepoint polls) during exit then killed the process (exit 139).
    result = run_python(
        """
        import ctypes, faulthandler, signal
        faulthandler.enable()
        import pybridge as pb
        x = pb.ones((64, 64))
        print("enabled after start:", faulthandler.is_enabled())
        faulthandler.disable()
        action = ctypes.create_string_buffer(256)  # struct sigaction, generously sized
        assert ctypes.CDLL(None).sigaction(signal.SIGSEGV, None, action) == 0
        print("SIGSEGV handler kept:", ctypes.c_void_p.from_buffer(action).value is not None)
        for _ in range(20):
            x = (x @ x) / 64.0
        print(float(x.numpy().sum()))
        """
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.splitlines() == [
        "enabled after start: False", "SIGSEGV handler kept: True", "4096.0"]
