package api

import (
	"errors"
	"fmt"
	"net/http"
	"strconv"
	"time"

	"klimaspor/internal/coverage"
	"klimaspor/internal/coverage/gather"
	"klimaspor/internal/store"
)

// GET /api/v1/coverage?group=ORG_ID|project=ID[&base=adopted|all][&at=YYYY-MM-DD]: how many
// of a group's municipalities have each theme in their adopted climate plans (C7, "Et blik
// på tværs"), with the published figures beside the computed shares; and
// GET /api/v1/coverage/{theme_id}/actions?…: the actions behind one theme's figure. The rule
// is internal/coverage's, the reads store/coverage.go's. Public reads: only published
// actions in published, adopted plans count, so what counts is no draft, and every reader
// gets the same answer.

func (s *Server) coverageRoutes() []Route {
	return []Route{
		{Method: "GET", Pattern: "/api/v1/coverage", Op: "coverage", h: s.coverage, doc: coverageDoc},
		{Method: "GET", Pattern: "/api/v1/coverage/{theme_id}/actions", Op: "coverageActions", h: s.coverageActions, doc: coverageActionsDoc},
		{Method: "GET", Pattern: "/api/v1/coverage/history", Op: "coverageHistory", h: s.coverageHistory, doc: coverageHistoryDoc},
	}
}

// coverageGroup is a request's group, base and day.
type coverageGroup struct {
	group, project int64
	base           coverage.Base
	day            string // "" for now
	members        []int64
}

// readCoverageGroup reads group or project, base and at, and the group's members.
func (s *Server) readCoverageGroup(r *http.Request) (coverageGroup, error) {
	return s.readCoverageGroupWith(r, "at")
}

// readCoverageGroupWith is readCoverageGroup allowing the other parameters given (at is
// read only when allowed).
func (s *Server) readCoverageGroupWith(r *http.Request, more ...string) (coverageGroup, error) {
	var g coverageGroup
	if err := onlyParams(r, append([]string{"group", "project", "base"}, more...)...); err != nil {
		return g, err
	}
	q := r.URL.Query()
	var err error
	switch {
	case q.Has("group") && q.Has("project"):
		return g, errorf(http.StatusBadRequest, "invalid_query", "project", "give group or project, not both")
	case q.Has("group"):
		if g.group, err = positiveID(q.Get("group"), "group"); err != nil {
			return g, err
		}
	case q.Has("project"):
		if g.project, err = positiveID(q.Get("project"), "project"); err != nil {
			return g, err
		}
	default:
		return g, errorf(http.StatusBadRequest, "invalid_query", "group", "give group=ID (a region, the nation or a network) or project=ID (a joint project's participants)")
	}
	var ok bool
	if g.base, ok = coverage.ParseBase(q.Get("base")); !ok {
		return g, errorf(http.StatusBadRequest, "invalid_query", "base", "base is adopted (only members with an adopted plan count) or all")
	}
	if v := q.Get("at"); v != "" {
		if _, err := time.Parse(time.DateOnly, v); err != nil {
			return g, errorf(http.StatusBadRequest, "invalid_query", "at", "at is a date, YYYY-MM-DD")
		}
		g.day = v
	}
	ctx := r.Context()
	g.members, err = gather.Members(ctx, s.db, g.query())
	if g.group != 0 {
		switch {
		case errors.Is(err, store.ErrNotFound):
			return g, errorf(http.StatusNotFound, "not_found", "group", fmt.Sprintf("there is no organisation %d", g.group))
		case errors.Is(err, store.ErrNotGroup):
			return g, errorf(http.StatusBadRequest, "invalid_query", "group", "a group is a region, the nation or a network; for a joint project's participants give project=ID")
		}
		return g, err
	}
	if errors.Is(err, store.ErrNotFound) {
		return g, errorf(http.StatusNotFound, "not_found", "project", fmt.Sprintf("there is no project %d", g.project))
	}
	return g, err
}

// query is the group, base and day as internal/coverage/gather takes them.
func (g coverageGroup) query() gather.Query {
	return gather.Query{Group: g.group, Project: g.project, Base: g.base, Day: g.day}
}

type coveragePublished struct {
	Share      float64       `json:"share"`
	Source     string        `json:"source"`
	Date       string        `json:"date"`
	Base       coverage.Base `json:"base"`
	Difference float64       `json:"difference"`
}

type coverageTheme struct {
	ThemeID       int64               `json:"theme_id"`
	Code          string              `json:"code"`
	NameDA        string              `json:"name_da"`
	Count         int                 `json:"count"`
	Share         float64             `json:"share"`
	Organisations []int64             `json:"organisations"`
	Without       []int64             `json:"without"`
	Published     []coveragePublished `json:"published"`
}

type coverageAnswer struct {
	GroupID   *int64          `json:"group_id"`
	ProjectID *int64          `json:"project_id"`
	At        *string         `json:"at"`
	Base      coverage.Base   `json:"base"`
	Members   int             `json:"members"`
	Counted   int             `json:"counted"`
	Themes    []coverageTheme `json:"themes"`
}

func optional[T comparable](v T) *T {
	var zero T
	if v == zero {
		return nil
	}
	return &v
}

func (s *Server) coverage(w http.ResponseWriter, r *http.Request) error {
	g, err := s.readCoverageGroup(r)
	if err != nil {
		return err
	}
	c, err := gather.Compute(r.Context(), s.db, g.query(), g.members, nil)
	if err != nil {
		return err
	}
	res := c.Result
	out := coverageAnswer{GroupID: optional(g.group), ProjectID: optional(g.project), At: optional(g.day),
		Base: res.Base, Members: res.Members, Counted: res.Counted, Themes: make([]coverageTheme, 0, len(res.Themes))}
	for _, tc := range res.Themes {
		t := coverageTheme{ThemeID: tc.Theme.ID, Code: tc.Theme.Code, NameDA: tc.Theme.NameDA, Count: tc.Count, Share: tc.Share,
			Organisations: tc.With, Without: tc.Without, Published: make([]coveragePublished, 0, len(tc.Published))}
		for _, p := range tc.Published {
			t.Published = append(t.Published, coveragePublished{Share: p.Share, Source: p.Source, Date: p.Date, Base: p.Base, Difference: p.Difference})
		}
		out.Themes = append(out.Themes, t)
	}
	return writeJSON(w, http.StatusOK, out)
}

type coverageAction struct {
	ID             int64  `json:"id"`
	Title          string `json:"title"`
	OrganisationID int64  `json:"organisation_id"`
	PlanID         int64  `json:"plan_id"`
	MemberID       int64  `json:"member_id"`
}

func (s *Server) coverageActions(w http.ResponseWriter, r *http.Request) error {
	theme, err := strconv.ParseInt(r.PathValue("theme_id"), 10, 64)
	if err != nil || theme < 1 {
		return errorf(http.StatusBadRequest, "invalid_id", "theme_id", fmt.Sprintf("%q is not a theme id; ids are positive whole numbers", r.PathValue("theme_id")))
	}
	g, err := s.readCoverageGroup(r)
	if err != nil {
		return err
	}
	ctx := r.Context()
	tree, err := s.db.ThemeTree(ctx)
	if err != nil {
		return err
	}
	if !tree.Has(theme) {
		return errorf(http.StatusNotFound, "not_found", "theme_id", fmt.Sprintf("there is no theme %d", theme))
	}
	c, err := gather.ComputeWith(ctx, s.db, g.query(), g.members, tree, tree.Under(theme))
	if err != nil {
		return err
	}
	items := []coverageAction{}
	for _, a := range coverage.Behind(c.State, tree, theme) {
		items = append(items, coverageAction{ID: a.ID, Title: a.Title, OrganisationID: a.Organisation, PlanID: a.Plan, MemberID: c.State.Member[a.Plan]})
	}
	return writeJSON(w, http.StatusOK, map[string]any{"theme_id": theme, "group_id": optional(g.group), "project_id": optional(g.project),
		"at": optional(g.day), "base": g.base, "items": items})
}

// --- the OpenAPI document's words for these routes ---

const coverageTag = "coverage"

func coverageParams() []obj {
	id := obj{"type": "integer", "format": "int64", "minimum": 1}
	return []obj{
		{"name": "group", "in": "query", "required": false, "description": "the region or the nation (its id) whose municipalities are the group, or a network (its id) whose member municipalities are; or give project", "schema": id},
		{"name": "project", "in": "query", "required": false, "description": "the joint project (its id) whose participating municipalities are the group", "schema": id},
		{"name": "base", "in": "query", "required": false, "description": "adopted (default): only members with an adopted plan are counted; all: every member", "schema": obj{"type": "string", "enum": coverage.Bases}},
		{"name": "at", "in": "query", "required": false, "description": "the coverage at the end of this day (UTC), rebuilt from the record histories; now when not given", "schema": obj{"type": "string", "format": "date"}},
	}
}

var nullableID = obj{"type": "integer", "format": "int64", "nullable": true}
var nullableDate = obj{"type": "string", "format": "date", "nullable": true}

func coverageDoc(op obj) {
	op["summary"] = "how many of a group's municipalities have each theme in their adopted climate plans: a theme counts for a municipality when a published action " +
		"in one of its adopted, published plans carries the theme or a sub-theme; with the published figures beside the computed shares"
	op["tags"] = []string{coverageTag}
	op["parameters"] = coverageParams()
	ids := obj{"type": "array", "items": obj{"type": "integer", "format": "int64"}}
	published := obj{"type": "object", "required": []string{"share", "source", "date", "base", "difference"}, "additionalProperties": false, "properties": obj{
		"share":      obj{"type": "number", "minimum": 0, "description": "the published share, a fraction 0–1"},
		"source":     obj{"type": "string"},
		"date":       obj{"type": "string", "description": "the figure's date or period"},
		"base":       obj{"type": "string", "enum": coverage.Bases},
		"difference": obj{"type": "number", "description": "the computed share minus the published one"},
	}}
	theme := obj{"type": "object", "required": []string{"theme_id", "code", "name_da", "count", "share", "organisations", "without", "published"}, "additionalProperties": false, "properties": obj{
		"theme_id":      obj{"type": "integer", "format": "int64"},
		"code":          obj{"type": "string"},
		"name_da":       obj{"type": "string"},
		"count":         obj{"type": "integer", "minimum": 0, "description": "counted members with the theme"},
		"share":         obj{"type": "number", "minimum": 0, "maximum": 1, "description": "count / counted, a fraction 0–1 (0 when nobody is counted)"},
		"organisations": ids,
		"without":       ids,
		"published":     obj{"type": "array", "items": published, "description": "published figures for the group (group only): the plan_share.* indicators' values, tied to the theme by the indicator's theme_id"},
	}}
	r := op["responses"].(obj)
	r["200"] = answer("the coverage of every theme", obj{"type": "object", "required": []string{"group_id", "project_id", "at", "base", "members", "counted", "themes"}, "additionalProperties": false, "properties": obj{
		"group_id":   nullableID,
		"project_id": nullableID,
		"at":         nullableDate,
		"base":       obj{"type": "string", "enum": coverage.Bases},
		"members":    obj{"type": "integer", "minimum": 0, "description": "the group's municipalities"},
		"counted":    obj{"type": "integer", "minimum": 0, "description": "the denominator: members with an adopted plan (base adopted) or all members"},
		"themes":     obj{"type": "array", "items": theme},
	}})
	r["400"] = answer("no group or project, both, an organisation that is not a region, the nation or a network, or a bad base or date", ref("Error"))
	r["404"] = answer("no such organisation or project", ref("Error"))
}

func coverageActionsDoc(op obj) {
	op["summary"] = "the actions behind one theme's coverage figure: the published actions in the group's adopted plans that carry the theme or a sub-theme"
	op["tags"] = []string{coverageTag}
	op["parameters"] = append([]obj{{"name": "theme_id", "in": "path", "required": true, "description": "the theme", "schema": obj{"type": "integer", "format": "int64", "minimum": 1}}}, coverageParams()...)
	item := obj{"type": "object", "required": []string{"id", "title", "organisation_id", "plan_id", "member_id"}, "additionalProperties": false, "properties": obj{
		"id":              obj{"type": "integer", "format": "int64"},
		"title":           obj{"type": "string"},
		"organisation_id": obj{"type": "integer", "format": "int64", "description": "the responsible organisation"},
		"plan_id":         obj{"type": "integer", "format": "int64"},
		"member_id":       obj{"type": "integer", "format": "int64", "description": "the member whose plan it is"},
	}}
	r := op["responses"].(obj)
	r["200"] = answer("the actions, in id order", obj{"type": "object", "required": []string{"theme_id", "group_id", "project_id", "at", "base", "items"}, "additionalProperties": false, "properties": obj{
		"theme_id":   obj{"type": "integer", "format": "int64"},
		"group_id":   nullableID,
		"project_id": nullableID,
		"at":         nullableDate,
		"base":       obj{"type": "string", "enum": coverage.Bases},
		"items":      obj{"type": "array", "items": item},
	}})
	r["400"] = answer("a bad theme id, group, project, base or date", ref("Error"))
	r["404"] = answer("no such theme, organisation or project", ref("Error"))
}
