#!/usr/bin/env python3
"""Turns one benchmarks/results/<run>/ directory into docs/benchmarks.md and SVG plots.

usage: report.py RESULTS_DIR DOC_PATH [--compare OTHER_RESULTS_DIR...]

Every number in the document and the plots is read from RESULTS_DIR (JMH JSON, wrk output); medians are over the
measurement iterations (JMH) or rounds (wrk) of that one run. With --compare, the document also shows each target's
verdict in the other runs (each read the same way, by this script), to tell a target that holds from one that
follows the machine's moment. The hand-written analysis in benchmarks/analysis.md, if present, is appended
verbatim under its own heading. (--targets-json PATH, used by --compare: write only the targets, as JSON.)
"""
import json
import math
import os
import re
import statistics
import subprocess
import sys
import tempfile

RESULTS, DOC = sys.argv[1], sys.argv[2]
OPTIONS = sys.argv[3:]
TARGETS_JSON = OPTIONS[OPTIONS.index("--targets-json") + 1] if "--targets-json" in OPTIONS else None
COMPARE = OPTIONS[OPTIONS.index("--compare") + 1:] if "--compare" in OPTIONS else []
BENCH = os.path.dirname(os.path.abspath(__file__))
RUN = os.path.basename(os.path.normpath(RESULTS))
machine = open(os.path.join(RESULTS, "machine.txt")).read().strip() if os.path.exists(
    os.path.join(RESULTS, "machine.txt")) else "(no machine.txt)"
REL = os.path.relpath(RESULTS, os.path.dirname(os.path.abspath(DOC)))


def load(name):
    """The entries of name.json and of the second pass's name-2-<k>.json files, in that order."""
    paths = [os.path.join(RESULTS, name + ".json")] + sorted(
        (os.path.join(RESULTS, f) for f in os.listdir(RESULTS) if re.fullmatch(re.escape(name) + r"-2-\d+\.json", f)),
        key=lambda f: int(re.search(r"-(\d+)\.json$", f).group(1)))
    entries = []
    for path in paths:
        if os.path.exists(path) and os.path.getsize(path) > 0:
            with open(path) as f:
                entries += json.load(f)
    return entries


def median_of(entry):
    raw = [x for fork in entry["primaryMetric"]["rawData"] for x in fork]
    return statistics.median(raw) if raw else entry["primaryMetric"]["score"]


def alloc_of(entry):
    m = entry.get("secondaryMetrics", {}).get("gc.alloc.rate.norm")
    if not m:
        return None
    raw = [x for fork in m.get("rawData", []) for x in fork]
    return statistics.median(raw) if raw else m["score"]


def index(entries):
    """Entries by (method, params); a configuration measured in both passes gets the forks of both."""
    out = {}
    for e in entries:
        method = e["benchmark"].rsplit(".", 1)[1]
        key = (method,) + tuple(sorted(e.get("params", {}).items()))
        if key in out:
            first = out[key]
            first["primaryMetric"]["rawData"] = first["primaryMetric"]["rawData"] + e["primaryMetric"]["rawData"]
            for name, m in e.get("secondaryMetrics", {}).items():
                kept = first.setdefault("secondaryMetrics", {}).setdefault(name, m)
                if kept is not m:
                    kept["rawData"] = kept.get("rawData", []) + m.get("rawData", [])
        else:
            out[key] = e
    return out


def get(idx, method, **params):
    return idx.get((method,) + tuple(sorted((k, str(v)) for k, v in params.items())))


def measured(idx, method, **params):
    """(median time, median allocation) of one configuration; (None, None) when the run did not measure it."""
    e = get(idx, method, **params)
    return (median_of(e), alloc_of(e)) if e else (None, None)


def fmt_ns(ns):
    if ns is None:
        return "–"
    if ns >= 1e6:
        return f"{ns / 1e6:.2f} ms"
    if ns >= 1e4:
        return f"{ns / 1e3:.1f} µs"
    if ns >= 1e3:
        return f"{ns / 1e3:.2f} µs"
    return f"{ns:.1f} ns"


def fmt_ratio(r):
    return "–" if r is None else (f"{r:.2f}×" if r < 10 else f"{r:.0f}×")


def fmt_bytes(b):
    if b is None:
        return "–"
    if b >= 1 << 20:
        return f"{b / (1 << 20):.2f} MiB"
    if b >= 1024:
        return f"{b / 1024:.1f} KiB"
    return f"{b:.0f} B"


def verdict(ok):
    return "–" if ok is None else ("met" if ok else "**MISSED**")


def ratio(a, b):
    return None if a is None or b is None or b == 0 else a / b


targets = []  # (area, target, measured, ok)

# ---------------------------------------------------------------------------------------------------- routing
routing = index(load("routing"))
WORKLOADS = ["EXACT", "PREFIX", "WILDCARD_DOMAIN", "REGEX"]
METHODS = [("routeTable", "RouteTable (ours)"), ("jettyPathMappings", "Jetty PathMappings"),
           ("regexScan", "java.util.regex scan")]
rule_counts = sorted({int(k[i][1]) for k in routing for i in range(1, len(k)) if k[i][0] == "rules"})


def rt(method, rules, workload, outcome):
    return measured(routing, method, rules=rules, workload=workload, outcome=outcome)[0]


routing_md = []
if routing:
    for w in WORKLOADS:
        routing_md.append(f"\n**{w}**\n")
        routing_md.append("| rules | outcome | RouteTable | PathMappings | regex scan | PathMappings ÷ ours "
                          "| scan ÷ ours |")
        routing_md.append("| ---: | --- | ---: | ---: | ---: | ---: | ---: |")
        for n in rule_counts:
            for o in ["hit", "miss"]:
                ours, jetty, scan = (rt(m, n, w, o) for m, _ in METHODS)
                routing_md.append(f"| {n:,} | {o} | {fmt_ns(ours)} | {fmt_ns(jetty)} | {fmt_ns(scan)} | "
                                  f"{fmt_ratio(ratio(jetty, ours))} | {fmt_ratio(ratio(scan, ours))} |")
    lo, hi = (rule_counts[0], rule_counts[-1]) if rule_counts else (None, None)
    for w in ["EXACT", "PREFIX"]:
        for o in ["hit", "miss"]:
            v = rt("routeTable", hi, w, o)
            targets.append(("routing", f"{w.lower()} {o}, {hi:,} rules: ≤ 40 ns", fmt_ns(v),
                            None if v is None else v <= 40))
    for w in ["EXACT", "PREFIX"]:
        for o in ["hit", "miss"]:
            g = ratio(rt("routeTable", hi, w, o), rt("routeTable", lo, w, o))
            targets.append(("routing", f"{w.lower()} {o}: growth {lo} → {hi:,} rules ≤ 1.3×", fmt_ratio(g),
                            None if g is None else g <= 1.3))
    for w in ["EXACT", "PREFIX"]:
        for o in ["hit", "miss"]:
            s = ratio(rt("jettyPathMappings", hi, w, o), rt("routeTable", hi, w, o))
            targets.append(("routing", f"{w.lower()} {o}, {hi:,} rules: ≥ 2.5× faster than PathMappings",
                            fmt_ratio(s), None if s is None else s >= 2.5))
    for o in ["hit", "miss"]:
        v = rt("routeTable", hi, "REGEX", o)
        targets.append(("routing", f"regex {o}, {hi:,} rules: ≤ 2 µs", fmt_ns(v), None if v is None else v <= 2000))

# ---------------------------------------------------------------------------------------------------- codec
codec = index(load("codec"))
codec_md = []
echo_fn = None


def cm(method, **p):
    return measured(codec, method, **p)


if codec:
    enc, enc_a = cm("encodeEvent")
    jenc, jenc_a = cm("encodeEventJackson")
    codec_md.append("| operation | ours | Jackson databind (POJO) | Jackson (Map) | databind ÷ ours "
                    "| allocated: ours / databind |")
    codec_md.append("| --- | ---: | ---: | ---: | ---: | ---: |")
    codec_md.append(f"| encode event (10 headers, 1 KiB JSON) | {fmt_ns(enc)} | {fmt_ns(jenc)} | – | "
                    f"{fmt_ratio(ratio(jenc, enc))} | {fmt_bytes(enc_a)} / {fmt_bytes(jenc_a)} |")
    for r in ["typical", "1KiB"]:
        dec, dec_a = cm("decodeResponse", response=r)
        jdec, jdec_a = cm("decodeResponseJackson", response=r)
        mdec, _ = cm("decodeResponseJacksonMap", response=r)
        label = "decode typical response (~100 B body)" if r == "typical" else "decode response, 1 KiB body"
        codec_md.append(f"| {label} | {fmt_ns(dec)} | {fmt_ns(jdec)} | {fmt_ns(mdec)} | "
                        f"{fmt_ratio(ratio(jdec, dec))} | {fmt_bytes(dec_a)} / {fmt_bytes(jdec_a)} |")
    dec, _ = cm("decodeResponse", response="typical")
    jdec, _ = cm("decodeResponseJackson", response="typical")
    targets.append(("codec", "encode typical event ≤ 1 µs", fmt_ns(enc), None if enc is None else enc <= 1000))
    targets.append(("codec", "decode typical response ≤ 0.3 µs", fmt_ns(dec), None if dec is None else dec <= 300))
    tok, _ = cm("tokenizeBodyJackson")
    if tok is not None:
        targets.append(("codec", "for reference, not a target: Jackson's streaming parser only reading the 1 KiB "
                        "body's tokens", fmt_ns(tok), None))
    echo_fn, _ = cm("echoFunctionAlone")
    s = ratio(jenc, enc)
    targets.append(("codec", "encode ≥ 2× databind", fmt_ratio(s), None if s is None else s >= 2))
    s = ratio(jdec, dec)
    targets.append(("codec", "decode ≥ 2× databind", fmt_ratio(s), None if s is None else s >= 2))

large = index(load("large"))
large_md = []
SIZES = {"1MiB": 1 << 20, "6MB": 6_000_000}
if large:
    large_md.append("| body | operation | ours | raw Base64 | ours ÷ raw throughput | ours MB/s "
                    "| allocated per op | ÷ body size |")
    large_md.append("| --- | --- | ---: | ---: | ---: | ---: | ---: | ---: |")
    for size, n in SIZES.items():
        for ours_m, raw_m, label in [("encodeEvent", "base64Encode", "encode event"),
                                     ("encodeEventStreaming", "base64Encode", "encode event, streamed"),
                                     ("decodeResponse", "base64Decode", "decode response")]:
            e, r = get(large, ours_m, size=size), get(large, raw_m, size=size)
            if not e:
                continue
            t_us, a = median_of(e), alloc_of(e)
            raw_us = median_of(r) if r else None
            rel = ratio(raw_us, t_us)
            mbps = n / (t_us * 1e-6) / 1e6
            large_md.append(f"| {size} | {label} | {fmt_ns(t_us * 1e3)} | {fmt_ns(raw_us * 1e3 if raw_us else None)}"
                            f" | {fmt_ratio(rel)} | {mbps:,.0f} | {fmt_bytes(a)} | "
                            f"{fmt_ratio(a / n if a is not None else None)} |")
            if ours_m != "encodeEventStreaming":
                targets.append(("codec", f"{size} {label}: ≥ 0.5× raw Base64 throughput", fmt_ratio(rel),
                                None if rel is None else rel >= 0.5))
                targets.append(("codec", f"{size} {label}: allocation ≤ 2.5× body", fmt_ratio(a / n if a else None),
                                None if a is None else a / n <= 2.5))

# ---------------------------------------------------------------------------------------------------- parts
# Not targets: where the time of two targets goes, measured in the same run (RoutePartsBenchmark,
# DecodePartsBenchmark; one pass in full mode).
parts = index(load("parts"))
route_parts_md = []
decode_parts_md = []
ROUTE_STEPS = [("scan", "1. the validating pass over the request-target"),
               ("hostProbe", "2. the Host's probe among the exact domains"),
               ("find", "3. the URL rule search: the prefix's hash, a probe, the key compared"),
               ("answer", "4. the answer: a new `RouteResult.Matched`")]
if any(k[0] in ("route", "scan") for k in parts):
    counts = sorted({int(v) for k in parts if k[0] == "route" for n, v in k[1:] if n == "rules"})

    def part(method, n):
        return measured(parts, method, rules=n)[0]

    route_parts_md.append("| step | " + " | ".join(f"{n:,} rules" for n in counts) + " |")
    route_parts_md.append("| --- |" + " ---: |" * len(counts))
    for m, label in ROUTE_STEPS:
        route_parts_md.append(f"| {label} | " + " | ".join(fmt_ns(part(m, n)) for n in counts) + " |")
    steps = [[part(m, n) for m, _ in ROUTE_STEPS] for n in counts]
    sums = [None if None in times else sum(times) for times in steps]
    base = [part("baseline", n) for n in counts]
    route_parts_md.append("| sum of the four steps, less three times the harness's own cost per call (the next "
                          "request, the Blackhole: " + ", ".join(fmt_ns(b) for b in base) + ") | "
                          + " | ".join(fmt_ns(None if x is None or b is None else x - 3 * b)
                                       for x, b in zip(sums, base)) + " |")
    route_parts_md.append("| the whole `route` (finds the listener, checks for a redirect too) | "
                          + " | ".join(fmt_ns(part("route", n)) for n in counts) + " |")
SHAPES = [("typical", "the typical response: 3 header lines, a 69-byte JSON body with 12 escaped quotes"),
          ("noHeaders", "the same, `\"headers\":{}`"),
          ("plainBody", "the same, the body's quotes turned into apostrophes (nothing to unescape)"),
          ("bare", "neither header lines nor escapes")]
if any(k[0] == "decode" for k in parts):
    def shape(name):
        return measured(parts, "decode", shape=name)

    typical = shape("typical")[0]
    decode_parts_md.append("| input | decode | typical minus this | allocated |")
    decode_parts_md.append("| --- | ---: | ---: | ---: |")
    for name, label in SHAPES:
        t, a = shape(name)
        diff = None if t is None or typical is None or name == "typical" else typical - t
        decode_parts_md.append(f"| {label} | {fmt_ns(t)} | {fmt_ns(diff)} | {fmt_bytes(a)} |")

# ---------------------------------------------------------------------------------------------------- wrk
WRK_DIR = os.path.join(RESULTS, "wrk")
UNIT = {"us": 1e-3, "ms": 1.0, "s": 1e3}


def parse_wrk(path):
    with open(path, errors="replace") as f:
        text = f.read()
    rps = re.search(r"Requests/sec:\s+([\d.]+)", text)
    p99 = re.search(r"^\s+99%\s+([\d.]+)(us|ms|s)\s*$", text, re.M)
    non2xx = re.search(r"Non-2xx or 3xx responses:\s+(\d+)", text)
    sock = re.search(r"Socket errors:(.*)", text)
    total = re.search(r"(\d+) requests in", text)
    cpu_us = steal = None
    cpu_path = path[:-len(".txt")] + ".cpu"
    if os.path.exists(cpu_path):
        with open(cpu_path) as f:
            c = dict(kv.split("=") for kv in f.read().split())
        if total and int(total.group(1)) > 0:
            cpu_us = int(c["cpu_ticks"]) * 1e6 / int(c["clk_tck"]) / int(total.group(1))
        if int(c.get("all_ticks", 0)) > 0:
            steal = int(c["steal_ticks"]) / int(c["all_ticks"])
    return {"rps": float(rps.group(1)) if rps else None, "cpu_us": cpu_us, "steal": steal,
            "p99": float(p99.group(1)) * UNIT[p99.group(2)] if p99 else None,
            "non2xx": int(non2xx.group(1)) if non2xx else 0,
            "errors": sock.group(1).strip() if sock else "",
            "requests": int(total.group(1)) if total else 0}


e2e = {}
if os.path.isdir(WRK_DIR):
    for name in sorted(os.listdir(WRK_DIR)):
        m = re.match(r"(.+)-r(\d+)\.txt$", name)
        if m:
            e2e.setdefault(m.group(1), {})[int(m.group(2))] = parse_wrk(os.path.join(WRK_DIR, name))

LABELS = {"bare": "(a) bare hello servlet", "echo": "(b) filter + in-process echo function",
          "echo-inspector": "(b) with the console: inspector, meters and access-log record per request",
          "const": "(b') filter + in-process constant function: the frontend alone",
          "pass": "(c) filter passing through to the hello servlet",
          "function": "(d) HTTP function, direct", "proxy": "(d) HTTP function behind the filter",
          "ref-jdk-async": "(d) reference: hand-written proxy, JDK HttpClient sendAsync",
          "ref-jdk-blocking": "(d) reference: hand-written proxy, JDK HttpClient send",
          "ref-jetty": "(d) reference: hand-written proxy, Jetty HttpClient",
          "peer-inprocess": "serverless-offline ALB, in-process", "peer-workers": "serverless-offline ALB, workers"}


def med(s, k):
    vals = [r[k] for r in e2e.get(s, {}).values() if r[k] is not None]
    return statistics.median(vals) if vals else None


def paired(f, *scenarios):
    """The median over rounds of f(values of each scenario in that round), rounds where all have a number."""
    vals = []
    for r in sorted(set.intersection(*(set(e2e.get(s, {})) for s in scenarios))):
        xs = [e2e[s][r] for s in scenarios]
        if all(x["rps"] and x["p99"] for x in xs):
            vals.append(f(*xs))
    return statistics.median(vals) if vals else None


def rps_ratio(a, b):
    """{a}'s req/s over {b}'s, taken within each round (slices seconds apart), median over rounds."""
    return paired(lambda x, y: x["rps"] / y["rps"], a, b)


e2e_md = []
if e2e:
    e2e_md.append("| scenario | rounds | median req/s | req/s per round | median p99 | server CPU per request "
                  "| steal | non-2xx | socket errors |")
    e2e_md.append("| --- | ---: | ---: | --- | ---: | ---: | ---: | ---: | --- |")
    for s in LABELS:
        if s not in e2e:
            continue
        rs = [e2e[s][r] for r in sorted(e2e[s])]
        per = ", ".join(f"{r['rps'] / 1000:,.1f}k" if r["rps"] else "–" for r in rs)
        errs = "; ".join(sorted({r["errors"] for r in rs if r["errors"]})) or "none"
        p99 = med(s, "p99")
        cpu = med(s, "cpu_us")
        steal = med(s, "steal")
        e2e_md.append(f"| {LABELS[s]} | {len(rs)} | {med(s, 'rps') or 0:,.0f} | {per} | "
                      f"{'–' if p99 is None else f'{p99:.2f} ms'} | {'–' if cpu is None else f'{cpu:.1f} µs'} | "
                      f"{'–' if steal is None else f'{100 * steal:.1f} %'} | "
                      f"{sum(r['non2xx'] for r in rs)} | {errs} |")
    for a, b, goal, label in [("echo", "bare", 0.85, "(b) ≥ 85 % of (a) req/s"),
                              ("pass", "bare", 0.97, "(c) ≥ 97 % of (a) req/s"),
                              ("echo-inspector", "echo", 0.95, "(b) with the console ≥ 95 % of (b) req/s"),
                              ("proxy", "function", 0.70, "(d) behind the filter ≥ 70 % of direct req/s")]:
        r = rps_ratio(a, b)
        targets.append(("end to end", label, "–" if r is None else f"{100 * r:.0f} %", None if r is None else r >= goal))
    extra = None if med("echo", "cpu_us") is None or med("bare", "cpu_us") is None \
        else med("echo", "cpu_us") - med("bare", "cpu_us")
    if extra is not None:
        targets.append(("end to end", "for reference, not a target: server CPU per request, (b) minus (a)",
                        f"{extra:.1f} µs", None))
    r = rps_ratio("const", "bare")
    if r is not None:
        targets.append(("end to end", "for reference, not a target: (b') the frontend alone, % of (a) req/s",
                        f"{100 * r:.0f} %", None))
    if echo_fn is not None:
        targets.append(("end to end", "for reference, not a target: the echo function alone, one call on wrk's event "
                        "(JMH `echoFunctionAlone`)", fmt_ns(echo_fn), None))
        cpus = re.search(r"^cpus: (\d+)$", machine, re.M)
        if cpus and med("bare", "rps"):
            # All cores busy (server, wrk, kernel): each (a) request takes cores / rps of core time; the function's
            # own time on top of that, with a frontend that costs nothing, bounds (b) / (a).
            core_us = int(cpus.group(1)) * 1e6 / med("bare", "rps")
            targets.append(("end to end", "for reference, not a target: (b) ÷ (a) if the frontend cost nothing: (a)'s "
                            "core time per request ÷ (that + the echo function alone)",
                            f"{100 * core_us / (core_us + echo_fn / 1000):.0f} %", None))
    # The same bound with the function's cost as it ran in this run, next to the frontend: (b)'s core time per
    # request minus (b')'s, whose only difference is the function (the echo one vs a constant). Per round:
    # (1 / a) / (1 / a + 1 / b - 1 / b'), the core count cancelling out.
    bound = paired(lambda a, b, c: (1 / a["rps"]) / (1 / a["rps"] + 1 / b["rps"] - 1 / c["rps"]),
                   "bare", "echo", "const")
    if bound is not None:
        targets.append(("end to end", "for reference, not a target: (b) ÷ (a) if the frontend cost nothing, the echo "
                        "function's cost taken from this run: (a)'s core time per request ÷ (that + (b)'s − (b')'s)",
                        f"{100 * bound:.0f} %", None))
    for a, b, what in [("const", "bare", "(b') minus (a): the frontend's own work"),
                       ("echo", "const", "(b) minus (b'): the echo function's own work")]:
        if med(a, "cpu_us") is not None and med(b, "cpu_us") is not None:
            targets.append(("end to end", f"for reference, not a target: server CPU per request, {what}",
                            f"{med(a, 'cpu_us') - med(b, 'cpu_us'):.1f} µs", None))
    for ref in ("ref-jdk-async", "ref-jdk-blocking", "ref-jetty"):
        r = rps_ratio(ref, "function")
        if r is not None:
            targets.append(("end to end", f"for reference, not a target: {LABELS[ref][15:]} vs direct",
                            f"{100 * r:.0f} %", None))
    peers = [p for p in ("peer-inprocess", "peer-workers") if med(p, "rps")]
    if peers:
        best = max(peers, key=lambda p: med(p, "rps"))
        r = rps_ratio("echo", best)
        targets.append(("peer", f"(b) ≥ 10× serverless-offline's best mode ({best.split('-')[1]})", fmt_ratio(r),
                        None if r is None else r >= 10))
        q = paired(lambda x, y: x["p99"] / y["p99"], best, "echo")
        targets.append(("peer", "(b) p99 ≤ 1/5 of serverless-offline's p99", "–" if q is None else f"1/{q:.1f}",
                        None if q is None else q >= 5))
    else:
        targets.append(("peer", "(b) ≥ 10× serverless-offline's best mode", "not measured", None))

# ---------------------------------------------------------------------------------------------------- SVG
COLORS = {"routeTable": "#1b7837", "jettyPathMappings": "#2166ac", "regexScan": "#b2182b"}


def esc(s):
    return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def routing_svg():
    W, H, PW, PH, M = 1080, 660, 420, 240, 72   # two panels of PW, y-axis labels left of each
    out = [f'<svg xmlns="http://www.w3.org/2000/svg" width="{W}" height="{H}" font-family="sans-serif" '
           f'font-size="12">', f'<rect width="{W}" height="{H}" fill="white"/>',
           f'<text x="{W / 2}" y="22" text-anchor="middle" font-size="15">Lookup time vs rule count '
           f'(median ns/op, log–log; solid: hit, dashed: miss) — run {esc(RUN)}</text>']
    vals = [median_of(e) for e in routing.values()]
    if not vals or len(rule_counts) < 2:
        return None
    ymin = 10 ** math.floor(math.log10(min(vals)))
    ymax = 10 ** math.ceil(math.log10(max(vals)))
    xmin, xmax = math.log10(rule_counts[0]), math.log10(rule_counts[-1])
    for i, w in enumerate(WORKLOADS):
        ox, oy = M + (i % 2) * (PW + 100), 50 + (i // 2) * (PH + 70)
        out.append(f'<text x="{ox + PW / 2}" y="{oy - 6}" text-anchor="middle" font-weight="bold">{w}</text>')
        out.append(f'<rect x="{ox}" y="{oy}" width="{PW}" height="{PH}" fill="none" stroke="#999"/>')

        def X(n):
            return ox + (math.log10(n) - xmin) / (xmax - xmin) * PW

        def Y(v):
            return oy + PH - (math.log10(v) - math.log10(ymin)) / (math.log10(ymax) - math.log10(ymin)) * PH
        d = ymin
        while d <= ymax * 1.0001:
            out.append(f'<line x1="{ox}" x2="{ox + PW}" y1="{Y(d):.1f}" y2="{Y(d):.1f}" stroke="#eee"/>')
            out.append(f'<text x="{ox - 4}" y="{Y(d) + 4:.1f}" text-anchor="end">{esc(fmt_ns(d))}</text>')
            d *= 10
        for n in rule_counts:
            out.append(f'<text x="{X(n):.1f}" y="{oy + PH + 16}" text-anchor="middle">{n:,} rules</text>')
        for m, _ in METHODS:
            for o, dash in [("hit", ""), ("miss", ' stroke-dasharray="5,4"')]:
                pts = [(X(n), Y(v)) for n in rule_counts if (v := rt(m, n, w, o))]
                if len(pts) > 1:
                    out.append(f'<polyline fill="none" stroke="{COLORS[m]}" stroke-width="2"{dash} points="'
                               + " ".join(f"{x:.1f},{y:.1f}" for x, y in pts) + '"/>')
                for x, y in pts:
                    out.append(f'<circle cx="{x:.1f}" cy="{y:.1f}" r="3" fill="{COLORS[m]}"/>')
    lx = M
    for m, label in METHODS:
        out.append(f'<rect x="{lx}" y="{H - 22}" width="14" height="4" fill="{COLORS[m]}"/>')
        out.append(f'<text x="{lx + 20}" y="{H - 16}">{esc(label)}</text>')
        lx += 220
    out.append("</svg>")
    return "\n".join(out)


def e2e_svg():
    rows = [(LABELS[s], med(s, "rps"), med(s, "p99")) for s in LABELS if med(s, "rps")]
    if not rows:
        return None
    W, BH, L = 1060, 28, 420   # L: room for the longest scenario label at 12 px
    H = 60 + len(rows) * (BH + 10) + 20
    top = max(r[1] for r in rows)
    out = [f'<svg xmlns="http://www.w3.org/2000/svg" width="{W}" height="{H}" font-family="sans-serif" '
           f'font-size="12">', f'<rect width="{W}" height="{H}" fill="white"/>',
           f'<text x="{W / 2}" y="22" text-anchor="middle" font-size="15">Throughput per scenario (median req/s '
           f'over rounds; wrk -t2 -c32, 127.0.0.1) — run {esc(RUN)}</text>']
    for i, (label, rps, p99) in enumerate(rows):
        y = 45 + i * (BH + 10)
        w = (W - L - 200) * rps / top
        color = "#b2182b" if label.startswith("serverless") else "#2166ac"
        out.append(f'<text x="{L - 8}" y="{y + BH / 2 + 4}" text-anchor="end">{esc(label)}</text>')
        out.append(f'<rect x="{L}" y="{y}" width="{w:.1f}" height="{BH}" fill="{color}"/>')
        p = "–" if p99 is None else f"{p99:.2f} ms"
        out.append(f'<text x="{L + w + 6:.1f}" y="{y + BH / 2 + 4}">{rps:,.0f} req/s, p99 {esc(p)}</text>')
    out.append("</svg>")
    return "\n".join(out)


if TARGETS_JSON:
    with open(TARGETS_JSON, "w") as f:
        json.dump({"run": RUN, "machine": machine, "targets": targets}, f)
    sys.exit(0)


def other_runs():
    """The targets of each --compare run, read by this script in --targets-json mode."""
    runs = []
    for other in COMPARE:
        with tempfile.NamedTemporaryFile(suffix=".json") as tmp:
            subprocess.run([sys.executable, os.path.abspath(__file__), other, os.devnull, "--targets-json", tmp.name],
                           check=True, stdout=subprocess.DEVNULL)
            with open(tmp.name) as f:
                runs.append(json.load(f))
    return runs


def short_verdict(measured, ok):
    return f"{measured} {'✓' if ok else '✗'}" if ok is not None else "–"


compare_md = []
if COMPARE:
    runs = [{"run": RUN, "machine": machine, "targets": targets}] + other_runs()
    def commit(r):
        m = re.search(r"^commit: (\S+)$", r["machine"], re.M)
        return m.group(1) if m else "?"
    compare_md += ["| area | target | " + " | ".join(f"{r['run']} ({commit(r)})" for r in runs) + " | met in |",
                   "| --- | --- |" + " ---: |" * len(runs) + " ---: |"]
    for area, t, m, ok in targets:
        if ok is None:
            continue
        cells, met, scored = [], 0, 0
        for r in runs:
            found = next((x for x in r["targets"] if x[0] == area and x[1] == t), None)
            cells.append(short_verdict(found[2], found[3]) if found else "not measured")
            if found and found[3] is not None:
                scored += 1
                met += found[3] is True
        compare_md.append(f"| {area} | {t} | " + " | ".join(cells) + f" | {met} of {scored} |")

plots = []
for name, svg in [("routing.svg", routing_svg() if routing else None), ("e2e.svg", e2e_svg() if e2e else None)]:
    if svg:
        with open(os.path.join(RESULTS, name), "w") as f:
            f.write(svg + "\n")
        plots.append(name)

# ---------------------------------------------------------------------------------------------------- document
peer_errors = os.path.join(RESULTS, "peer-errors.txt")
md = ["# Benchmarks", "",
      "<!-- Generated by benchmarks/run.sh (benchmarks/report.py) from " + f"benchmarks/results/{RUN}/" +
      ". Do not edit by hand: edit benchmarks/analysis.md or the scripts. -->", "",
      f"Run **{RUN}**. Every number below is read from [`benchmarks/results/{RUN}/`]({REL}/) (JMH JSON, wrk "
      "output) by `benchmarks/report.py`. Medians are over JMH measurement iterations or wrk rounds of this one "
      "run (in a full run, both JMH passes: see `run.sh`); an end-to-end ratio is taken within each round (its two slices seconds apart), then the median over "
      "rounds. **The machine is a small shared VM (other tenants' "
      "load comes and goes): read ratios, not absolute times.** Quick-mode runs use short iterations and one fork, so "
      "differences under ~20 % are noise.", "",
      "Run it: `benchmarks/run.sh quick` (a few minutes) or `benchmarks/run.sh full` (up to ~30 minutes). "
      "One benchmark by hand: `java -jar benchmarks/target/benchmarks.jar RoutingBenchmark -p rules=10000`.", "",
      "```", machine, "```", "",
      "## Targets (issue 6)", "",
      "| area | target | measured | verdict |", "| --- | --- | ---: | --- |"]
for area, t, m, ok in targets:
    md.append(f"| {area} | {t} | {m} | {verdict(ok)} |")
missed = [t for t in targets if t[3] is False]
scored = [t for t in targets if t[3] is not None]
md += ["", f"{len(scored) - len(missed)} of {len(scored)} targets met; "
       f"{len(missed)} missed" + (": " + "; ".join(f"{t[1]} (measured {t[2]})" for t in missed) if missed else "")
       + ".", ""]
if compare_md:
    md += ["### The same targets in other runs", "",
           "Each run read by this script the same way; the first column is this page's run. ✓ met, ✗ missed. A "
           "target met in every run holds on this machine; one that comes and goes follows the machine's moment "
           "more than the code (compare the commits).", ""] + compare_md + [""]

md += ["## Routing", "",
       "One `RouteTable.route(listener, host, target)` vs Jetty 12 `PathMappings.getMatched(path)` vs the first "
       "match in a list of `java.util.regex` patterns (`RoutingBenchmark`, `Workload`). Each op takes the next of "
       "1,024 requests spread over the whole rule set (fixed seed). Rule sets: EXACT `=/svc<i>/v1/items`, PREFIX "
       "`/svc<i>/api`, WILDCARD_DOMAIN `*.t<i>.example.com` (Jetty: prefix specs over the reversed host, reversed "
       "ahead of time), REGEX `~ ^/r<i>/items/[0-9]+$`. Misses share the first segment/labels with a rule. Note "
       "that `route` does more than Jetty's lookup: it validates and normalizes Host and the raw request target "
       "(nginx rules), splits the query, and returns a `Matched` value.", ""]
if "routing.svg" in plots:
    md += [f"![lookup time vs rule count]({REL}/routing.svg)", ""]
md += routing_md or ["(no routing results in this run)"]
if route_parts_md:
    md += ["", "### A prefix hit, step by step", "",
           "`RoutePartsBenchmark`: the PREFIX hits above, and each step `route` takes for them timed on its own over "
           "the same 1,024 requests (one pass; not a target, an explanation of one).", ""] + route_parts_md
md += ["", "## Codec", "",
       "`CodecBenchmark`: `EventEncoder.encode` / `ResponseDecoder.decode` vs Jackson databind as an "
       "aws-lambda-java-events user writes it (POJO event with the JSON body embedded via `readTree`, "
       "`writeValueAsBytes`; `readValue` into a POJO or a `Map`, then the same `HttpResponse`). Allocation: "
       "JMH `-prof gc`, `gc.alloc.rate.norm`.", ""]
md += codec_md or ["(no codec results in this run)"]
if decode_parts_md:
    md += ["", "### The typical decode, part by part", "",
           "`DecodePartsBenchmark`: the same decoder on the typical response and on copies of it with a part taken "
           "out, so the difference is what that part costs (one pass; not a target, an explanation of one).", ""] \
        + decode_parts_md
md += ["", "### Large binary bodies", "",
       "`LargeBodyBenchmark`: `application/octet-stream` bodies, Base64 both ways, against raw `java.util.Base64` "
       "on the same bytes (6 s warm-up). *ours ÷ raw* is raw time ÷ our time (1.00× = as fast as raw Base64).", ""]
md += large_md or ["(no large-body results in this run)"]
md += ["", "## End to end", "",
       "`E2eHarness`: embedded Jetty 12 ee10 on 127.0.0.1, one JVM (`-Xms1g -Xmx1g -XX:+AlwaysPreTouch`), the "
       "filter's access log turned down to WARNING. wrk `-t2 -c32 --latency`, after a warm-up each, then many short "
       "rounds; in each round every scenario runs once, in the order of the table and then reversed in the next "
       "round; wrk and the servers share the same 2 cores. A ratio between two scenarios is taken within each "
       "round and the median over rounds is reported: the machine's speed swings 2× from minute to minute, and "
       "two slices seconds apart see much the same machine. *Server CPU per request* is the user + system time of "
       "the server's process (and its children) during the slice, divided by the requests served. *Steal* is the "
       "share of the machine's CPU time the hypervisor gave to other tenants during the slice. "
       "The peer is the same echo function "
       "(`benchmarks/peer/handler.js`) under serverless-offline 13's ALB emulation (serverless 3, Node 20), "
       "in-process (`--useInProcess`) and worker-thread (default) modes, alternating with (b) in the same rounds. "
       "The three *reference* rows are minimal hand-written servlet proxies to the same function server "
       "(`ReferenceProxies`): the ceiling any proxy reaches on this machine with each HTTP client.",
       ""]
if "e2e.svg" in plots:
    md += [f"![throughput per scenario]({REL}/e2e.svg)", ""]
md += e2e_md or ["(no wrk results in this run)"]
if os.path.exists(peer_errors):
    md += ["", "serverless-offline did not run; its output:", "", "```", open(peer_errors).read().strip(), "```"]
sys.path.insert(0, BENCH)
import api_report  # noqa: E402  (the API changes section: this run's, else the one the document has)
api_md = api_report.section(RESULTS, os.path.dirname(os.path.abspath(DOC))) or api_report.kept(DOC)
if api_md:
    md += [""] + api_md
analysis = os.path.join(BENCH, "analysis.md")
if os.path.exists(analysis):
    md += ["", open(analysis).read().strip()]
with open(DOC, "w") as f:
    f.write("\n".join(md) + "\n")
print(f"wrote {DOC}; plots: {', '.join(plots) or 'none'}; {len(missed)} targets missed")
