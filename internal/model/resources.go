package model

import (
	"fmt"
	"slices"
	"strings"
)

// The fixed value lists. Names in code are English; the UI translates them.
var (
	OrganisationKinds = []string{"region", "municipality", "secretariat", "partner", "company", "other", "country", "network"}
	PlanKinds         = []string{"climate_plan", "result_contract", "strategy", "other"}
	PlanStatuses      = []string{"draft", "adopted", "under_revision"}
	ActionStatuses    = []string{"planned", "in_progress", "completed", "delayed", "cancelled"}
	Directions        = []string{"higher", "lower"}
	Roles             = []string{"member", "follower"}
	PeriodKinds       = []string{"year", "half", "quarter", "month", "date"}
	// RoundKinds are the kinds of a status-reporting round: the half-yearly status or the
	// final report at the end of a project period.
	RoundKinds = []string{"regular", "final"}
	// EmissionBoundaries are what an emission target counts: the whole territorial account
	// (the Energy Agency's sectors), the account without land use, or energy and transport only.
	EmissionBoundaries = []string{"territorial", "territorial_excl_lulucf", "energy_transport"}
	// ReportStates are a status report's states, in the order of the workflow (see
	// internal/reporting, which holds the moves between them).
	ReportStates = []string{"not_started", "draft", "submitted", "returned", "approved"}
	// Languages are the languages a record's texts are written in (see Action.TitleIn).
	Languages = []string{"da", "en"}
	// ActivitySectors are the sectors of the own calculation's activity data, in the words
	// internal/emissions' examples use (the action sectors that emit); the calculation adds
	// its results up by them.
	ActivitySectors = []string{SectorEnergy, SectorTransport, SectorAgriculture, SectorWasteWastewater, SectorIndustrialProcesses, SectorLandUse}
	// FactorGases are the gases an emission factor gives, as internal/emissions names them
	// (emissions.Gases); CO2_biogenic is the memo item outside the totals.
	FactorGases = []string{"CO2", "CH4", "N2O", "CO2_biogenic"}
	// ConsumptionCategories are the categories of a consumption-based footprint per
	// inhabitant (internal/emissions' footprint.go): mobility, food, housing, and goods and
	// services, as the DK2020 plan updates use them.
	ConsumptionCategories = []string{"mobility", "food", "housing", "goods_services"}
	// LibraryKinds are the kinds of a knowledge-library item (issue 15): the tools, guides,
	// tender kits, principles, campaigns, cases and ideas the joint projects produced.
	LibraryKinds = []string{"guide", "tender_material", "principles", "campaign", "case", "fact_sheet", "video_link", "quiz", "idea"}
)

// ReservedFactorSet is the name of the factor set shipped with Klimaspor
// (emissions.DefaultSetName): a stored set may not take it.
const ReservedFactorSet = "default"

func num(v float64) *float64 { return &v }

var (
	yearMin, yearMax = num(1900), num(2100)
)

// common fields every resource has.
func withBase(fields ...Field) []Field {
	out := []Field{{Name: "id", Kind: Int, ReadOnly: true, Doc: "identifier"}}
	out = append(out, fields...)
	return append(out,
		Field{Name: "version", Kind: Int, ReadOnly: true, Doc: "increases with every change; send it back when updating"},
		Field{Name: "created_at", Kind: String, ReadOnly: true, Doc: "RFC 3339 time of creation"},
		Field{Name: "updated_at", Kind: String, ReadOnly: true, Doc: "RFC 3339 time of the last change"},
	)
}

func year(name, sheet, doc string) Field {
	return Field{Name: name, Kind: Int, Min: yearMin, Max: yearMax, Sheet: sheet, Doc: doc}
}

func required(f Field) Field { f.Required = true; return f }

func text(name, sheet string, required bool, maxLen int, doc string) Field {
	return Field{Name: name, Kind: String, Required: required, MaxLen: maxLen, Sheet: sheet, Doc: doc}
}

var (
	Organisations = &Resource{
		Name: "organisations", Table: "organisations", Singular: "organisation", Key: "code",
		Fields: withBase(
			Field{Name: "kind", Kind: String, Required: true, Enum: OrganisationKinds, Sheet: "type", Doc: "kind of organisation"},
			Field{Name: "code", Kind: String, Required: true, MaxLen: 20, Sheet: "kode", Doc: "official code: 3-digit kommunekode, 4-digit region code, or a short code of our own for others"},
			text("name_da", "navn", true, 200, "name in Danish"),
			text("name_en", "navn_en", false, 200, "name in English"),
			Field{Name: "parent_id", Kind: Ref, Ref: "organisations", Sheet: "overordnet", Doc: "parent organisation (a municipality's region)"},
			Field{Name: "population", Kind: Populations, Sheet: "befolkning", Doc: "population by year, with source"},
			Field{Name: "member_ids", Kind: RefList, Ref: "organisations", Sheet: "medlemmer", Doc: "a network's member municipalities (a saved group, such as Klimaalliancen); only a network has members"},
		),
		Filters: []Filter{{"kind", String, "organisation kind"}, {"parent", Int, "parent organisation id"}, {"code", String, "official code"}, {"q", String, "text in the name"}},
		Sorts:   []string{"name_da", "code", "kind"},
		Check:   checkOrganisation,
	}

	Themes = &Resource{
		Name: "themes", Table: "themes", Singular: "theme", Key: "code",
		Fields: withBase(
			Field{Name: "code", Kind: String, Required: true, MaxLen: 60, Sheet: "kode", Doc: "short code"},
			Field{Name: "parent_id", Kind: Ref, Ref: "themes", Sheet: "overordnet", Doc: "parent theme in the taxonomy"},
			text("name_da", "navn", true, 200, "name in Danish"),
			text("name_en", "navn_en", false, 200, "name in English"),
		),
		Filters: []Filter{{"parent", Int, "parent theme id"}, {"code", String, "code"}},
		Sorts:   []string{"code", "name_da"},
	}

	Plans = &Resource{
		Name: "plans", Table: "plans", Singular: "plan", Key: "code",
		Fields: withBase(
			Field{Name: "code", Kind: String, Required: true, MaxLen: 60, Sheet: "kode", Doc: "short unique code"},
			Field{Name: "organisation_id", Kind: Ref, Ref: "organisations", Required: true, Sheet: "organisation", Doc: "owner"},
			Field{Name: "kind", Kind: String, Required: true, Enum: PlanKinds, Sheet: "type", Doc: "kind of plan"},
			text("title", "titel", true, 300, "title"),
			text("description", "beskrivelse", false, 8000, "description"),
			Field{Name: "adopted_on", Kind: Date, Sheet: "vedtaget", Doc: "date adopted"},
			year("period_start", "periode_start", "first year of the plan period"),
			year("period_end", "periode_slut", "last year of the plan period"),
			year("baseline_year", "basisaar", "baseline year"),
			Field{Name: "status", Kind: String, Required: true, Enum: PlanStatuses, Sheet: "status", Doc: "status"},
			Field{Name: "published", Kind: Bool, Sheet: "offentliggjort", Doc: "shown to the public; a plan is a draft, seen only by its organisation, until published"},
			Field{Name: "example", Kind: Bool, Sheet: "eksempel", Doc: "generated example content, not real data"},
			text("source", "kilde", false, 2000, "where the facts came from"),
		),
		Filters: []Filter{{"code", String, "code"}, {"organisation", Int, "owner organisation id"}, {"kind", String, "plan kind"}, {"status", String, "status"}, {"from", Int, "plan period ends in or after this year"}, {"to", Int, "plan period starts in or before this year"}},
		Sorts:   []string{"title", "code"},
		Check:   checkPlan,
	}

	Goals = &Resource{
		Name: "goals", Table: "goals", Singular: "goal",
		Fields: withBase(
			Field{Name: "plan_id", Kind: Ref, Ref: "plans", Doc: "the plan the goal belongs to (or a project)"},
			Field{Name: "project_id", Kind: Ref, Ref: "projects", Doc: "the joint project the goal belongs to (or a plan)"},
			Field{Name: "parent_id", Kind: Ref, Ref: "goals", Doc: "the goal this is a part of"},
			Field{Name: "position", Kind: Int, Min: num(0), Max: num(10000), Doc: "order among its siblings"},
			text("text_da", "", true, 4000, "the goal in Danish"),
			text("text_en", "", false, 4000, "the goal in English"),
			Field{Name: "indicator_id", Kind: Ref, Ref: "indicators", Doc: "indicator that measures the goal"},
			Field{Name: "target_value", Kind: Float, Doc: "target value of the indicator"},
			year("target_year", "", "year the target is to be reached"),
			text("source", "", false, 2000, "where the goal is stated"),
		),
		Filters: []Filter{{"plan", Int, "plan id"}, {"project", Int, "project id"}, {"indicator", Int, "indicator id"}, {"parent", Int, "parent goal id"}},
		Sorts:   []string{"position"},
		Check:   checkGoal,
	}

	Programmes = &Resource{
		Name: "programmes", Table: "programmes", Singular: "programme", Key: "code",
		Fields: withBase(
			Field{Name: "code", Kind: String, Required: true, MaxLen: 60, Sheet: "kode", Doc: "short unique code"},
			text("name_da", "navn", true, 300, "name in Danish"),
			text("name_en", "navn_en", false, 300, "name in English"),
			year("period_start", "periode_start", "first year"),
			year("period_end", "periode_slut", "last year"),
			Field{Name: "organisation_id", Kind: Ref, Ref: "organisations", Sheet: "organisation", Doc: "organisation that runs the programme"},
			text("description", "beskrivelse", false, 8000, "description"),
			text("source", "kilde", false, 2000, "where the facts came from"),
		),
		Filters: []Filter{{"code", String, "code"}, {"organisation", Int, "organisation id"}},
		Sorts:   []string{"code"},
		Check:   checkPeriod,
	}

	Projects = &Resource{
		Name: "projects", Table: "projects", Singular: "project", Key: "code",
		Fields: withBase(
			Field{Name: "programme_id", Kind: Ref, Ref: "programmes", Required: true, Sheet: "program", Doc: "programme"},
			Field{Name: "code", Kind: String, Required: true, MaxLen: 60, Sheet: "kode", Doc: "short unique code, e.g. VIP3"},
			text("name_da", "navn", true, 300, "name in Danish"),
			text("name_en", "navn_en", false, 300, "name in English"),
			text("description", "beskrivelse", false, 8000, "description"),
			year("period_start", "periode_start", "first year"),
			year("period_end", "periode_slut", "last year"),
			Field{Name: "cost_dkk", Kind: Float, Min: num(0), Sheet: "pris_kr", Doc: "cost estimate in DKK (the low end of a range)"},
			Field{Name: "cost_dkk_high", Kind: Float, Min: num(0), Sheet: "pris_kr_hoej", Doc: "high end of the cost estimate in DKK, when it is a range"},
			text("source", "kilde", false, 2000, "where the facts came from"),
			Field{Name: "leads", Kind: RefList, Ref: "organisations", ReadOnly: true, Doc: "lead organisations (tovholdere), from the participants"},
			Field{Name: "participants", Kind: Participations, ReadOnly: true, Doc: "participating organisations with their role"},
		),
		Filters: []Filter{{"code", String, "code"}, {"programme", Int, "programme id"}, {"organisation", Int, "a participating organisation's id"}},
		Sorts:   []string{"code"},
		Check:   checkProject,
	}

	Participants = &Resource{
		Name: "participants", Table: "participants", Singular: "participant",
		Fields: withBase(
			Field{Name: "project_id", Kind: Ref, Ref: "projects", Required: true, Doc: "project"},
			Field{Name: "organisation_id", Kind: Ref, Ref: "organisations", Required: true, Doc: "participating organisation"},
			Field{Name: "role", Kind: String, Required: true, Enum: Roles, Doc: "member or follower"},
			Field{Name: "lead", Kind: Bool, Doc: "the organisation is a lead (tovholder) of the project"},
			Field{Name: "joined_on", Kind: Date, Doc: "date joined"},
			Field{Name: "left_on", Kind: Date, Doc: "date left"},
			text("source", "", false, 2000, "where the participation is stated"),
		),
		Filters: []Filter{{"project", Int, "project id"}, {"organisation", Int, "organisation id"}, {"role", String, "role"}, {"lead", Bool, "only leads (true) or only others (false)"}},
		Sorts:   []string{"organisation_id"},
		Check:   checkParticipant,
	}

	Actions = &Resource{
		Name: "actions", Table: "actions", Singular: "action",
		Fields: withBase(
			Field{Name: "plan_id", Kind: Ref, Ref: "plans", Sheet: "plan", Doc: "the plan the action belongs to (or a project)"},
			Field{Name: "project_id", Kind: Ref, Ref: "projects", Sheet: "projekt", Doc: "the joint project the action belongs to (or a plan)"},
			text("title", "titel", true, 300, "title"),
			text("title_en", "titel_en", false, 300, "title in English, when the action has one"),
			Field{Name: "language", Kind: String, Enum: Languages, Sheet: "sprog", Doc: "the language the title and description are written in: da (the default) or en"},
			text("description", "beskrivelse", false, 8000, "description"),
			Field{Name: "sector", Kind: String, Required: true, Enum: Sectors, Sheet: "sektor", Doc: "sector"},
			Field{Name: "theme_ids", Kind: RefList, Ref: "themes", Sheet: "temaer", Doc: "themes"},
			Field{Name: "organisation_id", Kind: Ref, Ref: "organisations", Required: true, Sheet: "ansvarlig", Doc: "responsible organisation"},
			Field{Name: "start_date", Kind: Date, Sheet: "start", Doc: "start date"},
			Field{Name: "end_date", Kind: Date, Sheet: "slut", Doc: "end date"},
			Field{Name: "status", Kind: String, Required: true, Enum: ActionStatuses, Sheet: "status", Doc: "status"},
			Field{Name: "progress", Kind: Float, Min: num(0), Max: num(100), Sheet: "fremdrift_pct", Doc: "progress in per cent"},
			text("status_note", "statusnote", false, 2000, "why the status and progress are what they are (a delay's reason, say); kept in the status history with each change, and cleared by a change of status or progress that does not give a new one"),
			Field{Name: "effect_t_co2e", Kind: Float, Min: num(0), Max: num(1e9), Sheet: "effekt_t_co2e", Doc: "expected reduction, t CO2e per year"},
			year("effect_start_year", "effekt_fra_aar", "year the effect starts"),
			Field{Name: "cost_dkk", Kind: Float, Min: num(0), Max: num(1e13), Sheet: "pris_kr", Doc: "cost estimate in DKK"},
			Field{Name: "joint", Kind: Bool, Sheet: "faelles", Doc: "done jointly with other organisations"},
			Field{Name: "partner_ids", Kind: RefList, Ref: "organisations", Sheet: "partnere", Doc: "organisations the action is done with"},
			Field{Name: "library_item_id", Kind: Ref, Ref: "library-items", Doc: "the knowledge library's item the action was made from (an idea turned into an action) or follows (not in spreadsheets: library items have no natural key)"},
			Field{Name: "published", Kind: Bool, Sheet: "offentliggjort", Doc: "shown to the public; an action is a draft, seen only by its organisation, until published"},
			Field{Name: "example", Kind: Bool, Sheet: "eksempel", Doc: "generated example content, not real data"},
			text("source", "kilde", false, 2000, "where the facts came from"),
		),
		Filters: []Filter{{"organisation", Int, "responsible organisation id"}, {"plan", Int, "plan id"}, {"project", Int, "project id"}, {"sector", String, "sector"}, {"theme", Int, "theme id (includes its sub-themes)"}, {"status", String, "status"}, {"joint", Bool, "done jointly (true) or alone (false)"}, {"effect", Bool, "has an expected effect in t CO2e a year (true) or not (false)"}, {"from", Int, "runs in or after this year"}, {"to", Int, "runs in or before this year"}, {"q", String, "text in title or description"}, {"library_item", Int, "the knowledge library's item the action was made from"}},
		Sorts:   []string{"title", "sector", "status"},
		Check:   checkAction,
	}

	// LibraryItems are the knowledge library's items (issue 15). The secretariat curates
	// them; an organisation's editors propose items of their own organisation, which stay
	// drafts (unpublished) until the secretariat publishes them.
	LibraryItems = &Resource{
		Name: "library-items", Table: "library_items", Singular: "library item",
		Fields: withBase(
			text("title", "titel", true, 300, "title in Danish"),
			text("title_en", "titel_en", false, 300, "title in English, when the item has one"),
			text("summary", "resume", false, 2000, "short summary"),
			text("body", "tekst", false, 100000, "the item's text, in Markdown"),
			Field{Name: "kind", Kind: String, Required: true, Enum: LibraryKinds, Sheet: "type", Doc: "kind of item"},
			Field{Name: "theme_ids", Kind: RefList, Ref: "themes", Sheet: "temaer", Doc: "themes"},
			Field{Name: "project_ids", Kind: RefList, Ref: "projects", Sheet: "projekter", Doc: "the joint projects the item comes from or belongs to"},
			Field{Name: "action_ids", Kind: RefList, Ref: "actions", Doc: "the actions the item relates to (an action made from the item names it itself: library_item_id; not in spreadsheets: actions have no natural key)"},
			Field{Name: "indicator_ids", Kind: RefList, Ref: "indicators", Sheet: "indikatorer", Doc: "the indicators the item relates to"},
			year("year", "aar", "the year the material is from"),
			Field{Name: "organisation_id", Kind: Ref, Ref: "organisations", Sheet: "organisation", Doc: "the organisation that proposed the item and whose editors may change it while it is unpublished (none: the secretariat's own)"},
			Field{Name: "sector", Kind: String, Enum: Sectors, Sheet: "sektor", Doc: "sector"},
			Field{Name: "language", Kind: String, Enum: Languages, Sheet: "sprog", Doc: "the language the item is written in: da (the default) or en"},
			text("licence", "licens", false, 200, "licence the material may be used under, e.g. CC BY 4.0"),
			Field{Name: "expected_effect_t_co2e", Kind: Float, Min: num(0), Max: num(1e9), Sheet: "forventet_effekt_t_co2e", Doc: "an idea's expected reduction, t CO2e per year"},
			Field{Name: "cost_dkk", Kind: Float, Min: num(0), Max: num(1e13), Sheet: "pris_kr", Doc: "an idea's cost estimate in DKK"},
			Field{Name: "published", Kind: Bool, Sheet: "offentliggjort", Doc: "shown to the public; an item is a draft, seen only by its organisation and the secretariat, until the secretariat publishes it"},
			Field{Name: "example", Kind: Bool, Sheet: "eksempel", Doc: "generated example content, not real data"},
			text("source", "kilde", false, 2000, "where the material comes from"),
		),
		Filters: []Filter{{"kind", String, "kind"}, {"theme", Int, "theme id (includes its sub-themes)"}, {"project", Int, "project id"}, {"published", Bool, "published (true) or draft (false)"}, {"organisation", Int, "proposing organisation id"}, {"action", Int, "action id (named by the item)"}, {"indicator", Int, "indicator id"}},
		Sorts:   []string{"title", "kind", "year"},
	}

	Indicators = &Resource{
		Name: "indicators", Table: "indicators", Singular: "indicator", Key: "code",
		Fields: withBase(
			Field{Name: "code", Kind: String, Required: true, MaxLen: 80, Sheet: "kode", Doc: "short unique code"},
			text("name_da", "navn", true, 300, "name in Danish"),
			text("name_en", "navn_en", false, 300, "name in English"),
			text("unit", "enhed", true, 40, "unit"),
			text("unit_en", "enhed_en", false, 40, "unit in English (\"\": the same as unit)"),
			Field{Name: "direction", Kind: String, Required: true, Enum: Directions, Sheet: "retning", Doc: "whether higher or lower values are better"},
			text("description", "beskrivelse", false, 8000, "description"),
			text("method", "metode", false, 8000, "how it is measured"),
			Field{Name: "owner_plan_id", Kind: Ref, Ref: "plans", Sheet: "ejer_plan", Doc: "owner: a plan"},
			Field{Name: "owner_project_id", Kind: Ref, Ref: "projects", Sheet: "ejer_projekt", Doc: "owner: a joint project"},
			Field{Name: "owner_organisation_id", Kind: Ref, Ref: "organisations", Sheet: "ejer_organisation", Doc: "owner: an organisation"},
			Field{Name: "theme_id", Kind: Ref, Ref: "themes", Sheet: "tema", Doc: "theme the indicator measures"},
			year("baseline_year", "basisaar", "baseline year"),
			Field{Name: "baseline_value", Kind: Float, Sheet: "basisvaerdi", Doc: "baseline value"},
			Field{Name: "targets", Kind: Targets, Sheet: "maal", Doc: "target values by year"},
			Field{Name: "owner_only", Kind: Bool, Sheet: "kun_ejer", Doc: "whether only the owner's people, the secretariat and admins report its values (else each organisation within its reach reports its own)"},
			Field{Name: "example", Kind: Bool, Sheet: "eksempel", Doc: "generated example content, not real data"},
			text("source", "kilde", false, 2000, "where the facts came from"),
		),
		Filters: []Filter{{"plan", Int, "owner plan id"}, {"project", Int, "owner project id"}, {"organisation", Int, "owner organisation id"}, {"theme", Int, "theme id"}, {"code", String, "code"}},
		Sorts:   []string{"code", "name_da"},
		Check:   checkIndicator,
	}

	IndicatorValues = &Resource{
		Name: "indicator-values", Table: "indicator_values", Singular: "indicator value",
		Fields: withBase(
			Field{Name: "indicator_id", Kind: Ref, Ref: "indicators", Required: true, Sheet: "indikator", Doc: "indicator"},
			Field{Name: "organisation_id", Kind: Ref, Ref: "organisations", Required: true, Sheet: "organisation", Doc: "organisation the value is for"},
			Field{Name: "period", Kind: Period, Required: true, Sheet: "periode", Doc: "2023, 2023-H1, 2023-Q2, 2023-05 or 2023-05-17"},
			Field{Name: "period_kind", Kind: String, Enum: PeriodKinds, ReadOnly: true, Doc: "year, half, quarter, month or date"},
			Field{Name: "period_year", Kind: Int, ReadOnly: true, Doc: "the period's year"},
			Field{Name: "breakdown", Kind: String, MaxLen: 200, Sheet: "opdeling", Doc: `part of the total this value is (e.g. "fuel:gas"); "" is the total`},
			Field{Name: "value", Kind: Float, Required: true, Sheet: "vaerdi", Doc: "value"},
			text("source", "kilde", false, 2000, "where the figure came from"),
			text("note", "note", false, 4000, "note"),
			Field{Name: "vintage", Kind: Date, Sheet: "udgivet", Doc: "when the figure was published or fetched"},
			Field{Name: "example", Kind: Bool, Sheet: "eksempel", Doc: "generated example content, not real data"},
		),
		Filters: []Filter{{"indicator", Int, "indicator id"}, {"organisation", Int, "organisation id"}, {"period_kind", String, "period kind"}, {"breakdown", String, `breakdown ("" for totals only)`}, {"from", Int, "period in or after this year"}, {"to", Int, "period in or before this year"}},
		Sorts:   []string{"period", "value"},
		Check:   checkValue,
		Derive:  deriveValue,
	}
)

// deriveValue keeps a value's breakdown "" for the total (never null, so the unique index
// holds), and its period's kind and year, by which lists filter.
func deriveValue(rec Record) {
	if _, ok := rec["breakdown"]; ok && rec["breakdown"] == nil {
		rec["breakdown"] = ""
	}
	if p, err := ParsePeriod(AsIndicatorValue(rec).Period()); err == nil {
		rec["period_kind"] = p.Kind
		rec["period_year"] = p.Year
	}
}

var (
	ReportingRounds = &Resource{
		Name: "reporting-rounds", Table: "reporting_rounds", Singular: "reporting round",
		Fields: withBase(
			Field{Name: "programme_id", Kind: Ref, Ref: "programmes", Required: true, Doc: "the programme whose projects report"},
			text("name_da", "", true, 200, "name in Danish, e.g. Efterår 2022"),
			text("name_en", "", false, 200, "name in English"),
			Field{Name: "kind", Kind: String, Required: true, Enum: RoundKinds, Doc: "regular (half-yearly) or final (end of the project period)"},
			Field{Name: "opens_on", Kind: Date, Required: true, Doc: "first day reports can be given"},
			Field{Name: "deadline", Kind: Date, Required: true, Doc: "last day to submit"},
			Field{Name: "reminder_days", Kind: String, MaxLen: 100, Doc: `days before the deadline that reminders go out, e.g. "14,3" (the default)`},
			Field{Name: "form_version", Kind: Int, ReadOnly: true, Doc: "the version of the programme's report form its reports are given on (the newest when the round was made)"},
			text("source", "", false, 2000, "where the round's reports came from, when they were not given in Klimaspor"),
		),
		Filters: []Filter{{"programme", Int, "programme id"}, {"kind", String, "regular or final"}},
		Sorts:   []string{"deadline", "opens_on"},
		Check:   checkRound,
	}

	Reports = &Resource{
		Name: "reports", Table: "reports", Singular: "report",
		Fields: withBase(
			Field{Name: "round_id", Kind: Ref, Ref: "reporting-rounds", Required: true, Doc: "the round"},
			Field{Name: "project_id", Kind: Ref, Ref: "projects", Required: true, Doc: "the joint project reported on"},
			Field{Name: "state", Kind: String, Enum: ReportStates, ReadOnly: true, Doc: "not_started, draft, submitted, returned or approved; changed by saving (to draft) and by the moves submit, return and approve"},
			Field{Name: "form_version", Kind: Int, ReadOnly: true, Doc: "the version of the programme's form the report is given on (its round's)"},
			Field{Name: "answers", Kind: Object, Doc: "the answers by question id: a light question {goal or action id: {light, explanation}}, text, number, choice (its code), date (YYYY-MM-DD), indicator values {indicator id: value}"},
			Field{Name: "comment", Kind: String, ReadOnly: true, Doc: "the secretariat's comment when it last returned the report"},
			Field{Name: "state_changed_at", Kind: String, ReadOnly: true, Doc: "RFC 3339 time of the last change of state"},
		),
		Filters: []Filter{{"round", Int, "round id"}, {"project", Int, "project id"}, {"state", String, "state"}},
	}
)

var (
	// EmissionTargets are an organisation's reduction targets (C6): a reduction in % (or net
	// zero) by a target year against a base year. When the base year lies before the accounts
	// (1990, 2005), its emissions are entered with their source. internal/emissions turns
	// them and the accounts into the required pathway, the gap and the verdict.
	EmissionTargets = &Resource{
		Name: "emission-targets", Table: "emission_targets", Singular: "emission target",
		Fields: withBase(
			Field{Name: "organisation_id", Kind: Ref, Ref: "organisations", Required: true, Sheet: "organisation", Doc: "whose target"},
			year("base_year", "basisaar", "the year the reduction is counted from (not needed for net zero)"),
			Field{Name: "base_t_co2e", Kind: Float, Min: num(0), Sheet: "basisaar_t_co2e", Doc: "the base year's emissions in t CO2e, when the base year lies before the accounts (e.g. 1990); empty: taken from the accounts"},
			text("base_source", "basisaar_kilde", false, 2000, "where the base year's emissions come from"),
			required(year("target_year", "maalaar", "the year the target is to be reached")),
			Field{Name: "reduction_pct", Kind: Float, Min: num(0), Max: num(100), Sheet: "reduktion_pct", Doc: "the reduction in % of the base year's emissions; 100 or net_zero is net zero"},
			Field{Name: "net_zero", Kind: Bool, Sheet: "netto_nul", Doc: "net zero (climate neutral) by the target year"},
			Field{Name: "boundary", Kind: String, Required: true, Enum: EmissionBoundaries, Sheet: "afgraensning", Doc: "what the target counts: territorial (the whole account), territorial_excl_lulucf, or energy_transport"},
			text("label", "betegnelse", false, 300, `the target as the plan words it, e.g. "70 % i 2030 i forhold til 1990"`),
			text("source", "kilde", false, 2000, "where the target comes from"),
			Field{Name: "example", Kind: Bool, Sheet: "eksempel", Doc: "an example target, not the organisation's own"},
		),
		Filters: []Filter{{"organisation", Int, "organisation id"}},
		Sorts:   []string{"target_year"},
		Check:   checkEmissionTarget,
	}
)

var (
	// ActivityData are the own calculation's inputs (C6): so much of a fuel or activity, used
	// so, in a sector, in an organisation's year. internal/emissions computes their emissions
	// on read (GET /api/v1/emissions/calculated). The store checks the unit with
	// emissions.ParseUnit (model cannot import internal/emissions, which imports model).
	ActivityData = &Resource{
		Name: "activity-data", Table: "activity_data", Singular: "activity line",
		Fields: withBase(
			Field{Name: "organisation_id", Kind: Ref, Ref: "organisations", Required: true, Sheet: "organisation", Doc: "whose territory the activity is in"},
			required(year("year", "aar", "the year of the activity")),
			Field{Name: "sector", Kind: String, Required: true, Enum: ActivitySectors, Sheet: "sektor", Doc: "the accounts' sector the emissions add up in"},
			text("subsector", "delsektor", false, 100, "the sub-sector, e.g. electricity, district heating, individual heating, road"),
			Field{Name: "fuel", Kind: String, Required: true, MaxLen: 100, Sheet: "braendsel", Doc: "the factor set's fuel or activity, e.g. natural_gas, gas_diesel_oil, electricity, wood_wood_waste"},
			Field{Name: "use", Kind: String, MaxLen: 100, Sheet: "anvendelse", Doc: "what the fuel is used for, where its factors depend on it: stationary, commercial, residential, road, buildings_dk_standard; empty for electricity and district heating"},
			Field{Name: "amount", Kind: Float, Required: true, Min: num(0), Sheet: "maengde", Doc: "the amount, in unit"},
			Field{Name: "unit", Kind: String, Required: true, MaxLen: 20, Sheet: "enhed", Doc: "a physical unit: kWh, MWh, GWh, MJ, GJ, TJ, l, m3, g, kg, t, head, km"},
			text("source", "kilde", false, 2000, "where the figure came from"),
			text("note", "note", false, 4000, "note"),
			Field{Name: "example", Kind: Bool, Sheet: "eksempel", Doc: "generated example content, not real data"},
		),
		Filters: []Filter{{"organisation", Int, "organisation id"}, {"year", Int, "year"}, {"sector", String, "sector"}},
		Sorts:   []string{"year", "sector", "fuel"},
	}

	// EmissionFactors are users' own factor sets (C6): one factor of one gas per unit of a
	// fuel, for a use, in years, in a named, versioned set. A version of a set is the factors
	// stored with that name and version, a snapshot; a factor with an organisation is local to
	// it (its own electricity or district-heating factor, say). The shipped set ("default")
	// is not stored. The store checks the unit with the emissions package's parser.
	EmissionFactors = &Resource{
		Name: "emission-factors", Table: "emission_factors", Singular: "emission factor",
		Fields: withBase(
			Field{Name: "factor_set", Kind: String, Required: true, MaxLen: 60, Sheet: "saet", Doc: `the set's name ("default" is the shipped set's and cannot be taken)`},
			Field{Name: "set_version", Kind: Int, Required: true, Min: num(1), Max: num(1e6), Sheet: "saet_version", Doc: "the set's version the factor belongs to"},
			Field{Name: "fuel", Kind: String, Required: true, MaxLen: 100, Sheet: "braendsel", Doc: "the fuel or activity, e.g. natural_gas, electricity"},
			Field{Name: "use", Kind: String, MaxLen: 100, Sheet: "anvendelse", Doc: "the use the factor is for (stationary, road, …); empty: every use"},
			Field{Name: "gas", Kind: String, Required: true, Enum: FactorGases, Sheet: "gas", Doc: "the gas: CO2, CH4, N2O, or CO2_biogenic (a memo outside the totals)"},
			Field{Name: "value", Kind: Float, Required: true, Min: num(0), Sheet: "vaerdi", Doc: "so much of the gas per unit of the fuel"},
			Field{Name: "unit", Kind: String, Required: true, MaxLen: 60, Sheet: "enhed", Doc: `the factor's unit, <mass> <gas>/<unit>: "kg CO2/GJ", "g CO2/kWh"`},
			year("valid_from", "gyldig_fra", "the first year the factor holds for (empty: open)"),
			year("valid_to", "gyldig_til", "the last year the factor holds for (empty: open)"),
			Field{Name: "organisation_id", Kind: Ref, Ref: "organisations", Sheet: "organisation", Doc: "the organisation the factor is local to; empty: national"},
			text("source", "kilde", true, 2000, "where the factor comes from"),
		),
		Filters: []Filter{{"factor_set", String, "set name"}, {"organisation", Int, "organisation id (local factors)"}, {"fuel", String, "fuel"}},
		Sorts:   []string{"factor_set", "set_version", "fuel"},
		Check:   checkEmissionFactor,
	}
)

var (
	// ConsumptionFootprints are an organisation's consumption-based footprint per inhabitant
	// (C6), one record per category and year: what residents' consumption emits wherever in
	// the world, with its own method label and source. It is never added to the territorial
	// accounts. The nation's profile is the secretariat's and stands for a municipality
	// without its own (GET /api/v1/emissions/footprint).
	ConsumptionFootprints = &Resource{
		Name: "consumption-footprints", Table: "consumption_footprints", Singular: "consumption footprint",
		Fields: withBase(
			Field{Name: "organisation_id", Kind: Ref, Ref: "organisations", Required: true, Sheet: "organisation", Doc: "whose residents' footprint (the nation, a region or a municipality)"},
			required(year("year", "aar", "the year the footprint is for")),
			Field{Name: "category", Kind: String, Required: true, Enum: ConsumptionCategories, Sheet: "kategori", Doc: "mobility, food, housing, or goods_services"},
			Field{Name: "t_co2e_per_person", Kind: Float, Required: true, Min: num(0), Max: num(1000), Sheet: "t_co2e_pr_indbygger", Doc: "t CO2e per inhabitant per year in the category"},
			text("method", "metode", true, 300, `the method's label, e.g. "Forbrugsbaseret klimaaftryk, fire kategorier (CONCITO-profil)"`),
			text("source", "kilde", true, 2000, "where the figure comes from, and how far it is verified"),
			Field{Name: "example", Kind: Bool, Sheet: "eksempel", Doc: "an example figure, not the organisation's own"},
		),
		Filters: []Filter{{"organisation", Int, "organisation id"}, {"year", Int, "year"}, {"category", String, "category"}},
		Sorts:   []string{"year", "category"},
	}

	// ProcurementSpend is what an organisation bought in a year (C6, the procurement
	// footprint): so many DKK in a category. internal/emissions multiplies it by a
	// spend-based factor (spend-factors) on read (GET /api/v1/emissions/procurement): an
	// estimate outside the territorial accounts, never added to them.
	ProcurementSpend = &Resource{
		Name: "procurement-spend", Table: "procurement_spend", Singular: "spend line",
		Fields: withBase(
			Field{Name: "organisation_id", Kind: Ref, Ref: "organisations", Required: true, Sheet: "organisation", Doc: "the organisation that bought"},
			required(year("year", "aar", "the year of the purchases")),
			Field{Name: "category", Kind: String, Required: true, MaxLen: 100, Sheet: "kategori", Doc: "the purchase category, matched (without case) to a spend factor's: e.g. food, it, construction, vehicles"},
			Field{Name: "spend_dkk", Kind: Float, Required: true, Min: num(0), Sheet: "forbrug_kr", Doc: "the spend in DKK"},
			text("source", "kilde", false, 2000, "where the figure came from"),
			text("note", "note", false, 4000, "note"),
			Field{Name: "example", Kind: Bool, Sheet: "eksempel", Doc: "generated example content, not real data"},
		),
		Filters: []Filter{{"organisation", Int, "organisation id"}, {"year", Int, "year"}, {"category", String, "category"}},
		Sorts:   []string{"year", "category"},
	}

	// SpendFactors are spend-based emission factors (C6): kg CO2e per DKK spent in a
	// category, in years, in a named set, from a source. They are the secretariat's.
	SpendFactors = &Resource{
		Name: "spend-factors", Table: "spend_factors", Singular: "spend factor",
		Fields: withBase(
			Field{Name: "factor_set", Kind: String, Required: true, MaxLen: 60, Sheet: "saet", Doc: "the set's name"},
			Field{Name: "category", Kind: String, Required: true, MaxLen: 100, Sheet: "kategori", Doc: "the purchase category the factor is for (spend is matched to it without case)"},
			Field{Name: "kg_co2e_per_dkk", Kind: Float, Required: true, Min: num(0), Sheet: "kg_co2e_pr_kr", Doc: "kg CO2e per DKK spent in the category"},
			year("valid_from", "gyldig_fra", "the first year the factor holds for (empty: open)"),
			year("valid_to", "gyldig_til", "the last year the factor holds for (empty: open)"),
			text("source", "kilde", true, 2000, "where the factor comes from"),
			Field{Name: "example", Kind: Bool, Sheet: "eksempel", Doc: "generated example content, not real data"},
		),
		Filters: []Filter{{"factor_set", String, "set name"}, {"category", String, "category"}},
		Sorts:   []string{"factor_set", "category", "valid_from"},
		Check:   checkSpendFactor,
	}
)

// checkSpendFactor: a factor's years run forwards. (It reads the record map: the generated
// view of the resource is made from this file.)
func checkSpendFactor(r Record) []FieldError {
	return ordered(r, "valid_from", "valid_to", "the factor cannot stop holding before it starts")
}

// checkEmissionFactor: the shipped set's name is taken, and a factor's years run forwards.
// (It reads the record map: the generated view of the resource is made from this file.)
func checkEmissionFactor(r Record) []FieldError {
	var errs []FieldError
	if name, _ := r["factor_set"].(string); strings.EqualFold(strings.TrimSpace(name), ReservedFactorSet) {
		errs = append(errs, FieldError{Field: "factor_set", Code: CodeRule, Message: `"default" is the shipped factor set's name; give your set another name`, Value: name})
	}
	return append(errs, ordered(r, "valid_from", "valid_to", "the factor cannot stop holding before it starts")...)
}

// checkEmissionTarget: a target says how much (a reduction in % or net zero) and, unless it
// is net zero (nothing left, whatever the start), from which base year, before the target year.
func checkEmissionTarget(r Record) []FieldError {
	var errs []FieldError
	base, _ := r["base_year"].(int64)
	target, _ := r["target_year"].(int64)
	if base != 0 && target != 0 && target <= base {
		errs = append(errs, FieldError{Field: "target_year", Code: CodeRule, Message: "the target year must come after the base year"})
	}
	if base == 0 && r["net_zero"] != true {
		errs = append(errs, FieldError{Field: "base_year", Code: CodeRequired, Message: "give the base year the reduction is counted from (a net-zero target needs none)"})
	}
	if _, ok := r["reduction_pct"].(float64); !ok && r["net_zero"] != true {
		errs = append(errs, FieldError{Field: "reduction_pct", Code: CodeRequired, Message: "give the reduction in %, or mark the target net zero"})
	}
	return errs
}

// All lists every resource, in an order where a record only refers to earlier resources
// (except self- and goal references), which is the order imports and the demo load in.
var All = []*Resource{Organisations, Themes, Programmes, Projects, Participants, Plans, Indicators, Goals, Actions, IndicatorValues, ReportingRounds, Reports, EmissionTargets, ActivityData, EmissionFactors, ConsumptionFootprints, ProcurementSpend, SpendFactors, LibraryItems}

// ByName finds a resource by its URL name.
func ByName(name string) (*Resource, bool) {
	for _, r := range All {
		if r.Name == name {
			return r, true
		}
	}
	return nil, false
}

func exactlyOne(r Record, what string, fields ...string) []FieldError {
	n := 0
	for _, f := range fields {
		if r[f] != nil {
			n++
		}
	}
	if n == 1 {
		return nil
	}
	return []FieldError{{Field: fields[0], Code: CodeRule, Message: fmt.Sprintf("%s must have exactly one of %v", what, fields)}}
}

func ordered(r Record, first, last, msg string) []FieldError {
	a, b := r[first], r[last]
	if a == nil || b == nil {
		return nil
	}
	switch av := a.(type) {
	case int64:
		if av > b.(int64) {
			return []FieldError{{Field: last, Code: CodeRule, Message: msg}}
		}
	case string:
		if av > b.(string) {
			return []FieldError{{Field: last, Code: CodeRule, Message: msg}}
		}
	}
	return nil
}

func checkPeriod(r Record) []FieldError {
	return ordered(r, "period_start", "period_end", "the period must not end before it starts")
}

func checkOrganisation(r Record) []FieldError {
	o := AsOrganisation(r)
	code := o.Code()
	switch o.Kind() {
	case "municipality":
		if !allDigits(code, 3) {
			return []FieldError{{Field: "code", Code: CodeFormat, Message: "a municipality's code is its 3-digit kommunekode", Value: code}}
		}
	case "region":
		if !allDigits(code, 4) {
			return []FieldError{{Field: "code", Code: CodeFormat, Message: "a region's code is its 4-digit region code", Value: code}}
		}
	case "country":
		if len(code) != 2 || strings.Trim(code, "ABCDEFGHIJKLMNOPQRSTUVWXYZ") != "" {
			return []FieldError{{Field: "code", Code: CodeFormat, Message: "a country's code is its two-letter ISO 3166 code, such as DK", Value: code}}
		}
	}
	// The members are read from the record itself (the typed view is generated from this
	// package, so its getter is not there while the generator builds it).
	members, _ := r["member_ids"].([]int64)
	if id := r.ID(); id != 0 {
		if o.ParentID() == id {
			return []FieldError{{Field: "parent_id", Code: CodeRule, Message: "an organisation cannot be its own parent"}}
		}
		if slices.Contains(members, id) {
			return []FieldError{{Field: "member_ids", Code: CodeRule, Message: "a network cannot be its own member"}}
		}
	}
	// Only a network is a saved group; that its members are municipalities needs the other
	// records, so the store checks it (store/consistency.go, organisationConsistent).
	if o.Kind() != "network" && len(members) > 0 {
		return []FieldError{{Field: "member_ids", Code: CodeRule, Message: "only a network has members"}}
	}
	return nil
}

func allDigits(s string, n int) bool {
	if len(s) != n {
		return false
	}
	for _, c := range s {
		if c < '0' || c > '9' {
			return false
		}
	}
	return true
}

func checkPlan(r Record) []FieldError { return checkPeriod(r) }

func checkGoal(r Record) []FieldError { return exactlyOne(r, "a goal", "plan_id", "project_id") }

func checkProject(r Record) []FieldError {
	errs := checkPeriod(r)
	p := AsProject(r)
	lo, okLo := p.CostDKK()
	hi, okHi := p.CostDKKHigh()
	if okHi && !okLo {
		errs = append(errs, FieldError{Field: "cost_dkk", Code: CodeRule, Message: "give the low end of the cost range too"})
	} else if okLo && okHi && hi < lo {
		errs = append(errs, FieldError{Field: "cost_dkk_high", Code: CodeRule, Message: "the high end of the cost range is below the low end"})
	}
	return errs
}

func checkParticipant(r Record) []FieldError {
	return ordered(r, "joined_on", "left_on", "an organisation cannot leave before it joined")
}

func checkAction(r Record) []FieldError {
	errs := exactlyOne(r, "an action", "plan_id", "project_id")
	errs = append(errs, ordered(r, "start_date", "end_date", "the action cannot end before it starts")...)
	if a := AsAction(r); !a.Joint() {
		if len(a.PartnerIDs()) > 0 {
			errs = append(errs, FieldError{Field: "partner_ids", Code: CodeRule, Message: "an action done alone has no partners; set joint to true"})
		}
	}
	return errs
}

func checkIndicator(r Record) []FieldError {
	return exactlyOne(r, "an indicator", "owner_plan_id", "owner_project_id", "owner_organisation_id")
}

func checkRound(r Record) []FieldError {
	errs := ordered(r, "opens_on", "deadline", "the deadline cannot come before the round opens")
	if days := AsReportingRound(r).ReminderDays(); days != "" {
		if _, err := ReminderDays(days); err != nil {
			errs = append(errs, FieldError{Field: "reminder_days", Code: CodeFormat, Message: err.Error(), Value: days})
		}
	}
	return errs
}

func checkValue(r Record) []FieldError {
	period := AsIndicatorValue(r).Period()
	if _, err := ParsePeriod(period); err != nil {
		return []FieldError{{Field: "period", Code: CodeFormat, Message: err.Error(), Value: period}}
	}
	return nil
}
