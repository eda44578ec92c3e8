package public

import (
	"strconv"

	"klimaspor/internal/i18n"
	"klimaspor/internal/sheet"
)

// Every list a page shows can be downloaded as CSV or XLSX from the page's own address
// (page/export.go says how). Each page's builder (homeExport, actionsExport, muniExport, …)
// sits beside the page's handler and takes the rows the handler has built for its HTML.

// The lists, by the name the query uses. A page's lists have distinct names.
const (
	listProjects       = "projekter"
	listMunicipalities = "kommuner"
	listActions        = "indsatser"
	listIndicators     = "noegletal"
	listGoals          = "maal"
	listParticipants   = "deltagere"
	listValues         = "vaerdier"
	listComparison     = "sammenligning"
)

// yearCell is a year: a whole number, never grouped.
func yearCell(y int64) sheet.Cell { return sheet.Int(y) }

// exampleCell marks a row of example data, as the page's badge does.
func exampleCell(l i18n.Localizer, example bool) sheet.Cell {
	if example {
		return sheet.Text(l.T("common.yes"))
	}
	return sheet.Cell{}
}

// periodCell is a period: a year as a number, another period (a quarter, a month) as the
// page writes it.
func periodCell(l i18n.Localizer, period string) sheet.Cell {
	if len(period) == 4 {
		if y, err := strconv.ParseInt(period, 10, 64); err == nil {
			return yearCell(y)
		}
	}
	return sheet.Text(l.Period(period))
}

// pctCell is a percentage as a number, empty when not given.
func pctCell(pct float64, ok bool) sheet.Cell {
	if !ok {
		return sheet.Cell{}
	}
	return sheet.Number(pct, indValueDecimals(pct))
}
