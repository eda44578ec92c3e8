package files

import (
	"archive/zip"
	"bytes"
	"fmt"
	"io"
	"path"
	"strings"
	"unicode/utf8"
)

// Type is a kind of file Klimaspor takes.
type Type struct {
	Ext         string // the extension, lower case with its dot: ".pdf"
	ContentType string // what the file is served as
	// Inline: a browser may show it in the page's place (images); everything else is served
	// as an attachment, to be saved rather than opened in the site's origin.
	Inline bool
}

// The refusals' codes; the API's message for each is i18n's "file.refused.<code>".
const (
	RefusedEmpty      = "empty"      // no bytes
	RefusedType       = "type"       // an extension not on the allow-list
	RefusedMismatch   = "mismatch"   // the content is not what the extension says
	RefusedExecutable = "executable" // a program or script, whatever its name
	RefusedActive     = "active"     // HTML, SVG or XML: markup a browser may run scripts in
	RefusedMacros     = "macros"     // an Office file carrying macros
	RefusedTooLarge   = "too_large"  // larger than the limit (checked by the reader)
)

// RefusedError is a file Check does not take, with why.
type RefusedError struct {
	Code string // one of the Refused… codes
	Name string // the file's (sanitised) name
	Ext  string // its extension, lower case, "" when it has none
}

// Status is the HTTP status a refusal is answered with, the API's and the pages' alike: 413
// for too large, 422 for a file that is empty or has no name, 415 for the rest (its kind or
// content). The numbers are written out: this package knows nothing else of HTTP.
func (e *RefusedError) Status() int {
	switch e.Code {
	case RefusedEmpty, RefusedNoName:
		return 422
	case RefusedTooLarge:
		return 413
	}
	return 415
}

func (e *RefusedError) Error() string {
	switch e.Code {
	case RefusedEmpty:
		return fmt.Sprintf("the file %q is empty", e.Name)
	case RefusedType:
		return fmt.Sprintf("files of the kind %q are not taken; send %s", e.Ext, AllowedList())
	case RefusedMismatch:
		return fmt.Sprintf("the content of %q is not a %s file", e.Name, e.Ext)
	case RefusedExecutable:
		return fmt.Sprintf("%q is a program or script, which is never taken", e.Name)
	case RefusedActive:
		return fmt.Sprintf("%q holds HTML, SVG or XML markup, which could run scripts, and is not taken", e.Name)
	case RefusedMacros:
		return fmt.Sprintf("%q carries macros, which are not taken; save it without them", e.Name)
	}
	return fmt.Sprintf("the file %q is refused (%s)", e.Name, e.Code)
}

// kind is one allowed kind of file: its type and the test its content must pass.
type kind struct {
	Type
	// match says whether the content is of this kind; head is its first bytes.
	match func(head []byte, r io.ReaderAt, size int64) (bool, error)
}

func prefix(p ...string) func([]byte, io.ReaderAt, int64) (bool, error) {
	return func(head []byte, _ io.ReaderAt, _ int64) (bool, error) {
		for _, s := range p {
			if bytes.HasPrefix(head, []byte(s)) {
				return true, nil
			}
		}
		return false, nil
	}
}

func webp(head []byte, _ io.ReaderAt, _ int64) (bool, error) {
	return len(head) >= 12 && string(head[:4]) == "RIFF" && string(head[8:12]) == "WEBP", nil
}

// ooxml: a zip with [Content_Types].xml and the part that makes it this kind of document.
func ooxml(main string) func([]byte, io.ReaderAt, int64) (bool, error) {
	return func(head []byte, r io.ReaderAt, size int64) (bool, error) {
		z, ok := openZip(head, r, size)
		if !ok {
			return false, nil
		}
		var types, part bool
		for _, f := range z.File {
			switch {
			case f.Name == "[Content_Types].xml":
				types = true
			case f.Name == main:
				part = true
			case strings.EqualFold(path.Base(f.Name), "vbaProject.bin"):
				return false, errMacros
			}
		}
		return types && part, nil
	}
}

// odf: a zip whose first entry is "mimetype", stored, holding the document's media type.
func odf(mediaType string) func([]byte, io.ReaderAt, int64) (bool, error) {
	return func(head []byte, r io.ReaderAt, size int64) (bool, error) {
		z, ok := openZip(head, r, size)
		if !ok || len(z.File) == 0 || z.File[0].Name != "mimetype" {
			return false, nil
		}
		for _, f := range z.File {
			if strings.HasPrefix(f.Name, "Basic/") || strings.HasPrefix(f.Name, "Scripts/") {
				return false, errMacros
			}
		}
		rc, err := z.File[0].Open()
		if err != nil {
			return false, nil
		}
		defer rc.Close()
		b, err := io.ReadAll(io.LimitReader(rc, 200))
		if err != nil {
			return false, nil
		}
		return string(b) == mediaType, nil
	}
}

var errMacros = &RefusedError{Code: RefusedMacros}

func openZip(head []byte, r io.ReaderAt, size int64) (*zip.Reader, bool) {
	if !bytes.HasPrefix(head, []byte("PK\x03\x04")) {
		return nil, false
	}
	z, err := zip.NewReader(r, size)
	return z, err == nil
}

// text: valid UTF-8 throughout, without NUL bytes (read in chunks: memory stays bounded).
func text(head []byte, r io.ReaderAt, size int64) (bool, error) {
	buf := make([]byte, 64<<10)
	var carry []byte
	for off := int64(0); off < size; {
		n, err := r.ReadAt(buf, off)
		if n == 0 && err != nil {
			return false, nil
		}
		off += int64(n)
		chunk := append(carry, buf[:n]...)
		// A rune cut by the chunk's end is carried into the next.
		cut := len(chunk)
		for i := len(chunk) - 1; i >= 0 && i >= len(chunk)-utf8.UTFMax; i-- {
			if utf8.RuneStart(chunk[i]) {
				if !utf8.FullRune(chunk[i:]) {
					cut = i
				}
				break
			}
		}
		if off >= size {
			cut = len(chunk)
		}
		if !utf8.Valid(chunk[:cut]) || bytes.IndexByte(chunk[:cut], 0) >= 0 {
			return false, nil
		}
		carry = append([]byte(nil), chunk[cut:]...)
	}
	return true, nil
}

// kinds is the allow-list, by extension.
var kinds = func() map[string]kind {
	m := map[string]kind{}
	add := func(ext, ct string, inline bool, match func([]byte, io.ReaderAt, int64) (bool, error)) {
		m[ext] = kind{Type{Ext: ext, ContentType: ct, Inline: inline}, match}
	}
	add(".pdf", "application/pdf", false, prefix("%PDF-"))
	add(".png", "image/png", true, prefix("\x89PNG\r\n\x1a\n"))
	add(".jpg", "image/jpeg", true, prefix("\xff\xd8\xff"))
	add(".jpeg", "image/jpeg", true, prefix("\xff\xd8\xff"))
	add(".gif", "image/gif", true, prefix("GIF87a", "GIF89a"))
	add(".webp", "image/webp", true, webp)
	add(".txt", "text/plain; charset=utf-8", false, text)
	add(".csv", "text/csv; charset=utf-8", false, text)
	add(".md", "text/markdown; charset=utf-8", false, text)
	add(".docx", "application/vnd.openxmlformats-officedocument.wordprocessingml.document", false, ooxml("word/document.xml"))
	add(".xlsx", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", false, ooxml("xl/workbook.xml"))
	add(".pptx", "application/vnd.openxmlformats-officedocument.presentationml.presentation", false, ooxml("ppt/presentation.xml"))
	for ext, sub := range map[string]string{".odt": "text", ".ods": "spreadsheet", ".odp": "presentation"} {
		ct := "application/vnd.oasis.opendocument." + sub
		add(ext, ct, false, odf(ct))
	}
	return m
}()

// AllowedList names the extensions taken, for messages: ".csv, .docx, …".
func AllowedList() string {
	return ".pdf, .png, .jpg, .jpeg, .gif, .webp, .txt, .csv, .md, .docx, .xlsx, .pptx, .odt, .ods, .odp"
}

// Ext is the name's extension, lower case with its dot ("" for none).
func Ext(name string) string { return strings.ToLower(path.Ext(name)) }

// Check decides whether a file of this name and content is taken, and as what. The content
// decides: programs and scripts (PE "MZ", ELF, Mach-O, "#!") and markup a browser could run
// scripts in (HTML, SVG, XML) are refused whatever their name, and otherwise the content
// must be what the name's extension, which must be on the allow-list, says. Nothing the
// client says about the type counts.
func Check(name string, r io.ReaderAt, size int64) (Type, error) {
	ext := Ext(name)
	refuse := func(code string) (Type, error) { return Type{}, &RefusedError{Code: code, Name: name, Ext: ext} }
	if size <= 0 {
		return refuse(RefusedEmpty)
	}
	head := make([]byte, min(size, 1024))
	if _, err := r.ReadAt(head, 0); err != nil && err != io.EOF {
		return Type{}, fmt.Errorf("files: read %q: %w", name, err)
	}
	if executable(head) {
		return refuse(RefusedExecutable)
	}
	if markup(head) {
		return refuse(RefusedActive)
	}
	k, ok := kinds[ext]
	if !ok {
		return refuse(RefusedType)
	}
	match, err := k.match(head, r, size)
	if err == errMacros {
		return refuse(RefusedMacros)
	}
	if err != nil {
		return Type{}, err
	}
	if !match {
		return refuse(RefusedMismatch)
	}
	return k.Type, nil
}

// executable: the first bytes of a program or a script.
func executable(head []byte) bool {
	for _, magic := range []string{
		"MZ",               // Windows PE (and DOS)
		"\x7fELF",          // Linux and most Unixes
		"\xfe\xed\xfa\xce", // Mach-O 32-bit
		"\xfe\xed\xfa\xcf", // Mach-O 64-bit
		"\xce\xfa\xed\xfe", // Mach-O 32-bit, little-endian
		"\xcf\xfa\xed\xfe", // Mach-O 64-bit, little-endian
		"\xca\xfe\xba\xbe", // Mach-O universal (and Java classes)
		"#!",               // a script for an interpreter
		"\x00asm",          // WebAssembly
	} {
		if bytes.HasPrefix(head, []byte(magic)) {
			return true
		}
	}
	return false
}

// markup: text that starts as HTML, SVG or XML, after a byte order mark and white space.
// Served from our origin a browser could run its scripts, so it is refused even as .txt.
func markup(head []byte) bool {
	h := bytes.TrimPrefix(head, []byte("\xef\xbb\xbf"))
	h = bytes.ToLower(bytes.TrimLeft(h, " \t\r\n\f"))
	for _, tag := range []string{"<!doctype", "<html", "<head", "<body", "<script", "<svg", "<?xml", "<iframe", "<object", "<embed", "<!--"} {
		if bytes.HasPrefix(h, []byte(tag)) {
			return true
		}
	}
	return false
}
