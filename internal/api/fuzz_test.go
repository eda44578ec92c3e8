package api_test

import (
	"context"
	"encoding/json"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"testing"

	"klimaspor/internal/api"
	"klimaspor/internal/model"
	"klimaspor/internal/store"
	"klimaspor/internal/store/storetest"
)

// FuzzListQuery fuzzes a list's query string (filters, sort, limit and cursor, and the
// check every query parameter passes) through the API's own handler, on an SQLite database
// made once per fuzzing process with a few records of several kinds. Whatever the query, the
// answer is 200 or a 400 that names the parameter and says why, never a 500: a filter it
// takes is valid SQL, and a cursor tampered with is "not one this list gave out". A page's
// next cursor, followed with the same query, gives the next page (encode → decode is
// lossless, for every sort).
func FuzzListQuery(f *testing.F) {
	db := storetest.Open(f, "sqlite")
	if err := fuzzWorld(db); err != nil {
		f.Fatal(err)
	}
	h := api.New(db, slog.New(slog.NewTextHandler(io.Discard, nil)), "test").Handler()
	seeds := []struct {
		res   int
		query string
	}{
		{0, "limit=1&sort=-name_da"}, {0, "kind=municipality&q=K%C3%B8benhavn"}, {0, "q=%25_%5C"}, {0, "parent=1&sort=code&limit=2"},
		{0, "parent=abc"}, {0, "parent=99999999999999999999"}, {0, "limit=0"}, {0, "limit=101"}, {0, "sort=bogus"},
		{0, "limit=1&cursor=eyJ2IjoiS8O4YmVuaGF2biIsImlkIjozfQ&sort=name_da"}, {0, "cursor=eyJ2IjoxLCJpZCI6MX0&sort=name_da"},
		{0, "cursor=%21%21&sort=code"}, {0, "cursor=bnVsbA"}, {0, "cursor=eyJ2IjpudWxsLCJpZCI6MX0&sort=kind"},
		{0, "q=%00"}, {0, "q=%FF"}, {0, "q=" + strings.Repeat("a", 300)}, {0, "kind=a&kind=b"}, {0, "%zz=1"},
		{1, "sort=-code&limit=1"}, {5, "from=2020&to=2030&sort=code"}, {9, "sort=value&limit=1"}, {9, "sort=-period&limit=1"},
		{9, "limit=1&sort=value&cursor=eyJ2IjoiMS41IiwiaWQiOjF9"}, {9, "limit=1&sort=value&cursor=eyJ2IjoxZTMwOSwiaWQiOjF9"},
		{8, "sort=status&limit=1&cursor=eyJ2IjpbXSwiaWQiOjF9"}, {7, "plan=1&indicator=2"}, {18, "sort=year&limit=1"},
	}
	for _, s := range seeds {
		f.Add(uint8(s.res), s.query)
	}
	f.Fuzz(func(t *testing.T, which uint8, query string) {
		res := model.All[int(which)%len(model.All)]
		path := "/api/v1/" + res.Name
		status, body := fuzzGet(h, path, query)
		switch status {
		case http.StatusOK:
		case http.StatusBadRequest:
			var e struct{ Code, Message string }
			if err := json.Unmarshal(body, &e); err != nil || e.Code == "" || e.Message == "" {
				t.Errorf("GET %s?%s = 400 without a clear error: %s", path, query, body)
			}
			return
		default:
			t.Fatalf("GET %s?%s = %d: %s", path, query, status, body)
		}
		var page struct {
			Items []struct {
				ID int64 `json:"id"`
			} `json:"items"`
			Next *string `json:"next_cursor"`
		}
		if err := json.Unmarshal(body, &page); err != nil {
			t.Fatalf("GET %s?%s: %v: %s", path, query, err, body)
		}
		if page.Next == nil {
			return
		}
		q, _ := url.ParseQuery(query) // as the server reads it
		q.Set("cursor", *page.Next)
		status, next := fuzzGet(h, path, q.Encode())
		if status != http.StatusOK {
			t.Fatalf("GET %s?%s: following the next cursor %q = %d: %s", path, query, *page.Next, status, next)
		}
		if strings.Contains(string(next), `"id":`+jsonInt(page.Items[len(page.Items)-1].ID)+`,`) {
			t.Errorf("GET %s?%s: the next page repeats the last item %d", path, query, page.Items[len(page.Items)-1].ID)
		}
	})
}

func jsonInt(n int64) string { b, _ := json.Marshal(n); return string(b) }

func fuzzGet(h http.Handler, path, query string) (int, []byte) {
	req := httptest.NewRequest("GET", "http://klimaspor.test"+path, nil)
	req.URL.RawQuery = query
	w := httptest.NewRecorder()
	h.ServeHTTP(w, req)
	return w.Code, w.Body.Bytes()
}

// fuzzWorld makes a few records of several kinds, with texts, numbers and periods that sort
// differently, so that lists have more than one page.
func fuzzWorld(db *store.DB) error {
	ctx := context.Background()
	return db.Tx(ctx, func(tx *store.Tx) error {
		ids := map[string]int64{}
		mk := func(name string, res *model.Resource, r model.Record) error {
			out, err := tx.Create(ctx, res, r)
			ids[name] = out.ID()
			return err
		}
		steps := []func() error{
			func() error {
				return mk("region", model.Organisations, model.Record{"kind": "region", "code": "1084", "name_da": "Region Hovedstaden"})
			},
			func() error {
				return mk("kbh", model.Organisations, model.Record{"kind": "municipality", "code": "101", "name_da": "København", "parent_id": ids["region"]})
			},
			func() error {
				return mk("alb", model.Organisations, model.Record{"kind": "municipality", "code": "165", "name_da": "Albertslund", "parent_id": ids["region"]})
			},
			func() error {
				return mk("aer", model.Organisations, model.Record{"kind": "municipality", "code": "492", "name_da": "Ærø"})
			},
			func() error { return mk("t1", model.Themes, model.Record{"code": "energy", "name_da": "Energi"}) },
			func() error { return mk("t2", model.Themes, model.Record{"code": "transport", "name_da": "Transport"}) },
			func() error {
				return mk("i1", model.Indicators, model.Record{"code": "co2", "name_da": "CO2", "unit": "t", "direction": "lower", "owner_organisation_id": ids["kbh"]})
			},
			func() error {
				return mk("v1", model.IndicatorValues, model.Record{"indicator_id": ids["i1"], "organisation_id": ids["kbh"], "period": "2023", "value": 1.5})
			},
			func() error {
				return mk("v2", model.IndicatorValues, model.Record{"indicator_id": ids["i1"], "organisation_id": ids["kbh"], "period": "2023-Q2", "value": -2.0})
			},
			func() error {
				return mk("v3", model.IndicatorValues, model.Record{"indicator_id": ids["i1"], "organisation_id": ids["alb"], "period": "2019-05", "value": 1.5})
			},
		}
		for _, step := range steps {
			if err := step(); err != nil {
				return err
			}
		}
		return nil
	})
}
