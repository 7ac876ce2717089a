#!/usr/bin/env bash
# One-step set-up for a fresh Debian 12 machine: installs the missing Debian packages,
# builds nanoscope into build/, then runs the main job (`./setup.sh run`), every test
# (`./setup.sh test`), or the side-by-side benchmarks (`./setup.sh bench`).
set -euo pipefail
cd "$(dirname "$0")"
mode=${1:-run}

packages=(cmake g++ ninja-build pkg-config ccache
  libboost-graph-dev libeigen3-dev libimgui-dev libglfw3-dev libgl-dev
  doctest-dev nlohmann-json3-dev rapidjson-dev libsimdjson-dev libyaml-cpp-dev libcli11-dev libfmt-dev libstb-dev
  libigraph-dev libarpack2-dev libglpk-dev libplfit-dev libopenmpi-dev openmpi-bin
  zlib1g-dev libdeflate-dev libarchive-dev libzstd-dev libprotobuf-dev protobuf-compiler
  xvfb xauth libgl1-mesa-dri python3)
if [ "$mode" = bench ]; then
  packages+=(jq mawk hyperfine time python3-simpy python3-networkx python3-igraph python3-graph-tool python3-numpy graphviz libns3-dev)
fi

missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if [ ${#missing[@]} -gt 0 ]; then
  echo "setup: installing ${#missing[@]} Debian packages: ${missing[*]}"
  sudo=""
  [ "$(id -u)" -eq 0 ] || sudo="sudo"
  $sudo apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi

# Extra configure options from the environment, e.g. NANOSCOPE_CMAKE_ARGS=-DNANOSCOPE_WERROR=ON (CI).
# shellcheck disable=SC2086
cmake -S . -B build -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo ${NANOSCOPE_CMAKE_ARGS:-} >/dev/null
cmake --build build -j"$(nproc)"

case "$mode" in
  run)
    example=scenarios/examples/social-network
    echo "setup: running the main job on the bundled example ($example)"
    build/nanoscope import "$example" -o build/social-network.graph.json
    build/nanoscope analyze "$example" -o build/social-network.analysis.md
    echo "setup: coupling findings in build/social-network.analysis.md"
    build/nanoscope report "$example" -o build/social-network.report.html
    echo "setup: overhead report in $(pwd)/build/social-network.report.html"
    ;;
  test)
    ctest --test-dir build --output-on-failure -j"$(nproc)"
    ;;
  bench)
    bash bench/run_all.sh
    ;;
  *)
    echo "usage: ./setup.sh [run|test|bench]" >&2
    exit 2
    ;;
esac
