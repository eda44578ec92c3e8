package public

import (
	"fmt"
	"klimaspor/internal/chart"
	"sort"
	"time"

	"klimaspor/internal/i18n"
	"klimaspor/internal/model"
)

// defaultRegion is the region the front page shows: Region Hovedstaden.
const defaultRegion = "1084"

// byID indexes records by id.
func byID(recs []model.Record) map[int64]model.Record {
	m := make(map[int64]model.Record, len(recs))
	for _, r := range recs {
		m[r.ID()] = r
	}
	return m
}

// goalItem is a goal as a page lists it.
type goalItem struct {
	ID   int64
	N    int // its place in the list, counted from 1, for the edit link's text
	Text string
	// Outcome is how a goal tied to an indicator stands (model.Goal.Outcome), and Met is
	// "met" or "missed" once its year has passed; both "" otherwise.
	Outcome, Met string
}

// goalItems orders goals by their position and writes them in the reader's language.
func goalItems(l i18n.Localizer, goals []model.Record) []goalItem {
	sorted := model.AsGoals(goals) // a new slice: the caller's order is kept
	sort.SliceStable(sorted, func(i, j int) bool {
		a, _ := sorted[i].Position()
		b, _ := sorted[j].Position()
		return a < b
	})
	out := make([]goalItem, len(sorted))
	for i, g := range sorted {
		out[i] = goalItem{ID: g.ID(), N: i + 1, Text: g.Text(string(l.Lang))}
	}
	return out
}

func idString(id int64) string { return fmt.Sprint(id) }

// numberFormat formats chart numbers in the reader's locale.
func numberFormat(l i18n.Localizer, decimals int) func(float64) string {
	return func(v float64) string { return l.Number(v, decimals) }
}

// periodText formats an optional plan period "2020–2030"; planPeriod does it for the view.
func periodText(l i18n.Localizer, r model.Record) string { return planPeriod(l, model.AsPlan(r)) }

// planPeriod formats a plan's optional period "2020–2030".
func planPeriod(l i18n.Localizer, p model.Plan) string {
	a, okA := p.PeriodStart()
	b, okB := p.PeriodEnd()
	switch {
	case okA && okB:
		return l.T("common.period_range", fmt.Sprint(a), fmt.Sprint(b))
	case okA:
		return fmt.Sprint(a)
	case okB:
		return fmt.Sprint(b)
	}
	return l.T("common.not_given")
}

// thisYear is the current year in Copenhagen, where a year's targets are judged.
func thisYear() int64 { return model.YearAt(time.Now()) }

// tickFormat writes a chart's axis labels in the reader's locale with only the decimals the
// axis's step needs ("3", not "3,000", which a Danish reader takes for three thousand).
func tickFormat(l i18n.Localizer) chart.DecimalFormatter {
	return func(v float64, decimals int) string { return l.Number(v, decimals) }
}
