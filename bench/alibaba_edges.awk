# Service -> service call counts from an Alibaba v2021 MS_CallGraph_Table CSV: the peer for
# the call-graph import benchmark (bench/run_csv_bench.sh). Columns are found by header name;
# each call is counted once, from its caller-side row (rt >= 0).
BEGIN { FS = "," }
NR == 1 {
  for (i = 1; i <= NF; i++) col[$i] = i
  um = col["um"]; dm = col["dm"]; rt = col["rt"]
  next
}
$rt + 0 >= 0 { calls[$um "," $dm]++ }
END { for (pair in calls) print pair "," calls[pair] }
