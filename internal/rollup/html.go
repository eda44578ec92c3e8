package rollup

import (
	"bytes"
	"context"
	"fmt"
	"html/template"
	"strings"
	"time"

	"klimaspor/internal/chart"
	"klimaspor/internal/i18n"
	"klimaspor/internal/model"
	"klimaspor/internal/pdf"
	"klimaspor/internal/reporting"
)

// The roll-up is one standalone HTML document, for print on A4: its own CSS, nothing
// fetched, its charts inline SVG with their tables beside them. Chromium prints the same
// document to PDF (pdf.Render), so its headings become the PDF's outline.

// lightColours are a light's badge colours (background, text); the word is always written
// beside the colour, so the colour never carries the meaning alone.
var lightColours = map[reporting.Light][2]string{
	reporting.LightOnTrack:    {"#1b7a3a", "#ffffff"},
	reporting.LightAtRisk:     {"#f2c200", "#1a1a1a"},
	reporting.LightOffTrack:   {"#b3261e", "#ffffff"},
	reporting.LightDone:       {"#1f4e9c", "#ffffff"},
	reporting.LightNotStarted: {"#d9d9d9", "#1a1a1a"},
	"":                        {"#ffffff", "#1a1a1a"},
}

var trendMarks = map[reporting.Trend]string{reporting.TrendBetter: "↑", reporting.TrendSame: "→", reporting.TrendWorse: "↓", reporting.TrendNone: ""}

const css = `
@page { size: A4; margin: 18mm 16mm 20mm 16mm; }
* { box-sizing: border-box; }
html { -webkit-print-color-adjust: exact; print-color-adjust: exact; }
body { font-family: "DejaVu Sans", "Liberation Sans", Arial, sans-serif; font-size: 10pt; line-height: 1.4; color: #1a1a1a; margin: 0; }
h1 { font-size: 24pt; margin: 0 0 8mm; }
h2 { font-size: 16pt; margin: 0 0 4mm; border-bottom: 2px solid #1a1a1a; padding-bottom: 1mm; }
h3 { font-size: 12pt; margin: 6mm 0 2mm; }
.cover { min-height: 230mm; display: flex; flex-direction: column; justify-content: center; }
.kicker { font-size: 13pt; color: #444; margin: 0 0 2mm; }
dl.facts { display: grid; grid-template-columns: max-content 1fr; gap: 1mm 6mm; margin: 0; }
dl.facts dt { font-weight: bold; }
dl.facts dd { margin: 0; }
.page { break-before: page; }
table { border-collapse: collapse; width: 100%; margin: 2mm 0 4mm; }
th, td { border: 1px solid #999; padding: 1mm 1.5mm; text-align: left; vertical-align: top; }
thead th { background: #eeeeee; }
tr { break-inside: avoid; }
.light { display: inline-block; border: 1px solid #1a1a1a; border-radius: 2mm; padding: 0 1.5mm; font-weight: bold; white-space: nowrap; }
.trend { display: block; font-size: 8.5pt; color: #333; }
.overdue { font-weight: bold; color: #b3261e; }
.note { color: #444; font-size: 9pt; }
.chart { break-inside: avoid; margin: 2mm 0 5mm; }
.chart svg { max-width: 100%; height: auto; }
.chart-table { font-size: 8.5pt; }
.chart-table caption { text-align: left; font-weight: bold; padding-bottom: 1mm; }
.answer { white-space: pre-wrap; margin: 0 0 3mm; }
`

var docTemplate = template.Must(template.New("rollup").Parse(`<!DOCTYPE html>
<html lang="{{.Lang}}">
<head>
<meta charset="utf-8">
<title>{{.Title}}</title>
<style>{{.CSS}}</style>
</head>
<body>
<section class="cover">
<p class="kicker">{{.Kicker}}</p>
<h1>{{.Heading}}</h1>
<dl class="facts">
{{range .Cover}}<dt>{{.Label}}</dt><dd>{{.Value}}</dd>
{{end}}</dl>
<p class="note">{{.Compared}}</p>
</section>

<section class="page" id="summary">
<h2>{{.SummaryHeading}}</h2>
<p class="note">{{.SummaryNote}}</p>
{{if .Rows}}<table class="matrix">
<thead><tr>{{range .Columns}}<th scope="col">{{.}}</th>{{end}}</tr></thead>
<tbody>
{{range .Rows}}<tr>
<th scope="row">{{.Project}}</th>
<td>{{.State}}{{if .Overdue}}<br><span class="overdue">{{.Overdue}}</span>{{end}}</td>
{{range .Cells}}<td>{{if .Light}}{{template "light" .Light}}<span class="trend">{{.Trend}}</span>{{end}}</td>{{end}}
</tr>
{{end}}</tbody>
</table>{{else}}<p>{{.NoReports}}</p>{{end}}
</section>

{{range .Sections}}<section class="page project" id="project-{{.ID}}">
<h2>{{.Heading}}</h2>
<dl class="facts">
{{range .Facts}}<dt>{{.Label}}</dt><dd>{{.Value}}</dd>
{{end}}</dl>
<h3>{{.GoalsHeading}}</h3>
{{if .Goals}}<table>
<thead><tr>{{range .GoalColumns}}<th scope="col">{{.}}</th>{{end}}</tr></thead>
<tbody>
{{range .Goals}}<tr><th scope="row">{{.N}}. {{.Title}}</th><td>{{template "light" .Light}}<span class="trend">{{.Trend}}</span></td><td>{{.Explanation}}</td></tr>
{{end}}</tbody>
</table>{{else}}<p>{{.NoGoals}}</p>{{end}}
<h3>{{.IndicatorsHeading}}</h3>
{{range .Charts}}<div class="chart">{{.}}</div>
{{else}}<p>{{.NoIndicators}}</p>{{end}}
{{range .Answers}}<h3>{{.Question}}</h3>
<p class="answer">{{.Text}}</p>
{{end}}</section>
{{end}}
<section class="page" id="appendix">
<h2>{{.AppendixHeading}}</h2>
{{if .Events}}<table>
<thead><tr>{{range .EventColumns}}<th scope="col">{{.}}</th>{{end}}</tr></thead>
<tbody>
{{range .Events}}<tr><td>{{.At}}</td><th scope="row">{{.Project}}</th><td>{{.What}}</td><td>{{.Who}}</td></tr>
{{end}}</tbody>
</table>{{else}}<p>{{.NoEvents}}</p>{{end}}
</section>
</body>
</html>
{{define "light"}}<span class="light" style="background:{{.Background}};color:{{.Color}}">{{.Word}}</span>{{end}}
`))

type fact struct{ Label, Value string }

type lightView struct {
	Word              string
	Background, Color template.CSS
}

type cellView struct {
	Light *lightView
	Trend string
}

type rowView struct {
	Project, State, Overdue string
	Cells                   []cellView
}

type goalView struct {
	N           int
	Title       string
	Light       lightView
	Trend       string
	Explanation string
}

type answerView struct{ Question, Text string }

type sectionView struct {
	ID                              int64
	Heading                         string
	Facts                           []fact
	GoalsHeading, NoGoals           string
	GoalColumns                     []string
	Goals                           []goalView
	IndicatorsHeading, NoIndicators string
	Charts                          []template.HTML
	Answers                         []answerView
}

type eventView struct{ At, Project, What, Who string }

type docView struct {
	Lang, Title, Kicker, Heading, Compared string
	CSS                                    template.CSS
	Cover                                  []fact
	SummaryHeading, SummaryNote, NoReports string
	Columns                                []string
	Rows                                   []rowView
	Sections                               []sectionView
	AppendixHeading, NoEvents              string
	EventColumns                           []string
	Events                                 []eventView
}

func light(l i18n.Localizer, x reporting.Light) lightView {
	c := lightColours[x]
	word := l.T("reporting.light_none")
	if x != "" {
		word = l.T("reporting.light." + string(x))
	}
	return lightView{Word: word, Background: template.CSS(c[0]), Color: template.CSS(c[1])}
}

// TrendText is a trend by its mark and word ("↑ Bedre").
func TrendText(l i18n.Localizer, t reporting.Trend) string {
	return strings.TrimSpace(trendMarks[t] + " " + l.T("rollup.trend."+reporting.TrendWord(t)))
}

// roundName is the round's name in the language.
func (r *Rollup) roundName(lang i18n.Lang) string { return roundName(lang, r.Round) }

func roundName(lang i18n.Lang, rd model.ReportingRound) string {
	if lang == i18n.English && rd.NameEN() != "" {
		return rd.NameEN()
	}
	return rd.NameDA()
}

// leads names the project's lead organisations.
func (r *Rollup) leads(lang i18n.Lang, p model.Project) string {
	var names []string
	for _, id := range p.Leads() {
		names = append(names, r.Orgs[id].Name(string(lang)))
	}
	return strings.Join(names, ", ")
}

// GoalTitle is a goal's text in the language.
func (r *Rollup) GoalTitle(lang i18n.Lang, c reporting.OverviewCell) string {
	if g, ok := r.goals[c.GoalID]; ok {
		return g.Text(string(lang))
	}
	return c.Title
}

// changedBy names who made the row's report's last version.
func (r *Rollup) changedBy(l i18n.Localizer, row reporting.OverviewRow) string {
	return person(l, row.ChangedBy, r.byPerson[row.Report])
}

// person names who made a version: the person, the system, or nobody shown (the public).
func person(l i18n.Localizer, by string, isPerson bool) string {
	switch {
	case by != "":
		return by
	case isPerson:
		return l.T("rollup.person_hidden")
	}
	return l.T("audit.system")
}

func (r *Rollup) filterText(l i18n.Localizer) string {
	var parts []string
	if r.Filter.State != "" {
		parts = append(parts, l.Field("reports", "state")+": "+l.Enum("report_state", r.Filter.State))
	}
	if r.Filter.Lead != 0 {
		name := fmt.Sprint(r.Filter.Lead)
		if o, ok := r.Orgs[r.Filter.Lead]; ok {
			name = o.Name(string(l.Lang))
		}
		parts = append(parts, l.T("rollup.leads")+": "+name)
	}
	return strings.Join(parts, "; ")
}

// HTML writes the roll-up as a print-ready A4 document in the language.
func HTML(lang i18n.Lang, r *Rollup) ([]byte, error) {
	l := i18n.For(lang)
	code := string(l.Lang)
	prog, round := r.Programme.Name(code), r.roundName(l.Lang)
	d := docView{Lang: l.Code(), Title: l.T("rollup.title", prog, round), Kicker: l.T("rollup.cover_kicker"), Heading: prog + ": " + round,
		CSS: template.CSS(css), SummaryHeading: l.T("rollup.summary"), SummaryNote: l.T("rollup.summary_note"), NoReports: l.T("rollup.no_reports"),
		AppendixHeading: l.T("rollup.appendix"), NoEvents: l.T("rollup.no_events"),
		EventColumns: []string{l.T("rollup.when"), l.T("rollup.project"), l.T("rollup.what"), l.T("rollup.who")}}
	d.Cover = []fact{
		{l.T("rollup.programme"), prog},
		{l.T("rollup.round"), round + " (" + l.Enum("round_kind", r.Round.Kind()) + ")"},
		{l.T("rollup.deadline"), l.Date(r.Round.Deadline())},
		{l.T("rollup.made"), l.Date(r.Today)},
	}
	if f := r.filterText(l); f != "" {
		d.Cover = append(d.Cover, fact{l.T("rollup.selection"), f})
	}
	d.Compared = l.T("rollup.no_previous")
	if r.Previous != nil {
		d.Compared = l.T("rollup.compared_with", roundName(l.Lang, *r.Previous))
	}

	d.Columns = []string{l.T("rollup.project"), l.T("rollup.state")}
	for i := 1; i <= r.Overview.Columns; i++ {
		d.Columns = append(d.Columns, l.T("rollup.goal_n", i))
	}
	for _, row := range r.Overview.Rows {
		rv := rowView{Project: row.Project.Code + " " + r.projectName(l.Lang, row), State: l.Enum("report_state", string(row.State))}
		if row.Overdue {
			rv.Overdue = l.T("rollup.overdue_yes")
		}
		for i := 0; i < r.Overview.Columns; i++ {
			var cv cellView
			if i < len(row.Cells) {
				lv := light(l, row.Cells[i].Light)
				cv = cellView{Light: &lv, Trend: TrendText(l, row.Cells[i].Trend)}
			}
			rv.Cells = append(rv.Cells, cv)
		}
		d.Rows = append(d.Rows, rv)
	}

	for n, s := range r.Sections {
		sv := sectionView{ID: s.Project.ID(), Heading: s.Project.Code() + " " + s.Project.Name(code),
			GoalsHeading: l.T("rollup.goals"), NoGoals: l.T("rollup.no_goals"),
			GoalColumns:       []string{l.T("rollup.goal"), l.T("rollup.light"), l.T("rollup.explanation")},
			IndicatorsHeading: l.T("rollup.indicators"), NoIndicators: l.T("rollup.no_indicators")}
		sv.Facts = []fact{
			{l.T("rollup.leads"), r.leads(l.Lang, s.Project)},
			{l.T("rollup.state"), l.Enum("report_state", string(s.Row.State))},
			{l.T("rollup.changed_at"), l.DateTime(s.Row.ChangedAt)},
			{l.T("rollup.changed_by"), r.changedBy(l, s.Row)},
		}
		for _, c := range s.Row.Cells {
			sv.Goals = append(sv.Goals, goalView{N: c.Position, Title: r.GoalTitle(l.Lang, c), Light: light(l, c.Light),
				Trend: TrendText(l, c.Trend), Explanation: c.Explanation})
		}
		for i, ind := range s.Indicators {
			sv.Charts = append(sv.Charts, r.indicatorChart(l, ind, fmt.Sprintf("p%d-i%d", n+1, i+1)))
		}
		for _, q := range s.Form.In(r.Round.Kind()) {
			if !q.Rollup {
				continue
			}
			text := strings.TrimSpace(s.Answers[q.ID].Text)
			if text == "" {
				text = l.T("rollup.not_answered")
			}
			sv.Answers = append(sv.Answers, answerView{Question: q.Label(code), Text: text})
		}
		d.Sections = append(d.Sections, sv)
	}

	for _, e := range r.Events {
		d.Events = append(d.Events, eventView{At: l.DateTime(e.At), Project: e.Code, What: l.T("rollup.move." + e.Move), Who: person(l, e.By, e.Person)})
	}

	var buf bytes.Buffer
	if err := docTemplate.Execute(&buf, d); err != nil {
		return nil, fmt.Errorf("rollup: html: %w", err)
	}
	return buf.Bytes(), nil
}

func (r *Rollup) projectName(lang i18n.Lang, row reporting.OverviewRow) string {
	for _, s := range r.Sections {
		if s.Project.ID() == row.Project.ID {
			return s.Project.Name(string(lang))
		}
	}
	return row.Project.Title
}

// indicatorChart draws one indicator as the project's page does: a line per organisation
// with the baseline and the targets, and its table as the text alternative, here shown in
// full since paper has no button to open it.
func (r *Rollup) indicatorChart(l i18n.Localizer, ind Indicator, id string) template.HTML {
	lang := string(l.Lang)
	name := ind.Name(lang)
	c := chart.LineChart{
		TickFormat:  func(v float64, decimals int) string { return l.Number(v, decimals) },
		CutAxisNote: l.T("chart.cut_axis"),
		Meta: chart.Meta{ID: "indikator-" + id, Title: name, Desc: l.T("project.indicator_desc", name),
			NoData: l.T("chart.no_values_yet"), Missing: "–"},
		TargetLabel: l.T("chart.target"), XLabel: l.T("project.period"), YLabel: ind.UnitIn(lang),
		Format: func(v float64) string { return l.Number(v, 1) },
	}
	series := map[int64]int{}
	for _, v := range ind.Values {
		org := v.OrganisationID()
		i, ok := series[org]
		if !ok {
			i = len(c.Series)
			series[org] = i
			c.Series = append(c.Series, chart.Series{Name: r.Orgs[org].Name(lang)})
		}
		c.Series[i].Points = append(c.Series[i].Points, chart.Point{X: l.Period(v.Period()), Y: v.Value()})
	}
	if b, ok := ind.BaselineValue(); ok {
		c.Baseline = &chart.Reference{Label: l.T("chart.baseline"), Y: b}
		if y, ok := ind.BaselineYear(); ok {
			c.Baseline.X = fmt.Sprint(y)
		}
	}
	for _, t := range ind.SortedTargets() {
		c.Targets = append(c.Targets, chart.Target{X: fmt.Sprint(t.Year), Y: t.Value})
	}
	td := c.TableData()
	td.Caption = name
	return chart.Line(c) + chart.Table(td)
}

// PDF prints the roll-up's HTML to PDF with headless Chromium. Without a browser the error
// wraps pdf.ErrNoBrowser, so a caller can say that the PDF needs Chromium.
func PDF(ctx context.Context, html []byte) ([]byte, error) {
	out, err := pdf.Render(ctx, html)
	if err != nil {
		return nil, fmt.Errorf("rollup: pdf: %w", err)
	}
	return out, nil
}

// Today is the day in Danish time, as the roll-up's date and the overdue rule read it.
func Today(now time.Time) string {
	// model.Copenhagen is read once: loading the zone per call read the zone file on every
	// API request (5 % of an uncached one, issue 14).
	return now.In(model.Copenhagen).Format(time.DateOnly)
}
