package form

import (
	"fmt"
	"net/url"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"time"

	"klimaspor/internal/i18n"
	"klimaspor/internal/model"
)

// formKind is how the edit forms treat one kind of field: the control that edits it and
// its hint, how a stored value becomes form values and posted values become a value again,
// and the messages of the errors that are the kind's own. Every kind the forms edit has an
// entry; a field of any other kind cannot be put on a form (formSpecs refuses it).
type formKind struct {
	control func(f model.Field) string
	hint    func(l i18n.Localizer, f model.Field) string // nil: no hint
	// values writes the field's stored value as form values under its name; nil writes
	// formatValue's one value (or several, for a list) under the field's name.
	values func(l i18n.Localizer, name string, x any, v url.Values)
	// read parses the posted values of the field; false when they cannot be read at all (a
	// number that is not a number), which the form reports as a type error.
	read func(l i18n.Localizer, f model.Field, form url.Values) (any, bool)
	// messages are the kind's own texts for a field error code.
	messages map[string]func(l i18n.Localizer) string
}

var formKinds = map[model.Kind]formKind{
	model.String: {control: stringControl, read: readText},
	model.Date: {control: fixed("date"), hint: hintKey("form.date_hint"), values: dateValues, read: readDate,
		messages: map[string]func(i18n.Localizer) string{model.CodeFormat: func(l i18n.Localizer) string {
			return l.T("validation.invalid_format") + " " + l.T("form.date_hint") + "."
		}}},
	model.Period: {control: fixed("text"), hint: hintKey("form.period_hint"), read: readText,
		messages: texts(model.CodeFormat, "form.bad_period", model.CodeDuplicate, "form.duplicate_period")},
	model.Float: {control: fixed("decimal"), hint: decimalHint, read: readFloat,
		messages: texts(model.CodeType, "form.bad_number")},
	model.Int: {control: fixed("year"), read: readInt, messages: texts(model.CodeType, "form.bad_whole")},
	model.Ref: {control: fixed("select"), read: readInt},
	model.Bool: {control: fixed("checkbox"), read: func(_ i18n.Localizer, f model.Field, form url.Values) (any, bool) {
		return strings.TrimSpace(form.Get(f.Name)) != "", true
	}},
	model.RefList: {control: fixed("multiselect"), hint: hintKey("form.multi_hint"), read: readIDs},
	model.Targets: {control: fixed("targets"), hint: hintKey("form.targets_hint"), values: targetValues, read: readTargets,
		messages: texts(model.CodeType, "form.bad_target", model.CodeDuplicate, "form.duplicate_target")},
}

func fixed(control string) func(model.Field) string {
	return func(model.Field) string { return control }
}

func hintKey(key string) func(i18n.Localizer, model.Field) string {
	return func(l i18n.Localizer, _ model.Field) string { return l.T(key) }
}

// texts makes a kind's messages from pairs of an error code and a catalogue key.
func texts(codeKey ...string) map[string]func(i18n.Localizer) string {
	out := map[string]func(i18n.Localizer) string{}
	for i := 0; i+1 < len(codeKey); i += 2 {
		key := codeKey[i+1]
		out[codeKey[i]] = func(l i18n.Localizer) string { return l.T(key) }
	}
	return out
}

// stringControl is a choice for an enumeration, a text area for long text, else a line.
func stringControl(f model.Field) string {
	switch {
	case len(f.Enum) > 0:
		return "select"
	case f.MaxLen == 0 || f.MaxLen > 300:
		return "textarea"
	}
	return "text"
}

// decimalHint says how to write a number, and the range of a percentage-like field.
func decimalHint(l i18n.Localizer, f model.Field) string {
	hint := l.T("form.number_hint")
	if f.Min != nil && f.Max != nil && *f.Max <= 100 {
		hint = l.T("form.range_hint", l.Number(*f.Min, 0), l.Number(*f.Max, 0)) + ". " + hint
	}
	return hint
}

// readText reads a text, date or period; left empty, an optional field is cleared.
func readText(_ i18n.Localizer, f model.Field, form url.Values) (any, bool) {
	raw := strings.TrimSpace(form.Get(f.Name))
	if raw == "" && !f.Required {
		return nil, true
	}
	return raw, true
}

func readFloat(l i18n.Localizer, f model.Field, form url.Values) (any, bool) {
	raw := strings.TrimSpace(form.Get(f.Name))
	if raw == "" {
		return nil, true
	}
	x, ok := parseNumber(l.Lang, raw)
	return x, ok
}

func readInt(_ i18n.Localizer, f model.Field, form url.Values) (any, bool) {
	raw := strings.TrimSpace(form.Get(f.Name))
	if raw == "" {
		return nil, true
	}
	n, err := strconv.ParseInt(raw, 10, 64)
	return n, err == nil
}

// readIDs reads the checked boxes of a list of references, each id once.
func readIDs(_ i18n.Localizer, f model.Field, form url.Values) (any, bool) {
	ids := []int64{}
	for _, s := range form[f.Name] {
		n, err := strconv.ParseInt(strings.TrimSpace(s), 10, 64)
		if err != nil {
			return nil, false
		}
		if !slices.Contains(ids, n) {
			ids = append(ids, n)
		}
	}
	return ids, true
}

// targetValues writes an indicator's targets as rows of a year and a value.
func targetValues(l i18n.Localizer, name string, x any, v url.Values) {
	ts, _ := x.([]model.Target)
	for _, t := range ts {
		v.Add(name+".year", strconv.FormatInt(t.Year, 10))
		v.Add(name+".value", formNumber(l.Lang, t.Value))
	}
}

func readTargets(l i18n.Localizer, f model.Field, form url.Values) (any, bool) {
	ts, ok := parseTargets(l, form[f.Name+".year"], form[f.Name+".value"])
	return ts, ok
}

// danishDate is a date as Danes write it: 24.11.2026 (or 24-11-2026, 24/11/2026), day and
// month with one or two digits.
var danishDate = regexp.MustCompile(`^(\d{1,2})[./-](\d{1,2})[./-](\d{4})$`)

// readDate reads a date written as åååå-mm-dd or as dd.mm.åååå, and stores it as
// åååå-mm-dd; anything else goes to the store as written, which says what is wrong with it.
func readDate(l i18n.Localizer, f model.Field, form url.Values) (any, bool) {
	x, ok := readText(l, f, form)
	raw, _ := x.(string)
	if m := danishDate.FindStringSubmatch(raw); m != nil {
		d, _ := strconv.Atoi(m[1])
		mo, _ := strconv.Atoi(m[2])
		return fmt.Sprintf("%s-%02d-%02d", m[3], mo, d), true
	}
	return x, ok
}

// dateValues shows a stored date as the reader writes it: 24.11.2026 in Danish, 2026-11-24
// in English.
func dateValues(l i18n.Localizer, name string, x any, v url.Values) {
	iso, _ := x.(string)
	if iso == "" {
		return
	}
	if t, err := time.Parse(time.DateOnly, iso); err == nil && l.Lang == i18n.Danish {
		iso = t.Format("02.01.2006")
	}
	v.Set(name, iso)
}
