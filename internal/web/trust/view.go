package trust

import (
	"net/http"
	"strconv"
	"strings"
	"time"

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

// kept says how long data is kept in words: key with the number of days, or key_off when the
// operator has turned the deletion off.
func kept(l i18n.Localizer, key string, d time.Duration) string {
	days := retention.Days(d)
	if days == 0 {
		return l.T(key + "_off")
	}
	return l.T(key, l.T("privacy.days", strconv.Itoa(days)))
}

type privacyData struct {
	Controller              string
	Contact                 *contact
	Audit, Disabled, Tokens string // how long each is kept, in words
	SessionHours            int
	IdleHours               int
	CountersHours           int
}

func (s *Pages) privacy(w http.ResponseWriter, r *http.Request) error {
	l := page.Localizer(r)
	p := s.NewPage(r, l, l.T("privacy.title"))
	rc := s.set.Retention
	p.Data = privacyData{Controller: s.set.ControllerName, Contact: newContact(s.set.ControllerContact),
		Audit: kept(l, "privacy.kept_audit", rc.Audit), Disabled: kept(l, "privacy.kept_disabled", rc.Accounts),
		Tokens:       kept(l, "privacy.kept_tokens", rc.Accounts),
		SessionHours: int(auth.DefaultAbsolute.Hours()), IdleHours: int(auth.DefaultIdle.Hours()),
		CountersHours: int(retention.CountersAfter.Hours())}
	return s.Render(w, "privacy", p)
}
