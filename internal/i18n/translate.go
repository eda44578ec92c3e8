package i18n

import (
	"fmt"
	"sort"
	"strings"
	"sync"
	"time"
)

// T returns the text for key in lang, formatted with fmt.Sprintf when args are given (a
// text without args is returned as written, so a literal "%" needs no escaping there).
// An unsupported lang counts as Danish. A missing key returns Missing(key), a visible
// "⟦key⟧", and logs nothing.
func T(lang Lang, key string, args ...any) string {
	m, ok := catalogue[key]
	if !ok {
		return Missing(key)
	}
	s := m.da
	if lang == English {
		s = m.en
	}
	if len(args) == 0 {
		return s
	}
	return fmt.Sprintf(s, args...)
}

// Missing is how T shows a key that is not in the catalogue.
func Missing(key string) string { return "⟦" + key + "⟧" }

// Has reports whether the catalogue has key.
func Has(key string) bool { _, ok := catalogue[key]; return ok }

// Keys returns every key of the catalogue, sorted.
func Keys() []string {
	keys := make([]string, 0, len(catalogue))
	for k := range catalogue {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	return keys
}

// EnumKey is the key of an enumeration value, e.g. EnumKey("sector", "energy") is
// "sector.energy". The enumeration names are org_kind, plan_kind, plan_status, sector,
// action_status, direction, role and period_kind. Keys are lower case, so a value spelt in
// capitals (the gas CO2) has the key gas.co2.
func EnumKey(enum, value string) string { return enum + "." + strings.ToLower(value) }

// FieldKey is the key of a field's label, e.g. FieldKey("actions", "title") is
// "field.actions.title". resource is the resource's URL name (model.Resource.Name).
func FieldKey(resource, field string) string { return "field." + resource + "." + field }

// Localizer is the catalogue and the formatting functions bound to one language, for
// templates: {{.L.T "nav.home"}}, {{.L.Enum "sector" .Sector}}, {{.L.Number .Value 1}}.
// The number methods take any so templates can pass record values directly: int, int64,
// float64 and their pointers; nil (or a nil pointer) gives "–" (an en dash).
type Localizer struct{ Lang Lang }

// For returns the Localizer of lang (Danish if lang is not supported).
func For(lang Lang) Localizer { return Localizer{Lang: lang.norm()} }

// T is the package's T in the Localizer's language.
func (l Localizer) T(key string, args ...any) string { return T(l.Lang, key, args...) }

// Enum translates an enumeration value: Enum("action_status", "in_progress").
func (l Localizer) Enum(enum, value string) string { return T(l.Lang, EnumKey(enum, value)) }

// Field returns the label of a field: Field("actions", "title").
func (l Localizer) Field(resource, field string) string {
	return T(l.Lang, FieldKey(resource, field))
}

// Code returns the language code, for <html lang="{{.L.Code}}">.
func (l Localizer) Code() string { return l.Lang.String() }

// Dash is what the number methods show for a missing value.
const Dash = "–"

func toFloat(v any) (float64, bool) {
	switch x := v.(type) {
	case float64:
		return x, true
	case *float64:
		if x != nil {
			return *x, true
		}
	case float32:
		return float64(x), true
	case int:
		return float64(x), true
	case *int:
		if x != nil {
			return float64(*x), true
		}
	case int32:
		return float64(x), true
	case int64:
		return float64(x), true
	case *int64:
		if x != nil {
			return float64(*x), true
		}
	case uint:
		return float64(x), true
	case uint64:
		return float64(x), true
	}
	return 0, false
}

// Number is FormatNumber; decimals −1 gives the shortest form up to 2 decimals.
func (l Localizer) Number(v any, decimals int) string {
	if i, ok := v.(int64); ok {
		if decimals <= 0 {
			return FormatInt(l.Lang, i)
		}
	}
	x, ok := toFloat(v)
	if !ok {
		return Dash
	}
	return FormatNumber(l.Lang, x, decimals)
}

// Int is FormatInt (a float is rounded).
func (l Localizer) Int(v any) string {
	if i, ok := v.(int64); ok {
		return FormatInt(l.Lang, i)
	}
	return l.Number(v, 0)
}

// Percent is FormatPercent: v is in per cent (45.5 gives "45,5 %").
func (l Localizer) Percent(v any, decimals int) string {
	x, ok := toFloat(v)
	if !ok {
		return Dash
	}
	return FormatPercent(l.Lang, x, decimals)
}

// DKK is FormatDKK.
func (l Localizer) DKK(v any) string {
	x, ok := toFloat(v)
	if !ok {
		return Dash
	}
	return FormatDKK(l.Lang, x)
}

// Date is FormatDate; it also takes a "YYYY-MM-DD" string (as the model keeps dates), and
// gives "–" for the empty string or nil. Another string is returned as it is.
func (l Localizer) Date(v any) string {
	switch x := v.(type) {
	case time.Time:
		return FormatDate(l.Lang, x)
	case *time.Time:
		if x != nil {
			return FormatDate(l.Lang, *x)
		}
	case string:
		if x == "" {
			return Dash
		}
		t, err := time.Parse(time.DateOnly, x)
		if err != nil {
			return x
		}
		return FormatDate(l.Lang, t)
	}
	return Dash
}

// Period is FormatPeriod.
func (l Localizer) Period(period string) string { return FormatPeriod(l.Lang, period) }

// Compare is the package's Compare in the Localizer's language.
func (l Localizer) Compare(a, b string) int { return Compare(l.Lang, a, b) }

// DateTime writes an RFC 3339 time as the reader's date and the time in Danish time
// ("24. november 2026 kl. 14.05" / "24 November 2026, 14:05"). Another string is returned as
// it is.
func (l Localizer) DateTime(s string) string {
	t, err := time.Parse(time.RFC3339, s)
	if err != nil {
		return s
	}
	if loc := copenhagen(); loc != nil {
		t = t.In(loc)
	}
	if l.Lang == Danish {
		return FormatDate(l.Lang, t) + " kl. " + t.Format("15.04")
	}
	return FormatDate(l.Lang, t) + ", " + t.Format("15:04")
}

// copenhagen is Danish time, read once; nil when the system has no time zone data.
var copenhagen = sync.OnceValue(func() *time.Location {
	loc, err := time.LoadLocation("Europe/Copenhagen")
	if err != nil {
		return nil
	}
	return loc
})
