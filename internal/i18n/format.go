package i18n

import (
	"math"
	"strconv"
	"strings"
	"time"

	"klimaspor/internal/model"
)

// separators returns the grouping and the decimal separator of lang.
func separators(lang Lang) (group, decimal string) {
	if lang == English {
		return ",", "."
	}
	return ".", ","
}

// group inserts sep between every three digits of the digit string s, from the right.
func group(s, sep string) string {
	if len(s) <= 3 {
		return s
	}
	var b strings.Builder
	first := len(s) % 3
	if first == 0 {
		first = 3
	}
	b.WriteString(s[:first])
	for i := first; i < len(s); i += 3 {
		b.WriteString(sep)
		b.WriteString(s[i : i+3])
	}
	return b.String()
}

// fixed writes |x| rounded half away from zero to decimals places as "digits.digits"
// (decimals −1: up to 2 places, trailing zeros removed). neg reports whether the rounded
// value is below zero.
func fixed(x float64, decimals int) (intPart, frac string, neg bool) {
	trim := decimals < 0
	if trim {
		decimals = 2
	}
	if decimals > 15 {
		decimals = 15
	}
	a := math.Abs(x)
	p := math.Pow10(decimals)
	if scaled := a * p; scaled < 1<<53 {
		// Round on the value as written in decimal: 0.125 → 0.13, 2.5 → 3.
		// (strconv alone rounds an exact tie to even.)
		a = math.Round(scaled) / p
	}
	s := strconv.FormatFloat(a, 'f', decimals, 64)
	intPart, frac, _ = strings.Cut(s, ".")
	if trim {
		frac = strings.TrimRight(frac, "0")
	}
	neg = x < 0 && strings.Trim(intPart+frac, "0") != ""
	return intPart, frac, neg
}

// FormatNumber writes x for a reader of lang: grouped thousands and the language's decimal
// separator, Danish "1.234,5" and English "1,234.5". decimals is the number of decimal
// places (rounded half away from zero); −1 gives the shortest form with at most 2 decimals
// (1234.5 → "1.234,5", 3 → "3"). A negative number starts with the minus sign U+2212
// ("−1.234,5"); a number that rounds to zero has no sign. NaN gives "–" and infinities "∞"
// and "−∞".
func FormatNumber(lang Lang, x float64, decimals int) string {
	switch {
	case math.IsNaN(x):
		return Dash
	case math.IsInf(x, 1):
		return "∞"
	case math.IsInf(x, -1):
		return Minus + "∞"
	}
	g, d := separators(lang)
	intPart, frac, neg := fixed(x, decimals)
	s := group(intPart, g)
	if frac != "" {
		s += d + frac
	}
	if neg {
		s = Minus + s
	}
	return s
}

// FormatInt writes n with grouped thousands: Danish "1.234.567", English "1,234,567";
// negative with the minus sign U+2212.
func FormatInt(lang Lang, n int64) string {
	g, _ := separators(lang)
	var u uint64
	if n < 0 {
		u = uint64(-(n + 1)) + 1 // also right for math.MinInt64
	} else {
		u = uint64(n)
	}
	s := group(strconv.FormatUint(u, 10), g)
	if n < 0 {
		s = Minus + s
	}
	return s
}

// FormatPercent writes x, a value in per cent (not a fraction: 45.5 means 45.5 %), with
// decimals as in FormatNumber. Danish puts a no-break space before the sign ("45,5 %"),
// English writes none ("45.5%").
func FormatPercent(lang Lang, x float64, decimals int) string {
	s := FormatNumber(lang, x, decimals)
	if lang == English {
		return s + "%"
	}
	return s + NBSP + "%"
}

// FormatDKK writes an amount in Danish kroner. Below one million it is written in whole
// kroner: Danish "250.000 kr.", English "DKK 250,000". From one million it is written in
// millions, or from one billion (milliard) in billions, with at most one decimal: Danish
// "1,5 mio. kr." and "2,3 mia. kr.", English "DKK 1.5 million" and "DKK 2.3 billion". The
// parts are joined with no-break spaces; a negative amount starts with the minus sign.
func FormatDKK(lang Lang, amount float64) string {
	if math.IsNaN(amount) || math.IsInf(amount, 0) {
		return Dash
	}
	a := math.Abs(amount)
	var num, daUnit, enUnit string
	switch m := math.Round(a/1e5) / 10; { // millions, one decimal
	case math.Round(a) < 1e6:
		num = FormatNumber(lang, a, 0)
	case m < 1000:
		num, daUnit, enUnit = FormatNumber(lang, m, -1), "mio.", "million"
	default:
		num, daUnit, enUnit = FormatNumber(lang, math.Round(a/1e8)/10, -1), "mia.", "billion"
	}
	sign := ""
	if amount < 0 && math.Round(a) != 0 {
		sign = Minus
	}
	if lang == English {
		s := sign + "DKK" + NBSP + num
		if enUnit != "" {
			s += NBSP + enUnit
		}
		return s
	}
	s := sign + num
	if daUnit != "" {
		s += NBSP + daUnit
	}
	return s + NBSP + "kr."
}

var (
	monthsDa = [12]string{"januar", "februar", "marts", "april", "maj", "juni", "juli", "august", "september", "oktober", "november", "december"}
	monthsEn = [12]string{"January", "February", "March", "April", "May", "June", "July", "August", "September", "October", "November", "December"}
)

// MonthName returns the name of month m (1–12) in lang: Danish in lower case ("maj"),
// English capitalised ("May").
func MonthName(lang Lang, m time.Month) string {
	if m < 1 || m > 12 {
		return strconv.Itoa(int(m))
	}
	if lang == English {
		return monthsEn[m-1]
	}
	return monthsDa[m-1]
}

// FormatDate writes the date of t (in t's own location): Danish "24. november 2026",
// English "24 November 2026".
func FormatDate(lang Lang, t time.Time) string {
	day := strconv.Itoa(t.Day())
	if lang == English {
		return day + " " + MonthName(lang, t.Month()) + " " + strconv.Itoa(t.Year())
	}
	return day + ". " + MonthName(lang, t.Month()) + " " + strconv.Itoa(t.Year())
}

// FormatPeriod writes an indicator period (see model.ParsePeriod) for a reader:
//
//	period       Danish             English
//	2023         2023               2023
//	2023-H1      1. halvår 2023     H1 2023
//	2023-Q2      2. kvartal 2023    Q2 2023   (2023-K2 is read as 2023-Q2)
//	2023-05      maj 2023           May 2023
//	2023-05-17   17. maj 2023       17 May 2023
//
// A string that is not a period is returned unchanged.
func FormatPeriod(lang Lang, period string) string {
	p, err := model.ParsePeriod(period)
	if err != nil {
		return period
	}
	c := p.Canonical
	year := c[:4]
	switch p.Kind {
	case "half":
		if lang == English {
			return "H" + c[6:7] + " " + year
		}
		return c[6:7] + ". halvår " + year
	case "quarter":
		if lang == English {
			return "Q" + c[6:7] + " " + year
		}
		return c[6:7] + ". kvartal " + year
	case "month":
		m, _ := strconv.Atoi(c[5:7])
		return MonthName(lang, time.Month(m)) + " " + year
	case "date":
		t, err := time.Parse(time.DateOnly, c)
		if err != nil {
			return period
		}
		return FormatDate(lang, t)
	}
	return year
}
