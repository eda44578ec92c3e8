package climate

import (
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"klimaspor/internal/emissions"
	"klimaspor/internal/i18n"
	"klimaspor/internal/inventory"
	"klimaspor/internal/model"
	"klimaspor/internal/store"
)

var da = i18n.For(i18n.Danish)

// inv is an inventory of one sector (energi) per year.
func inv(byYear map[int]float64) store.Inventory {
	out := store.Inventory{}
	for y := 2018; y <= 2025; y++ {
		if v, ok := byYear[y]; ok {
			out.Years = append(out.Years, store.InventoryYear{Year: y, TotalTCO2e: v, Sectors: []store.SectorEmission{{Sector: "energi", TCO2e: v}}})
		}
	}
	return out
}

func muni(code, name string, pop int64) model.Organisation {
	rec := model.Record{"code": code, "name_da": name, "kind": "municipality"}
	if pop > 0 {
		rec["population"] = []model.Population{{Year: 2020, Value: pop}}
	}
	return model.AsOrganisation(rec)
}

// TestRankingIsPerInhabitantHighestFirst: the ranking divides the latest year's total by the
// population, highest first (a negative total last among those with a population); one
// without a population is listed after them, unranked; the note names the population's year.
func TestRankingIsPerInhabitantHighestFirst(t *testing.T) {
	in := totalsInput{Org: model.AsOrganisation(model.Record{"name_da": "Region"}), Releases: releases{Shown: store.Release{Name: "R"}},
		Shown: inv(map[int]float64{2022: 1, 2023: 1350}),
		Members: []member{
			{muni("1", "A", 10), inv(map[int]float64{2023: 100})},
			{muni("2", "B", 10), inv(map[int]float64{2023: 300})},
			{muni("3", "C", 10), inv(map[int]float64{2023: -50})},
			{muni("4", "D", 0), inv(map[int]float64{2023: 1000})},
			{muni("5", "E", 10), inv(map[int]float64{2022: 1000})}, // no 2023: not ranked at all
		}}
	d := buildTotals(da, in)
	type row struct{ Rank, Name, PerCapita, Href string }
	var got []row
	for _, r := range d.Ranking {
		got = append(got, row{r.Rank, r.Name, r.PerCapita, r.Href})
	}
	want := []row{{"1", "B", "30,0", "/kommuner/2/klimaregnskab"}, {"2", "A", "10,0", "/kommuner/1/klimaregnskab"},
		{"3", "C", "−5,0", "/kommuner/3/klimaregnskab"}, {i18n.Dash, "D", i18n.Dash, "/kommuner/4/klimaregnskab"}}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("ranking (-want +got):\n%s", diff)
	}
	if d.Year != 2023 || !strings.Contains(d.RankNote, "befolkningstal fra 2020") {
		t.Errorf("year %d, note %q", d.Year, d.RankNote)
	}
}

// TestDifferenceIsShownMinusOtherInCommonYears: the difference has the years both releases
// have, each figure the shown release's less the other's.
func TestDifferenceIsShownMinusOtherInCommonYears(t *testing.T) {
	f := differenceTable(da, "", inv(map[int]float64{2022: 1500, 2023: 900}), inv(map[int]float64{2021: 7, 2022: 1000}))
	if len(f.Rows) != 1 || f.Rows[0].Year != 2022 {
		t.Fatalf("rows %+v", f.Rows)
	}
	// Energi, then the four sectors without figures, then the total.
	if diff := cmp.Diff([]string{"500", "–", "–", "–", "–", "500"}, f.Rows[0].Cells); diff != "" {
		t.Errorf("cells (-want +got):\n%s", diff)
	}
}

// TestUnusedReasonInTheReadersLanguage: why a target cannot be used is said in the reader's
// language, naming the boundary or the base year.
func TestUnusedReasonInTheReadersLanguage(t *testing.T) {
	actual := emissions.SeriesOf(map[int]float64{2018: 100, 2023: 80})
	en := i18n.For(i18n.English)
	for _, tc := range []struct {
		name   string
		target emissions.Target
		l      i18n.Localizer
		want   string
	}{
		{"base year before the accounts", emissions.Target{BaseYear: 1990, TargetYear: 2030, ReductionPct: 70}, da, "Regnskabet har intet tal for basisåret 1990."},
		{"in English", emissions.Target{BaseYear: 1990, TargetYear: 2030, ReductionPct: 70}, en, "The accounts have no figure for the base year 1990."},
		{"another boundary", emissions.Target{TargetYear: 2030, NetZero: true, Boundary: emissions.BoundaryEnergyTransport}, da, "en anden afgrænsning (Energi og transport)"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			got := unusedReason(tc.l, inventory.UnusedTarget{Target: tc.target, Reason: "english"}, actual)
			if !strings.Contains(got, tc.want) {
				t.Errorf("%q, want it to contain %q", got, tc.want)
			}
		})
	}
}
