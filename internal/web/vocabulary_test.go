package web

import (
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"klimaspor/internal/model"
)

// TestIndicatorCodesAreNamedOnce: the indicator codes the code relies on are spelled only in
// model (vocabulary.go); the pages, the API, the spreadsheets, the command line and the
// store use the named constants, so a renamed code cannot leave a copy behind. The demo
// data's loader, which is data, is not checked.
func TestIndicatorCodesAreNamedOnce(t *testing.T) {
	literals := []string{
		strconv.Quote(model.IndicatorCO2eTotal),
		strconv.Quote(model.IndicatorCO2ePerCapita),
		strconv.Quote(model.IndicatorRenewableShare),
		`"` + model.IndicatorPlanSharePrefix,
		strconv.Quote(model.EmissionBreakdown("")),
	}
	for _, dir := range []string{".", "page", "public", "form", "account", "audit", "../api", "../sheet", "../cli", "../store", "../auth", "../chart", "../geo", "../gen"} {
		files, err := filepath.Glob(filepath.Join(dir, "*.go"))
		if err != nil {
			t.Fatal(err)
		}
		if len(files) == 0 {
			t.Fatalf("%s: no Go files", dir)
		}
		for _, f := range files {
			if strings.HasSuffix(f, "_test.go") {
				continue
			}
			b, err := os.ReadFile(f)
			if err != nil {
				t.Fatal(err)
			}
			for _, lit := range literals {
				if strings.Contains(string(b), lit) {
					t.Errorf("%s spells the indicator code %s; use the constant in model", f, lit)
				}
			}
		}
	}
}
