#!/usr/bin/env bash
# Issue 21: N `clb serve` instances behind real nginx, all watching one shared config file (docs/deploy.md).
# Loopback only; every wait and every load has a count or a time bound.
#
#   scripts/cluster.sh [short]   three instances; 5 changes, a broken file, 3 s steady load, one rolling restart under
#                                load, one SIGKILL under load (1–2 minutes; what CI runs: .ci/cluster)
#   scripts/cluster.sh lint      checks deploy/ offline (seconds): the Kubernetes YAML parses and has the documented
#                                shape, the Dockerfile runs the jar as a non-root user with the command this script
#                                gives its instances, the nginx example passes `nginx -t`
#   scripts/cluster.sh full      the same with 100 changes and 10 s of steady load, then throughput through nginx with
#                                1, 2 and 3 instances; writes its figures into docs/deploy.md and docs/benchmarks.md
#
# Needs nginx, wrk, curl, python3 and a JDK (javac compiles a slow test handler); builds the cli through ./clb only
# when it is missing or stale. CLB_JAVA_OPTS (default -Xmx256m) goes to every instance. KEEP=1 keeps the work
# directory (logs, nginx access log, wrk output); it is kept anyway when a check fails.
# Exit status: 0 when every check passed; 1 with one "cluster: FAIL: ..." line per failed check.
set -euo pipefail
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
mode=${1:-short}
case "$mode" in
  lint)  ;;
  short) changes=5;   steady=3;  throughput=0 ;;
  full)  changes=100; steady=10; throughput=1 ;;
  -h|--help) sed -n '2,16p' "$0"; exit 0 ;;
  *) echo "cluster: unknown mode '$mode' (short or full)" >&2; exit 2 ;;
esac

# ---- lint: what can be checked of deploy/ without a cluster ----------------------------------------------------------

if [ "$mode" = lint ]; then
  py=python3
  "$py" -c 'import yaml' 2>/dev/null || py=/usr/bin/python3   # Debian's python3-yaml when another python3 is first
  "$py" -c 'import yaml' 2>/dev/null || { echo "cluster: lint needs python3-yaml (apt-get install python3-yaml)" >&2; exit 2; }
  # the options this script serves with: the `serve` line of start_instance below ("$watch" is --watch)
  script_options=$(sed -n '/-jar "\$jar" serve/,/role_args\[@\]}"/p' "$0" | tr ' ' '\n' \
      | sed 's/"\$watch"/--watch/' | grep -E '^--[a-z-]+$' | tr '\n' ' ')
  "$py" - "$root/deploy" "$script_options" <<'PY' || exit 1
import json, re, sys, yaml
deploy, script_options = sys.argv[1], sys.argv[2].split()
problems = []
def check(ok, what):
    if not ok:
        problems.append(what)

# Dockerfile: a JRE base, the runnable jar, a user without privileges, `java -jar clb.jar serve` + the test's options
docker = open(f"{deploy}/Dockerfile").read()
lines = [l.strip() for l in docker.splitlines() if l.strip() and not l.lstrip().startswith("#")]
instr = {}
for l in lines:
    instr.setdefault(l.split()[0].upper(), []).append(l.split(None, 1)[1] if " " in l else "")
check(any("jre" in f for f in instr.get("FROM", [])), "Dockerfile: FROM is not a JRE image")
check(any("cli/target/clb.jar" in c for c in instr.get("COPY", [])), "Dockerfile: does not COPY cli/target/clb.jar")
user = (instr.get("USER") or ["root"])[-1].split(":")[0]
check(user not in ("root", "0"), f"Dockerfile: runs as {user}")
entry = json.loads(instr["ENTRYPOINT"][-1]) if "ENTRYPOINT" in instr else []
cmd = json.loads(instr["CMD"][-1]) if "CMD" in instr else []
check(len(entry) == 4 and entry[:2] == ["java", "-jar"] and entry[2].endswith("clb.jar") and entry[3] == "serve",
      f"Dockerfile: ENTRYPOINT is {entry}, not java -jar .../clb.jar serve")
options = lambda args: [a for a in args if a.startswith("--")]
check(options(cmd) == script_options,
      f"Dockerfile: CMD options {options(cmd)} differ from scripts/cluster.sh's {script_options}")

# Kubernetes: the documented shape
docs = [d for d in yaml.safe_load_all(open(f"{deploy}/kubernetes.yaml")) if d]
for d in docs:
    check({"apiVersion", "kind", "metadata"} <= d.keys(), f"kubernetes.yaml: a document without apiVersion/kind/metadata")
kinds = [d["kind"] for d in docs]
check(kinds.count("Service") >= 1, "kubernetes.yaml: no Service")
deployments = {d["metadata"]["name"]: d for d in docs if d["kind"] == "Deployment"}
writers = [d for d in deployments.values() if d["spec"]["template"]["metadata"]["labels"].get("role") == "writer"]
readers = [d for d in deployments.values() if d["spec"]["template"]["metadata"]["labels"].get("role") == "reader"]
check(len(writers) == 1 and writers[0]["spec"]["replicas"] == 1
      and writers[0]["spec"].get("strategy", {}).get("type") == "Recreate",
      "kubernetes.yaml: not exactly one writer Deployment with 1 replica and the Recreate strategy")
check(len(readers) == 1 and readers[0]["spec"]["replicas"] >= 2, "kubernetes.yaml: no reader Deployment of 2+ replicas")
for d in deployments.values():
    name = d["metadata"]["name"]
    spec = d["spec"]["template"]["spec"]
    check(d["spec"]["selector"]["matchLabels"].items() <= d["spec"]["template"]["metadata"]["labels"].items(),
          f"{name}: the selector does not match the pod labels")
    for c in spec["containers"]:
        role = d["spec"]["template"]["metadata"]["labels"].get("role")
        args = c.get("args") or []
        check(args[:len(cmd)] == cmd, f"{name}: args {args} do not start with the Dockerfile's CMD {cmd}")
        # the single-writer rule: only the writer opens the management port; readers say --no-api
        extra = args[len(cmd):]
        if role == "reader":
            check(extra == ["--no-api"], f"{name}: a reader's args end in {extra}, not --no-api")
        else:
            check("--api-port" in extra, f"{name}: the writer has no --api-port")
            bind = extra[extra.index("--api-bind") + 1] if "--api-bind" in extra else "127.0.0.1"
            env = {e["name"] for e in c.get("env", [])}
            check(bind in ("127.0.0.1", "::1", "localhost")
                  or {"TENCENTCLOUD_SECRET_ID", "TENCENTCLOUD_SECRET_KEY"} <= env,
                  f"{name}: --api-bind {bind} without TENCENTCLOUD_SECRET_ID/KEY (clb serve refuses to start)")
        check("command" not in c, f"{name}: overrides the image's ENTRYPOINT")
        check("readinessProbe" in c, f"{name}: no readiness probe")
        mounts = {m["mountPath"]: m for m in c.get("volumeMounts", [])}
        path = c["args"][c["args"].index("--config") + 1]
        check(any(path.startswith(m + "/") for m in mounts), f"{name}: --config {path} is on no mounted volume")
        read_only = all(m.get("readOnly") for p, m in mounts.items() if path.startswith(p + "/"))
        check(read_only == (role == "reader"), f"{name}: the config volume is {'read-only' if read_only else 'writable'}"
              f" for a {role} (only the writer writes)")
    check(spec.get("securityContext", {}).get("runAsNonRoot") is True, f"{name}: runAsNonRoot is not set")
selectors = [d["spec"]["selector"] for d in docs if d["kind"] == "Service"]
check(any(s.items() <= w["spec"]["template"]["metadata"]["labels"].items() for s in selectors for w in readers),
      "kubernetes.yaml: no Service selects the readers")

for p in problems:
    print("cluster: FAIL: lint:", p, file=sys.stderr)
print(f"cluster: lint: Dockerfile and kubernetes.yaml ({len(docs)} documents): {len(problems)} problems")
sys.exit(1 if problems else 0)
PY
  # the nginx example, as nginx reads it
  lint_dir=$(mktemp -d)
  printf 'pid %s/nginx.pid;\nerror_log %s/error.log;\nevents {}\nhttp {\n    include %s;\n}\n' \
      "$lint_dir" "$lint_dir" "$root/deploy/nginx-upstream.conf" > "$lint_dir/nginx.conf"
  if ! "$(command -v nginx || echo /usr/sbin/nginx)" -t -q -p "$lint_dir/" -c "$lint_dir/nginx.conf"; then
    rm -rf "$lint_dir"; echo "cluster: FAIL: lint: deploy/nginx-upstream.conf does not pass nginx -t" >&2; exit 1
  fi
  rm -rf "$lint_dir"
  example=$(sed -n 's/^ *proxy_next_upstream \([a-z_0-9 ]*\);.*/\1/p' "$root/deploy/nginx-upstream.conf")
  grep -q "next=\"$example\"" "$0" \
    || { echo "cluster: FAIL: lint: the nginx example's proxy_next_upstream $example is not the test's" >&2; exit 1; }
  echo "cluster: lint: deploy/nginx-upstream.conf passes nginx -t"
  exit 0
fi

instances=3
function_timeout=3       # the functions' Timeout (s): no request may take longer, even when its instance dies
slow_ms=50               # what the slow function sleeps: keeps requests in flight when an instance is stopped
load_conns=16            # wrk connections for the load during restarts and the kill
load_delay_ms=50         # each connection's pause between requests: a steady ~16 / 0.1 s = ~160 req/s
converge_limit=2         # seconds within which every instance must serve a change
sabotage=${CLUSTER_SABOTAGE:-}  # proves the checks can fail: "stale" (instance 2 without --watch), "no-retry" (nginx
                                # with proxy_next_upstream off); either must make the run fail
method=${CLUSTER_METHOD:-GET}   # the load's method; POST shows what nginx will not pass on (docs/deploy.md)

for tool in nginx wrk curl python3 java javac; do
  command -v "$tool" >/dev/null 2>&1 || [ -x "/usr/sbin/$tool" ] || {
    echo "cluster: $tool is missing (Debian: apt-get install nginx-light wrk curl python3 openjdk-17-jdk-headless)" >&2
    exit 2
  }
done
nginx_bin=$(command -v nginx || echo /usr/sbin/nginx)

# Build nothing twice: ./clb builds only when the jar is missing or older than a source; after that, the jar directly
# (its pid is then the JVM's own, which the CPU figures read).
"$root/clb" --version >/dev/null
jar="$root/cli/target/clb.jar"
read -r -a java_opts <<<"${CLB_JAVA_OPTS:--Xmx256m}"

work=$(mktemp -d "${TMPDIR:-/tmp}/clb-cluster.XXXXXX")
shared="$work/shared/clb.json"   # the one config file every instance watches (a shared volume in a real cluster)
mkdir -p "$work/shared" "$work/classes" "$work/nginx"
declare -a pids=() ports=()
nginx_pid="" wrk_pid=""
failures=()

fail() { failures+=("$*"); echo "cluster: FAIL: $*" >&2; }
die() { echo "cluster: FAIL: $*" >&2; failures+=("$*"); exit 1; }
note() { echo "cluster: $*" >&2; }
now() { echo "$EPOCHREALTIME"; }

cleanup() {
  local status=$?
  [ -n "$wrk_pid" ] && kill "$wrk_pid" 2>/dev/null || true
  for pid in "${pids[@]}"; do kill -TERM "$pid" 2>/dev/null || true; done
  for pid in "${pids[@]}"; do
    for _ in $(seq 1 150); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
    kill -KILL "$pid" 2>/dev/null || true
    wait "$pid" 2>/dev/null || true
  done
  if [ -n "$nginx_pid" ]; then kill -TERM "$nginx_pid" 2>/dev/null || true; wait "$nginx_pid" 2>/dev/null || true; fi
  if [ "$status" -ne 0 ] || [ "${#failures[@]}" -gt 0 ] || [ "${KEEP:-0}" = 1 ]; then
    echo "cluster: logs kept in $work" >&2
  else
    rm -rf "$work"
  fi
}
trap cleanup EXIT

free_ports() {   # N distinct free loopback ports, bound together so they differ
  python3 - "$1" <<'PY'
import socket, sys
socks = []
for _ in range(int(sys.argv[1])):
    s = socket.socket(); s.bind(("127.0.0.1", 0)); socks.append(s)
print(" ".join(str(s.getsockname()[1]) for s in socks))
PY
}

# ---- the functions and the shared config ----------------------------------------------------------------------------

# A function that takes slow_ms: with it, a stop or a kill always finds requests in flight.
mkdir -p "$work/src/cluster"
cat > "$work/src/cluster/Slow.java" <<JAVA
package cluster;

import java.util.Map;

public final class Slow {
    public Map<String, Object> handle(Map<String, Object> event) throws InterruptedException {
        Thread.sleep($slow_ms);
        return Map.of("isBase64Encoded", false, "statusCode", 200,
                "headers", Map.of("Content-Type", "text/plain"), "body", "slow\n");
    }
}
JAVA
javac -d "$work/classes" "$work/src/cluster/Slow.java"

config_json() {   # the config of change $1: a rule =/probe-$1 that only this change has
  cat <<JSON
{"LoadBalancerId": "lb-cluster", "Listeners": [{"ListenerId": "lbl-http", "Protocol": "HTTP", "Port": 8080,
  "Rules": [
    {"LocationId": "loc-hello", "Domain": "localhost", "Url": "/hello", "DefaultServer": true,
     "FunctionTargets": [{"Function": {"FunctionNamespace": "default", "FunctionName": "hello"}, "Weight": 100}]},
    {"LocationId": "loc-slow", "Domain": "localhost", "Url": "/slow",
     "FunctionTargets": [{"Function": {"FunctionNamespace": "default", "FunctionName": "slow"}, "Weight": 100}]},
    {"LocationId": "loc-probe", "Domain": "localhost", "Url": "=/probe-$1",
     "FunctionTargets": [{"Function": {"FunctionNamespace": "default", "FunctionName": "hello"}, "Weight": 100}]}]}],
 "Functions": [
   {"FunctionName": "hello", "Handler": "io.github.clbtrigger.samples.hello.Hello::mainHandler",
    "Timeout": $function_timeout, "MaxConcurrency": 1000},
   {"FunctionName": "slow", "Handler": "cluster.Slow::handle", "Timeout": $function_timeout, "MaxConcurrency": 1000}]}
JSON
}

write_shared() {   # the text on stdin becomes the shared file whole: a temp file in the same directory, then rename
  local tmp
  tmp=$(mktemp "$work/shared/.clb.json.XXXXXX")
  cat > "$tmp"
  mv -f "$tmp" "$shared"
}

# One change, of one of two kinds: "hand" rewrites the shared file whole (an operator's edit, or a deploy tool's);
# "api" (the default once the writer runs) moves the probe rule to =/probe-$1 with one ModifyRule call to the
# writer's management port, which validates the change and writes the file the same way (temp file, rename).
# Without TENCENTCLOUD_SECRET_ID/KEY the endpoint accepts any well-formed TC3 signature: a fixed one is enough here.
api_auth='TC3-HMAC-SHA256 Credential=AKIDcluster/2026-01-01/clb/tc3_request, SignedHeaders=content-type;host, Signature=0000000000000000000000000000000000000000000000000000000000000000'
make_change() {
  if [ "${2:-api}" = hand ]; then
    config_json "$1" | write_shared
    return
  fi
  local answer
  answer=$(curl -s --max-time 10 "http://127.0.0.1:$api_port/" -H 'Content-Type: application/json' \
      -H 'X-TC-Action: ModifyRule' -H 'X-TC-Version: 2018-03-17' -H "X-TC-Timestamp: $(date +%s)" \
      -H "Authorization: $api_auth" \
      -d "{\"LoadBalancerId\": \"lb-cluster\", \"ListenerId\": \"lbl-http\", \"LocationId\": \"loc-probe\", \"Url\": \"=/probe-$1\"}") \
    || die "change $1: the writer's API did not answer"
  case "$answer" in
    *'"Error"'*|'') die "change $1: the writer's API refused ModifyRule: $answer" ;;
  esac
}

# ---- instances ------------------------------------------------------------------------------------------------------

# Instance 0 is the writer, the others readers (docs/deploy.md, the single-writer rule): only the writer opens the
# management port; the readers serve the file it writes.
writer_args=(--api-port "PORT")   # the port is filled in below, once the free ports are known
reader_args=(--no-api)

start_instance() {   # start instance $1 on its port, watching the shared file; its log is appended across restarts
  local i=$1 role_args watch=--watch
  if [ "$i" -eq 0 ]; then role_args=("${writer_args[@]}"); else role_args=("${reader_args[@]}"); fi
  [ "$sabotage" = stale ] && [ "$i" -eq 2 ] && watch=--debug
  echo "---- start $(date -u +%T.%N)" >> "$work/instance-$i.log"
  java "${java_opts[@]}" -Dclb.home="$root" -jar "$jar" serve --config "$shared" --host 127.0.0.1 \
      --port "${ports[$i]}" "$watch" --classpath "$root/samples/target/classes:$work/classes" "${role_args[@]}" \
      >> "$work/instance-$i.log" 2>&1 &
  pids[$i]=$!
}

wait_ready() {   # until instance $1 answers on its own port (60 s at most); the listener's TCP probe, in effect
  local i=$1
  for _ in $(seq 1 600); do
    [ "$(curl -s -o /dev/null -w '%{http_code}' --max-time 2 "http://127.0.0.1:${ports[$i]}/hello")" = 200 ] && return 0
    kill -0 "${pids[$i]}" 2>/dev/null || { tail -20 "$work/instance-$i.log" >&2; die "instance $i exited while starting"; }
    sleep 0.1
  done
  die "instance $i did not answer within 60 s"
}

stop_instance() {   # graceful: SIGTERM, then wait (30 s at most) for the JVM to finish in-flight requests and exit
  local i=$1 pid=${pids[$i]}
  kill -TERM "$pid"
  for _ in $(seq 1 300); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
  if kill -0 "$pid" 2>/dev/null; then kill -KILL "$pid"; fail "instance $i did not stop within 30 s of SIGTERM"; fi
  wait "$pid" 2>/dev/null || true
}

cpu_ticks() {   # user + system clock ticks of the processes named
  local total=0 pid
  for pid in "$@"; do total=$(( total + $(awk '{ print $14 + $15 }' "/proc/$pid/stat") )); done
  echo "$total"
}

# ---- nginx ----------------------------------------------------------------------------------------------------------

front=""
nginx_conf() {   # the balancer over the first $1 instances; access log on ("log") or off
  local n=$1 log=$2 servers="" user_line="" i next="error timeout http_503"
  [ "$sabotage" = no-retry ] && next=off
  for (( i = 0; i < n; i++ )); do
    servers+="        server 127.0.0.1:${ports[$i]} max_fails=1 fail_timeout=2s;"$'\n'
  done
  [ "$(id -u)" -eq 0 ] && user_line="user root;"
  local access="off"
  [ "$log" = log ] && access="$work/nginx/access.log cluster buffer=32k flush=1s"
  cat > "$work/nginx/nginx.conf" <<NGINX
$user_line
worker_processes ${NGINX_WORKERS:-auto};
daemon off;
pid $work/nginx/nginx.pid;
error_log $work/nginx/error.log warn;
events { worker_connections 4096; }
http {
    log_format cluster '\$msec|\$status|\$upstream_status|\$upstream_addr|\$request_time|\$request_uri';
    access_log $access;
    client_body_temp_path $work/nginx/body;
    proxy_temp_path $work/nginx/proxy;
    fastcgi_temp_path $work/nginx/fastcgi;
    uwsgi_temp_path $work/nginx/uwsgi;
    scgi_temp_path $work/nginx/scgi;
    upstream clb {
$servers        keepalive 32;
    }
    server {
        listen 127.0.0.1:$front;
        location / {
            proxy_pass http://clb;
            proxy_http_version 1.1;
            proxy_set_header Connection "";
            proxy_set_header Host \$host;
            proxy_set_header X-Forwarded-For \$proxy_add_x_forwarded_for;
            proxy_connect_timeout 1s;
            proxy_read_timeout $(( function_timeout + 5 ))s;
            proxy_next_upstream $next;
            proxy_next_upstream_tries 3;
            proxy_next_upstream_timeout $(( function_timeout + 5 ))s;
        }
    }
}
NGINX
  "$nginx_bin" -t -q -p "$work/nginx/" -c "$work/nginx/nginx.conf" 2>>"$work/nginx/error.log" \
    || { cat "$work/nginx/error.log" >&2; die "nginx rejected the generated configuration"; }
}

nginx_start() {
  "$nginx_bin" -p "$work/nginx/" -c "$work/nginx/nginx.conf" 2>>"$work/nginx/error.log" &
  nginx_pid=$!
  for _ in $(seq 1 100); do
    [ "$(curl -s -o /dev/null -w '%{http_code}' --max-time 2 "http://127.0.0.1:$front/hello")" = 200 ] && return 0
    kill -0 "$nginx_pid" 2>/dev/null || { cat "$work/nginx/error.log" >&2; die "nginx exited at start"; }
    sleep 0.1
  done
  die "nginx did not answer within 10 s"
}

nginx_reload() {   # SIGHUP: new workers with the new configuration, old ones finish their requests
  kill -HUP "$nginx_pid"
  sleep 1
}

nginx_workers() { pgrep -P "$nginx_pid" | tr '\n' ' '; }

# ---- load -----------------------------------------------------------------------------------------------------------

# wrk counts a response of 400 or more under "Non-2xx or 3xx" only; this script counts every status, so a 502 or
# 503 that reached the client is a failed request in the figures, and prints one line wrk's text does not give.
cat > "$work/count.lua" <<'LUA'
local threads = {}
local pause = tonumber(os.getenv("CLUSTER_DELAY_MS") or "0")
wrk.method = os.getenv("CLUSTER_METHOD") or "GET"
if wrk.method == "POST" then wrk.body = '{"name":"cluster"}'; wrk.headers["Content-Type"] = "application/json" end
function setup(thread) table.insert(threads, thread) end
function init(args) statuses = {} end
function delay() return pause end
function response(status, headers, body) statuses[status] = (statuses[status] or 0) + 1 end
function done(summary, latency, requests)
  local all, bad = {}, 0
  for _, t in ipairs(threads) do
    for status, n in pairs(t:get("statuses")) do all[status] = (all[status] or 0) + n end
  end
  local text = ""
  for status, n in pairs(all) do
    text = text .. " " .. status .. "=" .. n
    if status < 200 or status > 299 then bad = bad + n end
  end
  local e = summary.errors
  io.write(string.format("RESULT requests=%d non2xx=%d connect=%d read=%d write=%d timeout=%d p50_ms=%.1f p99_ms=%.1f max_ms=%.1f seconds=%.2f statuses=%s\n",
    summary.requests, bad, e.connect, e.read, e.write, e.timeout, latency:percentile(50) / 1000,
    latency:percentile(99) / 1000, latency.max / 1000, summary.duration / 1e6, text))
end
LUA

load_start() {   # wrk through nginx on path $2 in the background until load_stop; output in wrk-$1.txt
  CLUSTER_DELAY_MS=$load_delay_ms CLUSTER_METHOD=$method wrk -t2 -c"$load_conns" -d600s --timeout "$(( function_timeout * 3 ))s" \
      -s "$work/count.lua" "http://127.0.0.1:$front$2" > "$work/wrk-$1.txt" 2>&1 &
  wrk_pid=$!
}

load_stop() {    # SIGINT: wrk stops, and prints its figures and the script's RESULT line
  kill -INT "$wrk_pid"
  for _ in $(seq 1 100); do kill -0 "$wrk_pid" 2>/dev/null || break; sleep 0.1; done
  wait "$wrk_pid" 2>/dev/null || true
  wrk_pid=""
}

result() {   # field $2 of the RESULT line of wrk-$1.txt
  local line
  line=$(grep '^RESULT ' "$work/wrk-$1.txt") || { cat "$work/wrk-$1.txt" >&2; die "wrk printed no result for $1"; }
  sed -n "s/.* $2=\([^ ]*\).*/\1/p" <<<"$line"
}

lost() {   # requests of wrk-$1.txt that failed at the client: non-2xx plus socket errors
  echo $(( $(result "$1" non2xx) + $(result "$1" connect) + $(result "$1" read) + $(result "$1" write) \
      + $(result "$1" timeout) ))
}

retried_since() {   # requests nginx passed on to another instance after access-log time $1: "N (a × 503, b × conn.)"
  # $upstream_status lists each try ("503, 200"); a refused or reset connection shows as 502 there
  awk -F'|' -v t="$1" '$1 >= t && $3 ~ /,/ { n++; if ($3 ~ /^503/) s++; else c++ }
      END { printf "%d (%d × 503, %d × refused or reset)", n, s, c }' "$work/nginx/access.log"
}

# ---- start ----------------------------------------------------------------------------------------------------------

read -r -a all_ports <<<"$(free_ports $(( instances + 2 )))"
front=${all_ports[0]}
api_port=${all_ports[1]}
writer_args=(--api-port "$api_port")
ports=("${all_ports[@]:2}")
make_change 0 hand
note "mode $mode; work directory $work"
note "starting $instances instances on ports ${ports[*]} (instance 0 is the writer, its API on $api_port), nginx on $front"
t_start=$(now)
loadavg_start=$(cut -d' ' -f1 /proc/loadavg)
for (( i = 0; i < instances; i++ )); do start_instance "$i"; done
for (( i = 0; i < instances; i++ )); do wait_ready "$i"; done
note "instances ready in $(awk -v a="$t_start" -v b="$(now)" 'BEGIN { printf "%.1f", b - a }') s"
nginx_conf "$instances" log
nginx_start

# ---- convergence: every instance serves each change within converge_limit ------------------------------------------

cat > "$work/poll.py" <<'PY'
# For each line "N T0" on stdin: polls GET /probe-N on every port until each answers 200 (or 5 s after T0), then
# prints each port's lag behind T0 in seconds ("-" for one that never did).
import http.client, sys, time
ports = [int(p) for p in sys.argv[1:]]
conns = {}
def status(port, path):
    for _ in range(2):
        c = conns.get(port) or http.client.HTTPConnection("127.0.0.1", port, timeout=2)
        conns[port] = c
        try:
            c.request("GET", path, headers={"Host": "localhost"})
            r = c.getresponse(); r.read()
            return r.status
        except (OSError, http.client.HTTPException):
            c.close(); conns.pop(port, None)
    return 0
for line in sys.stdin:
    probe, t0 = line.split(); t0 = float(t0)
    lags = {}
    while len(lags) < len(ports) and time.time() - t0 < 5:
        for p in ports:
            if p not in lags and status(p, "/probe-" + probe) == 200:
                lags[p] = time.time() - t0
        time.sleep(0.005)
    print(" ".join(f"{lags[p]:.3f}" if p in lags else "-" for p in ports), flush=True)
PY

note "convergence: $changes changes"
coproc POLL { python3 "$work/poll.py" "${ports[@]}"; }
: > "$work/convergence.txt"
stale=0
for (( c = 1; c <= changes; c++ )); do
  t0=$(now)
  if (( c % 2 )); then make_change "$c" api; else make_change "$c" hand; fi
  echo "$c $t0" >&"${POLL[1]}"
  read -r -t 10 -a lags <&"${POLL[0]}" || die "the convergence poller did not answer"
  echo "${lags[*]}" >> "$work/convergence.txt"
  for (( i = 0; i < instances; i++ )); do
    lag=${lags[$i]}
    if [ "$lag" = - ] || awk -v lag="$lag" -v limit="$converge_limit" 'BEGIN { exit !(lag > limit) }'; then
      fail "instance $i was stale: change $c not served within $converge_limit s (lag $lag)"; stale=$(( stale + 1 ))
    fi
  done
  # the watch polls once a second: a change within the same second as the previous one may be seen together
  sleep 0.$(( RANDOM % 10 ))
done
eval "exec ${POLL[1]}>&-"
wait "$POLL_PID" 2>/dev/null || true
convergence=$(python3 - "$work/convergence.txt" <<'PY'
import statistics, sys
rows = [l.split() for l in open(sys.argv[1]) if l.strip()]
done = [max(float(x) for x in r) for r in rows if "-" not in r]
spread = [max(float(x) for x in r) - min(float(x) for x in r) for r in rows if "-" not in r]
print(f"changes={len(rows)} all_served_median_s={statistics.median(done):.3f} all_served_max_s={max(done):.3f} "
      f"spread_median_s={statistics.median(spread):.3f} spread_max_s={max(spread):.3f}")
PY
)
note "convergence: $convergence"

# A broken file (what a half-written one would look like, had the writer not renamed): every instance keeps serving
# the last good config and says so once.
declare -a warned_before=()
for (( i = 0; i < instances; i++ )); do
  warned_before[$i]=$(grep -c 'invalid, keeping the current configuration' "$work/instance-$i.log" || true)
done
printf '{"LoadBalancerId": "lb-cluster", "Listeners": [' | write_shared
sleep 3.5   # three watch intervals
for (( i = 0; i < instances; i++ )); do
  code=$(curl -s -o /dev/null -w '%{http_code}' --max-time 2 "http://127.0.0.1:${ports[$i]}/probe-$changes")
  [ "$code" = 200 ] || fail "instance $i did not keep its last good config after a broken file (GET /probe-$changes: $code)"
  warned=$(( $(grep -c 'invalid, keeping the current configuration' "$work/instance-$i.log" || true) - warned_before[i] ))
  [ "$warned" -eq 1 ] || fail "instance $i logged the broken file $warned times, not once"
done
note "broken file: every instance kept its last good config and said so once"
make_change $(( changes + 1 )) hand   # the API refuses changes while the file on disk is invalid: fixed by hand
sleep 1.5

# ---- steady state, then a rolling restart under the same load -------------------------------------------------------

note "steady load: ${steady} s on /slow (${slow_ms} ms), $load_conns connections"
load_start steady /slow
sleep "$steady"
load_stop
steady_lost=$(lost steady)
[ "$steady_lost" -eq 0 ] || fail "steady state lost $steady_lost requests: $(grep '^RESULT' "$work/wrk-steady.txt")"

note "rolling restart under load: SIGTERM, restart, wait for each instance"
log_mark=$(now)
load_start restart /slow
sleep 1
declare -a stop_seconds=() start_seconds=()
for (( i = 0; i < instances; i++ )); do
  t0=$(now); stop_instance "$i"; t1=$(now)
  start_instance "$i"; wait_ready "$i"; t2=$(now)
  stop_seconds[$i]=$(awk -v a="$t0" -v b="$t1" 'BEGIN { printf "%.2f", b - a }')
  start_seconds[$i]=$(awk -v a="$t1" -v b="$t2" 'BEGIN { printf "%.2f", b - a }')
  sleep 1     # the next stop then finds this instance taking requests again (nginx retries it after fail_timeout)
done
load_stop
restart_lost=$(lost restart)
restart_retried=$(retried_since "$log_mark")
[ "$restart_lost" -eq 0 ] || fail "the rolling restart lost $restart_lost requests: $(grep '^RESULT' "$work/wrk-restart.txt")"
note "rolling restart: stops took ${stop_seconds[*]} s, starts ${start_seconds[*]} s; nginx passed on $restart_retried"

# ---- SIGKILL an instance under load ---------------------------------------------------------------------------------

note "SIGKILL instance 2 under load"
log_mark=$(now)
load_start kill /slow
sleep 2
kill -KILL "${pids[2]}"; wait "${pids[2]}" 2>/dev/null || true
sleep 3
load_stop
kill_lost=$(lost kill)
kill_retried=$(retried_since "$log_mark")
kill_max=$(result kill max_ms)
[ "$kill_lost" -le "$load_conns" ] \
  || fail "the kill failed $kill_lost requests; it held at most $load_conns (one per connection)"
awk -v ms="$kill_max" -v limit="$function_timeout" 'BEGIN { exit !(ms < limit * 1000) }' \
  || fail "a request took ${kill_max} ms during the kill, past the function timeout (${function_timeout} s)"
java -jar "$jar" validate --config "$shared" > "$work/validate.txt" 2>&1 \
  || { cat "$work/validate.txt" >&2; fail "the shared file does not parse after the kill"; }
note "kill: $kill_lost failed, nginx passed on $kill_retried, slowest ${kill_max} ms; shared file valid"
if [ "$throughput" -eq 1 ]; then start_instance 2; wait_ready 2; fi
serving=$instances; [ "$throughput" -eq 1 ] || serving=2

# the instances restarted under load serve the latest change too
make_change $(( changes + 2 ))
sleep 2
for (( i = 0; i < serving; i++ )); do
  code=$(curl -s -o /dev/null -w '%{http_code}' --max-time 2 "http://127.0.0.1:${ports[$i]}/probe-$(( changes + 2 ))")
  [ "$code" = 200 ] || fail "instance $i, restarted, did not serve the last change (GET: $code)"
done

# ---- throughput with 1, 2 and 3 instances (full) --------------------------------------------------------------------

clk=$(getconf CLK_TCK)
throughput_rows=""
if [ "$throughput" -eq 1 ]; then
  tp() {   # label, url, instance count: 5 s warm-up, 10 s measured; prints a table row
    local label=$1 url=$2 n=$3 t0 t1 n0 n1 rps p99 requests inst=() i
    for (( i = 0; i < n; i++ )); do inst+=("${pids[$i]}"); done
    wrk -t2 -c64 -d5s "$url" > /dev/null
    local workers; workers=$(nginx_workers)
    t0=$(cpu_ticks "${inst[@]}"); n0=$(cpu_ticks $workers)
    wrk -t2 -c64 -d10s --latency "$url" > "$work/wrk-tp-$label.txt"
    t1=$(cpu_ticks "${inst[@]}"); n1=$(cpu_ticks $workers)
    requests=$(awk '/requests in/ { print $1 }' "$work/wrk-tp-$label.txt")
    rps=$(awk '/Requests\/sec/ { printf "%d", $2 }' "$work/wrk-tp-$label.txt")
    p99=$(awk '$1 == "99%" { print $2 }' "$work/wrk-tp-$label.txt")
    grep -q 'Non-2xx' "$work/wrk-tp-$label.txt" && fail "throughput $label: $(grep 'Non-2xx' "$work/wrk-tp-$label.txt")"
    python3 - "$label" "$rps" "$p99" "$requests" "$(( t1 - t0 ))" "$(( n1 - n0 ))" "$clk" "$n" <<'PY'
import sys
label, rps, p99, requests, inst, ngx, clk, n = sys.argv[1:]
requests = int(requests); us = lambda ticks: 1e6 * int(ticks) / int(clk) / requests
ngx_cell = "–" if label == "direct" else f"{us(ngx):.0f}"
p99 = float(p99[:-2]) if p99.endswith("ms") else float(p99[:-2]) / 1000 if p99.endswith("us") else float(p99[:-1]) * 1000
print(f"| {label} | {int(rps):,} | {p99:.0f} ms | {us(inst):.0f} ({us(inst) / int(n):.0f} each) | {ngx_cell} |")
PY
  }
  # A restarted JVM compiles its hot code during its first seconds, and that CPU would count against the requests
  note "throughput: warming up each instance (8 s), then nginx (5 s)"
  for (( i = 0; i < instances; i++ )); do wrk -t2 -c16 -d8s "http://127.0.0.1:${ports[$i]}/hello" > /dev/null; done
  wrk -t2 -c64 -d5s "http://127.0.0.1:$front/hello" > /dev/null
  nginx_conf 1 off; nginx_reload
  throughput_rows+=$(tp direct "http://127.0.0.1:${ports[0]}/hello" 1)$'\n'
  for n in 1 2 3; do
    nginx_conf "$n" off; nginx_reload
    throughput_rows+=$(tp "nginx → $n" "http://127.0.0.1:$front/hello" "$n")$'\n'
  done
  note "throughput:"$'\n'"$throughput_rows"
fi

# ---- report ---------------------------------------------------------------------------------------------------------

summary() { grep '^RESULT' "$work/wrk-$1.txt" | sed 's/^RESULT //; s/ statuses=.*//'; }
echo "---- result ($mode) ----"
echo "convergence: $convergence"
echo "steady:  $(summary steady)"
echo "restart: $(summary restart); nginx passed on $restart_retried"
echo "kill:    $(summary kill); nginx passed on $kill_retried"

if [ "$mode" = full ] && [ "${#failures[@]}" -eq 0 ]; then
  figures="$work/figures.md"
  {
    echo "Last run: $(date -u +%Y-%m-%dT%H:%MZ), \`scripts/cluster.sh full\`, $(nproc) cores shared by nginx, wrk and"
    echo "three instances ($(java -version 2>&1 | head -1 | tr -d '"'), \`${java_opts[*]}\`, nginx $("$nginx_bin" -v 2>&1 | sed 's/.*nginx\///'))"
    echo "and whatever else ran: load average $loadavg_start at the start, $(cut -d' ' -f1 /proc/loadavg) at the end."
    echo
    python3 - "$work/convergence.txt" <<'PY'
import statistics, sys
rows = [[float(x) for x in l.split()] for l in open(sys.argv[1]) if l.strip()]
done = [max(r) for r in rows]; spread = [max(r) - min(r) for r in rows]
print("| convergence over %d changes | median | max |" % len(rows))
print("|---|---|---|")
print(f"| rename → every instance serves it | {statistics.median(done):.2f} s | {max(done):.2f} s |")
print(f"| first → last instance (spread) | {statistics.median(spread):.2f} s | {max(spread):.2f} s |")
PY
    echo
    echo "| phase (GET /slow, ${slow_ms} ms function, ${load_conns} connections) | requests | failed | passed on by nginx | p50 | p99 | max |"
    echo "|---|---|---|---|---|---|---|"
    for phase in steady restart kill; do
      case $phase in
        steady) label="steady state, ${steady} s"; on="–" ;;
        restart) label="rolling restart, SIGTERM each of 3 in turn"; on=$restart_retried ;;
        kill) label="SIGKILL one instance"; on=$kill_retried ;;
      esac
      printf '| %s | %s | %s | %s | %.0f ms | %.0f ms | %.0f ms |\n' "$label" "$(result $phase requests)" "$(lost $phase)" \
          "$on" "$(result $phase p50_ms)" "$(result $phase p99_ms)" "$(result $phase max_ms)"
    done
    echo
    echo "Graceful stops took ${stop_seconds[*]} s; restarts until the instance answered ${start_seconds[*]} s."
  } > "$figures"
  python3 - "$root/docs/deploy.md" "$figures" "cluster:figures" <<'PY'
import sys
path, figures, marker = sys.argv[1:]
text = open(path).read(); new = open(figures).read()
begin, end = f"<!-- {marker}:begin -->", f"<!-- {marker}:end -->"
head, rest = text.split(begin, 1); _, tail = rest.split(end, 1)
open(path, "w").write(head + begin + "\n" + new + end + tail)
PY
  {
    echo "Last run: $(date -u +%Y-%m-%dT%H:%MZ), \`scripts/cluster.sh full\`, GET /hello, wrk -t2 -c64, 10 s after 5 s of warm-up"
    echo "(and 8 s of each instance alone before the first), on $(nproc) cores; load average $loadavg_start at the start of the run,"
    echo "$(cut -d' ' -f1 /proc/loadavg) at the end."
    echo
    echo "| path | req/s | p99 | instances' CPU per request, µs | nginx CPU per request, µs |"
    echo "|---|---|---|---|---|"
    printf '%s' "$throughput_rows"
  } > "$work/throughput.md"
  python3 - "$root/docs/benchmarks.md" "$work/throughput.md" "cluster:throughput" <<'PY'
import sys
path, figures, marker = sys.argv[1:]
text = open(path).read(); new = open(figures).read()
begin, end = f"<!-- {marker}:begin -->", f"<!-- {marker}:end -->"
head, rest = text.split(begin, 1); _, tail = rest.split(end, 1)
open(path, "w").write(head + begin + "\n" + new + end + tail)
PY
  note "figures written into docs/deploy.md and docs/benchmarks.md"
fi

if [ "${#failures[@]}" -gt 0 ]; then
  echo "cluster: ${#failures[@]} check(s) failed:" >&2
  printf '  %s\n' "${failures[@]}" >&2
  exit 1
fi
echo "cluster: every check passed (no request lost, no stale instance)"
