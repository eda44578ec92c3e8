package gen

import "klimaspor/internal/model"

// The fixed word lists the generator draws from. Everything generated is marked as
// example content; the lists only make it read like the real thing.

type themeDef struct {
	code, da, en string
}

// themeTree is the two-level theme taxonomy: six parents with four children each.
var themeTree = []struct {
	parent   themeDef
	children []themeDef
}{
	{themeDef{"energi", "Energi", "Energy"}, []themeDef{
		{"vind", "Vindmøller", "Wind power"}, {"sol", "Solceller", "Solar power"},
		{"fjernvarme", "Fjernvarme", "District heating"}, {"effektivisering", "Energieffektivisering", "Energy efficiency"}}},
	{themeDef{"transport", "Transport", "Transport"}, []themeDef{
		{"cykel", "Cykling", "Cycling"}, {"kollektiv", "Kollektiv transport", "Public transport"},
		{"elbiler", "Elbiler og ladestandere", "Electric cars and charging"}, {"gods", "Godstransport", "Freight"}}},
	{themeDef{"landbrug", "Landbrug og natur", "Agriculture and nature"}, []themeDef{
		{"skov", "Skovrejsning", "Afforestation"}, {"lavbund", "Udtagning af lavbundsjorde", "Rewetting of peatlands"},
		{"biogas", "Biogas", "Biogas"}, {"natur", "Biodiversitet", "Biodiversity"}}},
	{themeDef{"affald", "Affald og ressourcer", "Waste and resources"}, []themeDef{
		{"sortering", "Genbrug og sortering", "Recycling and sorting"}, {"spildevand", "Spildevand", "Wastewater"},
		{"cirkulaer", "Cirkulær økonomi", "Circular economy"}, {"byggeaffald", "Bygge- og anlægsaffald", "Construction waste"}}},
	{themeDef{"tilpasning", "Klimatilpasning", "Climate adaptation"}, []themeDef{
		{"skybrud", "Skybrudssikring", "Cloudburst protection"}, {"kyst", "Kystbeskyttelse", "Coastal protection"},
		{"groenne", "Grønne byrum", "Green urban space"}, {"grundvand", "Grundvand", "Groundwater"}}},
	{themeDef{"forbrug", "Forbrug og indkøb", "Consumption and procurement"}, []themeDef{
		{"indkoeb", "Grønne indkøb", "Green procurement"}, {"mad", "Klimavenlig mad", "Climate-friendly food"},
		{"byggeri", "Bæredygtigt byggeri", "Sustainable building"}, {"borgere", "Borgerinddragelse", "Citizen engagement"}}},
}

// sectorTheme is the index in themeTree of the theme family an action of each sector
// mostly belongs to (-1: none).
var sectorTheme = map[string]int{
	model.SectorEnergy:                 0,
	model.SectorTransport:              1,
	model.SectorAgriculture:            2,
	model.SectorWasteWastewater:        3,
	model.SectorIndustrialProcesses:    0,
	model.SectorLandUse:                2,
	model.SectorConsumptionProcurement: 5,
	model.SectorAdaptation:             4,
	model.SectorCrossCutting:           -1,
}

// actionTitles holds title stems by sector.
var actionTitles = map[string][]string{
	model.SectorEnergy:                 {"Solceller på kommunale bygninger", "Udfasning af oliefyr", "Energirenovering af skoler", "Udbygning af fjernvarmen", "Vindmøllepark på land", "LED-gadebelysning"},
	model.SectorTransport:              {"Nye supercykelstier", "Elbusser i bybusnettet", "Ladestandere ved kommunale parkeringspladser", "Samkørselsordning for pendlere", "Grøn kommunal bilflåde", "Bedre busbetjening af landsbyer"},
	model.SectorAgriculture:            {"Rådgivning om klimavenligt landbrug", "Udtagning af lavbundsjorde", "Ny biogasanlæg", "Skovrejsning på kommunale arealer", "Græsning i naturområder", "Efterafgrøder og randzoner"},
	model.SectorWasteWastewater:        {"Ny genbrugsplads", "Sortering af plastaffald", "Renovering af renseanlæg", "Separatkloakering", "Indsamling af madaffald", "Genbrug af byggematerialer"},
	model.SectorIndustrialProcesses:    {"Energistyring i virksomheder", "Overskudsvarme fra industrien", "Elektrificering af procesvarme", "Grønne erhvervsnetværk", "CO2-fangst ved kraftvarmeværk", "Varmepumper i industrien"},
	model.SectorLandUse:                {"Rejsning af bynær skov", "Vådområder langs vandløb", "Naturpleje med græssende dyr", "Plantning af gadetræer", "Beskyttelse af tørvejorde", "Ny naturpark"},
	model.SectorConsumptionProcurement: {"Klimakrav i udbud", "Mere plantebaseret mad i køkkener", "Mindre madspild i institutioner", "Genbrug af møbler", "Deleordninger for værktøj", "Klimaregnskab for indkøb"},
	model.SectorAdaptation:             {"Skybrudsveje i bymidten", "Forhøjet dige ved havnen", "Regnvandsbassiner", "Grønne tage", "Sikring af kritisk infrastruktur", "Varsling af oversvømmelser"},
	model.SectorCrossCutting:           {"Klimaborgerråd", "Klimaregnskab for kommunen", "Klimapartnerskab med erhvervslivet", "Undervisning i klima på skolerne", "Grøn omstillingsfond", "Klimasekretariat"},
}

var placeStart = []string{"Ny", "Øster", "Vester", "Sønder", "Nørre", "Lille", "Store", "Hav", "Sø", "Å", "Bakke", "Eng", "Lyng", "Skov", "Strand", "Mose"}
var placeEnd = []string{"by", "lund", "rup", "sted", "holm", "høj", "vig", "bjerg", "borg", "løse", "skov", "hede", "bæk", "næs", "ager", "mark"}

// breakdownSets are the ways a total can be split; every label is "dimension:part".
var breakdownSets = [][]string{
	{"sektor:energi", "sektor:transport", "sektor:landbrug", "sektor:affald", "sektor:øvrige"},
	{"brændsel:naturgas", "brændsel:olie", "brændsel:biomasse", "brændsel:el", "brændsel:fjernvarme"},
	{"transportform:bil", "transportform:bus", "transportform:tog", "transportform:cykel", "transportform:gang"},
	{"fraktion:mad", "fraktion:plast", "fraktion:papir", "fraktion:metal", "fraktion:rest"},
	{"ejer:kommune", "ejer:husholdninger", "ejer:erhverv", "ejer:landbrug", "ejer:offentlig_øvrig"},
}

// indicatorKind is a family of indicators; the generated ones are numbered variants.
type indicatorKind struct {
	da, en    string
	unit      string
	direction string  // "higher" or "lower" is better
	scale     float64 // typical value for a municipality of 50,000 people
	trend     float64 // yearly change
	percent   bool    // a share: not additive, kept within 0–100
	breakdown int     // index in breakdownSets when the indicator is split; -1 when it cannot be
	theme     int     // index in themeTree
}

var indicatorKinds = []indicatorKind{
	{"Udledning af drivhusgasser", "Greenhouse gas emissions", "t CO2e", "lower", 400000, -0.035, false, 0, 0},
	{"Energiforbrug i bygninger", "Energy use in buildings", "MWh", "lower", 900000, -0.012, false, 1, 0},
	{"Personture", "Trips", "ture", "higher", 30000000, 0.004, false, 2, 1},
	{"Indsamlet husholdningsaffald", "Household waste collected", "t", "lower", 22000, -0.008, false, 3, 3},
	{"Skovrejsning", "Afforestation", "ha", "higher", 40, 0.06, false, 4, 2},
	{"Solcellekapacitet", "Solar capacity", "MW", "higher", 8, 0.18, false, 4, 0},
	{"Elbiler", "Electric cars", "antal", "higher", 200, 0.35, false, 4, 1},
	{"Udtagne lavbundsjorde", "Rewetted peatland", "ha", "higher", 60, 0.08, false, 4, 2},
	{"Vedvarende energi i energiforbruget", "Renewable share of energy use", "%", "higher", 25, 0.05, true, -1, 0},
	{"Genanvendelsesprocent", "Recycling rate", "%", "higher", 35, 0.025, true, -1, 3},
	{"Cykelandel af ture", "Bicycle share of trips", "%", "higher", 18, 0.01, true, -1, 1},
	{"Andel økologiske fødevarer i køkkener", "Organic share of food in kitchens", "%", "higher", 30, 0.04, true, -1, 5},
	{"Befæstet areal afkoblet fra kloak", "Paved area disconnected from sewers", "%", "higher", 5, 0.08, true, -1, 4},
	{"Grønne indkøb", "Green procurement", "% af udbud", "higher", 20, 0.07, true, -1, 5},
}

var actionStatusWeights = []struct {
	status string
	weight int
}{{"planned", 25}, {"in_progress", 40}, {"completed", 20}, {"delayed", 10}, {"cancelled", 5}}

var planStatuses = []string{"adopted", "adopted", "adopted", "adopted", "under_revision", "draft"}
