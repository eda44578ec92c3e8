package store_test

import (
	"context"
	"errors"
	"fmt"
	"math"
	"testing"

	"github.com/google/go-cmp/cmp"

	"klimaspor/internal/model"
	"klimaspor/internal/store"
	"klimaspor/internal/store/storetest"
)

// fixture creates a region, two municipalities, a theme tree and a plan.
type fixture struct {
	region, kbh, alb, plan, energy, heat int64
}

func seed(t *testing.T, db *store.DB) fixture {
	t.Helper()
	ctx := context.Background()
	var f fixture
	mk := func(res *model.Resource, r model.Record) int64 {
		t.Helper()
		out, err := db.Create(ctx, res, r)
		if err != nil {
			t.Fatalf("create %s %v: %v", res.Name, r, err)
		}
		return out.ID()
	}
	f.region = mk(model.Organisations, model.Record{"kind": "region", "code": "1084", "name_da": "Region Hovedstaden"})
	f.kbh = mk(model.Organisations, model.Record{"kind": "municipality", "code": "101", "name_da": "København", "parent_id": f.region,
		"population": []model.Population{{Year: 2020, Value: 632340, Source: "DST FOLK1A"}}})
	f.alb = mk(model.Organisations, model.Record{"kind": "municipality", "code": "165", "name_da": "Albertslund", "parent_id": f.region})
	f.energy = mk(model.Themes, model.Record{"code": "energy", "name_da": "Energi"})
	f.heat = mk(model.Themes, model.Record{"code": "heat", "name_da": "Fjernvarme", "parent_id": f.energy})
	f.plan = mk(model.Plans, model.Record{"code": "KP-101", "organisation_id": f.kbh, "kind": "climate_plan", "title": "Klimaplan", "status": "adopted", "period_start": int64(2020), "period_end": int64(2030), "published": true})
	return f
}

// creator is the tests' mk: it creates a record of res, failing the test if it cannot.
func creator(t *testing.T, db *store.DB) func(*model.Resource, model.Record) model.Record {
	return func(res *model.Resource, r model.Record) model.Record {
		t.Helper()
		out, err := db.Create(context.Background(), res, r)
		if err != nil {
			t.Fatalf("create %s %v: %v", res.Name, r, err)
		}
		return out
	}
}

// creates returns a function that creates a record and gives its id, failing the test when
// the store refuses it.
func creates(t *testing.T, db *store.DB) func(res *model.Resource, r model.Record) int64 {
	mk := creator(t, db)
	return func(res *model.Resource, r model.Record) int64 {
		t.Helper()
		return mk(res, r).ID()
	}
}

// updates returns a function that applies a patch to a record at its current version,
// failing the test when the store refuses it.
func updates(t *testing.T, db *store.DB) func(res *model.Resource, id int64, patch model.Record) {
	return func(res *model.Resource, id int64, patch model.Record) {
		t.Helper()
		ctx := context.Background()
		cur, err := db.Get(ctx, res, id)
		if err != nil {
			t.Fatal(err)
		}
		if _, err := db.Update(ctx, res, id, cur.Version(), patch); err != nil {
			t.Fatalf("update %s %d: %v", res.Name, id, err)
		}
	}
}

func TestCreateGetRoundTrip(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		f := seed(t, db)
		got, err := db.Create(ctx, model.Actions, model.Record{
			"plan_id": f.plan, "title": "  Grøn fjernvarme ", "sector": "energy", "organisation_id": f.kbh,
			"status": "in_progress", "progress": 40.5, "theme_ids": []int64{f.heat}, "joint": true, "partner_ids": []int64{f.alb},
			"start_date": "2021-01-01", "end_date": "2025-12-31", "effect_t_co2e": 9000.0, "cost_dkk": 1.5e6,
		})
		if err != nil {
			t.Fatal(err)
		}
		again, err := db.Get(ctx, model.Actions, got.ID())
		if err != nil {
			t.Fatal(err)
		}
		if diff := cmp.Diff(got, again); diff != "" {
			t.Errorf("get differs from create (-create +get):\n%s", diff)
		}
		want := model.Record{"title": "Grøn fjernvarme", "version": int64(1), "progress": 40.5, "joint": true, "example": false,
			"theme_ids": []int64{f.heat}, "partner_ids": []int64{f.alb}, "description": nil}
		for k, v := range want {
			if diff := cmp.Diff(v, got[k]); diff != "" {
				t.Errorf("%s (-want +got):\n%s", k, diff)
			}
		}
		org, _ := db.Get(ctx, model.Organisations, f.kbh)
		if diff := cmp.Diff([]model.Population{{Year: 2020, Value: 632340, Source: "DST FOLK1A"}}, org["population"]); diff != "" {
			t.Errorf("population (-want +got):\n%s", diff)
		}
	})
}

func TestUpdateRefusesStaleVersion(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		f := seed(t, db)
		a, err := db.Create(ctx, model.Actions, model.Record{"plan_id": f.plan, "title": "A", "sector": "transport", "organisation_id": f.kbh, "status": "planned"})
		if err != nil {
			t.Fatal(err)
		}
		b, err := db.Update(ctx, model.Actions, a.ID(), 1, model.Record{"status": "in_progress", "progress": 10.0})
		if err != nil {
			t.Fatal(err)
		}
		if v, _ := b.Int("version"); v != 2 {
			t.Fatalf("version after update = %d, want 2", v)
		}
		_, err = db.Update(ctx, model.Actions, a.ID(), 1, model.Record{"title": "overwritten"})
		var conflict *store.ConflictError
		if !errors.As(err, &conflict) {
			t.Fatalf("stale update: got %v, want a conflict", err)
		}
		if conflict.Current.Str("title") != "A" {
			t.Errorf("conflict shows title %q, want the stored A", conflict.Current.Str("title"))
		}
		now, _ := db.Get(ctx, model.Actions, a.ID())
		if now.Str("title") != "A" || now.Str("status") != "in_progress" {
			t.Errorf("stale update changed the record: %v", now)
		}
		hist, err := db.StatusHistory(ctx, a.ID())
		if err != nil {
			t.Fatal(err)
		}
		var statuses []string
		for _, h := range hist {
			statuses = append(statuses, h.Status)
		}
		if diff := cmp.Diff([]string{"planned", "in_progress"}, statuses); diff != "" {
			t.Errorf("status history (-want +got):\n%s", diff)
		}
		// An update that leaves status and progress alone adds no history.
		if _, err := db.Update(ctx, model.Actions, a.ID(), 2, model.Record{"title": "B"}); err != nil {
			t.Fatal(err)
		}
		if hist, _ := db.StatusHistory(ctx, a.ID()); len(hist) != 2 {
			t.Errorf("history has %d entries after a title change, want 2", len(hist))
		}
	})
}

func TestInvalidRecordsAreRefusedWithTheirField(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		f := seed(t, db)
		cases := []struct {
			name  string
			res   *model.Resource
			rec   model.Record
			field string
			code  string
		}{
			{"missing title", model.Actions, model.Record{"plan_id": f.plan, "sector": "energy", "organisation_id": f.kbh, "status": "planned"}, "title", model.CodeRequired},
			{"unknown sector", model.Actions, model.Record{"plan_id": f.plan, "title": "x", "sector": "space", "organisation_id": f.kbh, "status": "planned"}, "sector", model.CodeEnum},
			{"progress over 100", model.Actions, model.Record{"plan_id": f.plan, "title": "x", "sector": "energy", "organisation_id": f.kbh, "status": "planned", "progress": 101.0}, "progress", model.CodeRange},
			{"unknown organisation", model.Actions, model.Record{"plan_id": f.plan, "title": "x", "sector": "energy", "organisation_id": int64(9999), "status": "planned"}, "organisation_id", model.CodeUnknownRef},
			{"unknown theme", model.Actions, model.Record{"plan_id": f.plan, "title": "x", "sector": "energy", "organisation_id": f.kbh, "status": "planned", "theme_ids": []int64{f.heat, 777}}, "theme_ids", model.CodeUnknownRef},
			{"plan and project", model.Actions, model.Record{"title": "x", "sector": "energy", "organisation_id": f.kbh, "status": "planned"}, "plan_id", model.CodeRule},
			{"ends before start", model.Actions, model.Record{"plan_id": f.plan, "title": "x", "sector": "energy", "organisation_id": f.kbh, "status": "planned", "start_date": "2024-01-01", "end_date": "2023-01-01"}, "end_date", model.CodeRule},
			{"bad date", model.Actions, model.Record{"plan_id": f.plan, "title": "x", "sector": "energy", "organisation_id": f.kbh, "status": "planned", "start_date": "2024-02-30"}, "start_date", model.CodeFormat},
			{"duplicate code", model.Organisations, model.Record{"kind": "municipality", "code": "101", "name_da": "Kbh igen"}, "code", model.CodeDuplicate},
			{"municipality code format", model.Organisations, model.Record{"kind": "municipality", "code": "1x", "name_da": "X"}, "code", model.CodeFormat},
			{"bad period", model.IndicatorValues, model.Record{"indicator_id": int64(1), "organisation_id": f.kbh, "period": "2023-Q5", "value": 1.0}, "period", model.CodeFormat},
		}
		before, _ := db.Count(ctx, model.Actions)
		for _, c := range cases {
			t.Run(c.name, func(t *testing.T) {
				_, err := db.Create(ctx, c.res, c.rec)
				var ve *model.ValidationError
				if !errors.As(err, &ve) {
					t.Fatalf("got %v, want a validation error", err)
				}
				if ve.Errors[0].Field != c.field || ve.Errors[0].Code != c.code {
					t.Errorf("got %+v, want field %s code %s", ve.Errors, c.field, c.code)
				}
			})
		}
		if after, _ := db.Count(ctx, model.Actions); after != before {
			t.Errorf("refused creates left %d actions, want %d", after, before)
		}
	})
}

func TestDeleteInUseIsRefused(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		f := seed(t, db)
		err := db.Delete(ctx, model.Organisations, f.kbh, 0)
		var inUse *store.InUseError
		if !errors.As(err, &inUse) {
			t.Fatalf("delete of a referenced organisation: got %v, want InUseError", err)
		}
		if _, err := db.Get(ctx, model.Organisations, f.kbh); err != nil {
			t.Errorf("organisation gone after refused delete: %v", err)
		}
		if err := db.Delete(ctx, model.Organisations, f.alb, 7); !errors.As(err, new(*store.ConflictError)) {
			t.Errorf("delete with stale version: got %v, want conflict", err)
		}
		if err := db.Delete(ctx, model.Organisations, f.alb, 1); err != nil {
			t.Errorf("delete: %v", err)
		}
		if _, err := db.Get(ctx, model.Organisations, f.alb); !errors.Is(err, store.ErrNotFound) {
			t.Errorf("get after delete: %v, want not found", err)
		}
	})
}

func TestListFiltersSortsAndPages(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		f := seed(t, db)
		sectors := []string{"energy", "transport", "energy", "waste_wastewater", "energy"}
		for i, s := range sectors {
			rec := model.Record{"plan_id": f.plan, "title": fmt.Sprintf("Indsats %c", 'E'-i), "sector": s, "organisation_id": f.kbh, "status": "planned",
				"start_date": fmt.Sprintf("%d-01-01", 2020+i), "end_date": fmt.Sprintf("%d-12-31", 2020+i)}
			if i == 0 {
				rec["theme_ids"] = []int64{f.heat}
			}
			rec["published"] = i != 1 // Indsats D is a draft
			if _, err := db.Create(ctx, model.Actions, rec); err != nil {
				t.Fatal(err)
			}
		}
		titles := func(q model.ListQuery) []string {
			t.Helper()
			var out []string
			for {
				p, err := db.List(ctx, model.Actions, q)
				if err != nil {
					t.Fatalf("list %+v: %v", q, err)
				}
				for _, r := range p.Items {
					out = append(out, r.Str("title"))
				}
				if p.NextCursor == "" {
					return out
				}
				q.Cursor = p.NextCursor
			}
		}
		cases := []struct {
			name string
			q    model.ListQuery
			want []string
		}{
			{"all by id", model.ListQuery{Limit: 2}, []string{"Indsats E", "Indsats D", "Indsats C", "Indsats B", "Indsats A"}},
			{"sector", model.ListQuery{Filters: map[string]string{"sector": "energy", "organisation": fmt.Sprint(f.kbh)}}, []string{"Indsats E", "Indsats C", "Indsats A"}},
			{"theme includes sub-themes", model.ListQuery{Filters: map[string]string{"theme": fmt.Sprint(f.energy)}}, []string{"Indsats E"}},
			{"year range", model.ListQuery{Filters: map[string]string{"from": "2021", "to": "2022"}}, []string{"Indsats D", "Indsats C"}},
			{"sorted by title, paged", model.ListQuery{Sort: "title", Limit: 2}, []string{"Indsats A", "Indsats B", "Indsats C", "Indsats D", "Indsats E"}},
			{"sorted descending", model.ListQuery{Sort: "title", Desc: true, Limit: 3}, []string{"Indsats E", "Indsats D", "Indsats C", "Indsats B", "Indsats A"}},
			{"text search", model.ListQuery{Filters: map[string]string{"q": "sats b"}}, []string{"Indsats B"}},
			{"any of several organisations", model.ListQuery{AnyOf: map[string][]int64{"organisation": {f.alb, f.kbh}}, Filters: map[string]string{"sector": "energy"}}, []string{"Indsats E", "Indsats C", "Indsats A"}},
			{"any of one other organisation", model.ListQuery{AnyOf: map[string][]int64{"organisation": {f.alb}}}, nil},
			{"any of no ids", model.ListQuery{AnyOf: map[string][]int64{"organisation": {}}}, nil},
			{"any of several themes, with sub-themes", model.ListQuery{AnyOf: map[string][]int64{"theme": {f.heat, f.energy}}}, []string{"Indsats E"}},
			{"any of several years", model.ListQuery{AnyOf: map[string][]int64{"from": {2023, 2024}}, Sort: "title"}, []string{"Indsats A", "Indsats B"}},
			{"public: no drafts", model.ListQuery{}, []string{"Indsats E", "Indsats C", "Indsats B", "Indsats A"}},
			{"drafts of the organisation", model.ListQuery{DraftsOf: []int64{f.kbh}}, []string{"Indsats E", "Indsats D", "Indsats C", "Indsats B", "Indsats A"}},
			{"drafts of another organisation", model.ListQuery{DraftsOf: []int64{f.alb}}, []string{"Indsats E", "Indsats C", "Indsats B", "Indsats A"}},
		}
		for i := range cases {
			// The other cases see every draft; the last three are about drafts.
			if i < len(cases)-3 {
				cases[i].q.AllDrafts = true
			}
		}
		for _, c := range cases {
			t.Run(c.name, func(t *testing.T) {
				if diff := cmp.Diff(c.want, titles(c.q)); diff != "" {
					t.Errorf("(-want +got):\n%s", diff)
				}
			})
		}
		// Only id filters take several values.
		if _, err := db.List(ctx, model.Actions, model.ListQuery{AnyOf: map[string][]int64{"sector": {1}}}); err == nil {
			t.Error("list by any of several sectors: no error")
		}
		for _, bad := range []model.ListQuery{{Sort: "description"}, {Filters: map[string]string{"colour": "red"}}, {Filters: map[string]string{"organisation": "x"}}, {Cursor: "!!"}, {Limit: 5000}} {
			if _, err := db.List(ctx, model.Actions, bad); !errors.As(err, new(*store.QueryError)) {
				t.Errorf("list %+v: got %v, want a query error", bad, err)
			}
		}
	})
}

func TestValuesUpsertSummaryAndBreakdown(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		f := seed(t, db)
		ind, err := db.Create(ctx, model.Indicators, model.Record{"code": "co2", "name_da": "CO2", "unit": "t", "direction": "lower", "owner_organisation_id": f.region,
			"targets": []model.Target{{Year: 2030, Value: 30}, {Year: 2025, Value: 50}}})
		if err != nil {
			t.Fatal(err)
		}
		if diff := cmp.Diff([]model.Target{{Year: 2025, Value: 50}, {Year: 2030, Value: 30}}, ind["targets"]); diff != "" {
			t.Errorf("targets (-want +got):\n%s", diff)
		}
		row := func(org int64, period, breakdown string, v float64) model.Record {
			r := model.Record{"indicator_id": ind.ID(), "organisation_id": org, "period": period, "breakdown": breakdown, "value": v, "source": "test"}
			model.Normalize(model.IndicatorValues, r)
			return r
		}
		err = db.Tx(ctx, func(tx *store.Tx) error {
			return tx.InsertValues(ctx, []model.Record{row(f.kbh, "2022", "", 100), row(f.kbh, "2022", "fuel:gas", 60), row(f.kbh, "2022", "fuel:oil", 30),
				row(f.alb, "2022", "", 10), row(f.kbh, "2023", "", 90)})
		})
		if err != nil {
			t.Fatal(err)
		}
		// Duplicates are refused by the schema.
		err = db.Tx(ctx, func(tx *store.Tx) error { return tx.InsertValues(ctx, []model.Record{row(f.kbh, "2022", "", 1)}) })
		if !errors.As(err, new(*model.ValidationError)) {
			t.Errorf("duplicate insert: got %v, want a validation error", err)
		}
		err = db.Tx(ctx, func(tx *store.Tx) error {
			return tx.UpsertValues(ctx, []model.Record{row(f.kbh, "2022", "fuel:oil", 40), row(f.alb, "2023", "", 12)})
		})
		if err != nil {
			t.Fatal(err)
		}
		sum, err := db.Summary(ctx, ind.ID(), f.region)
		if err != nil {
			t.Fatal(err)
		}
		want := []store.PeriodSummary{{Period: "2022", Count: 2, Sum: 110, Min: 10, Max: 100}, {Period: "2023", Count: 2, Sum: 102, Min: 12, Max: 90}}
		if diff := cmp.Diff(want, sum); diff != "" {
			t.Errorf("summary (-want +got):\n%s", diff)
		}
		parts, err := db.BreakdownSums(ctx, ind.ID(), []int64{f.kbh})
		if err != nil {
			t.Fatal(err)
		}
		p := parts[store.PartsKey(f.kbh, "2022")]
		if p.Sum != 100 || p.Count != 2 || store.BreakdownMismatch(100, p.Sum) {
			t.Errorf("parts of 2022 = %+v, want 60+40 = 100 and no mismatch", p)
		}
		if !store.BreakdownMismatch(100, 90) {
			t.Error("100 vs parts of 90 should be flagged")
		}
		page, err := db.List(ctx, model.IndicatorValues, model.ListQuery{Filters: map[string]string{"indicator": fmt.Sprint(ind.ID()), "organisation": fmt.Sprint(f.kbh), "breakdown": ""}, Sort: "period"})
		if err != nil {
			t.Fatal(err)
		}
		if len(page.Items) != 2 || page.Items[0].Str("period") != "2022" || page.Items[1]["period_kind"] != "year" {
			t.Errorf("series = %v", page.Items)
		}
	})
}

func TestParticipantsShowOnProject(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		f := seed(t, db)
		prog, err := db.Create(ctx, model.Programmes, model.Record{"code": "VIP", "name_da": "VIP"})
		if err != nil {
			t.Fatal(err)
		}
		proj, err := db.Create(ctx, model.Projects, model.Record{"programme_id": prog.ID(), "code": "VIP7", "name_da": "Plast"})
		if err != nil {
			t.Fatal(err)
		}
		for _, p := range []model.Record{{"organisation_id": f.kbh, "role": "member", "lead": true}, {"organisation_id": f.alb, "role": "follower"}} {
			p["project_id"] = proj.ID()
			if _, err := db.Create(ctx, model.Participants, p); err != nil {
				t.Fatal(err)
			}
		}
		_, err = db.Create(ctx, model.Participants, model.Record{"project_id": proj.ID(), "organisation_id": f.alb, "role": "member"})
		if !errors.As(err, new(*model.ValidationError)) {
			t.Errorf("second participation of one organisation: got %v, want refused", err)
		}
		got, err := db.Get(ctx, model.Projects, proj.ID())
		if err != nil {
			t.Fatal(err)
		}
		if diff := cmp.Diff([]int64{f.kbh}, got["leads"]); diff != "" {
			t.Errorf("leads (-want +got):\n%s", diff)
		}
		wantP := []model.ParticipantRef{{OrganisationID: f.kbh, Role: "member", Lead: true}, {OrganisationID: f.alb, Role: "follower"}}
		if diff := cmp.Diff(wantP, got["participants"]); diff != "" {
			t.Errorf("participants (-want +got):\n%s", diff)
		}
	})
}

func TestNamesSortInDanishOrder(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		for i, n := range []string{"Åbenrå", "Ølstykke", "Zealand", "ballerup", "Ærø", "Albertslund"} {
			if _, err := db.Create(ctx, model.Organisations, model.Record{"kind": "other", "code": fmt.Sprintf("X%d", i), "name_da": n}); err != nil {
				t.Fatal(err)
			}
		}
		var got []string
		q := model.ListQuery{Sort: "name_da", Limit: 2}
		for {
			p, err := db.List(ctx, model.Organisations, q)
			if err != nil {
				t.Fatal(err)
			}
			for _, r := range p.Items {
				got = append(got, r.Str("name_da"))
			}
			if p.NextCursor == "" {
				break
			}
			q.Cursor = p.NextCursor
		}
		want := []string{"Albertslund", "ballerup", "Zealand", "Ærø", "Ølstykke", "Åbenrå"}
		if diff := cmp.Diff(want, got); diff != "" {
			t.Errorf("(-want +got):\n%s", diff)
		}
	})
}

// TestEveryDeclaredFilterWorks runs each filter the model declares (and so the OpenAPI
// document promises) on both engines.
func TestEveryDeclaredFilterWorks(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		seed(t, db)
		sample := map[model.Kind]string{model.Int: "1", model.Bool: "true", model.String: "x"}
		for _, res := range model.All {
			for _, f := range res.Filters {
				q := model.ListQuery{Filters: map[string]string{f.Param: sample[f.Kind]}}
				if _, err := db.List(context.Background(), res, q); err != nil {
					t.Errorf("%s?%s=%s: %v", res.Name, f.Param, sample[f.Kind], err)
				}
			}
			for _, s := range res.Sorts {
				if _, err := db.List(context.Background(), res, model.ListQuery{Sort: s, Desc: true}); err != nil {
					t.Errorf("%s sorted by %s: %v", res.Name, s, err)
				}
			}
		}
	})
}

// TestCancelledRequestsLeaveTheDatabaseUsable cancels reads and writes midway, as a client
// that hangs up does, and checks that later requests still work and that a write either
// happened whole or not at all.
func TestCancelledRequestsLeaveTheDatabaseUsable(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		f := seed(t, db)
		for i := 0; i < 50; i++ {
			ctx, cancel := context.WithCancel(context.Background())
			if i%2 == 0 {
				cancel()
			} else {
				go cancel()
			}
			db.List(ctx, model.Organisations, model.ListQuery{Sort: "name_da"})
			db.Create(ctx, model.Themes, model.Record{"code": fmt.Sprintf("c%d", i), "name_da": "T"})
		}
		ctx := context.Background()
		n, err := db.Count(ctx, model.Themes)
		if err != nil {
			t.Fatal(err)
		}
		// Writes do not inherit the caller's cancellation, so all of them went through.
		if n != 52 {
			t.Errorf("%d themes, want the 2 seeded + 50 created", n)
		}
		if _, err := db.Create(ctx, model.Actions, model.Record{"plan_id": f.plan, "title": "efter", "sector": "energy", "organisation_id": f.kbh, "status": "planned"}); err != nil {
			t.Errorf("write after cancellations: %v", err)
		}
		if _, err := db.List(ctx, model.Organisations, model.ListQuery{}); err != nil {
			t.Errorf("read after cancellations: %v", err)
		}
	})
}

// TestConcurrentEditsOfOneVersionLetExactlyOneWin: many editors who all read version 1
// save at once; one succeeds and every other gets a conflict.
func TestConcurrentEditsOfOneVersionLetExactlyOneWin(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		f := seed(t, db)
		const editors = 12
		errs := make(chan error, editors)
		for i := range editors {
			go func() {
				_, err := db.Update(ctx, model.Plans, f.plan, 1, model.Record{"title": fmt.Sprintf("Udgave %d", i)})
				errs <- err
			}()
		}
		won, lost := 0, 0
		for range editors {
			err := <-errs
			switch {
			case err == nil:
				won++
			case errors.As(err, new(*store.ConflictError)):
				lost++
			default:
				t.Errorf("unexpected error: %v", err)
			}
		}
		if won != 1 || lost != editors-1 {
			t.Errorf("%d saved and %d refused, want 1 and %d", won, lost, editors-1)
		}
		p, _ := db.Get(ctx, model.Plans, f.plan)
		if v, _ := p.Int("version"); v != 2 {
			t.Errorf("version %d, want 2", v)
		}
	})
}

func TestActionStatusCounts(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		f := seed(t, db)
		for i, st := range []string{"planned", "planned", "completed", "completed"} {
			// The last is a draft, which the public's counts leave out.
			if _, err := db.Create(ctx, model.Actions, model.Record{"plan_id": f.plan, "title": "x", "sector": "energy", "organisation_id": f.kbh, "status": st, "published": i < 3}); err != nil {
				t.Fatal(err)
			}
		}
		// So is a published action in a draft plan: it is as hidden as its plan.
		draft, err := db.Create(ctx, model.Plans, model.Record{"code": "UDKAST", "organisation_id": f.kbh, "kind": "other", "title": "Udkast", "status": "draft"})
		if err != nil {
			t.Fatal(err)
		}
		if _, err := db.Create(ctx, model.Actions, model.Record{"plan_id": draft.ID(), "title": "y", "sector": "energy", "organisation_id": f.kbh, "status": "planned", "published": true}); err != nil {
			t.Fatal(err)
		}
		got, err := db.ActionStatusCounts(ctx)
		if err != nil {
			t.Fatal(err)
		}
		if diff := cmp.Diff(map[int64]map[string]int{f.kbh: {"planned": 2, "completed": 1}}, got); diff != "" {
			t.Errorf("(-want +got):\n%s", diff)
		}
	})
}

func TestIndicatorsWithTotals(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		f := seed(t, db)
		mk := func(code string) int64 {
			ind, err := db.Create(ctx, model.Indicators, model.Record{"code": code, "name_da": code, "unit": "t", "direction": "lower", "owner_organisation_id": f.region})
			if err != nil {
				t.Fatal(err)
			}
			return ind.ID()
		}
		a, b, c := mk("a"), mk("b"), mk("c")
		for _, v := range []model.Record{
			{"indicator_id": a, "organisation_id": f.kbh, "period": "2022", "value": 1.0},
			{"indicator_id": a, "organisation_id": f.kbh, "period": "2023", "value": 2.0},
			{"indicator_id": b, "organisation_id": f.kbh, "period": "2023", "breakdown": "sector:energi", "value": 1.0}, // a part only
			{"indicator_id": c, "organisation_id": f.alb, "period": "2023", "value": 1.0},                               // another organisation
		} {
			if _, err := db.Create(ctx, model.IndicatorValues, v); err != nil {
				t.Fatal(err)
			}
		}
		got, err := db.IndicatorsWithTotals(ctx, f.kbh)
		if err != nil {
			t.Fatal(err)
		}
		if diff := cmp.Diff([]int64{a}, got); diff != "" {
			t.Errorf("(-want +got):\n%s", diff)
		}
	})
}

// An action's status history grows only when its status or progress really changes: a
// progress of -0 is the stored 0, whatever its spelling.
func TestStatusHistoryGrowsOnlyOnARealChange(t *testing.T) {
	negZero := math.Copysign(0, -1)
	cases := []struct {
		name  string
		patch model.Record
		grows bool
	}{
		{"the same progress", model.Record{"progress": 0.0}, false},
		{"minus zero is zero", model.Record{"progress": negZero}, false},
		{"the same status", model.Record{"status": "in_progress"}, false},
		{"another field", model.Record{"title": "B"}, false},
		{"another progress", model.Record{"progress": 5.0}, true},
		{"no progress", model.Record{"progress": nil}, true},
		{"another status", model.Record{"status": "completed"}, true},
	}
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		f := seed(t, db)
		for _, c := range cases {
			a, err := db.Create(ctx, model.Actions, model.Record{"plan_id": f.plan, "title": "A", "sector": "transport",
				"organisation_id": f.kbh, "status": "in_progress", "progress": 0.0})
			if err != nil {
				t.Fatal(err)
			}
			if _, err := db.Update(ctx, model.Actions, a.ID(), 1, c.patch); err != nil {
				t.Fatalf("%s: %v", c.name, err)
			}
			hist, err := db.StatusHistory(ctx, a.ID())
			if err != nil {
				t.Fatal(err)
			}
			if want := map[bool]int{false: 1, true: 2}[c.grows]; len(hist) != want {
				t.Errorf("%s: history has %d entries, want %d", c.name, len(hist), want)
			}
		}
	})
}

// A status change carries its note into the status history; a later change of status or
// progress without a note of its own clears the action's note, which explained the old status,
// and another edit keeps it.
func TestStatusNoteGoesWithTheChange(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		f := seed(t, db)
		a, err := db.Create(ctx, model.Actions, model.Record{"plan_id": f.plan, "title": "Cykelsti", "sector": "transport",
			"organisation_id": f.kbh, "status": "in_progress", "status_note": "Udbud i gang"})
		if err != nil {
			t.Fatal(err)
		}
		steps := []struct {
			name  string
			patch model.Record
			note  any // the action's note after the step
		}{
			{"a delay with its reason", model.Record{"status": "delayed", "status_note": "Entreprenøren gik konkurs"}, "Entreprenøren gik konkurs"},
			{"another field keeps the note", model.Record{"title": "Cykelsti langs Ring 3"}, "Entreprenøren gik konkurs"},
			{"progress without a note clears it", model.Record{"progress": 40.0}, nil},
		}
		for i, st := range steps {
			got, err := db.Update(ctx, model.Actions, a.ID(), int64(i+1), st.patch)
			if err != nil {
				t.Fatalf("%s: %v", st.name, err)
			}
			if got["status_note"] != st.note {
				t.Errorf("%s: note %v, want %v", st.name, got["status_note"], st.note)
			}
		}
		hist, err := db.StatusHistory(ctx, a.ID())
		if err != nil {
			t.Fatal(err)
		}
		var notes []string
		for _, h := range hist {
			notes = append(notes, h.Status+": "+h.Note)
		}
		want := []string{"in_progress: Udbud i gang", "delayed: Entreprenøren gik konkurs", "delayed: "}
		if diff := cmp.Diff(want, notes); diff != "" {
			t.Errorf("history notes (-want +got):\n%s", diff)
		}
	})
}

// CountList counts what the list query matches on all its pages, with its filters and the
// drafts its reader may see, on both engines.
func TestCountListCountsWhatTheListHolds(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		f := seed(t, db)
		for i, sector := range []string{"transport", "transport", "energy"} {
			if _, err := db.Create(ctx, model.Actions, model.Record{"plan_id": f.plan, "title": fmt.Sprintf("A%d", i), "sector": sector,
				"organisation_id": f.kbh, "status": "planned", "published": i != 1}); err != nil {
				t.Fatal(err)
			}
		}
		for _, c := range []struct {
			name string
			q    model.ListQuery
		}{
			{"the public", model.ListQuery{}},
			{"the public, transport", model.ListQuery{Filters: map[string]string{"sector": "transport"}}},
			{"all drafts", model.ListQuery{AllDrafts: true}},
			{"the organisation's drafts, transport", model.ListQuery{DraftsOf: []int64{f.kbh}, Filters: map[string]string{"sector": "transport"}}},
		} {
			n, err := db.CountList(ctx, model.Actions, c.q)
			if err != nil {
				t.Fatal(err)
			}
			c.q.Limit = 1000
			page, err := db.List(ctx, model.Actions, c.q)
			if err != nil {
				t.Fatal(err)
			}
			if n != int64(len(page.Items)) {
				t.Errorf("%s: CountList %d, the list holds %d", c.name, n, len(page.Items))
			}
		}
	})
}
