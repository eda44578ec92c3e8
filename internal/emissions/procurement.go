package emissions

import (
	"fmt"
	"math"
	"sort"
	"strconv"
	"strings"
)

// The procurement footprint (issue 12; the VIP projects on green procurement ask for it): a
// municipality's purchases in a year, as spend in DKK per category, times a spend-based
// factor in kg CO2e per DKK for the category. It is an estimate of the climate impact of
// what the municipality buys, wherever the emissions happen: a consumption-side figure
// outside the territorial accounts, never added to them.
//
// For each spend line:
//
//  1. Pick the factor: the one for the line's category (compared without case and outer
//     spaces: "Food" is "food") valid in the year. Two such factors are an error (the
//     choice is never left to order); none is an error naming the line.
//  2. t CO2e = DKK × kg CO2e/DKK / 1000.
//
// The result adds the lines up in total and by category. A bad input is refused as a whole
// with an *InputError listing every bad line (spend[3].category: why), never half computed.
//
// The hand check: 2,000,000 DKK of food at 0.5 kg CO2e/DKK is 2,000,000 × 0.5 / 1000 =
// 1,000 t CO2e.

// Spend is one line of purchases: so many DKK spent in a category. ID is the stored row the
// line is (0 when it is not stored); the calculation only carries it.
type Spend struct {
	Category string
	DKK      float64
	ID       int64
}

// SpendFactor is a spend-based emission factor: kg CO2e per DKK spent in a category, in the
// years it is valid for (0: open), from a source, in a named set. ID names it for
// traceability (the set's name and the stored row: "eksempel:17").
type SpendFactor struct {
	Category     string
	KgCO2ePerDKK float64
	ValidFrom    int
	ValidTo      int
	Source       string
	Set          string
	ID           string
	Example      bool // an example factor, not a sourced one
}

// validIn says whether the factor holds in year.
func (f SpendFactor) validIn(year int) bool {
	return (f.ValidFrom == 0 || f.ValidFrom <= year) && (f.ValidTo == 0 || year <= f.ValidTo)
}

// ProcurementLine is one spend line's result: the line, the factor it used and its tonnes.
type ProcurementLine struct {
	// Index is the line's place in the input.
	Index    int
	SpendID  int64
	Category string
	DKK      float64
	Factor   SpendFactor
	TCO2e    float64
}

// CategoryTotal is the spend and tonnes of one category, named as its factor names it.
type CategoryTotal struct {
	Category string
	DKK      float64
	TCO2e    float64
}

// ProcurementResult is the procurement footprint of a year. Every figure goes back to its
// lines, and every line to its spend and its factor.
type ProcurementResult struct {
	Year       int
	TotalDKK   float64
	TotalTCO2e float64
	ByCategory []CategoryTotal // sorted by category
	Lines      []ProcurementLine
}

// Codes of a procurement LineError besides those of the calculation.
const CodeAmbiguousFactor = "ambiguous_factor"

// categoryKey is how categories are compared: without case and outer spaces.
func categoryKey(c string) string { return strings.ToLower(strings.TrimSpace(c)) }

// Procurement computes the procurement footprint of the spend in year with the factors (one
// set's; see the comment above). Every line without exactly one factor for its category in
// the year, and every line with no category or a negative or non-finite amount, is listed
// in an *InputError; nothing is computed then.
func Procurement(year int, spend []Spend, factors []SpendFactor) (ProcurementResult, error) {
	byCat := map[string][]SpendFactor{}
	for _, f := range factors {
		if f.validIn(year) {
			k := categoryKey(f.Category)
			byCat[k] = append(byCat[k], f)
		}
	}
	res := ProcurementResult{Year: year, Lines: make([]ProcurementLine, 0, len(spend))}
	var bad []LineError
	field := func(i int, name string) string { return "spend[" + strconv.Itoa(i) + "]." + name }
	for i, s := range spend {
		if math.IsNaN(s.DKK) || math.IsInf(s.DKK, 0) || s.DKK < 0 {
			bad = append(bad, LineError{Line: i, Field: field(i, "dkk"), Code: CodeRange,
				Reason: "the spend must be a finite number of DKK, 0 or more", Value: strconv.FormatFloat(s.DKK, 'g', -1, 64)})
		}
		if categoryKey(s.Category) == "" {
			bad = append(bad, LineError{Line: i, Field: field(i, "category"), Code: CodeRequired, Reason: "the line has no category"})
			continue
		}
		fs := byCat[categoryKey(s.Category)]
		switch len(fs) {
		case 0:
			bad = append(bad, LineError{Line: i, Field: field(i, "category"), Code: CodeNoFactor,
				Reason: fmt.Sprintf("no spend factor for the category %q valid in %d", s.Category, year), Value: s.Category})
			continue
		case 1:
		default:
			ids := make([]string, len(fs))
			for j, f := range fs {
				ids[j] = f.ID
			}
			bad = append(bad, LineError{Line: i, Field: field(i, "category"), Code: CodeAmbiguousFactor,
				Reason: fmt.Sprintf("%d spend factors for the category %q are valid in %d (%s); keep one", len(fs), s.Category, year, strings.Join(ids, ", ")), Value: s.Category})
			continue
		}
		f := fs[0]
		res.Lines = append(res.Lines, ProcurementLine{Index: i, SpendID: s.ID, Category: f.Category, DKK: s.DKK, Factor: f, TCO2e: s.DKK * f.KgCO2ePerDKK / 1000})
	}
	if len(bad) > 0 {
		return ProcurementResult{}, &InputError{Errors: bad}
	}
	totals := map[string]*CategoryTotal{}
	for _, l := range res.Lines {
		res.TotalDKK += l.DKK
		res.TotalTCO2e += l.TCO2e
		ct := totals[l.Category]
		if ct == nil {
			ct = &CategoryTotal{Category: l.Category}
			totals[l.Category] = ct
		}
		ct.DKK += l.DKK
		ct.TCO2e += l.TCO2e
	}
	for _, ct := range totals {
		res.ByCategory = append(res.ByCategory, *ct)
	}
	sort.Slice(res.ByCategory, func(i, j int) bool { return res.ByCategory[i].Category < res.ByCategory[j].Category })
	return res, nil
}
