package geo

import (
	"strconv"
	"strings"
)

// sampleOptions gives a deterministic value to every code except a few
// (no data), for the capital region or all of Denmark.
func sampleOptions(codes []string) Options {
	all := codes
	if all == nil {
		all = Codes()
	}
	vals := map[string]float64{}
	for i, c := range all {
		if i%13 == 5 {
			continue // no data
		}
		n, _ := strconv.Atoi(c)
		vals[c] = float64((n*37)%101) / 10
	}
	return Options{
		ID: "m", Title: "CO₂e per indbygger", Description: "Udledning per indbygger, 2023",
		Codes: codes, Values: vals,
		Format:      func(v float64) string { return strings.Replace(strconv.FormatFloat(v, 'f', 1, 64), ".", ",", 1) },
		Breaks:      QuantileBreaks(vals, DefaultClasses),
		NoDataLabel: "Ingen data", LegendTitle: "t CO₂e per indbygger",
		Highlight:  []string{"101"},
		Href:       func(c string) string { return "/kommuner/" + c },
		NameHeader: "Kommune", ValueHeader: "Værdi", ClassHeader: "Interval",
	}
}
