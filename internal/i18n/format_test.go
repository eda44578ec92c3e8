package i18n

import (
	"math"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
)

// sp turns the plain spaces of an expectation into the no-break spaces the formatting
// functions write, so expectations stay readable and the NBSPs are still checked. Minus
// signs in expectations are the real U+2212.
func sp(s string) string { return strings.ReplaceAll(s, " ", NBSP) }

func TestFormatNumber(t *testing.T) {
	tests := []struct {
		x        float64
		decimals int
		da, en   string
	}{
		{1234.5, 1, "1.234,5", "1,234.5"},
		{1234.5, -1, "1.234,5", "1,234.5"},
		{1234.5, 0, "1.235", "1,235"},
		{1234.5, 2, "1.234,50", "1,234.50"},
		{0, 0, "0", "0"},
		{0, 2, "0,00", "0.00"},
		{0, -1, "0", "0"},
		{3, -1, "3", "3"},
		{0.125, 2, "0,13", "0.13"},
		{2.5, 0, "3", "3"},
		{-2.5, 0, "−3", "−3"},
		{0.1 + 0.2, -1, "0,3", "0.3"},
		{1.005, -1, "1", "1"},
		{1.239, -1, "1,24", "1.24"},
		{-1234.5, 1, "−1.234,5", "−1,234.5"},
		{-0.004, 2, "0,00", "0.00"},
		{-0.004, -1, "0", "0"},
		{math.Copysign(0, -1), 0, "0", "0"},
		{999.9999, 2, "1.000,00", "1,000.00"},
		{123, 0, "123", "123"},
		{1000, 0, "1.000", "1,000"},
		{12345678.9, 1, "12.345.678,9", "12,345,678.9"},
		{1e15, 0, "1.000.000.000.000.000", "1,000,000,000,000,000"},
		{1e20, 0, "100.000.000.000.000.000.000", "100,000,000,000,000,000,000"},
		{math.NaN(), 1, "–", "–"},
		{math.Inf(1), 1, "∞", "∞"},
		{math.Inf(-1), 1, "−∞", "−∞"},
	}
	for _, tt := range tests {
		if got := FormatNumber(Danish, tt.x, tt.decimals); got != tt.da {
			t.Errorf("FormatNumber(da, %v, %d) = %q, want %q", tt.x, tt.decimals, got, tt.da)
		}
		if got := FormatNumber(English, tt.x, tt.decimals); got != tt.en {
			t.Errorf("FormatNumber(en, %v, %d) = %q, want %q", tt.x, tt.decimals, got, tt.en)
		}
	}
}

func TestFormatInt(t *testing.T) {
	tests := []struct {
		n      int64
		da, en string
	}{
		{0, "0", "0"},
		{7, "7", "7"},
		{999, "999", "999"},
		{1000, "1.000", "1,000"},
		{-1000, "−1.000", "−1,000"},
		{1234567, "1.234.567", "1,234,567"},
		{math.MaxInt64, "9.223.372.036.854.775.807", "9,223,372,036,854,775,807"},
		{math.MinInt64, "−9.223.372.036.854.775.808", "−9,223,372,036,854,775,808"},
	}
	for _, tt := range tests {
		if got := FormatInt(Danish, tt.n); got != tt.da {
			t.Errorf("FormatInt(da, %d) = %q, want %q", tt.n, got, tt.da)
		}
		if got := FormatInt(English, tt.n); got != tt.en {
			t.Errorf("FormatInt(en, %d) = %q, want %q", tt.n, got, tt.en)
		}
	}
}

func TestFormatPercent(t *testing.T) {
	tests := []struct {
		x        float64
		decimals int
		da, en   string
	}{
		{45.5, 1, sp("45,5 %"), "45.5%"},
		{70, 0, sp("70 %"), "70%"},
		{0, 0, sp("0 %"), "0%"},
		{-12.345, 1, sp("−12,3 %"), "−12.3%"},
		{99.95, 1, sp("100,0 %"), "100.0%"},
		{33.333, -1, sp("33,33 %"), "33.33%"},
		{1250, 0, sp("1.250 %"), "1,250%"},
	}
	for _, tt := range tests {
		if got := FormatPercent(Danish, tt.x, tt.decimals); got != tt.da {
			t.Errorf("FormatPercent(da, %v, %d) = %q, want %q", tt.x, tt.decimals, got, tt.da)
		}
		if got := FormatPercent(English, tt.x, tt.decimals); got != tt.en {
			t.Errorf("FormatPercent(en, %v, %d) = %q, want %q", tt.x, tt.decimals, got, tt.en)
		}
	}
}

func TestFormatDKK(t *testing.T) {
	tests := []struct {
		x      float64
		da, en string
	}{
		{0, "0 kr.", "DKK 0"},
		{0.4, "0 kr.", "DKK 0"},
		{-0.4, "0 kr.", "DKK 0"},
		{12.6, "13 kr.", "DKK 13"},
		{250000, "250.000 kr.", "DKK 250,000"},
		{999999.4, "999.999 kr.", "DKK 999,999"},
		{999999.6, "1 mio. kr.", "DKK 1 million"},
		{1e6, "1 mio. kr.", "DKK 1 million"},
		{1.5e6, "1,5 mio. kr.", "DKK 1.5 million"},
		{1.25e6, "1,3 mio. kr.", "DKK 1.3 million"},
		{1234567, "1,2 mio. kr.", "DKK 1.2 million"},
		{12.96e6, "13 mio. kr.", "DKK 13 million"},
		{345e6, "345 mio. kr.", "DKK 345 million"},
		{999.96e6, "1 mia. kr.", "DKK 1 billion"},
		{2.34e9, "2,3 mia. kr.", "DKK 2.3 billion"},
		{1.5e12, "1.500 mia. kr.", "DKK 1,500 billion"},
		{-1.5e6, "−1,5 mio. kr.", "−DKK 1.5 million"},
		{-250000, "−250.000 kr.", "−DKK 250,000"},
		{math.NaN(), "–", "–"},
	}
	for _, tt := range tests {
		if got, want := FormatDKK(Danish, tt.x), sp(tt.da); got != want {
			t.Errorf("FormatDKK(da, %v) = %q, want %q", tt.x, got, want)
		}
		if got, want := FormatDKK(English, tt.x), sp(tt.en); got != want {
			t.Errorf("FormatDKK(en, %v) = %q, want %q", tt.x, got, want)
		}
	}
}

func TestFormatDate(t *testing.T) {
	cph, err := time.LoadLocation("Europe/Copenhagen")
	if err != nil {
		cph = time.FixedZone("CET", 3600)
	}
	tests := []struct {
		t      time.Time
		da, en string
	}{
		{time.Date(2026, 11, 24, 12, 0, 0, 0, time.UTC), "24. november 2026", "24 November 2026"},
		{time.Date(2023, 5, 1, 0, 0, 0, 0, time.UTC), "1. maj 2023", "1 May 2023"},
		{time.Date(2024, 3, 31, 23, 30, 0, 0, cph), "31. marts 2024", "31 March 2024"},
		{time.Date(2030, 12, 31, 0, 0, 0, 0, time.UTC), "31. december 2030", "31 December 2030"},
	}
	for _, tt := range tests {
		if got := FormatDate(Danish, tt.t); got != tt.da {
			t.Errorf("FormatDate(da, %v) = %q, want %q", tt.t, got, tt.da)
		}
		if got := FormatDate(English, tt.t); got != tt.en {
			t.Errorf("FormatDate(en, %v) = %q, want %q", tt.t, got, tt.en)
		}
	}
	var da, en []string
	for m := time.January; m <= time.December; m++ {
		da, en = append(da, MonthName(Danish, m)), append(en, MonthName(English, m))
	}
	if diff := cmp.Diff("januar februar marts april maj juni juli august september oktober november december", strings.Join(da, " ")); diff != "" {
		t.Errorf("Danish months (-want +got):\n%s", diff)
	}
	if diff := cmp.Diff("January February March April May June July August September October November December", strings.Join(en, " ")); diff != "" {
		t.Errorf("English months (-want +got):\n%s", diff)
	}
	if got := MonthName(Danish, 13); got != "13" {
		t.Errorf("MonthName(13) = %q", got)
	}
}

func TestFormatPeriod(t *testing.T) {
	tests := []struct{ period, da, en string }{
		{"2023", "2023", "2023"},
		{"2023-H1", "1. halvår 2023", "H1 2023"},
		{"2023-h2", "2. halvår 2023", "H2 2023"},
		{"2023-Q2", "2. kvartal 2023", "Q2 2023"},
		{"2023-K4", "4. kvartal 2023", "Q4 2023"},
		{"2023-05", "maj 2023", "May 2023"},
		{"2023-12", "december 2023", "December 2023"},
		{"2023-05-17", "17. maj 2023", "17 May 2023"},
		{" 2024 ", "2024", "2024"},
		{"", "", ""},
		{"2023-13", "2023-13", "2023-13"},
		{"2023-Q5", "2023-Q5", "2023-Q5"},
		{"not a period", "not a period", "not a period"},
	}
	for _, tt := range tests {
		if got := FormatPeriod(Danish, tt.period); got != tt.da {
			t.Errorf("FormatPeriod(da, %q) = %q, want %q", tt.period, got, tt.da)
		}
		if got := FormatPeriod(English, tt.period); got != tt.en {
			t.Errorf("FormatPeriod(en, %q) = %q, want %q", tt.period, got, tt.en)
		}
	}
}

func TestCollation(t *testing.T) {
	tests := []struct {
		lang Lang
		in   []string
		want []string
	}{
		{Danish,
			[]string{"Ærø", "Aabenraa", "Albertslund", "Ølstykke", "Zealand", "Århus"},
			[]string{"Albertslund", "Zealand", "Ærø", "Ølstykke", "Aabenraa", "Århus"}},
		{English,
			[]string{"Ærø", "Aabenraa", "Albertslund", "Ølstykke", "Zealand", "Århus"},
			[]string{"Aabenraa", "Ærø", "Albertslund", "Århus", "Ølstykke", "Zealand"}},
		{Danish,
			[]string{"VIP10", "VIP2", "VIP1"},
			[]string{"VIP1", "VIP2", "VIP10"}},
		{Danish,
			[]string{"Høje-Taastrup", "Hvidovre", "Hørsholm", "Helsingør", "Halsnæs"},
			[]string{"Halsnæs", "Helsingør", "Hvidovre", "Høje-Taastrup", "Hørsholm"}},
	}
	for _, tt := range tests {
		got := append([]string(nil), tt.in...)
		SortStrings(tt.lang, got)
		if diff := cmp.Diff(tt.want, got); diff != "" {
			t.Errorf("SortStrings(%s) (-want +got):\n%s", tt.lang, diff)
		}
		type org struct{ name string }
		orgs := make([]org, len(tt.in))
		for i, s := range tt.in {
			orgs[i] = org{s}
		}
		SortBy(tt.lang, orgs, func(o org) string { return o.name })
		for i := range orgs {
			if orgs[i].name != tt.want[i] {
				t.Errorf("SortBy(%s)[%d] = %q, want %q", tt.lang, i, orgs[i].name, tt.want[i])
			}
		}
	}
	cmps := []struct {
		a, b string
		want int
	}{
		{"Ærø", "Zealand", 1},
		{"Zealand", "Ærø", -1},
		{"Aabenraa", "Åbybro", -1}, // "Aa" is Å: Åbe… before Åby…
		{"Aabenraa", "Zealand", 1},
		{"København", "København", 0},
	}
	for _, c := range cmps {
		if got := Compare(Danish, c.a, c.b); (got > 0) != (c.want > 0) || (got < 0) != (c.want < 0) {
			t.Errorf("Compare(da, %q, %q) = %d, want sign of %d", c.a, c.b, got, c.want)
		}
	}
	if Compare(English, "Ærø", "Zealand") >= 0 {
		t.Error("in English Ærø sorts with the A's")
	}
}

// Run with -race: collators from the pool are used by many goroutines at once.
func TestCollationConcurrent(t *testing.T) {
	var wg sync.WaitGroup
	for i := range 8 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			lang := Langs[i%2]
			for range 200 {
				s := []string{"Ølstykke", "Aabenraa", "Albertslund", "Ærø"}
				SortStrings(lang, s)
				if lang == Danish && s[0] != "Albertslund" {
					t.Errorf("concurrent sort gave %v", s)
					return
				}
			}
		}()
	}
	wg.Wait()
}
