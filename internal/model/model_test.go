package model

import (
	"errors"
	"slices"
	"testing"

	"github.com/google/go-cmp/cmp"
)

func TestParsePeriod(t *testing.T) {
	cases := []struct {
		in   string
		want PeriodInfo
		bad  bool
	}{
		{in: "2023", want: PeriodInfo{"2023", "year", 2023}},
		{in: " 2023-h2 ", want: PeriodInfo{"2023-H2", "half", 2023}},
		{in: "2023-Q4", want: PeriodInfo{"2023-Q4", "quarter", 2023}},
		{in: "2023-K2", want: PeriodInfo{"2023-Q2", "quarter", 2023}},
		{in: "2023-5", bad: true},
		{in: "2023-05", want: PeriodInfo{"2023-05", "month", 2023}},
		{in: "2024-02-29", want: PeriodInfo{"2024-02-29", "date", 2024}},
		{in: "2023-02-29", bad: true},
		{in: "2023-13", bad: true},
		{in: "2023-Q5", bad: true},
		{in: "2023-H3", bad: true},
		{in: "1899", bad: true},
		{in: "23", bad: true},
		{in: "", bad: true},
		{in: "2023-05-1x", bad: true},
	}
	for _, c := range cases {
		got, err := ParsePeriod(c.in)
		if c.bad {
			if err == nil {
				t.Errorf("ParsePeriod(%q) = %+v, want an error", c.in, got)
			}
			continue
		}
		if err != nil {
			t.Errorf("ParsePeriod(%q): %v", c.in, err)
			continue
		}
		if diff := cmp.Diff(c.want, got); diff != "" {
			t.Errorf("ParsePeriod(%q) (-want +got):\n%s", c.in, diff)
		}
	}
}

func TestDecodeJSONReportsEveryBadField(t *testing.T) {
	_, _, err := DecodeJSON(Actions, []byte(`{"title": 5, "progress": "x", "colour": "red", "theme_ids": [1, "a"], "version": 0, "id": 99}`))
	var ve *ValidationError
	if !errors.As(err, &ve) {
		t.Fatalf("got %v, want a validation error", err)
	}
	got := map[string]string{}
	for _, fe := range ve.Errors {
		got[fe.Field] = fe.Code
	}
	want := map[string]string{"title": CodeType, "progress": CodeType, "colour": CodeUnknown, "theme_ids": CodeType, "version": CodeType}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("(-want +got):\n%s", diff)
	}
	rec, v, err := DecodeJSON(Actions, []byte(`{"title": "Cykelstier", "progress": 12.5, "version": 3, "id": 99, "created_at": "x"}`))
	if err != nil || *v != 3 || rec["title"] != "Cykelstier" || rec["progress"] != 12.5 || len(rec) != 2 {
		t.Errorf("good body: %v %v %v", rec, v, err)
	}
	for _, bad := range []string{`{"title": "x"`, `[]`, `null`, `{} {}`, `"text"`} {
		if _, _, err := DecodeJSON(Actions, []byte(bad)); !errors.As(err, new(*SyntaxError)) {
			t.Errorf("%s: got %v, want a syntax error", bad, err)
		}
	}
}

func TestValidateRules(t *testing.T) {
	ok := Record{"plan_id": int64(1), "title": "x", "sector": "energy", "organisation_id": int64(2), "status": "planned", "joint": false, "partner_ids": []int64{}}
	cases := []struct {
		name  string
		patch Record
		field string
	}{
		{"valid", nil, ""},
		{"both plan and project", Record{"project_id": int64(3)}, "plan_id"},
		{"partners without joint", Record{"partner_ids": []int64{4}}, "partner_ids"},
		{"blank title", Record{"title": "   "}, "title"},
		{"progress below 0", Record{"progress": -1.0}, "progress"},
		{"year out of range", Record{"effect_start_year": int64(3000)}, "effect_start_year"},
		{"duplicate theme", Record{"theme_ids": []int64{1, 1}}, "theme_ids"},
	}
	for _, c := range cases {
		rec := Record{}
		for k, v := range ok {
			rec[k] = v
		}
		for k, v := range c.patch {
			rec[k] = v
		}
		err := Validate(Actions, rec)
		var ve *ValidationError
		switch {
		case c.field == "" && err != nil:
			t.Errorf("%s: %v", c.name, err)
		case c.field != "" && (!errors.As(err, &ve) || ve.Errors[0].Field != c.field):
			t.Errorf("%s: got %v, want an error on %s", c.name, err, c.field)
		}
	}
}

func TestPeriodAfter(t *testing.T) {
	for _, c := range []struct {
		a, b string
		want bool
	}{
		{"2024", "2023", true},
		{"2023", "2023-H2", false}, // both end on 31 December
		{"2023-H2", "2023-Q3", true},
		{"2023-Q2", "2023-H1", false},
		{"2023-07", "2023-H1", true},
		{"2023-06-30", "2023-06", false},
		{"2023-07-01", "2023-06", true},
		{"2024-02", "2023", true},
		{"2023-K4", "2023-11", true},
		{"bad", "2023", false},
		{"2023", "bad", true},
	} {
		if got := PeriodAfter(c.a, c.b); got != c.want {
			t.Errorf("PeriodAfter(%q, %q) = %v, want %v", c.a, c.b, got, c.want)
		}
	}
}

func TestReminderDays(t *testing.T) {
	tests := []struct {
		in   string
		want []int
		ok   bool
	}{
		{"", []int{14, 3}, true},
		{"3, 14", []int{14, 3}, true},
		{"7,7,0", []int{7, 0}, true},
		{"365", []int{365}, true},
		{"366", nil, false},
		{"-1", nil, false},
		{"14;3", nil, false},
		{"to uger", nil, false},
	}
	for _, tc := range tests {
		got, err := ReminderDays(tc.in)
		if (err == nil) != tc.ok || !slices.Equal(got, tc.want) {
			t.Errorf("ReminderDays(%q) = %v, %v; want %v, ok %v", tc.in, got, err, tc.want, tc.ok)
		}
	}
	if errs := checkRound(Record{"opens_on": "2022-10-01", "deadline": "2022-11-30", "reminder_days": "14;3"}); len(errs) != 1 || errs[0].Field != "reminder_days" {
		t.Errorf("a round with bad reminder days: %v", errs)
	}
	if got := AsReportingRound(Record{"reminder_days": "nonsense"}).Reminders(); !slices.Equal(got, []int{14, 3}) {
		t.Errorf("Reminders of unreadable days = %v, want the default", got)
	}
}

func TestEmissionTargetRules(t *testing.T) {
	tests := []struct {
		name  string
		rec   Record
		field string // the field refused, "" when valid
	}{
		{"70 % by 2030 against 1990", Record{"organisation_id": int64(1), "base_year": int64(1990), "target_year": int64(2030), "reduction_pct": 70.0, "boundary": "territorial"}, ""},
		{"net zero without a percentage", Record{"organisation_id": int64(1), "base_year": int64(2018), "target_year": int64(2050), "net_zero": true, "boundary": "territorial"}, ""},
		{"neither percentage nor net zero", Record{"organisation_id": int64(1), "base_year": int64(1990), "target_year": int64(2030), "boundary": "territorial"}, "reduction_pct"},
		{"target before its base", Record{"organisation_id": int64(1), "base_year": int64(2030), "target_year": int64(2030), "reduction_pct": 50.0, "boundary": "territorial"}, "target_year"},
		{"more than 100 %", Record{"organisation_id": int64(1), "base_year": int64(1990), "target_year": int64(2030), "reduction_pct": 120.0, "boundary": "territorial"}, "reduction_pct"},
		{"an unknown boundary", Record{"organisation_id": int64(1), "base_year": int64(1990), "target_year": int64(2030), "reduction_pct": 70.0, "boundary": "global"}, "boundary"},
		{"no base year", Record{"organisation_id": int64(1), "target_year": int64(2030), "reduction_pct": 70.0, "boundary": "territorial"}, "base_year"},
		{"net zero without a base year", Record{"organisation_id": int64(1), "target_year": int64(2045), "net_zero": true, "boundary": "territorial"}, ""},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			err := Validate(EmissionTargets, tc.rec)
			var ve *ValidationError
			switch {
			case tc.field == "" && err != nil:
				t.Errorf("refused: %v", err)
			case tc.field != "" && (!errors.As(err, &ve) || !slices.ContainsFunc(ve.Errors, func(fe FieldError) bool { return fe.Field == tc.field })):
				t.Errorf("got %v, want %s refused", err, tc.field)
			}
		})
	}
}

func TestEmissionFactorAndActivityRules(t *testing.T) {
	factor := func(set string, from, to int64) Record {
		r := Record{"factor_set": set, "set_version": int64(1), "fuel": "electricity", "gas": "CO2", "value": 190.0, "unit": "g CO2/kWh", "source": "Energinet"}
		if from != 0 {
			r["valid_from"] = from
		}
		if to != 0 {
			r["valid_to"] = to
		}
		return r
	}
	tests := []struct {
		name  string
		res   *Resource
		rec   Record
		field string // the field refused, "" when valid
	}{
		{"a national factor for 2018", EmissionFactors, factor("egne", 2018, 2018), ""},
		{"open-ended years", EmissionFactors, factor("egne", 0, 0), ""},
		{"years backwards", EmissionFactors, factor("egne", 2019, 2018), "valid_to"},
		{"the shipped set's name", EmissionFactors, factor("default", 0, 0), "factor_set"},
		{"the shipped set's name in capitals", EmissionFactors, factor(" DEFAULT", 0, 0), "factor_set"},
		{"an unknown gas", EmissionFactors, Record{"factor_set": "egne", "set_version": int64(1), "fuel": "x", "gas": "SF6", "value": 1.0, "unit": "kg SF6/t", "source": "s"}, "gas"},
		{"no source", EmissionFactors, Record{"factor_set": "egne", "set_version": int64(1), "fuel": "x", "gas": "CO2", "value": 1.0, "unit": "kg CO2/t"}, "source"},
		{"a line", ActivityData, Record{"organisation_id": int64(1), "year": int64(2018), "sector": "energy", "fuel": "natural_gas", "amount": 10.0, "unit": "GJ"}, ""},
		{"a negative amount", ActivityData, Record{"organisation_id": int64(1), "year": int64(2018), "sector": "energy", "fuel": "natural_gas", "amount": -1.0, "unit": "GJ"}, "amount"},
		{"an action sector that does not emit", ActivityData, Record{"organisation_id": int64(1), "year": int64(2018), "sector": "adaptation", "fuel": "natural_gas", "amount": 1.0, "unit": "GJ"}, "sector"},
		{"no year", ActivityData, Record{"organisation_id": int64(1), "sector": "energy", "fuel": "natural_gas", "amount": 1.0, "unit": "GJ"}, "year"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			err := Validate(tc.res, tc.rec)
			var ve *ValidationError
			switch {
			case tc.field == "" && err != nil:
				t.Errorf("refused: %v", err)
			case tc.field != "" && (!errors.As(err, &ve) || !slices.ContainsFunc(ve.Errors, func(fe FieldError) bool { return fe.Field == tc.field })):
				t.Errorf("got %v, want %s refused", err, tc.field)
			}
		})
	}
}

func TestProcurementRules(t *testing.T) {
	spend := Record{"organisation_id": int64(1), "year": int64(2023), "category": "food", "spend_dkk": 1e6}
	factor := Record{"factor_set": "eksempel", "category": "food", "kg_co2e_per_dkk": 0.25, "source": "s", "valid_from": int64(2020), "valid_to": int64(2025)}
	with := func(r Record, k string, v any) Record {
		out := Record{}
		for key, val := range r {
			out[key] = val
		}
		if v == nil {
			delete(out, k)
		} else {
			out[k] = v
		}
		return out
	}
	tests := []struct {
		name  string
		res   *Resource
		rec   Record
		field string // the field refused, "" when valid
	}{
		{"a spend line", ProcurementSpend, spend, ""},
		{"no spend", ProcurementSpend, with(spend, "spend_dkk", 0.0), ""},
		{"a negative spend", ProcurementSpend, with(spend, "spend_dkk", -1.0), "spend_dkk"},
		{"no category", ProcurementSpend, with(spend, "category", nil), "category"},
		{"no year", ProcurementSpend, with(spend, "year", nil), "year"},
		{"no organisation", ProcurementSpend, with(spend, "organisation_id", nil), "organisation_id"},
		{"a factor", SpendFactors, factor, ""},
		{"open years", SpendFactors, with(with(factor, "valid_from", nil), "valid_to", nil), ""},
		{"years backwards", SpendFactors, with(factor, "valid_to", int64(2019)), "valid_to"},
		{"a negative factor", SpendFactors, with(factor, "kg_co2e_per_dkk", -0.1), "kg_co2e_per_dkk"},
		{"no source", SpendFactors, with(factor, "source", nil), "source"},
		{"no set", SpendFactors, with(factor, "factor_set", nil), "factor_set"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			err := Validate(tc.res, tc.rec)
			var ve *ValidationError
			switch {
			case tc.field == "" && err != nil:
				t.Errorf("refused: %v", err)
			case tc.field != "" && (!errors.As(err, &ve) || !slices.ContainsFunc(ve.Errors, func(fe FieldError) bool { return fe.Field == tc.field })):
				t.Errorf("got %v, want %s refused", err, tc.field)
			}
		})
	}
}
