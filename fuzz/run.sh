#!/usr/bin/env bash
# Runs one libFuzzer target (or all) for a bounded time: fuzz/run.sh TARGET|all SECONDS.
# Builds build-fuzz/ with clang on first use. Seeds come from ../shared/corpus (files of the
# target's format), fuzz/seeds/TARGET and the scenario files; new inputs libFuzzer finds are
# kept in build-fuzz/corpus/TARGET, crashes in build-fuzz/artifacts/TARGET. See docs/fuzzing.md.
set -euo pipefail
cd "$(dirname "$0")/.."
targets=(jaeger_json jaeger_dependencies zipkin_json otlp_json callgraph_csv prometheus_service_graph
  kubernetes_yaml compose_yaml nanoscope_graph detect_format thresholds_yaml scenario_yaml partition_file
  compressed_input)
if [ $# -lt 2 ]; then
  echo "usage: fuzz/run.sh TARGET|all SECONDS   (targets: ${targets[*]})" >&2
  exit 2
fi
target=$1 seconds=$2
build=${NANOSCOPE_FUZZ_BUILD:-build-fuzz}
corpus_src=${NANOSCOPE_CORPUS_DIR:-../shared/corpus}
jobs=${NANOSCOPE_FUZZ_JOBS:-2}

if [ "$target" = all ]; then
  for t in "${targets[@]}"; do "$0" "$t" "$seconds"; done
  exit 0
fi
case " ${targets[*]} " in *" $target "*) ;; *) echo "fuzz/run.sh: unknown target $target" >&2; exit 2 ;; esac

if [ ! -f "$build/CMakeCache.txt" ]; then
  CC=clang CXX=clang++ cmake -S . -B "$build" -G Ninja -DCMAKE_BUILD_TYPE=Debug -DCMAKE_CXX_FLAGS_DEBUG="-O1 -g1" \
    -DNANOSCOPE_FUZZ=ON -DNANOSCOPE_SANITIZE=address,undefined -DNANOSCOPE_BUILD_TESTS=OFF \
    -DNANOSCOPE_BUILD_BENCH=OFF -DNANOSCOPE_BUILD_GUI=OFF >/dev/null
fi
# NANOSCOPE_FUZZ_NO_BUILD=1 runs the binary as it is (e.g. while the sources are being edited).
[ "${NANOSCOPE_FUZZ_NO_BUILD:-0}" = 1 ] || cmake --build "$build" -j"$jobs" --target "fuzz_$target" >/dev/null

# Seeds: corpus files of the target's format (by name prefix), plus the hand-written ones.
seeds=$build/seeds/$target
rm -rf "$seeds"
mkdir -p "$seeds" "$build/corpus/$target" "$build/artifacts/$target"
pattern=""
case $target in
  jaeger_json) pattern="jaeger-*.json" ;;
  jaeger_dependencies) pattern="jaeger-deps-*.json" ;;
  zipkin_json) pattern="zipkin-*.json" ;;
  otlp_json) pattern="otlp-*.json" ;;
  otlp_protobuf) pattern="otlp-*.protobuf-bin" ;;
  callgraph_csv) pattern="csv-*.csv" ;;
  kubernetes_yaml) pattern="k8s-*" ;;
  compose_yaml) pattern="compose-*" ;;
  detect_format) pattern="*" ;;
esac
if [ -n "$pattern" ] && [ -d "$corpus_src" ]; then
  find "$corpus_src" -type f -name "$pattern" ! -name MANIFEST.md -size -1024k -exec cp {} "$seeds/" \;
fi
[ -d "fuzz/seeds/$target" ] && cp fuzz/seeds/"$target"/* "$seeds/"
case $target in
  scenario_yaml | thresholds_yaml) cp scenarios/default.yaml "$seeds/" 2>/dev/null || true
    cp scenarios/eras/*.yaml "$seeds/" 2>/dev/null || true ;;
  nanoscope_graph) find tests/golden/corpus -name "*.json" -size -256k -exec cp {} "$seeds/" \; ;;
  callgraph_csv) cp scenarios/examples/*/callgraph.csv "$seeds/" 2>/dev/null || true ;;
esac
# detect_format's first byte picks the file name: give every seed each name once.
if [ "$target" = detect_format ]; then
  for f in "$seeds"/*; do for b in 0 1 2 3 4 5 6 7; do
    { printf "\\$(printf %o "$b")"; head -c 16384 "$f"; } > "$f.$b"; done; rm -f "$f"; done
fi

echo "fuzz: $target for ${seconds}s ($(ls "$seeds" | wc -l) seeds)"
export ASAN_OPTIONS=${ASAN_OPTIONS:-detect_leaks=1}
export UBSAN_OPTIONS=${UBSAN_OPTIONS:-print_stacktrace=1:halt_on_error=1}
status=0
"$build/fuzz/fuzz_$target" -max_total_time="$seconds" -max_len=262144 -timeout=10 -rss_limit_mb=2048 \
  -artifact_prefix="$build/artifacts/$target/" -print_final_stats=1 "$build/corpus/$target" "$seeds" \
  >"$build/fuzz-$target.log" 2>&1 || status=$?
grep -E "INITED|DONE|ERROR|SUMMARY|stat::number_of_executed_units|Test unit written" \
  "$build/fuzz-$target.log" || true
if [ "$status" -ne 0 ]; then
  echo "fuzz: $target FOUND A PROBLEM (exit $status); see $build/fuzz-$target.log and $build/artifacts/$target/" >&2
  exit "$status"
fi
echo "fuzz: $target: no finding in ${seconds}s"
