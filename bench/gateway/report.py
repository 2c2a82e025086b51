#!/usr/bin/env python3
"""Writes the gateway benchmark's markdown report (bench/gateway/run.sh) from its raw samples."""
import argparse, csv, glob, json, os, platform, re, statistics, subprocess
from datetime import datetime, timezone

TARGETS = ["direct", "agenthub", "portkey"]
NAMES = {"direct": "direct", "agenthub": "Agent Hub", "portkey": "Portkey"}


def cpu_ticks(line):
    """The CPU time counters of a /proc/stat "cpu" line (user, nice, system, idle, iowait, irq, softirq, steal), or None."""
    try:
        ticks = [int(v) for v in line.split()[1:9]]
        return ticks if len(ticks) == 8 else None
    except ValueError:
        return None


def steal_during(start_line):
    """The share of CPU time the hypervisor gave to others between start_line (/proc/stat read at the start) and now."""
    try:
        with open("/proc/stat") as f:
            end = cpu_ticks(f.readline())
    except OSError:
        return "unknown"
    start = cpu_ticks(start_line)
    if start is None or end is None:
        return "unknown"
    spent = [e - s for e, s in zip(end, start)]
    return f"{100 * spent[7] / sum(spent):.1f} %" if sum(spent) > 0 else "unknown"


def sh(command):
    try:
        return subprocess.run(command, shell=True, capture_output=True, text=True, timeout=30).stdout.strip() + \
            subprocess.run(command, shell=True, capture_output=True, text=True, timeout=30).stderr.strip()
    except Exception:
        return "?"


def ms(us):
    return f"{us / 1000:.2f}"


def spread(values):
    """Spread of the repeats: (max - min) / median, in percent."""
    m = statistics.median(values)
    return 0 if m == 0 else 100 * (max(values) - min(values)) / m


def allocation_rate(path):
    """Mean of the runtime's allocation rate (bytes/s) over the window, from a dotnet-counters CSV."""
    rates = []
    with open(path, newline="") as f:
        for row in csv.reader(f):
            if len(row) < 4:
                continue
            name = row[2]
            if re.search(r"alloc", name, re.I) and re.search(r"rate|total_allocated", name, re.I):
                try:
                    rates.append(float(row[-1]))
                except ValueError:
                    pass
    # The first and last readings straddle the window's edges.
    inner = rates[1:-1] if len(rates) > 3 else rates
    return statistics.mean(inner) if inner else None, len(rates)


def floor_table(w, samples):
    """Agent Hub against the .NET floor (Kestrel + one HttpClient relaying the body) at every point both ran."""
    if not any(s["target"] == "floor" for s in samples):
        return
    w("## Agent Hub against the .NET floor\n")
    w("The floor (`bench/gateway/Floor`) is Kestrel and one `HttpClient` sending each call on to the fake as it came, "
      "nothing else: what any ASP.NET Core gateway pays on this machine before its own work (no key, model, JSON, usage). "
      "Same runs as above, interleaved with the other targets.\n")
    w("| shape | conc. | load | req/s floor | req/s Agent Hub | AH ÷ floor | added p50 floor | added p50 AH | added p99 floor | added p99 AH | p99 AH − floor |")
    w("|" + "---|" * 11)
    for shape in ["json", "stream"]:
        for paced in [False, True]:
            rows = [s for s in samples if s["shape"] == shape and bool(s.get("paced_rps")) == paced]
            for c in sorted({s["c"] for s in rows}):
                by = {t: [s for s in rows if s["c"] == c and s["target"] == t] for t in ["direct", "floor", "agenthub"]}
                if any(not v for v in by.values()):
                    continue
                rps = {t: statistics.median(s["rps"] for s in v) for t, v in by.items()}
                p50 = {t: statistics.median(s["wrk"]["p50_us"] for s in v) for t, v in by.items()}
                p99 = {t: statistics.median(s["wrk"]["p99_us"] for s in v) for t, v in by.items()}
                how = f"paced {rows[0]['paced_rps']}/s" if paced else "back to back"
                w(f"| {shape} | {c} | {how} | {rps['floor']:,.0f} | {rps['agenthub']:,.0f} | {rps['agenthub'] / rps['floor']:.2f} "
                  f"| {ms(p50['floor'] - p50['direct'])} | {ms(p50['agenthub'] - p50['direct'])} "
                  f"| {ms(p99['floor'] - p99['direct'])} | {ms(p99['agenthub'] - p99['direct'])} | {ms(p99['agenthub'] - p99['floor'])} |")
    w("")


def main():
    p = argparse.ArgumentParser()
    for name in ["samples", "ttft", "allocs", "counters", "repeats", "duration", "paced-duration", "warmup", "first-warmup", "load-end", "rig-cpu", "gateway-cpu",
                 "agenthub-rss", "portkey-rss", "stat-start"]:
        p.add_argument("--" + name, required=True)
    a = p.parse_args()
    samples = [json.loads(line) for line in open(a.samples) if line.strip()]
    for s in samples:
        w = s["wrk"]
        s["rps"] = w["requests"] / (w["duration_us"] / 1e6)
        s["errors"] = w["status"] + w["connect"] + w["read"] + w["write"] + w["timeout"]

    cpu = sh("grep -m1 'model name' /proc/cpuinfo | cut -d: -f2").strip()
    mem = sh("awk '/MemTotal/ {print $2}' /proc/meminfo")
    loads = [s["load"] for s in samples]
    out = []
    w = out.append
    w(f"# Gateway overhead, {datetime.now(timezone.utc):%Y-%m-%d %H:%M} UTC\n")
    w(f"Machine: {sh('nproc')} cores ({cpu}), {int(mem) // 1024 // 1024 if mem.isdigit() else '?'} GB RAM, "
      f"{sh('. /etc/os-release && echo $PRETTY_NAME')}, .NET SDK {sh('dotnet --version')}, {sh('nginx -v')}, "
      f"{sh('wrk -v | head -1').split(' Copyright')[0]}, Node {sh('node --version')}, @portkey-ai/gateway 1.15.2; "
      f"CPU time taken by the host during the run (steal) {steal_during(a.stat_start)}.\n")
    w(f"Method: wrk and nginx pinned to CPU {a.rig_cpu}, each gateway to CPU {a.gateway_cpu} (`taskset`); "
      f"first {a.first_warmup} s of each shape at 16 connections through each gateway (tiered compilation done before the first point), "
      f"then per point a {a.warmup} s warm-up of each target, then {a.repeats} repeats × {a.duration} s, targets interleaved "
      f"(order rotated each repeat). Load average (1 min) during the runs: {min(loads):.1f}–{max(loads):.1f} "
      f"(median {statistics.median(loads):.1f}); at the end: {a.load_end}. "
      f"Values are medians of the repeats; spread = (max − min) / median of the repeats. "
      "wrk reaches every target over plain HTTP/1.1 on loopback with keep-alive (`bench/gateway/chat.lua`): "
      "direct = nginx's plain port, the gateways then call nginx over TLS (Agent Hub offers HTTP/2 and nginx takes it; "
      "Portkey's fetch speaks HTTP/1.1). Portkey runs with `bench/gateway/portkey-headers-fix.mjs`, without which "
      "it answers 500 to every streamed call under Node 20.\n")

    verdict = []

    def table(shape, rows, paced):
        """One markdown table of the three targets per concurrency; adds the point's verdict."""
        w("| conc. | req/s direct | req/s Agent Hub | req/s Portkey | Agent Hub ÷ Portkey | p50 direct | p50 AH | p50 Portkey "
          "| added p50 AH | added p50 Portkey | p99 direct | p99 AH | p99 Portkey | added p99 AH | added p99 Portkey "
          "| errors d/AH/P | spread req/s d/AH/P | RSS AH / Portkey |")
        w("|" + "---|" * 18)
        for c in sorted({s["c"] for s in rows}):
            by = {t: [s for s in rows if s["c"] == c and s["target"] == t] for t in TARGETS}
            if any(not by[t] for t in TARGETS):
                continue
            rps = {t: statistics.median(s["rps"] for s in by[t]) for t in TARGETS}
            p50 = {t: statistics.median(s["wrk"]["p50_us"] for s in by[t]) for t in TARGETS}
            p99 = {t: statistics.median(s["wrk"]["p99_us"] for s in by[t]) for t in TARGETS}
            err = {t: sum(s["errors"] for s in by[t]) for t in TARGETS}
            spr = {t: spread([s["rps"] for s in by[t]]) for t in TARGETS}
            rss = {t: max(s["rss_kb"] for s in by[t]) / 1024 for t in TARGETS}
            add50 = {t: p50[t] - p50["direct"] for t in TARGETS}
            add99 = {t: p99[t] - p99["direct"] for t in TARGETS}
            w(f"| {c} | {rps['direct']:,.0f} | {rps['agenthub']:,.0f} | {rps['portkey']:,.0f} | {rps['agenthub'] / rps['portkey']:.2f} "
              f"| {ms(p50['direct'])} | {ms(p50['agenthub'])} | {ms(p50['portkey'])} | **{ms(add50['agenthub'])}** | {ms(add50['portkey'])} "
              f"| {ms(p99['direct'])} | {ms(p99['agenthub'])} | {ms(p99['portkey'])} | **{ms(add99['agenthub'])}** | {ms(add99['portkey'])} "
              f"| {err['direct']}/{err['agenthub']}/{err['portkey']} | {spr['direct']:.0f}%/{spr['agenthub']:.0f}%/{spr['portkey']:.0f}% "
              f"| {rss['agenthub']:.0f} / {rss['portkey']:.0f} MB |")
            how = f"paced at {rows[0]['paced_rps']} req/s offered" if paced else "back to back"
            if c <= 16:
                ok = add50["agenthub"] <= 1000 and add99["agenthub"] <= 3000
                verdict.append(f"- {shape}, {c} concurrent, {how}: added p50 {ms(add50['agenthub'])} ms (≤ 1), p99 {ms(add99['agenthub'])} ms (≤ 3): "
                               f"**{'met' if ok else 'missed'}**")
            else:
                ok = rps["agenthub"] > rps["portkey"] and err["agenthub"] == 0
                verdict.append(f"- {shape}, {c} concurrent: {rps['agenthub']:,.0f} req/s against Portkey's {rps['portkey']:,.0f}, "
                               f"{err['agenthub']} errors: **{'met' if ok else 'missed'}**")
        w("")

    shapes = [("json", "Non-streamed (application/json)"), ("stream", "Streamed (text/event-stream, 6 events)")]
    for shape, title in shapes:
        w(f"## {title}\n")
        table(shape, [s for s in samples if s["shape"] == shape and not s.get("paced_rps")], paced=False)
        w("Latencies in ms (wrk `--latency`, whole response); added = gateway − direct at the same concurrency. "
          "Requests go back to back on each connection, so every target runs at its own saturation: the latency includes the queue.\n")

    paced = [s for s in samples if s.get("paced_rps")]
    if paced:
        rate = paced[0]["paced_rps"]
        w(f"## Below saturation: the same connections paced to about {rate} req/s offered\n")
        w(f"Each connection waits a random time with mean c × 1000 / {rate} ms (exponential, whole ms) between an answer and "
          f"its next request (wrk's `delay()`), {a.repeats} repeats × {a.paced_duration} s, so the targets get about the same offered rate as a Poisson stream, below "
          "what each serves back to back, and the latency is mostly the gateway's own, not a queue's. wrk still corrects "
          "for coordinated omission against the achieved rate.\n")
        for shape, title in shapes:
            w(f"### {title}\n")
            table(shape, [s for s in paced if s["shape"] == shape], paced=True)

    floor_table(w, samples)

    w("## Time to first token (streamed, one request at a time)\n")
    ttft = {}
    for line in open(a.ttft):
        if line.startswith("TTFTJSON "):
            t = json.loads(line[len("TTFTJSON "):])
            ttft[t["target"]] = t
    if ttft:
        w("| target | n | p50 | p99 | overhead p50 | overhead p99 | errors |")
        w("|---|---|---|---|---|---|---|")
        for t in TARGETS:
            if t in ttft:
                v, d = ttft[t], ttft.get("direct", ttft[t])
                w(f"| {NAMES[t]} | {v['n']} | {ms(v['p50_us'])} | {ms(v['p99_us'])} | {ms(v['p50_us'] - d['p50_us'])} | "
                  f"{ms(v['p99_us'] - d['p99_us'])} | {v['errors']} |")
        w("\nms, from sending the request to reading the first `data:` line (`bench/gateway/Ttft`, HttpClient, ResponseHeadersRead).\n")

    w("## Allocations per request (Agent Hub, one connection)\n")
    for line in open(a.allocs):
        shape, _, raw = line.strip().partition(" ")
        if not raw:
            continue
        wrk = json.loads(raw)
        rps = wrk["requests"] / (wrk["duration_us"] / 1e6)
        rate, n = allocation_rate(os.path.join(a.counters, f"counters-{shape}.csv"))
        if rate is None:
            w(f"- {shape}: no allocation-rate reading in the counters file")
        else:
            w(f"- {shape}: {rate / 1e6:,.1f} MB/s allocated at {rps:,.0f} req/s = **{rate / rps / 1024:,.1f} KB per request** "
              f"(dotnet-counters `System.Runtime` allocation rate, mean of {max(n - 2, 1)} one-second readings)")
    w("")
    w(f"Resident memory at the end: Agent Hub {int(a.agenthub_rss) / 1024:.0f} MB, Portkey (node) {int(a.portkey_rss) / 1024:.0f} MB.\n")
    w("## Targets (issue 15)\n")
    out.extend(verdict)
    print("\n".join(out))


if __name__ == "__main__":
    main()
