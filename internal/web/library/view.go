package library

import (
	"context"
	"errors"
	"html/template"
	"net/http"
	"net/url"
	"slices"
	"strconv"

	"klimaspor/internal/auth"
	"klimaspor/internal/files"
	"klimaspor/internal/i18n"
	"klimaspor/internal/markdown"
	"klimaspor/internal/model"
	"klimaspor/internal/store"
	"klimaspor/internal/web/page"
)

// link is a named thing with its page ("" when it has none).
type link struct{ Name, Href string }

// fileRow is one of the item's files.
type fileRow struct {
	ID               int64
	Name, Type, Size string
	Href             string // the API's download, which checks visibility itself
}

// itemData is what the item's template needs.
type itemData struct {
	Crumbs           template.HTML
	ID               int64
	Title, TitleLang string // the title, and its language when not the page's
	Kind             string
	Idea             bool
	Summary          string
	Body             template.HTML
	TextLang         string // the summary's and body's language when not the page's
	Draft, Example   bool
	CanEdit, Signed  bool
	CanAdd           bool // the reader may propose or make a new item
	Themes           []string
	Sector, Year     string
	Language         string
	Licence, Source  string
	Org              *link
	Projects         []link
	Actions          []link // the actions the item names
	MadeActions      []link // the actions made from it
	Indicators       []link
	Effect, Cost     string
	Files            []fileRow
	MaxFile, Accept  string
	Plans            []page.Option // an idea's: the plans the reader may add actions to
	Message          string
	Alert            bool
	SearchHref       string // /bibliotek?kind=…, all items of the kind
}

// gather reads what the item's page shows: a bounded number of reads, one per thing the
// item names, one list of the actions made from it, one of its files and, for an idea and
// a signed-in reader, one of the plans.
func (s *Pages) gather(r *http.Request, l i18n.Localizer, rec model.Record) (itemData, error) {
	ctx := r.Context()
	it := model.AsLibraryItem(rec)
	d := itemData{ID: it.ID(), Title: it.Title(), Kind: l.Enum("library_kind", it.Kind()), Idea: it.Kind() == "idea",
		Summary: it.Summary(), Body: markdown.HTML(it.Body(), 1), Draft: it.Draft(), Example: it.Example(),
		CanEdit: s.MayEdit(ctx, model.LibraryItems, rec), Signed: page.PrincipalOf(ctx).Signed(),
		CanAdd:  s.MayAdd(ctx, model.LibraryItems, model.Record{"published": false, "kind": "idea"}),
		Licence: it.Licence(), Source: it.Source(), MaxFile: sizeText(l, s.maxFile), Accept: files.AllowedList(),
		SearchHref: Path + "?" + url.Values{"kind": {it.Kind()}}.Encode()}
	lang := it.Language()
	if lang == "" {
		lang = "da"
	}
	title, titleLang := it.TitleIn(string(l.Lang))
	d.Title = title
	if titleLang != string(l.Lang) {
		d.TitleLang = titleLang
	}
	if string(l.Lang) != lang {
		d.TextLang = lang
	}
	if sec := it.Sector(); sec != "" {
		d.Sector = l.Enum("sector", sec)
	}
	if y, ok := it.Year(); ok {
		d.Year = strconv.FormatInt(y, 10)
	}
	if it.Language() != "" {
		d.Language = l.Enum("language", it.Language())
	}
	if e, ok := it.ExpectedEffectTCO2e(); ok {
		d.Effect = l.Number(e, 1) + " " + l.T("unit.t_co2e_year")
	}
	if c, ok := it.CostDKK(); ok {
		d.Cost = l.DKK(c)
	}
	if err := s.named(ctx, l, it, &d); err != nil {
		return d, err
	}
	made, err := s.All(ctx, model.Actions, map[string]string{"library_item": strconv.FormatInt(it.ID(), 10)})
	if err != nil {
		return d, err
	}
	for _, a := range model.AsActions(made) {
		t, _ := a.TitleIn(string(l.Lang))
		d.MadeActions = append(d.MadeActions, link{t, "/indsatser/" + strconv.FormatInt(a.ID(), 10)})
	}
	fs, err := s.DB.LibraryFiles(ctx, it.ID())
	if err != nil {
		return d, err
	}
	for _, f := range fs {
		d.Files = append(d.Files, fileRow{ID: f.ID, Name: f.Name, Type: typeName(f), Size: sizeText(l, f.Size),
			Href: "/api/v1/library-files/" + strconv.FormatInt(f.ID, 10) + "/content"})
	}
	if d.Idea && d.Signed {
		if d.Plans, err = s.planChoices(ctx, l); err != nil {
			return d, err
		}
	}
	d.Crumbs = page.Breadcrumbs(l, page.Crumb{Name: l.T("nav.library"), Href: Path}, page.Crumb{Name: d.Title})
	return d, nil
}

// typeName is a file's type as a reader knows it: its extension in capitals (PDF, DOCX).
func typeName(f store.LibraryFile) string {
	ext := files.Ext(f.Name)
	if len(ext) > 1 {
		b := []byte(ext[1:])
		for i, c := range b {
			if 'a' <= c && c <= 'z' {
				b[i] = c - 'a' + 'A'
			}
		}
		return string(b)
	}
	return f.ContentType
}

// named writes into d what the item names: its themes, organisation, projects, actions
// and indicators, leaving out those the reader may not see.
func (s *Pages) named(ctx context.Context, l i18n.Localizer, it model.LibraryItem, d *itemData) error {
	get := func(res *model.Resource, id int64) (model.Record, error) {
		rec, err := s.DB.Get(ctx, res, id)
		if errors.Is(err, store.ErrNotFound) {
			return nil, nil
		} else if err != nil {
			return nil, err
		}
		ok, err := auth.Visibility(page.PrincipalOf(ctx), res).Allows(ctx, s.DB, rec)
		if err != nil || !ok {
			return nil, err
		}
		return rec, nil
	}
	for _, id := range it.ThemeIDs() {
		rec, err := get(model.Themes, id)
		if err != nil {
			return err
		}
		if rec != nil {
			d.Themes = append(d.Themes, model.AsTheme(rec).Name(string(l.Lang)))
		}
	}
	if oid := it.OrganisationID(); oid != 0 {
		rec, err := get(model.Organisations, oid)
		if err != nil {
			return err
		}
		if rec != nil {
			o := model.AsOrganisation(rec)
			d.Org = &link{Name: o.Name(string(l.Lang))}
			if o.Kind() == "municipality" {
				d.Org.Href = "/kommuner/" + url.PathEscape(o.Code())
			}
		}
	}
	for _, id := range it.ProjectIDs() {
		rec, err := get(model.Projects, id)
		if err != nil {
			return err
		}
		if rec != nil {
			p := model.AsProject(rec)
			d.Projects = append(d.Projects, link{p.Code() + ": " + p.Name(string(l.Lang)), "/projekter/" + url.PathEscape(p.Code())})
		}
	}
	for _, id := range it.ActionIDs() {
		rec, err := get(model.Actions, id)
		if err != nil {
			return err
		}
		if rec != nil {
			t, _ := model.AsAction(rec).TitleIn(string(l.Lang))
			d.Actions = append(d.Actions, link{t, "/indsatser/" + strconv.FormatInt(id, 10)})
		}
	}
	for _, id := range it.IndicatorIDs() {
		rec, err := get(model.Indicators, id)
		if err != nil {
			return err
		}
		if rec != nil {
			ind := model.AsIndicator(rec)
			d.Indicators = append(d.Indicators, link{ind.Name(string(l.Lang)), "/noegletal/" + url.PathEscape(ind.Code())})
		}
	}
	return nil
}

// planChoices are the plans the reader may add an action to, by title, the first of the
// reader's own organisations' plans chosen.
func (s *Pages) planChoices(ctx context.Context, l i18n.Localizer) ([]page.Option, error) {
	p := page.PrincipalOf(ctx)
	plans, err := s.All(ctx, model.Plans, nil)
	if err != nil {
		return nil, err
	}
	orgs, err := s.All(ctx, model.Organisations, nil)
	if err != nil {
		return nil, err
	}
	names := map[int64]string{}
	for _, o := range model.AsOrganisations(orgs) {
		names[o.ID()] = o.Name(string(l.Lang))
	}
	var out []page.Option
	chosen := false
	for _, pl := range model.AsPlans(plans) {
		rec := model.Record{"plan_id": pl.ID(), "status": "planned", "sector": model.SectorCrossCutting}
		if oid := pl.OrganisationID(); oid != 0 {
			rec["organisation_id"] = oid
		}
		if _, err := auth.MayAdd(ctx, s.DB, p, model.Actions, rec); err != nil {
			continue
		}
		label := pl.Title()
		if n := names[pl.OrganisationID()]; n != "" {
			label = n + ": " + label
		}
		o := page.Option{Value: strconv.FormatInt(pl.ID(), 10), Label: label}
		if !chosen && p.Member(pl.OrganisationID()) {
			o.Selected, chosen = true, true
		}
		out = append(out, o)
	}
	slices.SortStableFunc(out, func(a, b page.Option) int { return l.Compare(a.Label, b.Label) })
	return out, nil
}
