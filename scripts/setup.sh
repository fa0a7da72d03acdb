#!/usr/bin/env bash
# Installs what pybridge needs on a fresh machine and builds it: a JDK 17+ and gcc (apt, only if
# missing), a Python virtual environment in .venv, the Python dependencies from PyPI, and the
# JVM engine through the Maven wrapper (which fetches Maven itself). Safe to run repeatedly.
set -euo pipefail
cd "$(dirname "$0")/.."

if ! command -v javac >/dev/null 2>&1 && [ -z "${JAVA_HOME:-}" ]; then
  echo "setup: no JDK found, installing OpenJDK 17 with apt" >&2
  apt-get update -qq && apt-get install -y -qq openjdk-17-jdk-headless >/dev/null
fi

# The engine's native matrix kernel (jvm/tensor/src/main/c) is compiled by the Maven build.
if ! command -v gcc >/dev/null 2>&1; then
  echo "setup: no C compiler found, installing gcc with apt (for pybridge's native kernel)" >&2
  apt-get update -qq && apt-get install -y -qq gcc libc6-dev >/dev/null
fi

# The SQL reader tests start a real PostgreSQL server from the Debian binaries.
if ! ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1 && ! command -v initdb >/dev/null 2>&1
then
  if command -v apt-get >/dev/null 2>&1 && [ "$(id -u)" = "0" ]; then
    echo "setup: installing the PostgreSQL server with apt (for the SQL reader tests)" >&2
    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq \
      --no-install-recommends postgresql >/dev/null
  else
    echo "setup: PostgreSQL server binaries not found; the PostgreSQL tests will be skipped" \
      "(install the postgresql package)" >&2
  fi
fi

# PYBRIDGE_SYSTEM_ONLY=1: only the system packages above (the test command runs Maven before
# the Python environment, and the Maven build needs the JDK and gcc).
if [ "${PYBRIDGE_SYSTEM_ONLY:-0}" = "1" ]; then
  exit 0
fi

PYTHON=${PYTHON:-python3}
if [ ! -x .venv/bin/python ]; then
  "$PYTHON" -m venv .venv
fi
VENV_PY=.venv/bin/python
"$VENV_PY" -m pip install -q --upgrade pip >/dev/null

# Build the engine jars (Maven wrapper) unless a caller already did, then install the package in
# editable mode with its test and Spark extras; PYBRIDGE_SKIP_MAVEN=1 makes the install reuse
# those jars. pyspark comes from PyPI as a ~450 MB sdist: pip's cache keeps the wheel it builds,
# so later runs on the same machine install it in seconds.
if [ "${PYBRIDGE_SKIP_MAVEN:-0}" != "1" ]; then
  ./mvnw -q -B -DskipTests package
fi
PYBRIDGE_SKIP_MAVEN=1 "$VENV_PY" -m pip install -q -e ".[test,spark]"
