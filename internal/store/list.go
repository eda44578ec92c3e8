package store

import (
	"context"
	"encoding/base64"
	"encoding/json"
	"fmt"
	"net/url"
	"slices"
	"strconv"
	"strings"
	"unicode/utf8"

	"klimaspor/internal/model"
)

// MaxLimit is the largest page a list returns.
const MaxLimit = 1000

// filterSQL builds the condition of one list filter; n is the placeholder number to use.
type filterSQL func(db *DB, n int) string

func eq(col string) filterSQL {
	return func(_ *DB, n int) string { return col + " = $" + strconv.Itoa(n) }
}

// filters holds the SQL of every filter in the resources' Filters, by "resource.param".
var filters = map[string]filterSQL{
	"organisations.kind":   eq("kind"),
	"organisations.parent": eq("parent_id"),
	"organisations.code":   eq("code"),
	"organisations.q": func(db *DB, n int) string {
		p := "$" + strconv.Itoa(n)
		return "(name_da " + db.ilike() + " " + p + " ESCAPE '\\' OR name_en " + db.ilike() + " " + p + " ESCAPE '\\')"
	},
	"themes.code":             eq("code"),
	"plans.code":              eq("code"),
	"programmes.code":         eq("code"),
	"projects.code":           eq("code"),
	"themes.parent":           eq("parent_id"),
	"plans.organisation":      eq("organisation_id"),
	"plans.kind":              eq("kind"),
	"plans.status":            eq("status"),
	"plans.from":              func(_ *DB, n int) string { return "(period_end IS NULL OR period_end >= $" + strconv.Itoa(n) + ")" },
	"plans.to":                func(_ *DB, n int) string { return "(period_start IS NULL OR period_start <= $" + strconv.Itoa(n) + ")" },
	"goals.plan":              eq("plan_id"),
	"goals.project":           eq("project_id"),
	"goals.indicator":         eq("indicator_id"),
	"goals.parent":            eq("parent_id"),
	"programmes.organisation": eq("organisation_id"),
	"projects.programme":      eq("programme_id"),
	"projects.organisation": func(_ *DB, n int) string {
		return "EXISTS (SELECT 1 FROM participants p WHERE p.project_id = projects.id AND p.organisation_id = $" + strconv.Itoa(n) + ")"
	},
	"emission-targets.organisation":       eq("organisation_id"),
	"activity-data.organisation":          eq("organisation_id"),
	"activity-data.year":                  eq("year"),
	"activity-data.sector":                eq("sector"),
	"emission-factors.factor_set":         eq("factor_set"),
	"emission-factors.organisation":       eq("organisation_id"),
	"emission-factors.fuel":               eq("fuel"),
	"consumption-footprints.organisation": eq("organisation_id"),
	"consumption-footprints.year":         eq("year"),
	"consumption-footprints.category":     eq("category"),
	"reporting-rounds.programme":          eq("programme_id"),
	"reporting-rounds.kind":               eq("kind"),
	"reports.round":                       eq("round_id"),
	"reports.project":                     eq("project_id"),
	"reports.state":                       eq("state"),
	"participants.project":                eq("project_id"),
	"participants.organisation":           eq("organisation_id"),
	"participants.role":                   eq("role"),
	"participants.lead":                   func(_ *DB, n int) string { return "COALESCE(lead, false) = $" + strconv.Itoa(n) },
	"actions.organisation":                eq("organisation_id"),
	"actions.plan":                        eq("plan_id"),
	"actions.project":                     eq("project_id"),
	"actions.sector":                      eq("sector"),
	"actions.status":                      eq("status"),
	"actions.library_item":                eq("library_item_id"),
	"actions.joint":                       func(_ *DB, n int) string { return "COALESCE(joint, false) = $" + strconv.Itoa(n) },
	"actions.effect":                      func(_ *DB, n int) string { return "(COALESCE(effect_t_co2e, 0) > 0) = $" + strconv.Itoa(n) },
	"actions.theme": func(_ *DB, n int) string {
		// A theme includes its sub-themes, at any depth.
		return "EXISTS (SELECT 1 FROM action_themes at WHERE at.action_id = actions.id AND at.theme_id IN (" +
			"WITH RECURSIVE sub(id) AS (SELECT id FROM themes WHERE id = $" + strconv.Itoa(n) +
			" UNION SELECT t.id FROM themes t JOIN sub ON t.parent_id = sub.id) SELECT id FROM sub))"
	},
	// Dates are kept as YYYY-MM-DD text, which sorts as it reads.
	// The year is turned into a date by list (see dateBound).
	"actions.from": func(_ *DB, n int) string { return "(end_date IS NULL OR end_date >= $" + strconv.Itoa(n) + ")" },
	"actions.to":   func(_ *DB, n int) string { return "(start_date IS NULL OR start_date <= $" + strconv.Itoa(n) + ")" },
	"actions.q": func(db *DB, n int) string {
		p := "$" + strconv.Itoa(n)
		return "(title " + db.ilike() + " " + p + " ESCAPE '\\' OR description " + db.ilike() + " " + p + " ESCAPE '\\')"
	},
	"indicators.plan":               eq("owner_plan_id"),
	"indicators.project":            eq("owner_project_id"),
	"indicators.organisation":       eq("owner_organisation_id"),
	"indicators.theme":              eq("theme_id"),
	"indicators.code":               eq("code"),
	"indicator-values.indicator":    eq("indicator_id"),
	"indicator-values.organisation": eq("organisation_id"),
	"indicator-values.period_kind":  eq("period_kind"),
	"indicator-values.breakdown":    eq("breakdown"),
	"indicator-values.from":         func(_ *DB, n int) string { return "period_year >= $" + strconv.Itoa(n) },
	"indicator-values.to":           func(_ *DB, n int) string { return "period_year <= $" + strconv.Itoa(n) },
	// The procurement footprint's spend and factors.
	"procurement-spend.organisation": eq("organisation_id"),
	"procurement-spend.year":         eq("year"),
	"procurement-spend.category":     eq("category"),
	"spend-factors.factor_set":       eq("factor_set"),
	"spend-factors.category":         eq("category"),
	// The knowledge library.
	"library-items.kind":         eq("kind"),
	"library-items.published":    eq("published"),
	"library-items.organisation": eq("organisation_id"),
	"library-items.theme": func(_ *DB, n int) string {
		// As an action's: a theme includes its sub-themes, at any depth.
		return "EXISTS (SELECT 1 FROM library_item_themes lt WHERE lt.library_item_id = library_items.id AND lt.theme_id IN (" +
			"WITH RECURSIVE sub(id) AS (SELECT id FROM themes WHERE id = $" + strconv.Itoa(n) +
			" UNION SELECT t.id FROM themes t JOIN sub ON t.parent_id = sub.id) SELECT id FROM sub))"
	},
	"library-items.project": func(_ *DB, n int) string {
		return "EXISTS (SELECT 1 FROM library_item_projects lp WHERE lp.library_item_id = library_items.id AND lp.project_id = $" + strconv.Itoa(n) + ")"
	},
	"library-items.action": func(_ *DB, n int) string {
		return "EXISTS (SELECT 1 FROM library_item_actions la WHERE la.library_item_id = library_items.id AND la.action_id = $" + strconv.Itoa(n) + ")"
	},
	"library-items.indicator": func(_ *DB, n int) string {
		return "EXISTS (SELECT 1 FROM library_item_indicators li WHERE li.library_item_id = library_items.id AND li.indicator_id = $" + strconv.Itoa(n) + ")"
	},
}

// MaxParam is the most characters a query parameter's name or value may have, in the API,
// on the pages and in a list's filters: far more than any code, id, date or search needs,
// and far below what the databases cannot take (SQLite refuses a LIKE pattern over 50,000
// bytes).
const MaxParam = 1000

// ParamError is a query parameter refused before anything reads it: longer than MaxParam, or
// not text that can be kept (model.TextProblem).
type ParamError struct {
	Param   string // the parameter's name, quoted if it is itself not text
	TooLong bool
	Problem string // what is wrong with its text, when it is not too long
}

func (e *ParamError) Error() string {
	if e.TooLong {
		return fmt.Sprintf("%s is longer than %d characters", e.Param, MaxParam)
	}
	return e.Param + " " + e.Problem
}

// CheckParams checks every name and value of a query (see ParamError); the API and the pages
// call it for every request, before any handler reads the query.
func CheckParams(q url.Values) *ParamError {
	for name, vs := range q {
		if e := checkParam(name, name); e != nil {
			return e
		}
		for _, v := range vs {
			if e := checkParam(name, v); e != nil {
				return e
			}
		}
	}
	return nil
}

func checkParam(name, s string) *ParamError {
	if model.TextProblem(name) != "" {
		name = strconv.QuoteToASCII(name)
	}
	if len(name) > 40 && utf8.RuneCountInString(name) > 40 {
		name = string([]rune(name)[:40]) + "…" // the error names it, and need not repeat all of it
	}
	if len(s) > MaxParam && utf8.RuneCountInString(s) > MaxParam {
		return &ParamError{Param: name, TooLong: true}
	}
	if problem := model.TextProblem(s); problem != "" {
		return &ParamError{Param: name, Problem: problem}
	}
	return nil
}

// ParseFilter converts a filter parameter to the value the SQL compares with, or explains
// why it cannot.
func ParseFilter(res *model.Resource, param, raw string) (any, error) {
	if e := checkParam(param, raw); e != nil {
		return nil, e
	}
	var fl *model.Filter
	for i := range res.Filters {
		if res.Filters[i].Param == param {
			fl = &res.Filters[i]
		}
	}
	if fl == nil {
		return nil, fmt.Errorf("%s cannot be filtered by %q", res.Name, param)
	}
	switch fl.Kind {
	case model.Int:
		n, err := strconv.ParseInt(raw, 10, 64)
		if err != nil {
			return nil, fmt.Errorf("%s must be a whole number", param)
		}
		return n, nil
	case model.Bool:
		b, err := strconv.ParseBool(raw)
		if err != nil {
			return nil, fmt.Errorf("%s must be true or false", param)
		}
		return b, nil
	}
	if param == "q" {
		// The text is matched as it is written: LIKE's wildcards and its escape character
		// are escaped.
		return "%" + likeEscaper.Replace(raw) + "%", nil
	}
	return raw, nil
}

var likeEscaper = strings.NewReplacer(`\`, `\\`, "%", `\%`, "_", `\_`)

type cursor struct {
	V  any   `json:"v"`
	ID int64 `json:"id"`
}

// List returns one page of the resource's records, filtered and sorted. Pages are cut by
// the sort key and id (keyset), so a page costs the same wherever it is in the list.
func (db *DB) List(ctx context.Context, res *model.Resource, q model.ListQuery) (model.Page, error) {
	return list(ctx, db, db.reader(), res, q)
}

// List returns one page inside the transaction.
func (tx *Tx) List(ctx context.Context, res *model.Resource, q model.ListQuery) (model.Page, error) {
	ctx = tx.ctx // see Tx: a transaction's work is not cancelled halfway
	return list(ctx, tx.db, tx.tx, res, q)
}

// QueryError is a list request that cannot be answered as asked.
type QueryError struct{ Param, Msg string }

func (e *QueryError) Error() string { return e.Msg }

func list(ctx context.Context, db *DB, qr querier, res *model.Resource, q model.ListQuery) (model.Page, error) {
	return listWhere(ctx, db, qr, res, q, nil)
}

// listWhere is list with more conditions than q's.
func listWhere(ctx context.Context, db *DB, qr querier, res *model.Resource, q model.ListQuery, more []condition) (model.Page, error) {
	if !sortable(res, q.Sort) {
		return model.Page{}, &QueryError{"sort", fmt.Sprintf("%s cannot be sorted by %q; choose one of id, %s", res.Name, q.Sort, strings.Join(res.Sorts, ", "))}
	}
	sortCol := q.Sort
	if sortCol == "" {
		sortCol = "id"
	}
	limit := q.Limit
	if limit <= 0 {
		limit = 50
	}
	if limit > MaxLimit {
		return model.Page{}, &QueryError{"limit", fmt.Sprintf("limit must be between 1 and %d", MaxLimit)}
	}
	where, args, err := listConditions(db, res, q)
	if err != nil {
		return model.Page{}, err
	}
	for _, c := range more {
		where = append(where, c(&args))
	}
	// Text sorts in Danish order (Æ, Ø, Å last); keyset comparisons use the same order. A
	// field with a stored sort key sorts by that, along an index.
	sortExpr := sortCol
	keyCol, keyed := db.sortKeyColumns(res)[sortCol]
	if f, ok := res.Field(sortCol); keyed {
		sortExpr = keyCol
	} else if ok && f.Kind == model.String {
		sortExpr = sortCol + " COLLATE " + db.collation()
	}
	op, dir := ">", "ASC"
	if q.Desc {
		op, dir = "<", "DESC"
	}
	if q.Cursor != "" {
		cond, err := cursorCondition(res, sortCol, sortExpr, keyed, op, q.Cursor, &args)
		if err != nil {
			return model.Page{}, err
		}
		where = append(where, cond)
	}
	query := "SELECT " + db.selectList(res) + " FROM " + res.Table
	if len(where) > 0 {
		query += " WHERE " + strings.Join(where, " AND ")
	}
	order := "id " + dir
	if sortCol != "id" {
		order = sortExpr + " " + dir + nullsLast(res, sortCol) + ", " + order
	}
	// A literal LIMIT: SQLite recompiles a prepared statement whenever a bound LIMIT is
	// bound again, which would undo the statement cache. limit is a checked int.
	query += " ORDER BY " + order + " LIMIT " + strconv.Itoa(limit+1)
	rows, err := qr.QueryContext(ctx, query, args...)
	if err != nil {
		return model.Page{}, fmt.Errorf("store: list %s: %w", res.Name, err)
	}
	defer rows.Close()
	items := make([]model.Record, 0, min(limit, 64))
	sc := newRowScanner(res)
	for rows.Next() {
		rec, err := sc.scan(rows)
		if err != nil {
			return model.Page{}, fmt.Errorf("store: list %s: %w", res.Name, err)
		}
		items = append(items, rec)
	}
	if err := rows.Err(); err != nil {
		return model.Page{}, fmt.Errorf("store: list %s: %w", res.Name, err)
	}
	rows.Close()
	page := model.Page{Items: items}
	if len(items) > limit {
		page.Items = items[:limit]
		last := page.Items[limit-1]
		page.NextCursor = encodeCursor(cursor{V: last[sortCol], ID: last.ID()})
	}
	if err := loadChildren(ctx, qr, res, page.Items); err != nil {
		return model.Page{}, err
	}
	return page, nil
}

// listConditions are the conditions of the records a list query asks for, whatever page:
// its filters, its several ids, and the drafts its reader may see.
func listConditions(db *DB, res *model.Resource, q model.ListQuery) ([]string, []any, error) {
	where, args, err := filterConditions(db, res, q.Filters)
	if err != nil {
		return nil, nil, err
	}
	if where, args, err = anyOfConditions(db, res, q.AnyOf, where, args); err != nil {
		return nil, nil, err
	}
	// Drafts are seen only by those who may (see model.ListQuery).
	if cond := draftCondition(res, q, &args); cond != "" {
		where = append(where, cond)
	}
	return where, args, nil
}

// CountList is how many records the list query q matches, on all its pages (its sort, limit
// and cursor do not matter): the total a paged list states. Actions under no more than the
// summary's filters are summed from it (see summarised): the same conditions over a few
// hundred rows instead of a count of every action on every request of the list.
func (db *DB) CountList(ctx context.Context, res *model.Resource, q model.ListQuery) (int64, error) {
	where, args, err := listConditions(db, res, q)
	if err != nil {
		return 0, err
	}
	query := "SELECT COUNT(*) FROM " + res.Table
	if summarised(res, q) {
		query = "SELECT CAST(COALESCE(SUM(n), 0) AS bigint) FROM " + actionCountsFrom
	}
	if len(where) > 0 {
		query += " WHERE " + strings.Join(where, " AND ")
	}
	var n int64
	if err := db.reader().QueryRowContext(ctx, query, args...).Scan(&n); err != nil {
		return 0, fmt.Errorf("store: count %s: %w", res.Name, err)
	}
	return n, nil
}

// filterConditions returns the SQL conditions of the filters, in a fixed order, and the
// values they bind.
func filterConditions(db *DB, res *model.Resource, fs map[string]string) ([]string, []any, error) {
	var where []string
	var args []any
	params := make([]string, 0, len(fs))
	for p := range fs {
		params = append(params, p)
	}
	slices.Sort(params) // a fixed order keeps the query text, and so its prepared statement, the same
	for _, p := range params {
		v, err := ParseFilter(res, p, fs[p])
		if err != nil {
			return nil, nil, &QueryError{p, err.Error()}
		}
		build, ok := filters[res.Name+"."+p]
		if !ok {
			return nil, nil, fmt.Errorf("store: filter %s.%s has no SQL", res.Name, p)
		}
		if conv := hooks[res].filterValue; conv != nil {
			v = conv(p, v)
		}
		args = append(args, v)
		where = append(where, build(db, len(args)))
	}
	return where, args, nil
}

// anyOfConditions adds to where and args the conditions of q.AnyOf (see model.ListQuery):
// per param, an equality filter's column IN the values, which both engines search by index
// (PostgreSQL 15 would filter an OR of equalities row by row), and any other filter's own
// condition for each value, joined by OR; so every filter that takes an id can take several.
// An empty list matches nothing.
func anyOfConditions(db *DB, res *model.Resource, anyOf map[string][]int64, where []string, args []any) ([]string, []any, error) {
	params := make([]string, 0, len(anyOf))
	for p := range anyOf {
		params = append(params, p)
	}
	slices.Sort(params)
	for _, p := range params {
		build, ok := filters[res.Name+"."+p]
		i := slices.IndexFunc(res.Filters, func(f model.Filter) bool { return f.Param == p })
		if !ok || i < 0 || res.Filters[i].Kind != model.Int {
			return nil, nil, fmt.Errorf("store: %s cannot be filtered by any of several %q", res.Name, p)
		}
		ids := anyOf[p]
		if len(ids) == 0 {
			where = append(where, "1 = 0")
			continue
		}
		col := eqColumn(db, build)
		conds := make([]string, len(ids))
		for j, id := range ids {
			var v any = id
			if conv := hooks[res].filterValue; conv != nil {
				v = conv(p, v)
			}
			args = append(args, v)
			if col != "" {
				conds[j] = "$" + strconv.Itoa(len(args))
			} else {
				conds[j] = build(db, len(args))
			}
		}
		if col != "" {
			where = append(where, col+" IN ("+strings.Join(conds, ", ")+")")
		} else {
			where = append(where, "("+strings.Join(conds, " OR ")+")")
		}
	}
	return where, args, nil
}

// eqColumn is the column an equality filter (eq) compares, or "" for any other filter.
func eqColumn(db *DB, build filterSQL) string {
	col, ok := strings.CutSuffix(build(db, 1), " = $1")
	if !ok || strings.ContainsAny(col, " (") {
		return ""
	}
	return col
}

// cursorCondition returns the keyset condition that starts a page after the cursor's row in
// the order of sortExpr (op is > ascending, < descending), binding its values after those
// already in args. When keyed, sortExpr is the field's stored sort key, and the cursor,
// which holds the field's value, binds its key.
func cursorCondition(res *model.Resource, sortCol, sortExpr string, keyed bool, op, cur string, args *[]any) (string, error) {
	c, err := decodeCursor(res, sortCol, cur)
	if err != nil {
		return "", &QueryError{"cursor", "the cursor is not one this list gave out"}
	}
	if sortCol == "id" {
		*args = append(*args, c.ID)
		return "id " + op + " $" + strconv.Itoa(len(*args)), nil
	}
	if c.V == nil {
		// The last page ended among the empty values, which come last in either direction
		// (nullsLast): the rest are the other empty ones, by id.
		*args = append(*args, c.ID)
		return "(" + sortExpr + " IS NULL AND id " + op + " $" + strconv.Itoa(len(*args)) + ")", nil
	}
	if keyed {
		c.V = sortKeyValue(c.V)
	}
	*args = append(*args, c.V, c.ID)
	v, id := "$"+strconv.Itoa(len(*args)-1), "$"+strconv.Itoa(len(*args))
	cond := sortExpr + " " + op + " " + v + " OR (" + sortExpr + " = " + v + " AND id " + op + " " + id + ")"
	if nullsLast(res, sortCol) != "" {
		cond += " OR " + sortExpr + " IS NULL" // the empty values follow every other
	}
	return "(" + cond + ")", nil
}

// nullsLast is the ORDER BY clause that puts a field's empty values last whichever way the
// list is sorted, on both engines (SQLite puts NULL first ascending, PostgreSQL last), so that
// keyset paging (cursorCondition) can continue past them; "" for a field that is never empty,
// whose order, and index use, it leaves as it is.
func nullsLast(res *model.Resource, sortCol string) string {
	if f, ok := res.Field(sortCol); ok && !f.Required {
		return " NULLS LAST"
	}
	return ""
}

// draftCondition is the SQL side of who sees what belongs to a draft: the condition on res's
// rows (unqualified columns of res.Table) that keeps what the reader of q may see, binding its
// values after those already in args; "" when it keeps everything. auth.MaySee is the same rule
// for one record, in Go; auth's TestDraftVisibilityAgrees holds the two together for every
// role and resource.
//
// A plan is a draft until published, seen by its organisation's people. An action is a draft
// until published, seen by its organisation's people, the people of its plan's organisation,
// and, in a joint project, the people of the project's lead organisations and the
// secretariat. What belongs to a draft plan is as hidden as the plan: its actions (published
// or not), its goals, the indicators it owns and their values. A library item is a draft
// (a proposal) until published, seen by its organisation's people and the secretariat.
func draftCondition(res *model.Resource, q model.ListQuery, args *[]any) string {
	drafts := hooks[res].drafts
	if q.AllDrafts || drafts == nil {
		return ""
	}
	return drafts(&draftSQL{q: q, args: args})
}

// draftSQL writes the parts of a draft condition for the reader of q, binding their values
// after those already in args.
type draftSQL struct {
	q    model.ListQuery
	args *[]any
}

func (d *draftSQL) bind(v any) string {
	*d.args = append(*d.args, v)
	return "$" + strconv.Itoa(len(*d.args))
}

// orgs lists the organisations whose drafts the reader sees.
func (d *draftSQL) orgs() string {
	ph := make([]string, len(d.q.DraftsOf))
	for i, org := range d.q.DraftsOf {
		ph[i] = d.bind(org)
	}
	return strings.Join(ph, ", ")
}

// hiddenPlans lists the draft plans the reader may not see.
func (d *draftSQL) hiddenPlans() string {
	s := "SELECT id FROM plans WHERE published = " + d.bind(false)
	if len(d.q.DraftsOf) > 0 {
		s += " AND organisation_id NOT IN (" + d.orgs() + ")"
	}
	return s
}

// inSeenPlan keeps the rows whose plan (in col), if any, the reader sees.
func (d *draftSQL) inSeenPlan(col string) string {
	return "(" + col + " IS NULL OR " + col + " NOT IN (" + d.hiddenPlans() + "))"
}

func planDrafts(d *draftSQL) string {
	if len(d.q.DraftsOf) == 0 {
		return "published = " + d.bind(true)
	}
	return "(published = " + d.bind(true) + " OR organisation_id IN (" + d.orgs() + "))"
}

func actionDrafts(d *draftSQL) string {
	seen := []string{"published = " + d.bind(true)}
	if len(d.q.DraftsOf) > 0 {
		seen = append(seen, "organisation_id IN ("+d.orgs()+")",
			"plan_id IN (SELECT id FROM plans WHERE organisation_id IN ("+d.orgs()+"))")
	}
	if d.q.ProjectDrafts {
		seen = append(seen, "project_id IS NOT NULL")
	} else if len(d.q.DraftsOf) > 0 {
		seen = append(seen, "project_id IN (SELECT project_id FROM participants WHERE lead = "+d.bind(true)+" AND organisation_id IN ("+d.orgs()+"))")
	}
	return "(" + strings.Join(seen, " OR ") + ") AND " + d.inSeenPlan("plan_id")
}

// libraryDrafts: a library item is a draft (a proposal) until the secretariat publishes it,
// seen by the people of its proposing organisation and by the secretariat, who curates the
// library (ProjectDrafts is set for exactly the secretariat, see auth.View.Apply).
func libraryDrafts(d *draftSQL) string {
	if d.q.ProjectDrafts {
		return ""
	}
	if len(d.q.DraftsOf) == 0 {
		return "published = " + d.bind(true)
	}
	return "(published = " + d.bind(true) + " OR organisation_id IN (" + d.orgs() + "))"
}

func goalDrafts(d *draftSQL) string { return d.inSeenPlan("plan_id") }

func indicatorDrafts(d *draftSQL) string { return d.inSeenPlan("owner_plan_id") }

func valueDrafts(d *draftSQL) string {
	return "indicator_id NOT IN (SELECT id FROM indicators WHERE owner_plan_id IN (" + d.hiddenPlans() + "))"
}

func encodeCursor(c cursor) string {
	b, _ := json.Marshal(c)
	return base64.RawURLEncoding.EncodeToString(b)
}

func decodeCursor(res *model.Resource, sortCol, s string) (cursor, error) {
	b, err := base64.RawURLEncoding.DecodeString(s)
	if err != nil {
		return cursor{}, err
	}
	var c cursor
	dec := json.NewDecoder(strings.NewReader(string(b)))
	dec.UseNumber()
	if err := dec.Decode(&c); err != nil {
		return cursor{}, err
	}
	if sortCol != "id" {
		f, _ := res.Field(sortCol)
		n, isNum := c.V.(json.Number)
		switch {
		case c.V == nil && !f.Required:
			// A page that ended on an empty value (nullsLast).
		case (f.Kind == model.Int || f.Kind == model.Ref) && isNum:
			c.V, err = n.Int64()
		case f.Kind == model.Float && isNum:
			c.V, err = n.Float64()
		case f.Kind == model.Int || f.Kind == model.Ref || f.Kind == model.Float:
			// A text for a number would reach PostgreSQL as a bad bigint (500); refused
			// (FuzzCursor).
			return cursor{}, fmt.Errorf("bad cursor value")
		default:
			if _, ok := c.V.(string); !ok {
				return cursor{}, fmt.Errorf("bad cursor value")
			}
		}
	}
	return c, err
}

// dateBound is the first or last day of a year, as the YYYY-MM-DD text dates are kept in.
func dateBound(year int64, first bool) string {
	if first {
		return fmt.Sprintf("%04d-01-01", year)
	}
	return fmt.Sprintf("%04d-12-31", year)
}

// ActionEffect is an action's expected effect: what a pathway's wedge is made of.
type ActionEffect struct {
	ID        int64
	Title     string
	TCO2e     float64 // t CO2e a year
	StartYear int
}

// ActionEffects lists the actions that q selects (its filters, and its reader's view of
// drafts, as List would) that belong to a plan and have an effect with a start year, in id
// order: only the columns a wedge needs, without the child rows a list reads (a pathway
// asks for it on every answer).
func (db *DB) ActionEffects(ctx context.Context, q model.ListQuery) ([]ActionEffect, error) {
	where, args, err := listConditions(db, model.Actions, q)
	if err != nil {
		return nil, err
	}
	where = append(where, "plan_id IS NOT NULL", "effect_t_co2e > 0", "effect_start_year IS NOT NULL")
	rows, err := db.reader().QueryContext(ctx, "SELECT id, title, effect_t_co2e, effect_start_year FROM actions WHERE "+strings.Join(where, " AND ")+" ORDER BY id", args...)
	if err != nil {
		return nil, fmt.Errorf("store: action effects: %w", err)
	}
	defer rows.Close()
	var out []ActionEffect
	for rows.Next() {
		var e ActionEffect
		if err := rows.Scan(&e.ID, &e.Title, &e.TCO2e, &e.StartYear); err != nil {
			return nil, fmt.Errorf("store: action effects: %w", err)
		}
		out = append(out, e)
	}
	return out, rows.Err()
}
