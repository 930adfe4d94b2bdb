#!/usr/bin/env bash
# Times changes made through the TencentCloud API endpoint (issue 17) and updates the "API changes" section of
# docs/benchmarks.md (benchmarks/api_report.py). run.sh runs the same harness as one of its steps.
#
#   benchmarks/api.sh [RULES,RULES...] [CALLS] [SUSTAIN_SECONDS] [CLIENTS]     defaults: 10,10000 400 5 8
#
# Writes benchmarks/results/<UTC date and time>-api/: api-changes.json, harness.log, machine.txt. Env: SKIP_BUILD=1
# to reuse target/benchmarks.jar. All traffic is on 127.0.0.1; the configuration file lives in a temporary folder.
set -euo pipefail

BENCH="$(cd "$(dirname "$0")" && pwd)"
ROOT="$(dirname "$BENCH")"
OUT="$BENCH/results/$(date -u +%Y-%m-%dT%H%MZ)-api"
JAR="$BENCH/target/benchmarks.jar"
mkdir -p "$OUT"

if [ "${SKIP_BUILD:-0}" != 1 ]; then
  (cd "$ROOT" && mvn -B -q -pl benchmarks -am package -DskipTests)
fi
{
  echo "date: $(date -u +%Y-%m-%dT%H:%M:%SZ)"
  echo "commit: $(git -C "$ROOT" rev-parse --short HEAD 2>/dev/null || echo unknown)"
  echo "cpus: $(nproc)"; echo "java: $(java -version 2>&1 | head -1)"
  echo "tmpdir filesystem: $(df -T "${TMPDIR:-/tmp}" | awk 'NR == 2 {print $2}')"
  echo "loadavg at start: $(cut -d' ' -f1-3 /proc/loadavg)"
} > "$OUT/machine.txt"
java -Xms512m -Xmx1g -cp "$JAR" io.github.clbtrigger.benchmarks.ApiChangeHarness "$OUT/api-changes.json" "$@" \
  2>&1 | tee "$OUT/harness.log"
echo "loadavg at end: $(cut -d' ' -f1-3 /proc/loadavg)" >> "$OUT/machine.txt"
python3 "$BENCH/api_report.py" "$OUT" "$ROOT/docs/benchmarks.md"
