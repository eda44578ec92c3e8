package form

import (
	"testing"

	"klimaspor/internal/i18n"
)

func TestParseNumber(t *testing.T) {
	cases := []struct {
		lang i18n.Lang
		in   string
		want float64
		ok   bool
	}{
		{i18n.Danish, "12,5", 12.5, true},
		{i18n.Danish, "12.5", 12.5, true},
		{i18n.Danish, "1.234,5", 1234.5, true},
		{i18n.Danish, "1.234.567", 1234567, true},
		{i18n.Danish, " 1 234,5 ", 1234.5, true},
		{i18n.Danish, "-3", -3, true},
		{i18n.Danish, "0", 0, true},
		{i18n.English, "12.5", 12.5, true},
		{i18n.English, "1,234.5", 1234.5, true},
		{i18n.English, "12,5", 12.5, true},
		{i18n.English, "1,234", 1234, true},
		{i18n.Danish, "abc", 0, false},
		{i18n.Danish, "NaN", 0, false},
		{i18n.Danish, "Inf", 0, false},
		{i18n.Danish, "0x10", 0, false},
		{i18n.Danish, "1e5", 0, false},
		{i18n.Danish, "12,5,1", 0, false},
		{i18n.English, "", 0, false},
	}
	for _, c := range cases {
		got, ok := parseNumber(c.lang, c.in)
		if ok != c.ok || got != c.want {
			t.Errorf("parseNumber(%s, %q) = %v, %v; want %v, %v", c.lang, c.in, got, ok, c.want, c.ok)
		}
	}
	for _, x := range []float64{0, 12.5, 100, 1234567.25, 1e13} {
		for _, lang := range []i18n.Lang{i18n.Danish, i18n.English} {
			s := formNumber(lang, x)
			if got, ok := parseNumber(lang, s); !ok || got != x {
				t.Errorf("%s: %v is written %q and read back as %v, %v", lang, x, s, got, ok)
			}
		}
	}
	if got := formNumber(i18n.Danish, 12.5); got != "12,5" {
		t.Errorf("formNumber(da, 12.5) = %q, want 12,5", got)
	}
}
