package public

import (
	"fmt"
	"strings"
	"testing"

	"klimaspor/internal/i18n"
	"klimaspor/internal/model"
)

// The front page's rules, on a hand-made input: no HTTP, no database.
func TestBuildHomeView(t *testing.T) {
	l := i18n.For(i18n.English)
	org := func(id, parent int64, code, name, kind string) model.Organisation {
		return model.AsOrganisation(model.Record{"id": id, "parent_id": parent, "code": code, "name_da": name, "kind": kind})
	}
	orgs := []model.Organisation{org(1, 0, "1084", "Region Hovedstaden", "region"), org(2, 1, "101", "København", "municipality"),
		org(3, 1, "165", "Albertslund", "municipality"), org(4, 1, "217", "Ærø", "municipality"), org(5, 0, "751", "Aarhus", "municipality"),
		org(6, 0, kkrCode, "KKR Hovedstaden", "association")}
	project := model.AsProject(model.Record{"id": int64(9), "code": "VIP9", "name_da": "Ladestandere", "leads": []int64{3}})
	ind := func(id int64, code, name string, owner string, ownerID int64, targets ...model.Target) model.Indicator {
		return model.AsIndicator(model.Record{"id": id, "code": code, "name_da": name, "name_en": name, "unit": "%", "direction": "higher",
			owner: ownerID, "targets": targets})
	}
	value := func(id, ind, org int64, period string, v float64) model.IndicatorValue {
		return model.AsIndicatorValue(model.Record{"id": id, "indicator_id": ind, "organisation_id": org, "period": period, "breakdown": "", "value": v})
	}
	target := model.Target{Year: 2030, Value: 100}
	base := homeInput{Region: orgs[0], Orgs: orgs, Year: 2023, Measure: mapMeasures[len(mapMeasures)-1], KnownMeasure: true,
		Programme: &model.Programme{Record: model.Record{"id": int64(1), "code": "VIP", "name_da": "VIP"}}, Projects: []model.Project{project}}
	cases := []struct {
		name  string
		in    func(in homeInput) homeInput
		check func(t *testing.T, d homeData)
	}{
		{"the region's municipalities, in Danish order, with their first climate plan and zero counts", func(in homeInput) homeInput {
			in.ClimatePlans = []model.Plan{model.AsPlan(model.Record{"id": int64(1), "organisation_id": int64(2), "status": "adopted"}),
				model.AsPlan(model.Record{"id": int64(2), "organisation_id": int64(2), "status": "draft"})}
			in.PerCapita = map[int64]float64{3: 4.25}
			return in
		}, func(t *testing.T, d homeData) {
			var got []string
			for _, m := range d.Municipalities {
				got = append(got, fmt.Sprintf("%s %v %s %v %s", m.Name, m.HasPlan, m.PlanStatus, m.ActionCounts, m.PerCapita))
			}
			want := []string{"Albertslund false  [0 0 0 0 0] 4.3", "København true " + l.Enum("plan_status", "adopted") + " [0 0 0 0 0] " + l.T("common.not_given"),
				"Ærø false  [0 0 0 0 0] " + l.T("common.not_given")}
			if fmt.Sprint(got) != fmt.Sprint(want) {
				t.Errorf("municipalities\n%q\nwant\n%q", got, want)
			}
		}},
		{"a project's indicators: only those with a target that counts, the latest value against it", func(in homeInput) homeInput {
			in.ProjectIndicators = []model.Indicator{ind(1, "a", "Andel", "owner_project_id", 9, target), ind(2, "b", "Uden mål", "owner_project_id", 9),
				ind(3, "c", "Bredt", "owner_project_id", 9, target), ind(4, "d", "Umålt", "owner_project_id", 9, target)}
			in.ProjectValues = []model.IndicatorValue{value(1, 1, 2, "2022", 20), value(2, 1, 2, "2023", 40), value(3, 3, 2, "2023", 1), value(4, 3, 3, "2023", 2)}
			return in
		}, func(t *testing.T, d homeData) {
			var got []string
			for _, hi := range d.Projects[0].Indicators {
				got = append(got, fmt.Sprint(hi.Name, ": ", hi.Text, " ", hi.Bar != ""))
			}
			want := []string{"Andel: " + l.T("home.ind_latest", "40", "2023", "100", "2030") + " true",
				"Bredt: " + l.T("home.ind_many", "2", "2023") + " false",
				"Umålt: " + l.T("home.ind_unmeasured", "100", "2030") + " false"}
			if fmt.Sprint(got) != fmt.Sprint(want) {
				t.Errorf("indicators\n%q\nwant\n%q", got, want)
			}
			if p := d.Projects[0]; fmt.Sprint(p.Leads) != "[Albertslund]" {
				t.Errorf("leads %v", p.Leads)
			}
		}},
		{"the shares are the KKR's plan_share indicators with values, at their latest period", func(in homeInput) homeInput {
			in.KKR = &orgs[5]
			in.KKRIndicators = []model.Indicator{ind(1, model.IndicatorPlanSharePrefix+"x", "Andel: Varme", "owner_organisation_id", 6),
				ind(2, "other", "Andet", "owner_organisation_id", 6), ind(3, model.IndicatorPlanSharePrefix+"y", "Andel: Uden tal", "owner_organisation_id", 6)}
			in.KKRValues = []model.IndicatorValue{value(1, 1, 6, "2022", 10), value(2, 1, 6, "2024", 30), value(3, 2, 6, "2024", 50)}
			// The theme's share computed from the plans today stands beside the published one.
			in.KKRIndicators[0].Record["theme_id"] = int64(9)
			in.Computed = map[int64]float64{9: 0.25}
			return in
		}, func(t *testing.T, d homeData) {
			c := string(d.SharesChart)
			if !strings.Contains(c, ">"+l.T("home.share_published", "Varme")+"<") || !strings.Contains(c, ">"+l.T("home.share_computed", "Varme")+"<") ||
				strings.Contains(c, "Andet") || strings.Contains(c, "Uden tal") || !strings.Contains(c, l.Percent(30, 0)) || !strings.Contains(c, l.Percent(25, 0)) {
				t.Errorf("shares chart:\n%s", c)
			}
		}},
		{"no programme, no projects; no shares without the KKR", func(in homeInput) homeInput {
			in.Programme, in.Projects = nil, nil
			return in
		}, func(t *testing.T, d homeData) {
			if d.Programme != "" || d.Projects != nil || d.SharesChart != "" {
				t.Errorf("programme %q, projects %v, shares %q", d.Programme, d.Projects, d.SharesChart)
			}
		}},
		{"an unknown measure is flagged; the count of actions colours the region's municipalities", func(in homeInput) homeInput {
			in.KnownMeasure = false
			in.StatusCounts = map[int64]map[string]int{2: {"planned": 3}, 5: {"planned": 7}}
			return in
		}, func(t *testing.T, d homeData) {
			if !d.BadMeasure || d.MeasureKey != "indsatser" || d.MapSVG == "" || strings.Contains(string(d.MapTable), "Aarhus") {
				t.Errorf("measure %q bad %v; map %d bytes", d.MeasureKey, d.BadMeasure, len(d.MapSVG))
			}
		}},
		{"an indicator measure with no values draws no map", func(in homeInput) homeInput {
			in.Measure = mapMeasures[0]
			return in
		}, func(t *testing.T, d homeData) {
			if d.MapSVG != "" || d.BadMeasure {
				t.Errorf("map drawn without values")
			}
		}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			d, err := buildHomeView(l, c.in(base), 2026)
			if err != nil {
				t.Fatal(err)
			}
			c.check(t, d)
		})
	}
}

// The front page reads the same number of times whatever number of indicators its joint
// projects have: their values in one query, not one per indicator.
func TestHomeReadsDoNotGrow(t *testing.T) {
	readsDoNotGrow(t, "/", "indicator", func(mk func(*model.Resource, model.Record) int64, value func(ind, org int64), n int) {
		region := mk(model.Organisations, model.Record{"kind": "region", "code": defaultRegion, "name_da": "Region Hovedstaden"})
		org := mk(model.Organisations, model.Record{"kind": "municipality", "code": "101", "name_da": "København", "parent_id": region})
		prog := mk(model.Programmes, model.Record{"code": programmeCode, "name_da": "Program"})
		project := mk(model.Projects, model.Record{"code": "VIP9", "name_da": "Projekt", "programme_id": prog})
		mk(model.Participants, model.Record{"project_id": project, "organisation_id": org, "role": "member", "lead": true})
		for i := range n {
			ind := mk(model.Indicators, model.Record{"code": fmt.Sprintf("i%d", i), "name_da": "Nøgletal", "unit": "t", "direction": "lower",
				"owner_project_id": project, "targets": []model.Target{{Year: 2100, Value: 1}}})
			value(ind, org)
		}
	})
}
