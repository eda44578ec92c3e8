#!/usr/bin/env bash
# National-scale benchmarks of Klimaspor; docs/BENCHMARKS.md describes them and the results.
#
#   scripts/bench.sh                       # everything: sqlite pages cold postgres import import-pg gotest
#   BENCH_STEPS="sqlite import" scripts/bench.sh
#
# Steps:
#   sqlite    klimaspor gen --scale national into a SQLite file (timed), klimaspor serve on it,
#             tools/load against both queries, with the answer cache on and then off
#   pages     on the sqlite step's database, with the page cache off (KLIMASPOR_WEB_CACHE_MB=0):
#             each page type of $BENCH_PAGES alone at 1 client for $BENCH_PAGE_DURATION;
#             then with the page cache on, warm, at $BENCH_CLIENTS clients: the front page, the
#             municipality pages and the static style sheet (the baseline the issue compares
#             the cached pages' throughput with)
#   cold      a fresh server on the sqlite step's database, hit by $BENCH_COLD_CLIENTS clients at
#             once, each asking once for $BENCH_COLD_PATH with gzip (a cold page cache: every
#             client misses it together); $BENCH_COLD_ROUNDS fresh servers, one RESULT line each;
#             then one warm server, $BENCH_COLD_ROUNDS times: the page cached, the data version
#             raised from another process (as every committed write does), the clients at once
#   postgres  the same on a fresh PostgreSQL database ($BENCH_PG_URL/klimaspor_bench)
#   import    a CSV of $BENCH_IMPORT_ROWS indicator values, imported with klimaspor import into
#             a SQLite database holding the data set without values (timed); the ceiling:
#             the C sqlite3 shell's .import of the same file into plain tables, and its
#             INSERT … SELECT from there into the real indicator_values table
#   import-pg the same CSV imported with klimaspor import into a fresh PostgreSQL database
#             ($BENCH_PG_URL/klimaspor_import) holding the data set without values (timed);
#             run the import step first (it writes the CSV)
#   search    the full-text search (issue 15) with the answer cache off: /api/v1/library/search
#             and /api/v1/search with each of $BENCH_SEARCH_QUERIES, at $BENCH_CLIENTS clients,
#             on the sqlite step's database and, when it is there, the postgres step's
#   gotest    go test -bench in internal/gen (uses the databases of the steps above)
#
# Settings (environment): BENCH_DIR (work files, default /tmp/klimaspor-bench), BENCH_PORT
# (18080), BENCH_CLIENTS (32), BENCH_SWEEP (further client counts to measure, "1 8"),
# BENCH_DURATION (20s per measurement), BENCH_WARMUP (3s), BENCH_IMPORT_ROWS
# (1000000), BENCH_PAGES (the page types of the pages step, space-separated),
# BENCH_PAGE_DURATION (10s per page type), BENCH_COLD_CLIENTS (64), BENCH_COLD_PATH (/kommuner/101), BENCH_COLD_ROUNDS (5), BENCH_PG_URL (postgres://postgres@127.0.0.1:5432), KLIMASPOR_BIN (a klimaspor
# binary to use instead of building ./cmd/klimaspor), BENCH_KEEP=1 keeps the PostgreSQL
# database afterwards. Results are appended to $BENCH_DIR/results.txt.
set -euo pipefail
cd "$(dirname "$0")/.."

OUT=${BENCH_DIR:-/tmp/klimaspor-bench}
PORT=${BENCH_PORT:-18080}
CLIENTS=${BENCH_CLIENTS:-32}
DURATION=${BENCH_DURATION:-20s}
WARMUP=${BENCH_WARMUP:-3s}
ROWS=${BENCH_IMPORT_ROWS:-1000000}
PG_URL=${BENCH_PG_URL:-postgres://postgres@127.0.0.1:5432}
PG_DB=klimaspor_bench
PG_BENCH_URL="$PG_URL/$PG_DB?sslmode=disable"
COLD_CLIENTS=${BENCH_COLD_CLIENTS:-64}
COLD_PATH=${BENCH_COLD_PATH:-/kommuner/101}
COLD_ROUNDS=${BENCH_COLD_ROUNDS:-5}
STEPS=${BENCH_STEPS:-sqlite pages cold postgres search import import-pg gotest}
# The search step's queries (no commas: tools/load splits its paths at them).
SEARCH_QUERIES=${BENCH_SEARCH_QUERIES:-energi klima%2A affald+genanvendelse cykelstier groen+omstilling}
PAGE_DURATION=${BENCH_PAGE_DURATION:-10s}
# One of each page type a reader meets; {municipality} is every municipality's code in turn.
DEFAULT_PAGES='/ /kommuner/{municipality} /indsatser /indsatser/1 /noegletal/gen-ind-001 /sammenlign /paa-tvaers /paa-tvaers/kort /paa-tvaers/udvikling /paa-tvaers/sammenlign /kommuner/{municipality}/klimaregnskab /rapportering'
PAGES=${BENCH_PAGES:-$DEFAULT_PAGES}
RESULTS=$OUT/results.txt

mkdir -p "$OUT"
server_pid=""
cleanup() {
	if [[ -n $server_pid ]]; then kill "$server_pid" 2>/dev/null || true; wait "$server_pid" 2>/dev/null || true; fi
}
trap cleanup EXIT

log() { echo "bench: $*" >&2; }
result() { echo "$*" | tee -a "$RESULTS"; }
now() { date +%s.%N; }
since() { awk -v a="$1" -v b="$(now)" 'BEGIN { printf "%.2f", b - a }'; }

# --- build -------------------------------------------------------------------------------
log "building into $OUT"
if [[ -n ${KLIMASPOR_BIN:-} ]]; then
	KLIMASPOR=$KLIMASPOR_BIN
else
	go build -o "$OUT/klimaspor" ./cmd/klimaspor
	KLIMASPOR=$OUT/klimaspor
fi
go build -o "$OUT/load" ./tools/load
go build -o "$OUT/benchdata" ./tools/benchdata
if ! "$KLIMASPOR" gen --help >/dev/null 2>&1; then
	log "$KLIMASPOR has no gen command (klimaspor gen --db PATH --scale national); set KLIMASPOR_BIN to one that has"
	exit 1
fi

{
	echo "=== $(date -u +%Y-%m-%dT%H:%M:%SZ) steps: $STEPS"
	echo "machine: $(nproc) cores, $(free -g | awk '/^Mem:/ { print $2 }') GiB memory, $(uname -sr), $(go version | cut -d' ' -f3-4)"
	echo "sqlite3 $(sqlite3 --version | cut -d' ' -f1), $(psql --version), load average $(cut -d' ' -f1-3 /proc/loadavg)"
	dirty=$(git status --porcelain 2>/dev/null | awk '{ printf " %s", $2 }')
	echo "code: commit $(git rev-parse --short HEAD 2>/dev/null || echo unknown)${dirty:+, uncommitted changes in:$dirty}"
} | tee -a "$RESULTS"

# serve starts klimaspor serve (with the environment given as arguments) and waits for it.
serve() {
	if curl -fsS -o /dev/null "http://127.0.0.1:$PORT/healthz" 2>/dev/null; then
		log "something already answers on port $PORT; set BENCH_PORT"
		exit 1
	fi
	env "$@" KLIMASPOR_LOG_LEVEL=warn "$KLIMASPOR" serve --addr "127.0.0.1:$PORT" >"$OUT/serve.log" 2>&1 &
	server_pid=$!
	for _ in $(seq 1 100); do
		if curl -fsS -o /dev/null "http://127.0.0.1:$PORT/readyz" 2>/dev/null; then return; fi
		sleep 0.2
	done
	log "the server did not come up; see $OUT/serve.log"
	exit 1
}

# rss records the server's resident memory now and at its peak (VmRSS, VmHWM), in MB.
rss() {
	local what=$1
	result "RSS $what $(awk '/^VmRSS:/ { r = $2 } /^VmHWM:/ { h = $2 } END { printf "rss_mb=%.0f peak_mb=%.0f", r / 1024, h / 1024 }' "/proc/$server_pid/status")"
}

stop_server() {
	kill "$server_pid"
	wait "$server_pid" 2>/dev/null || true
	server_pid=""
}

# load_both runs tools/load for both queries, with $CLIENTS clients and then with each
# number of clients in $BENCH_SWEEP, and records the RESULT lines.
load_both() {
	local engine=$1 cache=$2
	for c in $CLIENTS ${BENCH_SWEEP-1 8}; do
		for q in actions series; do
			log "$engine, answer cache $cache: $q, $c clients, $DURATION"
			"$OUT/load" -base "http://127.0.0.1:$PORT" -query "$q" -c "$c" -duration "$DURATION" -warmup "$WARMUP" |
				grep '^RESULT' | sed "s/^RESULT/RESULT engine=$engine cache=$cache/" | tee -a "$RESULTS"
		done
	done
}

# serve_and_load measures with the server's answer cache at its default size and then
# turned off (KLIMASPOR_API_CACHE_MB=0), so that every request runs its queries.
serve_and_load() {
	local engine=$1
	shift
	for cache in on off; do
		local mb=""
		if [[ $cache == off ]]; then mb=0; fi
		serve "$@" KLIMASPOR_API_CACHE_MB="$mb"
		load_both "$engine" "$cache"
		rss "engine=$engine api_cache=$cache"
		stop_server
	done
}

# --- SQLite --------------------------------------------------------------------------------
step_sqlite() {
	rm -f "$OUT/national.db" "$OUT/national.db-wal" "$OUT/national.db-shm"
	log "sqlite: generating the national data set into $OUT/national.db"
	local t
	t=$(now)
	"$KLIMASPOR" gen --db "$OUT/national.db" --scale national 2>&1 | tee "$OUT/gen-sqlite.log" | grep -E '^gen: (done|[0-9]+ organisations)' >&2 || true
	result "GEN engine=sqlite seconds=$(since "$t") $(grep '^gen: done' "$OUT/gen-sqlite.log" | sed 's/^gen: done: //')"
	result "SIZE engine=sqlite bytes=$(stat -c %s "$OUT/national.db")"
	serve_and_load sqlite KLIMASPOR_DB="$OUT/national.db"
}

# --- pages, uncached and warm ------------------------------------------------------------
step_pages() {
	if [[ ! -f $OUT/national.db ]]; then
		log "pages: no $OUT/national.db; run the sqlite step first"
		exit 1
	fi
	serve KLIMASPOR_DB="$OUT/national.db" KLIMASPOR_WEB_CACHE_MB=0
	for p in $PAGES; do
		log "pages: $p, page cache off, 1 client, $PAGE_DURATION"
		"$OUT/load" -base "http://127.0.0.1:$PORT" -query pages -path "$p" -c 1 -duration "$PAGE_DURATION" -warmup 1s |
			grep '^RESULT' | sed "s#^RESULT#RESULT engine=sqlite page_cache=off page=$p#" | tee -a "$RESULTS"
	done
	rss "engine=sqlite page_cache=off"
	stop_server
	serve KLIMASPOR_DB="$OUT/national.db"
	local css
	css=$(curl -fsS "http://127.0.0.1:$PORT/" | grep -o '/static/site[^"]*\.css' | head -1)
	for p in / "/kommuner/{municipality}" "$css"; do
		log "pages: $p, page cache on (warm), $CLIENTS clients, $DURATION"
		"$OUT/load" -base "http://127.0.0.1:$PORT" -query pages -path "$p" -c "$CLIENTS" -duration "$DURATION" -warmup "$WARMUP" -gzip |
			grep '^RESULT' | sed "s#^RESULT#RESULT engine=sqlite page_cache=on page=$p#" | tee -a "$RESULTS"
	done
	rss "engine=sqlite page_cache=on"
	stop_server
}

# --- cold cache ----------------------------------------------------------------------------
# A fresh server's page cache is empty, as every page's entry is after a write: the clients
# that ask for a page before its first render is kept all miss together.
step_cold() {
	if [[ ! -f $OUT/national.db ]]; then
		log "cold: no $OUT/national.db; run the sqlite step first"
		exit 1
	fi
	for round in $(seq 1 "$COLD_ROUNDS"); do
		serve KLIMASPOR_DB="$OUT/national.db"
		log "cold: round $round, $COLD_CLIENTS clients at once on $COLD_PATH"
		"$OUT/load" -base "http://127.0.0.1:$PORT" -query pages -path "$COLD_PATH" -c "$COLD_CLIENTS" -n "$COLD_CLIENTS" \
			-warmup 0 -duration 60s -gzip | grep '^RESULT' | sed "s/^RESULT/RESULT engine=sqlite cold=$round/" | tee -a "$RESULTS"
		stop_server
	done
	serve KLIMASPOR_DB="$OUT/national.db"
	for round in $(seq 1 "$COLD_ROUNDS"); do
		for _ in 1 2 3; do curl -fsS -o /dev/null "http://127.0.0.1:$PORT$COLD_PATH"; done
		sqlite3 "$OUT/national.db" 'UPDATE data_version SET n = n + 1 WHERE id = 1'
		log "cold: after a write, round $round, $COLD_CLIENTS clients at once on $COLD_PATH"
		"$OUT/load" -base "http://127.0.0.1:$PORT" -query pages -path "$COLD_PATH" -c "$COLD_CLIENTS" -n "$COLD_CLIENTS" \
			-warmup 0 -duration 60s -gzip | grep '^RESULT' | sed "s/^RESULT/RESULT engine=sqlite afterwrite=$round/" | tee -a "$RESULTS"
	done
	rss "engine=sqlite after_writes=$COLD_ROUNDS"
	stop_server
}

# --- PostgreSQL ----------------------------------------------------------------------------
step_postgres() {
	log "postgres: recreating database $PG_DB"
	psql -q "$PG_URL/postgres?sslmode=disable" -c "DROP DATABASE IF EXISTS $PG_DB" -c "CREATE DATABASE $PG_DB"
	log "postgres: generating the national data set"
	local t
	t=$(now)
	KLIMASPOR_DATABASE_URL=$PG_BENCH_URL "$KLIMASPOR" gen --scale national 2>&1 | tee "$OUT/gen-postgres.log" | grep -E '^gen: (done|[0-9]+ organisations)' >&2 || true
	result "GEN engine=postgres seconds=$(since "$t") $(grep '^gen: done' "$OUT/gen-postgres.log" | sed 's/^gen: done: //')"
	psql -q "$PG_BENCH_URL" -c "VACUUM ANALYZE"
	result "SIZE engine=postgres bytes=$(psql -Atq "$PG_BENCH_URL" -c "SELECT pg_database_size('$PG_DB')")"
	serve_and_load postgres KLIMASPOR_DATABASE_URL="$PG_BENCH_URL"
}

# --- full-text search ------------------------------------------------------------------------
search_load() {
	local engine=$1 paths=""
	for q in $SEARCH_QUERIES; do
		paths+="/api/v1/library/search?q=$q,/api/v1/search?q=$q,"
	done
	log "search: $engine, answer cache off, $CLIENTS clients, $DURATION"
	"$OUT/load" -base "http://127.0.0.1:$PORT" -query pages -path "${paths%,}" -c "$CLIENTS" -duration "$DURATION" -warmup "$WARMUP" |
		grep '^RESULT' | sed "s/^RESULT/RESULT engine=$engine search=1/" | tee -a "$RESULTS"
}

step_search() {
	if [[ -f $OUT/national.db ]]; then
		serve KLIMASPOR_DB="$OUT/national.db" KLIMASPOR_API_CACHE_MB=0
		search_load sqlite
		stop_server
	fi
	if psql -Atq "$PG_BENCH_URL" -c 'SELECT 1' >/dev/null 2>&1; then
		serve KLIMASPOR_DATABASE_URL="$PG_BENCH_URL" KLIMASPOR_API_CACHE_MB=0
		search_load postgres
		stop_server
	fi
}

# --- import --------------------------------------------------------------------------------
step_import() {
	local csv=$OUT/values.csv base=$OUT/import-base.db db=$OUT/import.db t
	rm -f "$OUT"/import-base.db* "$OUT"/import.db* "$OUT"/ceiling*.db*
	log "import: writing $ROWS rows to $csv and the base database $base"
	"$OUT/benchdata" -scale national -rows "$ROWS" -csv "$csv" -base-db "$base"
	sqlite3 "$base" 'PRAGMA wal_checkpoint(TRUNCATE)' >/dev/null
	cp "$base" "$db"
	result "CSV rows=$ROWS bytes=$(stat -c %s "$csv")"

	log "import: klimaspor import --kind indicator-values"
	"$KLIMASPOR" user add --db "$db" --email bench@localhost --role admin >/dev/null
	t=$(now)
	"$KLIMASPOR" import --db "$db" --as bench@localhost --kind indicator-values "$csv" | tee "$OUT/import.log" >&2
	local s
	s=$(since "$t")
	result "IMPORT tool=klimaspor rows=$ROWS seconds=$s rows_per_s=$(awk -v n="$ROWS" -v s="$s" 'BEGIN { printf "%.0f", n / s }') stored=$(sqlite3 "$db" 'SELECT COUNT(*) FROM indicator_values')"

	# The ceiling: the C sqlite3 shell reading the same file into a table of the same nine
	# text columns, first without and then with the real table's two indexes.
	for variant in plain indexed; do
		local idx=""
		if [[ $variant == indexed ]]; then
			idx="CREATE UNIQUE INDEX v_key ON v (indikator, organisation, periode, opdeling); CREATE INDEX v_org ON v (organisation, opdeling, indikator);"
		fi
		rm -f "$OUT/ceiling.db" "$OUT/ceiling.db-wal" "$OUT/ceiling.db-shm"
		t=$(now)
		sqlite3 "$OUT/ceiling.db" >/dev/null <<-SQL
			PRAGMA journal_mode = WAL;
			PRAGMA synchronous = NORMAL;
			CREATE TABLE v (indikator text, organisation text, periode text, opdeling text, vaerdi text,
			    kilde text, note text, udgivet text, eksempel text);
			$idx
			.mode csv
			.separator ";" "\n"
			.import --skip 1 $csv v
		SQL
		s=$(since "$t")
		result "IMPORT tool=sqlite3-$variant rows=$ROWS seconds=$s rows_per_s=$(awk -v n="$ROWS" -v s="$s" 'BEGIN { printf "%.0f", n / s }') stored=$(sqlite3 "$OUT/ceiling.db" 'SELECT COUNT(*) FROM v')"
	done

	# And the C sqlite3 shell writing the real indicator_values table of the base database
	# (codes looked up, foreign keys checked): what the engine can do with our schema.
	cp "$base" "$OUT/ceiling-real.db"
	t=$(now)
	sqlite3 "$OUT/ceiling-real.db" >/dev/null <<-SQL
		PRAGMA journal_mode = WAL;
		PRAGMA synchronous = NORMAL;
		PRAGMA foreign_keys = 1;
		CREATE TEMP TABLE v (indikator text, organisation text, periode text, opdeling text, vaerdi text,
		    kilde text, note text, udgivet text, eksempel text);
		.mode csv
		.separator ";" "\n"
		.import --skip 1 $csv v
		BEGIN;
		INSERT INTO indicator_values (indicator_id, organisation_id, period, period_kind, period_year, breakdown,
		    value, source, note, vintage, example, version, created_at, updated_at)
		SELECT i.id, o.id, v.periode, 'year', CAST(v.periode AS INTEGER), v.opdeling,
		    CAST(REPLACE(v.vaerdi, ',', '.') AS REAL), v.kilde, NULLIF(v.note, ''), v.udgivet, v.eksempel = 'ja', 1,
		    strftime('%Y-%m-%dT%H:%M:%SZ', 'now'), strftime('%Y-%m-%dT%H:%M:%SZ', 'now')
		FROM v JOIN indicators i ON i.code = v.indikator JOIN organisations o ON o.code = v.organisation;
		COMMIT;
	SQL
	s=$(since "$t")
	result "IMPORT tool=sqlite3-real-table rows=$ROWS seconds=$s rows_per_s=$(awk -v n="$ROWS" -v s="$s" 'BEGIN { printf "%.0f", n / s }') stored=$(sqlite3 "$OUT/ceiling-real.db" 'SELECT COUNT(*) FROM indicator_values')"
}

# --- import into PostgreSQL ----------------------------------------------------------------
step_import_pg() {
	local csv=$OUT/values.csv db=klimaspor_import t s
	local url="$PG_URL/$db?sslmode=disable"
	log "import-pg: recreating database $db with the data set without values"
	psql -q "$PG_URL/postgres?sslmode=disable" -c "DROP DATABASE IF EXISTS $db" -c "CREATE DATABASE $db"
	"$OUT/benchdata" -scale national -rows 0 -base-url "$url"
	KLIMASPOR_DATABASE_URL="$url" "$KLIMASPOR" user add --email bench@localhost --role admin >/dev/null
	log "import-pg: klimaspor import --kind indicator-values"
	t=$(now)
	KLIMASPOR_DATABASE_URL="$url" "$KLIMASPOR" import --as bench@localhost --kind indicator-values "$csv" | tee "$OUT/import-pg.log" >&2
	s=$(since "$t")
	result "IMPORT tool=klimaspor engine=postgres rows=$ROWS seconds=$s rows_per_s=$(awk -v n="$ROWS" -v s="$s" 'BEGIN { printf "%.0f", n / s }') stored=$(psql -Atq "$url" -c 'SELECT COUNT(*) FROM indicator_values')"
	if [[ -z ${BENCH_KEEP:-} ]]; then
		psql -q "$PG_URL/postgres?sslmode=disable" -c "DROP DATABASE IF EXISTS $db"
	fi
}

# --- go test -bench ------------------------------------------------------------------------
step_gotest() {
	log "go test -bench (internal/gen)"
	local env=(KLIMASPOR_BENCH_DB="$OUT/national.db")
	if [[ $STEPS == *postgres* ]] || psql -Atq "$PG_BENCH_URL" -c 'SELECT 1' >/dev/null 2>&1; then
		env+=(KLIMASPOR_BENCH_DATABASE_URL="$PG_BENCH_URL")
	fi
	env "${env[@]}" go test -run '^$' -bench 'API|Search' -benchtime 3s ./internal/gen | grep '^Benchmark' | sed 's/^/GOBENCH /' | tee -a "$RESULTS"
	go test -run '^$' -bench 'GenerateSmall|Values' -benchtime 1x ./internal/gen | grep '^Benchmark' | sed 's/^/GOBENCH /' | tee -a "$RESULTS"
	# /indsatser with the page cache off (issue 14); generates its own national records
	# unless the databases above hold a nation.
	env "${env[@]}" go test -run '^$' -bench 'ActionsList' -benchtime 2s -count 2 ./internal/gen | grep '^Benchmark' | sed 's/^/GOBENCH /' | tee -a "$RESULTS"
}

for s in $STEPS; do
	"step_${s//-/_}"
done

if [[ -z ${BENCH_KEEP:-} && $STEPS == *postgres* ]]; then
	psql -q "$PG_URL/postgres?sslmode=disable" -c "DROP DATABASE IF EXISTS $PG_DB"
fi
log "done; results in $RESULTS"
