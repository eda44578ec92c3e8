#!/usr/bin/env bash
# Fuzzes every fuzz target of the module, one after another; docs/BENCHMARKS.md records what
# it found, docs/CONTRIBUTING.md how to add a seed or run one target.
#
#   scripts/fuzz.sh            # 60 s per target
#   scripts/fuzz.sh 30         # 30 s per target
#   FUZZ_TARGETS='Import' scripts/fuzz.sh 120   # only the targets whose name matches
#
# Environment: FUZZ_PARALLEL (fuzzing processes per target, default 2), FUZZ_MINIMIZE (how
# long an input is minimised, a failing one or one of new coverage; default 0s, none: with
# Go's default of 60s the workbook target spent its minute minimising, 27 executions in 60 s
# against 35,000 in 30 s without), FUZZ_TARGETS (an extended regular expression on the
# target's name).
#
# A target is `func FuzzXxx(f *testing.F)` in a _test.go file; its seed corpus is
# testdata/fuzz/FuzzXxx in its package, which `go test` replays. What the fuzzer finds
# interesting goes to Go's cache ($(go env GOCACHE)/fuzz), not to the repository; an input
# that fails is written to the package's testdata/fuzz/FuzzXxx/, listed at the end: fix the
# product code, and commit the input so that every test run replays it.
set -euo pipefail
cd "$(dirname "$0")/.."

secs=${1:-60}
parallel=${FUZZ_PARALLEL:-2}
minimize=${FUZZ_MINIMIZE:-0s}
only=${FUZZ_TARGETS:-.}
logs=$(mktemp -d -t klimaspor-fuzz-XXXXXX)

# package directory and target name, one pair a line
targets=$(grep -rEo --include='*_test.go' '^func Fuzz[A-Za-z0-9_]+\(f \*testing\.F\)' internal cmd tools 2>/dev/null |
	sed -E 's#^(.*)/[^/]+_test\.go:func (Fuzz[A-Za-z0-9_]+).*#\1 \2#' | sort -u | awk -v re="$only" '$2 ~ re')
if [ -z "$targets" ]; then
	echo "fuzz.sh: no fuzz targets match '$only'" >&2
	exit 1
fi
n=$(wc -l <<<"$targets")
echo "fuzz.sh: $n targets, ${secs}s each, $parallel processes, logs in $logs" >&2

results=()
failed=0
while read -r dir name; do
	corpus="$dir/testdata/fuzz/$name"
	before=$(ls "$corpus" 2>/dev/null | sort || true)
	log="$logs/$name.log"
	echo "== $name ($dir)" >&2
	status=PASS
	if ! go test -run='^$' -fuzz="^$name\$" -fuzztime="${secs}s" -fuzzminimizetime="$minimize" \
		-parallel "$parallel" "./$dir" >"$log" 2>&1; then
		status=FAIL
		failed=$((failed + 1))
	fi
	# the last progress line: "fuzz: elapsed: 1m0s, execs: 123456 (2057/sec), new interesting: 12 (total: 40)"
	last=$(grep -E 'execs: [0-9]+' "$log" | tail -1 || true)
	execs=$(sed -nE 's/.*execs: ([0-9]+).*/\1/p' <<<"$last")
	interesting=$(sed -nE 's/.*new interesting: ([0-9]+).*/\1/p' <<<"$last")
	after=$(ls "$corpus" 2>/dev/null | sort || true)
	new=$(comm -13 <(echo "$before") <(echo "$after") | grep -v '^$' | sed "s#^#$corpus/#" | paste -sd ' ' || true)
	# Go 1.26's coordinator can fail a run that found nothing with "context deadline exceeded"
	# as -fuzztime ends (go.dev/issue/75804, fixed in Go 1.27): no failing input, not a failure.
	if [ "$status" = FAIL ] && [ -z "$new" ] && grep -q '^    context deadline exceeded$' "$log"; then
		status=FLAKE
		failed=$((failed - 1))
	fi
	rate=$(awk -v e="${execs:-0}" -v s="$secs" 'BEGIN { printf "%d", e / s }')
	results+=("$(printf '%-22s %-18s %10s %8s %12s %-5s %s' "$name" "$dir" "${execs:-0}" "$rate" "${interesting:-0}" "$status" "${new:--}")")
	if [ "$status" = FAIL ]; then
		grep -E -- '--- FAIL|fuzz_test.go|panic:|Failing input' "$log" | head -20 >&2 || true
	fi
done <<<"$targets"

echo
printf '%-22s %-18s %10s %8s %12s %-5s %s\n' target package execs execs/s interesting result "new failing inputs"
printf '%s\n' "${results[@]}"
echo
echo "fuzz.sh: ${secs}s a target; $failed of $n failed; logs in $logs"
[ "$failed" -eq 0 ]
