#!/usr/bin/env bash
# Prints the home of the newest JDK under /usr/lib/jvm (by the JAVA_VERSION in its release file)
# when it is newer than the default `java`; prints nothing otherwise.
set -euo pipefail
major() { sed -n 's/^JAVA_VERSION="\([0-9]*\).*/\1/p' "$1/release" 2>/dev/null; }
default_home=$(dirname "$(dirname "$(readlink -f "$(command -v java)")")")
default_major=$(major "$default_home")
best=""; best_major=${default_major:-0}
for home in /usr/lib/jvm/*/; do
  home=${home%/}
  [ -x "$home/bin/java" ] || continue
  m=$(major "$home"); [ -n "$m" ] || continue
  if [ "$m" -gt "$best_major" ]; then best=$home; best_major=$m; fi
done
[ -n "$best" ] && echo "$best"
exit 0
