package api

import (
	"bytes"
	"cmp"
	"encoding/json"
	"net/http"
	"strconv"

	"klimaspor/internal/auth"
	"klimaspor/internal/model"
	"klimaspor/internal/reporting"
)

// Status reporting's routes beyond the plain records (C5): the moves of a report (submit,
// return, approve), its kept versions, and a programme's report form with its versions.
// The rules are internal/reporting's; the store makes each move through the guard and the
// audit trail. A move the person may not make is 403, one the state does not allow 409.

func (s *Server) reportRoutes() []Route {
	rt := []Route{}
	for _, m := range reporting.Moves {
		rt = append(rt, Route{Method: "POST", Pattern: "/api/v1/reports/{id}/" + string(m), Op: string(m) + "Report", h: s.moveReport(m), doc: moveDoc(m)})
	}
	return append(rt,
		Route{Method: "GET", Pattern: "/api/v1/reports/{id}/versions", Op: "reportVersions", h: s.reportVersions, doc: versionsDoc},
		Route{Method: "GET", Pattern: "/api/v1/programmes/{id}/report-form", Op: "getReportForm", h: s.reportForm, doc: formDoc},
		Route{Method: "POST", Pattern: "/api/v1/programmes/{id}/report-form", Op: "addReportForm", h: s.addReportForm, doc: addFormDoc},
	)
}

// moveBody is what a move may send: the secretariat's comment (required to return a
// report) and the version read (optional: a stale one is refused with 409).
type moveBody struct {
	Comment string `json:"comment"`
	Version int64  `json:"version"`
}

func (s *Server) moveReport(m reporting.Move) handler {
	return func(w http.ResponseWriter, r *http.Request) error {
		id, err := pathID(r)
		if err != nil {
			return err
		}
		body, err := readBody(w, r)
		if err != nil {
			return err
		}
		var in moveBody
		if len(bytes.TrimSpace(body)) > 0 {
			dec := json.NewDecoder(bytes.NewReader(body))
			dec.DisallowUnknownFields()
			if err := dec.Decode(&in); err != nil {
				return errorf(http.StatusBadRequest, "malformed_json", "", "send {\"comment\": \"…\", \"version\": n} (both optional but a return's comment): "+err.Error())
			}
		}
		if err := s.checkWritable(r.Context(), model.Reports, id); err != nil {
			return err
		}
		out, err := s.db.MoveReport(r.Context(), id, in.Version, m, in.Comment)
		if err != nil {
			return err
		}
		s.log.Info("report moved", "id", id, "move", m, "state", out["state"], "request_id", requestID(r.Context()))
		return writeRecord(w, http.StatusOK, model.Reports, out)
	}
}

// reportVersions lists a report's kept versions, oldest first, each with its answers as
// they were. A reader sees the versions in the states they may read (reporting.Sees): the
// public and the participants do not see the drafts that came before an approved report.
// Who made a version is named to signed-in readers only.
func (s *Server) reportVersions(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r)
	if err != nil {
		return err
	}
	rec, err := s.visible(r.Context(), model.Reports, id)
	if err != nil {
		return err
	}
	p := principal(r.Context())
	rel, err := auth.ReportRelation(r.Context(), s.db, p, model.AsReport(rec).ProjectID(), false)
	if err != nil {
		return err
	}
	vs, err := s.db.ReportVersions(r.Context(), id)
	if err != nil {
		return err
	}
	items := []map[string]any{}
	for _, v := range vs[id] {
		st := reporting.State(v.State)
		if st != reporting.Approved && !reporting.Sees(rel, st) {
			continue
		}
		item := map[string]any{"version": v.Version, "state": v.State, "move": v.Move, "channel": v.Channel, "at": v.At,
			"answers": json.RawMessage(cmp.Or(string(v.Answers), "{}")), "comment": v.Comment}
		if p.Signed() {
			item["by"] = v.By
		}
		items = append(items, item)
	}
	return writeJSON(w, http.StatusOK, map[string]any{"report_id": id, "items": items})
}

// reportForm answers a programme's report form: the newest version, or ?version=N.
func (s *Server) reportForm(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r)
	if err != nil {
		return err
	}
	var v int64
	if q := r.URL.Query().Get("version"); q != "" {
		if v, err = strconv.ParseInt(q, 10, 64); err != nil || v < 1 {
			return errorf(http.StatusBadRequest, "invalid_query", "version", "version must be a positive whole number")
		}
	}
	f, err := s.db.ReportForm(r.Context(), id, v)
	if err != nil {
		return err
	}
	return writeJSON(w, http.StatusOK, f)
}

// addReportForm stores a new version of a programme's report form ({"questions": [...]}),
// for the rounds made from now on.
func (s *Server) addReportForm(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r)
	if err != nil {
		return err
	}
	body, err := readBody(w, r)
	if err != nil {
		return err
	}
	var in struct {
		Questions json.RawMessage `json:"questions"`
	}
	dec := json.NewDecoder(bytes.NewReader(body))
	dec.DisallowUnknownFields()
	if err := dec.Decode(&in); err != nil || len(in.Questions) == 0 {
		return errorf(http.StatusBadRequest, "malformed_json", "questions", "send {\"questions\": [...]}, the form's questions")
	}
	f, err := s.db.AddReportForm(r.Context(), id, in.Questions)
	if err != nil {
		return err
	}
	s.log.Info("report form added", "programme", id, "version", f.Version, "request_id", requestID(r.Context()))
	return writeJSON(w, http.StatusCreated, f)
}

// --- the OpenAPI document's words for these routes ---

var moveSummaries = map[reporting.Move]string{
	reporting.Submit:  "submit a report (its leads): its answers must be complete; it becomes read-only for them",
	reporting.Return:  "return a submitted report to its leads with a comment (the secretariat): it becomes editable again",
	reporting.Approve: "approve a submitted report (the secretariat): its indicator values become the project's values for the round's half-year",
}

func moveDoc(m reporting.Move) func(obj) {
	return func(op obj) {
		op["summary"] = moveSummaries[m]
		op["tags"] = []string{model.Reports.Name}
		op["parameters"] = []obj{idParam}
		body := obj{"type": "object", "additionalProperties": false, "properties": obj{
			"comment": obj{"type": "string", "maxLength": 4000, "description": "what the leads should change (required to return)"},
			"version": obj{"type": "integer", "format": "int64", "description": "the version read; a stale one is refused with 409"},
		}}
		if m == reporting.Return {
			body["required"] = []string{"comment"}
		}
		op["requestBody"] = obj{"required": m == reporting.Return, "content": jsonContent(body)}
		r := op["responses"].(obj)
		r["200"] = answer("the report after the move", ref(SchemaName(model.Reports)))
		r["401"] = answer("no valid API token", ref("Error"))
		r["403"] = answer("the person may not make this move (only the secretariat returns and approves; only the project's leads and the secretariat submit)", ref("Error"))
		r["409"] = answer("the report's state does not allow the move (code wrong_state), or the version is stale (version_conflict)", ref("Error"))
		r["422"] = answer("a return without a comment, or a submission whose answers are incomplete", ref("Error"))
		op["security"] = []obj{{"token": []string{}}}
	}
}

func versionsDoc(op obj) {
	op["summary"] = "a report's kept versions, oldest first: every save and move, with the answers as they were (drafts only to those who may read them)"
	op["tags"] = []string{model.Reports.Name}
	op["parameters"] = []obj{idParam}
	version := obj{"type": "object", "required": []string{"version", "state", "move", "channel", "at", "answers", "comment"}, "additionalProperties": false, "properties": obj{
		"version": obj{"type": "integer"}, "state": obj{"type": "string", "enum": model.ReportStates},
		"move":    obj{"type": "string", "enum": []string{"create", "save", "submit", "return", "approve"}},
		"channel": obj{"type": "string"}, "at": obj{"type": "string", "format": "date-time"},
		"answers": obj{"type": "object"}, "comment": obj{"type": "string", "description": "the secretariat's comment with a return; \"\" otherwise"},
		"by": obj{"type": "string", "description": "who made it (to signed-in readers)"},
	}}
	op["responses"].(obj)["200"] = answer("the versions", obj{"type": "object", "required": []string{"report_id", "items"}, "additionalProperties": false, "properties": obj{
		"report_id": obj{"type": "integer"}, "items": obj{"type": "array", "items": version}}})
}

var formSchema = obj{"type": "object", "required": []string{"version", "questions"}, "additionalProperties": false, "properties": obj{
	"version":   obj{"type": "integer", "minimum": 1},
	"questions": obj{"type": "array", "items": ref("Question")},
}}

func formDoc(op obj) {
	op["summary"] = "a programme's report form: the newest version, or the one asked for"
	op["tags"] = []string{model.Programmes.Name}
	op["parameters"] = []obj{idParam, {"name": "version", "in": "query", "description": "a version (default: the newest)", "schema": obj{"type": "integer", "minimum": 1}}}
	op["responses"].(obj)["200"] = answer("the form", formSchema)
}

func addFormDoc(op obj) {
	op["summary"] = "add a version of a programme's report form (the secretariat); it applies to rounds made from now on, and reports keep the version they were given on"
	op["tags"] = []string{model.Programmes.Name}
	op["parameters"] = []obj{idParam}
	op["requestBody"] = obj{"required": true, "content": jsonContent(obj{"type": "object", "required": []string{"questions"}, "additionalProperties": false,
		"properties": obj{"questions": obj{"type": "array", "items": ref("Question")}}})}
	r := op["responses"].(obj)
	r["201"] = answer("the new version", formSchema)
	r["401"] = answer("no valid API token", ref("Error"))
	r["403"] = answer("only the secretariat changes a programme's form", ref("Error"))
	r["422"] = answer("the questions are not a valid form", ref("Error"))
	op["security"] = []obj{{"token": []string{}}}
}

// questionSchema describes one question of a report form (reporting.Question).
func questionSchema() obj {
	return obj{"type": "object", "required": []string{"id", "type", "label_da"}, "additionalProperties": false, "properties": obj{
		"id":       obj{"type": "string"},
		"type":     obj{"type": "string", "enum": questionTypes()},
		"label_da": obj{"type": "string"},
		"label_en": obj{"type": "string"},
		"help_da":  obj{"type": "string"},
		"help_en":  obj{"type": "string"},
		"required": obj{"type": "boolean"},
		"only":     obj{"type": "string", "enum": model.RoundKinds, "description": "asked only in rounds of this kind"},
		"options": obj{"type": "array", "description": "a choice question's answers", "items": obj{"type": "object", "required": []string{"code", "label_da"}, "additionalProperties": false,
			"properties": obj{"code": obj{"type": "string"}, "label_da": obj{"type": "string"}, "label_en": obj{"type": "string"}}}},
		"indicators": obj{"type": "array", "items": obj{"type": "string"}, "description": "codes of the project's indicators asked for (none: all it owns)"},
		"rollup":     obj{"type": "boolean", "description": "shown in each project's section of the roll-up"},
	}}
}

func questionTypes() []string {
	var out []string
	for _, t := range reporting.QuestionTypes {
		out = append(out, string(t))
	}
	return out
}
