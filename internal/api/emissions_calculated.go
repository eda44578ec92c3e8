package api

import (
	"errors"
	"fmt"
	"maps"
	"net/http"
	"strconv"
	"strings"

	"klimaspor/internal/emissions"
	"klimaspor/internal/model"
	"klimaspor/internal/store"
)

// The own calculation from stored data (issue 12): GET /api/v1/emissions/calculated
// computes an organisation's emissions in a year from its stored activity data
// (activity-data) with a factor set (the shipped one, or a version of a stored set,
// emission-factors) and a GWP set. Nothing of the result is stored: it is computed on every
// read, which is fast (some 20 µs of calculation per municipality-year; reading the rows is
// the rest), so it is always current with the data and the factors, and the same on SQLite
// and PostgreSQL (the arithmetic is internal/emissions', in Go, not the database's).

func (s *Server) calculatedRoutes() []Route {
	return []Route{
		{Method: "GET", Pattern: "/api/v1/emissions/calculated", Op: "calculatedEmissions", h: s.calculatedEmissions, doc: calculatedDoc},
	}
}

// calculatedParams are the query's parameters, read and checked.
type calculatedParams struct {
	org       int64
	year      int
	factorSet string
	version   int
	gwp       string
}

func readCalculatedParams(r *http.Request) (calculatedParams, error) {
	p := calculatedParams{factorSet: emissions.DefaultSetName, gwp: "AR5"}
	bad := func(param, msg string) error { return errorf(http.StatusBadRequest, "invalid_query", param, msg) }
	if err := onlyParams(r, "organisation", "year", "factor_set", "version", "gwp"); err != nil {
		return p, err
	}
	q := r.URL.Query()
	var err error
	if p.org, p.year, err = orgYearSet(q, &p.factorSet, "factor_set must name a set (default: the shipped one)"); err != nil {
		return p, err
	}
	if q.Has("version") {
		n, err := strconv.Atoi(q.Get("version"))
		if err != nil || n < 1 {
			return p, bad("version", "version must be a positive whole number (default: the set's newest)")
		}
		p.version = n
	}
	if q.Has("gwp") {
		p.gwp = q.Get("gwp")
	}
	switch {
	case p.org == 0:
		return p, bad("organisation", "give the organisation's id: ?organisation=ID&year=YYYY")
	case p.year == 0:
		return p, bad("year", "give the year: ?organisation=ID&year=YYYY")
	}
	return p, nil
}

func (s *Server) calculatedEmissions(w http.ResponseWriter, r *http.Request) error {
	p, err := readCalculatedParams(r)
	if err != nil {
		return err
	}
	ctx := r.Context()
	orgRec, err := s.db.Get(ctx, model.Organisations, p.org)
	if errors.Is(err, store.ErrNotFound) {
		return errorf(http.StatusNotFound, "not_found", "organisation", fmt.Sprintf("there is no organisation with id %d", p.org))
	}
	if err != nil {
		return err
	}
	lines, err := s.db.ActivityData(ctx, p.org, p.year)
	if err != nil {
		return err
	}
	if len(lines) == 0 {
		return errorf(http.StatusNotFound, "no_activity_data", "year", fmt.Sprintf("organisation %d has no activity data for %d", p.org, p.year))
	}
	calc, err := s.calculatorOf(r, p)
	if err != nil {
		return err
	}
	in := emissions.Input{GWP: p.gwp, Year: p.year, OrganisationID: p.org, Activities: make([]emissions.Activity, len(lines))}
	for i, l := range lines {
		in.Activities[i] = emissions.Activity{Sector: l.Sector(), Subsector: l.Subsector(), Fuel: l.Fuel(), Use: l.Use(), Amount: l.Amount(), Unit: l.Unit()}
	}
	res, err := calc.Calculate(in)
	var ie *emissions.InputError
	switch {
	case errors.As(err, &ie):
		// A line is named by its stored row: activity-data[17].unit.
		les := make([]emissions.LineError, len(ie.Errors))
		for i, le := range ie.Errors {
			if le.Line >= 0 {
				id := strconv.FormatInt(lines[le.Line].ID(), 10)
				_, field, _ := strings.Cut(le.Field, "].")
				le.Field = model.ActivityData.Name + "[" + id + "]." + field
			}
			les[i] = le
		}
		return fieldErrors(les...)
	case err != nil:
		return err
	}
	out := calcAnswer(res)
	for i, l := range out["lines"].([]obj) {
		l["activity_id"] = lines[res.Lines[i].Index].ID()
	}
	out["organisation_id"] = p.org
	out["population"], out["t_co2e_per_inhabitant"] = nil, nil
	for _, pop := range model.AsOrganisation(orgRec).Population() {
		if pop.Year == int64(p.year) && pop.Value > 0 {
			out["population"] = pop.Value
			out["t_co2e_per_inhabitant"] = res.TotalTCO2e / float64(pop.Value)
		}
	}
	return writeJSON(w, http.StatusOK, out)
}

// calculatorOf prepares the factor set asked for: the shipped one (prepared once), or a
// version of a stored set (its newest when no version is given).
func (s *Server) calculatorOf(r *http.Request, p calculatedParams) (*emissions.Calculator, error) {
	if p.factorSet == emissions.DefaultSetName && (p.version == 0 || p.version == emissions.DefaultSetVersion) {
		return defaultCalculator()
	}
	set, err := s.db.FactorSet(r.Context(), p.factorSet, p.version)
	if errors.Is(err, store.ErrNotFound) {
		field := "factor_set"
		if p.version != 0 {
			field = "version"
		}
		return nil, fieldErrors(emissions.LineError{Line: -1, Field: field, Code: model.CodeUnknown, Reason: err.Error(), Value: p.factorSet})
	}
	if err != nil {
		return nil, err
	}
	calc, err := emissions.NewCalculator(set)
	if err != nil {
		return nil, fieldErrors(emissions.LineError{Line: -1, Field: "factor_set", Code: model.CodeRule, Reason: err.Error(), Value: p.factorSet})
	}
	return calc, nil
}

// --- the OpenAPI document's words for the route ---

func calculatedDoc(op obj) {
	op["summary"] = "an organisation's emissions in a year, computed from its stored activity data (activity-data) with a factor set and a GWP set"
	op["description"] = "Computed on every read, never stored: always current with the activity data and the factors, and the same on every database. " +
		"The shape of POST /api/v1/emissions/calculate's answer, with the organisation, each line's stored activity_id, " +
		"and t CO2e per inhabitant when the organisation has a population for the year. " +
		"factor_set default (the shipped set) or a stored set's name (emission-factors), at its version (default: the newest); " +
		"a stored factor's id is the set's name and the factor's id (mine:17). " +
		"A line that cannot be computed (a fuel or use the set lacks, a year without a factor, a unit impossible for the fuel) " +
		"answers 422 naming the stored row: activity-data[17].unit."
	op["tags"] = []string{"emissions"}
	op["parameters"] = []obj{
		{"name": "organisation", "in": "query", "required": true, "description": "the organisation's id", "schema": obj{"type": "integer", "format": "int64", "minimum": 1}},
		{"name": "year", "in": "query", "required": true, "description": "the year of the activity data and of the factors", "schema": obj{"type": "integer", "minimum": 1900, "maximum": 2100}},
		param("factor_set", "query", "string", "the factor set: default (the shipped one, the default) or a stored set's name", false),
		{"name": "version", "in": "query", "description": "the set's version (default: its newest)", "schema": obj{"type": "integer", "minimum": 1}},
		{"name": "gwp", "in": "query", "description": "the IPCC report whose 100-year GWPs weigh CH4 and N2O (default AR5)", "schema": obj{"type": "string", "enum": []string{"AR4", "AR5", "AR6"}}},
	}
	r := op["responses"].(obj)
	r["200"] = answer("the emissions, by gas, sector and line; each line names its stored activity row and the factors it used", calculatedSchema())
	r["400"] = answer("a parameter is missing, unknown or malformed (code invalid_query, field the parameter)", ref("Error"))
	r["404"] = answer("no such organisation (code not_found), or no activity data of it in the year (code no_activity_data)", ref("Error"))
	r["422"] = answer("a line cannot be computed (errors names each stored row's field: activity-data[17].unit), an unknown gwp, or a factor set or version that is not stored", ref("Error"))
}

// calculatedSchema is calcSchema with the organisation, the population and each line's
// stored row.
func calculatedSchema() obj {
	line := maps.Clone(calcLine)
	line["required"] = append([]string{"activity_id"}, calcLine["required"].([]string)...)
	line["properties"] = maps.Clone(calcLine["properties"].(obj))
	line["properties"].(obj)["activity_id"] = obj{"type": "integer", "format": "int64", "description": "the stored activity line (activity-data) the line is"}
	s := maps.Clone(calcSchema)
	s["required"] = append([]string{"organisation_id", "population", "t_co2e_per_inhabitant"}, calcSchema["required"].([]string)...)
	props := maps.Clone(calcSchema["properties"].(obj))
	props["organisation_id"] = obj{"type": "integer", "format": "int64"}
	props["population"] = obj{"type": "integer", "nullable": true, "description": "the organisation's population in the year, when it has one"}
	props["t_co2e_per_inhabitant"] = obj{"type": "number", "nullable": true, "description": "total_t_co2e per inhabitant, when the population is known"}
	props["lines"] = obj{"type": "array", "items": line}
	s["properties"] = props
	return s
}
