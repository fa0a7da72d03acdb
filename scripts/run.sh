#!/usr/bin/env bash
# Quick start: installs what is missing, then runs the main example on embedded defaults
# (in-process JVM, bundled jars).
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
exec .venv/bin/python examples/quickstart.py "$@"
