"""pytest setup: one JVM for the whole session, deterministic hypothesis, a leak check per test.

JPype can start one JVM per process, so the session starts it once (tests of start-up options
run in subprocesses). Every test is also a leak test: the number of open tensor handles must
be back to its value from before the test, so tests close their tensors, use `pb.scope()`, or
drop every reference (a dropped NDArray closes its handle).
"""

from __future__ import annotations

import gc
import os

import pytest
from hypothesis import HealthCheck, settings

import pybridge as pb

settings.register_profile(
    "ci",
    max_examples=30,
    derandomize=True,
    deadline=None,
    print_blob=True,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture],
)
settings.register_profile("thorough", max_examples=300, deadline=None)
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "ci"))


@pytest.fixture(scope="session", autouse=True)
def jvm() -> None:
    """Starts the engine's JVM once for the session (default settings)."""
    pb.jvm.start()


def _open_tensors() -> int:
    gc.collect()
    return pb.memory_info()["tensors"]


@pytest.hookimpl(wrapper=True, tryfirst=True)
def pytest_runtest_makereport(item: pytest.Item, call: pytest.CallInfo[None]):
    report = yield
    if report.when == "call":
        item.stash[_CALL_FAILED] = report.failed
    return report


_CALL_FAILED = pytest.StashKey[bool]()


@pytest.fixture(autouse=True)
def no_leaked_tensors(request: pytest.FixtureRequest) -> None:
    """Fails a test that leaves tensor handles open."""
    before = _open_tensors()
    yield
    if request.node.stash.get(_CALL_FAILED, False):
        return  # the failure's traceback still references the test's tensors
    after = _open_tensors()
    # Fewer is fine: handles an earlier failed test's traceback kept may be let go meanwhile.
    if after > before:
        pytest.fail(
            f"{request.node.nodeid} left {after - before:+d} open tensor handle(s) "
            f"({before} before, {after} after): close tensors (t.close() / `with t:`), "
            f"use `with pb.scope():`, or drop every reference to them.",
            pytrace=False,
        )
