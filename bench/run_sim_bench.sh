#!/usr/bin/env bash
# Simulator benchmark: the same tandem of 5 M/M/1 stations at utilisation 0.8 on nanoscope's
# engine, ns-3's scheduler (heap and map) and SimPy 2.3.1, printing hops/s and events/s and
# the ratios, then full simulations of an imported corpus graph and of a 5-service chain through
# the graph model (events per CPU-second of the simulating thread, robust to the machine's load).
# Usage: bench/run_sim_bench.sh [build-dir=build]   (CUSTOMERS, SIMPY_CUSTOMERS override sizes)
set -euo pipefail
cd "$(dirname "$0")/.."
BUILD=${1:-build}
CUSTOMERS=${CUSTOMERS:-2000000}
SIMPY_CUSTOMERS=${SIMPY_CUSTOMERS:-100000}
cmake --build "$BUILD" --target nanoscope-sim-tandem nanoscope-sim-graph >/dev/null
have_ns3=0
if cmake --build "$BUILD" --target nanoscope-ns3-tandem >/dev/null 2>&1; then have_ns3=1; fi

rate() { sed -n 's/.*hops_per_s=\([0-9]*\).*/\1/p'; }
echo "model: tandem of 5 M/M/1 stations, lambda=0.8, mu=1 (analytic mean sojourn 25 s)"
ours=$("$BUILD/nanoscope-sim-tandem" "$CUSTOMERS" 1); echo "$ours"
ours_rate=$(echo "$ours" | rate)
if [ "$have_ns3" = 1 ]; then
  for s in heap map; do
    line=$("$BUILD/nanoscope-ns3-tandem" "$CUSTOMERS" "$s" 1); echo "$line"
    r=$(echo "$line" | rate)
    awk -v a="$ours_rate" -v b="$r" -v s="$s" 'BEGIN { printf "ratio nanoscope / ns-3 %s scheduler: %.1fx\n", s, a / b }'
  done
else
  echo "ns-3 not built (install libns3-dev and reconfigure)"
fi
if /usr/bin/python3 -c 'import SimPy.Simulation' 2>/dev/null; then
  line=$(/usr/bin/python3 bench/simpy_tandem.py "$SIMPY_CUSTOMERS" 1); echo "$line"
  r=$(echo "$line" | rate)
  awk -v a="$ours_rate" -v b="$r" 'BEGIN { printf "ratio nanoscope / SimPy 2.3.1: %.0fx\n", a / b }'
else
  echo "SimPy 2.3.1 not installed (apt-get install python3-simpy)"
fi

echo
echo "full simulation of an imported graph (DeathStarBench social network, 20 traces; 500 requests/s for 200 s):"
"$BUILD/nanoscope-sim-graph" 200 500 "${NANOSCOPE_CORPUS_DIR:-../shared/corpus}/jaeger-deathstarbench-social-20traces.json"

echo
echo "graph model on a synchronous chain of 5 services (bench/validate_queueing.py's graph; default"
echo "scenario, 800 requests/s for 2000 s): events per CPU-second of the simulating thread"
/usr/bin/python3 -c 'import sys; sys.path.insert(0, "bench"); import json, validate_queueing as v
n = [f"s{i}" for i in range(5)]
json.dump(v.graph([(x, i == 0) for i, x in enumerate(n)], [(n[i], n[i + 1], False) for i in range(4)]), open(sys.argv[1], "w"))' \
  "$BUILD/tandem5.graph.json"
"$BUILD/nanoscope-sim-graph" 2000 800 "$BUILD/tandem5.graph.json"
