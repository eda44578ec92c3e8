// Package emissions holds the rules of the energy and CO2 accounts (issue 12): the own
// calculation of a territory's greenhouse-gas emissions from activity data and versioned
// emission factors (doc.go, units.go, factors.go, gwp.go, calculate.go), and the targets,
// the required pathway, the verdict and the wedges (targets.go, pathway.go), and the
// procurement footprint, spend × spend-based factors (procurement.go). It knows
// nothing of HTTP or SQL: the store keeps activity data and factor sets, the API and the
// pages show what these functions return.
//
// # The calculation in one sitting
//
// An activity line says how much of a fuel or activity was used, for what, where in the
// accounts:
//
//	{Sector: "energy", Subsector: "district heating", Fuel: "natural_gas", Use: "stationary", Amount: 1000, Unit: "GJ"}
//
// Sector and sub-sector are the caller's words (methodology.md's breakdown); the result adds
// up by them and nothing else depends on them. Fuel and use are the factor set's: a fuel
// whose factors depend on the use needs one of those uses (natural gas: stationary,
// commercial, residential, road, buildings_dk_standard), a fuel whose factors hold for
// every use (electricity) takes none.
//
// For each line, and for each gas (CO2, CH4, N2O, and biogenic CO2):
//
//  1. Pick the factor (FactorSet.Lookup): the set's factor for the line's fuel and gas,
//     for the line's use or for every use, valid in the calculation's year. A factor
//     local to the line's organisation beats a national one, a factor for the use beats
//     one for every use, and a factor for fewer years beats one for more (a year's own
//     electricity figure beats a standard for several years). A gas without a factor is
//     not emitted by that line; a line with no factor at all is an error.
//  2. Convert the amount to the unit the factor is per (units.go). Within a dimension
//     this is arithmetic (277.778 MWh = 1,000 GJ). Volumes and masses become energy
//     through the fuel's net calorific value (CalorificValues, each with its source:
//     1 m³ natural gas = 0.0396 GJ, 1 l diesel = 0.03636 GJ). Nonsense is refused with
//     the line and the unit: litres of electricity, head of livestock as energy.
//  3. Tonnes of gas = factor value × converted amount × the factor's mass unit in tonnes
//     (kg CH4/GJ: × 0.001).
//  4. t CO2e = tonnes of gas × the gas's GWP in the chosen set (gwp.go: AR4, AR5 or AR6,
//     100-year; CO2 is 1). Biogenic CO2 (from wood, straw, biogas, biofuels) gets no CO2e:
//     it is a memo item beside the total, never in it. The CH4 and N2O of biomass count.
//
// The result adds the lines up: the total in t CO2e, tonnes of each gas, the biogenic
// memo, and t CO2e by sector and sub-sector. Each line keeps every factor it used (id,
// source, value, unit, the converted amount, tonnes of gas, GWP, t CO2e), so every figure
// goes back to its activity and its factors. A bad input is refused as a whole with an
// *InputError listing every bad field (activities[3].unit: why), never half computed.
//
// The hand check of the issue: 1,000 GJ natural gas burnt in a stationary plant, AR5:
//
//	CO2  56.1 kg/GJ   × 1,000 GJ = 56.1 t       × 1   = 56.1    t CO2e
//	CH4  0.001 kg/GJ  × 1,000 GJ = 0.001 t      × 28  =  0.028  t CO2e
//	N2O  0.0001 kg/GJ × 1,000 GJ = 0.0001 t     × 265 =  0.0265 t CO2e
//	                                              total = 56.1545 t CO2e
//
// # Factor sets
//
// A FactorSet is a plain value with a name and a version; the store keeps users' own sets.
// The default set is the shared data's emission_factors.csv, embedded (data/), read by
// ReadFactorCSV, whose comment says how each row becomes a factor and which rows are not
// factors (DefaultSkipped says why for each). Uses in the default set: "stationary" (IPCC
// 2006 Table 2.2, energy industries: power, CHP and district-heating plants),
// "commercial" (Table 2.4), "residential" (Table 2.5), "road" (Table 3.2.2) and
// "buildings_dk_standard" (the Danish energy-labelling standard, CO2 only). Electricity and
// district heating take no use; their national factors hold per year, and a set may give a
// municipality its own (Factor.OrganisationID).
//
// A calculation of many municipality-years prepares the set once (NewCalculator) and
// calls Calculator.Calculate; Calculate(in, set) does both for one calculation.
package emissions
