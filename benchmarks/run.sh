#!/usr/bin/env bash
# Runs every clb-trigger benchmark and regenerates docs/benchmarks.md.
#
#   benchmarks/run.sh [quick|full]     quick: a few minutes; full: up to ~30 minutes
#
# Writes benchmarks/results/<UTC date and time>-<mode>/: JMH JSON (routing, codec, large), wrk output per scenario
# and round, api-changes.json (ApiChangeHarness), machine.txt; then docs/benchmarks.md and the SVG plots (benchmarks/report.py). All traffic goes to
# 127.0.0.1 and every load run is bounded in time. Env: SKIP_BUILD=1 to reuse target/benchmarks.jar; SKIP_JMH=1
# for the end-to-end part alone (a second sample of it on a noisy machine), written to <date>-<mode>-e2e/.
set -euo pipefail

MODE="${1:-quick}"
case "$MODE" in quick|full) ;; *) echo "usage: $0 [quick|full]" >&2; exit 2 ;; esac

BENCH="$(cd "$(dirname "$0")" && pwd)"
ROOT="$(dirname "$BENCH")"
STAMP="$(date -u +%Y-%m-%dT%H%MZ)"
OUT="$BENCH/results/$STAMP-$MODE$(if [ "${SKIP_JMH:-0}" = 1 ]; then echo -e2e; fi)"
mkdir -p "$OUT/wrk" "$BENCH/tmp"
JAR="$BENCH/target/benchmarks.jar"
log() { printf '[%s] %s\n' "$(date -u +%H:%M:%S)" "$*" | tee -a "$OUT/run.log" >&2; }

if [ "$MODE" = quick ]; then
  ROUTING=(-p rules=10,10000 -f 1 -wi 1 -w 700ms -i 3 -r 400ms)
  CODEC=(-f 1 -wi 2 -w 1s -i 3 -r 500ms)
  LARGE=(-f 1 -wi 3 -w 2s -i 3 -r 1s)           # 6 s of warm-up: the Base64 intrinsics arrive late
  PARTS=(-f 1 -wi 1 -w 700ms -i 2 -r 500ms)
  PASSES=1
  ROUNDS=4; DURATION=2s; WARM=5s        # the JIT is still compiling the echo path after 2 s of load
else
  # Two JMH passes (see below), one fork each: every configuration is measured at two moments minutes apart.
  # Timed at 28 min: JMH 19 (routing 6 + 4.5 -> 3 since the second pass skips 1,000 rules, codec 1.5 + 1.5, large
  # 2 + 2, parts 1.5), the 11 rounds end to end 9.
  ROUTING=(-f 1 -wi 2 -w 700ms -i 2 -r 1s)
  CODEC=(-f 1 -wi 3 -w 1s -i 5 -r 1s)
  LARGE=(-f 1 -wi 3 -w 2s -i 5 -r 1s)          # 6 s of warm-up: the Base64 intrinsics arrive late
  PARTS=(-f 1 -wi 2 -w 1s -i 3 -r 1s)            # one pass: they explain the targets, they are not targets
  PASSES=2
  # Many short rounds rather than a few long ones: a ratio is taken within each round, from slices seconds apart,
  # and the median of those is robust to the machine's swings (2x from minute to minute on this VM).
  ROUNDS=11; DURATION=3s; WARM=8s
fi
WRK=(-t2 -c32 --latency --timeout 5s)

# --- build --------------------------------------------------------------------------------------------------------
if [ "${SKIP_BUILD:-0}" != 1 ]; then
  log "build: mvn -B -q -pl benchmarks -am package -DskipTests"
  (cd "$ROOT" && mvn -B -q -pl benchmarks -am package -DskipTests)
fi
if ! command -v wrk >/dev/null; then
  log "installing wrk (apt-get)"
  if [ "$(id -u)" = 0 ]; then apt-get install -y wrk >/dev/null || { apt-get update >/dev/null && apt-get install -y wrk >/dev/null; }
  else sudo apt-get install -y wrk >/dev/null; fi
fi

# --- machine ------------------------------------------------------------------------------------------------------
{
  echo "mode: $MODE"; echo "date: $(date -u +%Y-%m-%dT%H:%M:%SZ)"
  echo "commit: $(git -C "$ROOT" rev-parse --short HEAD 2>/dev/null || echo unknown)"
  echo "uname: $(uname -srm)"; echo "cpus: $(nproc)"
  echo "cpu: $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2- | sed 's/^ //')"
  echo "memory: $(free -g | awk '/Mem:/ {print $2 " GiB total, " $7 " GiB available"}')"
  echo "java: $(java -version 2>&1 | head -1)"
  echo "node: $(node -v 2>/dev/null || echo none)"
  echo "wrk: $(wrk -v 2>&1 | head -1)"
  echo "loadavg at start: $(cut -d' ' -f1-3 /proc/loadavg)"
} > "$OUT/machine.txt"

# --- JMH ----------------------------------------------------------------------------------------------------------
jmh() {  # name, regexp, args...
  local name="$1" re="$2"; shift 2
  log "jmh $name"
  java -jar "$JAR" "$re" "$@" -foe true -rf json -rff "$OUT/$name.json" > "$OUT/$name.txt" 2>&1 \
    || { log "jmh $name failed, see $OUT/$name.txt"; tail -20 "$OUT/$name.txt" >&2; }
}
# The second pass runs each suite's benchmarks one by one, last first, with every parameter's values reversed:
# a configuration measured early in the first pass is measured late in the second, and a comparison between two
# (ours against Jetty or Jackson) is not decided by which of them ran while the machine was busy. report.py pools
# the iterations of both passes (name.json, name-2-*.json).
jmh_reversed() {  # name, class, args...
  local name="$1" class="$2" b k=0; shift 2
  for b in $(java -jar "$JAR" -l "$class\\." | grep "\\.$class\\." | tac); do
    k=$((k + 1))
    jmh "$name-2-$k" "$b\$" "$@"
  done
}
if [ "${SKIP_JMH:-0}" != 1 ]; then
  jmh routing 'RoutingBenchmark' "${ROUTING[@]}"
  jmh codec 'CodecBenchmark' "${CODEC[@]}" -prof gc
  jmh large 'LargeBodyBenchmark' "${LARGE[@]}" -prof gc
  jmh parts 'PartsBenchmark' "${PARTS[@]}" -prof gc
  if [ "$PASSES" = 2 ]; then
    jmh_reversed large 'LargeBodyBenchmark' "${LARGE[@]}" -prof gc -p size=6MB,1MiB
    jmh_reversed codec 'CodecBenchmark' "${CODEC[@]}" -prof gc -p response=1KiB,typical
    # 1,000 rules only in the first pass: no target reads it (the plot does).
    jmh_reversed routing 'RoutingBenchmark' "${ROUTING[@]}" -p rules=10000,10 \
      -p workload=REGEX,WILDCARD_DOMAIN,PREFIX,EXACT -p outcome=miss,hit
  fi
fi

# --- end to end ---------------------------------------------------------------------------------------------------
PIDS=()
cleanup() { for p in "${PIDS[@]:-}"; do [ -n "$p" ] && kill "$p" 2>/dev/null || true; done; }
trap cleanup EXIT

# Server CPU per request: utime + stime of the scenario's server process and its children, from the process's own
# totals (which keep the time of threads that have since ended; Jetty's pool retires idle threads).
tree_pids() { echo "$1"; local c; for c in $(pgrep -P "$1" 2>/dev/null); do tree_pids "$c"; done; }
cpu_ticks() {
  local p sum=0 v
  for p in $(tree_pids "$1"); do
    v=$(awk '{print $14 + $15}' /proc/"$p"/stat 2>/dev/null) && sum=$((sum + ${v:-0}))
  done
  echo "$sum"
}
# The machine's steal and total ticks (all CPUs): time the hypervisor gave to other tenants.
steal_ticks() { awk '/^cpu /{print $9, $2 + $3 + $4 + $5 + $6 + $7 + $8 + $9}' /proc/stat; }
declare -A SPID

PORTS="$BENCH/tmp/ports"; rm -f "$PORTS"
log "e2e: starting the Jetty harness"
java -Xms1g -Xmx1g -XX:+AlwaysPreTouch -cp "$JAR" io.github.clbtrigger.benchmarks.E2eHarness "$PORTS" \
  > "$OUT/harness.log" 2>&1 &
PIDS+=($!)
for _ in $(seq 120); do [ -f "$PORTS" ] && break; sleep 0.5; done
[ -f "$PORTS" ] || { log "harness did not start"; cat "$OUT/harness.log" >&2; exit 1; }
HARNESS_PID=$!
declare -A URL
while IFS='=' read -r name port; do
  SPID[$name]=$HARNESS_PID
  case "$name" in
    echo|echo-inspector|const) URL[$name]="http://127.0.0.1:$port/echo" ;;
    *) URL[$name]="http://127.0.0.1:$port/hello" ;;
  esac
done < "$PORTS"
# ref-jdk-async (the JDK client's sendAsync, 5-6 % of direct in every full run) is left out of the rounds to fit
# the time budget; the harness still serves it for runs by hand.
# echo-inspector: (b) with the console's inspector and meters fed per request (docs/console.md), against (b).
SCENARIOS=(bare echo echo-inspector const pass function proxy ref-jdk-blocking ref-jetty)

# The peer: serverless-offline's ALB emulation, in-process and worker-thread modes, side by side.
PEER="$BENCH/peer"
export SLS_TELEMETRY_DISABLED=1 SLS_NOTIFICATIONS_MODE=off AWS_ACCESS_KEY_ID=local AWS_SECRET_ACCESS_KEY=local
start_peer() {  # name, base port, extra flags
  local name="$1" base="$2"; shift 2
  (cd "$PEER" && exec timeout 3600 ./node_modules/.bin/serverless offline start --albPort "$base" \
      --httpPort "$((base + 1))" --lambdaPort "$((base + 2))" "$@" > "$BENCH/tmp/peer-$name.log" 2>&1) &
  PIDS+=($!); SPID[$name]=$!
  for _ in $(seq 120); do
    if curl -s -m 2 -o /dev/null "http://127.0.0.1:$base/echo"; then
      URL[$name]="http://127.0.0.1:$base/echo"; SCENARIOS+=("$name"); log "peer $name up on $base"; return 0
    fi
    sleep 0.5
  done
  log "peer $name did not come up"; { echo "$name:"; tail -20 "$BENCH/tmp/peer-$name.log"; } >> "$OUT/peer-errors.txt"
}
if [ ! -d "$PEER/node_modules/serverless-offline" ]; then
  log "peer: npm ci"
  (cd "$PEER" && timeout 600 npm ci --no-audit --no-fund > "$OUT/peer-npm.log" 2>&1) \
    || { log "npm ci failed"; tail -20 "$OUT/peer-npm.log" > "$OUT/peer-errors.txt"; }
fi
if [ -d "$PEER/node_modules/serverless-offline" ]; then
  start_peer peer-inprocess 3903 --useInProcess
  start_peer peer-workers 3913
fi

for s in "${SCENARIOS[@]}"; do
  log "warm-up $s ($WARM)"
  timeout 60 wrk "${WRK[@]}" -d "$WARM" -H 'User-Agent: wrk' "${URL[$s]}" > "$OUT/wrk/$s-warmup.txt" 2>&1 || true
done
# Rounds alternate the order (a b c ... then ... c b a), so that a drift of the machine during a round does not
# favour the scenarios that come first; report.py takes each ratio within a round, then the median over rounds.
REVERSED=(); for ((k = ${#SCENARIOS[@]} - 1; k >= 0; k--)); do REVERSED+=("${SCENARIOS[$k]}"); done
for r in $(seq "$ROUNDS"); do
  if (( r % 2 )); then ORDER=("${SCENARIOS[@]}"); else ORDER=("${REVERSED[@]}"); fi
  for s in "${ORDER[@]}"; do
    log "round $r/$ROUNDS: $s"
    # Settle the harness's heap first (a full GC, outside the measured window): G1's background work after an
    # allocation-heavy scenario would otherwise be counted in the next scenario's CPU.
    if [ "${SPID[$s]}" = "$HARNESS_PID" ]; then jcmd "$HARNESS_PID" GC.run > /dev/null 2>&1 || true; sleep 1; fi
    c0=$(cpu_ticks "${SPID[$s]}"); read -r st0 all0 < <(steal_ticks)
    timeout 120 wrk "${WRK[@]}" -d "$DURATION" -H 'User-Agent: wrk' "${URL[$s]}" > "$OUT/wrk/$s-r$r.txt" 2>&1 || true
    read -r st1 all1 < <(steal_ticks)
    echo "cpu_ticks=$(( $(cpu_ticks "${SPID[$s]}") - c0 )) clk_tck=$(getconf CLK_TCK)" \
      "steal_ticks=$((st1 - st0)) all_ticks=$((all1 - all0))" > "$OUT/wrk/$s-r$r.cpu"
  done
done
{ for s in "${SCENARIOS[@]}"; do echo "$s=${URL[$s]}"; done; } > "$OUT/wrk/urls.txt"
echo "loadavg at end: $(cut -d' ' -f1-3 /proc/loadavg)" >> "$OUT/machine.txt"
cleanup; PIDS=()
for f in "$BENCH"/tmp/peer-*.log; do  # serverless-offline logs every request: keep the start and the end
  [ -f "$f" ] && { head -30 "$f"; echo "... ($(wc -l < "$f") lines in all; per-request lines elided by run.sh) ..."; tail -5 "$f"; } > "$OUT/$(basename "$f")"
done
rm -f "$BENCH"/tmp/peer-*.log

# --- API changes (issue 17) ---------------------------------------------------------------------------------------
# RegisterFunctionTargets sent -> first request routed, and sustained changes/s, at 10 and 10,000 rules (api.sh runs
# this step alone).
if [ "$MODE" = quick ]; then API=(10,10000 200 3 8); else API=(10,10000 400 5 8); fi
log "api changes: ApiChangeHarness ${API[*]}"
java -Xms512m -Xmx1g -cp "$JAR" io.github.clbtrigger.benchmarks.ApiChangeHarness "$OUT/api-changes.json" "${API[@]}" \
  > "$OUT/api-changes.log" 2>&1 || { log "api changes failed, see $OUT/api-changes.log"; tail -20 "$OUT/api-changes.log" >&2; }

# --- report -------------------------------------------------------------------------------------------------------
log "report"
python3 "$BENCH/report.py" "$OUT" "$ROOT/docs/benchmarks.md"
log "done: $OUT, docs/benchmarks.md"
