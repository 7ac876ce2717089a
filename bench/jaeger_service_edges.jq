# Service-to-service call counts of a Jaeger /api/traces file ({"data":[trace...]}): for every
# span whose parent (its first CHILD_OF or FOLLOWS_FROM reference) runs in another service,
# count "parent service -> child service". The jq side of bench/run_import_bench.sh.
[ .data[]
  | .processes as $p
  | (reduce .spans[] as $s ({}; .[$s.spanID] = $p[$s.processID].serviceName)) as $service
  | .spans[]
  | select((.references | length) > 0)
  | { from: $service[.references[0].spanID], to: $p[.processID].serviceName }
  | select(.from != null and .from != .to)
  | "\(.from) -> \(.to)" ]
| group_by(.)
| map({ edge: .[0], calls: length })
