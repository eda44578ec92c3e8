package audit

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"net/url"
	"slices"
	"strconv"
	"strings"

	"klimaspor/internal/auth"
	"klimaspor/internal/i18n"
	"klimaspor/internal/model"
	"klimaspor/internal/sheet"
	"klimaspor/internal/store"
	"klimaspor/internal/web/page"
)

// The audit trail in the pages: a record's "History" for the people who work with it, and
// the whole trail, filtered and exportable, for administrators. Entries name people, so
// neither is public.

// historyEntry is one change as the pages show it.
type historyEntry struct {
	At, Who, Channel, Op, Summary string
	Record, RecordHref            string // the changed record, on the administrators' list
	Changes                       []fieldChange
}

// fieldChange is one field's value before and after.
type fieldChange struct {
	Field, Before, After string
}

type historyData struct {
	Heading, Back, BackTo string
	Entries               []historyEntry
	// The administrators' list: its filters and paging.
	Filters    url.Values
	Resources  []page.Option
	Channels   []page.Option
	Ops        []page.Option
	NextURL    string
	ExportHere string
}

// auditLimit is how many entries a page of the trail shows.
const auditLimit = 100

// describeEntry writes an entry for reading, with the fields that changed.
func describeEntry(l i18n.Localizer, e store.AuditEntry) historyEntry {
	h := historyEntry{At: l.DateTime(e.At), Who: e.User, Channel: l.T("audit.channel." + e.Channel), Op: l.T("audit.op." + e.Op), Summary: e.Summary}
	if h.Who == "" {
		h.Who = l.T("audit.system")
	}
	if e.Resource == "users" { // an account: its roles, state or deletion, in words
		h.Record = l.T("audit.account", strconv.FormatInt(e.RecordID, 10))
		h.RecordHref = "/admin/brugere/" + strconv.FormatInt(e.RecordID, 10)
		return h
	}
	if e.Resource == store.AuditThemeSuggestions { // a rejected theme suggestion, filed under its action
		h.Record = l.T("audit.theme_suggestion", strconv.FormatInt(e.RecordID, 10))
		h.RecordHref = "/historik/" + model.Actions.Name + "/" + strconv.FormatInt(e.RecordID, 10)
		return h
	}
	if e.Resource == store.AuditLibraryFiles { // a library item's file, filed under its own id
		rec := e.After
		if rec == nil {
			rec = e.Before
		}
		item := int64(0)
		if f, ok := rec["library_item_id"].(float64); ok {
			item = int64(f)
		}
		name, _ := rec["name"].(string)
		h.Record = l.T("audit.library_file", name, strconv.FormatInt(item, 10))
		if item != 0 {
			h.RecordHref = "/historik/" + model.LibraryItems.Name + "/" + strconv.FormatInt(item, 10)
		}
		return h
	}
	res, ok := model.ByName(e.Resource)
	if !ok {
		return h
	}
	h.Record = l.T("resource."+res.Name+".one") + " " + strconv.FormatInt(e.RecordID, 10)
	if e.RecordID != 0 {
		h.RecordHref = "/historik/" + res.Name + "/" + strconv.FormatInt(e.RecordID, 10)
	}
	for _, f := range res.Fields {
		switch f.Name {
		case "id", "version", "created_at", "updated_at":
			continue
		}
		before, after := showValue(e.Before[f.Name]), showValue(e.After[f.Name])
		if before == after {
			continue
		}
		h.Changes = append(h.Changes, fieldChange{Field: l.Field(res.Name, f.Name), Before: before, After: after})
	}
	return h
}

// showValue writes a stored value for the history (JSON numbers come back as float64).
func showValue(v any) string {
	switch x := v.(type) {
	case nil:
		return ""
	case string:
		return x
	case float64:
		return strconv.FormatFloat(x, 'f', -1, 64)
	case bool:
		if x {
			return "✓"
		}
		return "–"
	}
	return fmt.Sprint(v)
}

// history shows one record's changes: GET /historik/{resource}/{id}, for people who may see
// the record as it last was: as it is stored, or, once deleted, as its last audit entry
// left it (a draft's history is as private as the draft, also after it is deleted). Anybody
// else, like anybody asking for a record that never was, gets 404, so the page does not tell
// what a draft hides.
func (s *Pages) history(w http.ResponseWriter, r *http.Request) error {
	ctx := r.Context()
	l := page.Localizer(r)
	if !page.PrincipalOf(ctx).Signed() {
		return auth.ErrSignIn
	}
	res, ok := model.ByName(r.PathValue("resource"))
	if !ok {
		return page.ErrNotFound
	}
	id, err := strconv.ParseInt(r.PathValue("id"), 10, 64)
	if err != nil || id <= 0 {
		return page.ErrNotFound
	}
	entries, err := s.DB.Audit(ctx, store.AuditQuery{Resource: res.Name, RecordID: id, Limit: store.MaxLimit})
	if err != nil {
		return err
	}
	last := lastKnown{s.DB}
	rec, err := last.Get(ctx, res, id)
	if errors.Is(err, store.ErrNotFound) {
		return page.ErrNotFound
	} else if err != nil {
		return err
	}
	if seen, err := auth.Visibility(page.PrincipalOf(ctx), res).Allows(ctx, last, rec); err != nil {
		return err
	} else if !seen {
		return page.ErrNotFound
	}
	d := historyData{Heading: l.T("audit.history_of", strings.ToLower(l.T("resource."+res.Name+".one")), strconv.FormatInt(id, 10)), BackTo: l.T("audit.back")}
	d.Back = r.Header.Get("Referer")
	if u, err := url.Parse(d.Back); err != nil || u.Host != r.Host {
		d.Back = "/"
	} else {
		d.Back = u.RequestURI()
	}
	for _, e := range entries {
		h := describeEntry(l, e)
		h.Record, h.RecordHref = "", ""
		d.Entries = append(d.Entries, h)
	}
	p := s.NewPage(r, l, d.Heading)
	p.Data = d
	return s.Render(w, "history", p)
}

// lastKnown reads records as they last were: as stored, or, for a deleted one, as the last
// audit entry about it left it. It lets the visibility of a deleted record be decided as it
// was, up through its plan, which may be deleted too.
type lastKnown struct{ db *store.DB }

func (k lastKnown) Get(ctx context.Context, res *model.Resource, id int64) (model.Record, error) {
	rec, err := k.db.Get(ctx, res, id)
	if !errors.Is(err, store.ErrNotFound) {
		return rec, err
	}
	entries, err := k.db.Audit(ctx, store.AuditQuery{Resource: res.Name, RecordID: id, Limit: 1})
	if err != nil {
		return nil, err
	}
	if len(entries) == 0 {
		return nil, store.ErrNotFound
	}
	last := entries[0].After
	if last == nil {
		last = entries[0].Before // a delete
	}
	if last == nil {
		return nil, store.ErrNotFound
	}
	return typed(res, last), nil
}

// typed gives the fields of a record read back from JSON (the audit trail) their Go types,
// by each kind's own decoding (model.DecodeValue): JSON numbers come back as float64 and
// lists as []any. A value the kind cannot read is kept as it came.
func typed(res *model.Resource, raw model.Record) model.Record {
	rec := make(model.Record, len(raw))
	for k, v := range raw {
		rec[k] = v
	}
	for _, f := range res.Fields {
		v, ok := raw[f.Name]
		if !ok || v == nil {
			continue
		}
		msg, err := json.Marshal(v)
		if err != nil {
			continue
		}
		if x, fe := model.DecodeValue(f, msg); fe == nil {
			rec[f.Name] = x
		}
	}
	return rec
}

// auditLog is the administrators' list of every change: GET /admin/log, filtered by record
// kind, person, channel, operation and dates, paged, and exportable.
func (s *Pages) auditLog(w http.ResponseWriter, r *http.Request) error {
	ctx := r.Context()
	l := page.Localizer(r)
	p := page.PrincipalOf(ctx)
	if !p.Signed() {
		return auth.ErrSignIn
	}
	if !p.Admin() {
		return fmt.Errorf("%w: only administrators see the whole audit trail", auth.ErrForbidden)
	}
	ex, err := page.ExportOf(r)
	if err != nil {
		return err
	}
	qv := r.URL.Query()
	q := store.AuditQuery{Resource: qv.Get("resource"), Channel: qv.Get("channel"), Op: qv.Get("op"), From: qv.Get("from"), To: qv.Get("to"), Limit: auditLimit}
	if ex != nil {
		q.Limit = store.MaxLimit
	}
	if email := strings.TrimSpace(qv.Get("user")); email != "" {
		u, err := s.DB.UserByEmail(ctx, email)
		if err != nil {
			q.UserID = -1 // nobody: an unknown address lists nothing
		} else {
			q.UserID = u.ID
		}
	}
	if b, err := strconv.ParseInt(qv.Get("before"), 10, 64); err == nil && b > 0 {
		q.Before = b
	}
	for _, d := range []string{q.From, q.To} {
		if d != "" && !model.ValidDate(d) {
			return &page.StatusError{Status: http.StatusBadRequest, Err: fmt.Errorf("web: audit date %q", d)}
		}
	}
	entries, err := s.DB.Audit(ctx, q)
	if err != nil {
		return err
	}
	d := historyData{Heading: l.T("audit.title"), Filters: qv}
	for _, e := range entries {
		d.Entries = append(d.Entries, describeEntry(l, e))
	}
	if ex != nil {
		return page.SendExport(w, l, ex, auditExport(l, d, ex.List))
	}
	opt := func(v, label, chosen string) page.Option {
		return page.Option{Value: v, Label: label, Selected: v == chosen}
	}
	d.Resources = []page.Option{opt("", l.T("filter.all"), q.Resource)}
	for _, res := range model.All {
		d.Resources = append(d.Resources, opt(res.Name, l.T("resource."+res.Name), q.Resource))
	}
	d.Resources = append(d.Resources, opt("users", l.T("audit.accounts"), q.Resource),
		opt(store.AuditThemeSuggestions, l.T("audit.theme_suggestions"), q.Resource),
		opt(store.AuditLibraryFiles, l.T("audit.library_files"), q.Resource))
	d.Channels = []page.Option{opt("", l.T("filter.all"), q.Channel)}
	for _, c := range []string{store.ChannelWeb, store.ChannelAPI, store.ChannelImport, store.ChannelCLI, store.ChannelSystem} {
		d.Channels = append(d.Channels, opt(c, l.T("audit.channel."+c), q.Channel))
	}
	d.Ops = []page.Option{opt("", l.T("filter.all"), q.Op)}
	for _, o := range []string{"create", "update", "delete", "import"} {
		d.Ops = append(d.Ops, opt(o, l.T("audit.op."+o), q.Op))
	}
	if len(entries) == q.Limit {
		next := url.Values{}
		for k, v := range qv {
			next[k] = slices.Clone(v)
		}
		next.Set("before", strconv.FormatInt(entries[len(entries)-1].ID, 10))
		d.NextURL = "/admin/log?" + next.Encode()
	}
	d.ExportHere = r.URL.RequestURI()
	pg := s.NewPage(r, l, d.Heading)
	pg.Nav = "admin"
	pg.Data = d
	return s.Render(w, "audit", pg)
}

// listAudit is the audit trail's list name in the export query.
const listAudit = "log"

// auditExport is the administrators' audit list as a file.
func auditExport(l i18n.Localizer, d historyData, list string) *page.Export {
	if list != listAudit {
		return nil
	}
	x := &page.Export{List: list, Columns: []string{l.T("audit.when"), l.T("audit.who"), l.T("audit.channel"), l.T("audit.op"), l.T("audit.record"), l.T("audit.changes")}}
	for _, e := range d.Entries {
		var changes []string
		for _, c := range e.Changes {
			changes = append(changes, c.Field+": "+c.Before+" → "+c.After)
		}
		if e.Summary != "" {
			changes = append(changes, e.Summary)
		}
		x.Add(sheet.Text(e.At), sheet.Text(e.Who), sheet.Text(e.Channel), sheet.Text(e.Op), sheet.Text(e.Record), sheet.Text(strings.Join(changes, "; ")))
	}
	return x
}
