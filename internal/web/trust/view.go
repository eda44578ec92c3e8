package trust

import (
	"net/http"
	"strconv"
	"strings"

	"klimaspor/internal/auth"
	"klimaspor/internal/i18n"
	"klimaspor/internal/retention"
	"klimaspor/internal/web/page"
)

// contact is a link the operator gave, as the page shows it: the address without mailto:.
type contact struct{ Href, Text string }

func newContact(link string) *contact {
	if link == "" {
		return nil
	}
	return &contact{Href: link, Text: strings.TrimPrefix(link, "mailto:")}
}

// axeView is the recorded run as the statement shows it.
type axeView struct {
	Date       string
	Version    string
	Tags       string
	Rules      int
	Pages      int
	Checks     int
	Violations int
	Rows       []axeRow
}

type axeRow struct {
	Path, Lang string
	Signed     bool
	Passes     int
	Violations []AxeViolation
}

type accessibilityData struct {
	Controller   string
	StatementURL string
	Contact      *contact
	Phone        string
	Axe          *axeView
}

func (s *Pages) accessibility(w http.ResponseWriter, r *http.Request) error {
	l := page.Localizer(r)
	p := s.NewPage(r, l, l.T("a11y.title"))
	d := accessibilityData{Controller: s.set.ControllerName, StatementURL: s.set.StatementURL,
		Contact: newContact(s.set.AccessibilityContact), Phone: s.set.AccessibilityPhone}
	if run := s.axe; run != nil {
		v := &axeView{Date: l.Date(run.At.In(page.DanishTime)), Version: run.AxeVersion, Tags: strings.Join(run.Tags, ", "),
			Rules: len(run.Rules), Pages: run.PageNames(), Checks: len(run.Pages), Violations: run.Violations()}
		for _, pg := range run.Pages {
			row := axeRow{Path: pg.Path, Lang: l.T("a11y.lang." + pg.Lang), Signed: pg.Signed, Passes: pg.Passes}
			for _, viol := range pg.Violations {
				if viol.Impact == "" {
					viol.Impact = "unknown"
				}
				row.Violations = append(row.Violations, viol)
			}
			v.Rows = append(v.Rows, row)
		}
		d.Axe = v
	}
	p.Data = d
	return s.Render(w, "accessibility", p)
}

// period says a retention in words: days, or kept for ever when off.
func period(l i18n.Localizer, days int) string {
	if days == 0 {
		return l.T("privacy.kept_always")
	}
	return l.T("privacy.days", strconv.Itoa(days))
}

type privacyData struct {
	Controller    string
	Contact       *contact
	AuditPeriod   string
	AccountPeriod string
	SessionHours  int
	IdleHours     int
	CountersHours int
}

func (s *Pages) privacy(w http.ResponseWriter, r *http.Request) error {
	l := page.Localizer(r)
	p := s.NewPage(r, l, l.T("privacy.title"))
	rc := s.set.Retention
	p.Data = privacyData{Controller: s.set.ControllerName, Contact: newContact(s.set.ControllerContact),
		AuditPeriod: period(l, retention.Days(rc.Audit)), AccountPeriod: period(l, retention.Days(rc.Accounts)),
		SessionHours: int(auth.DefaultAbsolute.Hours()), IdleHours: int(auth.DefaultIdle.Hours()),
		CountersHours: int(retention.CountersAfter.Hours())}
	return s.Render(w, "privacy", p)
}
