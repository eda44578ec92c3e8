package emissions

import (
	"math"
	"strings"
	"testing"

	"klimaspor/internal/model"
)

// concito is the nation's four-category profile of methodology.md §2 (secondary source).
var concito = FootprintProfile{OrganisationID: 1, Year: 2023, Method: "Forbrugsbaseret klimaaftryk, fire kategorier (CONCITO-profil)", Source: "S5",
	PerPerson: map[string]float64{CategoryMobility: 3.1, CategoryFood: 2.5, CategoryHousing: 2.5, CategoryGoodsServices: 4.5}, Example: true}

func fpNear(a, b float64) bool { return math.Abs(a-b) < 1e-6*math.Max(1, math.Abs(b)) }

// TestFootprintFor checks the rule by hand: 3.1 + 2.5 + 2.5 + 4.5 = 12.6 t per inhabitant;
// København's 632,340 inhabitants: mobility 3.1 × 632,340 = 1,960,254 t, food and housing
// 2.5 × 632,340 = 1,580,850 t each, goods and services 4.5 × 632,340 = 2,845,530 t, in all
// 12.6 × 632,340 = 7,967,484 t.
func TestFootprintFor(t *testing.T) {
	r := concito.For(632340)
	want := []CategoryFootprint{{CategoryMobility, 3.1, 1960254}, {CategoryFood, 2.5, 1580850}, {CategoryHousing, 2.5, 1580850}, {CategoryGoodsServices, 4.5, 2845530}}
	if len(r.Categories) != len(want) {
		t.Fatalf("categories %+v", r.Categories)
	}
	for i, w := range want {
		g := r.Categories[i]
		if g.Category != w.Category || !fpNear(g.TCO2ePerPerson, w.TCO2ePerPerson) || !fpNear(g.TCO2e, w.TCO2e) {
			t.Errorf("category %d: %+v, want %+v", i, g, w)
		}
	}
	if !fpNear(r.TotalPerPerson, 12.6) || !fpNear(r.Total, 7967484) {
		t.Errorf("totals %v per person, %v in all; want 12.6 and 7,967,484", r.TotalPerPerson, r.Total)
	}
	if r.Inherited || r.InheritedFrom != 0 || r.Method != concito.Method || r.Source != "S5" || r.Year != 2023 || r.Population != 632340 || !r.Example {
		t.Errorf("own result: %+v", r)
	}
	if r.Territorial || !strings.Contains(r.Note, "aldrig") || !strings.Contains(r.NoteEN, "never added to the territorial") {
		t.Errorf("the result does not say it stays out of the territorial accounts: %+v", r)
	}
}

// TestFootprintInherited: a municipality without its own profile takes the nation's per
// inhabitant times its own population (Albertslund, 27,731: 12.6 × 27,731 = 349,410.6 t),
// and the result says whose and how.
func TestFootprintInherited(t *testing.T) {
	r := concito.InheritedBy(27731)
	if !r.Inherited || r.InheritedFrom != 1 {
		t.Errorf("inherited %v from %d, want from 1", r.Inherited, r.InheritedFrom)
	}
	if !strings.HasPrefix(r.Method, InheritedMethod) || !strings.Contains(r.Method, concito.Method) {
		t.Errorf("method %q", r.Method)
	}
	if !fpNear(r.Total, 349410.6) || !fpNear(r.TotalPerPerson, 12.6) || !fpNear(r.Categories[0].TCO2e, 3.1*27731) {
		t.Errorf("total %v, per person %v, mobility %v", r.Total, r.TotalPerPerson, r.Categories[0].TCO2e)
	}
}

func TestFootprintPartialAndCheck(t *testing.T) {
	p := FootprintProfile{Year: 2022, Method: "m", Source: "s", PerPerson: map[string]float64{CategoryGoodsServices: 4, CategoryFood: 2}}
	r := p.For(10)
	if len(r.Categories) != 2 || r.Categories[0].Category != CategoryFood || r.Categories[1].Category != CategoryGoodsServices || !fpNear(r.Total, 60) {
		t.Errorf("a profile of two categories: %+v", r)
	}
	if err := concito.Check(); err != nil {
		t.Errorf("the nation's profile: %v", err)
	}
	bad := []FootprintProfile{
		{Year: 2022, Method: "m", Source: "s"},
		{Year: 2022, Method: "m", Source: "s", PerPerson: map[string]float64{"energy": 1}},
		{Year: 2022, Method: "m", Source: "s", PerPerson: map[string]float64{CategoryFood: -1}},
		{Year: 2022, Method: "m", Source: "s", PerPerson: map[string]float64{CategoryFood: math.NaN()}},
		{Year: 2022, Source: "s", PerPerson: map[string]float64{CategoryFood: 1}},
		{Year: 2022, Method: "m", PerPerson: map[string]float64{CategoryFood: 1}},
	}
	for i, b := range bad {
		if b.Check() == nil {
			t.Errorf("bad profile %d passes", i)
		}
	}
	if len(ConsumptionCategories) != 4 || ConsumptionCategories[0] != CategoryMobility || ConsumptionCategories[3] != CategoryGoodsServices {
		t.Errorf("categories %v", ConsumptionCategories)
	}
}

func TestPickFootprint(t *testing.T) {
	own := []FootprintProfile{{OrganisationID: 5, Year: 2020}, {OrganisationID: 5, Year: 2022}}
	nation := []FootprintProfile{{OrganisationID: 1, Year: 2019}, {OrganisationID: 1, Year: 2023}}
	tests := []struct {
		name      string
		own       []FootprintProfile
		year      int
		wantOrg   int64
		wantYear  int
		inherited bool
		ok        bool
	}{
		{"the latest own", own, 0, 5, 2022, false, true},
		{"own for the year", own, 2020, 5, 2020, false, true},
		{"the nation's for a year without own", own, 2023, 1, 2023, true, true},
		{"the nation's latest without own", nil, 0, 1, 2023, true, true},
		{"none for the year", own, 2021, 0, 0, false, false},
	}
	for _, tc := range tests {
		p, inh, ok := PickFootprint(tc.own, nation, tc.year)
		if ok != tc.ok || inh != tc.inherited || p.OrganisationID != tc.wantOrg || p.Year != tc.wantYear {
			t.Errorf("%s: %d %d inherited %v ok %v", tc.name, p.OrganisationID, p.Year, inh, ok)
		}
	}
}

func TestFootprintProfiles(t *testing.T) {
	rec := func(org, year int64, cat string, v float64, method, source string, example bool) model.Record {
		return model.Record{"organisation_id": org, "year": year, "category": cat, "t_co2e_per_person": v, "method": method, "source": source, "example": example}
	}
	rs := model.AsConsumptionFootprints([]model.Record{
		rec(7, 2023, CategoryFood, 2.5, "A", "S1", false),
		rec(3, 2023, CategoryFood, 2, "B", "S2", false),
		rec(7, 2023, CategoryMobility, 3.1, "A", "S3", true),
		rec(7, 2020, CategoryFood, 3, "A", "S1", false),
		// A source holding "; " is one source, however many records give it.
		rec(9, 2023, CategoryFood, 2.5, "C", "X; Y", false),
		rec(9, 2023, CategoryHousing, 2.5, "C", "X; Y", false),
	})
	ps := FootprintProfiles(rs)
	if len(ps) != 4 || ps[0].OrganisationID != 3 || ps[1].Year != 2020 || ps[2].Year != 2023 {
		t.Fatalf("profiles %+v", ps)
	}
	p := ps[2]
	if p.Method != "A" || p.Source != "S1; S3" || !p.Example || p.PerPerson[CategoryMobility] != 3.1 || p.PerPerson[CategoryFood] != 2.5 {
		t.Errorf("profile %+v", p)
	}
	if ps[3].Source != "X; Y" || ps[3].Method != "C" {
		t.Errorf("a source with \"; \" given twice: %q, method %q", ps[3].Source, ps[3].Method)
	}
	if ps[1].Example {
		t.Error("a profile of no example figure is an example")
	}
}
