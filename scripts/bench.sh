#!/usr/bin/env bash
# Check and build throughput of wirec, one process per size.
#
# Runs benches/throughput.rs (release profile) once per size, each in its own
# process so that the peak RSS (VmHWM) is that size's alone, then prints one
# table with check and build times, edges/s, MB/s of input, ns/edge (constant
# means linear growth) and peak RSS, and whether 100k edges build in under 1 s.
#
# Usage: scripts/bench.sh [bench options...]
#   SIZES="1000 10000 100000" (default) picks the sizes;
#   bench options are passed through, e.g. --reps 3 or --stages.
set -euo pipefail

cd "$(dirname "$0")/.."

read -r -a sizes <<<"${SIZES:-1000 10000 100000}"
log_dir=$(mktemp -d)
trap 'rm -rf "$log_dir"' EXIT

echo "building benches/throughput.rs (release profile)..." >&2
cargo bench --bench throughput --no-run >"$log_dir/build.log" 2>&1 || {
    cat "$log_dir/build.log" >&2
    exit 1
}

for size in "${sizes[@]}"; do
    echo >&2
    echo "--- $size edges" >&2
    # The per-size report goes to stderr for reading; RESULT lines are kept.
    if ! cargo bench --quiet --bench throughput -- --size "$size" "$@" >"$log_dir/$size.log" 2>"$log_dir/$size.err"; then
        cat "$log_dir/$size.log" "$log_dir/$size.err" >&2
        echo "bench failed for $size edges" >&2
        exit 1
    fi
    grep -v '^RESULT ' "$log_dir/$size.log" >&2 || true
    grep '^RESULT ' "$log_dir/$size.log" >>"$log_dir/results"
done

echo
awk '
function field(name,   i, pair) {
    for (i = 2; i <= NF; i++) {
        split($i, pair, "=")
        if (pair[1] == name) return pair[2]
    }
    return ""
}
BEGIN {
    printf "%8s %9s %9s %8s | %10s %12s %8s %8s | %10s %12s %8s %8s | %10s\n",
        "edges", "input MB", "output MB", "reps",
        "check ms", "edges/s", "MB/s", "ns/edge",
        "build ms", "edges/s", "MB/s", "ns/edge", "peak RSS"
    rule = sprintf("%0147d", 0); gsub(/0/, "-", rule); print rule
}
{
    edges = field("edges"); mb = field("input_bytes") / 1e6
    check = field("check_ms"); build = field("build_ms"); peak = field("peak_rss_kb")
    check_ns[NR] = check * 1e6 / edges; build_ns[NR] = build * 1e6 / edges; size[NR] = edges
    printf "%8d %9.2f %9.2f %8d | %10.2f %12.0f %8.2f %8.0f | %10.2f %12.0f %8.2f %8.0f | %6.1f MiB\n",
        edges, mb, field("output_bytes") / 1e6, field("reps"),
        check, edges / (check / 1e3), mb / (check / 1e3), check_ns[NR],
        build, edges / (build / 1e3), mb / (build / 1e3), build_ns[NR],
        (peak == "na" ? 0 : peak / 1024)
    stages[NR] = sprintf("%8d  compile %.1f ms, cloudformation %.1f ms, to_text %.1f ms, drop %.1f ms",
        edges, field("compile_ms"), field("cloudformation_ms"), field("to_text_ms"), field("drop_ms"))
    if (edges == 100000) target = build
}
END {
    print ""
    print "build time by stage (medians):"
    for (i = 1; i <= NR; i++) print stages[i]
    print ""
    print "scaling of ns/edge between consecutive sizes (1.00 = linear):"
    for (i = 2; i <= NR; i++)
        printf "%8d -> %-8d  check x%.2f, build x%.2f\n", size[i-1], size[i], check_ns[i] / check_ns[i-1], build_ns[i] / build_ns[i-1]
    if (target != "") {
        print ""
        printf "target: 100k edges checked and emitted in < 1 s: %s (%.0f ms median build)\n",
            (target < 1000 ? "MET" : "NOT MET"), target
    }
}' "$log_dir/results"
