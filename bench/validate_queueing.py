#!/usr/bin/env python3
"""Validation of the graph simulator against queueing theory, through the public path.

Every case writes a nanoscope graph JSON and a scenario YAML, runs
`nanoscope simulate GRAPH --scenario S --format json` (the command users run) and compares
the reported mean latency with the closed form: M/M/1, M/M/c (Erlang C), synchronous tandem
chains (Jackson: the sum of the stations' M/M/1 sojourns), a two-way fork-join (Nelson &
Tantawi), blocking thread-per-request (a caller with one thread is an M/G/1 queue whose service
is its own work plus its callee's: Pollaczek-Khinchine; with enough threads it adds its
callee's response time), Little's law per station, and the coverage of the 95% intervals.

  bench/validate_queueing.py [--nanoscope build/nanoscope] [--quick] [--markdown FILE]

Prints one row per case and exits 1 when a case is outside its tolerance. --quick runs shorter
simulations (the ctest `validation.queueing`); docs/validation.md is the full run's table
(--markdown writes it). Only the standard library: Debian's /usr/bin/python3 runs it.
"""
import argparse
import json
import math
import os
import subprocess
import sys
import tempfile

MS = 1e3
SERVICE_S = 0.001  # every operation's mean work: exponential, 1 ms


def graph(services, edges):
    """A nanoscope graph: services [(name, entries)], edges [(from, to, parallel)]; 1 s window."""
    calls = 1000
    svc = [{"name": n, "kind": "service", "observed": True, "declared": False,
            "operations": [{"name": "op", "invocations": calls, "entries": calls if entry else 0, "errors": 0}]}
           for n, entry in services]
    ops = [{"from": {"service": a, "operation": "op"}, "to": {"service": b, "operation": "op"}, "kind": "sync",
            "protocol": "unknown", "calls": calls, "errors": 0, "traces": calls, "declared": False,
            **({"parallel_calls": calls} if parallel else {})} for a, b, parallel in edges]
    return {"format": "nanoscope-graph", "version": 1,
            "summary": {"services": len(svc), "operations": len(svc), "operation_edges": len(ops),
                        "service_edges": len(ops), "entry_operations": 1, "traces": calls, "window_seconds": 1.0},
            "window": {"start_us": 0, "end_us": 1000000}, "services": svc, "edges": [], "operation_edges": ops,
            "diagnostics": []}


def scenario(rate, duration, warmup, replications, seed=1, workers=1, concurrency="async", threads=200):
    """Every communication cost zero: only the stations' queueing is left."""
    return f"""simulation:
  run: {{duration_s: {duration}, warmup_s: {warmup}, seed: {seed}, replications: {replications}}}
  load: {{total_rate_per_s: {rate}}}
  capacity: {{default_replicas: 1, workers_per_replica: {workers}, default_service_s: {SERVICE_S}, policy: fixed,
             concurrency: {concurrency}, threads_per_replica: {threads}}}
  calls: {{inprocess_call_s: 0}}
  payload: {{json_s_per_byte: 0, default_request_bytes: 0, default_response_bytes: 0}}
  network: {{stack_cpu_s: 0, same_node_s: 0, same_zone_s: 0, cross_zone_s: 0, wan_s: 0, bandwidth_bytes_per_s: 0}}
"""


def simulate(binary, tmp, g, s, method="des"):
    gp, sp = os.path.join(tmp, "graph.json"), os.path.join(tmp, "scenario.yaml")
    with open(gp, "w") as f:
        json.dump(g, f)
    with open(sp, "w") as f:
        f.write(s)
    out = subprocess.run([binary, "simulate", gp, "--scenario", sp, "--format", "json", "-q", "--method", method],
                         check=True, capture_output=True, text=True).stdout
    return json.loads(out)


def erlang_c_wait(c, lam, mu):
    """Mean waiting time in queue of M/M/c (Erlang C)."""
    a = lam / mu
    rho = a / c
    term, total = 1.0, 1.0
    for k in range(1, c):
        term *= a / k
        total += term
    last = term * a / c / (1.0 - rho)  # a^c / c! / (1 - rho)
    p_wait = last / (total + last)
    return p_wait / (c * mu - lam)


def cases(quick):
    mu = 1.0 / SERVICE_S
    # Simulated seconds: enough requests that the 95% interval is well inside the tolerance.
    long_run = 600 if quick else 3000
    for rho in (0.5, 0.8):
        lam = rho * mu
        yield (f"M/M/1, utilisation {rho}", graph([("a", True)], []), dict(rate=lam, duration=long_run),
               1.0 / (mu - lam), 0.02, "cores")
    for c, rho in ((4, 0.8),):
        lam = rho * c * mu
        yield (f"M/M/{c}, utilisation {rho}", graph([("a", True)], []),
               dict(rate=lam, duration=long_run // 2, workers=c), erlang_c_wait(c, lam, mu) + 1.0 / mu, 0.02,
               "cores")
    for n in (3, 5):
        for rho in (0.5, 0.8):
            lam = rho * mu
            names = [f"s{i}" for i in range(n)]
            g = graph([(x, i == 0) for i, x in enumerate(names)], [(names[i], names[i + 1], False) for i in range(n - 1)])
            yield (f"tandem of {n}, utilisation {rho} (async)", g, dict(rate=lam, duration=long_run),
                   n / (mu - lam), 0.02, "cores")
    for rho in (0.5, 0.8):
        lam = rho * mu
        g = graph([("root", True), ("a", False), ("b", False)], [("root", "a", True), ("root", "b", True)])
        r1 = 1.0 / (mu - lam)
        # Root's own M/M/1 visit, then a two-way fork-join of M/M/1 queues: (12 - rho)/8 x R.
        yield (f"fork-join of 2 after a station, utilisation {rho}", g, dict(rate=lam, duration=long_run),
               r1 + (12.0 - rho) / 8.0 * r1, 0.03, None)
    pair = graph([("caller", True), ("callee", False)], [("caller", "callee", False)])
    for rho in (0.5, 0.8):
        # One thread: service H = caller work + callee work (the callee never queues), M/G/1.
        lam = rho / (2 * SERVICE_S)
        eh, eh2 = 2 * SERVICE_S, 2 * SERVICE_S**2 + (2 * SERVICE_S) ** 2
        yield (f"blocking, 1 thread, thread utilisation {rho} (M/G/1)", pair,
               dict(rate=lam, duration=long_run, concurrency="blocking", threads=1),
               lam * eh2 / (2 * (1 - lam * eh)) + eh, 0.02, "threads")
    lam = 0.8 * mu
    yield ("blocking, 200 threads, utilisation 0.8 (adds the callee)", pair,
           dict(rate=lam, duration=long_run, concurrency="blocking", threads=200), 2.0 / (mu - lam), 0.02, "threads")


def littles_law(report, where):
    """Requests in the system, time-averaged from the stations, against throughput x mean
    latency. "cores": a request is always at exactly one station (no fork, no thread held while
    a callee works), so the stations' jobs add up; "threads": every request holds (or waits
    for) one thread of the entry service from arrival to answer. None: neither holds (fork-join): not checked."""
    if where is None:
        return None
    if where == "cores":
        in_system = sum(s["mean_in_system"] for s in report["services"])
    else:
        entry_service = report["entries"][0]["operation"].split("/", 1)[0]
        in_system = next(s["mean_requests"] for s in report["services"] if s["name"] == entry_service)
    little = report["throughput_per_s"] * report["entries"][0]["latency_ms"]["mean"] / MS
    return in_system / little - 1.0


def coverage(binary, tmp, quick):
    """Fraction of 95% intervals (5 replications each) holding the M/M/1 mean, over many seeds."""
    mu, lam = 1.0 / SERVICE_S, 0.5 / SERVICE_S
    truth = 1.0 / (mu - lam) * MS
    runs = 40 if quick else 200
    hits = 0
    for seed in range(1, runs + 1):
        rep = simulate(binary, tmp, graph([("a", True)], []),
                       scenario(lam, 60, 5, 5, seed=seed * 1000))
        e = rep["entries"][0]
        hits += abs(e["latency_ms"]["mean"] - truth) <= e["ci95_ms"]["mean"]
    return hits / runs, runs


DOC_HEAD = """# Validation of the simulator against queueing theory

Generated by `/usr/bin/python3 bench/validate_queueing.py --markdown docs/validation.md` (after
`./setup.sh test`, which builds `build/nanoscope`); do not edit by hand. The ctest
`validation.queueing` runs the same cases with shorter simulations (`--quick`) and fails when one
leaves its tolerance.

Every case goes through the path users run: the script writes a nanoscope graph JSON
(docs/graph-format.md) and a scenario YAML, runs `nanoscope simulate GRAPH --scenario S --format
json`, and compares the reported mean latency of the entry operation with the closed form. The
scenario sets every communication cost to zero (serialization, network stack, propagation,
bandwidth, in-process call) and `capacity.policy: fixed` with one replica of
`workers_per_replica` cores per service, so only queueing for cores (and, under blocking
concurrency, for threads) is left; every operation's work is exponential with mean 1 ms
(`default_service_s`). Each row is 5 replications (the default) after a 100 s warm-up; the
interval is the 95% Student-t half-width across replications.

| case | closed form |
|---|---|
| M/M/1, M/M/c | W = 1/(mu - lambda); Erlang C wait + 1/mu |
| tandem of n (async) | a synchronous chain s0 -> s1 -> ... is a product-form (Jackson) network: the sum of n M/M/1 sojourns, n/(mu - lambda) |
| fork-join of 2 after a station | the root's M/M/1 sojourn plus a two-way fork-join of M/M/1 queues, (12 - rho)/8 x 1/(mu - lambda) (Nelson & Tantawi 1988, exact for two servers) |
| blocking, 1 thread | the caller's single thread is held for its work plus its callee's (the callee never queues): M/G/1 with H = S1 + S2, Pollaczek-Khinchine W = lambda E[H^2] / (2 (1 - lambda E[H])) + E[H] |
| blocking, 200 threads | a caller with enough threads adds its callee's response time: 2/(mu - lambda) |

Little's law is checked on each run where it applies: the time-average number of requests in
the system, from the stations (`mean_in_system`, or under blocking the entry service's
`mean_requests` holding or waiting for a thread), against throughput x mean latency (within 1%).
In a fork a request is at two stations at once, so the stations' counts do not add up: n/a.
The analytic column is `nanoscope simulate --method analytic` on the same files (docs/analytic.md):
where it reports product form its mean must equal the closed form within 0.5%; elsewhere
(fork-join, blocking) it is an approximation, shown with its error and not enforced.
The last line is the coverage of the intervals: the fraction of many independent 5-replication
runs whose 95% interval holds the exact M/M/1 mean.

## Results

"""


def write_markdown(path, rows, cov, runs, quick):
    with open(path, "w") as f:
        f.write(DOC_HEAD)
        if quick:
            f.write("(`--quick` run: shorter simulations than the published table.)\n\n")
        f.write("| case | theory (ms) | simulated mean ±95% (ms) | error | tolerance | Little's law | "
                "`--method analytic` (ms) | requests |\n")
        f.write("|---|---:|---:|---:|---:|---:|---:|---:|\n")
        for name, want, got, hw, err, tol, little, analytic, n, ok in rows:
            f.write(f"| {name} | {want:.4f} | {got:.4f} ±{hw:.4f} | {100 * err:+.2f}% | {100 * tol:.0f}% | "
                    f"{little} | {analytic} | {n} |\n")
        f.write(f"\nCoverage: {100 * cov:.1f}% of {runs} intervals (5 replications of 60 s each, M/M/1 at "
                f"utilisation 0.5, seeds 1000, 2000, ...) hold the exact mean (nominal 95%).\n")


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    root = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
    ap.add_argument("--nanoscope", default=os.path.join(root, "build", "nanoscope"))
    ap.add_argument("--quick", action="store_true", help="shorter runs (the ctest)")
    ap.add_argument("--markdown", help="write the table as Markdown here")
    args = ap.parse_args()
    rows, failed = [], 0
    with tempfile.TemporaryDirectory() as tmp:
        for name, g, s, expected_s, tol, where in cases(args.quick):
            s = dict(s)
            text = scenario(s.pop("rate"), s.pop("duration"), 100, 5, **s)
            rep = simulate(args.nanoscope, tmp, g, text)
            # The analytic solver on the same files: exact (0.5%) where it says product form.
            ana = simulate(args.nanoscope, tmp, g, text, method="analytic")
            ana_ms, exact = ana["entries"][0]["mean_ms"], ana["product_form"]
            ana_err = ana_ms / (expected_s * MS) - 1.0 if ana_ms is not None else float("inf")
            e = rep["entries"][0]
            got, hw, want = e["latency_ms"]["mean"], e["ci95_ms"]["mean"], expected_s * MS
            err = got / want - 1.0
            little_err = littles_law(rep, where)
            ok = abs(err) <= tol and (little_err is None or abs(little_err) <= 0.01) and (not exact or abs(ana_err) <= 0.005)
            analytic = f"{ana_ms:.4f} ({100 * ana_err:+.2f}%{'' if exact else ', approx.'})"
            little = "n/a (fork)" if little_err is None else f"{100 * little_err:+.2f}%"
            failed += not ok
            rows.append((name, want, got, hw, err, tol, little, analytic, e["requests"], ok))
            print(f"{'ok  ' if ok else 'FAIL'} {name:55s} theory {want:8.4f} ms  simulated {got:8.4f} ±{hw:.4f} ms"
                  f"  error {100 * err:+6.2f}% (tolerance {100 * tol:.0f}%)  Little {little}  analytic {analytic}",
                  flush=True)
        cov, runs = coverage(args.nanoscope, tmp, args.quick)
        # Binomial noise of the coverage estimate itself: 95% +- 2 standard errors.
        band = 2.0 * math.sqrt(0.95 * 0.05 / runs)
        cov_ok = abs(cov - 0.95) <= max(band, 0.03)
        failed += not cov_ok
        print(f"{'ok  ' if cov_ok else 'FAIL'} 95% intervals holding the M/M/1 mean over {runs} seeds: "
              f"{100 * cov:.1f}% (accepted {100 * (0.95 - max(band, 0.03)):.1f}-{100 * min(1, 0.95 + max(band, 0.03)):.1f}%)")
    if args.markdown:
        write_markdown(args.markdown, rows, cov, runs, args.quick)
    print(f"validation: {len(rows) + 1 - failed} passed, {failed} failed")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
