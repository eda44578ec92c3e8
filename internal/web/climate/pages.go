// Package climate serves the pages of the energy and CO2 accounts (C6, issue 12): a
// municipality's accounts (/kommuner/{code}/klimaregnskab: its emissions by sector over the
// years of a release, its pathway to its targets with the verdict and its rule, the wedge
// chart of its actions' expected effects against the gap, the figures with the release's
// name, vintage and source, another release's figures and the difference to them, and after
// them the consumption-based and procurement footprints, which are never added to them), and the
// totals of a region (/regioner/{code}/klimaregnskab) and of the nation
// (/danmark/klimaregnskab) with their municipalities ranked by emissions per inhabitant and
// their consumption-based footprint.
// The figures are the store's (store.DB.Inventory), the pathway internal/inventory's; the
// pages read, build their view without I/O (view.go) and render. It imports
// internal/web/page, never the root web package or another module.
package climate

import (
	"context"
	"embed"
	"errors"
	"fmt"
	"net/http"
	"net/url"
	"strconv"

	"klimaspor/internal/model"
	"klimaspor/internal/store"
	"klimaspor/internal/web/page"
)

//go:embed templates/*.html
var templateFS embed.FS

// Pages serves the accounts' pages on the shared site.
type Pages struct {
	*page.Site
}

// New parses the accounts' pages' templates into site.
func New(site *page.Site) (*Pages, error) {
	if err := site.ParseWith(templateFS, []string{"shared"}, "accounts", "totals"); err != nil {
		return nil, err
	}
	return &Pages{Site: site}, nil
}

// The pages' paths.
const (
	accountsPath = "/klimaregnskab"
	// NationPath is the nation's totals.
	NationPath = "/danmark" + accountsPath
)

// Routes adds the accounts' pages to mux.
func (s *Pages) Routes(mux *http.ServeMux) {
	mux.Handle("GET /kommuner/{code}"+accountsPath, s.Handle(s.municipality))
	mux.Handle("GET /regioner/{code}"+accountsPath, s.Handle(s.region))
	mux.Handle("GET "+NationPath, s.Handle(s.nation))
}

// MunicipalityHref is a municipality's accounts page.
func MunicipalityHref(code string) string {
	return "/kommuner/" + url.PathEscape(code) + accountsPath
}

// RegionHref is a region's totals page.
func RegionHref(code string) string { return "/regioner/" + url.PathEscape(code) + accountsPath }

// The query parameters: the release shown and the one it is compared with.
const (
	releaseParam = "udgivelse"
	compareParam = "sammenlign"
)

// Lists exported from the pages (page/export.go).
const (
	listSectors    = "sektorer"
	listDifference = "forskel"
	listRanking    = "rangering"
)

// releases is what the reader chose among the stored releases: the one shown (the newest
// unless ?udgivelse= names another) and, when ?sammenlign= names one, the one it is compared
// with.
type releases struct {
	All     []store.Release
	Shown   store.Release
	Compare *store.Release
}

// chooseReleases reads the releases and the reader's choice; an id that is not a number is
// a 400, one that names no release a 404. With no release stored, Shown is the zero release.
func (s *Pages) chooseReleases(ctx context.Context, q url.Values) (releases, error) {
	var out releases
	all, err := s.DB.Releases(ctx)
	if err != nil {
		return out, err
	}
	out.All = all
	pick := func(param string) (*store.Release, error) {
		v := q.Get(param)
		if v == "" {
			return nil, nil
		}
		id, err := strconv.ParseInt(v, 10, 64)
		if err != nil || id <= 0 {
			return nil, page.BadRequest(fmt.Errorf("climate: %s=%q", param, v))
		}
		for i := range all {
			if all[i].ID == id {
				return &all[i], nil
			}
		}
		return nil, page.ErrNotFound
	}
	shown, err := pick(releaseParam)
	if err != nil {
		return out, err
	}
	switch {
	case shown != nil:
		out.Shown = *shown
	case len(all) > 0:
		out.Shown = all[0]
	}
	if out.Compare, err = pick(compareParam); err != nil {
		return out, err
	}
	if out.Compare != nil && out.Compare.ID == out.Shown.ID {
		out.Compare = nil // a release does not differ from itself
	}
	return out, nil
}

// inventories reads org's accounts in the shown release and, when one is chosen, in the one
// compared with; with no release stored both are empty.
func (s *Pages) inventories(ctx context.Context, org int64, rel releases) (shown store.Inventory, other *store.Inventory, err error) {
	if rel.Shown.ID == 0 {
		return store.Inventory{OrganisationID: org}, nil, nil
	}
	if shown, err = s.DB.Inventory(ctx, org, rel.Shown.ID); err != nil {
		return shown, nil, notFound(err)
	}
	if rel.Compare != nil {
		inv, err := s.DB.Inventory(ctx, org, rel.Compare.ID)
		if err != nil {
			return shown, nil, notFound(err)
		}
		other = &inv
	}
	return shown, other, nil
}

// notFound answers the store's ErrNotFound as the 404 page.
func notFound(err error) error {
	if errors.Is(err, store.ErrNotFound) {
		return page.ErrNotFound
	}
	return err
}

// organisation reads the organisation of the kind with the code, as the reader sees it.
func (s *Pages) organisation(ctx context.Context, kind, code string) (model.Organisation, error) {
	rec, err := s.One(ctx, model.Organisations, map[string]string{"code": code, "kind": kind})
	if err != nil {
		return model.Organisation{}, err
	}
	return model.AsOrganisation(rec), nil
}
