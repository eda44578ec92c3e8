package klimaregnskab_test

import (
	"context"
	"errors"
	"fmt"
	"math"
	"net/http"
	"net/http/httptest"
	"os"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"klimaspor/internal/auth"
	"klimaspor/internal/klimaregnskab"
	"klimaspor/internal/model"
	"klimaspor/internal/store"
	"klimaspor/internal/store/storetest"
)

const testKey = "test-key"

// agency serves the answers in testdata as the API would, on loopback: it wants the key in
// x-api-key and the type Nøgletal, and answers an empty list for a municipality or year it
// has no file for. body, when it returns non-empty, replaces a file's answer.
func agency(t *testing.T, body func(municipality, year string) string) (*httptest.Server, *atomic.Int64) {
	t.Helper()
	var calls atomic.Int64
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		calls.Add(1)
		if r.URL.Path != "/api/municipality-data" || r.Method != http.MethodGet {
			http.NotFound(w, r)
			return
		}
		if r.Header.Get("x-api-key") != testKey {
			http.Error(w, `{"message":"Unauthorized"}`, http.StatusUnauthorized)
			return
		}
		q := r.URL.Query()
		if q.Get("type") != "Nøgletal" {
			http.Error(w, `{"message":"unknown type"}`, http.StatusBadRequest)
			return
		}
		w.Header().Set("Content-Type", "application/json")
		if body != nil {
			if b := body(q.Get("municipality"), q.Get("year")); b != "" {
				fmt.Fprint(w, b)
				return
			}
		}
		b, err := os.ReadFile(fmt.Sprintf("testdata/%s_%s.json", q.Get("municipality"), q.Get("year")))
		if err != nil {
			fmt.Fprint(w, `{"data": []}`)
			return
		}
		w.Write(b)
	}))
	t.Cleanup(srv.Close)
	return srv, &calls
}

func client(t *testing.T, base, key string) *klimaregnskab.Client {
	t.Helper()
	c, err := klimaregnskab.New(klimaregnskab.Config{URL: base, Key: key}, nil)
	if err != nil {
		t.Fatal(err)
	}
	return c
}

// TestSectorsOfAnAnswer: the sectors of København 2023 as the agency publishes them
// (demo/data/klimaregnskab_by_kommune_2018_2023.json), Affaldsdeponi and Spildevand summed
// into affald; the totals, per-inhabitant, per-km² and energy rows left out.
func TestSectorsOfAnAnswer(t *testing.T) {
	srv, _ := agency(t, nil)
	rows, err := client(t, srv.URL, testKey).Rows(context.Background(), "101", 2023, klimaregnskab.TypeKeyFigures)
	if err != nil {
		t.Fatal(err)
	}
	got, err := klimaregnskab.Sectors(rows)
	if err != nil {
		t.Fatal(err)
	}
	want := map[string]float64{"energi": 542431.0, "transport": 226458.0, "landbrug": -1069.1, "affald": 59561.3, "industri": 40055.7}
	if len(got) != len(want) {
		t.Errorf("sectors %v, want %v", got, want)
	}
	sum := 0.0
	for s, w := range want {
		if math.Abs(got[s]-w) > 1e-6 {
			t.Errorf("%s: %v, want %v", s, got[s], w)
		}
		sum += got[s]
	}
	// The published total is 867,436.9 t; the sectors, each rounded to 0.1 t, come within 0.2 t.
	if math.Abs(sum-867436.9) > 0.25 {
		t.Errorf("the sectors sum to %.1f, the published total is 867436.9", sum)
	}
}

// TestSectorsRefuses: an unknown sector among the emissions, or an answer without emissions
// (the API's empty list for a year it has no figures for), is an error.
func TestSectorsRefuses(t *testing.T) {
	v := 1.0
	for _, tc := range []struct {
		what string
		rows []klimaregnskab.Row
		msg  string
	}{
		{"unknown sector", []klimaregnskab.Row{{Sektor: "Energi", Type: "Samlet CO2-udledning", Enhed: "Ton CO2e", Vaerdi: &v},
			{Sektor: "Arealanvendelse", Type: "Samlet CO2-udledning", Enhed: "Ton CO2e", Vaerdi: &v}}, "Arealanvendelse"},
		{"no emissions", []klimaregnskab.Row{{Sektor: "Samlet", Type: "Samlet CO2-udledning", Enhed: "Ton CO2e", Vaerdi: &v}}, "no emissions"},
		{"empty", nil, "no emissions"},
	} {
		if _, err := klimaregnskab.Sectors(tc.rows); err == nil || !strings.Contains(err.Error(), tc.msg) {
			t.Errorf("%s: %v, want an error naming %q", tc.what, err, tc.msg)
		}
	}
}

// TestConfig: the key is required; the base address defaults to the agency's and must be
// http(s); the environment names both.
func TestConfig(t *testing.T) {
	env := map[string]string{"KLIMASPOR_KLIMAREGNSKAB_URL": "http://127.0.0.1:1", "KLIMASPOR_KLIMAREGNSKAB_KEY": "k"}
	if cfg := klimaregnskab.ConfigFromEnv(func(k string) string { return env[k] }); cfg.URL != "http://127.0.0.1:1" || cfg.Key != "k" {
		t.Errorf("config from the environment: %+v", cfg)
	}
	for _, tc := range []struct {
		cfg klimaregnskab.Config
		ok  bool
	}{
		{klimaregnskab.Config{Key: "k"}, true},
		{klimaregnskab.Config{URL: "https://example.org/base", Key: "k"}, true},
		{klimaregnskab.Config{URL: "https://example.org"}, false},
		{klimaregnskab.Config{URL: "ftp://example.org", Key: "k"}, false},
		{klimaregnskab.Config{URL: "klimaregnskabet.dk", Key: "k"}, false},
	} {
		if _, err := klimaregnskab.New(tc.cfg, nil); (err == nil) != tc.ok {
			t.Errorf("New(%+v): %v, want ok %v", tc.cfg, err, tc.ok)
		}
	}
}

// TestImportARelease (both engines): the connector reads two municipalities × two years from
// the loopback agency into one release, each sector as published; a refused key, a year
// without figures or a bad answer stores nothing; an editor may not import.
func TestImportARelease(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		mk := func(rec model.Record) int64 {
			t.Helper()
			out, err := db.Create(ctx, model.Organisations, rec)
			if err != nil {
				t.Fatal(err)
			}
			return out.ID()
		}
		nation := mk(model.Record{"kind": "country", "code": "DK", "name_da": "Danmark"})
		region := mk(model.Record{"kind": "region", "code": "1083", "name_da": "Region Syddanmark", "parent_id": nation})
		kbh := mk(model.Record{"kind": "municipality", "code": "101", "name_da": "København", "parent_id": region})
		aab := mk(model.Record{"kind": "municipality", "code": "580", "name_da": "Aabenraa", "parent_id": region})
		today := time.Date(2026, 5, 18, 12, 0, 0, 0, time.UTC)

		bad := map[string]func(m, y string) string{
			"a broken answer": func(m, y string) string {
				if m == "580" && y == "2023" {
					return `{"data": [`
				}
				return ""
			},
			"an unknown sector": func(m, y string) string {
				if m == "580" {
					return `{"data": [{"sektor": "Arealanvendelse", "type": "Samlet CO2-udledning", "enhed": "Ton CO2e", "værdi": 5}]}`
				}
				return ""
			},
		}
		for what, body := range bad {
			srv, _ := agency(t, body)
			if _, err := client(t, srv.URL, testKey).Import(ctx, db, "R", []int{2022, 2023}, today); err == nil {
				t.Errorf("%s: imported", what)
			}
		}
		srv, calls := agency(t, nil)
		if _, err := client(t, srv.URL, "wrong").Import(ctx, db, "R", []int{2023}, today); err == nil || !strings.Contains(err.Error(), "refused the key") {
			t.Errorf("a wrong key: %v", err)
		}
		if _, err := client(t, srv.URL, testKey).Import(ctx, db, "R", []int{2023, 2024}, today); err == nil || !strings.Contains(err.Error(), "2024") {
			t.Errorf("a year without figures: %v, want an error naming 2024", err)
		}
		u, err := db.CreateUser(ctx, store.User{Email: "editor@kbh.dk", Memberships: []store.Membership{{Role: auth.RoleEditor, OrganisationID: kbh}}})
		if err != nil {
			t.Fatal(err)
		}
		editor := store.WithActor(ctx, store.Actor{UserID: u.ID, Channel: store.ChannelCLI, Guard: auth.Guard(&auth.Principal{User: u})})
		if _, err := client(t, srv.URL, testKey).Import(editor, db, "R", []int{2023}, today); !errors.Is(err, auth.ErrForbidden) {
			t.Errorf("an editor imports: %v, want forbidden", err)
		}
		if rels, _ := db.Releases(ctx); len(rels) != 0 {
			t.Fatalf("refused imports stored %+v", rels)
		}

		calls.Store(0)
		rel, err := client(t, srv.URL, testKey).Import(ctx, db, "Energi- og CO2-regnskabet 2022–2023", []int{2022, 2023}, today)
		if err != nil {
			t.Fatal(err)
		}
		if n := calls.Load(); n != 4 {
			t.Errorf("%d calls, want 2 municipalities × 2 years", n)
		}
		if rel.Vintage != "2026-05-18" || rel.Source != klimaregnskab.Source {
			t.Errorf("release %+v", rel)
		}
		for _, tc := range []struct {
			org   int64
			year  int
			total float64 // the sum of the published sectors
			waste float64
		}{
			{kbh, 2022, 667765.2 + 234737.4 - 1152.3 + 61869.2 + 46638.0, 61869.2},
			{kbh, 2023, 542431.0 + 226458.0 - 1069.1 + 59561.3 + 40055.7, 59561.3},
			{aab, 2023, 42234.8 + 111607.8 + 423916.7 + 30938.8 + 3615.6, 30938.8},
			{region, 2023, 542431.0 + 226458.0 - 1069.1 + 59561.3 + 40055.7 + 42234.8 + 111607.8 + 423916.7 + 30938.8 + 3615.6, 59561.3 + 30938.8},
		} {
			inv, err := db.Inventory(ctx, tc.org, rel.ID)
			if err != nil {
				t.Fatal(err)
			}
			found := false
			for _, y := range inv.Years {
				if y.Year != tc.year {
					continue
				}
				found = true
				if math.Abs(y.TotalTCO2e-tc.total) > 0.001 || len(y.Sectors) != 5 {
					t.Errorf("organisation %d, %d: total %.3f in %d sectors, want %.3f in 5", tc.org, tc.year, y.TotalTCO2e, len(y.Sectors), tc.total)
				}
				for _, s := range y.Sectors {
					if s.Sector == "affald" && math.Abs(s.TCO2e-tc.waste) > 0.001 {
						t.Errorf("organisation %d, %d: affald %.3f, want %.3f (affaldsdeponi and spildevand)", tc.org, tc.year, s.TCO2e, tc.waste)
					}
				}
			}
			if !found {
				t.Errorf("organisation %d has no %d", tc.org, tc.year)
			}
		}
	})
}
