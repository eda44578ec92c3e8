package peers

import (
	"testing"

	"github.com/google/go-cmp/cmp"

	"klimaspor/internal/i18n"
	"klimaspor/internal/model"
	"klimaspor/internal/peers"
	"klimaspor/internal/peers/gather"
)

// TestBuildViewRows: each figure formatted in the reader's locale, the group's average and
// the "n af N" sentence; a similar municipality marked with its distance; the similar note
// counts the ones left out.
func TestBuildViewRows(t *testing.T) {
	orgs := map[int64]model.Organisation{
		1: model.AsOrganisation(model.Record{"id": int64(1), "kind": "municipality", "code": "101", "name_da": "København", "name_en": "Copenhagen"}),
		2: model.AsOrganisation(model.Record{"id": int64(2), "kind": "municipality", "code": "147", "name_da": "Frederiksberg"}),
	}
	c := gather.Comparison{Compared: []int64{1, 2}, Matches: []peers.Match{{ID: 2, Distance: 0.4567}}, Skipped: 3, Orgs: orgs, Year: 2023,
		Figures: []peers.Figure{
			{Key: peers.KeyPopulation, Kind: peers.KindNumber, Values: map[int64]peers.Value{1: {Number: peers.Of(632340)}, 2: {}}, Average: peers.Of(1234.5), Count: 28, Size: 29},
			{Key: peers.KeyPerInhabitant, Kind: peers.KindNumber, Values: map[int64]peers.Value{1: {Number: peers.Of(1.44)}, 2: {Number: peers.Of(1)}}, Average: peers.Of(2.25), Count: 29, Size: 29},
			{Key: peers.KeyRenewableShare, Kind: peers.KindNumber, Values: map[int64]peers.Value{1: {Number: peers.Of(38.4)}, 2: {}}, Count: 0, Size: 29},
			{Key: peers.KeyNetZero, Kind: peers.KindNumber, Values: map[int64]peers.Value{1: {Number: peers.Of(2035)}, 2: {}}, Average: peers.Of(2048.6), Count: 20, Size: 29},
			{Key: peers.KeyActions, Kind: peers.KindNumber, Values: map[int64]peers.Value{1: {Number: peers.Of(31)}, 2: {Number: peers.Of(0)}}, Average: peers.Of(13.14), Count: 29, Size: 29},
			{Key: peers.ThemePrefix + "food", Kind: peers.KindYesNo, ThemeID: 7, Values: map[int64]peers.Value{1: {Yes: false}, 2: {Yes: true}}, Count: 23, Size: 29},
		}}
	themes := []model.Theme{model.AsTheme(model.Record{"id": int64(7), "code": "food", "name_da": "Madspild", "name_en": "Food waste"})}
	tests := []struct {
		lang    i18n.Lang
		want    [][]string
		cols    []column
		similar string
	}{
		{i18n.Danish, [][]string{
			{"Indbyggere", "632.340", "–", "1.235", "28 af 29 kommuner har tallet"},
			{"Udledning pr. indbygger (t CO2e)", "1,4", "1,0", "2,3", "29 af 29 kommuner har tallet"},
			{"Selvforsyning med vedvarende el", "38\u00a0%", "–", "–", "0 af 29 kommuner har tallet"},
			{"Mål om netto-nul i år", "2035", "–", "2049", "20 af 29 kommuner har et mål om netto-nul"},
			{"Indsatser i vedtagne planer", "31", "0", "13,1", "29 af 29 kommuner har tallet"},
			{"Indsats om Madspild", "Nej", "Ja", "", "23 af 29 kommuner har en indsats om madspild"},
		}, []column{{Name: "København", Href: "/kommuner/101"}, {Name: "Frederiksberg", Href: "/kommuner/147", Similar: true, Distance: "0,46"}},
			"Den kommune, der ligner København mest i indbyggertal og udledning pr. indbygger, er sat ind efter den. 3 kommuner uden indbyggertal eller klimaregnskab er ikke med i udvalget."},
		{i18n.English, [][]string{
			{"Inhabitants", "632,340", "–", "1,235", "28 of 29 municipalities have the figure"},
			{"Emissions per inhabitant (t CO2e)", "1.4", "1.0", "2.3", "29 of 29 municipalities have the figure"},
			{"Renewable electricity self-sufficiency", "38%", "–", "–", "0 of 29 municipalities have the figure"},
			{"Net-zero target year", "2035", "–", "2049", "20 of 29 municipalities have a net-zero target"},
			{"Actions in adopted plans", "31", "0", "13.1", "29 of 29 municipalities have the figure"},
			{"Action on Food waste", "No", "Yes", "", "23 of 29 municipalities have an action on food waste"},
		}, []column{{Name: "Copenhagen", Href: "/kommuner/101"}, {Name: "Frederiksberg", Href: "/kommuner/147", Similar: true, Distance: "0.46"}},
			"The municipality most like Copenhagen in population and emissions per inhabitant is added after it. 3 municipalities without a population or accounts are left out of the choice."},
	}
	for _, tc := range tests {
		t.Run(string(tc.lang), func(t *testing.T) {
			l := i18n.Localizer{Lang: tc.lang}
			d := buildView(l, input{Request: request{Codes: []string{"101"}, Similar: 3}, Comparison: c, Themes: themes}, "/paa-tvaers/sammenlign")
			var got [][]string
			for _, r := range d.Rows {
				got = append(got, append(append([]string{r.Label}, r.Values...), r.Average, r.InGroup))
			}
			if diff := cmp.Diff(tc.want, got); diff != "" {
				t.Errorf("rows (-want +got):\n%s", diff)
			}
			if diff := cmp.Diff(tc.cols, d.Columns); diff != "" {
				t.Errorf("columns (-want +got):\n%s", diff)
			}
			if d.Similars != tc.similar {
				t.Errorf("similar note = %q", d.Similars)
			}
		})
	}
}
