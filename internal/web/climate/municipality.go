package climate

import (
	"context"
	"errors"
	"net/http"
	"strconv"

	"klimaspor/internal/emissions"
	"klimaspor/internal/inventory"
	"klimaspor/internal/model"
	"klimaspor/internal/web/page"
)

// municipality is a municipality's accounts page: it reads the municipality (as its page
// /kommuner/{code} does: by code, of kind municipality, as the reader sees it), the chosen
// release's figures and maybe another's, its targets and its pathway, builds the view
// (buildAccounts) and renders it, or answers the sector table or the difference as a file.
func (s *Pages) municipality(w http.ResponseWriter, r *http.Request) error {
	ctx := r.Context()
	l := page.Localizer(r)
	ex, err := page.ExportOf(r)
	if err != nil {
		return err
	}
	org, err := s.organisation(ctx, "municipality", r.PathValue("code"))
	if err != nil {
		return err
	}
	in := accountsInput{Org: org}
	if in.Releases, err = s.chooseReleases(ctx, r.URL.Query()); err != nil {
		return err
	}
	if in.Shown, in.Other, err = s.inventories(ctx, org.ID(), in.Releases); err != nil {
		return err
	}
	if pid := org.ParentID(); pid != 0 {
		if parent, err := s.DB.Get(ctx, model.Organisations, pid); err == nil && model.AsOrganisation(parent).Kind() == "region" {
			p := model.AsOrganisation(parent)
			in.Region = &p
		}
	}
	targets, err := s.All(ctx, model.EmissionTargets, map[string]string{"organisation": strconv.FormatInt(org.ID(), 10)})
	if err != nil {
		return err
	}
	in.Targets = model.AsEmissionTargets(targets)
	if len(in.Shown.Years) > 0 {
		in.Pathway, in.PathwayErr = inventory.BuildPathway(ctx, s.DB, page.PrincipalOf(ctx), org.ID(), inventory.Options{Release: in.Releases.Shown.ID})
		if in.PathwayErr != nil && !errors.Is(in.PathwayErr, inventory.ErrNoTarget) && !errors.Is(in.PathwayErr, inventory.ErrNoAccounts) {
			return in.PathwayErr
		}
	}
	if err := s.footprints(ctx, &in); err != nil {
		return err
	}
	d := buildAccounts(l, in)
	if ex != nil {
		switch ex.List {
		case listSectors:
			return page.SendExport(w, l, ex, d.Figures.export(l, listSectors, d.Code))
		case listDifference:
			if d.Difference != nil {
				return page.SendExport(w, l, ex, d.Difference.export(l, listDifference, d.Code))
			}
		}
		return page.ErrNotFound
	}
	d.Here = r.URL.Path
	trail := []crumb{{l.T("nav.municipalities"), "/#kommuner"}, {d.Name, "/kommuner/" + d.Code}, {Name: l.T("climate.accounts")}}
	d.Crumbs = breadcrumbs(l, trail...)
	p := s.NewPage(r, l, l.T("climate.accounts_title", d.Name))
	p.Nav = "municipalities"
	p.Data = d
	return s.Render(w, "accounts", p)
}

// footprints reads the municipality's two footprints outside the territorial accounts as
// the API gathers them (internal/inventory): the consumption-based footprint of the latest
// year with a profile, and the procurement footprint of the latest year with spend. What
// stops either (no profile, no population, no spend, a spend line without a factor) is
// kept for the page to say; only a failure to read is an error.
func (s *Pages) footprints(ctx context.Context, in *accountsInput) error {
	var err error
	if in.Footprint, in.FootprintErr, err = s.footprint(ctx, in.Org); err != nil {
		return err
	}
	year, ok, err := inventory.LatestSpendYear(ctx, s.DB, in.Org.ID())
	if err != nil || !ok {
		return err
	}
	in.SpendYear = year
	pf, err := inventory.Procurement(ctx, s.DB, in.Org.ID(), year, "")
	var ie *emissions.InputError
	var se *inventory.FactorSetError
	switch {
	case err == nil:
		in.Procurement = pf
	case errors.As(err, &ie) || errors.As(err, &se):
		in.ProcurementErr = err
	default:
		return err
	}
	return nil
}

// footprint reads org's consumption-based footprint of the latest year with a profile as
// the API gathers it; why there is none (no profile, no population) is kept for the page to
// say, and only a failure to read is an error.
func (s *Pages) footprint(ctx context.Context, org model.Organisation) (fp *inventory.ConsumptionFootprint, why, err error) {
	f, err := inventory.Footprint(ctx, s.DB, org, 0)
	switch {
	case err == nil:
		return &f, nil, nil
	case errors.Is(err, inventory.ErrNoProfile) || errors.Is(err, inventory.ErrNoPopulation):
		return nil, err, nil
	}
	return nil, nil, err
}
