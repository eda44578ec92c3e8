#!/usr/bin/env bash
# Memory and speed of imports through the real server; docs/BENCHMARKS.md gives the results.
#
#   scripts/importmem.sh                      # every case below
#   IMPORTMEM_CASES="csv bomb-admin" scripts/importmem.sh
#
# Each case starts a fresh `klimaspor serve` on a copy of a database holding the national
# data set without values, sends one file to POST /api/v1/indicator-values/import over
# loopback with curl (POST /api/v1/actions/import for the actions cases), and reports the answer's status, the time it took, and the server's
# resident memory before (VmRSS) and at its peak (VmHWM, from /proc/PID/status), and the
# server's CPU time for the request (from /proc/PID/stat).
#
# Cases:
#   csv         $IMPORTMEM_ROWS values as CSV (Danish Excel style), with an administrator's token
#   xlsx        the same rows as XLSX (values as number cells), with the token
#   xlsx-shared-145k, xlsx-shared-290k
#               the same rows as Excel saves them (text in shared strings), with 145,000 or
#               290,000 different notes: shared strings of 3.8 MB (read from memory) or
#               7.7 MB (from a temporary file), with the token
#   bomb-anon   a 1 MB XLSX with a part of 1 GiB of zeros, without a token
#   bomb-admin  the same bomb with the administrator's token
#   csv-anon    the CSV without a token
#   actions     50,000 new actions (the most a file of records other than values may hold) as CSV
#   actions-all 440,000 new actions, a 60 MB CSV file (refused beyond 50,000 rows)
#
# Settings (environment): IMPORTMEM_DIR (work files, default /tmp/klimaspor-importmem; the
# data files are made once and kept), IMPORTMEM_PORT (18090), IMPORTMEM_ROWS (1000000),
# KLIMASPOR_BIN (a klimaspor binary to measure instead of building ./cmd/klimaspor, e.g. an
# older one for a before/after comparison), and any KLIMASPOR_* setting, passed on to the
# server (KLIMASPOR_MAX_IMPORT_MB: the 1 M-row CSV is 89 MB, above the default of 64).
# Results are appended to $IMPORTMEM_DIR/results.txt.
set -euo pipefail
cd "$(dirname "$0")/.."

OUT=${IMPORTMEM_DIR:-/tmp/klimaspor-importmem}
PORT=${IMPORTMEM_PORT:-18090}
ROWS=${IMPORTMEM_ROWS:-1000000}
CASES=${IMPORTMEM_CASES:-csv xlsx xlsx-shared-145k xlsx-shared-290k bomb-anon bomb-admin csv-anon actions actions-all}
RESULTS=$OUT/results.txt
mkdir -p "$OUT"

server_pid=""
cleanup() {
	if [[ -n $server_pid ]]; then kill "$server_pid" 2>/dev/null || true; wait "$server_pid" 2>/dev/null || true; fi
	server_pid=""
}
trap cleanup EXIT
log() { echo "importmem: $*" >&2; }

if [[ -n ${KLIMASPOR_BIN:-} ]]; then
	KLIMASPOR=$KLIMASPOR_BIN
else
	go build -o "$OUT/klimaspor" ./cmd/klimaspor
	KLIMASPOR=$OUT/klimaspor
fi
data=$OUT/data-$ROWS
if [[ ! -f $data/done ]]; then
	log "making the files ($ROWS rows) in $data"
	rm -rf "$data" && mkdir -p "$data"
	go run ./tools/benchdata -rows "$ROWS" -csv "$data/values.csv" -xlsx "$data/values.xlsx" \
		-base-db "$data/base.db" -token-file "$data/token" -bomb "$data/bomb.xlsx"
	for n in 145000 290000; do
		go run ./tools/benchdata -rows "$ROWS" -csv "$data/values.csv" -xlsx-shared "$data/values-shared-$n.xlsx" -notes $n
	done
	for n in 50000 440000; do
		awk -v n=$n 'BEGIN { print "plan;titel;sektor;ansvarlig;status;beskrivelse"
			for (i = 0; i < n; i++) printf "gen-plan-101;Indsats nummer %d med en titel;energy;101;planned;En beskrivelse af indsatsen, som er lidt lang, men ikke meget %d\n", i, i }' >"$data/actions-$n.csv"
	done
	touch "$data/done"
fi
token=$(cat "$data/token")

kb() { awk -v k="$1:" '$1 == k { print $2 }' "/proc/$server_pid/status"; }
# cpu is the server's user and system CPU time so far, in seconds: less swayed than the
# wall-clock time by other work on the machine.
cpu() { awk -v hz="$(getconf CLK_TCK)" '{ sub(/^.*\) /, ""); printf "%.1f", ($12 + $13) / hz }' "/proc/$server_pid/stat"; }

{
	echo "=== $(date -u +%Y-%m-%dT%H:%M:%SZ) cases: $CASES, $ROWS rows, binary $KLIMASPOR"
	echo "machine: $(nproc) cores, load average $(cut -d' ' -f1-3 /proc/loadavg); commit $(git rev-parse --short HEAD 2>/dev/null || echo unknown)"
	env | grep '^KLIMASPOR_' | grep -v '^KLIMASPOR_BIN=' || true
	ls -l "$data"/*.csv "$data"/*.xlsx | awk '{ print $5, $9 }'
} | tee -a "$RESULTS"

for c in $CASES; do
	kind=indicator-values
	case $c in
	csv) file=$data/values.csv ct="text/csv; charset=utf-8" auth=(-H "Authorization: Bearer $token") ;;
	csv-anon) file=$data/values.csv ct="text/csv; charset=utf-8" auth=() ;;
	xlsx) file=$data/values.xlsx ct=application/vnd.openxmlformats-officedocument.spreadsheetml.sheet auth=(-H "Authorization: Bearer $token") ;;
	xlsx-shared-145k) file=$data/values-shared-145000.xlsx ct=application/vnd.openxmlformats-officedocument.spreadsheetml.sheet auth=(-H "Authorization: Bearer $token") ;;
	xlsx-shared-290k) file=$data/values-shared-290000.xlsx ct=application/vnd.openxmlformats-officedocument.spreadsheetml.sheet auth=(-H "Authorization: Bearer $token") ;;
	bomb-anon) file=$data/bomb.xlsx ct=application/vnd.openxmlformats-officedocument.spreadsheetml.sheet auth=() ;;
	bomb-admin) file=$data/bomb.xlsx ct=application/vnd.openxmlformats-officedocument.spreadsheetml.sheet auth=(-H "Authorization: Bearer $token") ;;
	actions) file=$data/actions-50000.csv ct="text/csv; charset=utf-8" auth=(-H "Authorization: Bearer $token") kind=actions ;;
	actions-all) file=$data/actions-440000.csv ct="text/csv; charset=utf-8" auth=(-H "Authorization: Bearer $token") kind=actions ;;
	*) log "unknown case $c" && exit 2 ;;
	esac
	cp "$data/base.db" "$OUT/case.db"
	rm -f "$OUT/case.db-wal" "$OUT/case.db-shm"
	KLIMASPOR_DB=$OUT/case.db KLIMASPOR_LOG_LEVEL=warn "$KLIMASPOR" serve --addr "127.0.0.1:$PORT" >"$OUT/serve-$c.log" 2>&1 &
	server_pid=$!
	for _ in $(seq 100); do
		curl -fsS -o /dev/null "http://127.0.0.1:$PORT/healthz" 2>/dev/null && break
		sleep 0.1
	done
	before=$(kb VmRSS)
	cpu0=$(cpu)
	start=$(date +%s.%N)
	status=$(curl -sS -o "$OUT/answer-$c.json" -w '%{http_code}' --max-time 600 -X POST \
		-H "Content-Type: $ct" "${auth[@]}" --data-binary "@$file" \
		"http://127.0.0.1:$PORT/api/v1/$kind/import" || echo "curl failed")
	secs=$(awk -v a="$start" -v b="$(date +%s.%N)" 'BEGIN { printf "%.1f", b - a }')
	cpus=$(awk -v a="$cpu0" -v b="$(cpu)" 'BEGIN { printf "%.1f", b - a }')
	peak=$(kb VmHWM)
	after=$(kb VmRSS)
	answer=$(head -c 300 "$OUT/answer-$c.json" | tr '\n' ' ')
	printf '%-17s status %s in %6ss (server CPU %6ss)  RSS before %4d MB, peak %5d MB, after %4d MB  %s\n' \
		"$c" "$status" "$secs" "$cpus" $((before / 1024)) $((peak / 1024)) $((after / 1024)) "$answer" | tee -a "$RESULTS"
	cleanup
done
