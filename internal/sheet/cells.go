package sheet

import (
	"fmt"
	"math"
	"strconv"
	"strings"
	"time"

	"github.com/xuri/excelize/v2"
	"golang.org/x/text/encoding/charmap"

	"klimaspor/internal/model"
)

// decimal is how a sheet writes numbers.
type decimal uint8

const (
	decComma decimal = iota // Danish: decimal comma, optional thousands dots: 1.234,5
	decPoint                // decimal point, no thousands separator: 1234.5
	decAny                  // XLSX: raw numbers (1234.5), else Danish text
)

func fromWindows1252(s string) string {
	out, err := charmap.Windows1252.NewDecoder().String(s)
	if err != nil {
		return strings.ToValidUTF8(s, "\uFFFD")
	}
	return out
}

// plainFloat parses a number written with a decimal point and no thousands separators,
// optionally with an exponent. Inf, NaN, hex and underscores are refused.
func plainFloat(s string) (float64, bool) {
	if s == "" {
		return 0, false
	}
	digits := false
	for i := 0; i < len(s); i++ {
		c := s[i]
		switch {
		case c >= '0' && c <= '9':
			digits = true
		case c == '.' || c == '-' || c == '+' || c == 'e' || c == 'E':
		default:
			return 0, false
		}
	}
	if !digits {
		return 0, false
	}
	x, err := strconv.ParseFloat(s, 64)
	if err != nil || math.IsInf(x, 0) || math.IsNaN(x) {
		return 0, false
	}
	return x, true
}

// groupedInt reports whether s is digits grouped by dots in threes: 1.234.567.
func groupedInt(s string) bool {
	first := strings.IndexByte(s, '.')
	if first < 1 || first > 3 {
		return false
	}
	n := 0
	for i := 0; i < len(s); i++ {
		c := s[i]
		if c == '.' {
			if i != first && n != 3 {
				return false
			}
			n = 0
			continue
		}
		if c < '0' || c > '9' {
			return false
		}
		n++
	}
	return n == 3
}

// danishFloat parses 1234,5, 1.234,5, -0,25, 1,5E-3 and 1.234 (one thousand two hundred
// and thirty-four).
func danishFloat(s string) (float64, bool) {
	sign := ""
	body := s
	if body != "" && (body[0] == '-' || body[0] == '+') {
		sign, body = body[:1], body[1:]
	}
	intPart, frac, hasComma := strings.Cut(body, ",")
	if hasComma && strings.IndexByte(frac, ',') >= 0 {
		return 0, false
	}
	if strings.IndexByte(frac, '.') >= 0 {
		return 0, false
	}
	if strings.IndexByte(intPart, '.') >= 0 {
		if !groupedInt(intPart) {
			return 0, false
		}
		intPart = strings.ReplaceAll(intPart, ".", "")
	}
	if strings.ContainsAny(intPart, "eE+-") {
		return 0, false
	}
	if !hasComma {
		if sign == "" && len(intPart) == len(s) {
			return plainFloat(s)
		}
		return plainFloat(sign + intPart)
	}
	if intPart == "" && frac == "" {
		return 0, false
	}
	if intPart == "" {
		intPart = "0"
	}
	var buf [64]byte
	b := append(buf[:0], sign...)
	b = append(b, intPart...)
	b = append(b, '.')
	b = append(b, frac...)
	return plainFloat(string(b))
}

// parseFloat reads a number in the sheet's style; reason is "" on success.
func parseFloat(s string, d decimal) (x float64, reason string) {
	s = strings.TrimSpace(s)
	var ok bool
	switch d {
	case decPoint:
		if strings.IndexByte(s, ',') >= 0 {
			return 0, "must be a number; in a comma-separated file write decimals with a point (1234.5) and no thousands separator"
		}
		x, ok = plainFloat(s)
	case decComma:
		x, ok = danishFloat(s)
		if !ok && strings.IndexByte(s, ',') < 0 && strings.IndexByte(s, '.') >= 0 {
			if _, isNum := plainFloat(s); isNum {
				return 0, "must be a number; in a semicolon-separated file write decimals with a comma (12,5); a point only separates thousands (1.234)"
			}
		}
	default:
		if x, ok = plainFloat(s); !ok {
			x, ok = danishFloat(s)
		}
	}
	if !ok {
		return 0, "must be a number"
	}
	return x, ""
}

// parseInt reads a whole number in the sheet's style.
func parseInt(s string, d decimal) (int64, string) {
	s = strings.TrimSpace(s)
	if n, err := strconv.ParseInt(s, 10, 64); err == nil {
		return n, ""
	}
	x, reason := parseFloat(s, d)
	if reason != "" {
		return 0, "must be a whole number"
	}
	if x != math.Trunc(x) || math.Abs(x) > 1<<53 {
		return 0, "must be a whole number"
	}
	return int64(x), ""
}

// parseBool reads a yes/no cell; an empty cell is no value.
func parseBool(s string) (v any, reason string) {
	switch strings.ToLower(strings.TrimSpace(s)) {
	case "":
		return nil, ""
	case "ja", "true", "1", "x", "yes", "sand", "j", "y":
		return true, ""
	case "nej", "false", "0", "no", "falsk", "n":
		return false, ""
	}
	return nil, "must be ja or nej (or true/false, 1/0, x for yes)"
}

// parseDate reads YYYY-MM-DD, DD-MM-YYYY or DD.MM.YYYY, or in XLSX an Excel date number,
// and returns it as YYYY-MM-DD.
func parseDate(s string, d decimal) (string, string) {
	s = strings.TrimSpace(s)
	if model.ValidDate(s) {
		return s, ""
	}
	for _, layout := range []string{"02-01-2006", "2-1-2006", "02.01.2006", "2.1.2006", "2006-1-2"} {
		if t, err := time.Parse(layout, s); err == nil {
			out := t.Format("2006-01-02")
			if model.ValidDate(out) {
				return out, ""
			}
		}
	}
	if d == decAny {
		if x, ok := plainFloat(s); ok && x >= 1 && x < 2958466 {
			if t, err := excelize.ExcelDateToTime(x, false); err == nil && t.Hour() == 0 && t.Minute() == 0 {
				out := t.Format("2006-01-02")
				if model.ValidDate(out) {
					return out, ""
				}
			}
		}
	}
	return "", "must be a date written YYYY-MM-DD (or DD-MM-YYYY)"
}

// splitList splits a "|"-joined list, undoing backslash escapes. An empty cell is an
// empty list.
func splitList(s string) []string {
	if s == "" {
		return nil
	}
	if strings.IndexByte(s, '\\') < 0 {
		return strings.Split(s, "|")
	}
	var out []string
	var b strings.Builder
	for i := 0; i < len(s); i++ {
		c := s[i]
		switch {
		case c == '\\' && i+1 < len(s):
			i++
			b.WriteByte(s[i])
		case c == '|':
			out = append(out, b.String())
			b.Reset()
		default:
			b.WriteByte(c)
		}
	}
	return append(out, b.String())
}

// joinList joins entries with "|", escaping bars and backslashes inside them.
func joinList(items []string) string {
	var b strings.Builder
	for i, it := range items {
		if i > 0 {
			b.WriteByte('|')
		}
		if strings.ContainsAny(it, `|\`) {
			for j := 0; j < len(it); j++ {
				if it[j] == '|' || it[j] == '\\' {
					b.WriteByte('\\')
				}
				b.WriteByte(it[j])
			}
		} else {
			b.WriteString(it)
		}
	}
	return b.String()
}

// formatFloat prints x shortest-exact in the sheet's style.
func formatFloat(x float64, d decimal) string {
	s := strconv.FormatFloat(x, 'f', -1, 64)
	if d == decComma {
		s = strings.Replace(s, ".", ",", 1)
	}
	return s
}

func formatBool(b bool) string {
	if b {
		return "ja"
	}
	return "nej"
}

// parseTargets reads "2025:50|2030:100".
func parseTargets(s string, d decimal) ([]model.Target, string) {
	out := []model.Target{}
	if strings.TrimSpace(s) == "" {
		return out, ""
	}
	for _, item := range splitList(s) {
		ys, vs, ok := strings.Cut(strings.TrimSpace(item), ":")
		if !ok {
			return nil, fmt.Sprintf("target %q must be written year:value, e.g. 2030:100; targets are separated by |", item)
		}
		y, r := parseInt(ys, decPoint)
		if r != "" {
			return nil, fmt.Sprintf("target %q: the year must be a whole number", item)
		}
		v, r := parseFloat(vs, d)
		if r != "" {
			return nil, fmt.Sprintf("target %q: the value %s", item, r)
		}
		out = append(out, model.Target{Year: y, Value: v})
	}
	return out, ""
}

func formatTargets(ts []model.Target, d decimal) string {
	items := make([]string, len(ts))
	for i, t := range ts {
		items[i] = strconv.FormatInt(t.Year, 10) + ":" + formatFloat(t.Value, d)
	}
	return joinList(items)
}

// parsePopulations reads "2020:632340|2021:640000" and its sources cell. keep gives the
// stored source of a year when the file has no sources column (sources is nil then).
func parsePopulations(s string, sources *string, d decimal, keep map[int64]string) ([]model.Population, string) {
	out := []model.Population{}
	if strings.TrimSpace(s) != "" {
		for _, item := range splitList(s) {
			ys, vs, ok := strings.Cut(strings.TrimSpace(item), ":")
			if !ok {
				return nil, fmt.Sprintf("population %q must be written year:count, e.g. 2020:632340; years are separated by |", item)
			}
			y, r := parseInt(ys, decPoint)
			if r != "" {
				return nil, fmt.Sprintf("population %q: the year must be a whole number", item)
			}
			v, r := parseInt(vs, d)
			if r != "" {
				return nil, fmt.Sprintf("population %q: the count must be a whole number", item)
			}
			out = append(out, model.Population{Year: y, Value: v, Source: keep[y]})
		}
	}
	if sources == nil {
		return out, ""
	}
	srcs := splitList(*sources)
	switch {
	case len(srcs) == 0:
		for i := range out {
			out[i].Source = ""
		}
	case len(srcs) == 1 && len(out) > 0:
		for i := range out {
			out[i].Source = srcs[0]
		}
	case len(srcs) == len(out):
		for i := range out {
			out[i].Source = srcs[i]
		}
	default:
		return nil, fmt.Sprintf("%s has %d sources but %s has %d years; give one source for all years or one per year, separated by |",
			sourceHeader, len(srcs), "befolkning", len(out))
	}
	return out, ""
}

// formatPopulations returns the befolkning and befolkning_kilde cells.
func formatPopulations(ps []model.Population, d decimal) (string, string) {
	items := make([]string, len(ps))
	srcs := make([]string, len(ps))
	same := true
	for i, p := range ps {
		items[i] = strconv.FormatInt(p.Year, 10) + ":" + strconv.FormatInt(p.Value, 10)
		srcs[i] = p.Source
		if p.Source != ps[0].Source {
			same = false
		}
	}
	if len(ps) > 0 && same {
		srcs = srcs[:1]
	}
	return joinList(items), joinList(srcs)
}
