#!/usr/bin/env python3
"""The "API changes" section of docs/benchmarks.md, from an ApiChangeHarness results file.

usage: api_report.py RESULTS_DIR DOC_PATH     replace (or add) the section in DOC_PATH with RESULTS_DIR's figures

report.py calls section() for the run it renders, and keeps the section already in the document when that run has
no api-changes.json (so a run of run.sh without it, or benchmarks/api.sh alone, does not lose the other's figures).
"""
import json
import os
import sys

BEGIN = "<!-- api-changes:begin -->"
END = "<!-- api-changes:end -->"
TARGET_MS = 20.0
TARGET_RATE = 200.0


def section(results_dir, doc_dir):
    """The section's lines for results_dir/api-changes.json, or None when the file is absent."""
    path = os.path.join(results_dir, "api-changes.json")
    if not os.path.exists(path):
        return None
    rows = json.load(open(path))
    run = os.path.basename(os.path.normpath(results_dir))
    rel = os.path.relpath(results_dir, doc_dir)
    machine = os.path.join(results_dir, "machine.txt")
    load = ""
    if os.path.exists(machine):
        for line in open(machine):
            if line.startswith("loadavg"):
                load += " " + line.strip() + "."
    out = [BEGIN, "## API changes (issue 17)", "",
           f"Run **{run}** ([`api-changes.json`]({rel}/api-changes.json)), by `ApiChangeHarness` "
           "(`benchmarks/api.sh`, also a step of `run.sh`): the TencentCloud API endpoint (`ControlPlane` + "
           "`ManagementServer`) in front of `ClbTriggerFilter` in embedded Jetty, one JVM, loopback. Latency is from "
           "`RegisterFunctionTargets` sent to the first request answered by the function it bound (the JDK "
           "`HttpClient`, unsigned; each change is validated, written to the file with fsync and rename, and "
           "applied to the filter before the call answers); *sustained* is Register/Deregister pairs from several "
           "clients, each on rules of its own and each sending its next call when the last is answered, for a few "
           "seconds. Changes to one load balancer are serialized, and those that arrive during one write are "
           "committed together (group commit: each validated in turn, one write, one apply, then every answer), so "
           "the rate grows with the calls in flight: the harness's default is 8 clients (with 4, a write holds at "
           "most 4 changes and each client's own round trip shows in the figure)." + load, "",
           "| rules (listeners) | file | median | p90 | p99 | max | extra requests before routed | sustained changes/s |",
           "| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: |"]
    for r in rows:
        out.append(f"| {r['rules']:,} ({r['listeners']}) | {r['fileBytes'] / 1024:.0f} KiB | {r['medianMs']:.1f} ms "
                   f"| {r['p90Ms']:.1f} ms | {r['p99Ms']:.1f} ms | {r['maxMs']:.1f} ms | {r['extraRequests']} "
                   f"| {r['changesPerSecond']:.0f} ({r['clients']} clients, {r['sustainSeconds']} s) |")
    big = max(rows, key=lambda r: r["rules"])
    ok_ms = big["medianMs"] <= TARGET_MS
    ok_rate = all(r["changesPerSecond"] >= TARGET_RATE for r in rows)
    out += ["", f"Targets: median ≤ {TARGET_MS:.0f} ms at {big['rules']:,} rules: **{big['medianMs']:.1f} ms, "
                f"{'met' if ok_ms else 'MISSED'}**; ≥ {TARGET_RATE:.0f} changing calls/s sustained: **"
                f"{min(r['changesPerSecond'] for r in rows):.0f}/s at worst, {'met' if ok_rate else 'MISSED'}**.",
            END]
    return out


def kept(doc):
    """The section already in doc, or None."""
    if not os.path.exists(doc):
        return None
    text = open(doc).read()
    if BEGIN in text and END in text:
        return text[text.index(BEGIN):text.index(END) + len(END)].split("\n")
    return None


def splice(doc, lines):
    """Replaces the section in doc, or inserts it before the hand-written analysis (else at the end)."""
    text = open(doc).read() if os.path.exists(doc) else "# Benchmarks\n"
    block = "\n".join(lines)
    if BEGIN in text and END in text:
        text = text[:text.index(BEGIN)] + block + text[text.index(END) + len(END):]
    elif "\n## Where the targets stand" in text:
        i = text.index("\n## Where the targets stand")
        text = text[:i] + "\n" + block + "\n" + text[i:]
    else:
        text = text.rstrip("\n") + "\n\n" + block + "\n"
    with open(doc, "w") as f:
        f.write(text)


if __name__ == "__main__":
    results, doc = sys.argv[1], sys.argv[2]
    lines = section(results, os.path.dirname(os.path.abspath(doc)))
    if lines is None:
        sys.exit(f"no api-changes.json in {results}")
    splice(doc, lines)
    print(f"wrote the API changes section of {doc}")
