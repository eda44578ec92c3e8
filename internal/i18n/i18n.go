// Package i18n holds Klimaspor's texts in Danish and English and formats numbers, amounts,
// dates and periods, and sorts names, the way a reader of each language expects.
//
// Danish comes first: it is the default language, and every text is written in Danish first.
// The language of a page is chosen by the reader's language switch (remembered in a cookie),
// else by the browser's Accept-Language header, else Danish; see Negotiate.
//
// The message catalogue is our own (catalogue.go): one map from key to a Danish and an
// English text. T looks a key up and, given arguments, formats it with fmt. A key that is
// missing comes back as "⟦key⟧" so it is visible on the page; the tests make sure that never
// happens for the keys the model needs (every enumeration value and every field label).
// Templates get a Localizer bound to one language: {{.L.T "nav.home"}}, {{.L.Number .x 1}}.
//
// Typographic choices, the same for every formatting function:
//   - negative numbers use the minus sign U+2212 (−), not the hyphen: it is the correct sign
//     in Danish and English typography and screen readers read it as "minus". Text meant for
//     machines (CSV, spreadsheets, the API) must not use these functions.
//   - a unit is tied to its number with a no-break space U+00A0 (NBSP) so the two are never
//     split over two lines: "45 %", "1,5 mio. kr.", "DKK 1.5 million". English writes the
//     per cent sign without a space ("45%").
//   - numbers are rounded half away from zero (2,5 → 3) on the decimal value as written;
//     an amount that rounds to zero is written without a sign.
package i18n

import (
	"strings"

	"golang.org/x/text/language"
)

// Lang is a language the user interface is available in.
type Lang string

// The languages, Danish first. Danish is the default.
const (
	Danish  Lang = "da"
	English Lang = "en"
)

// Langs lists the supported languages, default first.
var Langs = []Lang{Danish, English}

// Minus is the sign written before negative numbers; NBSP ties a unit to its number.
const (
	Minus = "\u2212"
	NBSP  = "\u00a0"
)

// CookieName is the name of the cookie that remembers the reader's language choice.
const CookieName = "lang"

// valid reports whether l is a supported language.
func (l Lang) valid() bool { return l == Danish || l == English }

// norm returns l if it is supported, else Danish.
func (l Lang) norm() Lang {
	if l.valid() {
		return l
	}
	return Danish
}

// String returns the language code ("da" or "en"), for <html lang="…">.
func (l Lang) String() string { return string(l.norm()) }

// Tag returns the language as a BCP 47 tag.
func (l Lang) Tag() language.Tag {
	if l.norm() == English {
		return language.English
	}
	return language.Danish
}

// Other returns the other language, the one the language switch offers.
func (l Lang) Other() Lang {
	if l.norm() == English {
		return Danish
	}
	return English
}

// Name returns the language's name written in that language ("Dansk", "English"), the form
// a language switch shows.
func (l Lang) Name() string {
	if l.norm() == English {
		return "English"
	}
	return "Dansk"
}

// ParseLang reads a language code such as "da", "EN" or "en-GB". It reports false for
// anything that is not Danish or English.
func ParseLang(s string) (Lang, bool) {
	s = strings.ToLower(strings.TrimSpace(s))
	switch Lang(s) {
	case Danish, English:
		return Lang(s), true
	case "":
		return Danish, false
	}
	t, err := language.Parse(s)
	if err != nil {
		return Danish, false
	}
	switch base, _ := t.Base(); base.String() {
	case "da":
		return Danish, true
	case "en":
		return English, true
	}
	return Danish, false
}

var matcher = language.NewMatcher([]language.Tag{language.Danish, language.English})

// Negotiate picks the language of a page: the cookie's value if it names a supported
// language, else the best match for the Accept-Language header, else Danish.
// Languages close to Danish (Norwegian, Swedish) may match Danish; any other language
// without a match gives Danish, as does a malformed header.
func Negotiate(cookie, acceptLanguage string) Lang {
	if l, ok := ParseLang(cookie); ok {
		return l
	}
	tags, _, err := language.ParseAcceptLanguage(acceptLanguage)
	if err != nil || len(tags) == 0 {
		return Danish
	}
	_, i, conf := matcher.Match(tags...)
	if conf == language.No || i < 0 || i >= len(Langs) {
		return Danish
	}
	return Langs[i]
}
