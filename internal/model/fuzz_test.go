package model

import (
	"encoding/json"
	"errors"
	"strings"
	"testing"
	"unicode/utf8"
)

// The fuzz targets of the model: the period parser and the API's JSON decoding. Their seed
// corpus is in testdata/fuzz/<target>; `go test` replays it, scripts/fuzz.sh fuzzes.

// FuzzParsePeriod: a period the parser takes has a canonical text that parses to itself
// (parse(format(p)) == p), of a known kind and a year in range, with an end date; a period
// it refuses is refused with the one message that names the accepted forms.
func FuzzParsePeriod(f *testing.F) {
	for _, s := range []string{"2023", "2023-H1", "2023-h2", "2023-Q2", "2023-K4", "2023-k1", "2023-05", "2023-5",
		"2023-05-17", "2024-02-29", "2023-02-29", " 2023-Q3 ", "1899", "2101", "2023-Q5", "2023-13", "2023-00",
		"+023", "-023", "2023-1-1", "2023-05-1x", "２０２３", "2023\x00", "2023-Q\xff"} {
		f.Add(s)
	}
	kinds := map[string]bool{"year": true, "half": true, "quarter": true, "month": true, "date": true}
	f.Fuzz(func(t *testing.T, s string) {
		p, err := ParsePeriod(s)
		if err != nil {
			if p != (PeriodInfo{}) {
				t.Errorf("ParsePeriod(%q) refused (%v) but returned %+v", s, err, p)
			}
			if !strings.Contains(err.Error(), "is not a year (2023)") {
				t.Errorf("ParsePeriod(%q): unclear refusal %q", s, err)
			}
			return
		}
		if !kinds[p.Kind] || p.Year < 1900 || p.Year > 2100 {
			t.Errorf("ParsePeriod(%q) = %+v: kind or year out of range", s, p)
		}
		if !utf8.ValidString(p.Canonical) || strings.TrimSpace(p.Canonical) != p.Canonical {
			t.Errorf("ParsePeriod(%q): canonical %q is not clean text", s, p.Canonical)
		}
		again, err := ParsePeriod(p.Canonical)
		if err != nil || again != p {
			t.Errorf("ParsePeriod(%q) = %+v, but its canonical text parses to %+v, %v", s, p, again, err)
		}
		if _, ok := PeriodEnd(p.Canonical); !ok {
			t.Errorf("ParsePeriod(%q) = %+v has no end date", s, p)
		}
	})
}

// FuzzDecodeJSON is the API's body decoding (create and update): whatever the body, the
// answer is a SyntaxError (not JSON of the right shape) or a ValidationError whose every
// error names a key of the body and says why; a body it accepts holds only writable fields
// of the resource, re-encodes to JSON that decodes to the same values (Kind.Equal), and can
// be normalised and validated, which again only finds per-field errors.
func FuzzDecodeJSON(f *testing.F) {
	seeds := []struct {
		res  int
		body string
	}{
		{0, `{"code":"101","name":"København","kind":"municipality","populations":[{"year":2020,"value":632340,"source":"DST"}]}`},
		{0, `{"code":"101","version":3}`},
		{0, `{"code":101,"name":null,"bogus":1,"version":0}`},
		{2, `{"name":"Klimaalliancen","theme_ids":[1,2,2]}`},
		{3, `{"title":"Cykelstier","targets":[{"year":2030,"value":1e308}],"start":"2023-Q1"}`},
		{8, `{"title":"Varmepumper","effect_t_co2e":-0,"plan_id":9223372036854775807,"published":true}`},
		{8, `{"title":"x","effect_t_co2e":1e999}`},
		{9, `{"indicator_id":1,"organisation_id":2,"period":"2023-K2","breakdown":" fuel:gas ","value":1.5,"vintage":"2023-02-01"}`},
		{18, `{"title":"Madspild","meta":{"b":[1,{"z":null,"a":"æøå"}],"a":1e21}}`},
		{0, `[1,2]`}, {0, `null`}, {0, `{}{}`}, {0, `{"a":1`}, {0, "\xef\xbb\xbf{}"}, {0, `{"name":"\ud800"}`},
		{0, `{"name":"a\u0000b"}`}, {0, `{"name":"` + strings.Repeat("ø", 300) + `"}`},
	}
	for _, s := range seeds {
		f.Add(uint8(s.res), []byte(s.body))
	}
	f.Fuzz(func(t *testing.T, which uint8, body []byte) {
		res := All[int(which)%len(All)]
		rec, version, err := DecodeJSON(res, body)
		if err != nil {
			var se *SyntaxError
			var ve *ValidationError
			switch {
			case errors.As(err, &se):
				if se.Msg == "" {
					t.Errorf("%s: empty syntax error for %q", res.Name, body)
				}
			case errors.As(err, &ve):
				checkFieldErrors(t, res, body, ve, true)
			default:
				t.Errorf("%s: DecodeJSON(%q): error of type %T: %v", res.Name, body, err, err)
			}
			if rec != nil || version != nil {
				t.Errorf("%s: refused body %q but returned %v, %v", res.Name, body, rec, version)
			}
			return
		}
		if version != nil && *version < 1 {
			t.Errorf("%s: version %d accepted", res.Name, *version)
		}
		for k := range rec {
			if f, ok := res.Field(k); !ok || f.ReadOnly {
				t.Errorf("%s: accepted field %q, which is not a writable field", res.Name, k)
			}
		}
		again, err := json.Marshal(rec)
		if err != nil {
			t.Fatalf("%s: accepted %q, which does not re-encode: %v", res.Name, body, err)
		}
		back, _, err := DecodeJSON(res, again)
		if err != nil {
			t.Fatalf("%s: accepted %q; its encoding %s is refused: %v", res.Name, body, again, err)
		}
		if len(back) != len(rec) {
			t.Errorf("%s: %q decodes to %d fields, its encoding %s to %d", res.Name, body, len(rec), again, len(back))
		}
		for k, v := range rec {
			f, _ := res.Field(k)
			if !f.Kind.Equal(v, back[k]) {
				t.Errorf("%s: field %s: %q decodes to %#v, its encoding %s to %#v", res.Name, k, body, v, again, back[k])
			}
		}
		Normalize(res, rec)
		if err := Validate(res, rec); err != nil {
			var ve *ValidationError
			if !errors.As(err, &ve) {
				t.Fatalf("%s: Validate(%v): error of type %T: %v", res.Name, rec, err, err)
			}
			checkFieldErrors(t, res, body, ve, false)
		}
	})
}

// checkFieldErrors checks that every error of ve is about one field, with a code and a
// message: a key of the body (decoding) or a field of the resource (validation).
func checkFieldErrors(t *testing.T, res *Resource, body []byte, ve *ValidationError, decoding bool) {
	t.Helper()
	if len(ve.Errors) == 0 {
		t.Errorf("%s: a ValidationError without errors for %q", res.Name, body)
	}
	var keys map[string]json.RawMessage
	if decoding {
		if err := json.Unmarshal(body, &keys); err != nil {
			t.Errorf("%s: per-field errors %v for a body that is no JSON object: %q", res.Name, ve.Errors, body)
		}
	}
	for _, fe := range ve.Errors {
		if fe.Code == "" || fe.Message == "" {
			t.Errorf("%s: field error without a code or message: %+v", res.Name, fe)
		}
		_, isField := res.Field(fe.Field)
		switch {
		case decoding && keys != nil:
			if _, ok := keys[fe.Field]; !ok {
				t.Errorf("%s: error %+v names no key of the body %q", res.Name, fe, body)
			}
		case !decoding && !isField:
			t.Errorf("%s: validation error %+v names no field", res.Name, fe)
		}
	}
}
