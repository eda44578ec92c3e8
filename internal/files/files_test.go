package files_test

import (
	"archive/zip"
	"bytes"
	"errors"
	"strings"
	"testing"

	"klimaspor/internal/files"
)

// zipOf is a zip archive of the named entries, in order (each stored with its name as its
// content unless given).
func zipOf(t *testing.T, entries ...string) []byte {
	t.Helper()
	var b bytes.Buffer
	z := zip.NewWriter(&b)
	for _, e := range entries {
		name, content, _ := strings.Cut(e, "=")
		w, err := z.CreateHeader(&zip.FileHeader{Name: name, Method: zip.Store})
		if err != nil {
			t.Fatal(err)
		}
		w.Write([]byte(content))
	}
	if err := z.Close(); err != nil {
		t.Fatal(err)
	}
	return b.Bytes()
}

// docx is a small valid Word document.
func docx(t *testing.T) []byte {
	return zipOf(t, "[Content_Types].xml=<Types/>", "word/document.xml=<w:document/>")
}

// TestCheck: the content decides, and the extension must agree with it; programs, scripts
// and markup are refused whatever their name.
func TestCheck(t *testing.T) {
	odt := zipOf(t, "mimetype=application/vnd.oasis.opendocument.text", "content.xml=<office/>")
	for _, tc := range []struct {
		name    string
		content []byte
		want    string // the content type taken, or "refused:<code>"
	}{
		{"rapport.pdf", []byte("%PDF-1.7\n%âãÏÓ\n1 0 obj"), "application/pdf"},
		{"RAPPORT.PDF", []byte("%PDF-1.4"), "application/pdf"},
		{"kort.png", []byte("\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR"), "image/png"},
		{"foto.jpg", []byte("\xff\xd8\xff\xe0\x00\x10JFIF"), "image/jpeg"},
		{"foto.jpeg", []byte("\xff\xd8\xff\xe1"), "image/jpeg"},
		{"anim.gif", []byte("GIF89a\x01\x00"), "image/gif"},
		{"billede.webp", []byte("RIFF\x10\x00\x00\x00WEBPVP8 "), "image/webp"},
		{"noter.txt", []byte("Bæredygtig indkøb, æøå ÆØÅ\n"), "text/plain; charset=utf-8"},
		{"tal.csv", []byte("kommune;tal\nKøbenhavn;1,5\n"), "text/csv; charset=utf-8"},
		{"læs mig.md", []byte("# Overskrift\n\nTekst med *fremhævning*."), "text/markdown; charset=utf-8"},
		{"notat.docx", docx(t), "application/vnd.openxmlformats-officedocument.wordprocessingml.document"},
		{"ark.xlsx", zipOf(t, "[Content_Types].xml", "xl/workbook.xml"), "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"},
		{"slides.pptx", zipOf(t, "[Content_Types].xml", "ppt/presentation.xml"), "application/vnd.openxmlformats-officedocument.presentationml.presentation"},
		{"notat.odt", odt, "application/vnd.oasis.opendocument.text"},
		{"ark.ods", zipOf(t, "mimetype=application/vnd.oasis.opendocument.spreadsheet"), "application/vnd.oasis.opendocument.spreadsheet"},

		// Programs and scripts, whatever they are called.
		{"rapport.pdf", []byte("MZ\x90\x00\x03\x00\x00\x00"), "refused:executable"},
		{"notat.docx", []byte("\x7fELF\x02\x01\x01\x00"), "refused:executable"},
		{"noter.txt", []byte("#!/bin/sh\nrm -rf /\n"), "refused:executable"},
		{"kort.png", []byte("\xcf\xfa\xed\xfe\x07\x00\x00\x01"), "refused:executable"},
		{"program.exe", []byte("MZ"), "refused:executable"},
		{"modul.txt", []byte("\x00asm\x01\x00\x00\x00"), "refused:executable"},
		// Markup a browser could run scripts in.
		{"side.txt", []byte("<!DOCTYPE html><script>alert(1)</script>"), "refused:active"},
		{"tegning.txt", []byte("\xef\xbb\xbf  <svg xmlns='http://www.w3.org/2000/svg' onload='alert(1)'/>"), "refused:active"},
		{"data.csv", []byte("<?xml version='1.0'?><a/>"), "refused:active"},
		{"side.html", []byte("<html></html>"), "refused:active"},
		// Not on the allow-list.
		{"tegning.svg", []byte("ikke markup, men stadig svg"), "refused:type"},
		{"arkiv.zip", zipOf(t, "a.txt"), "refused:type"},
		{"script.js", []byte("alert(1)"), "refused:type"},
		{"uden-endelse", []byte("%PDF-1.7"), "refused:type"},
		{"makroer.docm", docx(t), "refused:type"},
		// The extension disagrees with the content.
		{"rapport.pdf", []byte("Hej, jeg er ikke en PDF"), "refused:mismatch"},
		{"kort.png", []byte("\xff\xd8\xff\xe0"), "refused:mismatch"},
		{"billede.webp", []byte("RIFF\x10\x00\x00\x00WAVEfmt "), "refused:mismatch"},
		{"notat.docx", zipOf(t, "word/document.xml"), "refused:mismatch"},                                              // no [Content_Types].xml
		{"ark.xlsx", docx(t), "refused:mismatch"},                                                                      // a Word document called a workbook
		{"notat.odt", zipOf(t, "content.xml", "mimetype=application/vnd.oasis.opendocument.text"), "refused:mismatch"}, // mimetype not first
		{"ark.ods", odt, "refused:mismatch"},
		{"notat.docx", []byte("PK\x03\x04 not really a zip"), "refused:mismatch"},
		{"noter.txt", []byte("latin-1: K\xf8benhavn"), "refused:mismatch"},
		{"noter.txt", []byte("nul\x00byte"), "refused:mismatch"},
		{"rapport.pdf", []byte(" %PDF-1.7"), "refused:mismatch"},
		// Macros.
		{"makro.xlsx", zipOf(t, "[Content_Types].xml", "xl/workbook.xml", "xl/vbaProject.bin"), "refused:macros"},
		{"makro.odt", zipOf(t, "mimetype=application/vnd.oasis.opendocument.text", "Basic/Standard/Module1.xml"), "refused:macros"},
		// Empty.
		{"tom.txt", nil, "refused:empty"},
	} {
		typ, err := files.Check(tc.name, bytes.NewReader(tc.content), int64(len(tc.content)))
		got := typ.ContentType
		var re *files.RefusedError
		if errors.As(err, &re) {
			got = "refused:" + re.Code
			if re.Error() == "" {
				t.Errorf("%s: a refusal without a message", tc.name)
			}
		} else if err != nil {
			got = "error: " + err.Error()
		}
		if got != tc.want {
			t.Errorf("Check(%q, %q) = %s, want %s", tc.name, tc.content, got, tc.want)
		}
	}
}

// TestCheckTextAcrossChunks: UTF-8 is checked over the whole file, also where a letter is
// cut by the reader's chunks, and a bad byte far in is found.
func TestCheckTextAcrossChunks(t *testing.T) {
	for _, pad := range []int{0, 1, 2, 3} {
		good := []byte(strings.Repeat("a", 64<<10-pad) + strings.Repeat("æøå€", 50000))
		if _, err := files.Check("lang.txt", bytes.NewReader(good), int64(len(good))); err != nil {
			t.Errorf("pad %d: valid UTF-8 refused: %v", pad, err)
		}
		bad := append(good[:len(good):len(good)], 0xff)
		if _, err := files.Check("lang.txt", bytes.NewReader(bad), int64(len(bad))); err == nil {
			t.Errorf("pad %d: a bad byte at the end is taken", pad)
		}
	}
}

// TestSanitiseName: paths stripped, control and format characters and header-breaking
// characters gone, Danish letters kept, reserved names defused, length bounded.
func TestSanitiseName(t *testing.T) {
	long := strings.Repeat("æ", 200) + ".pdf"
	for _, tc := range []struct{ in, want string }{
		{"Bæredygtig indkøb.pdf", "Bæredygtig indkøb.pdf"},
		{"Ba\u0308redygtig.pdf", "Bäredygtig.pdf"}, // decomposed (macOS) becomes composed
		{"../../etc/passwd", "passwd"},
		{`C:\Users\ole\Skrivebord\rapport.pdf`, "rapport.pdf"},
		{"/var/www/../x.txt", "x.txt"},
		{"rapport\r\nX-Header: 1.pdf", "rapport X-Header_ 1.pdf"},
		{"rapport\r\nContent-Type: text/html.pdf", "html.pdf"}, // a slash is a path's
		{"a\r\nb.pdf", "a b.pdf"},
		{`"citat" og 'apostrof'.pdf`, `_citat_ og 'apostrof'.pdf`},
		{"semi;kolon.pdf", "semi_kolon.pdf"},
		{"tab\there.txt", "tab here.txt"},
		{"nul\x00byte.txt", "nul byte.txt"},
		{"exe\u202Efdp.pdf", "exefdp.pdf"}, // the right-to-left override is gone
		{"  ..skjult.txt  ", "skjult.txt"},
		{"..", ""},
		{"", ""},
		{"navn.", "navn"},
		{"CON.txt", "_CON.txt"},
		{"nul.pdf", "_nul.pdf"},
		{"com1.csv", "_com1.csv"},
		{"console.txt", "console.txt"},
		{"bad\xffutf8.txt", "bad_utf8.txt"},
		{long, strings.Repeat("æ", files.MaxName-4) + ".pdf"},
	} {
		if got := files.SanitiseName(tc.in); got != tc.want {
			t.Errorf("SanitiseName(%q) = %q, want %q", tc.in, got, tc.want)
		}
	}
}

// TestContentDisposition: attachment unless inline, an ASCII fallback and the UTF-8 name.
func TestContentDisposition(t *testing.T) {
	for _, tc := range []struct {
		name   string
		inline bool
		want   string
	}{
		{"Bæredygtig indkøb.pdf", false, `attachment; filename="Baeredygtig indkoeb.pdf"; filename*=UTF-8''B%C3%A6redygtig%20indk%C3%B8b.pdf`},
		{"Århus Å.png", true, `inline; filename="Aarhus Aa.png"; filename*=UTF-8''%C3%85rhus%20%C3%85.png`},
		{"café 100%.txt", false, `attachment; filename="cafe 100_.txt"; filename*=UTF-8''caf%C3%A9%20100%25.txt`},
		{`a"b\c.txt`, false, `attachment; filename="a_b_c.txt"; filename*=UTF-8''a%22b%5Cc.txt`},
		{"日本.txt", false, `attachment; filename="__.txt"; filename*=UTF-8''%E6%97%A5%E6%9C%AC.txt`},
	} {
		if got := files.ContentDisposition(tc.name, tc.inline); got != tc.want {
			t.Errorf("ContentDisposition(%q, %v) =\n %s\nwant\n %s", tc.name, tc.inline, got, tc.want)
		}
	}
	if !files.Inline("image/png") || files.Inline("application/pdf") || files.Inline("text/html") {
		t.Error("Inline: images only")
	}
}
