package i18n

// Texts of the front page's project progress and map measures.
var _ = register(map[string]msg{
	"home.progress_col":    {"Fremdrift på nøgletal", "Indicator progress"},
	"home.no_indicators":   {"Ingen nøgletal med mål", "No indicators with targets"},
	"home.ind_unmeasured":  {"ikke målt endnu (mål: %s i %s)", "not measured yet (target: %s in %s)"},
	"home.ind_many":        {"målt for %s organisationer (%s), se projektet", "measured for %s organisations (%s), see the project"},
	"home.ind_latest":      {"%s (%s), mål: %s i %s", "%s (%s), target: %s in %s"},
	"home.ind_bar":         {"Fremdrift mod målet: %s", "Progress toward the target: %s"},
	"home.map_choose":      {"Farv kortet efter", "Colour the map by"},
	"home.map_show":        {"Vis kortet", "Show the map"},
	"home.map_bad_measure": {"Kortet kan ikke farves efter det valgte mål; det viser udledning pr. indbygger.", "The map cannot be coloured by the chosen measure; it shows emissions per inhabitant."},

	"home.measure.co2-pr-indbygger": {"Udledning pr. indbygger", "Emissions per inhabitant"},
	"home.measure.co2-i-alt":        {"Udledning i alt", "Total emissions"},
	"home.measure.ve-andel":         {"Selvforsyning med vedvarende el", "Self-sufficiency in renewable electricity"},
	"home.measure.indsatser":        {"Antal indsatser", "Number of actions"},

	"home.map_title.co2-pr-indbygger": {"Udledning af drivhusgasser pr. indbygger %d", "Greenhouse gas emissions per inhabitant %d"},
	"home.map_title.co2-i-alt":        {"Udledning af drivhusgasser i alt %d", "Total greenhouse gas emissions %d"},
	"home.map_title.ve-andel":         {"Selvforsyning med vedvarende el %d", "Self-sufficiency in renewable electricity %d"},
	"home.map_title.indsatser":        {"Antal indsatser i kommunernes planer", "Number of actions in the municipalities' plans"},
	"home.map_desc.co2-pr-indbygger":  {"Kort over kommunerne i %s, farvet efter udledning pr. indbygger. Mørkere farve betyder større udledning.", "Map of the municipalities in %s, coloured by emissions per inhabitant. A darker colour means higher emissions."},
	"home.map_desc.co2-i-alt":         {"Kort over kommunerne i %s, farvet efter den samlede udledning. Mørkere farve betyder større udledning.", "Map of the municipalities in %s, coloured by total emissions. A darker colour means higher emissions."},
	"home.map_desc.ve-andel":          {"Kort over kommunerne i %s, farvet efter selvforsyning med vedvarende el. Mørkere farve betyder højere andel.", "Map of the municipalities in %s, coloured by self-sufficiency in renewable electricity. A darker colour means a higher share."},
	"home.map_desc.indsatser":         {"Kort over kommunerne i %s, farvet efter antal indsatser. Mørkere farve betyder flere indsatser.", "Map of the municipalities in %s, coloured by number of actions. A darker colour means more actions."},
	"home.map_unit.co2-pr-indbygger":  {"ton CO2e pr. indbygger", "tonnes CO2e per inhabitant"},
	"home.map_unit.co2-i-alt":         {"ton CO2e", "tonnes CO2e"},
	"home.map_unit.ve-andel":          {"procent", "per cent"},
	"home.map_unit.indsatser":         {"indsatser", "actions"},
})
