package api

import (
	"errors"
	"fmt"
	"net/http"

	"klimaspor/internal/emissions"
	"klimaspor/internal/inventory"
	"klimaspor/internal/model"
	"klimaspor/internal/store"
)

// GET /api/v1/emissions/pathway?organisation=ID: an organisation's required pathway to its
// targets from its latest published accounts, the gap per year, the wedges of its plans'
// actions, and the verdict with its rule (internal/inventory gathers, internal/emissions
// decides). A public read, as the reader sees the targets and actions.

func (s *Server) pathwayRoutes() []Route {
	return []Route{{Method: "GET", Pattern: "/api/v1/emissions/pathway", Op: "emissionPathway", h: s.emissionPathway, doc: pathwayDoc}}
}

func (s *Server) emissionPathway(w http.ResponseWriter, r *http.Request) error {
	if err := onlyParams(r, "organisation", "release", "boundary", "method"); err != nil {
		return err
	}
	q := r.URL.Query()
	if q.Get("organisation") == "" {
		return errorf(http.StatusBadRequest, "invalid_query", "organisation", "give organisation=ID: the municipality, region or nation whose pathway to draw")
	}
	org, err := positiveID(q.Get("organisation"), "organisation")
	if err != nil {
		return err
	}
	o := inventory.Options{Boundary: q.Get("boundary"), Method: emissions.Method(q.Get("method"))}
	if v := q.Get("release"); v != "" {
		if o.Release, err = positiveID(v, "release"); err != nil {
			return err
		}
	}
	ctx := r.Context()
	if _, err := s.db.Get(ctx, model.Organisations, org); errors.Is(err, store.ErrNotFound) {
		return errorf(http.StatusNotFound, "not_found", "organisation", fmt.Sprintf("there is no organisation %d", org))
	} else if err != nil {
		return err
	}
	p, err := inventory.BuildPathway(ctx, s.db, principal(ctx), org, o)
	switch {
	case errors.Is(err, store.ErrNotFound):
		return errorf(http.StatusNotFound, "not_found", "release", "there is no such release of the accounts, or none is stored yet")
	case errors.Is(err, inventory.ErrNoAccounts):
		return errorf(http.StatusUnprocessableEntity, "no_accounts", "organisation", "the organisation has no published accounts to start a pathway from")
	case errors.Is(err, inventory.ErrNoTarget):
		msg := "the organisation has no target after its latest accounts that the pathway can use"
		for _, u := range p.Unused {
			msg += fmt.Sprintf("; the target for %d is not used: %s", u.Target.TargetYear, u.Reason)
		}
		return errorf(http.StatusUnprocessableEntity, "no_target", "organisation", msg)
	case err != nil:
		return err
	}
	return writeJSON(w, http.StatusOK, p)
}

func pathwayDoc(op obj) {
	op["summary"] = "an organisation's required pathway from its latest published accounts to its targets (linear, or the carbon-budget alternative), " +
		"the gap per year, the wedges of its plans' actions with the unexplained remainder (manko), and the verdict with its rule in plain words"
	op["tags"] = []string{emissionsTag}
	op["parameters"] = []obj{
		{"name": "organisation", "in": "query", "required": true, "description": "the municipality, region or nation (its id)", "schema": obj{"type": "integer", "format": "int64", "minimum": 1}},
		{"name": "release", "in": "query", "required": false, "description": "the release of the accounts (its id); the newest when not given", "schema": obj{"type": "integer", "format": "int64", "minimum": 1}},
		{"name": "boundary", "in": "query", "required": false, "description": "which targets and emissions: territorial (default), territorial_excl_lulucf, energy_transport", "schema": obj{"type": "string", "enum": emissions.Boundaries}},
		{"name": "method", "in": "query", "required": false, "description": "linear (default) or budget: the same cumulative emissions, a constant rate of decline", "schema": obj{"type": "string", "enum": []string{string(emissions.Linear), string(emissions.Budget)}}},
	}
	num := obj{"type": "number", "nullable": true}
	year := obj{"type": "object", "required": []string{"year", "actual_t_co2e", "required_t_co2e", "gap_t_co2e", "wedges_t_co2e"}, "additionalProperties": false, "properties": obj{
		"year":            obj{"type": "integer"},
		"actual_t_co2e":   num,
		"required_t_co2e": num,
		"gap_t_co2e":      obj{"type": "number", "nullable": true, "description": "how far emissions are above the required level (negative: below); after the latest accounts, the reduction still to find"},
		"wedges_t_co2e":   obj{"type": "number", "nullable": true, "description": "what the plans' actions are expected to take off in the year"},
		"expected_t_co2e": num,
		"manko_t_co2e":    obj{"type": "number", "nullable": true, "description": "the part of the gap no action explains"},
	}}
	r := op["responses"].(obj)
	r["200"] = answer("the pathway", obj{"type": "object", "required": []string{"organisation_id", "release", "boundary", "method", "targets", "unused_targets", "years", "verdict", "rule", "rule_en"},
		"additionalProperties": false, "properties": obj{
			"organisation_id": obj{"type": "integer", "format": "int64"},
			"release":         releaseSchema,
			"boundary":        obj{"type": "string", "enum": emissions.Boundaries},
			"method":          obj{"type": "string"},
			"targets":         obj{"type": "array", "items": obj{"type": "object"}, "description": "the targets used, each with its base and the level it requires"},
			"unused_targets":  obj{"type": "array", "items": obj{"type": "object", "required": []string{"target", "reason"}, "properties": obj{"target": obj{"type": "object"}, "reason": obj{"type": "string"}}}},
			"years":           obj{"type": "array", "items": year},
			"verdict":         obj{"type": "string", "enum": []string{string(emissions.OnTrack), string(emissions.AtRisk), string(emissions.OffTrack)}},
			"rule":            obj{"type": "string", "description": "the verdict's rule in Danish, as the pages show it"},
			"rule_en":         obj{"type": "string", "description": "the rule in English"},
			"assessment":      obj{"type": "object", "description": "the figures the verdict was made from"},
			"wedges":          obj{"type": "array", "items": obj{"type": "object"}},
			"wedge_chart":     obj{"type": "object", "description": "per year after the accounts: each wedge, their total, the gap and the manko"},
		}})
	r["400"] = answer("no organisation given, or a parameter that is not valid", ref("Error"))
	r["404"] = answer("no such organisation or release", ref("Error"))
	r["422"] = answer("no pathway can be drawn: no accounts (no_accounts) or no usable target ahead (no_target, naming the targets not used and why)", ref("Error"))
}
