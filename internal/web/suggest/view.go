package suggest

import (
	"html/template"
	"strconv"

	"klimaspor/internal/i18n"
	"klimaspor/internal/model"
	"klimaspor/internal/sheet"
	"klimaspor/internal/themesuggest/gather"
	"klimaspor/internal/web/page"
)

// viewData is /temaforslag's view.
type viewData struct {
	Crumbs  template.HTML
	Orgs    []page.Option
	Org     int64
	OrgName string
	Message string // after an accept or reject: what happened
	Alert   bool   // the message is a refusal (a conflict), read out at once
	Actions []actionView
	Here    string
}

// actionView is one action without a theme.
type actionView struct {
	ID          int64
	Title, Href string
	Draft       bool
	Version     int64
	Suggestions []suggestionView
}

// suggestionView is one suggested theme.
type suggestionView struct {
	ThemeID    int64
	Name, Code string
	Score      string // the similarity, 0–1, in the reader's locale
	score      float64
}

// buildView builds the page from the organisations the reader may map, the gathered
// suggestions and the message key ("" for none); it reads nothing.
func buildView(l i18n.Localizer, orgs []model.Organisation, g gather.Suggestions, message, here string) viewData {
	lang := l.Code()
	d := viewData{Crumbs: page.Breadcrumbs(l, page.Crumb{Name: l.T("crossplan.title"), Href: "/paa-tvaers"}, page.Crumb{Name: l.T("suggest.title")}),
		Org: g.Organisation, Here: here}
	for _, o := range orgs {
		d.Orgs = append(d.Orgs, page.Option{Value: strconv.FormatInt(o.ID(), 10), Label: o.Name(lang), Selected: o.ID() == g.Organisation})
		if o.ID() == g.Organisation {
			d.OrgName = o.Name(lang)
		}
	}
	if message != "" {
		d.Message = l.T(message)
		d.Alert = message == "suggest.msg.conflict" || message == "suggest.msg.has_theme"
	}
	for _, it := range g.Items {
		a := actionView{ID: it.Action.ID, Title: it.Action.Title, Href: "/indsatser/" + strconv.FormatInt(it.Action.ID, 10),
			Draft: !it.Action.Published, Version: it.Action.Version}
		for _, s := range it.Suggestions {
			t := g.Themes[s.Theme]
			name := t.NameDA
			if lang == "en" && t.NameEN != "" {
				name = t.NameEN
			}
			a.Suggestions = append(a.Suggestions, suggestionView{ThemeID: t.ID, Name: name, Code: t.Code, Score: l.Number(s.Score, 2), score: s.Score})
		}
		d.Actions = append(d.Actions, a)
	}
	return d
}

// exportOf is the list as a file: a row per suggestion, and an action without any with
// empty theme cells.
func exportOf(l i18n.Localizer, d viewData) *page.Export {
	x := &page.Export{List: listName, Columns: []string{l.T("suggest.col_action_id"), l.T("suggest.col_action"), l.T("suggest.col_draft"),
		l.T("suggest.col_theme_code"), l.T("resource.themes.one"), l.T("suggest.col_score")}}
	for _, a := range d.Actions {
		draft := l.T("suggest.no")
		if a.Draft {
			draft = l.T("suggest.yes")
		}
		base := []sheet.Cell{sheet.Int(a.ID), sheet.Text(a.Title), sheet.Text(draft)}
		if len(a.Suggestions) == 0 {
			x.Add(append(base, sheet.Cell{}, sheet.Cell{}, sheet.Cell{})...)
		}
		for _, s := range a.Suggestions {
			x.Add(append(append([]sheet.Cell{}, base...), sheet.Text(s.Code), sheet.Text(s.Name), sheet.Number(s.score, 3))...)
		}
	}
	return x
}
