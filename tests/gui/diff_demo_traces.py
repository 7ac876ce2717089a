#!/usr/bin/env python3
"""Writes two Jaeger JSON trace files of a small shop with planted changes between them, for the
GUI's diff screenshot (docs/gui.md, docs/images/gui-diff.png) and its smoke test.

Planted from before.json to after.json: "email" removed (checkout -> email gone); "fraud-check"
added (payment -> fraud-check); recommend -> catalog three times as busy; cart -> cart-cache a
third as busy; payment -> payment-gateway erring (0% -> 20%); catalog -> recommend added, which
closes the knot {catalog, recommend}. Deterministic: no randomness, counters only.

usage: diff_demo_traces.py OUT_DIR [TRACES]
"""
import json
import os
import sys


def make(after, traces):
    data = []
    for t in range(traces):
        trace_id = "%016x" % (t + 1 + (1 << 40 if after else 0))
        spans, processes = [], {}
        clock = [1_700_000_000_000_000 + t * 50_000]

        def span(service, operation, parent, duration, error=False):
            pid = processes.setdefault(service, "p%d" % (len(processes) + 1))
            sid = "%016x" % (len(spans) + 1 + t * 1000)
            clock[0] += 10
            spans.append({
                "traceID": trace_id, "spanID": sid, "operationName": operation,
                "references": [{"refType": "CHILD_OF", "traceID": trace_id, "spanID": parent}] if parent else [],
                "startTime": clock[0], "duration": duration,
                "tags": [{"key": "error", "type": "bool", "value": True}] if error else [],
                "processID": pid})
            return sid

        root = span("gateway", "GET /", None, 40_000)
        front = span("frontend", "render", root, 35_000)
        cat = span("catalog", "list", front, 8_000)
        span("catalog-db", "SELECT products", cat, 2_000)
        if after and t % 2 == 0:
            span("recommend", "similar", cat, 3_000)  # closes the knot {catalog, recommend}
        rec = span("recommend", "suggest", front, 9_000)
        for _ in range(3 if after else 1):
            span("catalog", "lookup", rec, 1_500)
        cart = span("cart", "get", front, 4_000)
        if not after or t % 3 == 0:
            span("cart-cache", "GET", cart, 300)
        span("auth", "check", front, 1_000)
        if t % 4 == 0:  # a quarter of the requests check out
            co = span("checkout", "place-order", front, 20_000)
            pay = span("payment", "charge", co, 9_000)
            span("payment-gateway", "authorize", pay, 6_000, error=after and t % 20 < 4)
            if after:
                span("fraud-check", "score", pay, 1_200)
            span("shipping", "quote", co, 2_000)
            if not after:
                span("email", "confirm", co, 1_000)
        proc = {pid: {"serviceName": name, "tags": []} for name, pid in processes.items()}
        data.append({"traceID": trace_id, "spans": spans, "processes": proc})
    return {"data": data}


def main():
    if len(sys.argv) < 2:
        sys.exit(__doc__)
    out = sys.argv[1]
    traces = int(sys.argv[2]) if len(sys.argv) > 2 else 400
    os.makedirs(out, exist_ok=True)
    for name, after in (("before.json", False), ("after.json", True)):
        with open(os.path.join(out, name), "w") as f:
            json.dump(make(after, traces), f)


if __name__ == "__main__":
    main()
