package sheet

import (
	"context"
	"errors"
	"math/rand/v2"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"klimaspor/internal/model"
	"klimaspor/internal/store/storetest"
)

// The fast checks of indicator values must agree with model.Normalize and model.Validate.
func TestValueChecksMatchModel(t *testing.T) {
	ctx := context.Background()
	db := storetest.Open(t, "sqlite")
	seedAll(t, db)
	header := []string{"indikator", "organisation", "periode", "opdeling", "vaerdi", "kilde", "note", "udgivet", "eksempel"}
	choices := [][]string{
		{"co2-total", " ev-share ", "nope", ""},
		{"101", "165 ", "999", ""},
		{"2023", " 2023 ", "2023-q2", "2023-K3", "2023-h1", "2023-H3", "2023-13", "2023-00", "2023-02-29", "2024-02-29", "1899", "2101", "", "abc", "2023-Q5", "202"},
		{"", " ", " x ", strings.Repeat("æ", 200), strings.Repeat("æ", 201), "fuel:gas"},
		{"1", "1,5", "", " ", "x", "1.234", "-0", "1.234,5", "12.5", "1e400", ",5"},
		{"", " ", "s", strings.Repeat("k", 2001)},
		{"", "n", strings.Repeat("ø", 4001)},
		{"", "2023-01-01", "01-01-2023", "2023-13-01", "1.2.2023", "x"},
		{"", "ja", "nej", "x", "bad", "1"},
	}
	in := &input{format: CSV, decimal: decComma}
	var errs errList
	lay := readHeader(model.IndicatorValues, header, 1, &errs)
	if errs.n() > 0 {
		t.Fatal(errs.err("x"))
	}
	p, err := newValueParser(ctx, db, lay, in)
	if err != nil {
		t.Fatal(err)
	}
	conv := &converter{res: model.IndicatorValues, dec: decComma}
	if err := conv.loadKeys(ctx, db, lay.cols, model.ListQuery{AllDrafts: true}); err != nil {
		t.Fatal(err)
	}
	rng := rand.New(rand.NewPCG(1, 2))
	accepted := 0
	for i := 0; i < 5000; i++ {
		cells := make([]string, len(header))
		for j := range cells {
			cells[j] = choices[j][rng.IntN(len(choices[j]))]
		}
		// The generic path.
		rec := model.Record{}
		ok := true
		for j, c := range lay.cols {
			if lay.pos[j] < 0 {
				continue
			}
			v, reason := conv.value(c.field, cells[lay.pos[j]])
			if reason != "" {
				ok = false
			}
			rec[c.field.Name] = v
		}
		model.Normalize(model.IndicatorValues, rec)
		if ok && model.Validate(model.IndicatorValues, rec) != nil {
			ok = false
		}
		// The fast path.
		var row valueRow
		var errs errList
		fast := p.parse(cells, 2, &errs, &row)
		if fast != ok {
			t.Fatalf("row %q: fast path says %v (%v), model says %v (%v)", cells, fast, errs.err("x"), ok, model.Validate(model.IndicatorValues, rec))
		}
		if !fast {
			if errs.n() == 0 {
				t.Fatalf("row %q refused without a reason", cells)
			}
			continue
		}
		accepted++
		got := model.Record{}
		row.fill(got)
		if rec["example"] == nil {
			rec["example"] = false // the store's default
		}
		if diff := cmp.Diff(rec, got); diff != "" {
			t.Fatalf("row %q (-model +fast):\n%s", cells, diff)
		}
	}
	if accepted < 50 {
		t.Errorf("only %d rows accepted; the test checks too little", accepted)
	}
}

// A file with more errors than MaxErrors keeps the first ones and counts the rest.
func TestManyErrors(t *testing.T) {
	db := storetest.Open(t, "sqlite")
	var b strings.Builder
	b.WriteString("indikator;organisation;periode;vaerdi\n")
	for range MaxErrors + 10 {
		b.WriteString("x;y;2020;1\n")
	}
	_, err := importString(db, "indicator-values", CSV, b.String())
	var ie *ImportError
	if !errors.As(err, &ie) || len(ie.Errors) != MaxErrors || ie.Omitted != 2*(MaxErrors+10)-MaxErrors {
		t.Fatalf("%T %v", err, err)
	}
	if !strings.HasSuffix(err.Error(), "… and 1020 more") {
		t.Errorf("message ends %q", err.Error()[len(err.Error())-40:])
	}
}

// TestNeutralise: formulas are written as text and every text makes the round trip.
func TestNeutralise(t *testing.T) {
	for _, s := range []string{"=SUM(A1)", "+45 22", "-5 %", "@cmd", "\t=1+1", "\r=1+1", "'quoted", "''", "'=x", "'\t", "plain", "", "'"} {
		out := neutralise(s)
		if out != "" && strings.ContainsRune("=+-@\t\r", rune(out[0])) {
			t.Errorf("%q is written as %q, which a spreadsheet runs", s, out)
		}
		if back := unneutralise(out); back != s {
			t.Errorf("%q → %q → %q", s, out, back)
		}
	}
}
