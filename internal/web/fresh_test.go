package web

import (
	"context"
	"net/http/httptest"
	"regexp"
	"strconv"
	"strings"
	"testing"

	"klimaspor/internal/demo"
	"klimaspor/internal/i18n"
	"klimaspor/internal/model"
	"klimaspor/internal/store"
	"klimaspor/internal/store/storetest"
	"klimaspor/internal/web/sitetest"
)

// TestPagesAreFreshAfterEveryKindOfWrite: with the page cache on, on both engines, no page
// read before a write is served after it. Each kind of write to an action (create, a new
// title, unpublishing, publishing again, delete) is made through the store, as another app
// server or a CLI import would, between two reads of the same pages; the second read shows
// the write: the actions list's total (read from the action counts summary, migration
// 00027) and the action's title on the list and on its municipality's page.
func TestPagesAreFreshAfterEveryKindOfWrite(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		if err := demo.Load(ctx, db); err != nil {
			t.Fatal(err)
		}
		s, err := New(db, sitetest.Quiet())
		if err != nil {
			t.Fatal(err)
		}
		ts := httptest.NewServer(s.Handler())
		defer ts.Close()
		kbh := sitetest.OneOf(t, db, model.Organisations, map[string]string{"code": "101", "kind": "municipality"})
		plan := sitetest.OneOf(t, db, model.Plans, map[string]string{"organisation": strconv.FormatInt(kbh.ID(), 10)})

		total := regexp.MustCompile(`([0-9.]+) indsatser i alt`)
		type view struct {
			total                  string
			onList, onMunicipality map[string]bool
		}
		titles := []string{"0 Frisk indsats", "0 Omdøbt indsats"} // digits sort first: on the first page
		look := func() view {
			t.Helper()
			list := sitetest.Fetch(t, ts.URL+"/indsatser", nil, "da")
			muni := sitetest.Fetch(t, ts.URL+"/kommuner/101", nil, "da")
			if list.Status != 200 || muni.Status != 200 {
				t.Fatalf("status %d and %d", list.Status, muni.Status)
			}
			m := total.FindStringSubmatch(list.Body)
			if m == nil {
				t.Fatal("the actions list shows no total")
			}
			v := view{total: m[1], onList: map[string]bool{}, onMunicipality: map[string]bool{}}
			for _, title := range titles {
				v.onList[title] = strings.Contains(list.Body, title)
				v.onMunicipality[title] = strings.Contains(muni.Body, title)
			}
			return v
		}
		// Each read twice: the second from the cache, which the write must then not serve.
		look()
		start := look()

		var act model.Record
		steps := []struct {
			name    string
			write   func() error
			shown   string // the title the pages show after the write, "" for none
			counted bool   // whether the action counts in the public's total
		}{
			{"create", func() (err error) {
				act, err = db.Create(ctx, model.Actions, model.Record{"plan_id": plan.ID(), "organisation_id": kbh.ID(), "title": titles[0],
					"sector": "energy", "status": "planned", "published": true})
				return err
			}, titles[0], true},
			{"new title", func() (err error) {
				act, err = db.Update(ctx, model.Actions, act.ID(), act.Version(), model.Record{"title": titles[1]})
				return err
			}, titles[1], true},
			{"unpublish", func() (err error) {
				act, err = db.Update(ctx, model.Actions, act.ID(), act.Version(), model.Record{"published": false})
				return err
			}, "", false},
			{"publish again", func() (err error) {
				act, err = db.Update(ctx, model.Actions, act.ID(), act.Version(), model.Record{"published": true})
				return err
			}, titles[1], true},
			{"delete", func() error { return db.Delete(ctx, model.Actions, act.ID(), act.Version()) }, "", false},
		}
		for _, st := range steps {
			look() // cached now
			if err := st.write(); err != nil {
				t.Fatalf("%s: %v", st.name, err)
			}
			got := look()
			want := start.total
			if st.counted {
				want = plusOne(t, start.total)
			}
			if got.total != want {
				t.Errorf("after %s: the list's total is %s, want %s", st.name, got.total, want)
			}
			for _, title := range titles {
				if shown := title == st.shown; got.onList[title] != shown || got.onMunicipality[title] != shown {
					t.Errorf("after %s: %q on the list %v, on the municipality page %v; want %v", st.name, title, got.onList[title], got.onMunicipality[title], shown)
				}
			}
		}
	})
}

// plusOne adds one to a count written in Danish ("1.234").
func plusOne(t *testing.T, n string) string {
	t.Helper()
	v, err := strconv.ParseInt(strings.ReplaceAll(n, ".", ""), 10, 64)
	if err != nil {
		t.Fatal(err)
	}
	return i18n.FormatInt(i18n.Danish, v+1)
}
