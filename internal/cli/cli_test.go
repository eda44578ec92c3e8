package cli

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"klimaspor/internal/auth"
	"maps"
	"net"
	"net/http"
	"net/url"
	"os"
	"path/filepath"
	"sort"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"klimaspor/internal/mail/mailtest"
	"klimaspor/internal/store"
	"klimaspor/internal/store/storetest"
)

// testEnv runs commands in-process with the given environment variables.
func testEnv(vars map[string]string) (*env, *bytes.Buffer, *bytes.Buffer) {
	var out, errOut bytes.Buffer
	return &env{stdout: &out, stderr: &errOut, getenv: func(k string) string { return vars[k] }}, &out, &errOut
}

func TestEveryCommandHasHelp(t *testing.T) {
	for _, c := range commands {
		t.Run(c.name, func(t *testing.T) {
			e, out, errOut := testEnv(nil)
			if code := run(context.Background(), e, []string{c.name, "--help"}); code != 0 {
				t.Fatalf("exit %d; stderr: %s", code, errOut)
			}
			if !strings.Contains(out.String()+errOut.String(), "Usage: klimaspor "+c.name) {
				t.Errorf("help of %s: %s%s", c.name, out, errOut)
			}
		})
	}
	e, _, _ := testEnv(nil)
	if code := run(context.Background(), e, []string{"frobnicate"}); code != 2 {
		t.Errorf("unknown command exits %d, want 2", code)
	}
}

// engineEnv returns the environment and --db flag that select the engine.
func engineEnv(t *testing.T, engine string) (map[string]string, string) {
	if engine == "postgres" {
		return map[string]string{"KLIMASPOR_DATABASE_URL": storetest.NewSchema(t)}, filepath.Join(t.TempDir(), "unused.db")
	}
	return map[string]string{}, filepath.Join(t.TempDir(), "demo.db")
}

// TestDemoServesTheCapitalRegion is the "done when": the demo command serves the
// 29 municipalities, the 7 VIP projects with their leads and participants, and the SOSU
// totals, on both engines.
func TestDemoServesTheCapitalRegion(t *testing.T) {
	for _, engine := range storetest.Engines {
		t.Run(engine, func(t *testing.T) {
			vars, dbPath := engineEnv(t, engine)
			ms := mailtest.Start(t)
			maps.Copy(vars, smtpEnv(ms))
			base, stop := startServing(t, vars, "demo", "--addr", "127.0.0.1:0", "--db", dbPath)
			defer stop()
			get := func(path string) map[string]any {
				t.Helper()
				resp, err := http.Get(base + path)
				if err != nil {
					t.Fatal(err)
				}
				defer resp.Body.Close()
				var v map[string]any
				if err := json.NewDecoder(resp.Body).Decode(&v); err != nil || resp.StatusCode != 200 {
					t.Fatalf("GET %s: %d %v", path, resp.StatusCode, err)
				}
				return v
			}
			one := func(path string) map[string]any {
				t.Helper()
				items := get(path)["items"].([]any)
				if len(items) != 1 {
					t.Fatalf("GET %s gave %d items, want 1", path, len(items))
				}
				return items[0].(map[string]any)
			}
			names := map[float64]string{}
			orgs := get("/api/v1/organisations?limit=1000")["items"].([]any)
			for _, o := range orgs {
				m := o.(map[string]any)
				names[m["id"].(float64)] = m["name_da"].(string)
			}
			region := one("/api/v1/organisations?code=1084")
			munis := get(fmt.Sprintf("/api/v1/organisations?kind=municipality&parent=%v&limit=100", region["id"]))["items"].([]any)
			if len(munis) != 29 {
				t.Errorf("Region Hovedstaden has %d municipalities, want 29", len(munis))
			}
			if all := get("/api/v1/organisations?kind=municipality&limit=1000")["items"].([]any); len(all) != 98 {
				t.Errorf("%d municipalities in all, want 98", len(all))
			}
			vip := one("/api/v1/programmes?code=VIP")
			projects := get(fmt.Sprintf("/api/v1/projects?programme=%v&sort=code", vip["id"]))["items"].([]any)
			wantLeads := map[string][]string{
				"VIP1": {"Helsingør", "Høje-Taastrup"}, "VIP2": {"Albertslund"}, "VIP3": {"Frederiksberg", "Region Hovedstaden"},
				"VIP4": {"Gladsaxe"}, "VIP5": {"Ballerup", "Region Hovedstaden"}, "VIP6": {"Fredensborg", "Hvidovre"}, "VIP7": {"København"},
			}
			wantParticipants := map[string]int{"VIP1": 29, "VIP2": 10, "VIP3": 23, "VIP4": 17, "VIP5": 16, "VIP6": 26, "VIP7": 7}
			gotLeads := map[string][]string{}
			gotParticipants := map[string]int{}
			for _, p := range projects {
				pm := p.(map[string]any)
				full := get(fmt.Sprintf("/api/v1/projects/%v", pm["id"]))
				code := full["code"].(string)
				for _, l := range full["leads"].([]any) {
					gotLeads[code] = append(gotLeads[code], names[l.(float64)])
				}
				sort.Strings(gotLeads[code])
				gotParticipants[code] = len(full["participants"].([]any))
				if full["name_da"] == "" {
					t.Errorf("%s has no name", code)
				}
			}
			if diff := cmp.Diff(wantLeads, gotLeads); diff != "" {
				t.Errorf("VIP leads (-want +got):\n%s", diff)
			}
			if diff := cmp.Diff(wantParticipants, gotParticipants); diff != "" {
				t.Errorf("VIP participants (-want +got):\n%s", diff)
			}
			sums := map[string]float64{}
			for _, code := range []string{"sosu_helper_places", "sosu_assistant_places"} {
				ind := one("/api/v1/indicators?code=" + code)
				for _, p := range get(fmt.Sprintf("/api/v1/indicators/%v/summary?parent=%v", ind["id"], region["id"]))["periods"].([]any) {
					pm := p.(map[string]any)
					sums[code+" "+pm["period"].(string)] = pm["sum"].(float64)
				}
			}
			wantSums := map[string]float64{"sosu_helper_places 2022": 853, "sosu_helper_places 2023": 849, "sosu_assistant_places 2022": 1793, "sosu_assistant_places 2023": 1776}
			if diff := cmp.Diff(wantSums, sums); diff != "" {
				t.Errorf("SOSU totals (-want +got):\n%s", diff)
			}
			// The demo's example procurement: København 2023 is 475,000 t CO2e (demo's test).
			kbh := one("/api/v1/organisations?code=101&kind=municipality")
			if got := get(fmt.Sprintf("/api/v1/emissions/procurement?organisation=%v&year=2023", kbh["id"]))["total_t_co2e"]; got != 475000.0 {
				t.Errorf("København's example procurement footprint 2023 = %v t, want 475000", got)
			}
			// Without KLIMASPOR_BASE_URL, the demo's mail links lead to its own address,
			// whatever Host a client sends.
			askReset(t, base, "evil.example", "admin@demo.klimaspor.dk")
			// The reminders run at start too: the secretariat's digest of the open round
			// comes beside the reset mail, in either order.
			var reset, digest string
			for n := 1; n <= 4 && (reset == "" || digest == ""); n++ {
				for _, m := range ms.WaitFor(t, n, 10*time.Second) {
					switch {
					case strings.Contains(m.Body, "/nulstil?token="):
						reset = m.Body
					case strings.Contains(m.Body, "/rapportering/runder/"):
						digest = m.Body
					}
				}
			}
			if !strings.Contains(reset, base+"/nulstil?token=") || strings.Contains(reset, "evil.example") {
				t.Errorf("the demo's reset mail: %q", reset)
			}
			if !strings.Contains(digest, "VIP2") || !strings.Contains(digest, base+"/rapportering/runder/") {
				t.Errorf("the demo's digest of the open round: %q", digest)
			}
		})
	}
}

// TestImportRefusesABadFileAndNamesEveryRow checks the CLI's side of imports: a refused
// file exits non-zero, names each bad row, and changes nothing; a good one round-trips.
func TestImportExportThroughTheCommandLine(t *testing.T) {
	dir := t.TempDir()
	db := filepath.Join(dir, "k.db")
	runOK := func(args ...string) string {
		t.Helper()
		e, out, errOut := testEnv(nil)
		if code := run(context.Background(), e, args); code != 0 {
			t.Fatalf("%v exited %d: %s", args, code, errOut)
		}
		return out.String()
	}
	good := "\ufefftype;kode;navn;navn_en;overordnet\r\nregion;1084;Region Hovedstaden;Capital Region;\r\nmunicipality;101;København;Copenhagen;1084\r\n"
	bad := "type;kode;navn\nmunicipality;1x;Ballerup\nplanet;159;Gladsaxe\nmunicipality;165;\n"
	write := func(name, body string) string {
		p := filepath.Join(dir, name)
		if err := os.WriteFile(p, []byte(body), 0o644); err != nil {
			t.Fatal(err)
		}
		return p
	}
	runOK("user", "add", "--db", db, "--email", "admin@kk.dk", "--role", "admin")
	runOK("import", "--db", db, "--as", "admin@kk.dk", "--kind", "organisations", write("good.csv", good))
	before := runOK("export", "--db", db, "--kind", "organisations", "--format", "csv")

	e, _, errOut := testEnv(nil)
	code := run(context.Background(), e, []string{"import", "--db", db, "--as", "admin@kk.dk", "--kind", "organisations", write("bad.csv", bad)})
	if code == 0 {
		t.Fatal("a bad file was accepted")
	}
	for _, row := range []string{"row 2", "row 3", "row 4"} {
		if !strings.Contains(errOut.String(), row) {
			t.Errorf("error output does not name %s:\n%s", row, errOut)
		}
	}
	if after := runOK("export", "--db", db, "--kind", "organisations", "--format", "csv"); after != before {
		t.Errorf("a refused import changed the data:\n%s\nvs\n%s", before, after)
	}
	// Export to a file and import it into an empty database: the export is the same.
	out := filepath.Join(dir, "orgs.csv")
	runOK("export", "--db", db, "--kind", "organisations", "--format", "csv", "--out", out)
	db2 := filepath.Join(dir, "empty.db")
	runOK("user", "add", "--db", db2, "--email", "admin@kk.dk", "--role", "admin")
	runOK("import", "--db", db2, "--as", "admin@kk.dk", "--kind", "organisations", out)
	if again := runOK("export", "--db", db2, "--kind", "organisations", "--format", "csv"); again != before {
		t.Errorf("round trip differs:\n%s\nvs\n%s", before, again)
	}
	if v := runOK("version"); !strings.HasPrefix(v, "klimaspor ") {
		t.Errorf("version = %q", v)
	}
	if m := runOK("migrate", "--db", db2); !strings.Contains(m, "00001") {
		t.Errorf("migrate output = %q", m)
	}
}

// TestUserCommands: people are added, listed, given roles and disabled from the command line,
// and an import is refused for a person whose roles do not allow it, changing nothing.
func TestUserCommands(t *testing.T) {
	dir := t.TempDir()
	db := filepath.Join(dir, "k.db")
	runCmd := func(stdin string, args ...string) (int, string, string) {
		t.Helper()
		e, out, errOut := testEnv(nil)
		e.stdin = strings.NewReader(stdin)
		code := run(context.Background(), e, args)
		return code, out.String(), errOut.String()
	}
	orgs := filepath.Join(dir, "orgs.csv")
	if err := os.WriteFile(orgs, []byte("type;kode;navn\nregion;1084;Region Hovedstaden\nmunicipality;101;København\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	if code, out, errOut := runCmd("", "user", "add", "--db", db, "--email", "Admin@KK.dk", "--name", "Ada", "--role", "admin"); code != 0 || !strings.Contains(out, "password (shown once): ") {
		t.Fatalf("add admin: %d %s %s", code, out, errOut)
	}
	if code, _, errOut := runCmd("", "import", "--db", db, "--kind", "organisations", orgs); code == 0 || !strings.Contains(errOut, "--as") {
		t.Errorf("an import without --as: %d %s", code, errOut)
	}
	if code, _, errOut := runCmd("", "import", "--db", db, "--as", "admin@kk.dk", "--kind", "organisations", orgs); code != 0 {
		t.Fatalf("import as the admin: %d %s", code, errOut)
	}
	if code, out, errOut := runCmd("en lang og god adgangskode\n", "user", "add", "--db", db, "--email", "eva@kk.dk", "--role", "editor@101", "--password-stdin"); code != 0 || strings.Contains(out, "shown once") {
		t.Fatalf("add editor: %d %s %s", code, out, errOut)
	}
	if code, _, errOut := runCmd("kort\n", "user", "add", "--db", db, "--email", "x@kk.dk", "--password-stdin"); code == 0 || !strings.Contains(errOut, "at least 12") {
		t.Errorf("a short password: %d %s", code, errOut)
	}
	if code, _, errOut := runCmd("", "user", "add", "--db", db, "--email", "y@kk.dk", "--role", "editor"); code == 0 || !strings.Contains(errOut, "editor@CODE") {
		t.Errorf("an editor without an organisation: %d %s", code, errOut)
	}
	// Copenhagen's editor may not change the directory of organisations.
	renamed := filepath.Join(dir, "renamed.csv")
	if err := os.WriteFile(renamed, []byte("type;kode;navn\nmunicipality;101;Kbh\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	if code, _, errOut := runCmd("", "import", "--db", db, "--as", "eva@kk.dk", "--kind", "organisations", renamed); code == 0 || !strings.Contains(errOut, "not allowed: eva@kk.dk may not change any organisation") {
		// refused before the file is read: an editor changes no organisation at all
		t.Errorf("an editor imports organisations: %d %s", code, errOut)
	}
	if _, out, _ := runCmd("", "export", "--db", db, "--kind", "organisations", "--format", "csv"); !strings.Contains(out, "København") {
		t.Error("a refused import changed the data")
	}
	code, out, _ := runCmd("", "user", "list", "--db", db)
	if code != 0 || !strings.Contains(out, "admin@kk.dk") || !strings.Contains(out, "editor@101") {
		t.Errorf("list: %d\n%s", code, out)
	}
	if code, out, errOut := runCmd("", "user", "role", "--db", db, "--email", "eva@kk.dk", "--role", "viewer@101", "--role", "project_lead@101"); code != 0 || !strings.Contains(out, "viewer@101, project_lead@101") {
		t.Errorf("role: %d %s %s", code, out, errOut)
	}
	// Role changes from the command line are in the audit trail as the command line's.
	sdb, err := store.Open(context.Background(), store.Config{Path: db})
	if err != nil {
		t.Fatal(err)
	}
	entries, err := sdb.Audit(context.Background(), store.AuditQuery{Resource: "users", Channel: store.ChannelCLI, Op: "update"})
	sdb.Close()
	if err != nil || len(entries) != 1 || !strings.HasPrefix(entries[0].Summary, "roles: viewer@") {
		t.Errorf("the role change in the audit trail: %+v %v", entries, err)
	}
	if code, out, errOut := runCmd("", "user", "link", "--db", db, "--email", "eva@kk.dk", "--issuer", "https://login.example/tenant/v2.0", "--subject", "abc"); code != 0 || !strings.Contains(out, "signs in with abc") {
		t.Errorf("link: %d %s %s", code, out, errOut)
	}
	if code, _, errOut := runCmd("", "user", "link", "--db", db, "--email", "admin@kk.dk", "--issuer", "https://login.example/tenant/v2.0", "--subject", "abc"); code == 0 || !strings.Contains(errOut, "another person") {
		t.Errorf("linking one identity twice: %d %s", code, errOut)
	}
	// A token made on the command line works as one made on the account page: only its hash
	// is kept, and it belongs to the person with the scope asked for.
	code, out, errOut := runCmd("", "user", "token", "--db", db, "--email", "eva@kk.dk", "--name", "soak", "--scope", "write", "--days", "2")
	token := strings.TrimSpace(out)
	if code != 0 || !strings.HasPrefix(token, "ks_") {
		t.Fatalf("token: %d %q %s", code, out, errOut)
	}
	if sdb, err := store.Open(context.Background(), store.Config{Path: db}); err != nil {
		t.Fatal(err)
	} else {
		tok, err := sdb.TokenByHash(context.Background(), auth.HashToken(token))
		sdb.Close()
		if err != nil || tok.Scope != auth.ScopeWrite || tok.Name != "soak" {
			t.Errorf("the token kept: %+v %v", tok, err)
		}
	}
	for _, bad := range [][]string{{"--scope", "all"}, {"--days", "0"}, {"--days", "731"}} {
		args := append([]string{"user", "token", "--db", db, "--email", "eva@kk.dk", "--name", "x"}, bad...)
		if code, _, _ := runCmd("", args...); code == 0 {
			t.Errorf("token %v: accepted", bad)
		}
	}
	if code, out, _ := runCmd("", "user", "disable", "--db", db, "--email", "eva@kk.dk"); code != 0 || !strings.Contains(out, "disabled") {
		t.Errorf("disable: %d %s", code, out)
	}
	if code, _, errOut := runCmd("", "import", "--db", db, "--as", "eva@kk.dk", "--kind", "organisations", orgs); code == 0 || !strings.Contains(errOut, "disabled") {
		t.Errorf("import as a disabled person: %d %s", code, errOut)
	}
	if _, out, _ := runCmd("", "user", "list", "--db", db); !strings.Contains(out, "disabled") {
		t.Errorf("list does not show the disabled person:\n%s", out)
	}
}

// startServing runs serve or demo with vars until the test stops it; stop returns what the
// command wrote to standard error.
func startServing(t *testing.T, vars map[string]string, args ...string) (base string, stop func() string) {
	t.Helper()
	e, _, errOut := testEnv(vars)
	return startServingEnv(t, e, errOut, args...)
}

// startServingEnv is startServing with an environment of the test's own (metricsListening set, say).
func startServingEnv(t *testing.T, e *env, errOut *bytes.Buffer, args ...string) (base string, stop func() string) {
	t.Helper()
	addrc := make(chan string, 1)
	e.listening = func(a string) { addrc <- a }
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan int, 1)
	go func() { done <- run(ctx, e, args) }()
	select {
	case a := <-addrc:
		base = "http://" + a
	case code := <-done:
		cancel()
		t.Fatalf("%s exited %d: %s", args[0], code, errOut)
	case <-time.After(3 * time.Minute):
		cancel()
		t.Fatalf("%s did not start", args[0])
	}
	return base, func() string {
		cancel()
		if code := <-done; code != 0 {
			t.Errorf("%s exited %d: %s", args[0], code, errOut)
		}
		return errOut.String()
	}
}

// smtpEnv points the mail settings at a test SMTP server.
func smtpEnv(ms *mailtest.Server) map[string]string {
	return map[string]string{"KLIMASPOR_SMTP_HOST": ms.Host(), "KLIMASPOR_SMTP_PORT": strconv.Itoa(ms.Port()),
		"KLIMASPOR_SMTP_FROM": "noreply@klimaspor.test", "KLIMASPOR_SMTP_TLS": "none"}
}

// askReset asks for a password reset link, sending the Host header given; it returns the status.
func askReset(t *testing.T, base, host, email string) int {
	t.Helper()
	req, err := http.NewRequest("POST", base+"/glemt-adgangskode", strings.NewReader(url.Values{"email": {email}}.Encode()))
	if err != nil {
		t.Fatal(err)
	}
	req.Host = host
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	return resp.StatusCode
}

// TestServeBuildsMailLinksOnlyFromBaseURL: serve takes the links in mails from
// KLIMASPOR_BASE_URL alone; without it, it says so at start and sends no reset mail.
func TestServeBuildsMailLinksOnlyFromBaseURL(t *testing.T) {
	for _, c := range []struct {
		name, baseURL, want string
		status              int
	}{
		{"without KLIMASPOR_BASE_URL", "", "", http.StatusServiceUnavailable},
		{"with KLIMASPOR_BASE_URL", "https://klimaspor.example.dk/", "https://klimaspor.example.dk/nulstil?token=", http.StatusOK},
	} {
		t.Run(c.name, func(t *testing.T) {
			db := filepath.Join(t.TempDir(), "k.db")
			e, _, errOut := testEnv(nil)
			e.stdin = strings.NewReader("en lang og god adgangskode\n")
			if code := run(context.Background(), e, []string{"user", "add", "--db", db, "--email", "eva@kk.dk", "--password-stdin"}); code != 0 {
				t.Fatalf("user add: %d %s", code, errOut)
			}
			ms := mailtest.Start(t)
			vars := smtpEnv(ms)
			vars["KLIMASPOR_BASE_URL"] = c.baseURL
			base, stop := startServing(t, vars, "serve", "--addr", "127.0.0.1:0", "--db", db)
			if got := askReset(t, base, "evil.example", "eva@kk.dk"); got != c.status {
				t.Errorf("ask for a reset: %d, want %d", got, c.status)
			}
			if c.want == "" {
				time.Sleep(200 * time.Millisecond)
				if n := len(ms.Messages()); n != 0 {
					t.Errorf("%d mails sent: %q", n, ms.Messages()[0].Body)
				}
			} else if body := ms.WaitFor(t, 1, 10*time.Second)[0].Body; !strings.Contains(body, c.want) || strings.Contains(body, "evil.example") {
				t.Errorf("the reset mail: %q", body)
			}
			logs := stop()
			if said := strings.Contains(logs, "KLIMASPOR_BASE_URL is not set"); said != (c.baseURL == "") {
				t.Errorf("the start says KLIMASPOR_BASE_URL is not set: %v; log:\n%s", said, logs)
			}
		})
	}
	// A base URL that is not an absolute http(s) address stops the start.
	e, _, errOut := testEnv(map[string]string{"KLIMASPOR_BASE_URL": "klimaspor.example.dk"})
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second) // old code served on
	defer cancel()
	if code := run(ctx, e, []string{"serve", "--addr", "127.0.0.1:0", "--db", filepath.Join(t.TempDir(), "k.db")}); code != 1 || !strings.Contains(errOut.String(), "KLIMASPOR_BASE_URL") {
		t.Errorf("a bad base URL: exit %d: %s", code, errOut)
	}
}

// TestDemoLinksLeadToItsListenAddress: the demo's mail links default to where it listens,
// with localhost for an unspecified host.
func TestDemoLinksLeadToItsListenAddress(t *testing.T) {
	for _, c := range []struct{ addr, bound, want string }{
		{"127.0.0.1:8080", "127.0.0.1:8080", "http://127.0.0.1:8080"},
		{"127.0.0.1:0", "127.0.0.1:43123", "http://127.0.0.1:43123"},
		{":8080", "[::]:8080", "http://localhost:8080"},
		{"0.0.0.0:9000", "0.0.0.0:9000", "http://localhost:9000"},
		{"[::1]:8080", "[::1]:8080", "http://[::1]:8080"},
		{"klimaspor.local:8080", "10.0.0.5:8080", "http://klimaspor.local:8080"},
	} {
		bound, err := net.ResolveTCPAddr("tcp", c.bound)
		if err != nil {
			t.Fatal(err)
		}
		if got := listenURL(c.addr, bound); got != c.want {
			t.Errorf("listenURL(%q, %s) = %q, want %q", c.addr, c.bound, got, c.want)
		}
	}
}

// TestMaxImportSetting: KLIMASPOR_MAX_IMPORT_MB sets the largest file an import takes, in
// MiB; anything but a positive number leaves the default of 64 MiB.
func TestMaxImportSetting(t *testing.T) {
	for v, want := range map[string]int64{"": 64 << 20, "8": 8 << 20, "1024": 1 << 30, "0": 64 << 20, "-3": 64 << 20, "lots": 64 << 20} {
		var cfg Config
		e, _, _ := testEnv(map[string]string{"KLIMASPOR_MAX_IMPORT_MB": v})
		e.flags("serve", "", "", &cfg, true)
		if cfg.MaxImport != want {
			t.Errorf("KLIMASPOR_MAX_IMPORT_MB=%q: %d bytes, want %d", v, cfg.MaxImport, want)
		}
	}
}

// TestBackupAndRestoreCommands runs backup and restore through the command line on SQLite
// (internal/backup tests both engines with the whole demo): the file is written, a second
// backup to it and a restore over data are refused without --force, and the S3 note shows
// when object storage is set.
func TestBackupAndRestoreCommands(t *testing.T) {
	dir := t.TempDir()
	src, dst, file := filepath.Join(dir, "src.db"), filepath.Join(dir, "dst.db"), filepath.Join(dir, "b.klimaspor")
	s3 := map[string]string{"KLIMASPOR_FILES_S3_ENDPOINT": "s3.example.org", "KLIMASPOR_FILES_S3_BUCKET": "klimaspor-files"}
	ctx := context.Background()
	for _, c := range []struct {
		args []string
		vars map[string]string
		code int
		want string
	}{
		{[]string{"migrate", "--db", src}, nil, 0, "migrated"},
		{[]string{"backup", "--db", src}, nil, 2, ""},
		{[]string{"backup", "--db", src, "--out", file}, s3, 0, "are NOT in this backup"},
		{[]string{"backup", "--db", src, "--out", file}, nil, 1, "--force"},
		{[]string{"backup", "--db", src, "--out", file, "--force"}, nil, 0, "backed up SQLite file " + src},
		{[]string{"restore", "--db", dst, "--from", file}, nil, 0, "restored " + file},
		{[]string{"restore", "--db", dst, "--from", src + ".missing"}, nil, 1, "no such file"},
		{[]string{"restore", "--db", dst, "--from", file}, nil, 0, "restored"}, // a migrated, empty database
		{[]string{"user", "add", "--db", dst, "--email", "a@example.org", "--name", "A"}, nil, 0, ""},
		{[]string{"restore", "--db", dst, "--from", file}, nil, 1, "holds data"},
		{[]string{"restore", "--db", dst, "--from", file, "--force"}, nil, 0, "restored"},
	} {
		e, out, errOut := testEnv(c.vars)
		code := run(ctx, e, c.args)
		if code != c.code || !strings.Contains(out.String()+errOut.String(), c.want) {
			t.Errorf("%v: exit %d, want %d with %q; stdout %s; stderr %s", c.args, code, c.code, c.want, out, errOut)
		}
	}
}
