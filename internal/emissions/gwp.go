package emissions

import (
	"fmt"
	"strings"
)

// GWPSet names an IPCC assessment report whose 100-year global warming potentials turn
// tonnes of a gas into tonnes of CO2 equivalent. A calculation chooses one.
type GWPSet string

const (
	AR4 GWPSet = "AR4"
	AR5 GWPSet = "AR5"
	AR6 GWPSet = "AR6"
)

// GWPSets lists the sets, oldest first.
var GWPSets = []GWPSet{AR4, AR5, AR6}

// GWP is one set's 100-year values (t CO2e per t of gas); CO2 is 1 by definition.
type GWP struct {
	Set    GWPSet
	CH4    float64
	N2O    float64
	Source string
}

// gwps are the values of each report.
//
// AR6's methane: AR6 gives 27.9 for methane as a molecule (WG1 Table 7.SM.7), and in Table
// 7.15 29.8 for fossil methane and 27.0 for non-fossil methane. The fossil value adds the
// CO2 the methane becomes when it breaks down in the air; the combustion CO2 factors we use
// already count all the fuel's carbon as CO2 (IPCC 2006 defaults assume full oxidation), so
// 29.8 would count that carbon twice. We use 27.9, the molecule's own value, for all
// methane. (The GHG Protocol's 2024 table advises 27.0 for combustion methane; the
// difference on a municipal total is far below a tenth of a per cent.)
var gwps = map[GWPSet]GWP{
	AR4: {Set: AR4, CH4: 25, N2O: 298, Source: "IPCC AR4 (2007), WG1 Ch.2, Table 2.14, GWP 100-year"},
	AR5: {Set: AR5, CH4: 28, N2O: 265, Source: "IPCC AR5 (2013), WG1 Ch.8, Table 8.A.1, GWP 100-year without climate-carbon feedback"},
	AR6: {Set: AR6, CH4: 27.9, N2O: 273, Source: "IPCC AR6 (2021), WG1 Ch.7, Table 7.15 (N2O 273) and Table 7.SM.7 (CH4 27.9, the molecule without the CO2 of its oxidation), GWP 100-year"},
}

// GWPOf gives a set's values, reading its name in any case ("ar5" is AR5).
func GWPOf(name string) (GWP, error) {
	g, ok := gwps[GWPSet(strings.ToUpper(strings.TrimSpace(name)))]
	if !ok {
		return GWP{}, fmt.Errorf("unknown GWP set %q; use AR4, AR5 or AR6", name)
	}
	return g, nil
}

// Of gives the gas's GWP: 1 for fossil CO2, 0 for biogenic CO2 (a memo item that never
// enters a total).
func (g GWP) Of(gas Gas) float64 {
	switch gas {
	case CO2:
		return 1
	case CH4:
		return g.CH4
	case N2O:
		return g.N2O
	}
	return 0
}
