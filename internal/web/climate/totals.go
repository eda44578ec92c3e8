package climate

import (
	"context"
	"net/http"

	"klimaspor/internal/model"
	"klimaspor/internal/web/page"
)

// region is a region's totals: the sums of its municipalities.
func (s *Pages) region(w http.ResponseWriter, r *http.Request) error {
	org, err := s.organisation(r.Context(), "region", r.PathValue("code"))
	if err != nil {
		return err
	}
	return s.totals(w, r, org)
}

// nation is the nation's totals: the sums of all its municipalities.
func (s *Pages) nation(w http.ResponseWriter, r *http.Request) error {
	org, err := s.organisation(r.Context(), "country", "DK")
	if err != nil {
		return err
	}
	return s.totals(w, r, org)
}

// totals reads org's figures (sums of its municipalities, store.DB.Inventory) in the chosen
// release and maybe another, and each municipality below it with its own, builds the view
// (buildTotals) and renders it, or answers a list as a file.
func (s *Pages) totals(w http.ResponseWriter, r *http.Request, org model.Organisation) error {
	ctx := r.Context()
	l := page.Localizer(r)
	ex, err := page.ExportOf(r)
	if err != nil {
		return err
	}
	in := totalsInput{Org: org}
	if in.Releases, err = s.chooseReleases(ctx, r.URL.Query()); err != nil {
		return err
	}
	if in.Shown, in.Other, err = s.inventories(ctx, org.ID(), in.Releases); err != nil {
		return err
	}
	if len(in.Shown.Years) > 0 {
		if in.Members, err = s.members(ctx, org, in.Releases.Shown.ID); err != nil {
			return err
		}
	}
	if ex == nil {
		if in.Footprint, in.FootprintErr, err = s.footprint(ctx, org); err != nil {
			return err
		}
	}
	d := buildTotals(l, in)
	if ex != nil {
		switch ex.List {
		case listSectors:
			return page.SendExport(w, l, ex, d.Figures.export(l, listSectors, org.Code()))
		case listDifference:
			if d.Difference != nil {
				return page.SendExport(w, l, ex, d.Difference.export(l, listDifference, org.Code()))
			}
		case listRanking:
			if !d.NoAccounts {
				return page.SendExport(w, l, ex, rankingExport(l, org.Code(), d))
			}
		}
		return page.ErrNotFound
	}
	d.Here = r.URL.Path
	d.Crumbs = breadcrumbs(l, crumb{Name: l.T("climate.accounts_title", d.Name)})
	p := s.NewPage(r, l, l.T("climate.accounts_title", d.Name))
	p.Data = d
	return s.Render(w, "totals", p)
}

// members are the municipalities below org (its descendants of kind municipality, as the
// reader sees them), each with its accounts in the release.
func (s *Pages) members(ctx context.Context, org model.Organisation, release int64) ([]member, error) {
	recs, err := s.All(ctx, model.Organisations, nil)
	if err != nil {
		return nil, err
	}
	orgs := model.AsOrganisations(recs)
	parent := map[int64]int64{}
	for _, o := range orgs {
		parent[o.ID()] = o.ParentID()
	}
	below := func(id int64) bool {
		for seen := 0; id != 0 && seen < len(orgs); seen++ { // a cycle must not loop
			if id = parent[id]; id == org.ID() {
				return true
			}
		}
		return false
	}
	var members []model.Organisation
	var ids []int64
	for _, o := range orgs {
		if o.Kind() == "municipality" && below(o.ID()) {
			members = append(members, o)
			ids = append(ids, o.ID())
		}
	}
	invs, err := s.DB.MunicipalInventories(ctx, ids, release)
	if err != nil {
		return nil, err
	}
	out := make([]member, len(members))
	for i, o := range members {
		out[i] = member{Org: o, Inv: invs[o.ID()]}
	}
	return out, nil
}
