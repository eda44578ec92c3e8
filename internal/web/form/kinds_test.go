package form

import (
	"net/url"
	"reflect"
	"testing"

	"klimaspor/internal/i18n"
	"klimaspor/internal/model"
)

// TestEveryKindHasAFormOrNone: each kind of field is either edited on forms, with a control
// and a reader, or named here as one the forms never show.
func TestEveryKindHasAFormOrNone(t *testing.T) {
	notOnForms := map[model.Kind]string{
		model.Populations:    "an organisation's population comes from imports",
		model.Participations: "read-only: a project's participants are records of their own",
		model.Object:         "a status report's answers are edited on the report's own page, question by question",
	}
	for _, k := range model.Kinds() {
		fk, ok := formKinds[k]
		if _, skip := notOnForms[k]; skip == ok {
			t.Errorf("kind %d: on forms %v, but listed as not on forms %v", k, ok, skip)
		}
		if ok && (fk.control == nil || fk.read == nil) {
			t.Errorf("kind %d has no control or no reader", k)
		}
	}
}

func TestFormKindsRead(t *testing.T) {
	da := i18n.For(i18n.Danish)
	for _, c := range []struct {
		name  string
		field model.Field
		form  url.Values
		want  any
		ok    bool
	}{
		{"optional text left empty clears it", model.Field{Name: "x", Kind: model.String}, url.Values{"x": {"  "}}, nil, true},
		{"required text left empty stays empty for the store to refuse", model.Field{Name: "x", Kind: model.String, Required: true}, url.Values{"x": {""}}, "", true},
		{"a Danish decimal", model.Field{Name: "x", Kind: model.Float}, url.Values{"x": {"1.234,5"}}, 1234.5, true},
		{"not a number", model.Field{Name: "x", Kind: model.Float}, url.Values{"x": {"mange"}}, 0.0, false},
		{"a year", model.Field{Name: "x", Kind: model.Int}, url.Values{"x": {"2030"}}, int64(2030), true},
		{"an unchecked box", model.Field{Name: "x", Kind: model.Bool}, url.Values{}, false, true},
		{"checked boxes, each id once", model.Field{Name: "x", Kind: model.RefList}, url.Values{"x": {"3", "1", "3"}}, []int64{3, 1}, true},
		{"no boxes checked is the empty list", model.Field{Name: "x", Kind: model.RefList}, url.Values{}, []int64{}, true},
		{"targets by year, blank rows skipped", model.Field{Name: "x", Kind: model.Targets},
			url.Values{"x.year": {"2030", "", "2025"}, "x.value": {"50", "", "80,5"}}, []model.Target{{Year: 2025, Value: 80.5}, {Year: 2030, Value: 50}}, true},
		{"a target without its year", model.Field{Name: "x", Kind: model.Targets}, url.Values{"x.year": {""}, "x.value": {"5"}}, []model.Target(nil), false},
	} {
		t.Run(c.name, func(t *testing.T) {
			got, ok := formKinds[c.field.Kind].read(da, c.field, c.form)
			if ok != c.ok || (ok && !reflect.DeepEqual(got, c.want)) {
				t.Errorf("read = %#v, %v; want %#v, %v", got, ok, c.want, c.ok)
			}
		})
	}
}
