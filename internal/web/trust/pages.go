// Package trust serves the pages a public-sector site owes its readers and the files that
// help machines find their way (issue 16, "operations and trust"; DECISIONS 74): the
// accessibility statement, /tilgaengelighed, in the structure the Agency for Digital
// Government (Digitaliseringsstyrelsen) prescribes, whose test results come from the browser
// suite's last axe-core run (data/axe_results.json, written by internal/webtest); the privacy
// notice, /privatliv, whose retention periods come from the running configuration
// (internal/retention); /sitemap.xml of the public pages; and /.well-known/security.txt
// (RFC 9116). What only the operator knows (the data controller, the contacts) comes from
// the environment (FromEnv); what is not set is said on the page, never invented. It imports
// internal/web/page, never the root web package or another module.
package trust

import (
	"embed"
	"fmt"
	"net/http"
	"net/mail"
	"net/url"
	"strings"

	"klimaspor/internal/retention"
	"klimaspor/internal/web/page"
)

//go:embed templates/*.html
var templateFS embed.FS

// Settings are what the operator tells the pages (FromEnv).
type Settings struct {
	// ControllerName and ControllerContact: the data controller (dataansvarlig) of the
	// privacy notice, and how to reach them or their data protection officer
	// (KLIMASPOR_CONTROLLER_NAME, KLIMASPOR_CONTROLLER_CONTACT: an email address or a URL).
	ControllerName, ControllerContact string
	// AccessibilityContact and AccessibilityPhone: where to report content that is not
	// accessible (KLIMASPOR_ACCESSIBILITY_CONTACT, an email address or a URL, and
	// KLIMASPOR_ACCESSIBILITY_PHONE); the agency asks for a written and a telephone contact.
	AccessibilityContact, AccessibilityPhone string
	// StatementURL is the operator's official statement in the agency's WAS-Tool
	// (KLIMASPOR_ACCESSIBILITY_STATEMENT_URL, was.digst.dk/…): the page links to it and /was
	// leads there, the short address the agency asks for.
	StatementURL string
	// SecurityContact is security.txt's Contact (KLIMASPOR_SECURITY_CONTACT: mailto:, https:
	// or an email address); without it there is no security.txt.
	SecurityContact string
	// Retention is the retention the job applies, for the privacy notice.
	Retention retention.Config
}

// FromEnv reads the settings, and says in warnings what is missing that the pages need.
func FromEnv(getenv func(string) string) (s Settings, warnings []string, err error) {
	get := func(k string) string { return strings.TrimSpace(getenv(k)) }
	s = Settings{ControllerName: get("KLIMASPOR_CONTROLLER_NAME"), AccessibilityPhone: get("KLIMASPOR_ACCESSIBILITY_PHONE")}
	if s.Retention, err = retention.FromEnv(getenv); err != nil {
		return s, nil, err
	}
	for _, c := range []struct {
		name string
		into *string
		how  func(string) (string, error)
	}{
		{"KLIMASPOR_CONTROLLER_CONTACT", &s.ControllerContact, contactLink},
		{"KLIMASPOR_ACCESSIBILITY_CONTACT", &s.AccessibilityContact, contactLink},
		{"KLIMASPOR_ACCESSIBILITY_STATEMENT_URL", &s.StatementURL, httpsURL},
		{"KLIMASPOR_SECURITY_CONTACT", &s.SecurityContact, contactLink},
	} {
		v := get(c.name)
		if v == "" {
			continue
		}
		if *c.into, err = c.how(v); err != nil {
			return s, nil, fmt.Errorf("%s: %w", c.name, err)
		}
	}
	if s.ControllerName == "" || s.ControllerContact == "" {
		warnings = append(warnings, "KLIMASPOR_CONTROLLER_NAME or KLIMASPOR_CONTROLLER_CONTACT is not set: the privacy notice (/privatliv) says the operator has not named the data controller and how to reach them")
	}
	if s.AccessibilityContact == "" || s.AccessibilityPhone == "" {
		warnings = append(warnings, "KLIMASPOR_ACCESSIBILITY_CONTACT or KLIMASPOR_ACCESSIBILITY_PHONE is not set: the accessibility statement (/tilgaengelighed) says the operator has not given a written and a telephone contact, which the law asks for")
	}
	if s.SecurityContact == "" {
		warnings = append(warnings, "KLIMASPOR_SECURITY_CONTACT is not set: /.well-known/security.txt answers 404, since RFC 9116 requires a contact")
	}
	return s, warnings, nil
}

// contactLink makes an email address a mailto: link and checks that a link is mailto: or
// https:.
func contactLink(v string) (string, error) {
	if strings.HasPrefix(v, "mailto:") || strings.HasPrefix(v, "https://") {
		u, err := url.Parse(v)
		if err != nil || (u.Scheme == "https" && u.Host == "") || (u.Scheme == "mailto" && u.Opaque == "") {
			return "", fmt.Errorf("%q is not a mailto: or https: address", v)
		}
		return v, nil
	}
	if a, err := mail.ParseAddress(v); err == nil && a.Name == "" {
		return "mailto:" + a.Address, nil
	}
	return "", fmt.Errorf("%q is neither an email address nor a mailto: or https: link", v)
}

// httpsURL checks an https: address.
func httpsURL(v string) (string, error) {
	if u, err := url.Parse(v); err != nil || u.Scheme != "https" || u.Host == "" {
		return "", fmt.Errorf("%q is not an https: address", v)
	}
	return v, nil
}

// Pages serves the trust pages on the shared site.
type Pages struct {
	*page.Site
	set Settings
	axe *AxeRun // the browser suite's last recorded run, nil if none is recorded

	sitemapCache sitemapCache
}

// New parses the pages' templates into site and reads the recorded axe-core run.
func New(site *page.Site) (*Pages, error) {
	if err := site.ParseWith(templateFS, nil, "accessibility", "privacy"); err != nil {
		return nil, err
	}
	run, err := RecordedAxeRun()
	if err != nil {
		return nil, err
	}
	return &Pages{Site: site, set: Settings{Retention: retention.Default()}, axe: run}, nil
}

// Set sets what the operator told; before the server starts.
func (s *Pages) Set(set Settings) { s.set = set }

// The pages' addresses.
const (
	AccessibilityPath = "/tilgaengelighed"
	PrivacyPath       = "/privatliv"
	SitemapPath       = "/sitemap.xml"
	SecurityTxtPath   = "/.well-known/security.txt"
	// StatementShortPath is the short address that leads to the official statement in the
	// agency's WAS-Tool (www.example.dk/was), when the operator has given it.
	StatementShortPath = "/was"
)

// Routes adds the pages and files to mux.
func (s *Pages) Routes(mux *http.ServeMux) {
	mux.Handle("GET "+AccessibilityPath, s.Handle(s.accessibility))
	mux.Handle("GET "+PrivacyPath, s.Handle(s.privacy))
	mux.Handle("GET "+SitemapPath, s.Handle(s.sitemap))
	mux.Handle("GET "+sitemapPartPath+"{file}", s.Handle(s.sitemapPart))
	mux.Handle("GET "+SecurityTxtPath, s.Handle(s.securityTxt))
	mux.Handle("GET "+StatementShortPath, s.Handle(s.statement))
}

// statement leads to the official statement in WAS-Tool, or to ours without one.
func (s *Pages) statement(w http.ResponseWriter, r *http.Request) error {
	to := s.set.StatementURL
	if to == "" {
		to = AccessibilityPath
	}
	http.Redirect(w, r, to, http.StatusFound)
	return nil
}
