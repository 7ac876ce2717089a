#!/usr/bin/python3
"""Simulator benchmark peer: a tandem of 5 M/M/1 stations at utilisation 0.8 in SimPy 2.3.1
(Debian's python3-simpy, classic process API), the same model as sim_tandem.cpp.
Usage: /usr/bin/python3 bench/simpy_tandem.py [customers=50000] [seed=1]"""
import random
import sys
import time

from SimPy.Simulation import Process, Resource, activate, hold, initialize, now, release, request, simulate

LAMBDA, MU, STATIONS = 0.8, 1.0, 5


class Customer(Process):
    def visit(self, stations, stats):
        born = now()
        for station in stations:
            yield request, self, station
            yield hold, self, random.expovariate(MU)
            yield release, self, station
            stats["hops"] += 1
        stats["done"] += 1
        stats["sojourn"] += now() - born


class Source(Process):
    def generate(self, stations, stats):
        while True:
            yield hold, self, random.expovariate(LAMBDA)
            c = Customer()
            activate(c, c.visit(stations, stats))


def main():
    customers = float(sys.argv[1]) if len(sys.argv) > 1 else 50000
    random.seed(int(sys.argv[2]) if len(sys.argv) > 2 else 1)
    initialize()
    stations = [Resource(capacity=1, name="s%d" % i) for i in range(STATIONS)]
    stats = {"hops": 0, "done": 0, "sojourn": 0.0}
    src = Source()
    activate(src, src.generate(stations, stats))
    start = time.perf_counter()
    simulate(until=customers / LAMBDA)
    wall = time.perf_counter() - start
    print("engine=simpy-2.3.1 customers=%d hops=%d wall_s=%.3f hops_per_s=%.0f mean_sojourn=%.3f (analytic %.3f)"
          % (stats["done"], stats["hops"], wall, stats["hops"] / wall,
             stats["sojourn"] / max(stats["done"], 1), STATIONS / (MU - LAMBDA)))


if __name__ == "__main__":
    main()
