package api

import (
	"errors"
	"fmt"
	"net/http"
	"strconv"
	"strings"

	cgather "klimaspor/internal/coverage/gather"
	"klimaspor/internal/peers"
	"klimaspor/internal/peers/gather"
	"klimaspor/internal/store"
)

// GET /api/v1/peers?organisation=ID[&with=ID,ID][&similar=N][&group=ORG_ID|project=ID]: the
// peer comparison (C7, issue 13): the organisation, the others named in with and the N
// municipalities most like it by population and emissions per inhabitant, figure by figure,
// each figure with the reference group's average or how many of its members have it. The
// group is a region or the nation (group), a joint project's participants (project), or by
// default the organisation's region. The comparison is internal/peers', read by
// internal/peers/gather as the page /paa-tvaers/sammenlign reads it. A public read: drafts
// never count, so every reader gets the same answer.

func (s *Server) peerRoutes() []Route {
	return []Route{{Method: "GET", Pattern: "/api/v1/peers", Op: "peers", h: s.peerComparison, doc: peersDoc}}
}

// maxSimilar is the most similar municipalities asked for at once (gather.MaxCompared
// bounds them with the chosen).
const maxSimilar = gather.MaxCompared - 1

func (s *Server) readPeersQuery(r *http.Request) (gather.Query, error) {
	var q gather.Query
	if err := onlyParams(r, "organisation", "with", "similar", "group", "project"); err != nil {
		return q, err
	}
	v := r.URL.Query()
	if !v.Has("organisation") {
		return q, errorf(http.StatusBadRequest, "invalid_query", "organisation", "give organisation=ID, the municipality compared")
	}
	id, err := positiveID(v.Get("organisation"), "organisation")
	if err != nil {
		return q, err
	}
	q.Compared = []int64{id}
	if w := v.Get("with"); w != "" {
		for _, part := range strings.Split(w, ",") {
			id, err := positiveID(strings.TrimSpace(part), "with")
			if err != nil {
				return q, err
			}
			if !contains(q.Compared, id) {
				q.Compared = append(q.Compared, id)
			}
		}
	}
	if v.Has("similar") {
		n, err := strconv.Atoi(v.Get("similar"))
		if err != nil || n < 1 || n > maxSimilar {
			return q, errorf(http.StatusBadRequest, "invalid_query", "similar", fmt.Sprintf("similar is a whole number from 1 to %d", maxSimilar))
		}
		q.Similar = n
	}
	if len(q.Compared)+q.Similar > gather.MaxCompared {
		return q, errorf(http.StatusBadRequest, "invalid_query", "with", fmt.Sprintf("compare at most %d municipalities, the organisation, with and similar together", gather.MaxCompared))
	}
	switch {
	case v.Has("group") && v.Has("project"):
		return q, errorf(http.StatusBadRequest, "invalid_query", "project", "give group or project, not both")
	case v.Has("group"):
		q.Group = &cgather.Query{}
		q.Group.Group, err = positiveID(v.Get("group"), "group")
	case v.Has("project"):
		q.Group = &cgather.Query{}
		q.Group.Project, err = positiveID(v.Get("project"), "project")
	}
	return q, err
}

func contains(ids []int64, id int64) bool {
	for _, x := range ids {
		if x == id {
			return true
		}
	}
	return false
}

type peerOrganisation struct {
	ID       int64    `json:"id"`
	Code     string   `json:"code"`
	NameDA   string   `json:"name_da"`
	Similar  bool     `json:"similar"`
	Distance *float64 `json:"distance"`
}

type peerFigure struct {
	Key          string         `json:"key"`
	Kind         peers.Kind     `json:"kind"`
	Unit         *string        `json:"unit"`
	ThemeID      *int64         `json:"theme_id"`
	Values       map[string]any `json:"values"`
	GroupAverage *float64       `json:"group_average"`
	GroupCount   int            `json:"group_count"`
	GroupSize    int            `json:"group_size"`
}

type peersAnswer struct {
	GroupID       *int64             `json:"group_id"`
	ProjectID     *int64             `json:"project_id"`
	Members       []int64            `json:"members"`
	ReleaseID     *int64             `json:"release_id"`
	Year          *int               `json:"year"`
	Skipped       int                `json:"skipped"`
	Organisations []peerOrganisation `json:"organisations"`
	Figures       []peerFigure       `json:"figures"`
}

func (s *Server) peerComparison(w http.ResponseWriter, r *http.Request) error {
	q, err := s.readPeersQuery(r)
	if err != nil {
		return err
	}
	c, err := gather.Gather(r.Context(), s.db, q)
	switch {
	case errors.Is(err, gather.ErrNotMunicipality):
		return errorf(http.StatusBadRequest, "invalid_query", "organisation", "only municipalities are compared: "+err.Error())
	case errors.Is(err, gather.ErrNoGroup):
		return errorf(http.StatusBadRequest, "invalid_query", "group", "the organisation is in no region; give group=ID or project=ID")
	case errors.Is(err, store.ErrNotGroup):
		return errorf(http.StatusBadRequest, "invalid_query", "group", "a group is a region or the nation; for a joint project's participants give project=ID")
	case errors.Is(err, store.ErrNotFound):
		return errorf(http.StatusNotFound, "not_found", "", "no such organisation, group or project: "+err.Error())
	case err != nil:
		return err
	}
	out := peersAnswer{GroupID: optional(c.Group.Group), ProjectID: optional(c.Group.Project), Members: c.Members, ReleaseID: optional(c.Release.ID),
		Year: optional(c.Year), Skipped: c.Skipped, Organisations: []peerOrganisation{}, Figures: []peerFigure{}}
	if out.Members == nil {
		out.Members = []int64{}
	}
	dist := map[int64]float64{}
	for _, m := range c.Matches {
		dist[m.ID] = m.Distance
	}
	for _, id := range c.Compared {
		o := c.Orgs[id]
		po := peerOrganisation{ID: id, Code: o.Code(), NameDA: o.NameDA()}
		if d, ok := dist[id]; ok {
			po.Similar, po.Distance = true, &d
		}
		out.Organisations = append(out.Organisations, po)
	}
	for _, f := range c.Figures {
		pf := peerFigure{Key: f.Key, Kind: f.Kind, Unit: optional(f.Unit), ThemeID: optional(f.ThemeID), Values: map[string]any{},
			GroupCount: f.Count, GroupSize: f.Size}
		if f.Average.OK {
			pf.GroupAverage = &f.Average.Value
		}
		for id, v := range f.Values {
			key := strconv.FormatInt(id, 10)
			switch {
			case f.Kind == peers.KindYesNo:
				pf.Values[key] = v.Yes
			case v.Number.OK:
				pf.Values[key] = v.Number.Value
			default:
				pf.Values[key] = nil
			}
		}
		out.Figures = append(out.Figures, pf)
	}
	return writeJSON(w, http.StatusOK, out)
}

func peersDoc(op obj) {
	op["summary"] = "compare municipalities figure by figure (population, emissions per inhabitant and in total, renewable share, adopted plan, net-zero year, " +
		"number of actions, each theme), with the reference group's average or how many of its members have it; optionally with the municipalities most like the first"
	op["tags"] = []string{coverageTag}
	id := obj{"type": "integer", "format": "int64", "minimum": 1}
	op["parameters"] = []obj{
		{"name": "organisation", "in": "query", "required": true, "description": "the municipality compared, and the one similar municipalities are like", "schema": id},
		{"name": "with", "in": "query", "required": false, "description": "other municipalities to compare, ids separated by commas", "schema": obj{"type": "string"}},
		{"name": "similar", "in": "query", "required": false, "description": fmt.Sprintf("add this many municipalities most like the organisation by population (log scale) and emissions per inhabitant, each scaled by its spread; at most %d compared in all", gather.MaxCompared),
			"schema": obj{"type": "integer", "minimum": 1, "maximum": maxSimilar}},
		{"name": "group", "in": "query", "required": false, "description": "the reference group: a region or the nation (its id); default the organisation's region", "schema": id},
		{"name": "project", "in": "query", "required": false, "description": "the reference group: a joint project's participating municipalities", "schema": id},
	}
	org := obj{"type": "object", "required": []string{"id", "code", "name_da", "similar", "distance"}, "additionalProperties": false, "properties": obj{
		"id":       obj{"type": "integer", "format": "int64"},
		"code":     obj{"type": "string"},
		"name_da":  obj{"type": "string"},
		"similar":  obj{"type": "boolean", "description": "chosen by similar, not named"},
		"distance": obj{"type": "number", "nullable": true, "minimum": 0, "description": "a similar municipality's distance to the organisation (0 is identical); null for one named"},
	}}
	figure := obj{"type": "object", "required": []string{"key", "kind", "unit", "theme_id", "values", "group_average", "group_count", "group_size"}, "additionalProperties": false, "properties": obj{
		"key":      obj{"type": "string", "description": "population, emissions_per_inhabitant, emissions_total, renewable_share, adopted_plan, net_zero_year, actions, or theme.<code>"},
		"kind":     obj{"type": "string", "enum": []peers.Kind{peers.KindNumber, peers.KindYesNo}},
		"unit":     obj{"type": "string", "nullable": true, "description": "inhabitants, t CO2e, %, year or actions; null for yes/no"},
		"theme_id": nullableID,
		"values": obj{"type": "object", "description": "by organisation id: a number (null when not known) for kind number, true or false for kind yes_no",
			"additionalProperties": obj{"nullable": true}},
		"group_average": obj{"type": "number", "nullable": true, "description": "kind number: the mean of the group's members' figures, each member once; null when none has one, and for yes_no"},
		"group_count":   obj{"type": "integer", "minimum": 0, "description": "kind yes_no: the members with yes; kind number: the members with a figure"},
		"group_size":    obj{"type": "integer", "minimum": 0, "description": "the group's members"},
	}}
	r := op["responses"].(obj)
	r["200"] = answer("the comparison", obj{"type": "object", "required": []string{"group_id", "project_id", "members", "release_id", "year", "skipped", "organisations", "figures"}, "additionalProperties": false, "properties": obj{
		"group_id":      nullableID,
		"project_id":    nullableID,
		"members":       obj{"type": "array", "items": obj{"type": "integer", "format": "int64"}, "description": "the reference group's municipalities"},
		"release_id":    nullableID,
		"year":          obj{"type": "integer", "nullable": true, "description": "the accounts' year whose emissions are compared (the newest release's latest)"},
		"skipped":       obj{"type": "integer", "minimum": 0, "description": "with similar: municipalities left out for lacking a population or accounts"},
		"organisations": obj{"type": "array", "items": org, "description": "the compared, the named first, then the similar nearest first"},
		"figures":       obj{"type": "array", "items": figure},
	}})
	r["400"] = answer("no organisation, one that is not a municipality, a bad with, similar, group or project, or too many compared", ref("Error"))
	r["404"] = answer("no such organisation, group or project", ref("Error"))
}
