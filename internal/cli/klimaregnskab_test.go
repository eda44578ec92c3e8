package cli

import (
	"context"
	"fmt"
	"math"
	"net/http"
	"net/http/httptest"
	"os"
	"strings"
	"testing"

	"klimaspor/internal/model"
	"klimaspor/internal/store"
)

// TestKlimaregnskabCommand: klimaspor klimaregnskab reads the stored municipalities' accounts
// from the API (served on loopback from internal/klimaregnskab/testdata, with the key from
// the environment) into a release, on both engines; without a key, without --as, as an
// editor or with bad years it stores nothing; a second run adds a second release.
func TestKlimaregnskabCommand(t *testing.T) {
	agency := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.Header.Get("x-api-key") != "k3y" {
			http.Error(w, "unauthorized", http.StatusUnauthorized)
			return
		}
		q := r.URL.Query()
		b, err := os.ReadFile(fmt.Sprintf("../klimaregnskab/testdata/%s_%s.json", q.Get("municipality"), q.Get("year")))
		if err != nil {
			b = []byte(`{"data": []}`)
		}
		w.Header().Set("Content-Type", "application/json")
		w.Write(b)
	}))
	defer agency.Close()
	for _, engine := range []string{"sqlite", "postgres"} {
		t.Run(engine, func(t *testing.T) {
			vars, db := engineEnv(t, engine)
			vars["KLIMASPOR_KLIMAREGNSKAB_URL"] = agency.URL
			runCmd := func(extra map[string]string, args ...string) (int, string, string) {
				t.Helper()
				env := map[string]string{}
				for k, v := range vars {
					env[k] = v
				}
				for k, v := range extra {
					env[k] = v
				}
				e, out, errOut := testEnv(env)
				code := run(context.Background(), e, append(args, "--db", db))
				return code, out.String(), errOut.String()
			}
			withKey := map[string]string{"KLIMASPOR_KLIMAREGNSKAB_KEY": "k3y"}
			if code, _, errOut := runCmd(nil, "migrate"); code != 0 {
				t.Fatalf("migrate: %s", errOut)
			}
			sdb := openDB(t, vars, db)
			for _, o := range []model.Record{
				{"kind": "municipality", "code": "101", "name_da": "København"},
				{"kind": "municipality", "code": "580", "name_da": "Aabenraa"},
			} {
				if _, err := sdb.Create(context.Background(), model.Organisations, o); err != nil {
					t.Fatal(err)
				}
			}
			for _, u := range [][]string{{"admin@kk.dk", "admin"}, {"eva@kk.dk", "editor@101"}} {
				if code, _, errOut := runCmd(nil, "user", "add", "--email", u[0], "--role", u[1]); code != 0 {
					t.Fatalf("add %s: %s", u[0], errOut)
				}
			}
			for _, tc := range []struct {
				what  string
				env   map[string]string
				args  []string
				error string
			}{
				{"no key", nil, []string{"--as", "admin@kk.dk", "--years", "2022-2023"}, "KLIMASPOR_KLIMAREGNSKAB_KEY"},
				{"a wrong key", map[string]string{"KLIMASPOR_KLIMAREGNSKAB_KEY": "nope"}, []string{"--as", "admin@kk.dk", "--years", "2022-2023"}, "refused the key"},
				{"no --as", withKey, []string{"--years", "2022-2023"}, "--as"},
				{"an editor of København", withKey, []string{"--as", "eva@kk.dk", "--years", "2022-2023"}, "not allowed"},
				{"bad years", withKey, []string{"--as", "admin@kk.dk", "--years", "2023-2022"}, "--years"},
				{"a year without figures", withKey, []string{"--as", "admin@kk.dk", "--years", "2023,2024"}, "2024"},
			} {
				code, _, errOut := runCmd(tc.env, append([]string{"klimaregnskab"}, tc.args...)...)
				if code == 0 || !strings.Contains(errOut, tc.error) {
					t.Errorf("%s: exit %d, %s; want an error naming %q", tc.what, code, errOut, tc.error)
				}
			}
			if rels, err := sdb.Releases(context.Background()); err != nil || len(rels) != 0 {
				t.Fatalf("refused runs stored %+v %v", rels, err)
			}
			code, out, errOut := runCmd(withKey, "klimaregnskab", "--as", "admin@kk.dk", "--years", "2022-2023")
			if code != 0 || !strings.Contains(out, `"Energi- og CO2-regnskabet 2022–2023"`) {
				t.Fatalf("import: exit %d, %s %s", code, out, errOut)
			}
			if code, _, errOut := runCmd(withKey, "klimaregnskab", "--as", "admin@kk.dk", "--years", "2023", "--name", "Genberegnet"); code != 0 {
				t.Fatalf("second import: %s", errOut)
			}
			rels, err := sdb.Releases(context.Background())
			if err != nil || len(rels) != 2 || rels[1].Name != "Energi- og CO2-regnskabet 2022–2023" || rels[1].CreatedBy == 0 {
				t.Fatalf("releases %+v %v", rels, err)
			}
			kbh, err := sdb.List(context.Background(), model.Organisations, model.ListQuery{Filters: map[string]string{"code": "101"}})
			if err != nil {
				t.Fatal(err)
			}
			inv, err := sdb.Inventory(context.Background(), kbh.Items[0].ID(), rels[1].ID)
			if err != nil || len(inv.Years) != 2 || math.Abs(inv.Years[1].TotalTCO2e-(542431.0+226458.0-1069.1+59561.3+40055.7)) > 0.001 {
				t.Errorf("København in the first release: %+v %v", inv, err)
			}
		})
	}
}

// openDB opens the database a command used, for looking at it; closed when the test ends.
func openDB(t *testing.T, vars map[string]string, path string) *store.DB {
	t.Helper()
	db, err := store.Open(context.Background(), store.Config{Path: path, URL: vars["KLIMASPOR_DATABASE_URL"]})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	return db
}
