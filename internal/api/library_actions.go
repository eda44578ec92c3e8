package api

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"strconv"

	"klimaspor/internal/model"
	"klimaspor/internal/store"
)

// An idea of the knowledge library becomes an action (issue 15, decision 67):
//
//	POST /api/v1/library-items/{id}/actions   {"plan_id": n} or {"project_id": n}: 201 and the action
//
// The action is made by store.ActionFromIdea through the store's Create: the guard asks
// whether the person may add an action to the plan or project, and the audit trail records
// it. Who may not see the item hears that there is none.

func (s *Server) libraryActionRoutes() []Route {
	return []Route{
		{Method: "POST", Pattern: "/api/v1/library-items/{id}/actions", Op: "actionFromIdea", h: s.actionFromIdea, doc: actionFromIdeaDoc},
	}
}

type ideaOwner struct {
	PlanID    int64 `json:"plan_id"`
	ProjectID int64 `json:"project_id"`
}

func (s *Server) actionFromIdea(w http.ResponseWriter, r *http.Request) error {
	id, err := signedPathID(r)
	if err != nil {
		return err
	}
	body, err := readBody(w, r)
	if err != nil {
		return err
	}
	var in ideaOwner
	dec := json.NewDecoder(bytes.NewReader(body))
	dec.DisallowUnknownFields()
	if err := dec.Decode(&in); err != nil {
		return errorf(http.StatusBadRequest, "malformed_json", "", `send {"plan_id": n} or {"project_id": n}: `+err.Error())
	}
	if in.PlanID < 0 || in.ProjectID < 0 || (in.PlanID == 0) == (in.ProjectID == 0) {
		return errorf(http.StatusBadRequest, "invalid_body", "plan_id", "name exactly one of plan_id and project_id, the plan's or the joint project's id")
	}
	ctx := r.Context()
	if err := s.checkWritable(ctx, model.LibraryItems, id); err != nil {
		return err
	}
	// A plan or project the person may not see is not there, as for the item.
	owner, field, oid := model.Plans, "plan_id", in.PlanID
	if in.ProjectID != 0 {
		owner, field, oid = model.Projects, "project_id", in.ProjectID
	}
	if err := s.checkVisible(ctx, owner, oid); errors.Is(err, store.ErrNotFound) {
		return errorf(http.StatusNotFound, "not_found", field, fmt.Sprintf("there is no %s %d", owner.Singular, oid))
	} else if err != nil {
		return err
	}
	out, err := s.db.ActionFromIdea(ctx, id, in.PlanID, in.ProjectID)
	if err != nil {
		return err
	}
	w.Header().Set("Location", "/api/v1/actions/"+strconv.FormatInt(out.ID(), 10))
	s.log.Info("action made from idea", "library_item", id, "action", out.ID(), "request_id", requestID(ctx))
	return writeRecord(w, http.StatusCreated, model.Actions, out)
}

func actionFromIdeaDoc(op obj) {
	op["summary"] = "make an action of an idea of the knowledge library, in a plan or a joint project the person may add actions to: " +
		"the idea's title, summary (as the description), sector, themes, language, expected effect and cost; planned, unpublished, " +
		"and library_item_id the idea. Made as any new action (the guard asks, the audit trail records it)"
	op["tags"] = []string{"library-items"}
	op["parameters"] = []obj{idParam}
	op["requestBody"] = obj{"required": true, "content": jsonContent(obj{"type": "object", "additionalProperties": false,
		"description": "exactly one of plan_id and project_id", "properties": obj{
			"plan_id":    obj{"type": "integer", "format": "int64", "minimum": 1},
			"project_id": obj{"type": "integer", "format": "int64", "minimum": 1},
		}})}
	r := op["responses"].(obj)
	r["201"] = answer("the new action", ref(SchemaName(model.Actions)))
	r["400"] = answer("a malformed body, or not exactly one of plan_id and project_id", ref("Error"))
	r["401"] = answer("no valid API token", ref("Error"))
	r["403"] = answer("the person may not add actions to the plan or project", ref("Error"))
	r["404"] = answer("no such item, plan or project, or one the person may not see", ref("Error"))
	r["422"] = answer("the item is not an idea", ref("Error"))
	op["security"] = []obj{{"token": []string{}}}
}
