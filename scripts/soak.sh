#!/usr/bin/env bash
# Soak test: the demo data set served by a fresh klimaspor process under a fixed mixed load
# (tools/soak: reads, writes and imports) for a long time, against SQLite, PostgreSQL or both
# at once, each with its own server, database and load. Prints each window's errors, latency
# percentiles and the server's resident memory, and keeps them as CSV.
#
#   scripts/soak.sh [-engine sqlite|postgres|both] [-duration 1h] [-window 5m] [-reads 20] [-writes 2] [-import-every 30s]
#
# PostgreSQL: KLIMASPOR_SOAK_POSTGRES_URL (default postgres://postgres@127.0.0.1:5432/test);
# the script makes a database of its own there and drops it at the end.
# Results: $OUT (default /tmp/klimaspor-soak-DATE)/{sqlite,postgres}.{txt,csv,log}.
set -euo pipefail
cd "$(dirname "$0")/.."

engine=both duration=1h window=5m reads=20 writes=2 import_every=30s
while [ $# -gt 0 ]; do
  case "$1" in
    -engine) engine=$2; shift 2 ;;
    -duration) duration=$2; shift 2 ;;
    -window) window=$2; shift 2 ;;
    -reads) reads=$2; shift 2 ;;
    -writes) writes=$2; shift 2 ;;
    -import-every) import_every=$2; shift 2 ;;
    *) echo "soak.sh: unknown flag $1" >&2; exit 2 ;;
  esac
done
case "$engine" in sqlite) engines=sqlite ;; postgres) engines=postgres ;; both) engines="sqlite postgres" ;;
  *) echo "soak.sh: -engine must be sqlite, postgres or both" >&2; exit 2 ;; esac

out=${OUT:-/tmp/klimaspor-soak-$(date -u +%Y%m%dT%H%M%S)}
mkdir -p "$out"
go build -o "$out/klimaspor" ./cmd/klimaspor
go build -o "$out/soak" ./tools/soak
pgbase=${KLIMASPOR_SOAK_POSTGRES_URL:-postgres://postgres@127.0.0.1:5432/test}
pgdb=klimaspor_soak_$$

pids=()
cleanup() {
  for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done
  wait 2>/dev/null || true
  if [[ " $engines " == *" postgres "* ]]; then psql "$pgbase" -qc "DROP DATABASE IF EXISTS $pgdb" >/dev/null 2>&1 || true; fi
}
trap cleanup EXIT

# soak_one ENGINE: serve the demo data on its own port and load it.
soak_one() {
  local e=$1 dbargs=() envs=()
  if [ "$e" = sqlite ]; then
    dbargs=(--db "$out/soak.db")
  else
    psql "$pgbase" -qc "DROP DATABASE IF EXISTS $pgdb" >/dev/null
    psql "$pgbase" -qc "CREATE DATABASE $pgdb" >/dev/null
    envs=("KLIMASPOR_DATABASE_URL=${pgbase%/*}/$pgdb")
  fi
  env "${envs[@]}" KLIMASPOR_ADDR=127.0.0.1:0 "$out/klimaspor" demo "${dbargs[@]}" >"$out/$e.log" 2>&1 &
  local pid=$!
  pids+=("$pid")
  local addr=""
  for _ in $(seq 1 120); do
    addr=$(sed -n 's#^Klimaspor is at http://\([^/]*\)/.*#\1#p' "$out/$e.log")
    [ -n "$addr" ] && break
    sleep 1
  done
  if [ -z "$addr" ]; then echo "soak.sh: the $e server did not start; see $out/$e.log" >&2; return 1; fi
  local token
  token=$(env "${envs[@]}" "$out/klimaspor" user token "${dbargs[@]}" --email admin@demo.klimaspor.dk --name soak --scope write --days 2)
  echo "soak.sh: $e server pid $pid at $addr; load for $duration"
  local rc=0
  "$out/soak" -base "http://$addr" -token "$token" -pid "$pid" -duration "$duration" -window "$window" \
    -reads "$reads" -writes "$writes" -import-every "$import_every" -out "$out/$e.csv" >"$out/$e.txt" || rc=$?
  kill "$pid" 2>/dev/null || true
  return $rc
}

rcs=0
jobs_=()
for e in $engines; do soak_one "$e" & jobs_+=($!); done
for j in "${jobs_[@]}"; do wait "$j" || rcs=1; done
for e in $engines; do echo "== $e"; cat "$out/$e.txt"; done
echo "results in $out"
exit $rcs
