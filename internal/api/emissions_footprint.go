package api

import (
	"errors"
	"fmt"
	"net/http"
	"strconv"

	"klimaspor/internal/emissions"
	"klimaspor/internal/inventory"
	"klimaspor/internal/model"
	"klimaspor/internal/store"
)

// GET /api/v1/emissions/footprint?organisation=ID[&year=YYYY]: an organisation's
// consumption-based footprint per inhabitant by category (mobility, food, housing, goods
// and services) and in all for its population, from its own profile (resource
// consumption-footprints) or, lacking one, the nation's per inhabitant, marked inherited.
// It is never added to the territorial accounts, and the answer says so. A public read.
// The gathering is internal/inventory's (Footprint, Population), shared with the pages.

func (s *Server) footprintRoutes() []Route {
	return []Route{{Method: "GET", Pattern: "/api/v1/emissions/footprint", Op: "emissionFootprint", h: s.emissionFootprint, doc: footprintDoc}}
}

// footprintAnswer is the route's answer.
type footprintAnswer struct {
	OrganisationID int64                         `json:"organisation_id"`
	Year           int                           `json:"year"`
	Method         string                        `json:"method"`
	Source         string                        `json:"source"`
	InheritedFrom  *int64                        `json:"inherited_from"`
	Population     int64                         `json:"population"`
	PopulationYear int64                         `json:"population_year"`
	Categories     []emissions.CategoryFootprint `json:"categories"`
	TotalPerPerson float64                       `json:"total_t_co2e_per_person"`
	Total          float64                       `json:"total_t_co2e"`
	Example        bool                          `json:"example"`
	Note           string                        `json:"note"`
	NoteEN         string                        `json:"note_en"`
}

func (s *Server) emissionFootprint(w http.ResponseWriter, r *http.Request) error {
	if err := onlyParams(r, "organisation", "year"); err != nil {
		return err
	}
	q := r.URL.Query()
	if q.Get("organisation") == "" {
		return errorf(http.StatusBadRequest, "invalid_query", "organisation", "give organisation=ID: the municipality, region or nation whose footprint to show")
	}
	orgID, err := positiveID(q.Get("organisation"), "organisation")
	if err != nil {
		return err
	}
	year := 0
	if v := q.Get("year"); v != "" {
		y, err := strconv.Atoi(v)
		if err != nil || y < 1900 || y > 2100 {
			return errorf(http.StatusBadRequest, "invalid_query", "year", "year must be a year from 1900 to 2100")
		}
		year = y
	}
	ctx := r.Context()
	rec, err := s.db.Get(ctx, model.Organisations, orgID)
	if errors.Is(err, store.ErrNotFound) {
		return errorf(http.StatusNotFound, "not_found", "organisation", fmt.Sprintf("there is no organisation %d", orgID))
	} else if err != nil {
		return err
	}
	org := model.AsOrganisation(rec)
	fp, err := inventory.Footprint(ctx, s.db, org, year)
	switch {
	case errors.Is(err, inventory.ErrNoProfile):
		msg := "neither the organisation nor the nation has a consumption footprint profile"
		if year != 0 {
			msg += fmt.Sprintf(" for %d", year)
		}
		return errorf(http.StatusUnprocessableEntity, "no_profile", "organisation", msg)
	case errors.Is(err, inventory.ErrNoPopulation):
		return errorf(http.StatusUnprocessableEntity, "no_population", "organisation",
			fmt.Sprintf("the organisation has no population figure to multiply the footprint of %d t CO2e per inhabitant by", fp.Result.Year))
	case err != nil:
		return err
	}
	res, pop := fp.Result, fp.Population
	a := footprintAnswer{OrganisationID: orgID, Year: res.Year, Method: res.Method, Source: res.Source, Population: pop.Value, PopulationYear: pop.Year,
		Categories: res.Categories, TotalPerPerson: res.TotalPerPerson, Total: res.Total, Example: res.Example, Note: res.Note, NoteEN: res.NoteEN}
	if res.Inherited {
		from := res.InheritedFrom
		a.InheritedFrom = &from
	}
	return writeJSON(w, http.StatusOK, a)
}

func footprintDoc(op obj) {
	op["summary"] = "an organisation's consumption-based footprint per inhabitant by category (mobility, food, housing, goods and services) and in all for its population; " +
		"from its own profile or, lacking one, the nation's per inhabitant (inherited). It is never added to the territorial accounts"
	op["tags"] = []string{emissionsTag}
	op["parameters"] = []obj{
		{"name": "organisation", "in": "query", "required": true, "description": "the municipality, region or nation (its id)", "schema": obj{"type": "integer", "format": "int64", "minimum": 1}},
		{"name": "year", "in": "query", "required": false, "description": "the footprint's year; default: the latest year the organisation has a profile for or, failing that, the latest the nation has", "schema": obj{"type": "integer", "minimum": 1900, "maximum": 2100}},
	}
	r := op["responses"].(obj)
	r["200"] = answer("the footprint", obj{"type": "object", "additionalProperties": false,
		"required": []string{"organisation_id", "year", "method", "source", "inherited_from", "population", "population_year", "categories", "total_t_co2e_per_person", "total_t_co2e", "example", "note", "note_en"},
		"properties": obj{
			"organisation_id": obj{"type": "integer", "format": "int64"},
			"year":            obj{"type": "integer"},
			"method":          obj{"type": "string", "description": "the method's label; an inherited footprint's begins " + strconv.Quote(emissions.InheritedMethod)},
			"source":          obj{"type": "string", "description": "where the figures per inhabitant come from"},
			"inherited_from":  obj{"type": "integer", "format": "int64", "nullable": true, "description": "the organisation (the nation) whose profile per inhabitant is used; null: the organisation's own"},
			"population":      obj{"type": "integer", "format": "int64", "description": "the inhabitants the profile is multiplied by"},
			"population_year": obj{"type": "integer", "description": "the population figure's year: the footprint's year, or the latest known. A region or the nation without a figure of its own for the year takes the sum of its municipalities' for the year when every one of them has one; without any figure of its own, their sum in the latest year they all have one for"},
			"categories": obj{"type": "array", "items": obj{"type": "object", "additionalProperties": false, "required": []string{"category", "t_co2e_per_person", "t_co2e"}, "properties": obj{
				"category":          obj{"type": "string", "enum": emissions.ConsumptionCategories},
				"t_co2e_per_person": obj{"type": "number"},
				"t_co2e":            obj{"type": "number"},
			}}},
			"total_t_co2e_per_person": obj{"type": "number"},
			"total_t_co2e":            obj{"type": "number"},
			"example":                 obj{"type": "boolean", "description": "example figures, not the organisation's (or nation's) verified own"},
			"note":                    obj{"type": "string", "description": "in Danish: a consumption-based footprint, never added to the territorial accounts"},
			"note_en":                 obj{"type": "string", "description": "the note in English"},
		}})
	r["400"] = answer("no organisation given, or a parameter that is not valid", ref("Error"))
	r["404"] = answer("no such organisation", ref("Error"))
	r["422"] = answer("no footprint can be given: no profile of the organisation or the nation (for the year) (no_profile), or no population figure (no_population)", ref("Error"))
}
