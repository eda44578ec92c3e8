package gen

import "klimaspor/internal/model"

// The word lists of the generated library items. Nouns come in all four forms, so that the
// text holds the inflections a Danish search must match (varmepumpe, varmepumpen,
// varmepumper, varmepumperne).

type noun struct{ sg, sgDef, pl, plDef string }

type adjective struct{ t, pl string } // neuter (grønt) and plural/definite (grønne)

// familyNouns are the nouns of each theme family, by themeTree index.
var familyNouns = [][]noun{
	{ // energi
		{"varmepumpe", "varmepumpen", "varmepumper", "varmepumperne"},
		{"solcelle", "solcellen", "solceller", "solcellerne"},
		{"energirenovering", "energirenoveringen", "energirenoveringer", "energirenoveringerne"},
		{"fjernvarmeværk", "fjernvarmeværket", "fjernvarmeværker", "fjernvarmeværkerne"},
		{"vindmølle", "vindmøllen", "vindmøller", "vindmøllerne"},
		{"oliefyr", "oliefyret", "oliefyr", "oliefyrene"},
		{"energitjek", "energitjekket", "energitjek", "energitjekkene"},
		{"energibesparelse", "energibesparelsen", "energibesparelser", "energibesparelserne"},
		{"etagebolig", "etageboligen", "etageboliger", "etageboligerne"},
	},
	{ // transport
		{"cykelsti", "cykelstien", "cykelstier", "cykelstierne"},
		{"elbil", "elbilen", "elbiler", "elbilerne"},
		{"ladestander", "ladestanderen", "ladestandere", "ladestanderne"},
		{"samkørselsordning", "samkørselsordningen", "samkørselsordninger", "samkørselsordningerne"},
		{"elbus", "elbussen", "elbusser", "elbusserne"},
		{"pendler", "pendleren", "pendlere", "pendlerne"},
		{"delebil", "delebilen", "delebiler", "delebilerne"},
		{"supercykelsti", "supercykelstien", "supercykelstier", "supercykelstierne"},
		{"køretøjsflåde", "køretøjsflåden", "køretøjsflåder", "køretøjsflåderne"},
	},
	{ // landbrug og natur
		{"lavbundsjord", "lavbundsjorden", "lavbundsjorder", "lavbundsjorderne"},
		{"biogasanlæg", "biogasanlægget", "biogasanlæg", "biogasanlæggene"},
		{"skov", "skoven", "skove", "skovene"},
		{"efterafgrøde", "efterafgrøden", "efterafgrøder", "efterafgrøderne"},
		{"vådområde", "vådområdet", "vådområder", "vådområderne"},
		{"landmand", "landmanden", "landmænd", "landmændene"},
		{"naturpark", "naturparken", "naturparker", "naturparkerne"},
	},
	{ // affald og ressourcer
		{"affaldssortering", "affaldssorteringen", "affaldssorteringer", "affaldssorteringerne"},
		{"madspildsindsats", "madspildsindsatsen", "madspildsindsatser", "madspildsindsatserne"},
		{"plastemballage", "plastemballagen", "plastemballager", "plastemballagerne"},
		{"genbrugsplads", "genbrugspladsen", "genbrugspladser", "genbrugspladserne"},
		{"affaldsordning", "affaldsordningen", "affaldsordninger", "affaldsordningerne"},
		{"renseanlæg", "renseanlægget", "renseanlæg", "renseanlæggene"},
		{"affaldsfraktion", "affaldsfraktionen", "affaldsfraktioner", "affaldsfraktionerne"},
		{"madaffaldsspand", "madaffaldsspanden", "madaffaldsspande", "madaffaldsspandene"},
	},
	{ // klimatilpasning
		{"skybrudsvej", "skybrudsvejen", "skybrudsveje", "skybrudsvejene"},
		{"dige", "diget", "diger", "digerne"},
		{"regnvandsbassin", "regnvandsbassinet", "regnvandsbassiner", "regnvandsbassinerne"},
		{"oversvømmelse", "oversvømmelsen", "oversvømmelser", "oversvømmelserne"},
		{"kystbeskyttelse", "kystbeskyttelsen", "kystbeskyttelser", "kystbeskyttelserne"},
		{"grønt tag", "det grønne tag", "grønne tage", "de grønne tage"},
		{"faskine", "faskinen", "faskiner", "faskinerne"},
	},
	{ // forbrug og indkøb
		{"indkøbsaftale", "indkøbsaftalen", "indkøbsaftaler", "indkøbsaftalerne"},
		{"udbud", "udbuddet", "udbud", "udbuddene"},
		{"møbel", "møblet", "møbler", "møblerne"},
		{"klimakrav", "klimakravet", "klimakrav", "klimakravene"},
		{"kantine", "kantinen", "kantiner", "kantinerne"},
		{"madplan", "madplanen", "madplaner", "madplanerne"},
		{"leverandør", "leverandøren", "leverandører", "leverandørerne"},
		{"klimaaftryk", "klimaaftrykket", "klimaaftryk", "klimaaftrykkene"},
	},
}

// sharedNouns belong to every family.
var sharedNouns = []noun{
	{"klimaplan", "klimaplanen", "klimaplaner", "klimaplanerne"},
	{"klimaregnskab", "klimaregnskabet", "klimaregnskaber", "klimaregnskaberne"},
	{"handleplan", "handleplanen", "handleplaner", "handleplanerne"},
	{"kommune", "kommunen", "kommuner", "kommunerne"},
	{"borger", "borgeren", "borgere", "borgerne"},
	{"virksomhed", "virksomheden", "virksomheder", "virksomhederne"},
	{"borgermøde", "borgermødet", "borgermøder", "borgermøderne"},
	{"partnerskab", "partnerskabet", "partnerskaber", "partnerskaberne"},
	{"indsats", "indsatsen", "indsatser", "indsatserne"},
	{"målsætning", "målsætningen", "målsætninger", "målsætningerne"},
}

var adjectives = []adjective{
	{"grønt", "grønne"}, {"klimavenligt", "klimavenlige"}, {"cirkulært", "cirkulære"}, {"bæredygtigt", "bæredygtige"},
	{"lokalt", "lokale"}, {"kommunalt", "kommunale"}, {"nyt", "nye"}, {"fælles", "fælles"}, {"fossilfrit", "fossilfrie"},
	{"tværkommunalt", "tværkommunale"},
}

// titleTemplates are the titles of each kind; see textWords.fill for the slots.
var titleTemplates = map[string][]string{
	"guide":           {"guide til {np} i {p}", "sådan kommer I i gang med {n}", "vejledning: {nd} trin for trin", "håndbog om {a} {np}"},
	"tender_material": {"udbudsmateriale for {np}", "kravspecifikation til {n}", "skabelon til udbud af {np}", "udbudskit: {a} {np}"},
	"principles":      {"principper for {a} {np}", "fælles retningslinjer for {np}", "{a} principper for {np} i {p}"},
	"campaign":        {"kampagne: {a} {np} i {p}", "kampagnemateriale om {n}", "kampagnen om {npd} i {p}"},
	"case":            {"case: {nd} i {p}", "erfaringer med {np} fra {p}", "sådan lykkedes {p} med {np}"},
	"fact_sheet":      {"faktaark om {np}", "fakta: {nd} i tal", "spørgsmål og svar om {np}"},
	"video_link":      {"video: {n} forklaret", "film om {np} i {p}", "webinar om {a} {np}"},
	"quiz":            {"quiz om {n}", "test din viden om {np}", "quiz: hvor meget ved du om {npd}?"},
	"idea":            {"idé: {a} {np} i {p}", "forslag om flere {np}", "idékatalog: {a} {np}"},
}

// summaryLeads open an item's summary and body.
var summaryLeads = map[string][]string{
	"guide":           {"en praktisk guide til kommuner, der vil arbejde med {np}.", "guiden viser, hvordan {npd} kan indgå i {nd}."},
	"tender_material": {"materiale, som kommunen kan bruge, når {np} skal i udbud.", "færdige krav og skabeloner til udbud af {np}."},
	"principles":      {"fælles principper, der gør det lettere at stille ens krav til {np}.", "retningslinjer for {a} {np}, vedtaget i fællesskab."},
	"campaign":        {"en kampagne, der skal få flere borgere til at tage {np} i brug.", "kampagnemateriale til arbejdspladser og borgere om {np}."},
	"case":            {"{p} fortæller om sine erfaringer med {np}.", "et eksempel fra {p} på, hvordan {npd} blev en del af {nd}."},
	"fact_sheet":      {"de vigtigste tal om {np} samlet på én side.", "kort og præcist om {np} og deres betydning for klimaet."},
	"video_link":      {"en kort film om {np} og {npd} i praksis.", "optagelse af et webinar om {a} {np}."},
	"quiz":            {"en quiz, der tester borgernes viden om {np}.", "spørgsmål til undervisning og borgermøder om {np}."},
	"idea":            {"forslag: {p} kan opnå en større klimaeffekt med {a} {np}.", "en idé til {nd}: flere {np} og færre {np}."},
}

var sentences = []string{
	"{npd} er en vigtig del af {nd} i {p}.",
	"kommunen har siden {y} arbejdet med {np} og {np}.",
	"erfaringerne viser, at {a} {np} kræver ledelsesmæssig opbakning og et vedvarende fokus.",
	"i {y} blev {pct} procent af {npd} omfattet af {nd}.",
	"{k} kommuner deler nu deres viden om {np} i et fælles netværk.",
	"det er vigtigt at inddrage {npd} tidligt, når {nd} skal gennemføres.",
	"en evaluering peger på, at {npd} kan reducere udledningen med op til {pct} procent.",
	"materialet kan frit bruges af kommuner, regioner og virksomheder.",
	"{nd} blev afprøvet i et pilotprojekt med {k} deltagere.",
	"næste skridt er at koble {npd} til {nd} og følge op på effekten.",
	"flere kommuner har skrevet {np} ind i deres klimaplaner.",
	"omstillingen til {a} {np} går hurtigere, når kommunerne samarbejder på tværs.",
	"{p} har oprettet en ordning for {np}, som borgerne kan tilmelde sig.",
	"udgifterne til {np} blev delvist dækket af statslige puljer.",
	"der er stadig et stort potentiale i {np}, især i de mindre kommuner.",
	"{npd} og {npd} hænger tæt sammen i den lokale klimaindsats.",
	"borgerne i {p} har taget godt imod {npd}.",
	"uden {np} kan målet om {pct} procents reduktion ikke nås.",
}

var listItems = []string{
	"kortlæg {npd} i kommunen",
	"sæt mål for {np} frem mod 2030",
	"inddrag {npd} og {npd}",
	"stil krav om {a} {np} i udbud",
	"del erfaringer med {np} i netværket",
	"følg op på {nd} hvert år",
	"afsæt ressourcer til {np}",
	"kommunikér resultaterne til {npd}",
}

var headings = []string{"Baggrund", "Sådan gør I", "Erfaringer", "Næste skridt", "Hvem kan bruge materialet?", "Resultater", "Gode råd"}

// familySectors are the sectors an item of each theme family may be of.
var familySectors = [][]string{
	{model.SectorEnergy, model.SectorIndustrialProcesses, model.SectorCrossCutting},
	{model.SectorTransport},
	{model.SectorAgriculture, model.SectorLandUse},
	{model.SectorWasteWastewater},
	{model.SectorAdaptation},
	{model.SectorConsumptionProcurement, model.SectorCrossCutting},
}

// englishKinds give a third of the items an English title that says what they are.
var englishKinds = map[string]string{
	"guide": "guide", "tender_material": "tender material", "principles": "principles", "campaign": "campaign",
	"case": "case", "fact_sheet": "fact sheet", "video_link": "video", "quiz": "quiz", "idea": "idea",
}
