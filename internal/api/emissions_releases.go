package api

import (
	"errors"
	"fmt"
	"net/http"
	"net/url"
	"strconv"
	"strings"

	"klimaspor/internal/model"
	"klimaspor/internal/store"
)

// The energy and CO2 accounts' releases (issue 12): GET /api/v1/emissions/releases lists
// them, newest first; GET /api/v1/emissions/inventory?organisation=ID[&release=ID] answers an
// organisation's accounts in a release (the newest by default), by year and sector with the
// total of each year. A municipality's are its own figures; a region's and the nation's the
// sums of their municipalities' (store.Inventory). Both are public reads.

func (s *Server) releaseRoutes() []Route {
	return []Route{
		{Method: "GET", Pattern: "/api/v1/emissions/releases", Op: "emissionReleases", h: s.emissionReleases, doc: releasesDoc},
		{Method: "GET", Pattern: "/api/v1/emissions/inventory", Op: "emissionInventory", h: s.emissionInventory, doc: inventoryDoc},
	}
}

func (s *Server) emissionReleases(w http.ResponseWriter, r *http.Request) error {
	if err := onlyParams(r); err != nil {
		return err
	}
	rels, err := s.db.Releases(r.Context())
	if err != nil {
		return err
	}
	return writeJSON(w, http.StatusOK, map[string]any{"items": rels})
}

func (s *Server) emissionInventory(w http.ResponseWriter, r *http.Request) error {
	if err := onlyParams(r, "organisation", "release"); err != nil {
		return err
	}
	q := r.URL.Query()
	if q.Get("organisation") == "" {
		return errorf(http.StatusBadRequest, "invalid_query", "organisation", "give organisation=ID: the municipality, region or nation whose accounts to show")
	}
	org, err := positiveID(q.Get("organisation"), "organisation")
	if err != nil {
		return err
	}
	var release int64
	if v := q.Get("release"); v != "" {
		if release, err = positiveID(v, "release"); err != nil {
			return err
		}
	}
	ctx := r.Context()
	if _, err := s.db.Get(ctx, model.Organisations, org); errors.Is(err, store.ErrNotFound) {
		return errorf(http.StatusNotFound, "not_found", "organisation", fmt.Sprintf("there is no organisation %d", org))
	} else if err != nil {
		return err
	}
	inv, err := s.db.Inventory(ctx, org, release)
	if errors.Is(err, store.ErrNotFound) {
		if release == 0 {
			return errorf(http.StatusNotFound, "not_found", "release", "no release of the accounts is stored yet")
		}
		return errorf(http.StatusNotFound, "not_found", "release", fmt.Sprintf("there is no release %d", release))
	}
	if err != nil {
		return err
	}
	return writeJSON(w, http.StatusOK, inv)
}

// onlyParams refuses a query parameter the route does not take, or one given twice.
func onlyParams(r *http.Request, allowed ...string) error {
	for k, vs := range r.URL.Query() {
		known := false
		for _, a := range allowed {
			known = known || a == k
		}
		if !known {
			return errorf(http.StatusBadRequest, "invalid_query", k, k+" is not a parameter of this route")
		}
		if len(vs) != 1 {
			return errorf(http.StatusBadRequest, "invalid_query", k, k+" is given more than once")
		}
	}
	return nil
}

// positiveID reads a record id from the query parameter name.
func positiveID(v, name string) (int64, error) {
	id, err := strconv.ParseInt(v, 10, 64)
	if err != nil || id < 1 {
		return 0, errorf(http.StatusBadRequest, "invalid_query", name, name+" must be a record id, a whole number from 1")
	}
	return id, nil
}

// yearParam reads a year from the query parameter name.
func yearParam(v, name string) (int, error) {
	n, err := strconv.Atoi(v)
	if err != nil || n < 1900 || n > 2100 {
		return 0, errorf(http.StatusBadRequest, "invalid_query", name, name+" must be a year from 1900 to 2100")
	}
	return n, nil
}

// --- the OpenAPI document's words for these routes ---

const emissionsTag = "emissions"

var releaseSchema = obj{"type": "object", "required": []string{"id", "name", "vintage", "source", "created_at"}, "additionalProperties": false, "properties": obj{
	"id":         obj{"type": "integer", "format": "int64"},
	"name":       obj{"type": "string"},
	"vintage":    obj{"type": "string", "format": "date", "description": "when the agency published the figures, or when they were fetched"},
	"source":     obj{"type": "string"},
	"note":       obj{"type": "string"},
	"created_at": obj{"type": "string", "format": "date-time", "description": "when the release was stored"},
	"created_by": obj{"type": "integer", "format": "int64", "description": "the person who stored it (absent: the system)"},
}}

func releasesDoc(op obj) {
	op["summary"] = "the releases of the energy and CO2 accounts (Energistyrelsen's Energi- og CO2-regnskab), newest first: each import is one, stored beside the earlier ones"
	op["tags"] = []string{emissionsTag}
	op["responses"].(obj)["200"] = answer("the releases", obj{"type": "object", "required": []string{"items"}, "additionalProperties": false, "properties": obj{
		"items": obj{"type": "array", "items": releaseSchema}}})
}

func inventoryDoc(op obj) {
	op["summary"] = "an organisation's energy and CO2 accounts in one release, by year and sector: a municipality's own figures, " +
		"a region's or the nation's the sums of its municipalities' (each counted once)"
	op["tags"] = []string{emissionsTag}
	op["parameters"] = []obj{
		{"name": "organisation", "in": "query", "required": true, "description": "the municipality, region or nation (its id)", "schema": obj{"type": "integer", "format": "int64", "minimum": 1}},
		{"name": "release", "in": "query", "required": false, "description": "the release (its id); the newest when not given", "schema": obj{"type": "integer", "format": "int64", "minimum": 1}},
	}
	sector := obj{"type": "object", "required": []string{"sector", "t_co2e"}, "additionalProperties": false, "properties": obj{
		"sector": obj{"type": "string", "enum": model.EmissionSectors, "description": "the accounts' sector: affald is landfill and wastewater together, industri the chemical processes"},
		"t_co2e": obj{"type": "number", "description": "tonnes CO2e; may be negative (landbrug holds some uptake)"},
	}}
	year := obj{"type": "object", "required": []string{"year", "total_t_co2e", "sectors"}, "additionalProperties": false, "properties": obj{
		"year":         obj{"type": "integer"},
		"total_t_co2e": obj{"type": "number", "description": "the sum of the sectors, tonnes CO2e, to the kilogram"},
		"sectors":      obj{"type": "array", "items": sector},
	}}
	r := op["responses"].(obj)
	r["200"] = answer("the accounts, years in order", obj{"type": "object", "required": []string{"organisation_id", "release", "years"}, "additionalProperties": false, "properties": obj{
		"organisation_id": obj{"type": "integer", "format": "int64"},
		"release":         releaseSchema,
		"years":           obj{"type": "array", "items": year},
	}})
	r["400"] = answer("no organisation given, or a parameter that is not an id", ref("Error"))
	r["404"] = answer("no such organisation (field organisation) or release (field release), or no release stored yet", ref("Error"))
}

// orgYearSet reads the organisation, year and factor_set parameters the emissions routes
// share (each optional); a factor_set given empty is a 400 saying setMsg, and set keeps its
// default when none is given.
func orgYearSet(q url.Values, set *string, setMsg string) (org int64, year int, err error) {
	if v := q.Get("organisation"); v != "" {
		if org, err = positiveID(v, "organisation"); err != nil {
			return 0, 0, err
		}
	}
	if v := q.Get("year"); v != "" {
		if year, err = yearParam(v, "year"); err != nil {
			return 0, 0, err
		}
	}
	if q.Has("factor_set") {
		if strings.TrimSpace(q.Get("factor_set")) == "" {
			return 0, 0, errorf(http.StatusBadRequest, "invalid_query", "factor_set", setMsg)
		}
		*set = q.Get("factor_set")
	}
	return org, year, nil
}
