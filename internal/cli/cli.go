// Package cli is the klimaspor command: it reads flags and the environment into a Config
// and runs one subcommand.
package cli

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"net"
	"net/http"
	"os"
	"os/signal"
	"path/filepath"
	"runtime/debug"
	"strconv"
	"strings"
	"syscall"
	"time"

	"klimaspor/internal/api"
	"klimaspor/internal/auth"
	"klimaspor/internal/demo"
	"klimaspor/internal/files"
	"klimaspor/internal/files/s3blobs"
	"klimaspor/internal/gen"
	"klimaspor/internal/mail"
	"klimaspor/internal/metrics"
	"klimaspor/internal/model"
	"klimaspor/internal/oidc"
	"klimaspor/internal/proxy"
	"klimaspor/internal/remind"
	"klimaspor/internal/sheet"
	"klimaspor/internal/store"
	"klimaspor/internal/web"
	"klimaspor/internal/web/trust"
)

// Config is everything the commands read from flags and the environment.
type Config struct {
	Addr        string // HTTP listen address
	DBPath      string // SQLite file
	DatabaseURL string // postgres://…; chosen over DBPath when set
	LogLevel    slog.Level
	CacheMB     int // size of the API's answer cache; 0 turns it off
	WebCacheMB  int // size of the web pages' cache; 0 turns it off
	// SecureCookies marks the session cookie Secure (KLIMASPOR_COOKIE_SECURE, default on;
	// browsers accept Secure cookies from http://localhost).
	SecureCookies bool
	BaseURL       string // the address people reach the site at, for links in emails (KLIMASPOR_BASE_URL)
	// Demo is set by the demo command: links in mails may default to the listen address, and
	// invitation links that no mail carried are shown to the person who invited.
	Demo bool
	// MaxImport is the largest file the API's import takes, in bytes (KLIMASPOR_MAX_IMPORT_MB);
	// a workbook may unpack to sheet.UnpackRatio times as much, also on the command line.
	MaxImport int64
	// MaxFile is the largest file an upload to the knowledge library takes, in bytes
	// (KLIMASPOR_MAX_FILE_MB, default 25).
	MaxFile int64
	// FilesS3 keeps uploaded files' bytes in S3-compatible object storage when its Endpoint
	// is set (KLIMASPOR_FILES_S3_ENDPOINT, _BUCKET, _ACCESS_KEY, _SECRET_KEY, _REGION,
	// _INSECURE); without it they are kept in the database. Either way several app servers
	// share them (decision 66).
	FilesS3 s3blobs.Config
}

func (c Config) storeConfig() store.Config {
	return store.Config{Path: c.DBPath, URL: c.DatabaseURL}
}

func (c Config) describeDB() string {
	if c.DatabaseURL != "" {
		return "PostgreSQL (KLIMASPOR_DATABASE_URL)"
	}
	return "SQLite file " + c.DBPath
}

// Version is the program's version: the VCS revision it was built from, or "dev".
func Version() string {
	if bi, ok := debug.ReadBuildInfo(); ok {
		rev, dirty := "", false
		for _, s := range bi.Settings {
			switch s.Key {
			case "vcs.revision":
				rev = s.Value
			case "vcs.modified":
				dirty = s.Value == "true"
			}
		}
		if len(rev) > 12 {
			rev = rev[:12]
		}
		if rev != "" {
			if dirty {
				rev += "+changes"
			}
			return rev
		}
		if bi.Main.Version != "" && bi.Main.Version != "(devel)" {
			return bi.Main.Version
		}
	}
	return "dev"
}

type command struct {
	name, summary string
	run           func(ctx context.Context, env *env, args []string) error
}

// env is what a command writes to and reads from.
type env struct {
	stdin          io.Reader
	stdout, stderr io.Writer
	getenv         func(string) string
	listening      func(addr string) // called once the server listens; tests use it
	// metricsListening is called with the metrics' address once it listens (tests).
	metricsListening func(addr string)
}

var commands = []command{
	{"demo", "create a database with the demo data if there is none, then serve it", runDemo},
	{"serve", "serve the web pages and the API", runServe},
	{"migrate", "apply the database migrations and show their status", runMigrate},
	{"backup", "take a consistent backup of the database while it is in use", runBackup},
	{"restore", "replace the database by a backup (stop the servers first)", runRestore},
	{"import", "import a CSV or XLSX file (all or nothing)", runImport},
	{"export", "export records as CSV or XLSX", runExport},
	{"user", "manage the people who sign in: add, list, role, disable, link", runUser},
	{"klimaregnskab", "read the Energy Agency's energy and CO2 accounts from its API as a new release", runKlimaregnskab},
	{"retention", "remove personal data kept past its retention (--dry-run says what, changing nothing)", runRetention},
	{"gen", "fill an empty database with a generated national-scale data set (for benchmarks)", runGen},
	{"version", "print the version", runVersion},
}

func usage(w io.Writer) {
	fmt.Fprintln(w, "klimaspor: shared climate plans, actions, indicators and joint projects")
	fmt.Fprintln(w, "\nUsage: klimaspor COMMAND [flags]\n\nCommands:")
	for _, c := range commands {
		fmt.Fprintf(w, "  %-13s %s\n", c.name, c.summary)
	}
	fmt.Fprintln(w, "\nRun klimaspor COMMAND --help for a command's flags.")
	fmt.Fprintln(w, "\nEnvironment: KLIMASPOR_DATABASE_URL=postgres://… selects PostgreSQL; KLIMASPOR_DB sets the SQLite file;")
	fmt.Fprintln(w, "KLIMASPOR_ADDR the listen address; KLIMASPOR_LOG_LEVEL debug|info|warn|error;")
	fmt.Fprintln(w, "KLIMASPOR_API_CACHE_MB the size of the API's answer cache (default 64, 0 turns it off).")
	fmt.Fprintln(w, "KLIMASPOR_WEB_CACHE_MB the size of the web pages' cache (default 32, 0 turns it off).")
	fmt.Fprintln(w, "KLIMASPOR_BASE_URL the site's address for links in emails (serve sends no reset or invitation mail without it);")
	fmt.Fprintln(w, "KLIMASPOR_COOKIE_SECURE=false for plain HTTP beyond localhost;")
	fmt.Fprintln(w, "KLIMASPOR_METRICS_ADDR (e.g. 127.0.0.1:9090) serves Prometheus metrics at /metrics there, never on the public address (default: none);")
	fmt.Fprintln(w, "KLIMASPOR_ACCESS_LOG=off stops the access log (one line per request: method, route, status, bytes, ms, request id);")
	fmt.Fprintln(w, "KLIMASPOR_ACCESS_LOG_FIELDS adds personal data to it, comma separated: ip, user, path, query, agent (default none).")
	fmt.Fprintln(w, "KLIMASPOR_TRUSTED_PROXIES the load balancers (addresses or CIDRs) whose X-Forwarded-For gives the client's address")
	fmt.Fprintln(w, "and whose X-Forwarded-Proto: https turns on HSTS;")
	fmt.Fprintln(w, "KLIMASPOR_MAX_IMPORT_MB the largest file the API's import takes (default 64; a workbook may unpack to 16 times that).")
	fmt.Fprintln(w, "KLIMASPOR_MAX_FILE_MB the largest file an upload to the knowledge library takes (default 25).")
	fmt.Fprintln(w, "KLIMASPOR_FILES_S3_ENDPOINT (host[:port]), _BUCKET, _ACCESS_KEY, _SECRET_KEY, _REGION, _INSECURE=true (plain HTTP)")
	fmt.Fprintln(w, "keep uploaded files in S3-compatible object storage instead of the database;")
	fmt.Fprintln(w, "KLIMASPOR_SMTP_HOST, _PORT, _USERNAME, _PASSWORD, _FROM, _TLS (starttls|tls|none) send password resets and invitations;")
	fmt.Fprintln(w, "KLIMASPOR_REMINDERS=off stops the reporting reminders serve sends when mail is set; KLIMASPOR_REMINDER_INTERVAL how often it looks (default 1h);")
	fmt.Fprintln(w, "KLIMASPOR_OIDC_ISSUER, _CLIENT_ID, _CLIENT_SECRET, _REDIRECT_URL, _NAME turn on single sign-on (e.g. Entra ID).")
	fmt.Fprintln(w, "KLIMASPOR_AUDIT_RETENTION (default 5y), KLIMASPOR_ACCOUNT_RETENTION (default 1y; both 400d, 720h or off) and")
	fmt.Fprintln(w, "KLIMASPOR_RETENTION_INTERVAL (default 24h) set how long personal data is kept (klimaspor retention);")
	fmt.Fprintln(w, "KLIMASPOR_CONTROLLER_NAME, _CONTROLLER_CONTACT, _ACCESSIBILITY_CONTACT and _SECURITY_CONTACT name the data controller")
	fmt.Fprintln(w, "and the contacts shown in /privatliv, /tilgaengelighed and /.well-known/security.txt.")
	fmt.Fprintln(w, "KLIMASPOR_KLIMAREGNSKAB_URL and _KEY: the Energy Agency's accounts API and its key (klimaspor klimaregnskab).")
}

// Run runs the command line and returns the process's exit code.
func Run(ctx context.Context, args []string, stdout, stderr io.Writer) int {
	return run(ctx, &env{stdin: os.Stdin, stdout: stdout, stderr: stderr, getenv: os.Getenv}, args)
}

func run(ctx context.Context, e *env, args []string) int {
	if len(args) == 0 {
		usage(e.stderr)
		return 2
	}
	name := args[0]
	if name == "-h" || name == "--help" || name == "help" {
		usage(e.stdout)
		return 0
	}
	for _, c := range commands {
		if c.name == name {
			err := c.run(ctx, e, args[1:])
			switch {
			case err == nil:
				return 0
			case errors.Is(err, flag.ErrHelp):
				return 0
			case errors.Is(err, errUsage):
				return 2
			}
			fmt.Fprintln(e.stderr, "klimaspor "+name+":", err)
			return 1
		}
	}
	fmt.Fprintf(e.stderr, "klimaspor: unknown command %q\n\n", name)
	usage(e.stderr)
	return 2
}

var errUsage = errors.New("usage")

// flags makes a command's flag set with the common flags.
func (e *env) flags(name, args string, summary string, cfg *Config, withAddr bool) *flag.FlagSet {
	fs := flag.NewFlagSet(name, flag.ContinueOnError)
	fs.SetOutput(e.stderr)
	fs.Usage = func() {
		fmt.Fprintf(fs.Output(), "Usage: klimaspor %s [flags] %s\n\n%s\n\nFlags:\n", name, args, summary)
		fs.PrintDefaults()
	}
	dbDefault := e.getenv("KLIMASPOR_DB")
	if dbDefault == "" {
		dbDefault = "klimaspor.db"
	}
	fs.StringVar(&cfg.DBPath, "db", dbDefault, "SQLite database file (KLIMASPOR_DB); ignored when KLIMASPOR_DATABASE_URL is set")
	if withAddr {
		addr := e.getenv("KLIMASPOR_ADDR")
		if addr == "" {
			addr = "127.0.0.1:8080"
		}
		fs.StringVar(&cfg.Addr, "addr", addr, "HTTP listen address HOST:PORT (KLIMASPOR_ADDR)")
	}
	cfg.DatabaseURL = e.getenv("KLIMASPOR_DATABASE_URL")
	cfg.CacheMB = api.DefaultCache >> 20
	cfg.WebCacheMB = web.DefaultPageCache >> 20
	if v := e.getenv("KLIMASPOR_WEB_CACHE_MB"); v != "" {
		if n, err := strconv.Atoi(v); err == nil && n >= 0 {
			cfg.WebCacheMB = n
		}
	}
	if v := e.getenv("KLIMASPOR_API_CACHE_MB"); v != "" {
		if n, err := strconv.Atoi(v); err == nil && n >= 0 {
			cfg.CacheMB = n
		}
	}
	cfg.MaxImport = api.DefaultMaxImport
	if v := e.getenv("KLIMASPOR_MAX_IMPORT_MB"); v != "" {
		if n, err := strconv.ParseInt(v, 10, 64); err == nil && n > 0 && n <= 1<<20 {
			cfg.MaxImport = n << 20
		}
	}
	cfg.MaxFile = api.DefaultMaxFile
	if v := e.getenv("KLIMASPOR_MAX_FILE_MB"); v != "" {
		if n, err := strconv.ParseInt(v, 10, 64); err == nil && n > 0 && n <= 1<<20 {
			cfg.MaxFile = n << 20
		}
	}
	cfg.FilesS3 = s3blobs.Config{
		Endpoint: e.getenv("KLIMASPOR_FILES_S3_ENDPOINT"), Bucket: e.getenv("KLIMASPOR_FILES_S3_BUCKET"),
		AccessKey: e.getenv("KLIMASPOR_FILES_S3_ACCESS_KEY"), SecretKey: e.getenv("KLIMASPOR_FILES_S3_SECRET_KEY"),
		Region: e.getenv("KLIMASPOR_FILES_S3_REGION"),
	}
	switch strings.ToLower(e.getenv("KLIMASPOR_FILES_S3_INSECURE")) {
	case "1", "true", "yes", "on":
		cfg.FilesS3.Insecure = true
	}
	cfg.SecureCookies = true
	switch strings.ToLower(e.getenv("KLIMASPOR_COOKIE_SECURE")) {
	case "0", "false", "no", "off":
		cfg.SecureCookies = false
	}
	cfg.BaseURL = strings.TrimRight(e.getenv("KLIMASPOR_BASE_URL"), "/")
	switch strings.ToLower(e.getenv("KLIMASPOR_LOG_LEVEL")) {
	case "debug":
		cfg.LogLevel = slog.LevelDebug
	case "warn":
		cfg.LogLevel = slog.LevelWarn
	case "error":
		cfg.LogLevel = slog.LevelError
	}
	return fs
}

// parse parses flags that may stand before or after the positional arguments.
func parse(fs *flag.FlagSet, args []string) ([]string, error) {
	var pos []string
	for {
		if err := fs.Parse(args); err != nil {
			if errors.Is(err, flag.ErrHelp) {
				return nil, err
			}
			return nil, errUsage
		}
		args = fs.Args()
		if len(args) == 0 {
			return pos, nil
		}
		pos = append(pos, args[0])
		args = args[1:]
	}
}

func (e *env) logger(cfg Config) *slog.Logger {
	return slog.New(slog.NewJSONHandler(e.stderr, &slog.HandlerOptions{Level: cfg.LogLevel}))
}

func open(ctx context.Context, cfg Config) (*store.DB, error) {
	db, err := store.Open(ctx, cfg.storeConfig())
	if err != nil {
		return nil, err
	}
	if err := db.Migrate(ctx); err != nil {
		db.Close()
		return nil, err
	}
	return db, nil
}

func runVersion(ctx context.Context, e *env, args []string) error {
	var cfg Config
	fs := e.flags("version", "", "Print the version.", &cfg, false)
	if _, err := parse(fs, args); err != nil {
		return err
	}
	fmt.Fprintln(e.stdout, "klimaspor", Version())
	return nil
}

func runMigrate(ctx context.Context, e *env, args []string) error {
	var cfg Config
	fs := e.flags("migrate", "", "Apply every database migration not yet applied, then list them. Serving also migrates on start.", &cfg, false)
	if _, err := parse(fs, args); err != nil {
		return err
	}
	db, err := open(ctx, cfg)
	if err != nil {
		return err
	}
	defer db.Close()
	st, err := db.MigrationStatus(ctx)
	if err != nil {
		return err
	}
	fmt.Fprintln(e.stdout, "migrated", cfg.describeDB())
	for _, s := range st {
		fmt.Fprintln(e.stdout, " ", s)
	}
	return nil
}

func runServe(ctx context.Context, e *env, args []string) error {
	var cfg Config
	fs := e.flags("serve", "", "Serve the web pages, the JSON API (/api/v1) and the health checks. Migrates the database first.", &cfg, true)
	if _, err := parse(fs, args); err != nil {
		return err
	}
	db, err := open(ctx, cfg)
	if err != nil {
		return err
	}
	defer db.Close()
	return serve(ctx, e, cfg, db)
}

func runDemo(ctx context.Context, e *env, args []string) error {
	var cfg Config
	fs := e.flags("demo", "", "Create the database with the demo data (the capital region's municipalities, VIP projects,\n"+
		"SOSU table, energy and CO2 accounts, example climate plans, and the knowledge library's items) if it has none,\n"+
		"then serve it.", &cfg, true)
	if _, err := parse(fs, args); err != nil {
		return err
	}
	db, err := open(ctx, cfg)
	if err != nil {
		return err
	}
	defer db.Close()
	loaded, err := demo.Loaded(ctx, db)
	if err != nil {
		return err
	}
	if !loaded {
		start := time.Now()
		fmt.Fprintln(e.stderr, "loading the demo data into", cfg.describeDB(), "…")
		if err := demo.Load(ctx, db); err != nil {
			return fmt.Errorf("load demo data: %w", err)
		}
		fmt.Fprintf(e.stderr, "demo data loaded in %.1fs\n", time.Since(start).Seconds())
	}
	if err := demo.LoadRest(ctx, db, time.Now()); err != nil {
		return err
	}
	fmt.Fprintf(e.stderr, "demo accounts (password %s):\n", demo.Password)
	for _, a := range demo.Accounts {
		fmt.Fprintf(e.stderr, "  %-36s %s\n", a.Email, a.What)
	}
	cfg.Demo = true
	return serve(ctx, e, cfg, db)
}

func serve(ctx context.Context, e *env, cfg Config, db *store.DB) error {
	log := e.logger(cfg)
	obs, err := observing(e.getenv, log)
	if err != nil {
		return err
	}
	m := obs.metrics
	m.DB(db.Pools())
	a := api.New(db, log, Version())
	a.SetCache(cfg.CacheMB << 20)
	if err := a.SetTrustedProxies(e.getenv("KLIMASPOR_TRUSTED_PROXIES")); err != nil {
		return err
	}
	a.SetMaxImport(cfg.MaxImport)
	a.SetMaxFile(cfg.MaxFile)
	a.SetMetrics(m)
	mux := http.NewServeMux()
	apiHandler := a.Handler()
	mux.Handle("/api/", apiHandler)
	mux.Handle("/healthz", apiHandler)
	mux.Handle("/readyz", apiHandler)
	pages, err := web.New(db, log)
	if err != nil {
		return err
	}
	// The item pages' upload form takes files as the API does, kept in the same place.
	pages.SetMaxFile(cfg.MaxFile)
	if err := setBlobs(ctx, cfg, log, a, pages); err != nil {
		return err
	}
	pages.SetCache(cfg.WebCacheMB << 20)
	pages.SetMetrics(m)
	pages.SetSecureCookies(cfg.SecureCookies)
	if err := pages.SetTrustedProxies(e.getenv("KLIMASPOR_TRUSTED_PROXIES")); err != nil {
		return err
	}
	mailCfg, err := mail.ConfigFromEnv(e.getenv)
	if err != nil {
		return fmt.Errorf("mail settings: %w", err)
	}
	// Listening first tells the demo its own address, for the links in its mails.
	ln, err := net.Listen("tcp", cfg.Addr)
	if err != nil {
		return fmt.Errorf("listen on %s: %w", cfg.Addr, err)
	}
	defer ln.Close()
	baseURL := cfg.BaseURL
	if baseURL == "" && cfg.Demo {
		baseURL = listenURL(cfg.Addr, ln.Addr())
	}
	sender := mail.New(mailCfg, log)
	if m != nil {
		sender = mail.Counted(sender, m)
	}
	if err := pages.SetMail(sender, baseURL); err != nil {
		return fmt.Errorf("KLIMASPOR_BASE_URL: %w", err)
	}
	pages.SetDemo(cfg.Demo)
	trustSet, warnings, err := trust.FromEnv(e.getenv)
	if err != nil {
		return err
	}
	for _, w := range warnings {
		log.Warn(w)
	}
	pages.SetTrust(trustSet)
	switch {
	case baseURL == "":
		log.Warn("KLIMASPOR_BASE_URL is not set: no password reset or invitation mails are sent, and there is no /sitemap.xml, because their links must not come from a request's Host; set it to the address people reach the site at, such as https://klimaspor.example.dk")
	case cfg.BaseURL == "":
		log.Info("links in mails lead to the demo's own address (set KLIMASPOR_BASE_URL to change it)", "base_url", baseURL)
	}
	if !mailCfg.Enabled() {
		log.Warn("no SMTP server is set (KLIMASPOR_SMTP_HOST): password resets and invitations are logged, not sent")
	}
	oidcCfg, err := oidc.ConfigFromEnv(e.getenv)
	if err != nil {
		return fmt.Errorf("single sign-on settings: %w", err)
	}
	if oidcCfg.Enabled() {
		client, err := oidc.New(ctx, oidcCfg, nil)
		if err != nil {
			return fmt.Errorf("single sign-on: %w", err)
		}
		pages.SetOIDC(client)
	}
	mux.Handle("/", pages.Handler()) // every path not under /api/, /healthz or /readyz
	// Before the first request, so that /readyz answers only once a page costs what it
	// costs warm (web.Server.Warm).
	pages.Warm(ctx)
	srv := &http.Server{
		Handler:           m.Observe(mux, obs.access),
		ReadHeaderTimeout: 10 * time.Second,
		ReadTimeout:       5 * time.Minute, // imports can be large
		WriteTimeout:      5 * time.Minute,
		IdleTimeout:       2 * time.Minute,
		ErrorLog:          slog.NewLogLogger(log.Handler(), slog.LevelWarn),
	}
	ctx, stop := signal.NotifyContext(ctx, os.Interrupt, syscall.SIGTERM)
	defer stop()
	reminders, err := startReminders(ctx, e, log, db, mailCfg, sender, baseURL)
	if err != nil {
		return err
	}
	defer reminders() // before the database closes
	retain, err := startRetention(ctx, e, log, db)
	if err != nil {
		return err
	}
	defer retain()
	errc := make(chan error, 2)
	go func() { errc <- srv.Serve(ln) }()
	if obs.addr != "" {
		// The metrics have an address of their own, never the public one: what a server
		// counts is for its operator.
		mln, err := net.Listen("tcp", obs.addr)
		if err != nil {
			return fmt.Errorf("KLIMASPOR_METRICS_ADDR: listen on %s: %w", obs.addr, err)
		}
		defer mln.Close()
		mmux := http.NewServeMux()
		mmux.Handle("GET /metrics", m.Handler())
		msrv := &http.Server{Handler: mmux, ReadHeaderTimeout: 10 * time.Second, WriteTimeout: time.Minute,
			ErrorLog: slog.NewLogLogger(log.Handler(), slog.LevelWarn)}
		go func() { errc <- msrv.Serve(mln) }()
		defer msrv.Close()
		log.Info("serving metrics", "addr", "http://"+mln.Addr().String()+"/metrics")
		if e.metricsListening != nil {
			e.metricsListening(mln.Addr().String())
		}
	}
	log.Info("serving", "addr", "http://"+ln.Addr().String()+"/", "database", cfg.describeDB(), "version", Version())
	fmt.Fprintf(e.stderr, "Klimaspor is at http://%s/ (API: http://%s/api/v1/openapi.json). Stop with Ctrl-C.\n", ln.Addr(), ln.Addr())
	if e.listening != nil {
		e.listening(ln.Addr().String())
	}
	select {
	case err := <-errc:
		return err
	case <-ctx.Done():
	}
	shutdown, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	log.Info("shutting down")
	return srv.Shutdown(shutdown)
}

// observation is what serve counts and logs of each request.
type observation struct {
	metrics *metrics.Metrics   // nil unless addr is set
	addr    string             // KLIMASPOR_METRICS_ADDR: where /metrics listens ("" nowhere)
	access  *metrics.AccessLog // nil when the access log is off
}

// observing reads KLIMASPOR_METRICS_ADDR, KLIMASPOR_ACCESS_LOG (on unless off) and
// KLIMASPOR_ACCESS_LOG_FIELDS (ip, user, path, query, agent: what the access log adds to
// its line; none by default, as each is or may hold personal data).
func observing(getenv func(string) string, log *slog.Logger) (observation, error) {
	var o observation
	if o.addr = strings.TrimSpace(getenv("KLIMASPOR_METRICS_ADDR")); o.addr != "" {
		if _, _, err := net.SplitHostPort(o.addr); err != nil {
			return o, fmt.Errorf("KLIMASPOR_METRICS_ADDR %q: want HOST:PORT, such as 127.0.0.1:9090", o.addr)
		}
		o.metrics = metrics.New()
	}
	switch v := strings.ToLower(strings.TrimSpace(getenv("KLIMASPOR_ACCESS_LOG"))); v {
	case "", "on", "true", "yes", "1":
	case "off", "false", "no", "0":
		return o, nil
	default:
		return o, fmt.Errorf("KLIMASPOR_ACCESS_LOG %q: want on or off", v)
	}
	fields, err := metrics.ParseFields(getenv("KLIMASPOR_ACCESS_LOG_FIELDS"))
	if err != nil {
		return o, fmt.Errorf("KLIMASPOR_ACCESS_LOG_FIELDS: %w", err)
	}
	proxies, err := proxy.Parse(getenv("KLIMASPOR_TRUSTED_PROXIES"))
	if err != nil {
		return o, err
	}
	o.access = &metrics.AccessLog{Log: log, Fields: fields, Proxies: proxies}
	return o, nil
}

// startReminders runs the reporting reminders' sender (internal/remind) in the background
// when mail is configured, unless KLIMASPOR_REMINDERS=off, every
// KLIMASPOR_REMINDER_INTERVAL (default an hour). The function it returns stops it and waits
// for it. Every app server may run it: a reminder is claimed in the database before it is
// sent, so none goes twice.
func startReminders(ctx context.Context, e *env, log *slog.Logger, db *store.DB, mailCfg mail.Config, sender mail.Sender, baseURL string) (stop func(), err error) {
	on, every, err := reminderSettings(e.getenv)
	if err != nil {
		return nil, err
	}
	switch {
	case !on:
		log.Info("reporting reminders are off (KLIMASPOR_REMINDERS=off)")
		return func() {}, nil
	case !mailCfg.Enabled():
		log.Info("reporting reminders are not sent: no SMTP server is set (KLIMASPOR_SMTP_HOST)")
		return func() {}, nil
	case baseURL == "":
		log.Warn("reporting reminders are not sent: KLIMASPOR_BASE_URL is not set, and their links need it")
		return func() {}, nil
	}
	ctx, cancel := context.WithCancel(ctx)
	done := make(chan struct{})
	s := &remind.Sender{DB: db, Mail: sender, BaseURL: baseURL, Log: log}
	go func() {
		defer close(done)
		s.Run(ctx, every)
	}()
	log.Info("reporting reminders are sent", "every", every.String())
	return func() { cancel(); <-done }, nil
}

// reminderSettings reads KLIMASPOR_REMINDERS (on unless off, false, no or 0) and
// KLIMASPOR_REMINDER_INTERVAL (a Go duration such as 30m or 1h; default 1h, at least a
// second).
func reminderSettings(getenv func(string) string) (on bool, every time.Duration, err error) {
	switch v := strings.ToLower(strings.TrimSpace(getenv("KLIMASPOR_REMINDERS"))); v {
	case "", "on", "true", "yes", "1":
		on = true
	case "off", "false", "no", "0":
	default:
		return false, 0, fmt.Errorf("KLIMASPOR_REMINDERS %q: want on or off", v)
	}
	every = time.Hour
	if v := strings.TrimSpace(getenv("KLIMASPOR_REMINDER_INTERVAL")); v != "" {
		every, err = time.ParseDuration(v)
		if err != nil || every < time.Second {
			return false, 0, fmt.Errorf("KLIMASPOR_REMINDER_INTERVAL %q: want a duration of at least a second, such as 30m or 1h", v)
		}
	}
	return on, every, nil
}

// listenURL is the address a server listening on addr (as configured) and at bound (as bound,
// which knows the port of ":0") is reached at on this machine: an unspecified host is
// localhost.
func listenURL(addr string, bound net.Addr) string {
	host, _, _ := net.SplitHostPort(addr)
	if ip := net.ParseIP(host); host == "" || (ip != nil && ip.IsUnspecified()) {
		host = "localhost"
	}
	port := ""
	if a, ok := bound.(*net.TCPAddr); ok {
		port = strconv.Itoa(a.Port)
	} else {
		_, port, _ = net.SplitHostPort(bound.String())
	}
	return "http://" + net.JoinHostPort(host, port)
}

func formatOf(format, file string) (string, error) {
	if format == "" {
		switch strings.ToLower(filepath.Ext(file)) {
		case ".xlsx":
			format = "xlsx"
		default:
			format = "csv"
		}
	}
	if format != "csv" && format != "xlsx" {
		return "", fmt.Errorf("format must be csv or xlsx, not %q", format)
	}
	return format, nil
}

func checkKind(kind string) error {
	for _, k := range sheet.Kinds() {
		if k == kind {
			return nil
		}
	}
	if kind == "" {
		return fmt.Errorf("give --kind, one of %s", strings.Join(sheet.Kinds(), ", "))
	}
	return fmt.Errorf("unknown kind %q; use one of %s", kind, strings.Join(sheet.Kinds(), ", "))
}

func runImport(ctx context.Context, e *env, args []string) error {
	var cfg Config
	var kind, format string
	fs := e.flags("import", "FILE", "Import a CSV (comma or semicolon, decimal point or comma, UTF-8 with or without BOM,\n"+
		"Danish or English headers) or XLSX file. Every row is checked first; a file with any bad cell\n"+
		"changes nothing and every bad cell is listed with its row, column and reason.", &cfg, false)
	fs.StringVar(&kind, "kind", "", "what the file holds: "+strings.Join(sheet.Kinds(), ", "))
	fs.StringVar(&format, "format", "", "csv or xlsx (default: from the file's extension)")
	as := fs.String("as", e.getenv("KLIMASPOR_USER"), "the email of the person the import is recorded under; their roles decide what it may change (KLIMASPOR_USER)")
	pos, err := parse(fs, args)
	if err != nil {
		return err
	}
	if len(pos) != 1 {
		fs.Usage()
		return errUsage
	}
	if err := checkKind(kind); err != nil {
		return err
	}
	format, err = formatOf(format, pos[0])
	if err != nil {
		return err
	}
	f, err := os.Open(pos[0])
	if err != nil {
		return err
	}
	defer f.Close()
	db, err := open(ctx, cfg)
	if err != nil {
		return err
	}
	defer db.Close()
	ctx, p, err := actingUser(ctx, db, *as, store.ChannelImport)
	if err != nil {
		return err
	}
	kindRes, _ := model.ByName(kind)
	if err := auth.MayWriteAny(p, kindRes); err != nil {
		return fmt.Errorf("%s: nothing was imported: %w", pos[0], err)
	}
	opts := sheet.Options{Limits: sheet.LimitsFor(cfg.MaxImport)}
	auth.Visibility(p, kindRes).Apply(&opts.Drafts)
	start := time.Now()
	res, err := sheet.ImportFor(ctx, db, kind, f, format, opts)
	if err != nil {
		return fmt.Errorf("%s: nothing was imported:\n%w", pos[0], err)
	}
	fmt.Fprintf(e.stdout, "imported %s from %s in %.2fs: %d rows, %d created, %d updated, %d unchanged\n",
		kind, pos[0], time.Since(start).Seconds(), res.Rows, res.Created, res.Updated, res.Unchanged)
	return nil
}

func runExport(ctx context.Context, e *env, args []string) error {
	var cfg Config
	var kind, format, out string
	fs := e.flags("export", "", "Export records as CSV (Danish Excel style: semicolons, decimal comma, UTF-8 with BOM) or XLSX.", &cfg, false)
	fs.StringVar(&kind, "kind", "", "what to export: "+strings.Join(sheet.Kinds(), ", "))
	fs.StringVar(&format, "format", "csv", "csv or xlsx")
	fs.StringVar(&out, "out", "", "file to write (default: standard output)")
	if pos, err := parse(fs, args); err != nil {
		return err
	} else if len(pos) != 0 {
		fs.Usage()
		return errUsage
	}
	if err := checkKind(kind); err != nil {
		return err
	}
	if format != "csv" && format != "xlsx" {
		return fmt.Errorf("format must be csv or xlsx, not %q", format)
	}
	db, err := open(ctx, cfg)
	if err != nil {
		return err
	}
	defer db.Close()
	if out == "" {
		return sheet.Export(ctx, db, kind, format, e.stdout)
	}
	// Write beside the target and rename, so a failed export leaves no half file.
	tmp, err := os.CreateTemp(filepath.Dir(out), ".klimaspor-export-*")
	if err != nil {
		return err
	}
	defer os.Remove(tmp.Name())
	if err := sheet.Export(ctx, db, kind, format, tmp); err != nil {
		tmp.Close()
		return err
	}
	if err := tmp.Close(); err != nil {
		return err
	}
	return os.Rename(tmp.Name(), out)
}

func runGen(ctx context.Context, e *env, args []string) error {
	var cfg Config
	var scale string
	fs := e.flags("gen", "", "Fill an empty database with a generated data set, all marked as example data.\n"+
		"national: 98 municipalities, 200 actions each, 300 indicators over 20 years with breakdowns (about 1.5 M values),\n"+
		"12 joint projects and 10,000 library items.\n"+
		"small: the same shape, 10 municipalities.", &cfg, false)
	fs.StringVar(&scale, "scale", "national", "national or small")
	if pos, err := parse(fs, args); err != nil {
		return err
	} else if len(pos) != 0 {
		fs.Usage()
		return errUsage
	}
	var gc gen.Config
	switch scale {
	case "national":
		gc = gen.National()
	case "small":
		gc = gen.Small()
	default:
		return fmt.Errorf("scale must be national or small, not %q", scale)
	}
	db, err := open(ctx, cfg)
	if err != nil {
		return err
	}
	defer db.Close()
	if n, err := db.Count(ctx, model.Organisations); err != nil {
		return err
	} else if n > 0 {
		return fmt.Errorf("%s already holds data; gen fills only an empty database", cfg.describeDB())
	}
	st, err := gen.Generate(ctx, db, gc, e.stderr)
	if err != nil {
		return err
	}
	fmt.Fprintln(e.stdout, st)
	return nil
}

// setBlobs keeps uploaded files' bytes in the S3 bucket of cfg.FilesS3 when an endpoint is
// set (the database keeps them otherwise). A half-given configuration stops the start; a
// bucket that does not answer now is logged, so that a passing outage of the object store
// does not keep the site down. Every one of to (the API, the pages) is given the same store.
func setBlobs(ctx context.Context, cfg Config, log *slog.Logger, to ...interface{ SetBlobs(files.Blobs) }) error {
	c := cfg.FilesS3
	if c.Endpoint == "" {
		if c.Bucket != "" || c.AccessKey != "" {
			return fmt.Errorf("KLIMASPOR_FILES_S3_BUCKET or _ACCESS_KEY is set without KLIMASPOR_FILES_S3_ENDPOINT")
		}
		return nil
	}
	if c.Bucket == "" || c.AccessKey == "" || c.SecretKey == "" {
		return fmt.Errorf("KLIMASPOR_FILES_S3_ENDPOINT is set: KLIMASPOR_FILES_S3_BUCKET, _ACCESS_KEY and _SECRET_KEY are needed too")
	}
	b, err := s3blobs.New(c)
	if err != nil {
		return fmt.Errorf("KLIMASPOR_FILES_S3_*: %w", err)
	}
	cctx, cancel := context.WithTimeout(ctx, 10*time.Second)
	defer cancel()
	if err := b.Check(cctx); err != nil {
		log.Error("the files' bucket does not answer; uploads and downloads fail until it does", "endpoint", c.Endpoint, "bucket", c.Bucket, "err", err)
	} else {
		log.Info("files are kept in object storage", "endpoint", c.Endpoint, "bucket", c.Bucket)
	}
	for _, t := range to {
		t.SetBlobs(b)
	}
	return nil
}
