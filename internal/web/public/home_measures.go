package public

import (
	"fmt"
	"html/template"
	"net/url"

	"klimaspor/internal/chart"
	"klimaspor/internal/i18n"
	"klimaspor/internal/model"
	"klimaspor/internal/web/page"
)

// homeIndicator is a joint project's indicator as the front page sums it up: its latest
// measurement against its target, with a small progress bar when progress can be computed.
type homeIndicator struct {
	Name     string
	Text     string        // "27 of 29 (Feb 2024)", or that nothing is measured yet
	Bar      template.HTML // "" when progress cannot be computed
	Measured bool
}

// projectIndicators sums up the indicators with targets of the given projects, by project
// id, from their totals (vals). Progress is model.Indicator.Progress: from the progress
// baseline to the target that counts in the year now, the rule the municipality page uses
// too. When several organisations report the latest period, their values are not added up
// (a share cannot be), and the page points to the project.
func projectIndicators(l i18n.Localizer, projects []model.Project, indicators []model.Indicator, vals []model.IndicatorValue, now int64) map[int64][]homeIndicator {
	want := map[int64]bool{}
	for _, p := range projects {
		want[p.ID()] = true
	}
	valuesOf := map[int64][]model.IndicatorValue{}
	for _, v := range vals {
		valuesOf[v.IndicatorID()] = append(valuesOf[v.IndicatorID()], v)
	}
	inds := append([]model.Indicator(nil), indicators...) // sorted here; the caller's order is kept
	i18n.SortBy(l.Lang, inds, func(i model.Indicator) string { return i.Name(string(l.Lang)) })
	out := map[int64][]homeIndicator{}
	for _, ind := range inds {
		pid := ind.OwnerProjectID()
		target, hasTarget := ind.CurrentTarget(now)
		if !want[pid] || !hasTarget {
			continue
		}
		hi := homeIndicator{Name: ind.Name(string(l.Lang))}
		var latest []model.IndicatorValue
		for _, v := range valuesOf[ind.ID()] {
			switch {
			case len(latest) == 0 || model.PeriodAfter(v.Period(), latest[0].Period()):
				latest = []model.IndicatorValue{v}
			case v.Period() == latest[0].Period():
				latest = append(latest, v)
			}
		}
		targetText := l.Number(target.Value, indValueDecimals(target.Value))
		switch {
		case len(latest) == 0:
			hi.Text = l.T("home.ind_unmeasured", targetText, fmt.Sprint(target.Year))
		case len(latest) > 1:
			hi.Measured = true
			hi.Text = l.T("home.ind_many", l.Int(int64(len(latest))), l.Period(latest[0].Period()))
		default:
			hi.Measured = true
			v := latest[0].Value()
			hi.Text = l.T("home.ind_latest", l.Number(v, indValueDecimals(v)), l.Period(latest[0].Period()), targetText, fmt.Sprint(target.Year))
			if _, _, ok := ind.Progress(v, now); ok {
				base, _ := ind.ProgressBaseline()
				hi.Bar = chart.Progress(chart.ProgressBar{
					Meta:     chart.Meta{ID: fmt.Sprintf("fremdrift-%d", ind.ID()), Title: l.T("home.ind_bar", hi.Name), Desc: hi.Text, Width: 140, Height: 22},
					Baseline: base, Target: target.Value, Actual: v,
					PercentFormat: func(x float64) string { return l.Percent(x, 0) },
				})
			}
		}
		out[pid] = append(out[pid], hi)
	}
	return out
}

// mapMeasure is a measure the front page's map can be coloured by.
type mapMeasure struct {
	Key       string // in the URL: ?kort=key
	Indicator string // the indicator's code; "" for the count of actions
	Decimals  int
}

// mapMeasures are the map's measures; the first is the default.
var mapMeasures = []mapMeasure{
	{Key: "co2-pr-indbygger", Indicator: model.IndicatorCO2ePerCapita, Decimals: 1},
	{Key: "co2-i-alt", Indicator: model.IndicatorCO2eTotal, Decimals: 0},
	{Key: "ve-andel", Indicator: model.IndicatorRenewableShare, Decimals: 0},
	{Key: "indsatser", Decimals: 0},
}

// mapMeasureOf is the measure the query asks for, and whether it named a known one.
func mapMeasureOf(q url.Values) (mapMeasure, bool) {
	k := q.Get("kort")
	for _, m := range mapMeasures {
		if m.Key == k {
			return m, true
		}
	}
	return mapMeasures[0], k == ""
}

// measureOptions are the map's measures as choices, the chosen one selected.
func measureOptions(l i18n.Localizer, chosen mapMeasure) []page.Option {
	out := make([]page.Option, len(mapMeasures))
	for i, m := range mapMeasures {
		out[i] = page.Option{Value: m.Key, Label: l.T("home.measure." + m.Key), Selected: m.Key == chosen.Key}
	}
	return out
}

// measureValues are the chosen measure's values by municipality code: an indicator's totals
// in the year (vals, by organisation id), or each municipality's number of actions.
func measureValues(m mapMeasure, munis []model.Organisation, counts map[int64][]int, vals map[int64]float64) map[string]float64 {
	out := map[string]float64{}
	if m.Indicator == "" {
		for _, o := range munis {
			n := 0
			for _, c := range counts[o.ID()] {
				n += c
			}
			out[o.Code()] = float64(n)
		}
		return out
	}
	for _, o := range munis {
		if v, ok := vals[o.ID()]; ok {
			out[o.Code()] = v
		}
	}
	return out
}
