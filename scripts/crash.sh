#!/usr/bin/env bash
# The crash harness (internal/opstest, TestCrash) with more trials: the built klimaspor is
# killed with SIGKILL at a random moment during a large API import, a command-line import, a
# migration and a burst of API edits, on SQLite and PostgreSQL; after each kill the server
# restarts and the test checks that SQLite's integrity_check says ok (PostgreSQL answers),
# an import is all there or not at all, every write answered 2xx is there as answered, and
# the migrations complete with the data intact. docs/BENCHMARKS.md keeps the figures.
#
#   scripts/crash.sh                                  # 100 trials on both engines
#   scripts/crash.sh -trials 20 -engine sqlite -rows 20000 -seed 42
#
# PostgreSQL: $KLIMASPOR_TEST_POSTGRES_URL or postgres://postgres@127.0.0.1:5432/test (a
# fresh schema per trial). The summary table is printed at the end and written to
# $CRASH_SUMMARY (default /tmp/klimaspor-crash-summary.md).
set -euo pipefail
cd "$(dirname "$0")/.."

trials=100 engine=both rows=10000 seed=0
while [ $# -gt 0 ]; do
	case "$1" in
	-trials) trials=$2; shift 2 ;;
	-engine) engine=$2; shift 2 ;;
	-rows) rows=$2; shift 2 ;;
	-seed) seed=$2; shift 2 ;;
	-h|--help) sed -n '2,15p' "$0"; exit 0 ;;
	*) echo "crash.sh: unknown argument $1 (see -h)" >&2; exit 2 ;;
	esac
done
summary=${CRASH_SUMMARY:-/tmp/klimaspor-crash-summary.md}
rm -f "$summary"
log=$(mktemp /tmp/klimaspor-crash-XXXXXX.log)
echo "crash.sh: $trials trials, engine $engine, imports of $rows rows; log in $log" >&2
status=0
KLIMASPOR_CRASH_SUMMARY=$summary go test ./internal/opstest -run 'TestCrash$' -count=1 -timeout 4h -v \
	-crash.trials="$trials" -crash.engine="$engine" -crash.rows="$rows" -crash.seed="$seed" >"$log" 2>&1 || status=$?
grep -E '^(=== RUN|--- FAIL|\s+--- FAIL)|seed [0-9]+' "$log" | grep -v '=== RUN' || true
if [ -s "$summary" ]; then
	cat "$summary"
else
	tail -50 "$log"
fi
exit $status
