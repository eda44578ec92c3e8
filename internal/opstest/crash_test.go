package opstest

import (
	"context"
	"crypto/sha256"
	"database/sql"
	"encoding/hex"
	"encoding/json"
	"flag"
	"fmt"
	"math/rand/v2"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"sort"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	"github.com/pressly/goose/v3"
)

var (
	crashTrials = flag.Int("crash.trials", 10, "trials of TestCrash (scripts/crash.sh runs 100)")
	crashEngine = flag.String("crash.engine", "both", "the engines TestCrash runs on: sqlite, postgres or both")
	crashSeed   = flag.Uint64("crash.seed", 0, "the seed of TestCrash's kill moments (0: from the clock; printed to repeat a run)")
	crashRows   = flag.Int("crash.rows", 3000, "rows of TestCrash's imports (an import takes about half a millisecond a row here)")
)

// The crash scenarios: something is killed with SIGKILL at a random moment while it runs.
const (
	scenAPIImport = "api-import" // a large import over the API
	scenCLIImport = "cli-import" // a large import on the command line
	scenMigrate   = "migrate"    // klimaspor migrate from an older version
	scenBurst     = "burst"      // many API writes at once
)

var scenarios = []string{scenAPIImport, scenCLIImport, scenMigrate, scenBurst}

// migrateFrom is the version the migration scenario starts from: the migrations after it
// include a NO TRANSACTION table rebuild on SQLite (00020) and the search index's build.
const migrateFrom = 19

// window is how long after its start a scenario's operation is killed at most: about how
// long it takes uncut here or a little longer, so that most kills land inside it and some
// after it.
// An import of organisations takes about 0.45 ms a row on either engine on the 2-core
// machine the figures in docs/BENCHMARKS.md come from (20,000 rows: 8.6 s on SQLite, 9.9 s on
// PostgreSQL); a migration from migrateFrom with 2,000 organisations well under a second.
func window(scenario string) time.Duration {
	switch scenario {
	case scenAPIImport, scenCLIImport:
		return time.Duration(*crashRows) * 600 * time.Microsecond
	case scenMigrate:
		return time.Second
	}
	return 2 * time.Second
}

// trialResult is what one trial saw.
type trialResult struct {
	scenario, engine string
	killAfter        time.Duration // from the operation's start to SIGKILL
	finished         bool          // the operation had answered (2xx or exit 0) before the kill
	outcome          string        // imports: "all" or "none"; burst: acknowledged writes checked
	restart          time.Duration // from the restarted serve's start to /readyz
	failed           bool
}

// TestCrash kills the program with SIGKILL at a random moment during a large API import, a
// command-line import, a migration and a burst of edits, on SQLite and on PostgreSQL. After
// each kill the server restarts; SQLite's integrity_check says ok (PostgreSQL answers); an
// import is there whole or not at all; every write that got a 2xx answer is there with what
// it answered; migrations complete with the data as it was. -crash.trials sets how many
// trials (scenario × engine by the trial's number, so ten cover all eight); scripts/crash.sh
// runs 100 and prints the summary this test logs.
func TestCrash(t *testing.T) {
	if testing.Short() {
		t.Skip("the crash harness runs processes for a minute or more; not with -short")
	}
	var engines []string
	switch *crashEngine {
	case "both":
		engines = []string{"sqlite", "postgres"}
	case "sqlite", "postgres":
		engines = []string{*crashEngine}
	default:
		t.Fatalf("-crash.engine %q: want sqlite, postgres or both", *crashEngine)
	}
	seed := *crashSeed
	if seed == 0 {
		seed = uint64(time.Now().UnixNano())
	}
	t.Logf("seed %d (repeat with -crash.seed=%d)", seed, seed)
	rng := rand.New(rand.NewPCG(seed, 1))
	combos := len(scenarios) * len(engines)
	var results []trialResult
	began := time.Now()
	for i := range *crashTrials {
		c := i % combos
		scen, engine := scenarios[c/len(engines)], engines[c%len(engines)]
		kill := time.Duration(rng.Int64N(int64(window(scen))))
		var r trialResult
		t.Run(fmt.Sprintf("%03d-%s-%s", i, scen, engine), func(t *testing.T) {
			r = trialResult{scenario: scen, engine: engine, killAfter: kill}
			defer func() {
				r.failed = t.Failed()
				if t.Skipped() {
					r.scenario = "" // no PostgreSQL here: not a trial
				}
			}()
			crashTrial(t, &r, rng.Uint64())
		})
		if r.scenario != "" {
			results = append(results, r)
		}
	}
	summary := crashSummary(results, time.Since(began))
	t.Log("\n" + summary)
	if path := os.Getenv("KLIMASPOR_CRASH_SUMMARY"); path != "" {
		os.WriteFile(path, []byte(summary), 0o644)
	}
}

func crashTrial(t *testing.T, r *trialResult, seed uint64) {
	tg := newTarget(t, r.engine)
	token := adminToken(t, tg.env()) // user add migrates the fresh database first
	switch r.scenario {
	case scenAPIImport:
		crashAPIImport(t, tg, token, r)
	case scenCLIImport:
		crashCLIImport(t, tg, r)
	case scenMigrate:
		crashMigrate(t, tg, r)
	case scenBurst:
		crashBurst(t, tg, token, r, seed)
	}
}

// importFile is a generated organisations file of n rows (codes CR00001…) and the checksum
// of its natural keys as checkImport computes it.
func importFile(n int) (csv, sum string) {
	var b, keys strings.Builder
	b.WriteString("type;kode;navn\n")
	for i := 1; i <= n; i++ {
		code := fmt.Sprintf("CR%05d", i)
		fmt.Fprintf(&b, "other;%s;Nedbrudsprøve %d\n", code, i)
		fmt.Fprintf(&keys, "%s|Nedbrudsprøve %d\n", code, i)
	}
	h := sha256.Sum256([]byte(keys.String()))
	return b.String(), hex.EncodeToString(h[:])
}

// checkImport reads the imported rows back: all of them with the file's checksum, or none.
func checkImport(t *testing.T, db *sql.DB, n int, want string) string {
	rows, err := db.Query("SELECT code, name_da FROM organisations WHERE code LIKE 'CR%' ORDER BY code")
	if err != nil {
		t.Fatalf("read the imported rows: %v", err)
	}
	defer rows.Close()
	var keys []string
	for rows.Next() {
		var code, name string
		if err := rows.Scan(&code, &name); err != nil {
			t.Fatal(err)
		}
		keys = append(keys, code+"|"+name+"\n")
	}
	if err := rows.Err(); err != nil {
		t.Fatal(err)
	}
	sort.Strings(keys)
	switch len(keys) {
	case 0:
		return "none"
	case n:
		h := sha256.Sum256([]byte(strings.Join(keys, "")))
		if got := hex.EncodeToString(h[:]); got != want {
			t.Errorf("all %d rows are there but their checksum is %s, want %s", n, got, want)
		}
		return "all"
	}
	t.Errorf("%d of the import's %d rows are there: an import must be all there or not at all", len(keys), n)
	return "part"
}

// restart starts serve again after the kill, checks the database is whole and returns it.
func restart(t *testing.T, tg target, r *trialResult) *sql.DB {
	s := start(t, "restarted serve", tg.env(), "serve")
	r.restart = s.ready
	db := tg.open(t)
	tg.checkWhole(t, db)
	t.Cleanup(s.stop)
	return db
}

func crashAPIImport(t *testing.T, tg target, token string, r *trialResult) {
	csv, sum := importFile(*crashRows)
	s := start(t, "serve", tg.env(), "serve")
	answered := make(chan int, 1)
	began := time.Now()
	go func() {
		req, _ := http.NewRequest("POST", s.URL+"/api/v1/organisations/import?format=csv", strings.NewReader(csv))
		req.Header.Set("Authorization", "Bearer "+token)
		req.Header.Set("Content-Type", "text/csv")
		resp, err := http.DefaultClient.Do(req)
		if err != nil {
			answered <- 0
			return
		}
		resp.Body.Close()
		answered <- resp.StatusCode
	}()
	time.Sleep(time.Until(began.Add(r.killAfter)))
	s.kill()
	status := <-answered
	if status != 0 && status != http.StatusOK {
		t.Fatalf("the import answered %d", status)
	}
	r.finished = status == http.StatusOK
	db := restart(t, tg, r)
	r.outcome = checkImport(t, db, *crashRows, sum)
	if r.finished && r.outcome != "all" {
		t.Errorf("the import answered 200 and %s of it is there", r.outcome)
	}
}

func crashCLIImport(t *testing.T, tg target, r *trialResult) {
	csv, sum := importFile(*crashRows)
	file := filepath.Join(t.TempDir(), "organisations.csv")
	if err := os.WriteFile(file, []byte(csv), 0o644); err != nil {
		t.Fatal(err)
	}
	cmd := exec.Command(binary, "import", "--as", "admin@ops.test", "--kind", "organisations", file)
	cmd.Env = append(os.Environ(), tg.env()...)
	log := &logBuffer{}
	cmd.Stdout, cmd.Stderr = log, log
	r.finished = killAt(t, cmd, r.killAfter)
	db := restart(t, tg, r)
	r.outcome = checkImport(t, db, *crashRows, sum)
	if r.finished && r.outcome != "all" {
		t.Errorf("the import exited 0 and %s of it is there:\n%s", r.outcome, log.String())
	}
}

// killAt starts cmd and kills it with SIGKILL after d unless it ended before; it reports
// whether the command had ended well by then.
func killAt(t *testing.T, cmd *exec.Cmd, d time.Duration) (finished bool) {
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	done := make(chan error, 1)
	go func() { done <- cmd.Wait() }()
	select {
	case err := <-done:
		if err != nil {
			t.Fatalf("%s failed before the kill: %v", cmd.Args[1], err)
		}
		return true
	case <-time.After(d):
		cmd.Process.Signal(syscall.SIGKILL)
		return <-done == nil
	}
}

// migrations reads the engine's migration files from the source tree, for taking a database
// back to an older version as the one the scenario upgrades.
func migrations(t *testing.T, tg target, db *sql.DB) *goose.Provider {
	_, here, _, _ := runtime.Caller(0)
	dir := filepath.Join(filepath.Dir(here), "..", "store", "migrations", tg.engine)
	dialect := goose.DialectSQLite3
	if tg.engine == "postgres" {
		dialect = goose.DialectPostgres
	}
	p, err := goose.NewProvider(dialect, db, os.DirFS(dir))
	if err != nil {
		t.Fatal(err)
	}
	return p
}

// orgRows is every organisation's id, code and name, to compare before and after.
func orgRows(t *testing.T, db *sql.DB) string {
	rows, err := db.Query("SELECT id, code, name_da FROM organisations ORDER BY id")
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	h := sha256.New()
	n := 0
	for rows.Next() {
		var id int64
		var code, name string
		if err := rows.Scan(&id, &code, &name); err != nil {
			t.Fatal(err)
		}
		fmt.Fprintf(h, "%d|%s|%s\n", id, code, name)
		n++
	}
	return fmt.Sprintf("%d rows %x", n, h.Sum(nil)[:8])
}

func crashMigrate(t *testing.T, tg target, r *trialResult) {
	csv, _ := importFile(2000)
	file := filepath.Join(t.TempDir(), "organisations.csv")
	if err := os.WriteFile(file, []byte(csv), 0o644); err != nil {
		t.Fatal(err)
	}
	run(t, tg.env(), "", "import", "--as", "admin@ops.test", "--kind", "organisations", file)
	var before, latest string
	func() {
		db := tg.open(t)
		db.SetMaxOpenConns(1) // SQLite's NO TRANSACTION migrations need one connection
		before = orgRows(t, db)
		p := migrations(t, tg, db)
		v, err := p.GetDBVersion(context.Background())
		if err != nil {
			t.Fatal(err)
		}
		latest = fmt.Sprint(v)
		if _, err := p.DownTo(context.Background(), migrateFrom); err != nil {
			t.Fatalf("migrate down to %d: %v", migrateFrom, err)
		}
		db.Close()
	}()
	cmd := exec.Command(binary, "migrate")
	cmd.Env = append(os.Environ(), tg.env()...)
	log := &logBuffer{}
	cmd.Stdout, cmd.Stderr = log, log
	r.finished = killAt(t, cmd, r.killAfter)
	db := restart(t, tg, r) // serve migrates on start
	p := migrations(t, tg, db)
	v, err := p.GetDBVersion(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	if fmt.Sprint(v) != latest {
		t.Errorf("after the restart the database is at version %d, want %s", v, latest)
	}
	if after := orgRows(t, db); after != before {
		t.Errorf("the organisations were %s before the migration and are %s after", before, after)
	}
	r.outcome = "migrated"
}

// ack is what a 2xx answer said of one organisation, and the write sent after it whose
// answer never came (which may or may not have committed).
type ack struct {
	id, version int64
	name        string
	pending     string // the name of a PATCH sent without an answer, or ""
}

func crashBurst(t *testing.T, tg target, token string, r *trialResult, seed uint64) {
	s := start(t, "serve", tg.env(), "serve")
	c := client{base: s.URL, token: token, http: &http.Client{Timeout: time.Minute}}
	const workers = 4
	var mu sync.Mutex
	var acks []*ack
	var wg sync.WaitGroup
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	began := time.Now()
	for w := range workers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			rng := rand.New(rand.NewPCG(seed, uint64(w)))
			for i := 0; ctx.Err() == nil; i++ {
				name := fmt.Sprintf("Burst %d-%d", w, i)
				status, body, err := c.do(ctx, "POST", "/api/v1/organisations",
					fmt.Sprintf(`{"kind":"other","code":"B%d-%d","name_da":%q}`, w, i, name))
				if err != nil {
					return
				}
				if status != http.StatusCreated {
					t.Errorf("create answered %d: %s", status, body)
					return
				}
				var rec struct{ ID, Version int64 }
				json.Unmarshal(body, &rec)
				a := &ack{id: rec.ID, version: rec.Version, name: name}
				mu.Lock()
				acks = append(acks, a)
				mu.Unlock()
				for e := range 1 + rng.IntN(4) {
					next := fmt.Sprintf("%s edit %d", name, e)
					mu.Lock()
					a.pending = next
					mu.Unlock()
					status, body, err := c.do(ctx, "PATCH", fmt.Sprintf("/api/v1/organisations/%d", a.id),
						fmt.Sprintf(`{"version":%d,"name_da":%q}`, a.version, next))
					if err != nil {
						return
					}
					if status != http.StatusOK {
						t.Errorf("PATCH answered %d: %s", status, body)
						return
					}
					json.Unmarshal(body, &rec)
					mu.Lock()
					a.version, a.name, a.pending = rec.Version, next, ""
					mu.Unlock()
				}
			}
		}()
	}
	time.Sleep(time.Until(began.Add(r.killAfter)))
	s.kill()
	wg.Wait()
	db := restart(t, tg, r)
	for _, a := range acks {
		var version int64
		var name string
		if err := db.QueryRow("SELECT version, name_da FROM organisations WHERE id = $1", a.id).Scan(&version, &name); err != nil {
			t.Errorf("organisation %d (%q, version %d, answered 2xx): %v", a.id, a.name, a.version, err)
			continue
		}
		switch {
		case version == a.version && name == a.name:
		case a.pending != "" && version == a.version+1 && name == a.pending:
			// the PATCH in flight at the kill committed; its answer was lost
		default:
			t.Errorf("organisation %d is version %d %q; its last 2xx answer said version %d %q (in flight: %q)", a.id, version, name, a.version, a.name, a.pending)
		}
	}
	r.outcome = fmt.Sprintf("%d acked", len(acks))
}

// crashSummary is the table scripts/crash.sh prints and docs/BENCHMARKS.md keeps.
func crashSummary(results []trialResult, took time.Duration) string {
	type agg struct {
		n, failed, cut, all, none int
		acked                     int
		killMin, killMax          time.Duration
		restartSum, restartMax    time.Duration
	}
	aggs := map[string]*agg{}
	var keys []string
	for _, r := range results {
		k := r.scenario + " " + r.engine
		a := aggs[k]
		if a == nil {
			a = &agg{killMin: r.killAfter}
			aggs[k] = a
			keys = append(keys, k)
		}
		a.n++
		if r.failed {
			a.failed++
		}
		if !r.finished {
			a.cut++
		}
		switch r.outcome {
		case "all":
			a.all++
		case "none":
			a.none++
		}
		var acked int
		if _, err := fmt.Sscanf(r.outcome, "%d acked", &acked); err == nil {
			a.acked += acked
		}
		a.killMin, a.killMax = min(a.killMin, r.killAfter), max(a.killMax, r.killAfter)
		a.restartSum += r.restart
		a.restartMax = max(a.restartMax, r.restart)
	}
	sort.Strings(keys)
	var b strings.Builder
	fmt.Fprintf(&b, "| scenario | engine | trials | killed mid-way | killed after the answer | import: all / none | burst: 2xx writes checked | kill moment (ms) | restart to ready, mean / max (ms) | failures |\n")
	fmt.Fprintf(&b, "|---|---|---|---|---|---|---|---|---|---|\n")
	total, failed := 0, 0
	for _, k := range keys {
		a := aggs[k]
		scen, engine, _ := strings.Cut(k, " ")
		imp, burst := "", ""
		if scen == scenAPIImport || scen == scenCLIImport {
			imp = fmt.Sprintf("%d / %d", a.all, a.none)
		}
		if scen == scenBurst {
			burst = fmt.Sprint(a.acked)
		}
		fmt.Fprintf(&b, "| %s | %s | %d | %d | %d | %s | %s | %d–%d | %d / %d | %d |\n", scen, engine, a.n, a.cut, a.n-a.cut, imp, burst,
			a.killMin.Milliseconds(), a.killMax.Milliseconds(), (a.restartSum / time.Duration(a.n)).Milliseconds(), a.restartMax.Milliseconds(), a.failed)
		total += a.n
		failed += a.failed
	}
	fmt.Fprintf(&b, "\n%d trials, %d failed, in %.0f s\n", total, failed, took.Seconds())
	return b.String()
}
