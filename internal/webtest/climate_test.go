package webtest

import (
	"strings"
	"testing"
)

// The accounts' pages (internal/web/climate) in the browser.

// checkAccountsCopenhagen: København's accounts show the 2023 total of the demo release,
// the verdict in words, the targets with their sources, and say that no action has an
// effect.
func checkAccountsCopenhagen(t *testing.T, b *browser, lang string) {
	rows := texts(t, b, `section[aria-labelledby="tal"] table.data tbody tr`)
	if len(rows) != 6 || !strings.HasPrefix(rows[5], "2023") || !strings.HasSuffix(rows[5], byLang(lang, "867.437", "867,437")) {
		t.Errorf("the figures' rows %q, want 2018–2023 ending in København's 2023 total", rows)
	}
	lead := texts(t, b, `section[aria-labelledby="sti"] p.lead`)
	if len(lead) != 1 || !strings.Contains(lead[0], byLang(lang, "Vurdering: I risiko.", "Verdict: At risk.")) {
		t.Errorf("the verdict %q", lead)
	}
	targets := texts(t, b, `section[aria-labelledby="maal"] table.data tbody tr`)
	if len(targets) != 1 || !strings.Contains(targets[0], "Climate City Contract") || !strings.Contains(targets[0], "Københavns Kommune") {
		t.Errorf("the targets %q", targets)
	}
	if n := count(t, b, `section[aria-labelledby="kiler"] svg[role="img"]`); n != 1 {
		t.Errorf("%d wedge charts, want 1", n)
	}
	// After the accounts, the two footprints outside them: the consumption-based one with
	// its chart, and the procurement footprint of the example spend, 475,000 t in all.
	if n := count(t, b, `section[aria-labelledby="forbrugsaftryk"] svg[role="img"]`); n != 1 {
		t.Errorf("%d footprint charts, want 1", n)
	}
	proc := texts(t, b, `section[aria-labelledby="indkoebsaftryk"] table.data tbody tr`)
	if len(proc) != 6 || !strings.Contains(proc[5], byLang(lang, "475.000", "475,000")) {
		t.Errorf("the procurement rows %q, want 5 categories and the total 475,000 t", proc)
	}
}

// checkAccountsLyngby: Lyngby-Taarbæk's accounts list the target they cannot use with the
// reason, and its actions' wedges, largest first; it has no spend, so no procurement table.
func checkAccountsLyngby(t *testing.T, b *browser, lang string) {
	if n := count(t, b, `section[aria-labelledby="indkoebsaftryk"] table`); n != 0 {
		t.Errorf("%d procurement tables without spend, want none", n)
	}
	unused := texts(t, b, `section[aria-labelledby="maal"] ul li`)
	if len(unused) != 1 || !strings.Contains(unused[0], "1990") {
		t.Errorf("the unused targets %q, want the 1990-based one", unused)
	}
	wedges := texts(t, b, `section[aria-labelledby="kiler"] table.data tbody tr td:nth-of-type(1)`)
	if len(wedges) == 0 {
		t.Fatal("no wedges listed")
	}
	prev := 1e18
	for _, w := range wedges {
		v, ok := parseNum(lang, w)
		if !ok || v > prev {
			t.Errorf("the wedges' effects %q are not largest first", wedges)
			break
		}
		prev = v
	}
}

// checkAccountsNation: the nation's page ranks its 98 municipalities, each linked to its
// accounts.
func checkAccountsNation(t *testing.T, b *browser, lang string) {
	if n := count(t, b, `section[aria-labelledby="rangering"] tbody a[href$="/klimaregnskab"]`); n != 98 {
		t.Errorf("%d ranked municipalities, want 98", n)
	}
	rows := texts(t, b, `section[aria-labelledby="tal"] table.data tbody tr`)
	if len(rows) == 0 || !strings.HasSuffix(rows[len(rows)-1], byLang(lang, "34.039.454", "34,039,454")) {
		t.Errorf("the nation's figures %q, want 2023's total 34.039.454", rows)
	}
}
