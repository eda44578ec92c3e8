package inventory

import (
	"context"
	"errors"
	"fmt"
	"strconv"
	"strings"

	"klimaspor/internal/emissions"
	"klimaspor/internal/model"
	"klimaspor/internal/store"
)

// The two footprints outside the territorial accounts, gathered for the API and the pages:
// the consumption-based footprint (its profile, the nation's when it has none, times its
// population) and the procurement footprint (its spend in a year times a spend-factor set).

// Why a footprint cannot be given; the API answers them with 422 (404 for ErrNoSpend) and
// the pages say them.
var (
	ErrNoProfile    = errors.New("inventory: neither the organisation nor the nation has a consumption footprint profile")
	ErrNoPopulation = errors.New("inventory: the organisation has no population figure")
	ErrNoSpend      = errors.New("inventory: the organisation has no procurement spend")
)

// ConsumptionFootprint is an organisation's consumption-based footprint with the population
// it was multiplied by.
type ConsumptionFootprint struct {
	Result     emissions.FootprintResult
	Population model.Population
}

// Footprint gathers org's consumption-based footprint of the year (0: the latest): its own
// profile or, lacking one, the nation's per inhabitant (emissions.PickFootprint), times its
// population (Population). Without a profile it is ErrNoProfile; without a population
// ErrNoPopulation, with Result.Year the profile's year.
func Footprint(ctx context.Context, db *store.DB, org model.Organisation, year int) (ConsumptionFootprint, error) {
	own, err := footprintProfiles(ctx, db, org.ID())
	if err != nil {
		return ConsumptionFootprint{}, err
	}
	var nation []emissions.FootprintProfile
	if org.Kind() != "country" {
		n, err := nationOf(ctx, db, org)
		if err != nil {
			return ConsumptionFootprint{}, err
		}
		if n != 0 {
			if nation, err = footprintProfiles(ctx, db, n); err != nil {
				return ConsumptionFootprint{}, err
			}
		}
	}
	p, inherited, ok := emissions.PickFootprint(own, nation, year)
	if !ok {
		return ConsumptionFootprint{}, ErrNoProfile
	}
	pop, ok, err := Population(ctx, db, org, int64(p.Year))
	if err != nil {
		return ConsumptionFootprint{}, err
	}
	if !ok {
		return ConsumptionFootprint{Result: emissions.FootprintResult{Year: p.Year}}, ErrNoPopulation
	}
	res := p.For(pop.Value)
	if inherited {
		res = p.InheritedBy(pop.Value)
	}
	return ConsumptionFootprint{Result: res, Population: pop}, nil
}

// footprintProfiles reads an organisation's stored footprint, as profiles by year.
func footprintProfiles(ctx context.Context, db *store.DB, org int64) ([]emissions.FootprintProfile, error) {
	page, err := db.List(ctx, model.ConsumptionFootprints, model.ListQuery{Filters: map[string]string{"organisation": strconv.FormatInt(org, 10)}, Limit: store.MaxLimit})
	if err != nil {
		return nil, err
	}
	return emissions.FootprintProfiles(model.AsConsumptionFootprints(page.Items)), nil
}

// nationOf finds the nation whose profile stands for org's: the country above it or, when
// none is above it, Denmark (kind country, code DK); 0 when there is none.
func nationOf(ctx context.Context, db *store.DB, org model.Organisation) (int64, error) {
	for i, parent := 0, org.ParentID(); parent != 0 && i < 10; i++ {
		rec, err := db.Get(ctx, model.Organisations, parent)
		if errors.Is(err, store.ErrNotFound) {
			break
		} else if err != nil {
			return 0, err
		}
		o := model.AsOrganisation(rec)
		if o.Kind() == "country" {
			return o.ID(), nil
		}
		parent = o.ParentID()
	}
	page, err := db.List(ctx, model.Organisations, model.ListQuery{Filters: map[string]string{"kind": "country", "code": "DK"}, Limit: 1})
	if err != nil || len(page.Items) == 0 {
		return 0, err
	}
	return page.Items[0].ID(), nil
}

// SummedPopulation is the source of a population that is the sum of the municipalities'.
const SummedPopulation = "summen af kommunernes indbyggertal / the sum of the municipalities' populations"

// Population is the population org's figures per inhabitant are multiplied by for the year:
//
//  1. its own figure for the year;
//  2. else, when it has municipalities below it (a region, the nation) and every one of
//     them has a figure for the year, their sum (its source says so);
//  3. else its own latest figure;
//  4. else the sum of its municipalities' figures in the latest year every one of them has
//     one for.
//
// ok is false when none of these is known. A municipality's figure is its own (1 or 3).
func Population(ctx context.Context, db *store.DB, org model.Organisation, year int64) (pop model.Population, ok bool, err error) {
	for _, p := range org.Population() {
		if p.Year == year && p.Value > 0 {
			return p, true, nil
		}
	}
	var sums map[int64]int64 // by year, the years every municipality below has a figure for
	if org.Kind() != "municipality" {
		if sums, err = municipalitySums(ctx, db, org.ID()); err != nil {
			return pop, false, err
		}
	}
	sum := func(y int64) model.Population {
		return model.Population{Year: y, Value: sums[y], Source: SummedPopulation}
	}
	if _, ok := sums[year]; ok {
		return sum(year), true, nil
	}
	if p, ok := org.LatestPopulation(); ok {
		return p, true, nil
	}
	latest := int64(0)
	for y := range sums {
		latest = max(latest, y)
	}
	if latest == 0 {
		return pop, false, nil
	}
	return sum(latest), true, nil
}

// municipalitySums are the populations of the municipalities below org (its descendants of
// kind municipality) added up by year, for the years every one of them has a figure for;
// nil when there is none below it.
func municipalitySums(ctx context.Context, db *store.DB, org int64) (map[int64]int64, error) {
	var orgs []model.Organisation
	q := model.ListQuery{Limit: store.MaxLimit}
	for {
		page, err := db.List(ctx, model.Organisations, q)
		if err != nil {
			return nil, err
		}
		orgs = append(orgs, model.AsOrganisations(page.Items)...)
		if page.NextCursor == "" {
			break
		}
		q.Cursor = page.NextCursor
	}
	parent := map[int64]int64{}
	for _, o := range orgs {
		parent[o.ID()] = o.ParentID()
	}
	below := func(id int64) bool {
		for seen := 0; id != 0 && seen < len(orgs); seen++ { // a cycle must not loop
			if id = parent[id]; id == org {
				return true
			}
		}
		return false
	}
	sums, counts, n := map[int64]int64{}, map[int64]int{}, 0
	for _, o := range orgs {
		if o.Kind() != "municipality" || !below(o.ID()) {
			continue
		}
		n++
		seen := map[int64]bool{}
		for _, p := range o.Population() {
			if p.Value > 0 && !seen[p.Year] {
				seen[p.Year] = true
				sums[p.Year] += p.Value
				counts[p.Year]++
			}
		}
	}
	if n == 0 {
		return nil, nil
	}
	for y, c := range counts {
		if c != n {
			delete(sums, y)
		}
	}
	return sums, nil
}

// ProcurementFootprint is an organisation's procurement footprint in a year, with what it
// was made from: its spend lines as stored and the factor set.
type ProcurementFootprint struct {
	OrganisationID int64
	Year           int
	Set            string
	Spend          []model.SpendLine
	Result         emissions.ProcurementResult
	// Example: some of the spend lines or of the factors used are examples.
	Example bool
}

// FactorSetError says why no spend-factor set could be chosen: the one asked for is not
// stored, none is, or several are and none was asked for.
type FactorSetError struct {
	Asked, Reason string
}

func (e *FactorSetError) Error() string { return "inventory: spend-factor set: " + e.Reason }

// Procurement gathers org's procurement footprint in the year: its spend lines
// (store.ProcurementSpend) times the spend-factor set (set; "": the only stored one, see
// ChooseFactorSet) by emissions.Procurement. Without spend in the year it is ErrNoSpend; a
// set that cannot be chosen is a *FactorSetError. When a line has no factor the error is
// emissions' *InputError and the footprint returned still holds the spend, so that the
// caller can name the stored rows.
func Procurement(ctx context.Context, db *store.DB, org int64, year int, set string) (*ProcurementFootprint, error) {
	spend, err := db.ProcurementSpend(ctx, org, year)
	if err != nil {
		return nil, err
	}
	if len(spend) == 0 {
		return nil, ErrNoSpend
	}
	if set, err = ChooseFactorSet(ctx, db, set); err != nil {
		return nil, err
	}
	factors, err := db.SpendFactors(ctx, set)
	if err != nil {
		return nil, err
	}
	out := &ProcurementFootprint{OrganisationID: org, Year: year, Set: set, Spend: spend}
	in := make([]emissions.Spend, len(spend))
	for i, l := range spend {
		in[i] = emissions.Spend{Category: l.Category(), DKK: l.SpendDKK(), ID: l.ID()}
		out.Example = out.Example || l.Example()
	}
	if out.Result, err = emissions.Procurement(year, in, factors); err != nil {
		return out, err
	}
	for _, l := range out.Result.Lines {
		out.Example = out.Example || l.Factor.Example
	}
	return out, nil
}

// LatestSpendYear is the latest year org has procurement spend for; ok is false when it has
// none.
func LatestSpendYear(ctx context.Context, db *store.DB, org int64) (year int, ok bool, err error) {
	page, err := db.List(ctx, model.ProcurementSpend, model.ListQuery{Filters: map[string]string{"organisation": strconv.FormatInt(org, 10)}, Sort: "year", Desc: true, Limit: 1})
	if err != nil || len(page.Items) == 0 {
		return 0, false, err
	}
	return int(model.AsSpendLine(page.Items[0]).Year()), true, nil
}

// ChooseFactorSet is the set asked for, or without one the only stored set; a set that is
// not stored, none stored, or a choice among several is a *FactorSetError.
func ChooseFactorSet(ctx context.Context, db *store.DB, asked string) (string, error) {
	sets, err := db.SpendFactorSets(ctx)
	if err != nil {
		return "", err
	}
	refuse := func(reason string) error { return &FactorSetError{Asked: asked, Reason: reason} }
	switch {
	case asked != "":
		for _, s := range sets {
			if s == asked {
				return asked, nil
			}
		}
		return "", refuse(fmt.Sprintf("no spend-factor set %q is stored", asked))
	case len(sets) == 1:
		return sets[0], nil
	case len(sets) == 0:
		return "", refuse("no spend-factor set is stored (spend-factors)")
	}
	return "", refuse("several spend-factor sets are stored; name one with factor_set: " + strings.Join(sets, ", "))
}
