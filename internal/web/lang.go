package web

import (
	"net/http"

	"klimaspor/internal/i18n"

	"klimaspor/internal/web/page"
)

// language is the language switch: it remembers the chosen language in a cookie for a year
// (and, for a signed-in person, in their account) and sends the reader back to the page they came from. Only a local path is accepted as next, so
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
	// A signed-in person's choice is also their account's: the mails Klimaspor sends them
	// (reporting reminders) are written in it. Failing to keep it does not stop the switch.
	if p := page.PrincipalOf(r.Context()); p.Signed() && p.User.Language != lang.String() {
		if err := s.DB.SetLanguage(r.Context(), p.User.ID, lang.String()); err != nil {
			s.Log.Warn("keep the language of an account", "user", p.User.ID, "err", err)
		}
	}
	http.Redirect(w, r, page.LocalPath(r.URL.Query().Get("next")), http.StatusSeeOther)
	return nil
}
