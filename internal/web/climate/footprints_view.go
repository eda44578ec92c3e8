package climate

import (
	"cmp"
	"errors"
	"html/template"
	"math"
	"slices"
	"strconv"

	"klimaspor/internal/chart"
	"klimaspor/internal/emissions"
	"klimaspor/internal/i18n"
	"klimaspor/internal/inventory"
	"klimaspor/internal/web/page"
)

// The two footprints outside the territorial accounts, shown after them on a municipality's
// page: the consumption-based footprint and the procurement footprint. Each says in words
// that it is not part of the territorial accounts and is never added to them, with its
// method and source, and marks example figures.

// footprintView is the consumption-based footprint as the page shows it.
type footprintView struct {
	Year                  int
	Basis                 string // the municipality's own profile, or the national average per inhabitant
	PopulationText        string // in all for so many inhabitants (the population's year)
	Method, Source        string
	Example               bool
	Caption               string
	Rows                  []footprintRow
	TotalPerPerson, Total string
	Chart                 template.HTML
}

type footprintRow struct {
	Category, PerPerson, Total string
}

// buildFootprint is the footprint's view for an organisation of the kind (municipality,
// region, country), or the line saying why there is none.
func buildFootprint(l i18n.Localizer, kind, name string, fp *inventory.ConsumptionFootprint, err error) (*footprintView, string) {
	if kind != "region" && kind != "country" {
		kind = "municipality"
	}
	switch {
	case errors.Is(err, inventory.ErrNoPopulation):
		return nil, l.T("climate.footprint_no_population")
	case err != nil || fp == nil:
		return nil, l.T("climate.footprint_no_profile")
	}
	r := fp.Result
	year := strconv.Itoa(r.Year)
	v := &footprintView{Year: r.Year, Method: r.Method, Source: r.Source, Example: r.Example,
		Caption:        l.T("climate.footprint_caption", name, year),
		TotalPerPerson: perPerson(l, r.TotalPerPerson), Total: tonnes(l, r.Total),
	}
	popKey := "climate.footprint_population." + kind
	if fp.Population.Source == inventory.SummedPopulation {
		popKey = "climate.footprint_population_sum"
	}
	v.PopulationText = l.T(popKey, l.Int(fp.Population.Value), strconv.FormatInt(fp.Population.Year, 10))
	if r.Inherited {
		v.Basis = l.T("climate.footprint_inherited."+kind, year)
	} else {
		v.Basis = l.T("climate.footprint_own."+kind, year)
	}
	c := chart.BarChart{Format: func(x float64) string { return perPerson(l, x) },
		Meta: chart.Meta{ID: "aftryk", Title: l.T("climate.footprint_chart_title", name, year),
			Desc: l.T("climate.footprint_chart_desc", perPerson(l, r.TotalPerPerson)), NoData: l.T("chart.no_data"), Missing: i18n.Dash},
		CategoryLabel: l.T("climate.footprint_category"), ValueLabel: l.T("field.consumption-footprints.t_co2e_per_person"),
	}
	for _, cf := range r.Categories {
		label := l.T("consumption_category." + cf.Category)
		v.Rows = append(v.Rows, footprintRow{Category: label, PerPerson: perPerson(l, cf.TCO2ePerPerson), Total: tonnes(l, cf.TCO2e)})
		c.Bars = append(c.Bars, chart.Bar{Label: label, Value: cf.TCO2ePerPerson})
	}
	v.Chart = chart.Bars(c) + page.Details(l, chart.Table(c.TableData()))
	return v, ""
}

// perPerson writes tonnes per inhabitant in the reader's locale, to at most two decimals.
func perPerson(l i18n.Localizer, v float64) string { return l.Number(v, -1) }

// procurementView is the procurement footprint as the page shows it.
type procurementView struct {
	Year                 int
	Set                  string
	Example              bool
	Caption              string
	Rows                 []procurementRow
	TotalDKK, TotalTCO2e string
	Chart                template.HTML
}

type procurementRow struct {
	Category, DKK, TCO2e, Factor, FactorSource string
	Example                                    bool // the factor is an example
}

// buildProcurement is the procurement footprint's view, or the line saying why there is
// none: no spend, or spend that cannot be computed (a category without a factor, no factor
// set to choose). spendYear is the latest year with spend.
func buildProcurement(l i18n.Localizer, name string, spendYear int, fp *inventory.ProcurementFootprint, err error) (*procurementView, string) {
	switch {
	case errors.Is(err, inventory.ErrNoSpend) || (err == nil && fp == nil):
		return nil, l.T("climate.procurement_no_spend")
	case err != nil:
		return nil, l.T("climate.procurement_not_computed", strconv.Itoa(spendYear))
	}
	r := fp.Result
	year := strconv.Itoa(r.Year)
	v := &procurementView{Year: r.Year, Set: fp.Set, Example: fp.Example, Caption: l.T("climate.procurement_caption", name, year),
		TotalDKK: l.Int(r.TotalDKK), TotalTCO2e: tonnes(l, r.TotalTCO2e)}
	factorOf := map[string]emissions.SpendFactor{}
	for _, ln := range r.Lines {
		factorOf[ln.Category] = ln.Factor // one factor per category in a year (emissions.Procurement)
	}
	c := chart.BarChart{Format: numberFormat(l, 0), Sort: chart.SortDescending,
		Meta: chart.Meta{ID: "indkoeb", Title: l.T("climate.procurement_chart_title", name, year),
			Desc: l.T("climate.procurement_chart_desc", tonnes(l, r.TotalTCO2e)), NoData: l.T("chart.no_data"), Missing: i18n.Dash},
		CategoryLabel: l.T("field.procurement-spend.category"), ValueLabel: l.T("unit.t_co2e"),
	}
	// The table in the chart's order: the largest first.
	cats := slices.Clone(r.ByCategory)
	slices.SortStableFunc(cats, func(a, b emissions.CategoryTotal) int { return cmp.Compare(b.TCO2e, a.TCO2e) })
	for _, ct := range cats {
		f := factorOf[ct.Category]
		label := spendCategory(l, ct.Category)
		v.Rows = append(v.Rows, procurementRow{Category: label, DKK: l.Int(ct.DKK), TCO2e: tonnes(l, ct.TCO2e),
			Factor: factorText(l, f.KgCO2ePerDKK), FactorSource: f.Source, Example: f.Example})
		c.Bars = append(c.Bars, chart.Bar{Label: label, Value: ct.TCO2e})
	}
	v.Chart = chart.Bars(c) + page.Details(l, chart.Table(c.TableData()))
	return v, ""
}

// spendCategory names a purchase category in the reader's language when the catalogue
// knows it (spend_category.food), else as the factor set names it: the categories are the
// sets' own words.
func spendCategory(l i18n.Localizer, c string) string {
	if k := i18n.EnumKey("spend_category", c); i18n.Has(k) {
		return l.T(k)
	}
	return c
}

// factorText writes kg CO2e per DKK with as few decimals as it needs, at most four.
func factorText(l i18n.Localizer, v float64) string {
	d := 0
	for ; d < 4; d++ {
		p := math.Pow10(d)
		if math.Abs(math.Round(v*p)-v*p) < 1e-9 {
			break
		}
	}
	return l.Number(v, d)
}
