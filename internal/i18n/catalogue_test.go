package i18n

import (
	"regexp"
	"slices"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"klimaspor/internal/model"
)

// verbRE finds fmt verbs, including indexed ones (%[2]s); %% is matched so it can be skipped.
var verbRE = regexp.MustCompile(`%(\[\d+\])?[-+# 0]*\d*(\.\d+)?[a-zA-Z%]`)

// verbs returns the fmt verbs of s, without argument indexes, sorted.
func verbs(s string) []string {
	var out []string
	for _, v := range verbRE.FindAllString(s, -1) {
		if v == "%%" {
			continue
		}
		out = append(out, regexp.MustCompile(`\[\d+\]`).ReplaceAllString(v, ""))
	}
	slices.Sort(out)
	return out
}

func TestCatalogueComplete(t *testing.T) {
	if n := len(catalogue); n < 150 {
		t.Errorf("catalogue has %d keys, want at least 150", n)
	}
	keyRE := regexp.MustCompile(`^[a-z0-9_]+(\.[a-z0-9_-]+)+$`)
	for _, key := range Keys() {
		m := catalogue[key]
		if !keyRE.MatchString(key) {
			t.Errorf("key %q is not dotted lower case", key)
		}
		for lang, s := range map[Lang]string{Danish: m.da, English: m.en} {
			if strings.TrimSpace(s) == "" {
				t.Errorf("%s: empty %s text", key, lang)
			}
			if s != strings.TrimSpace(s) {
				t.Errorf("%s: %s text %q has surrounding space", key, lang, s)
			}
			if strings.Contains(s, "⟦") {
				t.Errorf("%s: %s text %q contains a missing-key marker", key, lang, s)
			}
		}
		if diff := cmp.Diff(verbs(m.da), verbs(m.en)); diff != "" {
			t.Errorf("%s: fmt verbs differ between da and en (-da +en):\n%s", key, diff)
		}
	}
}

// The enumerations of the model and the prefix of their keys.
var enums = []struct {
	prefix string
	values []string
}{
	{"org_kind", model.OrganisationKinds},
	{"plan_kind", model.PlanKinds},
	{"plan_status", model.PlanStatuses},
	{"sector", model.Sectors},
	{"emission_sector", model.EmissionSectors},
	{"action_status", model.ActionStatuses},
	{"direction", model.Directions},
	{"role", model.Roles},
	{"period_kind", model.PeriodKinds},
	{"language", model.Languages},
	{"round_kind", model.RoundKinds},
	{"report_state", model.ReportStates},
	{"emission_boundary", model.EmissionBoundaries},
	{"activity_sector", model.ActivitySectors},
	{"gas", model.FactorGases},
	{"consumption_category", model.ConsumptionCategories},
	{"library_kind", model.LibraryKinds},
}

// needed lists every key the model requires: enumeration values, field labels and resource
// names.
func needed() []string {
	var keys []string
	for _, e := range enums {
		for _, v := range e.values {
			keys = append(keys, EnumKey(e.prefix, v))
		}
	}
	for _, r := range model.All {
		keys = append(keys, "resource."+r.Name, "resource."+r.Name+".one")
		for _, f := range r.Fields {
			switch f.Name {
			case "id", "created_at", "updated_at", "version":
				continue
			}
			keys = append(keys, FieldKey(r.Name, f.Name))
		}
	}
	return keys
}

func TestModelKeys(t *testing.T) {
	keys := needed()
	if len(keys) < 100 {
		t.Fatalf("only %d model keys; is model.All empty?", len(keys))
	}
	for _, key := range keys {
		for _, lang := range Langs {
			if got := T(lang, key); got == Missing(key) || got == "" {
				t.Errorf("missing %s text for %s", lang, key)
			}
		}
	}
	// Every enumeration field of the model uses one of the enumerations above.
	for _, r := range model.All {
		for _, f := range r.Fields {
			if len(f.Enum) == 0 {
				continue
			}
			found := false
			for _, e := range enums {
				if slices.Equal(e.values, f.Enum) {
					found = true
				}
			}
			if !found {
				t.Errorf("%s.%s has an enumeration the test does not know: %v", r.Name, f.Name, f.Enum)
			}
		}
	}
}

// No stale keys: every enum and field key in the catalogue belongs to the model.
func TestNoStaleModelKeys(t *testing.T) {
	want := map[string]bool{"role.lead": true} // lead is a flag, not a Roles value
	for _, k := range needed() {
		want[k] = true
	}
	prefixes := []string{"field.", "resource."}
	for _, e := range enums {
		prefixes = append(prefixes, e.prefix+".")
	}
	for _, key := range Keys() {
		for _, p := range prefixes {
			if strings.HasPrefix(key, p) && !want[key] {
				t.Errorf("key %s does not match anything in the model", key)
			}
		}
	}
}

func TestValidationCodes(t *testing.T) {
	for _, code := range []string{model.CodeRequired, model.CodeType, model.CodeRange, model.CodeEnum, model.CodeFormat, model.CodeUnknownRef, model.CodeUnknown, model.CodeReadOnly, model.CodeDuplicate, model.CodeRule} {
		if !Has("validation." + code) {
			t.Errorf("no text for validation code %s", code)
		}
	}
}

func TestT(t *testing.T) {
	tests := []struct {
		lang Lang
		key  string
		args []any
		want string
	}{
		{Danish, "site.skip_link", nil, "Gå til indhold"},
		{English, "site.skip_link", nil, "Skip to content"},
		{"", "nav.home", nil, "Forside"},
		{"fr", "nav.home", nil, "Forside"},
		{English, "sector.energy", nil, "Energy"},
		{Danish, "action_status.in_progress", nil, "I gang"},
		{Danish, "conflict.saved_by", []any{"Mette", "24. november 2026"}, "Gemt af Mette den 24. november 2026"},
		{English, "error.reference", []any{"abc"}, "Error reference: abc"},
		{Danish, "field.actions.progress", nil, "Fremdrift (%)"},
		{Danish, "no.such.key", nil, "⟦no.such.key⟧"},
		{English, "no.such.key", []any{1}, "⟦no.such.key⟧"},
	}
	for _, tt := range tests {
		if got := T(tt.lang, tt.key, tt.args...); got != tt.want {
			t.Errorf("T(%q, %q, %v) = %q, want %q", tt.lang, tt.key, tt.args, got, tt.want)
		}
	}
}

func TestLocalizer(t *testing.T) {
	da, en := For(Danish), For(English)
	if got := For("xx").Lang; got != Danish {
		t.Errorf("For(xx).Lang = %q, want da", got)
	}
	f := 1234.5
	var nilF *float64
	tests := []struct{ got, want string }{
		{da.T("nav.compare"), "Sammenlign"},
		{en.Enum("role", "follower"), "Follower"},
		{da.Enum("plan_status", "under_revision"), "Under revision"},
		{en.Field("indicator-values", "value"), "Value"},
		{da.Field("nope", "x"), "⟦field.nope.x⟧"},
		{da.Code(), "da"},
		{en.Code(), "en"},
		{da.Number(f, 1), "1.234,5"},
		{en.Number(&f, -1), "1,234.5"},
		{da.Number(nilF, 1), "–"},
		{da.Number(nil, 1), "–"},
		{da.Number("x", 1), "–"},
		{da.Number(int64(1234567), 0), "1.234.567"},
		{en.Number(int64(12), 2), "12.00"},
		{en.Number(7, -1), "7"},
		{da.Int(int64(-5000)), "−5.000"},
		{da.Int(2.6), "3"},
		{da.Percent(45.5, 1), "45,5 %"},
		{en.Percent(int64(45), 0), "45%"},
		{da.Percent(nil, 0), "–"},
		{da.DKK(1.5e6), "1,5 mio. kr."},
		{en.DKK(nil), "–"},
		{da.Date("2026-11-24"), "24. november 2026"},
		{en.Date("2026-11-24"), "24 November 2026"},
		{da.Date(""), "–"},
		{da.Date("soon"), "soon"},
		{da.Date(nil), "–"},
		{da.Period("2023-K2"), "2. kvartal 2023"},
		{en.Period("2023-H2"), "H2 2023"},
	}
	for i, tt := range tests {
		if got := strings.ReplaceAll(tt.got, NBSP, " "); got != tt.want {
			t.Errorf("%d: got %q, want %q", i, got, tt.want)
		}
	}
	if da.Compare("Ærø", "Zealand") <= 0 {
		t.Error("Localizer.Compare: Ærø should come after Zealand in Danish")
	}
}

func TestLang(t *testing.T) {
	if Danish.Other() != English || English.Other() != Danish {
		t.Error("Other is wrong")
	}
	if Danish.Name() != "Dansk" || English.Name() != "English" {
		t.Error("Name is wrong")
	}
	if got := Lang("xx").String(); got != "da" {
		t.Errorf("Lang(xx).String() = %q", got)
	}
	if English.Tag().String() != "en" || Danish.Tag().String() != "da" {
		t.Error("Tag is wrong")
	}
	// The language switch texts exist for each language.
	for _, l := range Langs {
		if !Has("lang." + string(l)) {
			t.Errorf("no lang.%s", l)
		}
	}
}

func TestNegotiate(t *testing.T) {
	tests := []struct {
		cookie, accept string
		want           Lang
	}{
		{"", "", Danish},
		{"", "en-GB,en;q=0.9", English},
		{"", "en-US", English},
		{"", "da-DK,da;q=0.9,en;q=0.8", Danish},
		{"", "de", Danish},
		{"", "de-DE,de;q=0.9,en;q=0.5", English},
		{"", "fr, de;q=0.8", Danish},
		{"", "nb", Danish},
		{"", "*", Danish},
		{"", "this is ; not valid;;q=x", Danish},
		{"en", "da", English},
		{"da", "en-GB,en;q=0.9", Danish},
		{"EN", "", English},
		{"en-GB", "da", English},
		{"fr", "en", English}, // invalid cookie: fall back to the header
		{"garbage!", "", Danish},
		{" da ", "en", Danish},
	}
	for _, tt := range tests {
		if got := Negotiate(tt.cookie, tt.accept); got != tt.want {
			t.Errorf("Negotiate(%q, %q) = %q, want %q", tt.cookie, tt.accept, got, tt.want)
		}
	}
}
