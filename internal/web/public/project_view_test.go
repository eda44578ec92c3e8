package public

import (
	"fmt"
	"strings"
	"testing"

	"klimaspor/internal/i18n"
	"klimaspor/internal/model"
)

// The project page's rules, on a hand-made input: no HTTP, no database.
func TestBuildProjectView(t *testing.T) {
	l := i18n.For(i18n.Danish)
	org := func(id int64, code, name, kind string) model.Record {
		return model.Record{"id": id, "code": code, "name_da": name, "kind": kind}
	}
	orgs := byID([]model.Record{org(1, "101", "København", "municipality"), org(2, "165", "Albertslund", "municipality"),
		org(3, "147", "Frederiksberg", "municipality"), org(4, "1084", "Region Hovedstaden", "region"), org(5, "151", "Ballerup", "municipality")})
	project := model.AsProject(model.Record{"id": int64(9), "code": "VIP9", "name_da": "Projekt", "participants": []model.ParticipantRef{
		{OrganisationID: 1, Role: "member"}, {OrganisationID: 2, Role: "member", Lead: true}, {OrganisationID: 3, Role: "follower"},
		{OrganisationID: 4, Role: "member", Lead: true}, {OrganisationID: 5, Role: "member"}}})
	parts := []model.Participant{model.AsParticipant(model.Record{"id": int64(21), "organisation_id": int64(1)}),
		model.AsParticipant(model.Record{"id": int64(22), "organisation_id": int64(2)})}
	ind := model.AsIndicator(model.Record{"id": int64(7), "code": "x", "name_da": "Ladestandere", "unit": "stk", "owner_project_id": int64(9)})
	value := func(id, org int64, period string, v float64) model.IndicatorValue {
		return model.AsIndicatorValue(model.Record{"id": id, "indicator_id": int64(7), "organisation_id": org, "period": period, "breakdown": "", "value": v})
	}
	names := func(os []projectOrg) (out []string) {
		for _, o := range os {
			out = append(out, o.Name)
		}
		return out
	}
	cases := []struct {
		name  string
		in    projectInput
		check func(t *testing.T, d projectData)
	}{
		{"participants as leads, members and followers, in Danish order; no edit links for a reader", projectInput{Project: project, Orgs: orgs, Participants: parts},
			func(t *testing.T, d projectData) {
				got := fmt.Sprint(names(d.Leads), names(d.Members), names(d.Followers))
				if want := "[Albertslund Region Hovedstaden] [Ballerup København] [Frederiksberg]"; got != want {
					t.Errorf("groups %s, want %s", got, want)
				}
				if d.Leads[0].Href != "/kommuner/165" || d.Leads[1].Href != "" || d.Leads[0].Edit != "" {
					t.Errorf("lead links %+v", d.Leads)
				}
			}},
		{"an editor gets each participation's edit link", projectInput{Project: project, Orgs: orgs, Participants: parts, CanEdit: true},
			func(t *testing.T, d projectData) {
				if d.Leads[0].Edit != "/deltagere/22/rediger" || d.Members[1].Edit != "/deltagere/21/rediger" {
					t.Errorf("edit links %+v %+v", d.Leads, d.Members)
				}
			}},
		{"an indicator's chart has a line per organisation, in the order of their first period", projectInput{Project: project, Orgs: orgs,
			Indicators: []model.Indicator{ind}, Values: []model.IndicatorValue{value(1, 2, "2024", 5), value(2, 1, "2023", 3), value(3, 2, "2023", 4)}},
			func(t *testing.T, d projectData) {
				if len(d.Indicators) != 1 {
					t.Fatalf("indicators %+v", d.Indicators)
				}
				c := string(d.Indicators[0].Chart)
				if !strings.Contains(c, "København") || !strings.Contains(c, "Albertslund") || strings.Index(c, "Albertslund") < strings.Index(c, "København") {
					t.Errorf("chart's series are not København then Albertslund:\n%s", c)
				}
			}},
		{"an indicator with nothing to draw has no chart (the page says so in a sentence)", projectInput{Project: project, Orgs: orgs, Indicators: []model.Indicator{ind}},
			func(t *testing.T, d projectData) {
				if len(d.Indicators) != 1 || d.Indicators[0].Chart != "" || d.Indicators[0].Href != "/noegletal/x" {
					t.Errorf("indicators %+v", d.Indicators)
				}
			}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			d, err := buildProjectView(l, c.in)
			if err != nil {
				t.Fatal(err)
			}
			c.check(t, d)
		})
	}
}

// A joint project's page reads the same number of times whatever number of indicators it has:
// their values in one query, not one per indicator.
func TestProjectReadsDoNotGrow(t *testing.T) {
	readsDoNotGrow(t, "/projekter/VIP9", "indicator", func(mk func(*model.Resource, model.Record) int64, value func(ind, org int64), n int) {
		org := mk(model.Organisations, model.Record{"kind": "municipality", "code": "101", "name_da": "København"})
		prog := mk(model.Programmes, model.Record{"code": "VIP", "name_da": "Program"})
		project := mk(model.Projects, model.Record{"code": "VIP9", "name_da": "Projekt", "programme_id": prog})
		mk(model.Participants, model.Record{"project_id": project, "organisation_id": org, "role": "member", "lead": true})
		for i := range n {
			ind := mk(model.Indicators, model.Record{"code": fmt.Sprintf("i%d", i), "name_da": "Nøgletal", "unit": "t", "direction": "lower", "owner_project_id": project})
			value(ind, org)
		}
	})
}
