package emissions

import (
	"cmp"
	"fmt"
	"math"
	"slices"

	"klimaspor/internal/model"
)

// Consumption-based footprints (methodology.md §2). A footprint counts what residents'
// consumption emits wherever in the world: domestic production plus embedded imports minus
// embedded exports. It is a family of its own beside the territorial accounts (scope 1 + 2,
// GPC BASIC): the two are never summed, and every footprint carries its own method label
// and source. A profile gives tonnes CO2e per inhabitant per category; For multiplies it
// by a population. A municipality without a profile of its own takes the nation's per
// inhabitant (InheritedBy), and the result says so.

// The categories of a footprint, as the DK2020 plan updates use them: Mobilitet, Fødevarer,
// Bolig og byggeri, Forbrugsprodukter og services.
const (
	CategoryMobility      = "mobility"
	CategoryFood          = "food"
	CategoryHousing       = "housing"
	CategoryGoodsServices = "goods_services"
)

// ConsumptionCategories lists the categories in the order results show them. They are the
// model's (the consumption-footprints resource's enumeration), so the two cannot differ.
var ConsumptionCategories = model.ConsumptionCategories

// InheritedMethod is the method label of a footprint taken from the nation's profile per
// inhabitant; the profile's own label follows it in brackets.
const InheritedMethod = "landsgennemsnit pr. indbygger"

// NotTerritorial is the statement every footprint result carries, in Danish and English.
const (
	NotTerritorial   = "Forbrugsbaseret klimaaftryk: udledninger fra indbyggernes forbrug, uanset hvor i verden de sker. Det lægges aldrig til det geografiske klimaregnskab."
	NotTerritorialEN = "Consumption-based footprint: emissions from residents' consumption wherever in the world they occur. It is never added to the territorial accounts."
)

// FootprintProfile is an organisation's footprint per inhabitant in a year: t CO2e per
// person per category, with the method's label and the source.
type FootprintProfile struct {
	OrganisationID int64
	Year           int
	Method         string
	Source         string
	PerPerson      map[string]float64 // t CO2e per inhabitant, by category
	Example        bool               // example figures, not the organisation's own
}

// CategoryFootprint is one category of a footprint result.
type CategoryFootprint struct {
	Category       string  `json:"category"`
	TCO2ePerPerson float64 `json:"t_co2e_per_person"`
	TCO2e          float64 `json:"t_co2e"`
}

// FootprintResult is a profile applied to a population: per category and in total, per
// inhabitant and in all. Territorial is always false: the footprint is not part of the
// territorial accounts, and Note says so.
type FootprintResult struct {
	Year           int                 `json:"year"`
	Method         string              `json:"method"`
	Source         string              `json:"source"`
	Inherited      bool                `json:"inherited"`
	InheritedFrom  int64               `json:"inherited_from,omitempty"` // the organisation whose profile it is, when inherited
	Population     int64               `json:"population"`
	Categories     []CategoryFootprint `json:"categories"`
	TotalPerPerson float64             `json:"total_t_co2e_per_person"`
	Total          float64             `json:"total_t_co2e"`
	Example        bool                `json:"example"`
	Territorial    bool                `json:"territorial"`
	Note           string              `json:"note"`
	NoteEN         string              `json:"note_en"`
}

// Check says what is wrong with a profile: an unknown category, a figure below zero or not
// a number, no category at all, no method or no source.
func (p FootprintProfile) Check() error {
	if len(p.PerPerson) == 0 {
		return fmt.Errorf("the footprint profile of %d has no category", p.Year)
	}
	for c, v := range p.PerPerson {
		if !slices.Contains(ConsumptionCategories, c) {
			return fmt.Errorf("the footprint profile of %d has an unknown category %q", p.Year, c)
		}
		if v < 0 || math.IsNaN(v) || math.IsInf(v, 0) {
			return fmt.Errorf("the footprint profile of %d gives %s %v t per inhabitant", p.Year, c, v)
		}
	}
	if p.Method == "" || p.Source == "" {
		return fmt.Errorf("the footprint profile of %d needs a method label and a source", p.Year)
	}
	return nil
}

// For applies the profile to a population: each category's t CO2e per inhabitant times the
// population, in the order of ConsumptionCategories (categories the profile lacks are left
// out), and the totals.
func (p FootprintProfile) For(population int64) FootprintResult {
	res := FootprintResult{Year: p.Year, Method: p.Method, Source: p.Source, Population: population,
		Categories: []CategoryFootprint{}, Example: p.Example, Note: NotTerritorial, NoteEN: NotTerritorialEN}
	for _, c := range ConsumptionCategories {
		v, ok := p.PerPerson[c]
		if !ok {
			continue
		}
		t := v * float64(population)
		res.Categories = append(res.Categories, CategoryFootprint{Category: c, TCO2ePerPerson: v, TCO2e: t})
		res.TotalPerPerson += v
		res.Total += t
	}
	return res
}

// InheritedBy applies the profile (the nation's) to another organisation's population: the
// same figures per inhabitant, marked inherited from the profile's organisation, with the
// method label InheritedMethod followed by the profile's own.
func (p FootprintProfile) InheritedBy(population int64) FootprintResult {
	res := p.For(population)
	res.Inherited = true
	res.InheritedFrom = p.OrganisationID
	res.Method = InheritedMethod + " (" + p.Method + ")"
	return res
}

// PickFootprint chooses the profile for an organisation: its own for the year when it has
// one, else the nation's for the year (inherited). Year 0 means the latest year the
// organisation has a profile for or, failing that, the latest the nation has. ok is false
// when neither has one.
func PickFootprint(own, nation []FootprintProfile, year int) (p FootprintProfile, inherited, ok bool) {
	pick := func(ps []FootprintProfile) (FootprintProfile, bool) {
		var best FootprintProfile
		found := false
		for _, q := range ps {
			if (year == 0 || q.Year == year) && (!found || q.Year > best.Year) {
				best, found = q, true
			}
		}
		return best, found
	}
	if p, ok := pick(own); ok {
		return p, false, true
	}
	if p, ok := pick(nation); ok {
		return p, true, true
	}
	return FootprintProfile{}, false, false
}

// FootprintProfiles groups stored footprint records (one per organisation, year and
// category) into profiles, by organisation and year, oldest first. A profile's method and
// source are its records' distinct ones joined by "; " (usually one of each); it is an
// example when any of its figures is.
func FootprintProfiles(rs []model.ConsumptionFootprint) []FootprintProfile {
	type key struct {
		org  int64
		year int
	}
	var order []key
	byKey := map[key]*FootprintProfile{}
	// seen keeps the values joined per profile and field: a source may itself hold "; ".
	seen := map[key]map[string]bool{}
	join := func(k key, field string, s *string, v string) {
		if seen[k] == nil {
			seen[k] = map[string]bool{}
		}
		if v == "" || seen[k][field+"\x00"+v] {
			return
		}
		seen[k][field+"\x00"+v] = true
		if *s != "" {
			*s += "; "
		}
		*s += v
	}
	for _, r := range rs {
		k := key{r.OrganisationID(), int(r.Year())}
		p, ok := byKey[k]
		if !ok {
			p = &FootprintProfile{OrganisationID: k.org, Year: k.year, PerPerson: map[string]float64{}}
			byKey[k] = p
			order = append(order, k)
		}
		p.PerPerson[r.Category()] = r.TCO2ePerPerson()
		join(k, "method", &p.Method, r.Method())
		join(k, "source", &p.Source, r.Source())
		p.Example = p.Example || r.Example()
	}
	slices.SortStableFunc(order, func(a, b key) int {
		if a.org != b.org {
			return cmp.Compare(a.org, b.org)
		}
		return cmp.Compare(a.year, b.year)
	})
	out := make([]FootprintProfile, 0, len(order))
	for _, k := range order {
		out = append(out, *byKey[k])
	}
	return out
}
