package api_test

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"strings"
	"testing"
	"time"

	"klimaspor/internal/auth"
	"klimaspor/internal/pdf"
	"klimaspor/internal/rollup/rolluptest"
	"klimaspor/internal/store"
	"klimaspor/internal/store/storetest"
)

// get sends a GET with the token (none for the public) and returns the status, the content
// type and the body.
func (c *client) get(path, token string) (int, string, []byte) {
	c.t.Helper()
	resp, b := c.getResponse(path, token)
	return resp.StatusCode, resp.Header.Get("Content-Type"), b
}

// getResponse sends a GET with the token (none for the public) and returns the answer, its
// body read.
func (c *client) getResponse(path, token string) (*http.Response, []byte) {
	c.t.Helper()
	req, err := http.NewRequest("GET", c.srv.URL+path, nil)
	if err != nil {
		c.t.Fatal(err)
	}
	if token != "" {
		req.Header.Set("Authorization", "Bearer "+token)
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		c.t.Fatal(err)
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	return resp, b
}

// The overview and the roll-up of a round: their formats and content types, the filters,
// what the public sees, the refusals, and the JSON as the OpenAPI document describes it.
func TestRoundOverviewAndRollup(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		w := rolluptest.Build(t, db)
		c := newClient(t, db)
		token := auth.NewToken("ks_")
		if _, err := db.CreateToken(context.Background(), w.Secretariat.User.ID, "test", auth.ScopeRead, auth.HashToken(token), time.Now().AddDate(1, 0, 0)); err != nil {
			t.Fatal(err)
		}
		base := fmt.Sprintf("/api/v1/reporting-rounds/%d", w.Spring23)
		for _, tc := range []struct {
			name, path, token string
			status            int
			contentType       string
			rows              int    // JSON overview: how many rows (-1: not checked)
			has               string // in the body
		}{
			{"the overview as JSON", base + "/overview", token, 200, "application/json", 3, `"project_code":"VIP1"`},
			{"the public sees the approved report only", base + "/overview", "", 200, "application/json", 1, `"trend":"better"`},
			{"by state", base + "/overview?state=draft", token, 200, "application/json", 1, `"project_code":"VIP2"`},
			{"by lead", fmt.Sprintf("%s/overview?lead=%d", base, w.KBH), token, 200, "application/json", 2, `"project_code":"VIP3"`},
			{"as CSV", base + "/overview?format=csv", token, 200, "text/csv", -1, "Projektkode"},
			{"as CSV in English", base + "/overview?format=csv&lang=en", token, 200, "text/csv", -1, "Project code"},
			{"as XLSX", base + "/overview?format=xlsx", token, 200, "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", -1, "PK"},
			{"an unknown state", base + "/overview?state=green", token, 400, "application/json", -1, `"field":"state"`},
			{"an unknown parameter", base + "/overview?programme=1", token, 400, "application/json", -1, `"field":"programme"`},
			{"an unknown format", base + "/overview?format=pdf", token, 400, "application/json", -1, `"field":"format"`},
			{"an unknown round", "/api/v1/reporting-rounds/999999/overview", token, 404, "application/json", -1, `"code":"not_found"`},
			{"not an id", "/api/v1/reporting-rounds/x/overview", token, 400, "application/json", -1, `"code":"invalid_id"`},
			{"the roll-up as HTML", base + "/rollup", token, 200, "text/html", -1, "<h2>Resumé</h2>"},
			{"the roll-up as HTML in English", base + "/rollup?format=html&lang=en", token, 200, "text/html", -1, "<h2>Summary</h2>"},
			{"the roll-up as XLSX", base + "/rollup?format=xlsx", token, 200, "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", -1, "PK"},
			{"the roll-up in an unknown format", base + "/rollup?format=docx", token, 400, "application/json", -1, `"field":"format"`},
			{"the roll-up of an unknown round", "/api/v1/reporting-rounds/999999/rollup", token, 404, "application/json", -1, `"code":"not_found"`},
		} {
			t.Run(tc.name, func(t *testing.T) {
				status, ct, body := c.get(tc.path, tc.token)
				if status != tc.status || !strings.HasPrefix(ct, tc.contentType) {
					t.Fatalf("GET %s = %d %s, want %d %s: %.300s", tc.path, status, ct, tc.status, tc.contentType, body)
				}
				if !bytes.Contains(body, []byte(tc.has)) {
					t.Errorf("GET %s lacks %q: %.500s", tc.path, tc.has, body)
				}
				if tc.contentType != "application/json" {
					return
				}
				var v any
				if err := json.Unmarshal(body, &v); err != nil {
					t.Fatal(err)
				}
				c.conforms("GET", tc.path, status, v)
				if tc.rows >= 0 {
					if rows := v.(map[string]any)["rows"].([]any); len(rows) != tc.rows {
						t.Errorf("GET %s has %d rows, want %d", tc.path, len(rows), tc.rows)
					}
				}
			})
		}
	})
}

// The PDF needs Chromium: without it the answer says so, with 503; with it the answer is a
// PDF.
func TestRollupPDF(t *testing.T) {
	db := storetest.Open(t, "sqlite")
	w := rolluptest.Build(t, db)
	c := newClient(t, db)
	path := fmt.Sprintf("/api/v1/reporting-rounds/%d/rollup?format=pdf", w.Spring23)
	if _, err := (pdf.Options{}).Browser(); err == nil {
		status, ct, body := c.get(path, "")
		if status != 200 || ct != "application/pdf" || !bytes.HasPrefix(body, []byte("%PDF")) {
			t.Errorf("GET %s = %d %s %.20q, want a PDF", path, status, ct, body)
		}
	}
	t.Setenv(pdf.EnvChromium, "/no/such/chromium")
	status, ct, body := c.get(path, "")
	if status != http.StatusServiceUnavailable || !strings.HasPrefix(ct, "application/json") ||
		!bytes.Contains(body, []byte(`"code":"pdf_unavailable"`)) || !bytes.Contains(body, []byte("Chromium")) {
		t.Errorf("GET %s without Chromium = %d %s %s, want 503 saying Chromium is needed", path, status, ct, body)
	}
	var v any
	json.Unmarshal(body, &v)
	c.conforms("GET", path, status, v)
}
