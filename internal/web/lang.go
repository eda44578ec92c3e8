package web

import (
	"net/http"
	"net/url"
	"strings"

	"klimaspor/internal/i18n"
	"klimaspor/internal/model"
)

// language is the language switch: it remembers the chosen language in a cookie for a year and
// sends the reader back to the page they came from. Only a local path is accepted as next, so
// the switch cannot be used to send people to another site.
func (s *Server) language(w http.ResponseWriter, r *http.Request) error {
	lang, ok := i18n.ParseLang(r.URL.Query().Get("lang"))
	if !ok {
		lang = i18n.Danish
	}
	http.SetCookie(w, &http.Cookie{
		Name: i18n.CookieName, Value: lang.String(), Path: "/", MaxAge: 365 * 24 * 3600,
		HttpOnly: true, SameSite: http.SameSiteLaxMode,
	})
	http.Redirect(w, r, localPath(r.URL.Query().Get("next")), http.StatusSeeOther)
	return nil
}

// localPath returns next if it is a path on this site, else "/".
func localPath(next string) string {
	if next == "" || next[0] != '/' || strings.HasPrefix(next, "//") || strings.ContainsAny(next, "\\\r\n\t") || model.TextProblem(next) != "" {
		return "/"
	}
	u, err := url.Parse(next)
	if err != nil || u.Scheme != "" || u.Host != "" || u.User != nil {
		return "/"
	}
	return next
}

// switchURL is the language switch's link from the current page.
func switchURL(lang i18n.Lang, here string) string {
	return "/sprog?" + url.Values{"lang": {lang.String()}, "next": {here}}.Encode()
}
