// Package inventory puts an organisation's climate accounts together for the API and the
// pages (C6): its published emissions (a release of the Energy Agency's accounts, store's
// Inventory), its targets (the emission-targets resource) and its plans' actions with an
// expected effect, read as the reader sees them, turned into the required pathway, the gap,
// the verdict and the wedges by internal/emissions' rules; and the two footprints outside the
// territorial accounts (footprints.go). It gathers; the rules are emissions'.
package inventory

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"strconv"

	"klimaspor/internal/auth"
	"klimaspor/internal/emissions"
	"klimaspor/internal/model"
	"klimaspor/internal/store"
)

// Options choose what a pathway is drawn from.
type Options struct {
	Release  int64            // 0: the newest
	Boundary string           // "": territorial
	Method   emissions.Method // "": linear
}

// Pathway is an organisation's pathway to its targets, with what it was made from.
type Pathway struct {
	OrganisationID int64                   `json:"organisation_id"`
	Release        store.Release           `json:"release"`
	Boundary       string                  `json:"boundary"`
	Method         emissions.Method        `json:"method"`
	Actual         emissions.Series        `json:"-"`
	Targets        []emissions.TargetLevel `json:"targets"`
	Unused         []UnusedTarget          `json:"unused_targets"`
	Years          []emissions.PathwayYear `json:"years"`
	Verdict        emissions.Verdict       `json:"verdict"`
	Rule           string                  `json:"rule"`    // the verdict's rule in Danish
	RuleEN         string                  `json:"rule_en"` // and in English
	Assessment     emissions.Assessment    `json:"assessment"`
	Wedges         []emissions.Wedge       `json:"wedges"`
	Chart          emissions.WedgeChart    `json:"wedge_chart"`
}

// UnusedTarget is a target the pathway could not use, and why.
type UnusedTarget struct {
	Target emissions.Target `json:"target"`
	Reason string           `json:"reason"`
}

// Why a pathway cannot be drawn; the API answers them with 422 and the pages say them.
var (
	ErrNoAccounts = errors.New("inventory: the organisation has no published accounts")
	ErrNoTarget   = errors.New("inventory: the organisation has no target ahead of its latest accounts that the pathway can use")
)

// BuildPathway draws org's pathway as p reads it: the release's yearly totals within the
// boundary, the organisation's targets of that boundary (those it cannot use are listed
// with the reason: a base year before the accounts without its emissions entered), and as
// wedges the expected effects of the published actions of the organisation's plans.
func BuildPathway(ctx context.Context, db *store.DB, p *auth.Principal, org int64, o Options) (*Pathway, error) {
	if o.Boundary == "" {
		o.Boundary = emissions.BoundaryTerritorial
	}
	if o.Method == "" {
		o.Method = emissions.Linear
	}
	if !slices.Contains(emissions.Boundaries, o.Boundary) {
		return nil, &model.ValidationError{Errors: []model.FieldError{{Field: "boundary", Code: model.CodeEnum, Message: fmt.Sprintf("boundary must be one of %v", emissions.Boundaries)}}}
	}
	if !slices.Contains(emissions.Methods, o.Method) {
		return nil, &model.ValidationError{Errors: []model.FieldError{{Field: "method", Code: model.CodeEnum, Message: fmt.Sprintf("method must be one of %v", emissions.Methods)}}}
	}
	inv, err := db.Inventory(ctx, org, o.Release)
	if err != nil {
		return nil, err
	}
	out := &Pathway{OrganisationID: org, Release: inv.Release, Boundary: o.Boundary, Method: o.Method, Unused: []UnusedTarget{}}
	out.Actual = series(inv, o.Boundary)
	if len(out.Actual) == 0 {
		return nil, ErrNoAccounts
	}
	targets, err := targetsOf(ctx, db, p, org)
	if err != nil {
		return nil, err
	}
	var use []emissions.Target
	for _, t := range targets {
		if t.Boundary != o.Boundary {
			out.Unused = append(out.Unused, UnusedTarget{t, "another boundary: " + t.Boundary})
		} else if err := t.Check(out.Actual); err != nil {
			out.Unused = append(out.Unused, UnusedTarget{t, err.Error()})
		} else {
			use = append(use, t)
		}
	}
	path, err := emissions.RequiredPathway(out.Actual, use, o.Method)
	if errors.Is(err, emissions.ErrNoTargetAhead) || (err == nil && len(use) == 0) {
		return out, ErrNoTarget
	}
	if err != nil {
		return nil, err
	}
	wedges, err := wedgesOf(ctx, db, p, org)
	if err != nil {
		return nil, err
	}
	if path, err = path.WithWedges(wedges); err != nil {
		return nil, err
	}
	out.Targets, out.Years, out.Assessment, out.Wedges = path.Targets, path.Years, path.Assessment, path.Wedges
	out.Verdict, out.Rule, out.RuleEN = path.Assessment.Verdict, path.Assessment.RuleDA, path.Assessment.RuleEN
	out.Chart = path.WedgeChart()
	return out, nil
}

// series is the inventory's yearly emissions within the boundary. The accounts do not keep
// land use apart (the agency's Landbrug holds some of it), so a target without land use is
// measured against the whole account, and says so through its boundary.
func series(inv store.Inventory, boundary string) emissions.Series {
	byYear := map[int]float64{}
	for _, y := range inv.Years {
		switch boundary {
		case emissions.BoundaryEnergyTransport:
			for _, s := range y.Sectors {
				if s.Sector == "energi" || s.Sector == "transport" {
					byYear[y.Year] += s.TCO2e
				}
			}
		default:
			byYear[y.Year] = y.TotalTCO2e
		}
	}
	return emissions.SeriesOf(byYear)
}

// targetsOf are the organisation's targets as the reader sees them.
func targetsOf(ctx context.Context, db *store.DB, p *auth.Principal, org int64) ([]emissions.Target, error) {
	q := model.ListQuery{Filters: map[string]string{"organisation": strconv.FormatInt(org, 10)}, Limit: store.MaxLimit}
	auth.Visibility(p, model.EmissionTargets).Apply(&q)
	page, err := db.List(ctx, model.EmissionTargets, q)
	if err != nil {
		return nil, err
	}
	var out []emissions.Target
	for _, r := range page.Items {
		t := model.AsEmissionTarget(r)
		base, _ := t.BaseYear()
		baseT, _ := t.BaseTCO2e()
		pct, _ := t.ReductionPct()
		out = append(out, emissions.Target{BaseYear: int(base), BaseTCO2e: baseT, BaseSource: t.BaseSource(), TargetYear: int(t.TargetYear()),
			ReductionPct: pct, NetZero: t.NetZero(), Boundary: t.Boundary(), Label: t.Label(), Example: t.Example()})
	}
	return out, nil
}

// wedgesOf are the expected yearly effects of the actions of the organisation's plans that
// the reader sees, from the year each starts.
func wedgesOf(ctx context.Context, db *store.DB, p *auth.Principal, org int64) ([]emissions.Wedge, error) {
	q := model.ListQuery{Filters: map[string]string{"organisation": strconv.FormatInt(org, 10)}}
	auth.Visibility(p, model.Actions).Apply(&q)
	effects, err := db.ActionEffects(ctx, q)
	if err != nil {
		return nil, err
	}
	out := make([]emissions.Wedge, len(effects))
	for i, e := range effects {
		out[i] = emissions.Wedge{Label: e.Title, TCO2e: e.TCO2e, Start: e.StartYear}
	}
	return out, nil
}
