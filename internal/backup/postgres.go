package backup

import (
	"bufio"
	"bytes"
	"context"
	"database/sql"
	"errors"
	"fmt"
	"io"
	"net/url"
	"os"
	"os/exec"
	"regexp"
	"strconv"
	"strings"

	_ "github.com/jackc/pgx/v5/stdlib" // registers "pgx"
)

// pgTarget is a KLIMASPOR_DATABASE_URL taken apart for the PostgreSQL client programs.
// The password is not on their command line, where ps shows it to every user of the
// machine, but in PGPASSWORD in their environment, which only the same user and root see.
type pgTarget struct {
	url      string // the URL as the store uses it (pgx)
	dsn      string // the URL for libpq: no password, none of pgx's own parameters
	password string
	schema   string // the URL's search_path, or public
}

// pgxOnly are URL parameters that pgx takes and libpq refuses.
var pgxOnly = []string{"search_path", "pool_max_conns", "pool_min_conns", "pool_min_idle_conns",
	"pool_max_conn_lifetime", "pool_max_conn_lifetime_jitter", "pool_max_conn_idle_time",
	"pool_health_check_period", "statement_cache_capacity", "description_cache_capacity",
	"default_query_exec_mode"}

var schemaName = regexp.MustCompile(`^[a-z_][a-z0-9_]*$`)

func parsePG(raw string) (pgTarget, error) {
	u, err := url.Parse(raw)
	if err != nil {
		return pgTarget{}, fmt.Errorf("KLIMASPOR_DATABASE_URL: %w", err)
	}
	t := pgTarget{url: raw, schema: "public"}
	if u.User != nil {
		t.password, _ = u.User.Password()
		u.User = url.User(u.User.Username())
	}
	q := u.Query()
	if sp := q.Get("search_path"); sp != "" {
		if !schemaName.MatchString(sp) {
			return pgTarget{}, fmt.Errorf("KLIMASPOR_DATABASE_URL: backup and restore take a search_path of one plain schema name, not %q", sp)
		}
		t.schema = sp
	}
	for _, k := range pgxOnly {
		q.Del(k)
	}
	u.RawQuery = q.Encode()
	t.dsn = u.String()
	return t, nil
}

// env is the environment of a client program run against t.
func (t pgTarget) env() []string {
	env := os.Environ()
	if t.password != "" {
		env = append(env, "PGPASSWORD="+t.password)
	}
	return env
}

// serverMajor asks the server its major version (15 for 15.4).
func serverMajor(ctx context.Context, t pgTarget) (int, error) {
	db, err := sql.Open("pgx", t.url)
	if err != nil {
		return 0, err
	}
	defer db.Close()
	var num string
	if err := db.QueryRowContext(ctx, "SHOW server_version_num").Scan(&num); err != nil {
		return 0, fmt.Errorf("connect to PostgreSQL: %w", err)
	}
	n, err := strconv.Atoi(num)
	if err != nil {
		return 0, fmt.Errorf("PostgreSQL's server_version_num %q: %w", num, err)
	}
	return n / 10000, nil
}

var clientVersion = regexp.MustCompile(`\(PostgreSQL\) (\d+)`)

// tool finds a PostgreSQL client program and checks that its major version is at least
// atLeast (0: any), with a message that says what to install.
func tool(ctx context.Context, opt Options, name string, atLeast int) (string, error) {
	pkg := "postgresql-client"
	if atLeast > 0 {
		pkg += "-" + strconv.Itoa(atLeast)
	}
	path, err := opt.lookPath(name)
	if err != nil {
		return "", fmt.Errorf("%s is not installed (or not on PATH): install the PostgreSQL client programs of the server's version or newer (Debian and Ubuntu: apt-get install %s)", name, pkg)
	}
	if atLeast == 0 {
		return path, nil
	}
	out, err := exec.CommandContext(ctx, path, "--version").Output()
	if err != nil {
		return "", fmt.Errorf("%s --version: %w", path, err)
	}
	m := clientVersion.FindSubmatch(out)
	if m == nil {
		return "", fmt.Errorf("%s --version said %q, not a PostgreSQL version", path, strings.TrimSpace(string(out)))
	}
	major, _ := strconv.Atoi(string(m[1]))
	if major < atLeast {
		return "", fmt.Errorf("%s is version %d, older than the server (PostgreSQL %d), whose databases it cannot dump or restore safely: install %s or newer", path, major, atLeast, pkg)
	}
	return path, nil
}

// run runs a client program against t and returns its standard output; a failure carries
// its standard error.
func run(ctx context.Context, t pgTarget, path string, args ...string) ([]byte, error) {
	cmd := exec.CommandContext(ctx, path, args...)
	cmd.Env = t.env()
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	out, err := cmd.Output()
	if err != nil {
		return nil, fmt.Errorf("%s: %w: %s", path, err, strings.TrimSpace(stderr.String()))
	}
	return out, nil
}

// backupPostgres dumps the URL's schema (its search_path, or public) in pg_dump's
// custom format, which is compressed, restores selectively and is read by pg_restore of
// the same or a newer version. pg_dump reads one snapshot, so writes may go on meanwhile.
func backupPostgres(ctx context.Context, raw, tmp string, opt Options) (Result, error) {
	t, err := parsePG(raw)
	if err != nil {
		return Result{}, err
	}
	major, err := serverMajor(ctx, t)
	if err != nil {
		return Result{}, err
	}
	pgDump, err := tool(ctx, opt, "pg_dump", major)
	if err != nil {
		return Result{}, err
	}
	// Only Klimaspor's schema: another schema in the same database (another application's)
	// is not ours to back up, nor to replace on restore.
	args := []string{"--format=custom", "--file=" + tmp, "--no-password", "--schema=" + t.schema, "--dbname=" + t.dsn}
	if _, err := run(ctx, t, pgDump, args...); err != nil {
		return Result{}, err
	}
	res, err := checkPostgresFile(ctx, tmp, opt)
	if err != nil {
		return Result{}, fmt.Errorf("the backup written is not sound: %w", err)
	}
	return res, nil
}

// pgArchive is what pg_restore --list tells of a dump.
type pgArchive struct {
	schema   string // the schema of its Klimaspor tables
	schemas  map[string]bool
	dumpedBy int // pg_dump's major version
}

var (
	tocTable  = regexp.MustCompile(`(?m)^\d+; \d+ \d+ TABLE (\S+) (\S+) `)
	tocSchema = regexp.MustCompile(`(?m)^\d+; \d+ \d+ SCHEMA - (\S+) `)
	dumpedBy  = regexp.MustCompile(`(?m)^;\s+Dumped by pg_dump version: (\d+)`)
)

// readArchive lists a custom-format dump with pg_restore and checks that it holds
// Klimaspor's tables.
func readArchive(ctx context.Context, pgRestore, file string) (pgArchive, error) {
	out, err := run(ctx, pgTarget{}, pgRestore, "--list", file)
	if err != nil {
		return pgArchive{}, fmt.Errorf("%w: pg_restore cannot read %s: %v", ErrInvalid, file, err)
	}
	a := pgArchive{schemas: map[string]bool{}}
	if m := dumpedBy.FindSubmatch(out); m != nil {
		a.dumpedBy, _ = strconv.Atoi(string(m[1]))
	}
	for _, m := range tocSchema.FindAllSubmatch(out, -1) {
		a.schemas[string(m[1])] = true
	}
	tables := map[string]string{}
	for _, m := range tocTable.FindAllSubmatch(out, -1) {
		tables[string(m[2])] = string(m[1])
	}
	for _, name := range append([]string{"goose_db_version"}, dataTables...) {
		s, ok := tables[name]
		if !ok {
			return pgArchive{}, fmt.Errorf("%w: %s has no table %s, so it is not a Klimaspor database", ErrInvalid, file, name)
		}
		if a.schema == "" {
			a.schema = s
		} else if s != a.schema {
			return pgArchive{}, fmt.Errorf("%w: %s holds Klimaspor's tables in more than one schema (%s, %s)", ErrInvalid, file, a.schema, s)
		}
	}
	return a, nil
}

// checkPostgresFile checks a dump without a database: pg_restore lists it, it has
// Klimaspor's tables, pg_restore reads all of it, and the migration versions out of its data.
func checkPostgresFile(ctx context.Context, file string, opt Options) (Result, error) {
	pgRestore, err := tool(ctx, opt, "pg_restore", 0)
	if err != nil {
		return Result{}, err
	}
	a, err := readArchive(ctx, pgRestore, file)
	if err != nil {
		return Result{}, err
	}
	// Reading the whole archive into nothing decompresses every block: a damaged or cut
	// file fails here, as integrity_check finds a damaged SQLite file.
	if _, err := run(ctx, pgTarget{}, pgRestore, "--file="+os.DevNull, file); err != nil {
		return Result{}, fmt.Errorf("%w: %s is damaged: %v", ErrInvalid, file, err)
	}
	data, err := run(ctx, pgTarget{}, pgRestore, "--data-only", "--schema="+a.schema, "--table=goose_db_version", "--file=-", file)
	if err != nil {
		return Result{}, fmt.Errorf("%w: %s: %v", ErrInvalid, file, err)
	}
	v, err := gooseVersion(data)
	if err != nil {
		return Result{}, fmt.Errorf("%w: %s: %v", ErrInvalid, file, err)
	}
	if v <= 0 {
		return Result{}, fmt.Errorf("%w: %s has no applied migration", ErrInvalid, file)
	}
	return Result{Engine: "postgres", Version: v}, nil
}

// gooseVersion reads the newest applied version out of goose_db_version's COPY block in
// pg_restore's SQL.
func gooseVersion(sqlText []byte) (int64, error) {
	sc := bufio.NewScanner(bytes.NewReader(sqlText))
	sc.Buffer(make([]byte, 64<<10), 16<<20)
	vCol, aCol := -1, -1
	in := false
	var latest int64
	for sc.Scan() {
		line := sc.Text()
		if !in {
			if strings.HasPrefix(line, "COPY ") && strings.Contains(line, "goose_db_version (") {
				cols := line[strings.Index(line, "(")+1 : strings.Index(line, ")")]
				for i, c := range strings.Split(cols, ",") {
					switch strings.TrimSpace(c) {
					case "version_id":
						vCol = i
					case "is_applied":
						aCol = i
					}
				}
				if vCol < 0 || aCol < 0 {
					return 0, errors.New("goose_db_version has no version_id or is_applied")
				}
				in = true
			}
			continue
		}
		if line == `\.` {
			return latest, nil
		}
		f := strings.Split(line, "\t")
		if len(f) <= max(vCol, aCol) {
			return 0, fmt.Errorf("goose_db_version row %q", line)
		}
		v, err := strconv.ParseInt(f[vCol], 10, 64)
		if err != nil {
			return 0, fmt.Errorf("goose_db_version row %q", line)
		}
		if f[aCol] == "t" && v > latest {
			latest = v
		}
	}
	if err := sc.Err(); err != nil {
		return 0, err
	}
	return 0, errors.New("it holds no rows of goose_db_version")
}

// pgHolds says whether the target's schema holds data: a row in any of dataTables.
func pgHolds(ctx context.Context, t pgTarget) (bool, error) {
	db, err := sql.Open("pgx", t.url)
	if err != nil {
		return false, err
	}
	defer db.Close()
	for _, name := range dataTables {
		var exists bool
		err := db.QueryRowContext(ctx, "SELECT EXISTS (SELECT 1 FROM information_schema.tables WHERE table_schema = $1 AND table_name = $2)", t.schema, name).Scan(&exists)
		if err != nil {
			return false, err
		}
		if !exists {
			continue
		}
		var any bool
		if err := db.QueryRowContext(ctx, `SELECT EXISTS (SELECT 1 FROM "`+t.schema+`".`+name+`)`).Scan(&any); err != nil {
			return false, err
		}
		if any {
			return true, nil
		}
	}
	return false, nil
}

// restorePostgres replaces the target's schema by the dump's in one transaction: psql
// reads BEGIN, DROP SCHEMA … CASCADE, CREATE SCHEMA, then pg_restore's SQL, and COMMIT
// only once pg_restore has written all of it and succeeded. psql stops at the first error
// (ON_ERROR_STOP) and a psql that ends without COMMIT rolls everything back, so the
// database is either the backup or as it was. The schema is dropped rather than cleaned
// object by object (pg_restore --clean) so that tables of a newer schema version go too and
// the migrations that run afterwards find exactly the backup's version.
func restorePostgres(ctx context.Context, raw, file string, opt Options) error {
	t, err := parsePG(raw)
	if err != nil {
		return err
	}
	major, err := serverMajor(ctx, t)
	if err != nil {
		return err
	}
	pgRestore, err := tool(ctx, opt, "pg_restore", major)
	if err != nil {
		return err
	}
	psql, err := tool(ctx, opt, "psql", 0)
	if err != nil {
		return err
	}
	a, err := readArchive(ctx, pgRestore, file)
	if err != nil {
		return err
	}
	if a.schema != t.schema {
		return fmt.Errorf("the backup holds schema %s and the database URL uses %s: restore into a URL whose search_path is %s", a.schema, t.schema, a.schema)
	}
	holds, err := pgHolds(ctx, t)
	if err != nil {
		return err
	}
	if holds && !opt.Force {
		return ErrNotEmpty
	}

	in := exec.CommandContext(ctx, psql, "--no-psqlrc", "--quiet", "--no-password", "--set=ON_ERROR_STOP=1", "--dbname="+t.dsn)
	in.Env = t.env()
	var psqlOut bytes.Buffer
	in.Stdout, in.Stderr = &psqlOut, &psqlOut
	stdin, err := in.StdinPipe()
	if err != nil {
		return err
	}
	out := exec.CommandContext(ctx, pgRestore, "--no-owner", "--no-privileges", "--file=-", file)
	var restoreErr bytes.Buffer
	out.Stderr = &restoreErr
	sqlOut, err := out.StdoutPipe()
	if err != nil {
		return err
	}
	if err := in.Start(); err != nil {
		return err
	}
	if err := out.Start(); err != nil {
		stdin.Close()
		in.Wait()
		return err
	}
	q := `"` + t.schema + `"`
	head := "BEGIN;\nDROP SCHEMA IF EXISTS " + q + " CASCADE;\n"
	if !a.schemas[t.schema] {
		head += "CREATE SCHEMA " + q + ";\n" // the dump of a whole database has no CREATE SCHEMA public
	}
	_, copyErr := io.WriteString(stdin, head)
	if copyErr == nil {
		_, copyErr = io.Copy(stdin, sqlOut)
	}
	if copyErr != nil {
		out.Process.Kill()
	}
	restoreRunErr := out.Wait()
	if copyErr == nil && restoreRunErr == nil {
		_, copyErr = io.WriteString(stdin, "COMMIT;\n")
	}
	stdin.Close()
	psqlErr := in.Wait()
	switch {
	case psqlErr != nil:
		return fmt.Errorf("restoring failed, nothing was changed: %v: %s", psqlErr, strings.TrimSpace(psqlOut.String()))
	case restoreRunErr != nil:
		return fmt.Errorf("pg_restore failed, nothing was changed: %v: %s", restoreRunErr, strings.TrimSpace(restoreErr.String()))
	case copyErr != nil:
		return fmt.Errorf("restoring failed, nothing was changed: %v: %s", copyErr, strings.TrimSpace(psqlOut.String()))
	}
	return nil
}
