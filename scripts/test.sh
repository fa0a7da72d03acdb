#!/usr/bin/env bash
# The test command: builds everything, runs the Java (JUnit via Maven Surefire) and Python
# (pytest) suites and the linters, then a smoke run on the newest JDK installed.
set -euo pipefail
cd "$(dirname "$0")/.."

echo "== System packages (JDK, gcc, PostgreSQL server), where missing =="
PYBRIDGE_SYSTEM_ONLY=1 bash scripts/setup.sh

echo "== Java: build and JUnit (Maven wrapper) =="
./mvnw -B -ntp verify

echo "== Python: environment =="
PYBRIDGE_SKIP_MAVEN=1 bash scripts/setup.sh
PY=.venv/bin/python

echo "== Python: ruff =="
"$PY" -m ruff check pybridge tests examples benchmarks scripts

echo "== Python: pytest =="
"$PY" -m pytest -q -p no:cacheprovider tests

echo "== Smoke run on the newest JDK present =="
newest=$(bash scripts/newest_jdk.sh)
if [ -n "$newest" ]; then
  echo "JDK: $newest"
  out=$(JAVA_HOME="$newest" "$PY" examples/quickstart.py 2>&1)
  echo "$out"
  if echo "$out" | grep -qi "warning"; then
    echo "smoke run on $newest printed a warning" >&2
    exit 1
  fi
else
  echo "only one JDK installed: smoke run skipped"
fi
