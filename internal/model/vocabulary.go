package model

import "strings"

// The action sectors, the one vocabulary of an action's sector. Pages show them in the
// order of Sectors; their names are in internal/i18n under "sector.<code>".
const (
	SectorEnergy                 = "energy"
	SectorTransport              = "transport"
	SectorAgriculture            = "agriculture"
	SectorWasteWastewater        = "waste_wastewater"
	SectorIndustrialProcesses    = "industrial_processes"
	SectorLandUse                = "land_use"
	SectorConsumptionProcurement = "consumption_procurement"
	SectorAdaptation             = "adaptation"
	SectorCrossCutting           = "cross_cutting"
)

// Sectors are the action sectors in the order they are shown.
var Sectors = []string{SectorEnergy, SectorTransport, SectorAgriculture, SectorWasteWastewater,
	SectorIndustrialProcesses, SectorLandUse, SectorConsumptionProcurement, SectorAdaptation, SectorCrossCutting}

// The sectors of the energy and CO2 accounts (Energistyrelsen's Energi- og CO2-regnskab),
// keyed as the accounts name them. Each is a breakdown of the total emissions
// (EmissionBreakdown); their names are in internal/i18n under "emission_sector.<code>".
const (
	EmissionEnergy      = "energi"
	EmissionTransport   = "transport"
	EmissionAgriculture = "landbrug"
	EmissionWaste       = "affald"
	EmissionIndustry    = "industri"
)

// EmissionSectors are the accounts' sectors in the order they are shown (stacked).
var EmissionSectors = []string{EmissionEnergy, EmissionTransport, EmissionAgriculture, EmissionWaste, EmissionIndustry}

// emissionPrefix starts the breakdown of a sector of the accounts.
const emissionPrefix = "sector:"

// EmissionBreakdown is the breakdown of IndicatorCO2eTotal that holds an accounts sector:
// "sector:energi".
func EmissionBreakdown(sector string) string { return emissionPrefix + sector }

// EmissionSectorOf turns a breakdown ("sector:energi") back into its accounts sector
// ("energi"), and reports whether it is one.
func EmissionSectorOf(breakdown string) (string, bool) {
	return strings.CutPrefix(breakdown, emissionPrefix)
}

// The indicator codes the code relies on, beyond what the data says of them.
const (
	// IndicatorCO2eTotal is the territorial greenhouse-gas emissions in t CO2e, total and
	// by accounts sector (EmissionBreakdown).
	IndicatorCO2eTotal = "co2e_total_t"
	// IndicatorCO2ePerCapita is the emissions per inhabitant in t CO2e.
	IndicatorCO2ePerCapita = "co2e_per_capita_t"
	// IndicatorRenewableShare is renewable electricity self-sufficiency in %.
	IndicatorRenewableShare = "ve_share"
	// IndicatorPlanSharePrefix starts the codes of the cross-plan shares the front page draws.
	IndicatorPlanSharePrefix = "plan_share."
)

// OtherAgreementIndicators are indicators kept because the sources report them, but that are
// not climate figures: the SOSU apprenticeship places (social and health care helpers and
// assistants) of the KKR agreements. Municipality pages show them apart from the climate
// indicators, under "other agreements". A named list rather than a theme: the data carries
// no field that says so, and two codes do not justify one.
var OtherAgreementIndicators = []string{"sosu_helper_places", "sosu_assistant_places"}

// IsOtherAgreement reports whether the indicator code is one of OtherAgreementIndicators.
func IsOtherAgreement(code string) bool {
	for _, c := range OtherAgreementIndicators {
		if c == code {
			return true
		}
	}
	return false
}
