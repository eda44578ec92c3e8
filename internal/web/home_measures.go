package web

import (
	"context"
	"fmt"
	"html/template"
	"net/url"
	"sort"

	"klimaspor/internal/chart"
	"klimaspor/internal/i18n"
	"klimaspor/internal/model"
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
// id. Progress runs from the baseline to the nearest target that is not yet past (or the last
// one); an indicator where higher is better and that has no baseline counts from zero, so
// "27 of 29 municipalities" is 93 %. When several organisations report the latest period,
// their values are not added up (a share cannot be), and the page points to the project.
func (s *Server) projectIndicators(ctx context.Context, l i18n.Localizer, projects []model.Record) (map[int64][]homeIndicator, error) {
	want := map[int64]bool{}
	for _, p := range projects {
		want[p.ID()] = true
	}
	inds, err := s.all(ctx, model.Indicators, nil)
	if err != nil {
		return nil, err
	}
	i18n.SortBy(l.Lang, inds, func(i model.Record) string { return name(l, i) })
	out := map[int64][]homeIndicator{}
	now := thisYear()
	for _, ind := range inds {
		pid, ok := ind.Int("owner_project_id")
		targets, _ := ind["targets"].([]model.Target)
		if !ok || !want[pid] || len(targets) == 0 {
			continue
		}
		targets = append([]model.Target(nil), targets...)
		sort.Slice(targets, func(i, j int) bool { return targets[i].Year < targets[j].Year })
		target := nextTarget(targets, now)
		hi := homeIndicator{Name: name(l, ind)}
		vals, err := s.all(ctx, model.IndicatorValues, map[string]string{"indicator": idString(ind.ID()), "breakdown": ""})
		if err != nil {
			return nil, err
		}
		var latest []model.Record
		for _, v := range vals {
			switch {
			case len(latest) == 0 || model.PeriodAfter(v.Str("period"), latest[0].Str("period")):
				latest = []model.Record{v}
			case v.Str("period") == latest[0].Str("period"):
				latest = append(latest, v)
			}
		}
		targetText := l.Number(target.Value, indValueDecimals(target.Value))
		switch {
		case len(latest) == 0:
			hi.Text = l.T("home.ind_unmeasured", targetText, fmt.Sprint(target.Year))
		case len(latest) > 1:
			hi.Measured = true
			hi.Text = l.T("home.ind_many", l.Int(int64(len(latest))), l.Period(latest[0].Str("period")))
		default:
			hi.Measured = true
			v, _ := latest[0].Float("value")
			hi.Text = l.T("home.ind_latest", l.Number(v, indValueDecimals(v)), l.Period(latest[0].Str("period")), targetText, fmt.Sprint(target.Year))
			base, hasBase := ind.Float("baseline_value")
			if !hasBase && ind.Str("direction") == "higher" {
				base, hasBase = 0, true
			}
			if hasBase {
				if _, ok := chart.ProgressPercent(base, target.Value, v); ok {
					hi.Bar = chart.Progress(chart.ProgressBar{
						Meta:     chart.Meta{ID: fmt.Sprintf("fremdrift-%d", ind.ID()), Title: l.T("home.ind_bar", hi.Name), Desc: hi.Text, Width: 140, Height: 22},
						Baseline: base, Target: target.Value, Actual: v,
						PercentFormat: func(x float64) string { return l.Percent(x, 0) },
					})
				}
			}
		}
		out[pid] = append(out[pid], hi)
	}
	return out, nil
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
func measureOptions(l i18n.Localizer, chosen mapMeasure) []formOption {
	out := make([]formOption, len(mapMeasures))
	for i, m := range mapMeasures {
		out[i] = formOption{Value: m.Key, Label: l.T("home.measure." + m.Key), Selected: m.Key == chosen.Key}
	}
	return out
}

// measureValues are the chosen measure's values by municipality code: an indicator's totals
// in year, or each municipality's number of actions.
func (s *Server) measureValues(ctx context.Context, m mapMeasure, year int, munis []model.Record, counts map[int64][]int) (map[string]float64, error) {
	out := map[string]float64{}
	if m.Indicator == "" {
		for _, o := range munis {
			n := 0
			for _, c := range counts[o.ID()] {
				n += c
			}
			out[o.Str("code")] = float64(n)
		}
		return out, nil
	}
	vals, err := s.yearValues(ctx, m.Indicator, year)
	if err != nil {
		return nil, err
	}
	for _, o := range munis {
		if v, ok := vals[o.ID()]; ok {
			out[o.Str("code")] = v
		}
	}
	return out, nil
}
