package api

import (
	"fmt"
	"math"
	"net/http"
	"sort"
	"strconv"
	"sync"
	"unicode/utf8"

	"klimaspor/internal/model"
)

// Records are encoded by hand, field by field in descriptor order: encoding/json spends
// most of its time on a map's reflection and key sorting, which was a fifth of a list
// request's cost. The output is the same JSON that encoding/json gives (a test compares).

var bufs = sync.Pool{New: func() any { b := make([]byte, 0, 16<<10); return &b }}

// writeRecords answers a list page.
func writeRecords(w http.ResponseWriter, res *model.Resource, items []model.Record, next string) error {
	return writeRecordsWith(w, res, items, next, nil)
}

// writeRecordsWith answers a page of records with more top-level members after the page's
// own: extra appends them, each starting with a comma.
func writeRecordsWith(w http.ResponseWriter, res *model.Resource, items []model.Record, next string, extra func([]byte) []byte) error {
	bp := bufs.Get().(*[]byte)
	b := append((*bp)[:0], `{"items":[`...)
	for i, rec := range items {
		if i > 0 {
			b = append(b, ',')
		}
		b = appendRecord(b, res, rec)
	}
	b = append(b, `],"next_cursor":`...)
	if next == "" {
		b = append(b, "null"...)
	} else {
		b = appendString(b, next)
	}
	if extra != nil {
		b = extra(b)
	}
	b = append(b, "}\n"...)
	err := writeBytes(w, http.StatusOK, b)
	*bp = b
	bufs.Put(bp)
	return err
}

// writeRecord answers one record.
func writeRecord(w http.ResponseWriter, status int, res *model.Resource, rec model.Record) error {
	bp := bufs.Get().(*[]byte)
	b := appendRecord((*bp)[:0], res, rec)
	b = append(b, '\n')
	err := writeBytes(w, status, b)
	*bp = b
	bufs.Put(bp)
	return err
}

func writeBytes(w http.ResponseWriter, status int, b []byte) error {
	h := w.Header()
	h.Set("Content-Type", "application/json; charset=utf-8")
	h.Set("Content-Length", strconv.Itoa(len(b)))
	w.WriteHeader(status)
	_, err := w.Write(b)
	return err
}

// appendRecord writes the record's fields in descriptor order, then any extra keys (such as
// a series' breakdown check) sorted by name.
func appendRecord(b []byte, res *model.Resource, rec model.Record) []byte {
	b = append(b, '{')
	n := 0
	for _, f := range res.Fields {
		v, ok := rec[f.Name]
		if !ok {
			continue
		}
		if n > 0 {
			b = append(b, ',')
		}
		n++
		b = appendString(b, f.Name)
		b = append(b, ':')
		b = appendValue(b, v)
	}
	if len(rec) > n {
		var extra []string
		for k := range rec {
			if _, ok := res.Field(k); !ok {
				extra = append(extra, k)
			}
		}
		sort.Strings(extra)
		for _, k := range extra {
			if n > 0 {
				b = append(b, ',')
			}
			n++
			b = appendString(b, k)
			b = append(b, ':')
			b = appendValue(b, rec[k])
		}
	}
	return append(b, '}')
}

func appendValue(b []byte, v any) []byte {
	switch x := v.(type) {
	case nil:
		return append(b, "null"...)
	case int64:
		return strconv.AppendInt(b, x, 10)
	case float64:
		return appendFloat(b, x)
	case string:
		return appendString(b, x)
	case model.JSONObject: // canonical JSON already (model.CanonicalObject)
		return append(b, x...)
	case bool:
		return strconv.AppendBool(b, x)
	case []int64:
		b = append(b, '[')
		for i, id := range x {
			if i > 0 {
				b = append(b, ',')
			}
			b = strconv.AppendInt(b, id, 10)
		}
		return append(b, ']')
	case []model.Target:
		b = append(b, '[')
		for i, t := range x {
			if i > 0 {
				b = append(b, ',')
			}
			b = append(b, `{"year":`...)
			b = strconv.AppendInt(b, t.Year, 10)
			b = append(b, `,"value":`...)
			b = appendFloat(b, t.Value)
			b = append(b, '}')
		}
		return append(b, ']')
	case []model.Population:
		b = append(b, '[')
		for i, p := range x {
			if i > 0 {
				b = append(b, ',')
			}
			b = append(b, `{"year":`...)
			b = strconv.AppendInt(b, p.Year, 10)
			b = append(b, `,"value":`...)
			b = strconv.AppendInt(b, p.Value, 10)
			b = append(b, `,"source":`...)
			b = appendString(b, p.Source)
			b = append(b, '}')
		}
		return append(b, ']')
	case []model.ParticipantRef:
		b = append(b, '[')
		for i, p := range x {
			if i > 0 {
				b = append(b, ',')
			}
			b = append(b, `{"organisation_id":`...)
			b = strconv.AppendInt(b, p.OrganisationID, 10)
			b = append(b, `,"role":`...)
			b = appendString(b, p.Role)
			b = append(b, `,"lead":`...)
			b = strconv.AppendBool(b, p.Lead)
			b = append(b, '}')
		}
		return append(b, ']')
	}
	panic(fmt.Sprintf("api: cannot encode a record value of type %T", v))
}

// appendFloat formats like encoding/json: shortest representation, exponent outside
// [1e-6, 1e21).
func appendFloat(b []byte, f float64) []byte {
	if math.IsInf(f, 0) || math.IsNaN(f) {
		return append(b, "null"...)
	}
	abs := math.Abs(f)
	format := byte('f')
	if abs != 0 && (abs < 1e-6 || abs >= 1e21) {
		format = 'e'
	}
	b = strconv.AppendFloat(b, f, format, -1, 64)
	if format == 'e' {
		// clean up e-09 to e-9
		n := len(b)
		if n >= 4 && b[n-4] == 'e' && b[n-3] == '-' && b[n-2] == '0' {
			b[n-2] = b[n-1]
			b = b[:n-1]
		}
	}
	return b
}

const hexDigits = "0123456789abcdef"

// appendString writes s as a JSON string, as encoding/json does without HTML escaping.
func appendString(b []byte, s string) []byte {
	b = append(b, '"')
	start := 0
	for i := 0; i < len(s); {
		c := s[i]
		if c < utf8.RuneSelf {
			if c >= 0x20 && c != '"' && c != '\\' {
				i++
				continue
			}
			b = append(b, s[start:i]...)
			switch c {
			case '"', '\\':
				b = append(b, '\\', c)
			case '\n':
				b = append(b, '\\', 'n')
			case '\r':
				b = append(b, '\\', 'r')
			case '\t':
				b = append(b, '\\', 't')
			case '\b':
				b = append(b, '\\', 'b')
			case '\f':
				b = append(b, '\\', 'f')
			default:
				b = append(b, '\\', 'u', '0', '0', hexDigits[c>>4], hexDigits[c&0xf])
			}
			i++
			start = i
			continue
		}
		r, size := utf8.DecodeRuneInString(s[i:])
		if r == utf8.RuneError && size == 1 {
			b = append(b, s[start:i]...)
			b = append(b, `\ufffd`...)
			i += size
			start = i
			continue
		}
		if r == '\u2028' || r == '\u2029' {
			b = append(b, s[start:i]...)
			b = append(b, '\\', 'u', '2', '0', '2', hexDigits[r&0xf])
			i += size
			start = i
			continue
		}
		i += size
	}
	b = append(b, s[start:]...)
	return append(b, '"')
}
