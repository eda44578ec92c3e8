package store

import (
	"context"
	"database/sql"
	"fmt"
	"sort"
	"strconv"
	"strings"

	"klimaspor/internal/model"
	"klimaspor/internal/search"
)

// The full-text index (migration 00031, decision 65): search_docs holds every library
// item, action, project and indicator as internal/search's analysed terms, written in the
// transaction of each create and update (Tx.Create, Tx.update) and removed by the delete
// triggers; the engines' full-text indexes (FTS5, tsvector + GIN) only find candidates, and
// internal/search scores them from the stored terms and exact counts, so both engines rank
// alike.

// index writes the record's document into the search index, if res is searched.
func (tx *Tx) index(res *model.Resource, id int64, rec model.Record) error {
	t, ok := search.TypeOf(res)
	if !ok || !tx.db.searchable.Load() {
		return nil
	}
	return putDoc(tx.ctx, tx.tx, t, id, search.Index(search.DocOf(t, rec)))
}

func putDoc(ctx context.Context, q querier, t search.Type, id int64, ix search.Indexed) error {
	_, err := q.ExecContext(ctx, `INSERT INTO search_docs (doc_type, doc_id, title_terms, summary_terms, body_terms, length)
VALUES ($1, $2, $3, $4, $5, $6) ON CONFLICT (doc_type, doc_id) DO UPDATE SET title_terms = excluded.title_terms,
summary_terms = excluded.summary_terms, body_terms = excluded.body_terms, length = excluded.length`,
		string(t), id, ix.Title, ix.Summary, ix.Body, ix.Length)
	if err != nil {
		return fmt.Errorf("store: index %s %d: %w", t, id, err)
	}
	return nil
}

// probeSearch notes whether the schema has the search index (migration 00031): a database
// Open leaves unmigrated, or a test takes back to an older version, is written without it.
func (db *DB) probeSearch(ctx context.Context) {
	rows, err := db.r.QueryContext(ctx, "SELECT version FROM search_meta WHERE 1 = 0")
	if err != nil {
		db.searchable.Store(false)
		return
	}
	rows.Close()
	db.searchable.Store(true)
}

// buildSearch builds the search index from the rows when it was built by another version of
// the analyser (search.Version), or never: after migration 00031 and after a change of the
// analyser. It runs in Go, as SQL cannot run the stemmer, in one transaction.
func (db *DB) buildSearch(ctx context.Context) error {
	db.probeSearch(ctx)
	if !db.searchable.Load() {
		return nil
	}
	var v int
	if err := db.w.QueryRowContext(ctx, "SELECT version FROM search_meta WHERE id = 1").Scan(&v); err != nil {
		return fmt.Errorf("store: search index version: %w", err)
	}
	if v == search.Version {
		return nil
	}
	return db.Tx(ctx, func(tx *Tx) error {
		if _, err := tx.tx.ExecContext(tx.ctx, "DELETE FROM search_docs"); err != nil {
			return fmt.Errorf("store: clear search index: %w", err)
		}
		for _, t := range search.Types {
			if err := tx.indexAll(t); err != nil {
				return err
			}
		}
		_, err := tx.tx.ExecContext(tx.ctx, "UPDATE search_meta SET version = $1 WHERE id = 1", search.Version)
		return err
	})
}

// indexAll indexes every row of type t.
func (tx *Tx) indexAll(t search.Type) error {
	cols := search.Sources[t].Columns()
	rows, err := tx.tx.QueryContext(tx.ctx, "SELECT id, "+strings.Join(cols, ", ")+" FROM "+t.Resource().Table+" ORDER BY id")
	if err != nil {
		return fmt.Errorf("store: read %s to index: %w", t, err)
	}
	type doc struct {
		id int64
		ix search.Indexed
	}
	var docs []doc
	for rows.Next() {
		var id int64
		vals := make([]sql.NullString, len(cols))
		dest := []any{&id}
		for i := range vals {
			dest = append(dest, &vals[i])
		}
		if err := rows.Scan(dest...); err != nil {
			rows.Close()
			return err
		}
		rec := model.Record{}
		for i, c := range cols {
			rec[c] = vals[i].String
		}
		docs = append(docs, doc{id, search.Index(search.DocOf(t, rec))})
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return err
	}
	for _, d := range docs {
		if err := putDoc(tx.ctx, tx.tx, t, d.id, d.ix); err != nil {
			return err
		}
	}
	return nil
}

// SearchQuery asks one type's records for a text.
type SearchQuery struct {
	Q    string
	Type search.Type
	// Filters narrow library items: kind, sector, language (text), theme, project,
	// organisation (ids) and year; other types take none.
	Filters map[string]string
	Limit   int // default DefaultSearchLimit, at most MaxLimit
	Offset  int
	// View is the reader's visibility of the type's resource (auth.Visibility's Apply):
	// the search shows only the drafts the reader may see.
	View model.ListQuery
	// NoFacets leaves the facets out (the site search shows none).
	NoFacets bool
}

// DefaultSearchLimit is a search's page size when none is given.
const DefaultSearchLimit = 20

// LibraryFacets are the library's facets, in the order shown; each is also a filter.
var LibraryFacets = []string{"kind", "theme", "sector", "project", "organisation", "language", "year"}

// libraryFilter is a facet's column, or its link table for the list fields.
var libraryFilter = map[string]string{
	"kind": "kind", "sector": "sector", "language": "language", "organisation": "organisation_id", "year": "year",
	"theme":   "SELECT library_item_id FROM library_item_themes WHERE theme_id = ",
	"project": "SELECT library_item_id FROM library_item_projects WHERE project_id = ",
}

// SearchHit is one found record.
type SearchHit struct {
	Type       search.Type
	ID         int64
	Title      string
	TitleEN    string
	Kind       string // a library item's kind; "" for the other types
	Code       string // a project's or indicator's code (its page's address); "" for the others
	TitleHTML  string // the title, matches marked
	Snippet    string // HTML: the best stretch of the summary or text, matches marked
	Score      float64
	ProjectIDs []int64
}

// Facet is one value of a facet and how many of the matches have it.
type Facet struct {
	Value string
	Count int
}

// SearchResult is one page of a type's matches, best first, with the total and the facets
// over every match the reader may see.
type SearchResult struct {
	Type   search.Type
	Query  search.Query
	Hits   []SearchHit
	Total  int
	Facets map[string][]Facet // library items only
}

// candidate is a match before ranking, with the library's facet values.
type candidate struct {
	id     int64
	ix     search.Indexed
	facets map[string]string
	score  float64
}

// Search finds the records of q.Type that have every term of q.Q (or, when none has, any
// of them: Query.Any) and that the reader may see, best first. An empty query lists library items newest first (the library's front)
// and finds nothing of the other types.
func (db *DB) Search(ctx context.Context, q SearchQuery) (SearchResult, error) {
	pq := search.Parse(q.Q)
	out := SearchResult{Type: q.Type, Query: pq}
	res := q.Type.Resource()
	if res == nil {
		return out, &QueryError{Param: "type", Msg: fmt.Sprintf("%q is not searched", q.Type)}
	}
	if q.Limit <= 0 {
		q.Limit = DefaultSearchLimit
	}
	q.Limit = min(q.Limit, MaxLimit)
	if !db.searchable.Load() || (pq.Empty() && q.Type != search.Library) {
		return out, nil
	}
	lib := q.Type == search.Library
	// The rows the reader may see, filtered: t.
	var args []any
	conds := []string{}
	if c := draftCondition(res, q.View, &args); c != "" {
		conds = append(conds, c)
	}
	for _, f := range LibraryFacets {
		v, ok := q.Filters[f]
		if !ok {
			continue
		}
		if !lib {
			return out, &QueryError{Param: f, Msg: f + ": only library items are filtered"}
		}
		val, err := facetValue(f, v)
		if err != nil {
			return out, err
		}
		args = append(args, val)
		ph := "$" + strconv.Itoa(len(args))
		if col := libraryFilter[f]; strings.HasPrefix(col, "SELECT") {
			conds = append(conds, "id IN ("+col+ph+")")
		} else {
			conds = append(conds, col+" = "+ph)
		}
	}
	cols := "id"
	if lib {
		// The themes and projects ride along as lists, so the facets need no second query.
		cols = "id, created_at, kind, sector, organisation_id, language, year, " +
			db.linkedIDs("library_item_themes", "theme_id") + " AS themes, " + db.linkedIDs("library_item_projects", "project_id") + " AS projects"
	}
	inner := "SELECT " + cols + " FROM " + res.Table
	if len(conds) > 0 {
		inner += " WHERE " + strings.Join(conds, " AND ")
	}
	var sel string
	if pq.Empty() {
		sel = "SELECT t.id AS doc_id, '', '', '', 0, t.* FROM (" + inner + ") t"
	} else {
		args = append(args, db.matchText(pq))
		from, match := db.matchSQL(q.Type, "$"+strconv.Itoa(len(args)))
		sel = "SELECT d.doc_id, d.title_terms, d.summary_terms, d.body_terms, d.length, t.* FROM " + from + " JOIN (" + inner + ") t ON t.id = d.doc_id WHERE " + match
	}
	cands, err := db.candidates(ctx, sel, args, lib)
	if err != nil {
		return out, err
	}
	if len(cands) == 0 && len(pq.Terms) > 1 {
		// No record has every word: those with any, best first.
		pq.Any, out.Query.Any = true, true
		args[len(args)-1] = db.matchText(pq)
		if cands, err = db.candidates(ctx, sel, args, lib); err != nil {
			return out, err
		}
	}
	out.Total = len(cands)
	if pq.Empty() {
		// The library's front: newest first (cands hold created_at in facets).
		sort.SliceStable(cands, func(i, j int) bool {
			a, b := cands[i].facets["created_at"], cands[j].facets["created_at"]
			if a != b {
				return a > b
			}
			return cands[i].id > cands[j].id
		})
	} else {
		st, err := db.searchStats(ctx, q.Type, pq)
		if err != nil {
			return out, err
		}
		scored := make([]search.Scored, len(cands))
		byID := make(map[int64]candidate, len(cands))
		for i, c := range cands {
			c.score = search.Score(pq, c.ix, st)
			scored[i] = search.Scored{ID: c.id, Score: c.score}
			byID[c.id] = c
		}
		search.Rank(scored)
		for i, sc := range scored {
			cands[i] = byID[sc.ID]
		}
	}
	if lib && !q.NoFacets {
		out.Facets = libraryFacets(cands)
	}
	page := cands[min(q.Offset, len(cands)):min(q.Offset+q.Limit, len(cands))]
	out.Hits, err = db.searchHits(ctx, q.Type, pq, page)
	return out, err
}

func facetValue(f, v string) (any, error) {
	switch f {
	case "theme", "project", "organisation", "year":
		n, err := strconv.ParseInt(v, 10, 64)
		if err != nil || n < 0 {
			return nil, &QueryError{Param: f, Msg: f + " must be a whole number"}
		}
		return n, nil
	}
	if len(v) > 100 || strings.ContainsRune(v, 0) {
		return nil, &QueryError{Param: f, Msg: f + " must be a short text"}
	}
	return v, nil
}

// matchText is the query in the engine's full-text syntax.
func (db *DB) matchText(q search.Query) string {
	if db.engine == "postgres" {
		return q.TSQuery()
	}
	return q.FTS5()
}

// matchSQL is the FROM of search_docs (as d) and the condition that a document of type t
// matches the query bound at ph. Each type has its own full-text index (migration 00031): on
// SQLite its FTS5 table drives the join, on PostgreSQL the partial GIN index, which the
// planner uses only when the type is written in the query (t is one of search.Types, never
// the client's text).
func (db *DB) matchSQL(t search.Type, ph string) (from, cond string) {
	if db.engine == "postgres" {
		return "search_docs d", "d.doc_type = '" + string(t) + "' AND d.terms @@ to_tsquery('simple', " + ph + ")"
	}
	fts := "search_fts_" + strings.ReplaceAll(string(t), "-", "_")
	return fts + " f JOIN search_docs d ON d.id = f.rowid", fts + " MATCH " + ph
}

// candidates reads the matches: their stored terms and, for library items, facet values.
func (db *DB) candidates(ctx context.Context, sel string, args []any, lib bool) ([]candidate, error) {
	rows, err := db.reader().QueryContext(ctx, sel, args...)
	if err != nil {
		return nil, fmt.Errorf("store: search: %w", err)
	}
	defer rows.Close()
	var out []candidate
	for rows.Next() {
		var c candidate
		var tid int64
		dest := []any{&c.id, &c.ix.Title, &c.ix.Summary, &c.ix.Body, &c.ix.Length, &tid}
		var created, kind, sector, lang, themes, projects sql.NullString
		var org, year sql.NullInt64
		if lib {
			dest = append(dest, &created, &kind, &sector, &org, &lang, &year, &themes, &projects)
		}
		if err := rows.Scan(dest...); err != nil {
			return nil, fmt.Errorf("store: search: %w", err)
		}
		if lib {
			c.facets = map[string]string{"created_at": created.String, "kind": kind.String, "sector": sector.String, "language": lang.String,
				"theme": themes.String, "project": projects.String}
			if org.Valid {
				c.facets["organisation"] = strconv.FormatInt(org.Int64, 10)
			}
			if year.Valid {
				c.facets["year"] = strconv.FormatInt(year.Int64, 10)
			}
		}
		out = append(out, c)
	}
	return out, rows.Err()
}

// searchStats counts what a score needs: the type's documents, their summed length, and the
// documents that have each term, over the whole index of the type (drafts too: the figures
// are the collection's, not the reader's, and show nothing of a draft but a count).
func (db *DB) searchStats(ctx context.Context, t search.Type, q search.Query) (search.Stats, error) {
	var st search.Stats
	if err := db.reader().QueryRowContext(ctx, "SELECT COUNT(*), COALESCE(SUM(length), 0) FROM search_docs WHERE doc_type = $1", string(t)).Scan(&st.Docs, &st.Length); err != nil {
		return st, fmt.Errorf("store: search statistics: %w", err)
	}
	st.DF = make([]int64, len(q.Terms))
	for i, term := range q.Terms {
		one := search.Query{Terms: []search.Term{term}}
		from, match := db.matchSQL(t, "$1")
		if err := db.reader().QueryRowContext(ctx, "SELECT COUNT(*) FROM "+from+" WHERE "+match,
			db.matchText(one)).Scan(&st.DF[i]); err != nil {
			return st, fmt.Errorf("store: search statistics: %w", err)
		}
	}
	return st, nil
}

// linkedIDs is an item's ids in a link table as one text, "3,7", the same on both engines.
func (db *DB) linkedIDs(table, col string) string {
	if db.engine == "postgres" {
		return "(SELECT string_agg(x." + col + "::text, ',' ORDER BY x." + col + ") FROM " + table + " x WHERE x.library_item_id = library_items.id)"
	}
	return "(SELECT group_concat(" + col + ") FROM (SELECT x." + col + " FROM " + table + " x WHERE x.library_item_id = library_items.id ORDER BY 1))"
}

// libraryFacets counts the matches' values of each facet, most first.
func libraryFacets(cands []candidate) map[string][]Facet {
	counts := map[string]map[string]int{}
	add := func(f, v string) {
		if v == "" {
			return
		}
		if counts[f] == nil {
			counts[f] = map[string]int{}
		}
		counts[f][v]++
	}
	for _, c := range cands {
		for _, f := range []string{"kind", "sector", "organisation", "language", "year"} {
			add(f, c.facets[f])
		}
		for _, f := range []string{"theme", "project"} {
			for _, v := range strings.Split(c.facets[f], ",") {
				add(f, v)
			}
		}
	}
	out := map[string][]Facet{}
	for _, f := range LibraryFacets {
		list := []Facet{}
		for v, n := range counts[f] {
			list = append(list, Facet{v, n})
		}
		sort.Slice(list, func(i, j int) bool {
			if list[i].Count != list[j].Count {
				return list[i].Count > list[j].Count
			}
			return list[i].Value < list[j].Value
		})
		out[f] = list
	}
	return out
}

// hitColumns are the columns a hit shows, beyond its document's: a library item's kind,
// each type's project, and the code a project's or indicator's page is addressed by.
var hitColumns = map[search.Type]string{
	search.Library:    "kind, NULL, ''",
	search.Actions:    "'', project_id, ''",
	search.Projects:   "'', id, code",
	search.Indicators: "'', owner_project_id, code",
}

// searchHits reads the page's records and makes their titles and snippets.
func (db *DB) searchHits(ctx context.Context, t search.Type, q search.Query, page []candidate) ([]SearchHit, error) {
	if len(page) == 0 {
		return []SearchHit{}, nil
	}
	src := search.Sources[t]
	cols := src.Columns()
	ids := make([]any, len(page))
	for i, c := range page {
		ids[i] = c.id
	}
	rows, err := db.reader().QueryContext(ctx, "SELECT id, "+hitColumns[t]+", "+strings.Join(cols, ", ")+" FROM "+t.Resource().Table+
		" WHERE id IN ("+placeholders(1, len(ids))+")", ids...)
	if err != nil {
		return nil, fmt.Errorf("store: search hits: %w", err)
	}
	defer rows.Close()
	byID := map[int64]*SearchHit{}
	for rows.Next() {
		var id int64
		var kind sql.NullString
		var project sql.NullInt64
		var code sql.NullString
		vals := make([]sql.NullString, len(cols))
		dest := []any{&id, &kind, &project, &code}
		for i := range vals {
			dest = append(dest, &vals[i])
		}
		if err := rows.Scan(dest...); err != nil {
			return nil, fmt.Errorf("store: search hits: %w", err)
		}
		rec := model.Record{}
		for i, c := range cols {
			rec[c] = vals[i].String
		}
		h := &SearchHit{Type: t, ID: id, Title: rec.Str(src.Title[0]), TitleEN: rec.Str(src.Title[1]), Kind: kind.String, Code: code.String, ProjectIDs: []int64{}}
		if project.Valid {
			h.ProjectIDs = append(h.ProjectIDs, project.Int64)
		}
		doc := search.DocOf(t, rec)
		h.TitleHTML = search.Highlight(h.Title, q)
		h.Snippet = snippetOf(doc, q)
		byID[id] = h
	}
	if err := rows.Err(); err != nil {
		return nil, err
	}
	out := make([]SearchHit, 0, len(page))
	for _, c := range page {
		if h := byID[c.id]; h != nil {
			h.Score = c.score
			if t == search.Library {
				// A library item's projects came with its candidate (the facets').
				for _, v := range strings.Split(c.facets["project"], ",") {
					if n, err := strconv.ParseInt(v, 10, 64); err == nil {
						h.ProjectIDs = append(h.ProjectIDs, n)
					}
				}
			}
			out = append(out, *h)
		}
	}
	return out, nil
}

// snippetWords bounds the words of a text a snippet looks through.
const snippetWords = 3000

// snippetOf is the hit's snippet: from the summary when a term is there (or there is no
// query), else from the body's first snippetWords words, else the summary's start.
func snippetOf(doc search.Doc, q search.Query) string {
	summary := search.Snippet(doc.Summary, q, search.SnippetWords)
	if strings.Contains(summary, "<mark>") || (q.Empty() && summary != "") {
		return summary
	}
	body := doc.Body
	if f := strings.Fields(body); len(f) > snippetWords {
		body = strings.Join(f[:snippetWords], " ")
	}
	if s := search.Snippet(body, q, search.SnippetWords); strings.Contains(s, "<mark>") || summary == "" {
		return s
	}
	return summary
}

// SiteSearch is the one search of the site: each type's first perType matches, in
// search.Types' order. view sets the reader's visibility of each type (auth.Visibility's
// Apply); with no words it finds nothing. The API and the site search page both call it.
func (db *DB) SiteSearch(ctx context.Context, text string, perType int, view func(q *model.ListQuery, t search.Type)) ([]SearchResult, error) {
	var out []SearchResult
	if search.Parse(text).Empty() {
		// No words find nothing (Search would list the library's front).
		for _, t := range search.Types {
			out = append(out, SearchResult{Type: t})
		}
		return out, nil
	}
	for _, t := range search.Types {
		q := SearchQuery{Q: text, Type: t, Limit: perType, NoFacets: true}
		view(&q.View, t)
		res, err := db.Search(ctx, q)
		if err != nil {
			return nil, err
		}
		out = append(out, res)
	}
	return out, nil
}
