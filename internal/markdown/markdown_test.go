package markdown

import (
	"strings"
	"testing"
)

// TestHostile renders hostile Markdown: nothing that runs, loads from elsewhere or links
// to a refused scheme may come out; the words stay.
func TestHostile(t *testing.T) {
	tests := []struct {
		name, src string
		want      []string // must be in the output
		never     []string // must not (compared in lower case)
	}{
		{"script block", "<script>alert(1)</script>", nil, []string{"<script"}},
		{"inline script", "a <script>alert(1)</script> b", []string{"a ", " b"}, []string{"<script"}},
		{"img onerror", `<img src=x onerror="alert(1)">`, nil, []string{"<img", "onerror"}},
		{"inline img onerror", `text <img src=x onerror=alert(1)> text`, nil, []string{"<img", "onerror"}},
		{"iframe", `<iframe src="https://evil.example"></iframe>`, nil, []string{"<iframe"}},
		{"javascript link", "[x](javascript:alert(1))", []string{"<p>x</p>"}, []string{"javascript", "<a"}},
		{"javascript upper", "[x](JaVaScRiPt:alert(1))", []string{"x"}, []string{"javascript", "<a"}},
		{"javascript entity", "[x](&#106;avascript:alert(1))", []string{"x"}, []string{"javascript", "<a"}},
		{"javascript hex entity", "[x](&#x6A;avascript&#x3A;alert(1))", []string{"x"}, []string{"javascript", "<a"}},
		{"javascript tab", "[x](<java\tscript:alert(1)>)", []string{"x"}, []string{"<a"}},
		{"javascript escaped colon", `[x](javascript\:alert(1))`, []string{"x"}, []string{"<a"}},
		{"vbscript", "[x](vbscript:msgbox(1))", []string{"x"}, []string{"vbscript", "<a"}},
		{"data link", "[x](data:text/html;base64,PHNjcmlwdD4=)", []string{"x"}, []string{"data:", "<a"}},
		{"data image", "![alt](data:image/svg+xml;base64,PHN2Zz4=)", []string{"alt"}, []string{"data:", "<img"}},
		{"external image", "![a chart](https://evil.example/track.png)", []string{"a chart"}, []string{"<img", "evil.example"}},
		{"protocol-relative link", "[x](//evil.example/)", []string{"x"}, []string{"<a", "evil"}},
		{"backslash link", `[x](/\evil.example)`, []string{"x"}, []string{"<a"}},
		{"relative path link", "[x](side.html)", []string{"x"}, []string{"<a"}},
		{"autolink javascript", "<javascript:alert(1)>", []string{"alert(1)"}, []string{"<a", "href"}},
		{"autolink data", "<data:text/html,<script>alert(1)</script>>", nil, []string{"<a", "<script"}},
		{"reference javascript", "[x][r]\n\n[r]: javascript:alert(1)", []string{"x"}, []string{"<a", "javascript:"}},
		{"reference entity", "[x][r]\n\n[r]: &#x6A;avascript:alert(1)", []string{"x"}, []string{"<a"}},
		{"html entity in text", "&lt;script&gt;alert(1)&lt;/script&gt;", []string{"&lt;script&gt;"}, []string{"<script"}},
		{"attribute break", `[x](https://ok.example/"onmouseover="alert(1))`, nil, []string{`"onmouseover`}},
		{"title break", `[x](https://ok.example/ "a\" onmouseover=\"alert(1)")`, nil, []string{`" onmouseover`}},
		{"style tag", "<style>body{display:none}</style>", nil, []string{"<style"}},
		{"form", `<form action="https://evil.example"><button>go</button></form>`, nil, []string{"<form", "<button"}},
		{"nested link in image alt", "![[x](javascript:alert(1))](https://evil.example/a.png)", []string{"x"}, []string{"<a", "<img", "javascript"}},
		{"user in url", "[x](https://user@evil.example/)", []string{"x"}, []string{"<a"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := string(HTML(tt.src, 1))
			low := strings.ToLower(got)
			for _, w := range tt.want {
				if !strings.Contains(got, w) {
					t.Errorf("HTML(%q) = %q, want it to contain %q", tt.src, got, w)
				}
			}
			for _, n := range tt.never {
				if strings.Contains(low, strings.ToLower(n)) {
					t.Errorf("HTML(%q) = %q, must not contain %q", tt.src, got, n)
				}
			}
		})
	}
}

// TestKept: what the policy keeps, as it should come out.
func TestKept(t *testing.T) {
	tests := []struct {
		name, src string
		shift     int
		want      []string
	}{
		{"https link", "[Klimaspor](https://klimaspor.dk/a?b=1)", 1, []string{`<a href="https://klimaspor.dk/a?b=1" rel="noopener noreferrer nofollow">Klimaspor</a>`}},
		{"http link", "[x](http://example.dk)", 1, []string{`href="http://example.dk" rel="noopener noreferrer nofollow"`}},
		{"mailto", "[skriv](mailto:a@b.dk)", 1, []string{`href="mailto:a@b.dk" rel="noopener noreferrer nofollow"`}},
		{"site link has no rel", "[projekt](/projekter/P1)", 1, []string{`<a href="/projekter/P1">projekt</a>`}},
		{"fragment", "[op](#top)", 1, []string{`<a href="#top">op</a>`}},
		{"autolink", "<https://example.dk>", 1, []string{`<a href="https://example.dk" rel="noopener noreferrer nofollow">https://example.dk</a>`}},
		{"email autolink", "<a@b.dk>", 1, []string{`href="mailto:a@b.dk" rel="noopener noreferrer nofollow"`}},
		{"bare www", "se www.example.dk nu", 1, []string{`href="http://www.example.dk" rel="noopener noreferrer nofollow"`}},
		{"site image", "![graf](/api/v1/library-files/3/content)", 1, []string{`<img src="/api/v1/library-files/3/content" alt="graf">`}},
		{"heading shifted", "# Et\n\n## To\n\n###### Seks", 1, []string{"<h2>Et</h2>", "<h3>To</h3>", "<h6>Seks</h6>"}},
		{"heading shifted two", "# Et", 2, []string{"<h3>Et</h3>"}},
		{"table", "| a | b |\n|:--|--:|\n| 1 | 2 |", 1, []string{"<table>", "<th>a</th>", "<td>2</td>"}},
		{"danish letters", "Æble, ø og å", 1, []string{"Æble, ø og å"}},
		{"entity decoded", "R&amp;D &copy;", 1, []string{"R&amp;D ©"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := string(HTML(tt.src, tt.shift))
			for _, w := range tt.want {
				if !strings.Contains(got, w) {
					t.Errorf("HTML(%q) = %q, want it to contain %q", tt.src, got, w)
				}
			}
			if strings.Contains(got, "style=") {
				t.Errorf("HTML(%q) = %q: an inline style breaks the pages' policy", tt.src, got)
			}
		})
	}
}

func TestLinkKind(t *testing.T) {
	tests := []struct {
		dest string
		want Kind
	}{
		{"", Refused}, {"https://a.dk", External}, {"HTTPS://a.dk", External}, {"https:///x", Refused},
		{"mailto:a@b.dk", External}, {"mailto:", Refused}, {"/a", Local}, {"#x", Local}, {"//a.dk", Refused},
		{"/\\a.dk", Refused}, {"javascript:x", Refused}, {" javascript:x", Refused}, {"java\nscript:x", Refused},
		{"data:x", Refused}, {"vbscript:x", Refused}, {"file:///etc/passwd", Refused}, {"a.html", Refused},
		{"ftp://a.dk", Refused}, {"tel:+4512345678", Refused},
	}
	for _, tt := range tests {
		if got := LinkKind(tt.dest); got != tt.want {
			t.Errorf("LinkKind(%q) = %d, want %d", tt.dest, got, tt.want)
		}
	}
}
