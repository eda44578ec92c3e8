package api

import (
	"bytes"
	"errors"
	"fmt"
	"net/http"
	"slices"
	"strconv"
	"time"

	"klimaspor/internal/i18n"
	"klimaspor/internal/model"
	"klimaspor/internal/pdf"
	"klimaspor/internal/rollup"
	"klimaspor/internal/web/page"
)

// A reporting round's overview and roll-up (issue 11): GET
// /api/v1/reporting-rounds/{id}/overview (JSON, or the matrix as CSV or XLSX) and
// GET /api/v1/reporting-rounds/{id}/rollup (HTML, PDF or XLSX). Both show what the caller
// may see: reports they may not read are left out (internal/rollup).

// docParams reads the round's id and the query the two routes take: allowed names the
// parameters beside lang; format must be one of formats ("" when not given).
func docParams(r *http.Request, formats []string, allowed ...string) (id int64, q map[string]string, lang i18n.Lang, err error) {
	if id, err = pathID(r); err != nil {
		return 0, nil, "", err
	}
	q = map[string]string{}
	lang = i18n.Danish
	for k, vs := range r.URL.Query() {
		switch {
		case len(vs) != 1:
			return 0, nil, "", errorf(http.StatusBadRequest, "invalid_query", k, k+" is given more than once")
		case k == "lang":
			l, ok := i18n.ParseLang(vs[0])
			if !ok {
				return 0, nil, "", errorf(http.StatusBadRequest, "invalid_query", "lang", "lang must be da or en")
			}
			lang = l
		case k == "format" || slices.Contains(allowed, k):
			q[k] = vs[0]
		default:
			return 0, nil, "", errorf(http.StatusBadRequest, "invalid_query", k, fmt.Sprintf("%s is not a parameter of this route", k))
		}
	}
	if f := q["format"]; f != "" && !slices.Contains(formats, f) {
		return 0, nil, "", errorf(http.StatusBadRequest, "invalid_query", "format", fmt.Sprintf("format %q: give one of %v", f, formats))
	}
	return id, q, lang, nil
}

// overview answers GET /api/v1/reporting-rounds/{id}/overview.
func (s *Server) overview(w http.ResponseWriter, r *http.Request) error {
	id, q, lang, err := docParams(r, []string{"json", page.FormatCSV, page.FormatXLSX}, "state", "lead")
	if err != nil {
		return err
	}
	var f rollup.Filter
	if st := q["state"]; st != "" {
		if !slices.Contains(model.ReportStates, st) {
			return errorf(http.StatusBadRequest, "invalid_query", "state", fmt.Sprintf("state %q: give one of %v", st, model.ReportStates))
		}
		f.State = st
	}
	if l := q["lead"]; l != "" {
		if f.Lead, err = strconv.ParseInt(l, 10, 64); err != nil || f.Lead < 1 {
			return errorf(http.StatusBadRequest, "invalid_query", "lead", "lead must be an organisation id")
		}
	}
	ro, err := rollup.Build(r.Context(), s.db, principal(r.Context()), id, f, rollup.Today(time.Now()))
	if err != nil {
		return err
	}
	switch format := q["format"]; format {
	case page.FormatCSV, page.FormatXLSX:
		return page.SendExport(w, i18n.For(lang), &page.ExportRequest{List: "overblik", Format: format}, ro.Export(lang))
	}
	return writeJSON(w, http.StatusOK, ro.JSON())
}

// rollupDoc answers GET /api/v1/reporting-rounds/{id}/rollup.
func (s *Server) rollupDoc(w http.ResponseWriter, r *http.Request) error {
	id, q, lang, err := docParams(r, []string{"html", "pdf", page.FormatXLSX})
	if err != nil {
		return err
	}
	ctx := r.Context()
	today := rollup.Today(time.Now())
	ro, err := rollup.Build(ctx, s.db, principal(ctx), id, rollup.Filter{}, today)
	if err != nil {
		return err
	}
	format := q["format"]
	var body []byte
	contentType := "text/html; charset=utf-8"
	if format == page.FormatXLSX {
		contentType = xlsxType
		if body, err = rollup.XLSX(lang, ro); err != nil {
			return err
		}
	} else {
		if body, err = rollup.HTML(lang, ro); err != nil {
			return err
		}
		if format == "pdf" {
			contentType = "application/pdf"
			body, err = rollup.PDF(ctx, body)
			if errors.Is(err, pdf.ErrNoBrowser) {
				return &Error{Status: http.StatusServiceUnavailable, Code: "pdf_unavailable", err: err,
					Message: "the PDF is made with Chromium, which is not installed on this server; ask for format=html (print-ready) or format=xlsx, or install chromium"}
			}
			if err != nil {
				return err
			}
		}
	}
	h := w.Header()
	h.Set("Content-Type", contentType)
	h.Set("Content-Language", lang.String())
	if format == "" || format == "html" {
		// The document is standalone: its CSS is inline, its charts inline SVG.
		h.Set("Content-Security-Policy", "default-src 'none'; style-src 'unsafe-inline'; img-src data:; frame-ancestors 'none'")
		format = "html"
	} else {
		h.Set("Content-Disposition", fmt.Sprintf(`attachment; filename="rollup-%d-%s.%s"`, id, today, format))
	}
	w.WriteHeader(http.StatusOK)
	_, err = bytes.NewReader(body).WriteTo(w)
	return err
}

// docsOperation describes the two routes in the OpenAPI document.
func docsOperation(opName string, op, responses obj) {
	formatParam := func(desc string, formats ...string) obj {
		return obj{"name": "format", "in": "query", "description": desc, "schema": obj{"type": "string", "enum": formats}}
	}
	langParam := obj{"name": "lang", "in": "query", "description": "the language of the files' and the document's texts (default da)", "schema": obj{"type": "string", "enum": []string{"da", "en"}}}
	switch opName {
	case "overview":
		op["summary"] = "a reporting round's overview: its reports' states, who last changed them, whether they are overdue, and each project's goals' traffic lights with the change since the programme's previous round; reports the caller may not read are left out"
		op["parameters"] = []obj{idParam,
			param("state", "query", "string", "only the reports in this state", false),
			param("lead", "query", "integer", "only the projects this organisation leads", false),
			formatParam("json (default), or the matrix as a CSV or XLSX file", "json", "csv", "xlsx"), langParam}
		light := obj{"type": "string", "description": "a traffic light (not_started, on_track, at_risk, off_track, done), or \"\" when none was given"}
		responses["200"] = obj{"description": "the overview", "content": obj{
			"application/json": obj{"schema": obj{"type": "object", "required": []string{"round_id", "programme_id", "deadline", "today", "previous_round_id", "goal_columns", "rows"}, "additionalProperties": false, "properties": obj{
				"round_id": obj{"type": "integer"}, "programme_id": obj{"type": "integer"}, "deadline": obj{"type": "string", "format": "date"},
				"today":             obj{"type": "string", "format": "date", "description": "the day in Danish time that decides what is overdue"},
				"previous_round_id": obj{"type": "integer", "nullable": true, "description": "the programme's latest round with a deadline before this one's, which the trends compare with"},
				"goal_columns":      obj{"type": "array", "items": obj{"type": "integer"}, "description": "the goals' positions 1..n: every project has goals of its own"},
				"rows": obj{"type": "array", "items": obj{"type": "object", "additionalProperties": false,
					"required": []string{"report_id", "project_id", "project_code", "project_title", "leads", "state", "last_changed_by", "last_changed_at", "deadline", "overdue", "cells"},
					"properties": obj{
						"report_id": obj{"type": "integer"}, "project_id": obj{"type": "integer"}, "project_code": obj{"type": "string"}, "project_title": obj{"type": "string"},
						"leads":           obj{"type": "array", "items": obj{"type": "object", "required": []string{"id", "name"}, "additionalProperties": false, "properties": obj{"id": obj{"type": "integer"}, "name": obj{"type": "string"}}}},
						"state":           obj{"type": "string", "enum": model.ReportStates},
						"last_changed_by": obj{"type": "string", "description": "who made the report's last version (\"\" for the system, and for the public)"},
						"last_changed_at": obj{"type": "string", "format": "date-time"},
						"deadline":        obj{"type": "string", "format": "date"},
						"overdue":         obj{"type": "boolean", "description": "not submitted or approved, and the deadline has passed"},
						"cells": obj{"type": "array", "items": obj{"type": "object", "additionalProperties": false,
							"required": []string{"position", "goal_id", "title", "light", "explanation", "previous_light", "trend"},
							"properties": obj{"position": obj{"type": "integer"}, "goal_id": obj{"type": "integer"}, "title": obj{"type": "string"},
								"light": light, "explanation": obj{"type": "string"}, "previous_light": light,
								"trend": obj{"type": "string", "enum": []string{"better", "same", "worse", "none"}}}}},
					}}},
			}}},
			"text/csv": obj{"schema": obj{"type": "string"}}, xlsxType: obj{"schema": obj{"type": "string", "format": "binary"}}}}
	case "rollup":
		op["summary"] = "a reporting round's roll-up for the steering group: a cover, the summary matrix, a section per project (goals with their lights, indicator charts with targets, challenges, perspectives and next steps) and who reported when; as print-ready A4 HTML, PDF or XLSX; reports the caller may not read are left out"
		op["parameters"] = []obj{idParam, formatParam("html (default), pdf or xlsx", "html", "pdf", "xlsx"), langParam}
		responses["200"] = obj{"description": "the document", "content": obj{
			"text/html": obj{"schema": obj{"type": "string"}}, "application/pdf": obj{"schema": obj{"type": "string", "format": "binary"}},
			xlsxType: obj{"schema": obj{"type": "string", "format": "binary"}}}}
		responses["503"] = answer("the PDF needs Chromium, which this server does not have (code pdf_unavailable)", ref("Error"))
	}
	responses["404"] = answer("no such round", ref("Error"))
}
