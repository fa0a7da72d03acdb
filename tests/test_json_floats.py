"""Java's canonical JSON floats are exactly Python's repr, so configs match text for text."""

import random
import struct

import jpype

import pybridge as pb


def test_java_json_floats_match_python_repr() -> None:
    pb.jvm.start()
    fmt = jpype.JClass("org.pybridge.nn.internal.Json").formatDouble
    rng = random.Random(20261122)
    values = [1e23, 5e-324, 2.0**-44, 0.1 + 0.2, 1e16, 1e-5, 1e-4, 123456789.0, -0.0, 1.0]
    values += [rng.uniform(-1e3, 1e3) for _ in range(2000)]
    values += [10.0 ** rng.uniform(-300, 300) for _ in range(2000)]
    # random bit patterns cover subnormals and every exponent
    values += [struct.unpack("<d", rng.getrandbits(64).to_bytes(8, "little"))[0]
               for _ in range(2000)]
    values = [v for v in values if v == v and abs(v) != float("inf")]
    mismatches = [(v, str(fmt(v))) for v in values if str(fmt(v)) != repr(v)]
    assert mismatches == [], mismatches[:5]
