// Package gather reads what the peer comparison (internal/peers) needs from the store and
// builds it, for both the API (GET /api/v1/peers) and the page (/paa-tvaers/sammenlign), so
// that they cannot differ. It reads a fixed handful of queries whatever the number of
// municipalities: the organisations, the group's members (internal/coverage/gather), the
// theme tree and the coverage state of the group and the compared municipalities
// (store/coverage.go), the newest release's accounts of every municipality
// (store.DB.MunicipalInventories), the renewable share indicator's values, the emission
// targets, and the counting plans' numbers of actions (store.DB.ActionCounts).
//
// Everything is read as the public sees it: drafts never count, as in the coverage, so every
// reader gets the same comparison (and the API can cache one answer for all).
package gather

import (
	"context"
	"errors"
	"fmt"
	"slices"

	"klimaspor/internal/coverage"
	cgather "klimaspor/internal/coverage/gather"
	"klimaspor/internal/model"
	"klimaspor/internal/peers"
	"klimaspor/internal/store"
)

// MaxCompared bounds the municipalities compared side by side (chosen plus similar): a
// table wider than this reads badly on a screen and on paper.
const MaxCompared = 8

// ErrNotMunicipality is a compared organisation that is not a municipality.
var ErrNotMunicipality = errors.New("not a municipality")

// ErrNoGroup is no reference group given and no region above the first municipality.
var ErrNoGroup = errors.New("no reference group")

// Query is what to compare against what.
type Query struct {
	Compared []int64  // the chosen municipalities, the first the one similar ones are like
	Codes    []string // more chosen municipalities, by official code (after Compared)
	Similar  int      // add this many of the municipalities most like the first
	// Group is the reference group as the coverage reads it (a region, the nation, a joint
	// project's participants, …): every kind of group the cross-plan overview knows. nil is
	// the first municipality's region. Its base and day are not used: the comparison is of
	// today, over every member.
	Group *cgather.Query
}

// Comparison is a query's gathered comparison.
type Comparison struct {
	Group    cgather.Query // the reference group used
	Members  []int64
	Compared []int64       // chosen, then similar, nearest first
	Matches  []peers.Match // the similar ones with their distances
	Skipped  int           // municipalities Similar left out for lacking a figure
	Figures  []peers.Figure
	Orgs     map[int64]model.Organisation
	Tree     coverage.Tree
	Release  store.Release // the accounts' release, zero when there is none
	Year     int           // the accounts' year compared, 0 when none
}

// list reads every record of res as the public sees it.
func list(ctx context.Context, db *store.DB, res *model.Resource, filters map[string]string) ([]model.Record, error) {
	q := model.ListQuery{Filters: filters, Limit: store.MaxLimit}
	var out []model.Record
	for {
		pg, err := db.List(ctx, res, q)
		if err != nil {
			return nil, fmt.Errorf("peers: list %s: %w", res.Name, err)
		}
		out = append(out, pg.Items...)
		if pg.NextCursor == "" {
			return out, nil
		}
		q.Cursor = pg.NextCursor
	}
}

// Gather reads and compares. A compared id that is no organisation wraps store.ErrNotFound,
// one that is not a municipality ErrNotMunicipality; the group's errors are
// coverage/gather.Members' (store.ErrNotFound, store.ErrNotGroup).
func Gather(ctx context.Context, db *store.DB, q Query) (Comparison, error) {
	c := Comparison{Orgs: map[int64]model.Organisation{}}
	recs, err := list(ctx, db, model.Organisations, nil)
	if err != nil {
		return c, err
	}
	var munis []model.Organisation
	byCode := map[string]int64{}
	for _, o := range model.AsOrganisations(recs) {
		c.Orgs[o.ID()] = o
		if o.Kind() == "municipality" {
			munis = append(munis, o)
			byCode[o.Code()] = o.ID()
		}
	}
	for _, code := range q.Codes {
		id, ok := byCode[code]
		if !ok {
			return c, fmt.Errorf("peers: municipality %q: %w", code, store.ErrNotFound)
		}
		if !slices.Contains(q.Compared, id) {
			q.Compared = append(q.Compared, id)
		}
	}
	for _, id := range q.Compared {
		o, ok := c.Orgs[id]
		switch {
		case !ok:
			return c, fmt.Errorf("peers: organisation %d: %w", id, store.ErrNotFound)
		case o.Kind() != "municipality":
			return c, fmt.Errorf("peers: organisation %d is a %s: %w", id, o.Kind(), ErrNotMunicipality)
		}
	}
	switch {
	case q.Group != nil:
		c.Group = *q.Group
		c.Group.Base, c.Group.Day = coverage.BaseAll, ""
	case len(q.Compared) > 0 && c.Orgs[c.Orgs[q.Compared[0]].ParentID()].Kind() == "region":
		c.Group = cgather.Query{Group: c.Orgs[q.Compared[0]].ParentID(), Base: coverage.BaseAll}
	default:
		return c, ErrNoGroup
	}
	if c.Members, err = cgather.Members(ctx, db, c.Group); err != nil {
		return c, err
	}
	if len(q.Compared) == 0 {
		return c, nil // nobody to compare (the page's empty form): nothing more to read
	}

	// Every municipality's population and accounts: the candidates of Similar.
	profiles := map[int64]peers.Profile{}
	ids := make([]int64, 0, len(munis))
	for _, m := range munis {
		ids = append(ids, m.ID())
	}
	invs, err := db.MunicipalInventories(ctx, ids, 0)
	switch {
	case errors.Is(err, store.ErrNotFound): // no release yet: no accounts to compare
	case err != nil:
		return c, err
	default:
		for _, inv := range invs {
			c.Release = inv.Release
			if n := len(inv.Years); n > 0 {
				c.Year = max(c.Year, inv.Years[n-1].Year)
			}
		}
	}
	renewable, err := latestValues(ctx, db, model.IndicatorRenewableShare)
	if err != nil {
		return c, err
	}
	netZero, err := netZeroYears(ctx, db)
	if err != nil {
		return c, err
	}
	for _, m := range munis {
		p := peers.Profile{ID: m.ID(), Themes: map[int64]bool{}}
		if pop, ok := m.LatestPopulation(); ok {
			p.Population = peers.Of(float64(pop.Value))
		}
		// The accounts' latest year across the release, as the climate pages' ranking: a
		// municipality without that year has no figure rather than an older one.
		for _, y := range invs[m.ID()].Years {
			if y.Year == c.Year {
				p.EmissionsTotal = peers.Of(y.TotalTCO2e)
			}
		}
		if p.EmissionsTotal.OK && p.Population.OK {
			p.PerInhabitant = peers.Of(p.EmissionsTotal.Value / p.Population.Value)
		}
		if v, ok := renewable[m.ID()]; ok {
			p.RenewableShare = peers.Of(v)
		}
		if y, ok := netZero[m.ID()]; ok {
			p.NetZeroYear = peers.Of(float64(y))
		}
		profiles[m.ID()] = p
	}

	c.Compared = slices.Clone(q.Compared)
	if q.Similar > 0 && len(q.Compared) > 0 {
		cands := make([]peers.Profile, 0, len(munis))
		for _, m := range munis {
			if !slices.Contains(q.Compared, m.ID()) {
				cands = append(cands, profiles[m.ID()])
			}
		}
		c.Matches, c.Skipped = peers.Similar(profiles[q.Compared[0]], cands, min(q.Similar, MaxCompared-len(q.Compared)))
		for _, mt := range c.Matches {
			c.Compared = append(c.Compared, mt.ID)
		}
	}

	// The coverage rule over the group and the compared together: an adopted plan, the
	// counting actions and the themes they carry.
	union := slices.Concat(c.Members, c.Compared)
	slices.Sort(union)
	union = slices.Compact(union)
	if c.Tree, err = db.ThemeTree(ctx); err != nil {
		return c, err
	}
	st, err := db.CoverageState(ctx, union, "", nil)
	if err != nil {
		return c, err
	}
	res := coverage.Compute(st, c.Tree, coverage.BaseAll, nil)
	plans := make([]int64, 0, len(st.Member))
	for plan := range st.Member {
		plans = append(plans, plan)
	}
	slices.Sort(plans)
	counts, err := db.ActionCounts(ctx, plans)
	if err != nil {
		return c, err
	}
	for _, id := range union {
		p := profiles[id]
		p.Plan = st.Adopted[id]
		profiles[id] = p
	}
	for plan, n := range counts {
		p := profiles[st.Member[plan]]
		p.Actions += n
		profiles[st.Member[plan]] = p
	}
	var themes []peers.Theme
	for _, tc := range res.Themes {
		// A theme nobody compared or in the group has is a row of noes: left out.
		if tc.Count == 0 {
			continue
		}
		themes = append(themes, peers.Theme{ID: tc.Theme.ID, Code: tc.Theme.Code})
		for _, m := range tc.With {
			profiles[m].Themes[tc.Theme.ID] = true
		}
	}
	c.Figures = peers.Compare(c.Compared, c.Members, profiles, themes)
	return c, nil
}

// latestValues are an indicator's latest values (no breakdown, the latest period) by
// organisation; none when there is no such indicator.
func latestValues(ctx context.Context, db *store.DB, code string) (map[int64]float64, error) {
	out := map[int64]float64{}
	inds, err := list(ctx, db, model.Indicators, map[string]string{"code": code})
	if err != nil || len(inds) == 0 {
		return out, err
	}
	vals, err := list(ctx, db, model.IndicatorValues, map[string]string{"indicator": fmt.Sprint(inds[0].ID())})
	if err != nil {
		return nil, err
	}
	period := map[int64]string{}
	for _, v := range model.AsIndicatorValues(vals) {
		if v.Breakdown() != "" {
			continue
		}
		if p, ok := period[v.OrganisationID()]; !ok || v.Period() > p {
			period[v.OrganisationID()], out[v.OrganisationID()] = v.Period(), v.Value()
		}
	}
	return out, nil
}

// netZeroYears are, by organisation, the earliest target year of a net-zero target (net_zero,
// or a reduction of 100 %).
func netZeroYears(ctx context.Context, db *store.DB) (map[int64]int64, error) {
	recs, err := list(ctx, db, model.EmissionTargets, nil)
	if err != nil {
		return nil, err
	}
	out := map[int64]int64{}
	for _, t := range model.AsEmissionTargets(recs) {
		pct, ok := t.ReductionPct()
		if !t.NetZero() && !(ok && pct >= 100) {
			continue
		}
		if y, seen := out[t.OrganisationID()]; !seen || t.TargetYear() < y {
			out[t.OrganisationID()] = t.TargetYear()
		}
	}
	return out, nil
}
