package api

import (
	"errors"
	"fmt"
	"net/http"
	"strconv"
	"strings"

	"klimaspor/internal/emissions"
	"klimaspor/internal/i18n"
	"klimaspor/internal/inventory"
	"klimaspor/internal/model"
	"klimaspor/internal/store"
)

// The procurement footprint (issue 12; the VIP projects on green procurement): GET
// /api/v1/emissions/procurement multiplies an organisation's spend in a year
// (procurement-spend) by a set of spend-based factors (spend-factors), computed on read by
// emissions.Procurement. It is a spend-based estimate outside the territorial accounts, and
// the answer says so.

func (s *Server) procurementRoutes() []Route {
	return []Route{
		{Method: "GET", Pattern: "/api/v1/emissions/procurement", Op: "procurementFootprint", h: s.procurementFootprint, doc: procurementDoc},
	}
}

// procurementNote is the answer's note (the catalogue's English).
var procurementNote = i18n.T(i18n.English, "procurement.note")

type procurementParams struct {
	org       int64
	year      int
	factorSet string
}

func readProcurementParams(r *http.Request) (procurementParams, error) {
	var p procurementParams
	bad := func(param, msg string) error { return errorf(http.StatusBadRequest, "invalid_query", param, msg) }
	if err := onlyParams(r, "organisation", "year", "factor_set"); err != nil {
		return p, err
	}
	q := r.URL.Query()
	var err error
	if p.org, p.year, err = orgYearSet(q, &p.factorSet, "factor_set must name a stored spend-factor set"); err != nil {
		return p, err
	}
	switch {
	case p.org == 0:
		return p, bad("organisation", "give the organisation's id: ?organisation=ID&year=YYYY")
	case p.year == 0:
		return p, bad("year", "give the year: ?organisation=ID&year=YYYY")
	}
	return p, nil
}

func (s *Server) procurementFootprint(w http.ResponseWriter, r *http.Request) error {
	p, err := readProcurementParams(r)
	if err != nil {
		return err
	}
	ctx := r.Context()
	if _, err := s.db.Get(ctx, model.Organisations, p.org); errors.Is(err, store.ErrNotFound) {
		return errorf(http.StatusNotFound, "not_found", "organisation", fmt.Sprintf("there is no organisation with id %d", p.org))
	} else if err != nil {
		return err
	}
	fp, err := inventory.Procurement(ctx, s.db, p.org, p.year, p.factorSet)
	var ie *emissions.InputError
	var se *inventory.FactorSetError
	switch {
	case errors.Is(err, inventory.ErrNoSpend):
		return errorf(http.StatusNotFound, "no_spend", "year", fmt.Sprintf("organisation %d has no procurement spend for %d", p.org, p.year))
	case errors.As(err, &se):
		return fieldErrors(emissions.LineError{Line: -1, Field: "factor_set", Code: model.CodeUnknown, Reason: se.Reason, Value: se.Asked})
	case errors.As(err, &ie):
		// A line is named by its stored row: procurement-spend[17].category.
		les := make([]emissions.LineError, len(ie.Errors))
		for i, le := range ie.Errors {
			if le.Line >= 0 {
				_, field, _ := strings.Cut(le.Field, "].")
				if field == "dkk" {
					field = "spend_dkk"
				}
				le.Field = model.ProcurementSpend.Name + "[" + strconv.FormatInt(fp.Spend[le.Line].ID(), 10) + "]." + field
				le.Reason += " (set " + fp.Set + ")"
			}
			les[i] = le
		}
		return fieldErrors(les...)
	case err != nil:
		return err
	}
	res, spend, set := fp.Result, fp.Spend, fp.Set
	lines := make([]obj, len(res.Lines))
	for i, l := range res.Lines {
		f := l.Factor
		lines[i] = obj{"spend_id": l.SpendID, "category": spend[l.Index].Category(), "spend_dkk": l.DKK, "t_co2e": l.TCO2e,
			"factor": obj{"id": f.ID, "set": f.Set, "category": f.Category, "kg_co2e_per_dkk": f.KgCO2ePerDKK,
				"valid_from": yearOrNull(f.ValidFrom), "valid_to": yearOrNull(f.ValidTo), "source": f.Source}}
	}
	cats := make([]obj, len(res.ByCategory))
	for i, c := range res.ByCategory {
		cats[i] = obj{"category": c.Category, "spend_dkk": c.DKK, "t_co2e": c.TCO2e}
	}
	return writeJSON(w, http.StatusOK, obj{
		"organisation_id": p.org, "year": p.year, "factor_set": set,
		"total_spend_dkk": res.TotalDKK, "total_t_co2e": res.TotalTCO2e,
		"by_category": cats, "lines": lines, "note": procurementNote,
	})
}

// --- the OpenAPI document's words for the route ---

func procurementDoc(op obj) {
	op["summary"] = "an organisation's procurement footprint in a year: its spend per category (procurement-spend) × spend-based factors in kg CO2e per DKK (spend-factors)"
	op["description"] = "A spend-based estimate of the climate impact of purchasing, outside the territorial accounts and never added to them (the answer's note says so). " +
		"Computed on every read: each spend line takes the one factor of the set for its category (compared without case) valid in the year; " +
		"t CO2e = DKK × kg CO2e/DKK / 1000. Without factor_set the only stored set is used. " +
		"A line without a factor (or with two) answers 422 naming the stored row: procurement-spend[17].category."
	op["tags"] = []string{"emissions"}
	op["parameters"] = []obj{
		{"name": "organisation", "in": "query", "required": true, "description": "the organisation's id", "schema": obj{"type": "integer", "format": "int64", "minimum": 1}},
		{"name": "year", "in": "query", "required": true, "description": "the year of the spend and of the factors", "schema": obj{"type": "integer", "minimum": 1900, "maximum": 2100}},
		param("factor_set", "query", "string", "a stored spend-factor set's name (default: the only stored set)", false),
	}
	r := op["responses"].(obj)
	r["200"] = answer("the footprint, in total, by category and by line; each line names its stored spend row and the factor it used, with its source", procurementSchema())
	r["400"] = answer("a parameter is missing, unknown or malformed (code invalid_query, field the parameter)", ref("Error"))
	r["404"] = answer("no such organisation (code not_found), or no spend of it in the year (code no_spend)", ref("Error"))
	r["422"] = answer("a spend line without exactly one factor for the year (errors names each stored row: procurement-spend[17].category), or a factor set that is not stored, none stored, or several to choose from (field factor_set)", ref("Error"))
}

func procurementSchema() obj {
	num := func(desc string) obj { return obj{"type": "number", "description": desc} }
	factor := obj{"type": "object", "required": []string{"id", "set", "category", "kg_co2e_per_dkk", "valid_from", "valid_to", "source"},
		"properties": obj{
			"id":              obj{"type": "string", "description": "the set's name and the stored factor's id (eksempel:17)"},
			"set":             obj{"type": "string"},
			"category":        obj{"type": "string"},
			"kg_co2e_per_dkk": num("kg CO2e per DKK"),
			"valid_from":      obj{"type": "integer", "nullable": true, "description": "null: open"},
			"valid_to":        obj{"type": "integer", "nullable": true, "description": "null: open"},
			"source":          obj{"type": "string"},
		}}
	line := obj{"type": "object", "required": []string{"spend_id", "category", "spend_dkk", "factor", "t_co2e"},
		"properties": obj{
			"spend_id":  obj{"type": "integer", "format": "int64", "description": "the stored spend line (procurement-spend)"},
			"category":  obj{"type": "string", "description": "the spend line's category as stored"},
			"spend_dkk": num("DKK"),
			"factor":    factor,
			"t_co2e":    num("spend_dkk × kg_co2e_per_dkk / 1000"),
		}}
	cat := obj{"type": "object", "required": []string{"category", "spend_dkk", "t_co2e"},
		"properties": obj{"category": obj{"type": "string", "description": "as the factor names it"}, "spend_dkk": num("DKK"), "t_co2e": num("t CO2e")}}
	return obj{"type": "object",
		"required": []string{"organisation_id", "year", "factor_set", "total_spend_dkk", "total_t_co2e", "by_category", "lines", "note"},
		"properties": obj{
			"organisation_id": obj{"type": "integer", "format": "int64"},
			"year":            obj{"type": "integer"},
			"factor_set":      obj{"type": "string", "description": "the spend-factor set used"},
			"total_spend_dkk": num("DKK"),
			"total_t_co2e":    num("t CO2e"),
			"by_category":     obj{"type": "array", "items": cat, "description": "sorted by category"},
			"lines":           obj{"type": "array", "items": line},
			"note":            obj{"type": "string", "description": "that this is a spend-based estimate outside the territorial accounts"},
		}}
}
