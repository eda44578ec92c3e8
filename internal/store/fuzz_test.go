package store

import (
	"math"
	"strings"
	"testing"

	"klimaspor/internal/model"
)

// FuzzCursor fuzzes the list cursors, both ways. Any text given as a cursor for any sort of
// any resource either decodes to a value of the sort field's kind (a number for numbers and
// references, a text otherwise) or is refused with an error (the list answers it as a
// QueryError, 400); what decodes encodes to a cursor that decodes to the same. A cursor the
// store makes from a row's sort value and id decodes to that value and id (decode(encode(x))
// == x). FuzzListQuery in internal/api sends the same cursors through a list.
func FuzzCursor(f *testing.F) {
	f.Add(uint8(0), uint8(1), "eyJ2IjoiS8O4YmVuaGF2biIsImlkIjozfQ", int64(3), "København", 1.5)
	f.Add(uint8(9), uint8(2), "eyJ2IjoxZTMwOSwiaWQiOjF9", int64(-1), "", math.MaxFloat64)
	f.Add(uint8(9), uint8(1), "eyJ2IjoiMjAyMy1RMiIsImlkIjo5MjIzMzcyMDM2ODU0Nzc1ODA3fQ", int64(math.MaxInt64), "2023-Q2", -0.0)
	f.Add(uint8(7), uint8(0), "", int64(0), "\xff\x00", 5e-324)
	f.Add(uint8(0), uint8(0), "bnVsbA", int64(1), "a\"b\\c", 0.1)
	f.Add(uint8(3), uint8(1), "eyJ2IjpbXSwiaWQiOjF9", int64(2), "Æ", 1e21)
	f.Add(uint8(0), uint8(2), "eyJ2IjoiYSIsImlkIjoxfXt9", int64(2), "", 2.0)
	f.Add(uint8(0), uint8(2), "eyJ2IjoiYSIsImlkIjoiMSJ9", int64(2), "", 2.0)
	f.Fuzz(func(t *testing.T, which, sort uint8, s string, id int64, text string, num float64) {
		res := model.All[int(which)%len(model.All)]
		sorts := append([]string{"id"}, res.Sorts...)
		sortCol := sorts[int(sort)%len(sorts)]
		kind := model.Kind(-1) // by id: the cursor's value is not read
		if sortCol != "id" {
			f, _ := res.Field(sortCol)
			kind = f.Kind
		}

		// A cursor as anyone may write it.
		c, err := decodeCursor(res, sortCol, s)
		if err == nil {
			if sortCol != "id" {
				checkCursorValue(t, res, sortCol, kind, c.V)
			}
			again, err := decodeCursor(res, sortCol, encodeCursor(c))
			if err != nil || !sameCursor(kind, c, again) {
				t.Errorf("%s by %s: %q decodes to %#v, which re-encodes to %#v, %v", res.Name, sortCol, s, c, again, err)
			}
		}

		// A cursor the store makes from a row.
		var v any
		switch kind {
		case -1:
		case model.Int, model.Ref:
			v = int64(num)
			if math.IsNaN(num) || num >= math.MaxInt64 || num < math.MinInt64 {
				v = id
			}
		case model.Float:
			if math.IsNaN(num) || math.IsInf(num, 0) {
				return // never stored: JSON and the importers take only finite numbers
			}
			v = num
		default:
			v = strings.ToValidUTF8(text, "\uFFFD") // stored text is UTF-8 (model.TextProblem)
		}
		made := cursor{V: v, ID: id}
		enc := encodeCursor(made)
		if strings.ContainsAny(enc, "+/=") || enc == "" {
			t.Errorf("cursor %q is not URL-safe", enc)
		}
		back, err := decodeCursor(res, sortCol, enc)
		if err != nil || !sameCursor(kind, made, back) {
			t.Errorf("%s by %s: %#v encodes to %q, which decodes to %#v, %v", res.Name, sortCol, made, enc, back, err)
		}
	})
}

func checkCursorValue(t *testing.T, res *model.Resource, sortCol string, kind model.Kind, v any) {
	t.Helper()
	switch kind {
	case model.Int, model.Ref:
		if _, ok := v.(int64); !ok {
			t.Errorf("%s by %s: cursor value %#v is not a whole number", res.Name, sortCol, v)
		}
	case model.Float:
		if _, ok := v.(float64); !ok {
			t.Errorf("%s by %s: cursor value %#v is not a number", res.Name, sortCol, v)
		}
	default:
		if _, ok := v.(string); !ok {
			t.Errorf("%s by %s: cursor value %#v is not a text", res.Name, sortCol, v)
		}
	}
}

func sameCursor(kind model.Kind, a, b cursor) bool {
	if a.ID != b.ID {
		return false
	}
	if kind < 0 {
		return true // sorted by id: only the id counts
	}
	return kind.Equal(a.V, b.V)
}
