package files

import (
	"strings"
	"unicode"
	"unicode/utf8"

	"golang.org/x/text/unicode/norm"
)

// MaxName bounds a stored name, in characters (the extension kept).
const MaxName = 120

// SanitiseName is the name a file is stored and served under, from the name its client
// gave: the last element of any path (either slash), in NFC (Danish letters from macOS
// come decomposed), without control and format characters (CR, LF, NUL, the bidirectional
// overrides that make "exe.pdf" read as "fdp.exe"), with characters that are not allowed in
// file names on Windows or that quote a header replaced by "_", runs of white space made one
// space, no leading or trailing dots and spaces (no hidden files, no ".."), Windows' reserved
// device names (CON, NUL, COM1, …) prefixed with "_", and at most MaxName characters, the
// extension kept. Danish letters and other printable Unicode stay. An empty result is "".
func SanitiseName(name string) string {
	name = strings.ToValidUTF8(name, "_")
	if i := strings.LastIndexAny(name, `/\`); i >= 0 {
		name = name[i+1:]
	}
	name = norm.NFC.String(name)
	var b strings.Builder
	space := false
	for _, r := range name {
		switch {
		case unicode.IsControl(r) || unicode.Is(unicode.Cf, r) || unicode.IsSpace(r):
			// Control characters and line breaks become one space with the white space
			// around them, so "a\r\nb" does not become "ab".
			if !unicode.Is(unicode.Cf, r) {
				space = true
			}
			continue
		case strings.ContainsRune(`<>:"|?*;`, r) || r == utf8.RuneError:
			r = '_'
		}
		if space && b.Len() > 0 {
			b.WriteByte(' ')
		}
		space = false
		b.WriteRune(r)
	}
	name = strings.Trim(b.String(), ". ")
	base, ext := splitExt(name)
	if reserved(base) {
		base = "_" + base
	}
	if n := utf8.RuneCountInString(ext); n > 16 {
		base, ext = base+ext, "" // not an extension worth keeping
	}
	if room := MaxName - utf8.RuneCountInString(ext); utf8.RuneCountInString(base) > room {
		base = strings.TrimRight(string([]rune(base)[:room]), ". ")
	}
	return base + ext
}

func splitExt(name string) (base, ext string) {
	i := strings.LastIndexByte(name, '.')
	if i <= 0 {
		return name, ""
	}
	return name[:i], name[i:]
}

// reserved: a Windows device name, which a saved file cannot be called ("CON", "nul.txt"'s
// base "nul", "COM1", …), compared without case and trailing dots or spaces.
func reserved(base string) bool {
	b := strings.ToUpper(strings.TrimRight(base, ". "))
	if i := strings.IndexByte(b, '.'); i >= 0 {
		b = b[:i]
	}
	switch b {
	case "CON", "PRN", "AUX", "NUL":
		return true
	}
	if len(b) == 4 && (strings.HasPrefix(b, "COM") || strings.HasPrefix(b, "LPT")) && b[3] >= '0' && b[3] <= '9' {
		return true
	}
	return false
}
