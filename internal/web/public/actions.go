package public

import (
	"context"
	"errors"
	"fmt"
	"html/template"
	"net/http"
	"net/url"
	"slices"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"klimaspor/internal/auth"
	"klimaspor/internal/chart"
	"klimaspor/internal/i18n"
	"klimaspor/internal/model"
	"klimaspor/internal/sheet"
	"klimaspor/internal/store"
	"klimaspor/internal/web/page"
)

// actionsPerPage is how many actions one page of the actions list shows.
const actionsPerPage = 50

// actionsSort is the actions list's order, on the page and in its file.
const actionsSort = "title"

// maxSearchLen is the longest text search the actions list accepts, in characters.
const maxSearchLen = 200

// The values of the list's "done alone or jointly" control.
const (
	jointAlone   = "alone"
	jointJointly = "jointly"
)

type actionOption struct {
	Value, Label string
	Selected     bool
}

type actionRow struct {
	ID                         int64
	Title, Org, Sector, Status string
	TitleLang                  string // the title's language when not the page's (lang="…"), else ""
	Progress                   string // "" when not given
	Example                    bool
	pct                        float64 // the progress, for the export; valid when hasPct
	hasPct                     bool
}

type actionsData struct {
	Crumbs                                 template.HTML // the breadcrumb trail (breadcrumbs)
	Errors                                 []string
	Sectors, Themes, Statuses, Orgs, Joint []actionOption
	Q                                      string
	Rows                                   []actionRow
	Count                                  string
	Total                                  string // "1.234 indsatser": all pages under the filters
	NextURL                                string
	FirstURL                               string // the first page, when this is a later one
	Filtered                               bool
	FilterSummary                          string // what the list is narrowed to, in words (the form does not print)
	AnyExample                             bool
	ExportHere                             string // the list with its valid filters, for the export links
}

// actionFilters is what the reader chose in the list's form, checked.
type actionFilters struct {
	store                 map[string]string // the store's filters
	keep                  url.Values        // the valid choices, for the next-page link
	errs                  []string          // translated messages for the invalid ones
	sector, theme, status string
	org, joint, q         string
}

// parseActionFilters checks the list's query parameters against the allowed values. An
// invalid value is left out of the filters and explained in errs.
func parseActionFilters(l i18n.Localizer, q url.Values, themes, orgs map[int64]model.Record) actionFilters {
	f := actionFilters{store: map[string]string{}, keep: url.Values{}}
	bad := func(label string) { f.errs = append(f.errs, l.T("actions.bad_filter", label)) }
	if v := q.Get("sector"); v != "" {
		if slices.Contains(model.Sectors, v) {
			f.sector, f.store["sector"] = v, v
			f.keep.Set("sector", v)
		} else {
			bad(l.T("filter.sector"))
		}
	}
	if v := q.Get("status"); v != "" {
		if slices.Contains(model.ActionStatuses, v) {
			f.status, f.store["status"] = v, v
			f.keep.Set("status", v)
		} else {
			bad(l.T("filter.status"))
		}
	}
	if v := q.Get("theme"); v != "" {
		if id, err := strconv.ParseInt(v, 10, 64); err == nil && themes[id] != nil {
			f.theme, f.store["theme"] = v, v
			f.keep.Set("theme", v)
		} else {
			bad(l.T("filter.theme"))
		}
	}
	if v := q.Get("organisation"); v != "" {
		if id, err := strconv.ParseInt(v, 10, 64); err == nil && orgs[id] != nil {
			f.org, f.store["organisation"] = v, v
			f.keep.Set("organisation", v)
		} else {
			bad(l.T("filter.organisation"))
		}
	}
	switch v := q.Get("joint"); v {
	case "":
	case jointAlone, jointJointly:
		f.joint, f.store["joint"] = v, strconv.FormatBool(v == jointJointly)
		f.keep.Set("joint", v)
	default:
		bad(l.T("filter.joint"))
	}
	if v := strings.TrimSpace(q.Get("q")); v != "" {
		if utf8.ValidString(v) && utf8.RuneCountInString(v) <= maxSearchLen {
			f.q, f.store["q"] = v, v
			f.keep.Set("q", v)
		} else {
			f.errs = append(f.errs, l.T("actions.bad_search", maxSearchLen))
		}
	}
	return f
}

// actions is the list of actions with its filter form: sector, theme, status, organisation,
// done alone or jointly, and a text search on title and description. It shows 50 actions a
// page, in Danish title order, with a link to the next page that keeps the filters.
//
// An invalid filter value (one not offered by the form, or a cursor this list did not give
// out) is left out, explained above the form, and answered with status 400 while the page
// still shows the list under the filters that were valid.
func (s *Pages) actions(w http.ResponseWriter, r *http.Request) error {
	ctx := r.Context()
	l := page.Localizer(r)
	themeList, err := s.All(ctx, model.Themes, nil)
	if err != nil {
		return err
	}
	orgList, err := s.All(ctx, model.Organisations, nil)
	if err != nil {
		return err
	}
	orgs := byID(orgList)
	offered, err := s.actionOrgs(ctx, orgList)
	if err != nil {
		return err
	}
	query := r.URL.Query()
	f := parseActionFilters(l, query, byID(themeList), byID(offered))
	ex, err := page.ExportOf(r)
	if err != nil {
		return err
	}
	if ex != nil {
		// The file holds every action under the filters, not one page of them.
		if ex.List != listActions {
			return page.ErrNotFound
		}
		if len(f.errs) > 0 {
			return &page.StatusError{Status: http.StatusBadRequest, Err: fmt.Errorf("web: export of actions with invalid filters %v", query)}
		}
		rows, err := s.allActionRows(ctx, l, f.store, orgs)
		if err != nil {
			return err
		}
		return page.SendExport(w, l, ex, actionsExport(l, listActions, "", rows))
	}

	d := actionsData{Errors: f.errs, Q: f.q, Filtered: len(f.keep) > 0, ExportHere: actionsURL(f.keep, "")}
	d.Sectors = []actionOption{{Value: "", Label: l.T("filter.all")}}
	for _, sec := range model.Sectors {
		d.Sectors = append(d.Sectors, actionOption{Value: sec, Label: l.Enum("sector", sec), Selected: sec == f.sector})
	}
	d.Statuses = []actionOption{{Value: "", Label: l.T("filter.all")}}
	for _, st := range model.ActionStatuses {
		d.Statuses = append(d.Statuses, actionOption{Value: st, Label: l.Enum("action_status", st), Selected: st == f.status})
	}
	d.Joint = []actionOption{{Value: "", Label: l.T("filter.all")},
		{Value: jointAlone, Label: l.T("filter.joint_alone"), Selected: f.joint == jointAlone},
		{Value: jointJointly, Label: l.T("filter.joint_yes"), Selected: f.joint == jointJointly}}
	d.Themes = append([]actionOption{{Value: "", Label: l.T("filter.all")}}, themeOptions(l, themeList, f.theme)...)
	d.Orgs = []actionOption{{Value: "", Label: l.T("filter.all")}}
	for _, o := range offered {
		v := idString(o.ID())
		d.Orgs = append(d.Orgs, actionOption{Value: v, Label: model.AsOrganisation(o).Name(string(l.Lang)), Selected: v == f.org})
	}
	d.FilterSummary = filterSummary(l, f.q, []string{"filter.sector", "filter.theme", "filter.status", "filter.organisation", "filter.joint"},
		[][]actionOption{d.Sectors, d.Themes, d.Statuses, d.Orgs, d.Joint})

	lq := model.ListQuery{Filters: f.store, Sort: actionsSort, Limit: actionsPerPage, Cursor: query.Get("cursor")}
	auth.Visibility(page.PrincipalOf(ctx), model.Actions).Apply(&lq)
	pg, err := s.DB.List(ctx, model.Actions, lq)
	var qe *store.QueryError
	if errors.As(err, &qe) && qe.Param == "cursor" {
		d.Errors = append(d.Errors, l.T("actions.bad_cursor"))
		lq.Cursor = ""
		pg, err = s.DB.List(ctx, model.Actions, lq)
	} else if lq.Cursor != "" && err == nil {
		d.FirstURL = actionsURL(f.keep, "")
	}
	if err != nil {
		return err
	}
	for _, a := range model.AsActions(pg.Items) {
		row := newActionRow(l, a, orgs)
		d.AnyExample = d.AnyExample || row.Example
		d.Rows = append(d.Rows, row)
	}
	if len(d.Rows) == 1 {
		d.Count = l.T("actions.count_page_one")
	} else {
		d.Count = l.T("actions.count_page", l.Int(int64(len(d.Rows))))
	}
	// The total under the filters, on all pages, as the reader may see them.
	total, err := s.DB.CountList(ctx, model.Actions, lq)
	if err != nil {
		return err
	}
	d.Total = l.T("actions.total", l.Int(total))
	if pg.NextCursor != "" {
		d.NextURL = actionsURL(f.keep, pg.NextCursor)
	}

	d.Crumbs = breadcrumbs(l, crumb{Name: l.T("nav.actions")})
	p := s.NewPage(r, l, l.T("resource.actions"))
	p.Nav = "actions"
	p.Data = d
	status := http.StatusOK
	if len(d.Errors) > 0 {
		status = http.StatusBadRequest
	}
	return s.Write(w, "actions", status, p)
}

// actionsURL is the list's address with the given filters and cursor.
func actionsURL(filters url.Values, cursor string) string {
	v := url.Values{}
	for k, vs := range filters {
		v[k] = vs
	}
	if cursor != "" {
		v.Set("cursor", cursor)
	}
	if len(v) == 0 {
		return "/indsatser"
	}
	return "/indsatser?" + v.Encode()
}

// actionOrgs lists the organisations the list's organisation filter offers: every
// municipality, and the other organisations that are responsible for an action, in Danish
// order.
func (s *Pages) actionOrgs(ctx context.Context, orgList []model.Record) ([]model.Record, error) {
	// One query tells which organisations are responsible for any action.
	has, err := s.DB.OrganisationsWithActions(ctx)
	if err != nil {
		return nil, fmt.Errorf("web: organisations with actions: %w", err)
	}
	var out []model.Record
	for _, o := range orgList {
		if has[o.ID()] || model.AsOrganisation(o).Kind() == "municipality" {
			out = append(out, o)
		}
	}
	i18n.SortBy(i18n.Danish, out, func(o model.Record) string { return model.AsOrganisation(o).NameDA() })
	return out, nil
}

// themeOptions lists the themes as a tree: each parent followed by its children, indented
// with no-break spaces, siblings in the reader's order.
func themeOptions(l i18n.Localizer, themes []model.Record, selected string) []actionOption {
	children := map[int64][]model.Theme{}
	ids := byID(themes)
	for _, t := range model.AsThemes(themes) {
		parent := t.ParentID()
		if parent != 0 && ids[parent] == nil {
			parent = 0 // an orphan is shown at the top
		}
		children[parent] = append(children[parent], t)
	}
	var out []actionOption
	seen := map[int64]bool{}
	var walk func(parent int64, depth int)
	walk = func(parent int64, depth int) {
		list := children[parent]
		i18n.SortBy(l.Lang, list, func(t model.Theme) string { return t.Name(string(l.Lang)) })
		for _, t := range list {
			if seen[t.ID()] {
				continue
			}
			seen[t.ID()] = true
			v := idString(t.ID())
			out = append(out, actionOption{Value: v, Label: strings.Repeat("\u00a0\u00a0\u00a0", depth) + t.Name(string(l.Lang)), Selected: v == selected})
			walk(t.ID(), depth+1)
		}
	}
	walk(0, 0)
	return out
}

type orgLink struct {
	Name, Href string
}

type historyRow struct {
	Date, Status, Progress, Note string
}

type actionData struct {
	Crumbs                template.HTML // the breadcrumb trail (breadcrumbs)
	ID                    int64
	CanEdit, Draft        bool // the reader may edit it; it is not published
	Title, Sector, Status string
	StatusNote            string   // why the status is what it is, as its editor said
	TitleLang, TextLang   string   // the title's and the description's language when not the page's
	DescLines             []string // the description's non-empty lines
	Example               bool
	Plan, Project         *orgLink // the plan or joint project the action belongs to
	PlanOrg               *orgLink
	Org                   orgLink
	Themes                []string
	Start, End            string
	Progress              template.HTML
	ProgressText          string
	Effect, EffectFrom    string // "" when not given
	Cost                  string
	Joint                 bool
	Partners              []orgLink
	Source                string
	History               []historyRow
	// FromItem is the knowledge library's item the action was made from (nil: none, or
	// one the reader may not see); Items are the items that name the action.
	FromItem *orgLink
	Items    []orgLink
}

// orgLinkOf names an organisation and links to its page when it has one; an empty link when
// there is no organisation.
func orgLinkOf(l i18n.Localizer, o model.Organisation) orgLink {
	ol := orgLink{Name: o.Name(string(l.Lang))}
	if o.Kind() == "municipality" {
		ol.Href = "/kommuner/" + o.Code()
	}
	return ol
}

// action is one action's page: what it is, who does it, when, what it costs and achieves,
// where the facts came from, and its status history.
func (s *Pages) action(w http.ResponseWriter, r *http.Request) error {
	ctx := r.Context()
	l := page.Localizer(r)
	raw := r.PathValue("id")
	id, err := strconv.ParseInt(raw, 10, 64)
	if err != nil || id <= 0 || strconv.FormatInt(id, 10) != raw {
		return page.ErrNotFound
	}
	rec, err := s.DB.Get(ctx, model.Actions, id)
	if errors.Is(err, store.ErrNotFound) {
		return page.ErrNotFound
	} else if err != nil {
		return err
	}
	if err := s.CheckDraft(ctx, model.Actions, rec); err != nil {
		return err
	}

	a := model.AsAction(rec)
	title, titleLang := a.TitleIn(string(l.Lang))
	d := actionData{ID: id, Title: title, TitleLang: otherLang(l, titleLang), StatusNote: a.StatusNote(), Example: a.Example(),
		Sector: l.Enum("sector", a.Sector()), Status: l.Enum("action_status", a.Status()),
		Start: l.Date(a.StartDate()), End: l.Date(a.EndDate()), Source: a.Source(),
		CanEdit: s.MayEdit(ctx, model.Actions, rec), Draft: a.Draft(), Joint: a.Joint()}
	_, textLang := a.TitleIn("da") // the action's own language, which its description is in
	d.TextLang = otherLang(l, textLang)
	for _, line := range strings.Split(a.Description(), "\n") {
		if line = strings.TrimSpace(line); line != "" {
			d.DescLines = append(d.DescLines, line)
		}
	}
	if err := s.actionOwners(ctx, l, a, &d); err != nil {
		return err
	}
	if err := s.actionThemesAndPartners(ctx, l, a, &d); err != nil {
		return err
	}
	actionFigures(l, a, &d)
	if err := s.actionHistory(ctx, l, id, &d); err != nil {
		return err
	}
	if err := s.actionLibrary(ctx, l, a, &d); err != nil {
		return err
	}

	d.Crumbs = breadcrumbs(l, crumb{l.T("nav.actions"), "/indsatser"}, crumb{Name: d.Title})
	p := s.NewPage(r, l, d.Title)
	p.Nav = "actions"
	p.Data = d
	return s.Render(w, "action", p)
}

// actionLibrary writes into d the knowledge library's item the action was made from and
// the items that name it, as far as the reader may see them: one read and one list.
func (s *Pages) actionLibrary(ctx context.Context, l i18n.Localizer, a model.Action, d *actionData) error {
	if iid := a.LibraryItemID(); iid != 0 {
		rec, err := s.DB.Get(ctx, model.LibraryItems, iid)
		if err != nil && !errors.Is(err, store.ErrNotFound) {
			return err
		}
		if rec != nil {
			if ok, err := auth.Visibility(page.PrincipalOf(ctx), model.LibraryItems).Allows(ctx, s.DB, rec); err != nil {
				return err
			} else if ok {
				d.FromItem = &orgLink{Name: libraryTitle(l, rec), Href: libraryHref(rec.ID())}
			}
		}
	}
	items, err := s.All(ctx, model.LibraryItems, map[string]string{"action": strconv.FormatInt(a.ID(), 10)})
	if err != nil {
		return err
	}
	d.Items = libraryLinks(l, items)
	return nil
}

// libraryTitle is a library item's title in the reader's language when it has one.
func libraryTitle(l i18n.Localizer, rec model.Record) string {
	title, _ := model.AsLibraryItem(rec).TitleIn(string(l.Lang))
	return title
}

// libraryHref is a library item's page (internal/web/library).
func libraryHref(id int64) string { return "/bibliotek/" + strconv.FormatInt(id, 10) }

// libraryLinks are links to the items, by title.
func libraryLinks(l i18n.Localizer, items []model.Record) []orgLink {
	out := make([]orgLink, 0, len(items))
	for _, rec := range items {
		out = append(out, orgLink{Name: libraryTitle(l, rec), Href: libraryHref(rec.ID())})
	}
	i18n.SortBy(l.Lang, out, func(o orgLink) string { return o.Name })
	return out
}

// actionOrg is the organisation with the id, or one over a nil record when there is none.
func (s *Pages) actionOrg(ctx context.Context, id int64) (model.Organisation, error) {
	o, err := s.DB.Get(ctx, model.Organisations, id)
	if errors.Is(err, store.ErrNotFound) {
		return model.Organisation{}, nil
	}
	return model.AsOrganisation(o), err
}

// actionOwners writes into d who the action belongs to: its organisation, its plan with the
// plan's organisation, and its project.
func (s *Pages) actionOwners(ctx context.Context, l i18n.Localizer, a model.Action, d *actionData) error {
	if oid := a.OrganisationID(); oid != 0 {
		o, err := s.actionOrg(ctx, oid)
		if err != nil {
			return err
		}
		d.Org = orgLinkOf(l, o)
	}
	if pid := a.PlanID(); pid != 0 {
		rec, err := s.DB.Get(ctx, model.Plans, pid)
		if err != nil && !errors.Is(err, store.ErrNotFound) {
			return err
		}
		if rec != nil {
			p := model.AsPlan(rec)
			d.Plan = &orgLink{Name: p.Title()}
			if oid := p.OrganisationID(); oid != 0 {
				o, err := s.actionOrg(ctx, oid)
				if err != nil {
					return err
				}
				ol := orgLinkOf(l, o)
				d.PlanOrg = &ol
				d.Plan.Href = ol.Href
			}
		}
	}
	if pid := a.ProjectID(); pid != 0 {
		rec, err := s.DB.Get(ctx, model.Projects, pid)
		if err != nil && !errors.Is(err, store.ErrNotFound) {
			return err
		}
		if rec != nil {
			p := model.AsProject(rec)
			d.Project = &orgLink{Name: p.Code() + ": " + p.Name(string(l.Lang)), Href: "/projekter/" + url.PathEscape(p.Code())}
		}
	}
	return nil
}

// actionThemesAndPartners writes into d the action's themes and its partners, these in
// order of their names.
func (s *Pages) actionThemesAndPartners(ctx context.Context, l i18n.Localizer, a model.Action, d *actionData) error {
	for _, tid := range a.ThemeIDs() {
		t, err := s.DB.Get(ctx, model.Themes, tid)
		if errors.Is(err, store.ErrNotFound) {
			continue
		} else if err != nil {
			return err
		}
		d.Themes = append(d.Themes, model.AsTheme(t).Name(string(l.Lang)))
	}
	for _, pid := range a.PartnerIDs() {
		o, err := s.actionOrg(ctx, pid)
		if err != nil {
			return err
		}
		if o.Record != nil {
			d.Partners = append(d.Partners, orgLinkOf(l, o))
		}
	}
	i18n.SortBy(l.Lang, d.Partners, func(o orgLink) string { return o.Name })
	return nil
}

// actionFigures writes into d the action's progress (with its bar), effect and cost.
func actionFigures(l i18n.Localizer, a model.Action, d *actionData) {
	if pct, ok := a.Progress(); ok {
		d.ProgressText = l.Percent(pct, 0)
		d.Progress = chart.Progress(chart.ProgressBar{
			Meta:     chart.Meta{ID: "fremdrift", Title: l.T("muni.progress_of", d.Title), Desc: d.ProgressText, NoData: l.T("chart.no_data")},
			Baseline: 0, Target: 100, Actual: pct,
			Format: numberFormat(l, 0), PercentFormat: func(v float64) string { return l.Percent(v, 0) },
		})
	}
	if e, ok := a.EffectTCO2e(); ok {
		d.Effect = l.Number(e, 0) + " " + l.T("unit.t_co2e_year")
	}
	if y, ok := a.EffectStartYear(); ok {
		d.EffectFrom = fmt.Sprint(y)
	}
	if c, ok := a.CostDKK(); ok {
		d.Cost = l.DKK(c)
	}
}

// otherLang is lang when it is not the page's language (a text to mark with lang="…" for
// screen readers), else "".
func otherLang(l i18n.Localizer, lang string) string {
	if lang == string(l.Lang) {
		return ""
	}
	return lang
}

// actionHistory writes into d the action's status history.
func (s *Pages) actionHistory(ctx context.Context, l i18n.Localizer, id int64, d *actionData) error {
	hist, err := s.DB.StatusHistory(ctx, id)
	if err != nil {
		return err
	}
	for _, h := range hist {
		row := historyRow{Date: h.ChangedAt, Status: l.Enum("action_status", h.Status), Progress: l.T("common.not_given"), Note: h.Note}
		if t, err := time.Parse(time.RFC3339, h.ChangedAt); err == nil {
			row.Date = l.Date(t)
		}
		if h.Progress != nil {
			row.Progress = l.Percent(*h.Progress, 0)
		}
		d.History = append(d.History, row)
	}
	return nil
}

// newActionRow is an action as a row of the actions tables (the list and a project's).
func newActionRow(l i18n.Localizer, a model.Action, orgs map[int64]model.Record) actionRow {
	title, titleLang := a.TitleIn(string(l.Lang))
	row := actionRow{ID: a.ID(), Title: title, TitleLang: otherLang(l, titleLang), Sector: l.Enum("sector", a.Sector()),
		Status: l.Enum("action_status", a.Status()), Example: a.Example()}
	if oid := a.OrganisationID(); oid != 0 {
		row.Org = model.AsOrganisation(orgs[oid]).Name(string(l.Lang))
	}
	if pct, ok := a.Progress(); ok {
		row.Progress, row.pct, row.hasPct = l.Percent(pct, 0), pct, true
	}
	return row
}

// filterSummary says in words what the list is narrowed to ("Søgning: »træer«; Sektor:
// Energi"), from the search and the chosen options of each select; "" when nothing is chosen.
func filterSummary(l i18n.Localizer, q string, labels []string, selects [][]actionOption) string {
	var parts []string
	if q != "" {
		parts = append(parts, l.T("filter.search_words")+": »"+q+"«")
	}
	for i, opts := range selects {
		for _, o := range opts {
			if o.Selected && o.Value != "" {
				parts = append(parts, l.T(labels[i])+": "+strings.TrimSpace(strings.ReplaceAll(o.Label, "\u00a0", " ")))
			}
		}
	}
	return strings.Join(parts, "; ")
}

// allActionRows is every action under the actions list's filters, in the list's order, as
// the list's rows. It stops with an error past page.MaxExportRows rather than build an unbounded
// file.
func (s *Pages) allActionRows(ctx context.Context, l i18n.Localizer, filters map[string]string, orgs map[int64]model.Record) ([]actionRow, error) {
	var rows []actionRow
	q := model.ListQuery{Filters: filters, Sort: actionsSort, Limit: store.MaxLimit}
	auth.Visibility(page.PrincipalOf(ctx), model.Actions).Apply(&q)
	for {
		pg, err := s.DB.List(ctx, model.Actions, q)
		if err != nil {
			return nil, fmt.Errorf("web: export actions %v: %w", filters, err)
		}
		for _, a := range model.AsActions(pg.Items) {
			rows = append(rows, newActionRow(l, a, orgs))
		}
		if len(rows) > page.MaxExportRows {
			return nil, fmt.Errorf("web: export actions %v: more than %d rows", filters, page.MaxExportRows)
		}
		if pg.NextCursor == "" {
			return rows, nil
		}
		q.Cursor = pg.NextCursor
	}
}

// actionsExport is a table of actions: the actions list's, or a joint project's.
func actionsExport(l i18n.Localizer, list, qualify string, rows []actionRow) *page.Export {
	x := &page.Export{List: list, Qualify: qualify, Columns: []string{l.T("field.actions.title"), l.T("field.actions.organisation_id"),
		l.T("field.actions.sector"), l.T("field.actions.status"), l.T("export.col_progress"), l.T("export.col_example")}}
	for _, a := range rows {
		x.Add(sheet.Text(a.Title), sheet.Text(a.Org), sheet.Text(a.Sector), sheet.Text(a.Status), pctCell(a.pct, a.hasPct), exampleCell(l, a.Example))
	}
	return x
}
