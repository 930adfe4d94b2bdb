#!/usr/bin/env bash
# Issue 7 soak: load at ~80 % of measured capacity through `clb serve` on loopback, bounded in time; reports
# non-2xx responses, socket errors and heap after GC at the start and end of the run. The full mode also runs the
# property/fuzz/load test suites at their full sizes.
#
#   scripts/soak.sh            full: 15 s warm-up, 30 s capacity probe, 10 min at 80 %, then the full-size suites
#   scripts/soak.sh --ci       short: 5 s warm-up, 5 s probe, 20 s at 80 %, no test suites (about 45 s in all)
#   scripts/soak.sh --minutes N --no-suites
#
# Exit status: 0 when every response was 2xx, no socket error, and heap after GC grew by less than 50 % + 32 MiB.
set -euo pipefail
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
warm=15
probe=30
load=600
suites=1
while [ $# -gt 0 ]; do
  case "$1" in
    --ci|--short) warm=5; probe=5; load=20; suites=0 ;;
    --minutes) load=$(( $2 * 60 )); shift ;;
    --no-suites) suites=0 ;;
    -h|--help) sed -n '2,11p' "$0"; exit 0 ;;
    *) echo "soak: unknown argument $1" >&2; exit 2 ;;
  esac
  shift
done

if ! command -v wrk >/dev/null; then
  echo "soak: installing wrk (Debian package)" >&2
  sudo=""; [ "$(id -u)" -ne 0 ] && sudo="sudo"
  $sudo apt-get update -qq && $sudo apt-get install -y -qq wrk >/dev/null
fi

work=$(mktemp -d)
server_pid=""
cleanup() {
  if [ -n "$server_pid" ] && kill -0 "$server_pid" 2>/dev/null; then
    kill "$server_pid"; wait "$server_pid" 2>/dev/null || true
  fi
  rm -rf "$work"
}
trap cleanup EXIT

port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
cat > "$work/soak.json" <<JSON
{"LoadBalancerId": "lb-soak", "Listeners": [{"ListenerId": "lbl-http", "Protocol": "HTTP", "Port": $port,
  "Rules": [{"LocationId": "loc-hello", "Domain": "localhost", "Url": "/hello", "DefaultServer": true,
    "FunctionTargets": [{"Function": {"FunctionNamespace": "default", "FunctionName": "hello"}, "Weight": 100}]}]}],
 "Functions": [{"FunctionName": "hello", "Handler": "io.github.clbtrigger.samples.hello.Hello::mainHandler",
   "Timeout": 3, "MaxConcurrency": 1000}]}
JSON

echo "soak: starting clb serve on 127.0.0.1:$port" >&2
CLB_JAVA_OPTS="${CLB_JAVA_OPTS:--Xmx512m}" "$root/clb" serve --config "$work/soak.json" --host 127.0.0.1 --port "$port" \
  --classpath "$root/samples/target/classes" > "$work/serve.log" 2>&1 &
server_pid=$!
for _ in $(seq 1 600); do
  curl -fsS -o /dev/null "http://127.0.0.1:$port/hello" 2>/dev/null && break
  kill -0 "$server_pid" 2>/dev/null || { echo "soak: clb serve exited:" >&2; tail -20 "$work/serve.log" >&2; exit 1; }
  sleep 0.5
done
curl -fsS -o /dev/null "http://127.0.0.1:$port/hello" || { echo "soak: server not answering" >&2; exit 1; }
# `clb` execs java, so the pid is the JVM's
jvm=$server_pid

heap_after_gc() {   # used heap in KiB after a full GC
  jcmd "$jvm" GC.run >/dev/null
  jcmd "$jvm" GC.heap_info | awk '/used/ { for (i = 1; i <= NF; i++) if ($i == "used") { v = $(i+1); sub("K", "", v); print v; exit } }'
}

conns=64
url="http://127.0.0.1:$port/hello"
echo "soak: warming up for ${warm}s" >&2
wrk -t2 -c$conns -d${warm}s "$url" > /dev/null
echo "soak: measuring capacity for ${probe}s" >&2
wrk -t2 -c$conns -d${probe}s "$url" > "$work/probe.txt"
capacity=$(awk '/Requests\/sec/ { print int($2) }' "$work/probe.txt")
target=$(( capacity * 8 / 10 ))
# wrk's delay() per connection: each connection waits conns/target seconds between requests; with the (small,
# unloaded) latency on top, the rate stays a little under the target
delay=$(python3 -c "print(max(1, round(1000 * $conns / max($target, 1))))")
cat > "$work/pace.lua" <<LUA
function delay() return $delay end
LUA
heap_start=$(heap_after_gc)
echo "soak: capacity ${capacity} req/s; loading at ~${target} req/s (delay ${delay} ms x ${conns} connections) for ${load}s" >&2
wrk -t2 -c$conns -d${load}s -s "$work/pace.lua" "$url" > "$work/load.txt"
heap_end=$(heap_after_gc)

requests=$(awk '/requests in/ { print $1 }' "$work/load.txt")
rate=$(awk '/Requests\/sec/ { print int($2) }' "$work/load.txt")
non2xx=$(awk '/Non-2xx or 3xx responses/ { print $NF }' "$work/load.txt"); non2xx=${non2xx:-0}
sockerr=$(awk '/Socket errors/ { n = 0; for (i = 1; i <= NF; i++) if ($i ~ /^[0-9]+,?$/) { v = $i; sub(",", "", v); n += v }; print n }' "$work/load.txt"); sockerr=${sockerr:-0}
echo "---- wrk (load) ----"; cat "$work/load.txt"
echo "---- result ----"
echo "capacity_rps=$capacity target_rps=$target achieved_rps=$rate duration_s=$load requests=$requests non2xx=$non2xx socket_errors=$sockerr heap_after_gc_start_kib=$heap_start heap_after_gc_end_kib=$heap_end"

status=0
[ "$non2xx" -eq 0 ] || { echo "soak: FAIL: $non2xx non-2xx responses" >&2; status=1; }
[ "$sockerr" -eq 0 ] || { echo "soak: FAIL: $sockerr socket errors" >&2; status=1; }
if [ "$heap_end" -gt $(( heap_start * 3 / 2 + 32768 )) ]; then
  echo "soak: FAIL: heap after GC grew from ${heap_start} KiB to ${heap_end} KiB" >&2; status=1
fi

kill "$server_pid"; wait "$server_pid" 2>/dev/null || true; server_pid=""

if [ "$suites" -eq 1 ]; then
  echo "soak: full-size suites: 1,000,000 fuzzed responses, 200,000 bypass targets, 10,000 slow requests, 100 reloads" >&2
  (cd "$root" && mvn -B -q -o -pl codec,matcher,servlet-adapter -am verify -Dsurefire.failIfNoSpecifiedTests=false \
      -Dtest='ResponseFuzzTests,RuleBypassPropertiesTests,RegexRedosTests,HardeningTests,ShutdownTests' \
      -Dclb.fuzz.cases=1000000 -Dclb.bypass.examples=200000 -Dclb.slow.requests=10000 -Dclb.reloads=100) || status=1
  grep -h -o "response fuzz: [^&]*\|rule bypass: [^&]*\|slow requests: [^&]*\|hot reload: [^&]*" \
      "$root"/codec/target/surefire-reports/*.txt "$root"/matcher/target/surefire-reports/*.txt \
      "$root"/servlet-adapter/target/surefire-reports/*.xml 2>/dev/null || true
fi
exit $status
