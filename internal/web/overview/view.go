package overview

import (
	"cmp"
	"net/url"
	"slices"
	"strconv"
	"strings"

	"klimaspor/internal/i18n"
	"klimaspor/internal/model"
	"klimaspor/internal/sheet"
	"klimaspor/internal/web/page"
)

// view is the overview page's data.
type view struct {
	Orgs        []string // the person's organisations' names
	Secretariat bool
	Year        int // the last complete year, whose values are due
	YearText    string
	Actions     []actionRow
	Due         []dueRow
	Drafts      []draftRow
	Projects    []projectRow
	Here        string // the page's address, for the export links
}

type actionRow struct {
	ID                int64
	Href, Title, Lang string // Lang: the title's language when it is not the page's
	Org, Status       string
	Updated           string
	UpdatedAt         string // RFC 3339, for the export
	Stale, Draft      bool
	status            int // the status's place in model.ActionStatuses
}

type dueRow struct {
	Href, Name, Org, AddHref string
	Code                     string
}

type draftRow struct {
	Kind, Href, Title, Lang, Org, Updated string
	UpdatedAt                             string
}

type projectRow struct {
	Href, Code, Name, Leads string
	Participants            int
}

// buildView makes the overview from what read found, without I/O: actions with the stale
// ones first and then by status; the indicators reported on with no value of the
// organisation's for the last year; the unpublished plans and actions; the joint projects
// one of the person's organisations leads (every one for the secretariat).
func buildView(l i18n.Localizer, in input) view {
	lang := string(l.Lang)
	v := view{Secretariat: in.Secretariat, Year: in.Year, YearText: strconv.Itoa(in.Year)}
	mine := map[int64]bool{}
	for _, o := range in.Orgs {
		v.Orgs = append(v.Orgs, o.Name(lang))
		mine[o.ID()] = true
	}
	orgName := func(id int64) string {
		if o, ok := in.Names[id]; ok {
			return o.Name(lang)
		}
		return i18n.Dash
	}
	for _, a := range in.Actions {
		title, tl := a.TitleIn(lang)
		if tl == lang {
			tl = ""
		}
		row := actionRow{ID: a.ID(), Href: "/indsatser/" + strconv.FormatInt(a.ID(), 10), Title: title, Lang: tl,
			Org: orgName(a.OrganisationID()), Status: l.Enum("action_status", a.Status()),
			Updated: l.DateTime(a.UpdatedAt()), UpdatedAt: a.UpdatedAt(), Stale: a.Stale(in.Now), Draft: a.Draft(),
			status: slices.Index(model.ActionStatuses, a.Status())}
		v.Actions = append(v.Actions, row)
		if a.Draft() {
			v.Drafts = append(v.Drafts, draftRow{Kind: l.T("overview.kind.action"), Href: row.Href, Title: title, Lang: tl,
				Org: row.Org, Updated: row.Updated, UpdatedAt: row.UpdatedAt})
		}
	}
	slices.SortStableFunc(v.Actions, func(a, b actionRow) int {
		if a.Stale != b.Stale {
			if a.Stale {
				return -1
			}
			return 1
		}
		return cmp.Or(cmp.Compare(a.status, b.status), l.Compare(a.Title, b.Title), cmp.Compare(a.ID, b.ID))
	})
	for _, pl := range in.Plans {
		if !pl.Draft() {
			continue
		}
		href := ""
		if in.Editable[pl.ID()] {
			href = "/planer/" + strconv.FormatInt(pl.ID(), 10) + "/rediger"
		}
		v.Drafts = append(v.Drafts, draftRow{Kind: l.T("overview.kind.plan"), Href: href, Title: pl.Title(),
			Org: orgName(pl.OrganisationID()), Updated: l.DateTime(pl.UpdatedAt()), UpdatedAt: pl.UpdatedAt()})
	}
	slices.SortStableFunc(v.Drafts, func(a, b draftRow) int { return cmp.Compare(b.UpdatedAt, a.UpdatedAt) })
	type key struct{ ind, org int64 }
	reported := map[key]bool{}
	for _, val := range in.Values {
		if int(val.PeriodYear()) == in.Year {
			reported[key{val.IndicatorID(), val.OrganisationID()}] = true
		}
	}
	for _, r := range in.Reportable {
		if reported[key{r.Indicator.ID(), r.Org}] {
			continue
		}
		code := url.PathEscape(r.Indicator.Code())
		v.Due = append(v.Due, dueRow{Href: "/noegletal/" + code, Name: r.Indicator.Name(lang), Code: r.Indicator.Code(),
			Org: orgName(r.Org), AddHref: "/noegletal/" + code + "/vaerdier/ny"})
	}
	slices.SortStableFunc(v.Due, func(a, b dueRow) int { return cmp.Or(l.Compare(a.Org, b.Org), l.Compare(a.Name, b.Name)) })
	for _, pr := range in.Projects {
		var leads []string
		led := in.Secretariat
		for _, id := range pr.Leads() {
			leads = append(leads, orgName(id))
			led = led || mine[id]
		}
		if !led {
			continue
		}
		slices.SortFunc(leads, l.Compare)
		v.Projects = append(v.Projects, projectRow{Href: "/projekter/" + url.PathEscape(pr.Code()), Code: pr.Code(),
			Name: pr.Name(lang), Leads: strings.Join(leads, ", "), Participants: len(pr.Participants())})
	}
	slices.SortStableFunc(v.Projects, func(a, b projectRow) int { return l.Compare(a.Name, b.Name) })
	return v
}

// The overview's lists, as named in the export query.
const (
	listActions  = "mine-indsatser"
	listDue      = "mine-noegletal"
	listDrafts   = "mine-kladder"
	listProjects = "mine-projekter"
)

// overviewExport is one of the overview's lists as a file: the rows the page shows.
func overviewExport(l i18n.Localizer, v view, list string) *page.Export {
	x := &page.Export{List: list}
	switch list {
	case listActions:
		x.Columns = []string{l.T("overview.col.title"), l.T("overview.col.organisation"), l.T("overview.col.status"), l.T("overview.col.updated"), l.T("overview.stale")}
		for _, a := range v.Actions {
			x.Add(sheet.Text(a.Title), sheet.Text(a.Org), sheet.Text(a.Status), sheet.Text(a.Updated), sheet.Text(yes(l, a.Stale)))
		}
	case listDue:
		x.Columns = []string{l.T("overview.col.indicator"), l.T("overview.col.code"), l.T("overview.col.organisation"), l.T("overview.col.period")}
		for _, d := range v.Due {
			x.Add(sheet.Text(d.Name), sheet.Text(d.Code), sheet.Text(d.Org), sheet.Int(int64(v.Year)))
		}
	case listDrafts:
		x.Columns = []string{l.T("overview.col.kind"), l.T("overview.col.title"), l.T("overview.col.organisation"), l.T("overview.col.updated")}
		for _, d := range v.Drafts {
			x.Add(sheet.Text(d.Kind), sheet.Text(d.Title), sheet.Text(d.Org), sheet.Text(d.Updated))
		}
	case listProjects:
		x.Columns = []string{l.T("overview.col.code"), l.T("overview.col.project"), l.T("overview.col.leads"), l.T("overview.col.participants")}
		for _, p := range v.Projects {
			x.Add(sheet.Text(p.Code), sheet.Text(p.Name), sheet.Text(p.Leads), sheet.Int(int64(p.Participants)))
		}
	default:
		return nil
	}
	return x
}

func yes(l i18n.Localizer, b bool) string {
	if b {
		return l.T("overview.yes")
	}
	return ""
}
