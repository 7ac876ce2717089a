#!/usr/bin/python3
"""Peers for the coupling-analysis benchmark: strongly connected components of the same
edge list (from nanoscope-gen-graph) with graph-tool and networkx, timed the same way as
nanoscope-analysis-driver (graph already in memory, best of RUNS for graph-tool; networkx
once per run, best taken). Prints one key=value line per tool.
Usage: /usr/bin/python3 bench/analysis_peers.py EDGES [RUNS]
Needs Debian's python3-graph-tool and python3-networkx."""
import sys
import time

import numpy as np


def read_edges(path):
    with open(path, "rb") as f:
        n, m = (int(x) for x in f.readline().split())
        data = np.array(f.read().split(), dtype=np.int64)
    table = data.reshape(-1, 3)
    assert table.shape[0] == m, "edge count mismatch"
    return n, table[:, :2]


def best_of(runs, fn):
    best, result = float("inf"), None
    for _ in range(runs):
        start = time.perf_counter()
        result = fn()
        best = min(best, time.perf_counter() - start)
    return best, result


def main():
    path = sys.argv[1]
    runs = int(sys.argv[2]) if len(sys.argv) > 2 else 5
    n, edges = read_edges(path)

    import graph_tool
    import graph_tool.topology as gtt

    g = graph_tool.Graph(directed=True)
    g.add_vertex(n)
    g.add_edge_list(edges)
    secs, (labels, hist) = best_of(runs, lambda: gtt.label_components(g, directed=True))
    print(f"tool=graph-tool version={graph_tool.__version__.split()[0]} components={len(hist)} "
          f"largest_scc={int(hist.max())} scc_s={secs:.4f}")

    import networkx as nx

    G = nx.DiGraph()
    G.add_nodes_from(range(n))
    G.add_edges_from(edges.tolist())
    secs, comps = best_of(max(1, min(runs, 3)), lambda: list(nx.strongly_connected_components(G)))
    print(f"tool=networkx version={nx.__version__} components={len(comps)} "
          f"largest_scc={max(len(c) for c in comps)} scc_s={secs:.4f}")


if __name__ == "__main__":
    main()
