package api

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"

	"klimaspor/internal/auth"
	"klimaspor/internal/model"
	"klimaspor/internal/store"
	"klimaspor/internal/themesuggest/gather"
)

// GET /api/v1/theme-suggestions?organisation=ID: the organisation's actions without a theme
// (drafts too) with the themes internal/themesuggest suggests for each; POST
// /api/v1/theme-suggestions/accept and /reject: a coordinator's answer to one suggestion
// (C7, issue 13). Nothing is mapped without a person: an accept adds the theme to the
// action through the action's update (its version checked, audited), a reject keeps the
// pair so it is not suggested again. Only who may change the organisation's actions
// (auth.MayMapThemes) reads or answers them.

func (s *Server) suggestionRoutes() []Route {
	return []Route{
		{Method: "GET", Pattern: "/api/v1/theme-suggestions", Op: "themeSuggestions", h: s.themeSuggestions, doc: themeSuggestionsDoc},
		{Method: "POST", Pattern: "/api/v1/theme-suggestions/accept", Op: "acceptThemeSuggestion", h: s.answerSuggestion(true), doc: answerSuggestionDoc(true)},
		{Method: "POST", Pattern: "/api/v1/theme-suggestions/reject", Op: "rejectThemeSuggestion", h: s.answerSuggestion(false), doc: answerSuggestionDoc(false)},
	}
}

type suggestedTheme struct {
	ThemeID int64   `json:"theme_id"`
	Code    string  `json:"code"`
	NameDA  string  `json:"name_da"`
	NameEN  string  `json:"name_en"`
	Score   float64 `json:"score"`
}

type suggestionAction struct {
	ActionID    int64            `json:"action_id"`
	Title       string           `json:"title"`
	Version     int64            `json:"version"`
	PlanID      int64            `json:"plan_id"`
	Published   bool             `json:"published"`
	Suggestions []suggestedTheme `json:"suggestions"`
}

func (s *Server) themeSuggestions(w http.ResponseWriter, r *http.Request) error {
	if err := onlyParams(r, "organisation"); err != nil {
		return err
	}
	q := r.URL.Query()
	if !q.Has("organisation") {
		return errorf(http.StatusBadRequest, "invalid_query", "organisation", "give organisation=ID: the organisation whose actions without a theme to suggest themes for")
	}
	org, err := positiveID(q.Get("organisation"), "organisation")
	if err != nil {
		return err
	}
	ctx := r.Context()
	p := principal(ctx)
	if !p.Signed() {
		return auth.ErrSignIn
	}
	if _, err := s.db.Get(ctx, model.Organisations, org); errors.Is(err, store.ErrNotFound) {
		return errorf(http.StatusNotFound, "not_found", "organisation", fmt.Sprintf("there is no organisation %d", org))
	} else if err != nil {
		return err
	}
	if err := auth.MayMapThemes(p, org); err != nil {
		return err
	}
	g, err := gather.For(ctx, s.db, org)
	if err != nil {
		return err
	}
	out := struct {
		OrganisationID int64              `json:"organisation_id"`
		Actions        []suggestionAction `json:"actions"`
	}{OrganisationID: org, Actions: make([]suggestionAction, 0, len(g.Items))}
	for _, it := range g.Items {
		a := suggestionAction{ActionID: it.Action.ID, Title: it.Action.Title, Version: it.Action.Version, PlanID: it.Action.PlanID,
			Published: it.Action.Published, Suggestions: make([]suggestedTheme, 0, len(it.Suggestions))}
		for _, sg := range it.Suggestions {
			t := g.Themes[sg.Theme]
			a.Suggestions = append(a.Suggestions, suggestedTheme{ThemeID: t.ID, Code: t.Code, NameDA: t.NameDA, NameEN: t.NameEN, Score: sg.Score})
		}
		out.Actions = append(out.Actions, a)
	}
	return writeJSON(w, http.StatusOK, out)
}

type suggestionAnswer struct {
	ActionID int64 `json:"action_id"`
	ThemeID  int64 `json:"theme_id"`
	Version  int64 `json:"version"`
}

func (s *Server) answerSuggestion(accept bool) handler {
	return func(w http.ResponseWriter, r *http.Request) error {
		body, err := readBody(w, r)
		if err != nil {
			return err
		}
		var in suggestionAnswer
		dec := json.NewDecoder(bytes.NewReader(body))
		dec.DisallowUnknownFields()
		if err := dec.Decode(&in); err != nil {
			return errorf(http.StatusBadRequest, "malformed_json", "", `send {"action_id": n, "theme_id": n, "version": n} (version for an accept): `+err.Error())
		}
		switch {
		case in.ActionID < 1:
			return errorf(http.StatusBadRequest, "invalid_body", "action_id", "action_id is the action's id, a positive whole number")
		case in.ThemeID < 1:
			return errorf(http.StatusBadRequest, "invalid_body", "theme_id", "theme_id is the theme's id, a positive whole number")
		case accept && in.Version < 1:
			return errorf(http.StatusBadRequest, "invalid_body", "version", "version is the action's version as read; a stale one is refused with 409")
		}
		ctx := r.Context()
		if !principal(ctx).Signed() {
			return auth.ErrSignIn
		}
		// Who may not see the action hears that there is none, as for an edit.
		if err := s.checkWritable(ctx, model.Actions, in.ActionID); err != nil {
			if errors.Is(err, store.ErrNotFound) {
				return errorf(http.StatusNotFound, "not_found", "action_id", fmt.Sprintf("there is no action %d", in.ActionID))
			}
			return err
		}
		if !accept {
			if err := s.db.RejectThemeSuggestion(ctx, in.ActionID, in.ThemeID); err != nil {
				return suggestionError(err, in)
			}
			s.log.Info("theme suggestion rejected", "action", in.ActionID, "theme", in.ThemeID, "request_id", requestID(ctx))
			return writeJSON(w, http.StatusOK, map[string]any{"action_id": in.ActionID, "theme_id": in.ThemeID, "rejected": true})
		}
		out, err := s.db.AcceptThemeSuggestion(ctx, in.ActionID, in.ThemeID, in.Version)
		if err != nil {
			return suggestionError(err, in)
		}
		s.log.Info("theme suggestion accepted", "action", in.ActionID, "theme", in.ThemeID, "request_id", requestID(ctx))
		return writeRecord(w, http.StatusOK, model.Actions, out)
	}
}

// suggestionError names what the store refused: the action was checked before, so a
// record not found is the theme.
func suggestionError(err error, in suggestionAnswer) error {
	switch {
	case errors.Is(err, store.ErrThemeOnAction):
		return errorf(http.StatusUnprocessableEntity, "theme_on_action", "theme_id", fmt.Sprintf("action %d already carries theme %d", in.ActionID, in.ThemeID))
	case errors.Is(err, store.ErrNotFound):
		return errorf(http.StatusNotFound, "not_found", "theme_id", fmt.Sprintf("there is no theme %d", in.ThemeID))
	}
	return err
}

// --- the OpenAPI document's words for these routes ---

const suggestionTag = "theme-suggestions"

func themeSuggestionsDoc(op obj) {
	op["summary"] = "an organisation's actions without a theme (drafts too), each with up to three themes suggested by the similarity of its title and description " +
		"to the themes' names and the published actions that carry them (Danish text analysis); a rejected theme is not suggested again. " +
		"Only for those who may change the organisation's actions"
	op["tags"] = []string{suggestionTag}
	op["parameters"] = []obj{{"name": "organisation", "in": "query", "required": true, "description": "the organisation whose actions (in its plans) to suggest themes for",
		"schema": obj{"type": "integer", "format": "int64", "minimum": 1}}}
	theme := obj{"type": "object", "required": []string{"theme_id", "code", "name_da", "name_en", "score"}, "additionalProperties": false, "properties": obj{
		"theme_id": obj{"type": "integer", "format": "int64"},
		"code":     obj{"type": "string"},
		"name_da":  obj{"type": "string"},
		"name_en":  obj{"type": "string"},
		"score":    obj{"type": "number", "minimum": 0, "maximum": 1, "description": "the cosine similarity of the action's text to the theme's profile, 0–1"},
	}}
	action := obj{"type": "object", "required": []string{"action_id", "title", "version", "plan_id", "published", "suggestions"}, "additionalProperties": false, "properties": obj{
		"action_id":   obj{"type": "integer", "format": "int64"},
		"title":       obj{"type": "string"},
		"version":     obj{"type": "integer", "format": "int64", "description": "the action's version, to send with an accept"},
		"plan_id":     obj{"type": "integer", "format": "int64"},
		"published":   obj{"type": "boolean"},
		"suggestions": obj{"type": "array", "maxItems": 3, "items": theme, "description": "best first; empty when no theme is similar enough"},
	}}
	r := op["responses"].(obj)
	r["200"] = answer("the actions without a theme, in id order, with their suggestions", obj{"type": "object", "required": []string{"organisation_id", "actions"}, "additionalProperties": false, "properties": obj{
		"organisation_id": obj{"type": "integer", "format": "int64"},
		"actions":         obj{"type": "array", "items": action},
	}})
	r["400"] = answer("no organisation, or a bad id", ref("Error"))
	r["401"] = answer("not signed in (no valid API token)", ref("Error"))
	r["403"] = answer("the person may not change the organisation's actions", ref("Error"))
	r["404"] = answer("no such organisation", ref("Error"))
	op["security"] = []obj{{"token": []string{}}}
}

func answerSuggestionDoc(accept bool) func(obj) {
	return func(op obj) {
		op["tags"] = []string{suggestionTag}
		body := obj{"type": "object", "required": []string{"action_id", "theme_id"}, "additionalProperties": false, "properties": obj{
			"action_id": obj{"type": "integer", "format": "int64", "minimum": 1},
			"theme_id":  obj{"type": "integer", "format": "int64", "minimum": 1},
			"version":   obj{"type": "integer", "format": "int64", "minimum": 1, "description": "the action's version as read (required to accept); a stale one is refused with 409"},
		}}
		r := op["responses"].(obj)
		if accept {
			op["summary"] = "accept a suggested theme: the theme is added to the action's themes, an update of the action with its version (audited like any edit). Any theme may be accepted"
			body["required"] = []string{"action_id", "theme_id", "version"}
			r["200"] = answer("the action after the change", ref(SchemaName(model.Actions)))
			r["409"] = answer("the version is stale: someone changed the action since it was read (version_conflict, with the action as it is now)", ref("Error"))
			r["422"] = answer("the action already carries the theme (theme_on_action)", ref("Error"))
		} else {
			op["summary"] = "reject a suggested theme: it is not suggested for the action again; who and when are kept, and the audit trail records it. Rejecting twice changes nothing"
			r["200"] = answer("the rejection", obj{"type": "object", "required": []string{"action_id", "theme_id", "rejected"}, "additionalProperties": false, "properties": obj{
				"action_id": obj{"type": "integer", "format": "int64"},
				"theme_id":  obj{"type": "integer", "format": "int64"},
				"rejected":  obj{"type": "boolean"},
			}})
		}
		op["requestBody"] = obj{"required": true, "content": jsonContent(body)}
		r["400"] = answer("a malformed body or a missing id", ref("Error"))
		r["401"] = answer("not signed in (no valid API token)", ref("Error"))
		r["403"] = answer("the person may not change the action", ref("Error"))
		r["404"] = answer("no such action (or one the person may not see), or no such theme", ref("Error"))
		op["security"] = []obj{{"token": []string{}}}
	}
}
