#!/usr/bin/python3
"""Peers of nanoscope-gui's force-directed layout on the same edge list: graph-tool's sfdp
(multilevel, C++), igraph's Fruchterman-Reingold (C, grid repulsion) and, on small graphs,
networkx's spring_layout (Fruchterman-Reingold in numpy). Prints one line per tool with the
layout time and the same scale-free shape numbers as nanoscope-layout-driver.
Usage: layout_peers.py EDGE_LIST [--max-networkx N]"""
import sys
import time

import numpy as np


def read_edges(path):
    with open(path) as f:
        n, m = (int(x) for x in f.readline().split())
        edges = np.loadtxt(f, dtype=np.int64, ndmin=2)
    assert edges.shape[0] == m, f"{path}: expected {m} edges, read {edges.shape[0]}"
    return n, edges[:, :2]


def shape(pos, edges):
    """Outliers (farthest node over the 99th percentile of distance from the centroid) and
    crowding (median nearest-neighbour distance over the median edge length)."""
    pos = np.asarray(pos, dtype=np.float64)
    radius = np.hypot(*(pos - pos.mean(axis=0)).T)
    length = np.hypot(*(pos[edges[:, 0]] - pos[edges[:, 1]]).T)
    nearest = []
    for i in range(0, len(pos), max(1, len(pos) // 500)):
        d = np.hypot(*(pos - pos[i]).T)
        d[i] = np.inf  # not itself
        nearest.append(d.min())
    p99 = np.quantile(radius, 0.99)
    return (f"outlier_ratio={radius.max() / p99:.2f} "
            f"nearest_over_edge={np.median(nearest) / np.median(length):.3f}")


def main():
    path = sys.argv[1]
    max_nx = int(sys.argv[sys.argv.index("--max-networkx") + 1]) if "--max-networkx" in sys.argv else 5000
    n, edges = read_edges(path)

    import warnings
    with warnings.catch_warnings():  # graph_tool.draw warns that matplotlib (drawing) is missing
        warnings.simplefilter("ignore")
        import graph_tool as gt
        from graph_tool.draw import sfdp_layout
    g = gt.Graph(directed=False)
    g.add_vertex(n)
    g.add_edge_list(edges)
    start = time.perf_counter()
    pos = sfdp_layout(g)
    seconds = time.perf_counter() - start
    print(f"tool=graph-tool-sfdp layout_s={seconds:.2f} {shape(pos.get_2d_array([0, 1]).T, edges)}", flush=True)

    import igraph as ig
    h = ig.Graph(n=n, edges=edges.tolist())
    start = time.perf_counter()
    layout = h.layout_fruchterman_reingold(niter=300, grid="auto")
    seconds = time.perf_counter() - start
    print(f"tool=igraph-fr layout_s={seconds:.2f} {shape(layout.coords, edges)}", flush=True)

    if n <= max_nx:
        import networkx as nx
        x = nx.Graph()
        x.add_nodes_from(range(n))
        x.add_edges_from(edges.tolist())
        start = time.perf_counter()
        layout = nx.spring_layout(x, seed=42)
        seconds = time.perf_counter() - start
        print(f"tool=networkx-spring layout_s={seconds:.2f} {shape([layout[i] for i in range(n)], edges)}", flush=True)
    else:
        print(f"tool=networkx-spring skipped=more_than_{max_nx}_nodes", flush=True)


if __name__ == "__main__":
    main()
