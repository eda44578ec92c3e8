// Package store keeps Klimaspor's records in SQLite (the embedded default) or PostgreSQL
// (the scale-out engine). Both engines run the same hand-written SQL with $n placeholders;
// the few differences sit in the engine struct.
package store

import (
	"context"
	"database/sql"
	"embed"
	"errors"
	"fmt"
	"io/fs"
	"net/url"
	"runtime"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	_ "github.com/jackc/pgx/v5/stdlib" // registers "pgx"
	"github.com/pressly/goose/v3"
	"github.com/pressly/goose/v3/lock"
	_ "modernc.org/sqlite" // registers "sqlite"
)

//go:embed migrations
var migrations embed.FS

// Config says which database to use: URL (postgres://…) wins over Path (a SQLite file).
type Config struct {
	Path string
	URL  string
}

// DB is an open database.
type DB struct {
	engine  string // "sqlite" or "postgres"
	w       *sql.DB
	r       *sql.DB // readers; the same pool as w on PostgreSQL
	stmts   *stmtCache
	selects sync.Map // resource name → column list of its queries
	// keyed: the schema has the stored sort keys (migration 00025), which the store then
	// writes and lists by (collate.go). Until then, a database Open leaves unmigrated
	// (or a test takes back to an older version) is written and sorted as before.
	keyed atomic.Bool
	// searchable: the schema has the search index (migration 00031), which writes then
	// keep (search.go).
	searchable atomic.Bool
}

// Open connects to the database named by cfg. It does not migrate.
func Open(ctx context.Context, cfg Config) (*DB, error) {
	if cfg.URL != "" {
		if !strings.HasPrefix(cfg.URL, "postgres://") && !strings.HasPrefix(cfg.URL, "postgresql://") {
			return nil, fmt.Errorf("store: database URL must start with postgres://")
		}
		db, err := sql.Open("pgx", cfg.URL)
		if err != nil {
			return nil, fmt.Errorf("store: open postgres: %w", err)
		}
		db.SetMaxOpenConns(32)
		db.SetMaxIdleConns(32)
		db.SetConnMaxIdleTime(5 * time.Minute)
		if err := db.PingContext(ctx); err != nil {
			db.Close()
			return nil, fmt.Errorf("store: connect to postgres: %w", err)
		}
		return withSortKeys(ctx, &DB{engine: "postgres", w: db, r: db, stmts: newStmtCache(db)}), nil
	}
	if cfg.Path == "" {
		return nil, errors.New("store: no database given")
	}
	// busy_timeout must come before journal_mode, or opening a busy database fails at once.
	// _time_format=sqlite keeps SQLite's date functions able to read what we write.
	q := url.Values{}
	q.Add("_pragma", "busy_timeout(10000)")
	q.Add("_pragma", "journal_mode(WAL)")
	q.Add("_pragma", "synchronous(NORMAL)")
	q.Add("_pragma", "foreign_keys(1)")
	// 4 MB of pages per connection (five of them): 32 MB each held 160 MB at national scale,
	// most of the server's memory, and measured no faster, as the file's pages stay in the
	// operating system's cache either way (issue 14's memory goal, docs/BENCHMARKS.md).
	q.Add("_pragma", "cache_size(-4000)")
	q.Add("_pragma", "temp_store(memory)") // multi-row upserts keep a statement journal
	q.Set("_time_format", "sqlite")
	dsnBase := "file:" + cfg.Path + "?" + q.Encode()
	w, err := sql.Open("sqlite", dsnBase+"&_txlock=immediate")
	if err != nil {
		return nil, fmt.Errorf("store: open %s: %w", cfg.Path, err)
	}
	// One writer: SQLite allows one at a time, and queueing in Go beats spinning on SQLITE_BUSY.
	w.SetMaxOpenConns(1)
	if err := w.PingContext(ctx); err != nil {
		w.Close()
		return nil, fmt.Errorf("store: open %s: %w", cfg.Path, err)
	}
	r, err := sql.Open("sqlite", dsnBase)
	if err != nil {
		w.Close()
		return nil, fmt.Errorf("store: open %s: %w", cfg.Path, err)
	}
	n := readers()
	r.SetMaxOpenConns(n)
	r.SetMaxIdleConns(n)
	return withSortKeys(ctx, &DB{engine: "sqlite", w: w, r: r, stmts: newStmtCache(r)}), nil
}

// readers is the size of SQLite's pool of reader connections.
func readers() int { return max(4, runtime.NumCPU()*2) }

// Readers is how many reads at once a burst may spread over fresh connections: SQLite's
// reader pool, and as many of PostgreSQL's larger pool.
func (db *DB) Readers() int { return readers() }

// Engine names the engine: "sqlite" or "postgres".
func (db *DB) Engine() string { return db.engine }

// Close closes the connections.
func (db *DB) Close() error {
	db.stmts.close()
	err := db.w.Close()
	if db.r != db.w {
		err = errors.Join(err, db.r.Close())
	}
	return err
}

// Ping checks that the database answers; /readyz uses it.
func (db *DB) Ping(ctx context.Context) error {
	var one int
	return db.r.QueryRowContext(ctx, "SELECT 1").Scan(&one)
}

func (db *DB) dialect() goose.Dialect {
	if db.engine == "postgres" {
		return goose.DialectPostgres
	}
	return goose.DialectSQLite3
}

func (db *DB) migrationsFS() (fs.FS, error) {
	return fs.Sub(migrations, "migrations/"+db.engine)
}

// Migrate applies every migration not yet applied. On PostgreSQL a session advisory lock
// lets several app servers start at once.
func (db *DB) Migrate(ctx context.Context) error {
	p, err := db.provider()
	if err != nil {
		return err
	}
	if _, err := p.Up(ctx); err != nil {
		db.undoFailedMigration(ctx)
		return fmt.Errorf("store: migrate: %w", err)
	}
	db.probeSortKeys(ctx)
	if err := db.fillSortKeys(ctx); err != nil {
		return err
	}
	return db.buildSearch(ctx)
}

// undoFailedMigration cleans up after a SQLite migration that runs its own transaction with
// foreign keys off (-- +goose NO TRANSACTION, as 00005 must) and failed halfway: it would
// leave both on the writer's one connection. Rolling back keeps the database as it was.
func (db *DB) undoFailedMigration(ctx context.Context) {
	if db.engine != "sqlite" {
		return
	}
	db.w.ExecContext(ctx, "ROLLBACK") // fails harmlessly when no transaction is open
	db.w.ExecContext(ctx, "PRAGMA foreign_keys = ON")
}

// MigrationStatus lists each migration's version and whether it is applied.
func (db *DB) MigrationStatus(ctx context.Context) ([]string, error) {
	p, err := db.provider()
	if err != nil {
		return nil, err
	}
	st, err := p.Status(ctx)
	if err != nil {
		return nil, fmt.Errorf("store: migration status: %w", err)
	}
	var out []string
	for _, s := range st {
		out = append(out, fmt.Sprintf("%05d %s %s", s.Source.Version, s.State, s.Source.Path))
	}
	return out, nil
}

func (db *DB) provider() (*goose.Provider, error) {
	fsys, err := db.migrationsFS()
	if err != nil {
		return nil, err
	}
	var opts []goose.ProviderOption
	if db.engine == "postgres" {
		locker, err := lock.NewPostgresSessionLocker()
		if err != nil {
			return nil, fmt.Errorf("store: migration lock: %w", err)
		}
		opts = append(opts, goose.WithSessionLocker(locker))
	}
	p, err := goose.NewProvider(db.dialect(), db.w, fsys, opts...)
	if err != nil {
		return nil, fmt.Errorf("store: migrations: %w", err)
	}
	return p, nil
}

// Tx is one write transaction. Everything done through it is kept or dropped together.
//
// Its methods take a context for symmetry with DB's, but run under the transaction's own:
// a client that hangs up must not leave half a transaction behind, nor a SQLite connection
// stuck in an interrupted state.
type Tx struct {
	db   *DB
	tx   *sql.Tx
	conn *sql.Conn // the connection tx runs on
	ctx  context.Context
	now  string
	// valueStmts holds the prepared full-batch value INSERTs by their ON CONFLICT clause:
	// an import writes in many calls, and preparing a statement of 5,500 parameters for each
	// of them cost about 2% of the import. They close with the transaction.
	valueStmts map[string]*sql.Stmt
}

// Tx runs fn in a write transaction, committing if fn returns nil. Writes run without the
// caller's cancellation (a client that hangs up must not leave a half-used SQLite
// connection behind) but with their own time limit.
func (db *DB) Tx(ctx context.Context, fn func(tx *Tx) error) error {
	ctx, cancel := context.WithTimeout(context.WithoutCancel(ctx), 10*time.Minute)
	defer cancel()
	// The transaction runs on a connection of its own, so that bulk writes can reach the
	// driver's connection inside it (PostgreSQL's COPY).
	conn, err := db.w.Conn(ctx)
	if err != nil {
		return fmt.Errorf("store: connect: %w", err)
	}
	defer conn.Close()
	sqlTx, err := conn.BeginTx(ctx, nil)
	if err != nil {
		return fmt.Errorf("store: begin: %w", err)
	}
	tx := &Tx{db: db, tx: sqlTx, conn: conn, ctx: ctx, now: time.Now().UTC().Format(time.RFC3339)}
	if err := fn(tx); err != nil {
		sqlTx.Rollback()
		return err
	}
	if _, err := sqlTx.ExecContext(ctx, "UPDATE data_version SET n = n + 1 WHERE id = 1"); err != nil {
		sqlTx.Rollback()
		return fmt.Errorf("store: raise data version: %w", err)
	}
	if err := sqlTx.Commit(); err != nil {
		return fmt.Errorf("store: commit: %w", err)
	}
	return nil
}

// AsOf dates the transaction's following writes (created_at, updated_at, the audit trail,
// kept report versions) t instead of now: for loading history, such as the demo's past
// reporting rounds, whose reports were submitted and approved on the days the sources give.
func (tx *Tx) AsOf(t time.Time) { tx.now = t.UTC().Format(time.RFC3339) }

// querier is what both *sql.DB and *sql.Tx offer.
type querier interface {
	QueryContext(ctx context.Context, query string, args ...any) (*sql.Rows, error)
	QueryRowContext(ctx context.Context, query string, args ...any) *sql.Row
	ExecContext(ctx context.Context, query string, args ...any) (sql.Result, error)
}

// ilike is the engine's case-insensitive LIKE. SQLite's LIKE folds ASCII only, so Danish
// letters must be matched in the case they are written.
func (db *DB) ilike() string {
	if db.engine == "postgres" {
		return "ILIKE"
	}
	return "LIKE"
}

// reader is what read queries outside a transaction go through.
func (db *DB) reader() querier { return db.stmts }

// stmtCache keeps a prepared statement per query text for the reader pool: preparing is a
// good part of a small query's cost, and the set of query texts is small (one per
// resource, filter combination and sort).
type stmtCache struct {
	db *sql.DB
	mu sync.Mutex
	m  map[string]*sql.Stmt
	n  atomic.Int64 // queries run, for ReadCount
}

// ReadCount is how many queries the reader has run through the statement cache since Open:
// every list, get, child rows of either, and the data version. Tests count a page's reads
// with it (the difference before and after one request), to pin that a page reads its lists
// once rather than once per row.
func (db *DB) ReadCount() int64 { return db.stmts.n.Load() }

// maxStmts bounds the cache; queries beyond it are prepared each time.
const maxStmts = 1000

func newStmtCache(db *sql.DB) *stmtCache { return &stmtCache{db: db, m: map[string]*sql.Stmt{}} }

func (c *stmtCache) stmt(ctx context.Context, q string) (*sql.Stmt, error) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if st, ok := c.m[q]; ok {
		return st, nil
	}
	if len(c.m) >= maxStmts {
		return nil, nil
	}
	// Prepared without the request's context: the statement outlives the request.
	st, err := c.db.PrepareContext(context.WithoutCancel(ctx), q)
	if err != nil {
		return nil, err
	}
	c.m[q] = st
	return st, nil
}

func (c *stmtCache) QueryContext(ctx context.Context, q string, args ...any) (*sql.Rows, error) {
	c.n.Add(1)
	st, err := c.stmt(ctx, q)
	if err != nil {
		return nil, err
	}
	if st == nil {
		return c.db.QueryContext(ctx, q, args...)
	}
	return st.QueryContext(ctx, args...)
}

func (c *stmtCache) QueryRowContext(ctx context.Context, q string, args ...any) *sql.Row {
	c.n.Add(1)
	st, err := c.stmt(ctx, q)
	if err != nil || st == nil {
		return c.db.QueryRowContext(ctx, q, args...)
	}
	return st.QueryRowContext(ctx, args...)
}

func (c *stmtCache) ExecContext(ctx context.Context, q string, args ...any) (sql.Result, error) {
	return c.db.ExecContext(ctx, q, args...)
}

func (c *stmtCache) close() {
	c.mu.Lock()
	defer c.mu.Unlock()
	for _, st := range c.m {
		st.Close()
	}
	c.m = map[string]*sql.Stmt{}
}

// DataVersion is a number that changes whenever any write transaction commits, in this
// process or another. Cached answers are valid as long as it stays the same.
func (db *DB) DataVersion(ctx context.Context) (int64, error) {
	var n int64
	if err := db.stmts.QueryRowContext(ctx, "SELECT n FROM data_version WHERE id = 1").Scan(&n); err != nil {
		return 0, fmt.Errorf("store: data version: %w", err)
	}
	return n, nil
}

// Pools are the database's connection pools by name, for the metrics: SQLite's "writer"
// (one connection) and "readers"; PostgreSQL's one "pool".
func (db *DB) Pools() map[string]*sql.DB {
	if db.r == db.w {
		return map[string]*sql.DB{"pool": db.w}
	}
	return map[string]*sql.DB{"writer": db.w, "readers": db.r}
}

// SchemaVersion reports the newest migration applied to the database (0 before any) and the
// newest this binary embeds. They differ before the migrations have run, and after a newer
// binary migrated the database further than this one knows; /readyz answers 503 then.
func (db *DB) SchemaVersion(ctx context.Context) (have, want int64, err error) {
	want, err = LatestMigration(db.engine)
	if err != nil {
		return 0, 0, err
	}
	var v sql.NullInt64
	err = db.r.QueryRowContext(ctx, "SELECT MAX(version_id) FROM goose_db_version WHERE is_applied").Scan(&v)
	if err != nil {
		if db.Ping(ctx) == nil {
			return 0, want, nil // no table of migrations: none has run
		}
		return 0, want, fmt.Errorf("store: schema version: %w", err)
	}
	return v.Int64, want, nil
}
