package files

import (
	"strings"
	"unicode"

	"golang.org/x/text/unicode/norm"
)

// ContentDisposition is the header value a stored file is served with: inline for the types
// that are safe in the browser (Type.Inline), attachment for everything else, with the name
// twice, as RFC 6266 says: an ASCII fallback as filename="…" for old clients (Danish letters
// spelt out, æ → ae, ø → oe, å → aa, other accents dropped, anything else "_"), and the
// name itself as filename*=UTF-8”… (RFC 5987's percent-encoding). The name is expected
// sanitised (SanitiseName); quotes and backslashes are replaced here all the same.
func ContentDisposition(name string, inline bool) string {
	disp := "attachment"
	if inline {
		disp = "inline"
	}
	return disp + `; filename="` + ASCIIName(name) + `"; filename*=UTF-8''` + encode5987(name)
}

var danish = strings.NewReplacer("æ", "ae", "ø", "oe", "å", "aa", "Æ", "Ae", "Ø", "Oe", "Å", "Aa")

// ASCIIName is the name in printable ASCII, for the fallback filename.
func ASCIIName(name string) string {
	var b strings.Builder
	for _, r := range norm.NFD.String(danish.Replace(name)) {
		switch {
		case unicode.Is(unicode.Mn, r): // an accent taken off its letter
		case r < 0x20 || r > 0x7e || r == '"' || r == '\\' || r == '%':
			b.WriteByte('_')
		default:
			b.WriteRune(r)
		}
	}
	return b.String()
}

// encode5987 percent-encodes all but RFC 5987's attr-char.
func encode5987(s string) string {
	const hex = "0123456789ABCDEF"
	var b strings.Builder
	for _, c := range []byte(s) {
		switch {
		case 'a' <= c && c <= 'z', 'A' <= c && c <= 'Z', '0' <= c && c <= '9', strings.IndexByte("!#$&+-.^_`|~", c) >= 0:
			b.WriteByte(c)
		default:
			b.WriteByte('%')
			b.WriteByte(hex[c>>4])
			b.WriteByte(hex[c&15])
		}
	}
	return b.String()
}

// Inline says whether files of the content type are shown inline (Type.Inline).
func Inline(contentType string) bool {
	for _, k := range kinds {
		if k.ContentType == contentType {
			return k.Inline
		}
	}
	return false
}
