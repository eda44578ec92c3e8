package api

import (
	"net/http"
	"time"

	"klimaspor/internal/coverage"
	"klimaspor/internal/coverage/gather"
	"klimaspor/internal/store"
)

// GET /api/v1/coverage/history?group=ORG_ID|project=ID[&base][&from][&to]: each theme's
// coverage at the end of each quarter (or year, over a long span: coverage.HistoryDays)
// from from to to, rebuilt from the record histories in one pass (gather.History), as the
// chart on /paa-tvaers draws it. from is by default the first day the audit trail has an
// entry for one of the group's plans (store.DB.CoverageSince), to today. The group's members
// are today's.

type coverageHistoryPoint struct {
	Date    string  `json:"date"`
	Count   int     `json:"count"`
	Counted int     `json:"counted"`
	Share   float64 `json:"share"`
}

type coverageHistoryTheme struct {
	ThemeID int64                  `json:"theme_id"`
	Code    string                 `json:"code"`
	NameDA  string                 `json:"name_da"`
	Points  []coverageHistoryPoint `json:"points"`
}

type coverageHistoryAnswer struct {
	GroupID   *int64                 `json:"group_id"`
	ProjectID *int64                 `json:"project_id"`
	Base      coverage.Base          `json:"base"`
	From      *string                `json:"from"`
	To        string                 `json:"to"`
	Themes    []coverageHistoryTheme `json:"themes"`
}

func (s *Server) coverageHistory(w http.ResponseWriter, r *http.Request) error {
	g, err := s.readCoverageGroupWith(r, "from", "to")
	if err != nil {
		return err
	}
	q := r.URL.Query()
	date := func(name string) (string, error) {
		v := q.Get(name)
		if v == "" {
			return "", nil
		}
		if _, err := time.Parse(time.DateOnly, v); err != nil {
			return "", errorf(http.StatusBadRequest, "invalid_query", name, name+" is a date, YYYY-MM-DD")
		}
		return v, nil
	}
	from, err := date("from")
	if err != nil {
		return err
	}
	to, err := date("to")
	if err != nil {
		return err
	}
	if to == "" {
		to = store.Today()
	}
	ctx := r.Context()
	if from == "" {
		if from, err = s.db.CoverageSince(ctx, g.members); err != nil {
			return err
		}
	}
	if from != "" && from > to {
		return errorf(http.StatusBadRequest, "invalid_query", "from", "from is on or before to")
	}
	tree, err := s.db.ThemeTree(ctx)
	if err != nil {
		return err
	}
	days := coverage.HistoryDays(from, to)
	res, err := gather.History(ctx, s.db, g.query(), g.members, tree, days)
	if err != nil {
		return err
	}
	out := coverageHistoryAnswer{GroupID: optional(g.group), ProjectID: optional(g.project), Base: g.base, From: optional(from), To: to,
		Themes: make([]coverageHistoryTheme, 0, len(tree.Themes()))}
	for i, th := range tree.Themes() {
		t := coverageHistoryTheme{ThemeID: th.ID, Code: th.Code, NameDA: th.NameDA, Points: make([]coverageHistoryPoint, 0, len(days))}
		for j, day := range days {
			tc := res[j].Themes[i] // Compute keeps the tree's order
			t.Points = append(t.Points, coverageHistoryPoint{Date: day, Count: tc.Count, Counted: res[j].Counted, Share: tc.Share})
		}
		out.Themes = append(out.Themes, t)
	}
	return writeJSON(w, http.StatusOK, out)
}

func coverageHistoryDoc(op obj) {
	op["summary"] = "each theme's coverage over time for a group: at the end of each quarter (each year when that would be more than 24 points) from from to to, " +
		"and at to itself, rebuilt from the record histories; the group's members are today's"
	op["tags"] = []string{coverageTag}
	var params []obj
	for _, p := range coverageParams() {
		if p["name"] != "at" {
			params = append(params, p)
		}
	}
	op["parameters"] = append(params,
		obj{"name": "from", "in": "query", "required": false, "description": "the first day; by default the first day the record history has an entry for one of the group's plans", "schema": obj{"type": "string", "format": "date"}},
		obj{"name": "to", "in": "query", "required": false, "description": "the last day (UTC); today when not given", "schema": obj{"type": "string", "format": "date"}})
	point := obj{"type": "object", "required": []string{"date", "count", "counted", "share"}, "additionalProperties": false, "properties": obj{
		"date":    obj{"type": "string", "format": "date", "description": "the coverage at the end of this day"},
		"count":   obj{"type": "integer", "minimum": 0, "description": "counted members with the theme"},
		"counted": obj{"type": "integer", "minimum": 0, "description": "the denominator on the day"},
		"share":   obj{"type": "number", "minimum": 0, "maximum": 1, "description": "count / counted, a fraction 0–1"},
	}}
	theme := obj{"type": "object", "required": []string{"theme_id", "code", "name_da", "points"}, "additionalProperties": false, "properties": obj{
		"theme_id": obj{"type": "integer", "format": "int64"},
		"code":     obj{"type": "string"},
		"name_da":  obj{"type": "string"},
		"points":   obj{"type": "array", "items": point, "description": "in date order"},
	}}
	r := op["responses"].(obj)
	r["200"] = answer("every theme's coverage at each day", obj{"type": "object", "required": []string{"group_id", "project_id", "base", "from", "to", "themes"}, "additionalProperties": false, "properties": obj{
		"group_id":   nullableID,
		"project_id": nullableID,
		"base":       obj{"type": "string", "enum": coverage.Bases},
		"from":       obj{"type": "string", "format": "date", "nullable": true, "description": "null when the group's plans have no history: then there are no points"},
		"to":         obj{"type": "string", "format": "date"},
		"themes":     obj{"type": "array", "items": theme},
	}})
	r["400"] = answer("no group or project, both, an organisation that is not a region or the nation, or a bad base or date", ref("Error"))
	r["404"] = answer("no such organisation or project", ref("Error"))
}
