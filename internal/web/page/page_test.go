package page

import "testing"

func TestLocalPath(t *testing.T) {
	for in, want := range map[string]string{
		"/":                "/",
		"/kommuner/101":    "/kommuner/101",
		"/?a=1&b=2":        "/?a=1&b=2",
		"":                 "/",
		"//evil.example":   "/",
		"/\\evil.example":  "/",
		"https://x.dk/":    "/",
		"kommuner":         "/",
		"/a\r\nSet-Cookie": "/",
	} {
		if got := LocalPath(in); got != want {
			t.Errorf("LocalPath(%q) = %q, want %q", in, got, want)
		}
	}
}
