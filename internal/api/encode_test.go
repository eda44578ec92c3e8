package api

import (
	"bytes"
	"encoding/json"
	"math"
	"testing"

	"github.com/google/go-cmp/cmp"

	"klimaspor/internal/model"
)

// TestHandEncodingMatchesEncodingJSON: the hand-written encoder gives the bytes that
// encoding/json gives (apart from key order), for awkward values.
func TestHandEncodingMatchesEncodingJSON(t *testing.T) {
	strs := []string{"", "København Ø Å æ", `quote " backslash \ slash /`, "tab\tnl\ncr\r\x00\x1f\x7f", "<script>&", "line\u2028sep\u2029", "bad \xff utf8", "emoji 🌍"}
	floats := []float64{0, -0.5, 1, 1.5, 1e-7, 123456789.125, 1e21, 1e20, -3.4e-9, math.MaxFloat64, 0.1 + 0.2}
	for _, s := range strs {
		for _, f := range floats {
			rec := model.Record{"id": int64(7), "title": s, "progress": f, "sector": nil, "joint": true,
				"theme_ids": []int64{1, 2}, "partner_ids": []int64{}, "parts_sum": f, "breakdown_mismatch": false}
			var want bytes.Buffer
			enc := json.NewEncoder(&want)
			enc.SetEscapeHTML(false)
			enc.Encode(map[string]any(rec))
			got := appendRecord(nil, model.Actions, rec)
			var a, b any
			if err := json.Unmarshal(got, &a); err != nil {
				t.Fatalf("%q: invalid JSON %s: %v", s, got, err)
			}
			json.Unmarshal(want.Bytes(), &b)
			if diff := cmp.Diff(b, a); diff != "" {
				t.Errorf("%q %v (-encoding/json +ours):\n%s", s, f, diff)
			}
			// And the same bytes, value by value.
			if g, w := string(appendFloat(nil, f)), mustJSON(f); g != w {
				t.Errorf("float %v: %s, encoding/json %s", f, g, w)
			}
			if g, w := string(appendString(nil, s)), mustJSONNoHTML(s); g != w {
				t.Errorf("string %q: %s, encoding/json %s", s, g, w)
			}
		}
	}
	pops := model.Record{"id": int64(1), "population": []model.Population{{Year: 2020, Value: 5, Source: "DST"}}}
	tg := model.Record{"id": int64(1), "targets": []model.Target{{Year: 2030, Value: 0.5}}}
	pr := model.Record{"id": int64(1), "participants": []model.ParticipantRef{{OrganisationID: 3, Role: "member", Lead: true}}}
	for _, c := range []struct {
		res *model.Resource
		rec model.Record
	}{{model.Organisations, pops}, {model.Indicators, tg}, {model.Projects, pr}} {
		var a, b any
		json.Unmarshal(appendRecord(nil, c.res, c.rec), &a)
		want, _ := json.Marshal(c.rec)
		json.Unmarshal(want, &b)
		if diff := cmp.Diff(b, a); diff != "" {
			t.Errorf("%s (-want +got):\n%s", c.res.Name, diff)
		}
	}
	// An object field is written as the object it is, not as a string of it.
	obj, _ := model.CanonicalObject(map[string]any{"status": "Godt i gang", "goals": map[string]any{"7": map[string]any{"light": "on_track"}}})
	var got map[string]any
	if err := json.Unmarshal(appendRecord(nil, model.Reports, model.Record{"id": int64(1), "answers": obj}), &got); err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff(map[string]any{"id": 1.0, "answers": map[string]any{"status": "Godt i gang", "goals": map[string]any{"7": map[string]any{"light": "on_track"}}}}, got); diff != "" {
		t.Errorf("answers (-want +got):\n%s", diff)
	}
}

func mustJSON(v any) string { b, _ := json.Marshal(v); return string(b) }

func mustJSONNoHTML(v any) string {
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetEscapeHTML(false)
	enc.Encode(v)
	return string(bytes.TrimSuffix(buf.Bytes(), []byte("\n")))
}
