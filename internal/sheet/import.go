package sheet

import (
	"context"
	"errors"
	"fmt"
	"io"
	"maps"
	"math"
	"slices"
	"strings"
	"unicode/utf8"

	"klimaspor/internal/model"
	"klimaspor/internal/store"
)

// Import reads a CSV or XLSX file of the kind of record (a resource name such as
// "organisations" or "indicator-values") and saves it, all or nothing. Records with a
// natural key (organisations, themes, programmes, projects, plans, indicators) are created,
// or updated when the key exists; actions are always created; indicator values replace the
// value stored for the same indicator, organisation, period and breakdown. A file with
// problems is not saved at all: the error is an *ImportError listing every problem.
//
// Import sees every draft and reads within DefaultLimits: it is for the system's own
// imports. A person's import goes through ImportFor.
func Import(ctx context.Context, db *store.DB, kind string, r io.Reader, format string) (Result, error) {
	return ImportFor(ctx, db, kind, r, format, Options{Drafts: model.ListQuery{AllDrafts: true}, Limits: DefaultLimits})
}

// Options say what an import may see and what reading its file may cost.
type Options struct {
	// Drafts is which drafts the importer sees (the DraftsOf and AllDrafts of a
	// model.ListQuery, as auth.Principal.Drafts sets them). A record the importer may not
	// see is treated as absent: no row matches it by key and no cell refers to it, so the
	// import's answer (created, updated, unchanged, or an unknown key) tells nothing about it.
	Drafts model.ListQuery
	Limits Limits
}

// ImportFor is Import for a person: it sees what opts.Drafts lets the importer see, and
// reads the file within opts.Limits (a file beyond them is a *TooLargeError).
func ImportFor(ctx context.Context, db *store.DB, kind string, r io.Reader, format string, opts Options) (Result, error) {
	res, err := lookupKind(kind)
	if err != nil {
		return Result{}, err
	}
	if format, err = checkFormat(format); err != nil {
		return Result{}, err
	}
	in, err := readInput(r, format, opts.Limits)
	if err != nil {
		var ie *ImportError
		if errors.As(err, &ie) {
			ie.Kind = res.Name
		}
		return Result{}, err
	}
	defer in.close()
	in.pickSheet(res.Name)
	if res == model.IndicatorValues {
		return importValues(ctx, db, res, in)
	}
	return importRecords(ctx, db, res, in, opts.Drafts)
}

// placeholder ids stand for records the file itself creates, until they exist.
const placeholderBase = math.MaxInt64 - 1<<32

func isPlaceholder(id int64) bool { return id > placeholderBase }

// converter turns cells into field values.
type converter struct {
	res       *model.Resource
	dec       decimal
	keys      map[string]map[string]int64 // resource name -> natural key -> id
	pending   map[string]int64            // keys the file creates (self references) -> placeholder
	checkUTF8 bool
}

// loadKeys fetches the natural keys of every resource the columns refer to, leaving out
// the drafts the importer may not see.
func (c *converter) loadKeys(ctx context.Context, db *store.DB, cols []column, drafts model.ListQuery) error {
	c.keys = map[string]map[string]int64{}
	for _, col := range cols {
		f := col.field
		if f.Kind != model.Ref && f.Kind != model.RefList {
			continue
		}
		if _, ok := c.keys[f.Ref]; ok {
			continue
		}
		target, _ := model.ByName(f.Ref)
		m, err := visibleKeys(ctx, db, target, drafts)
		if err != nil {
			return err
		}
		c.keys[f.Ref] = m
	}
	return nil
}

// visibleKeys maps the natural key of each record of res that drafts lets the importer see
// to its id.
func visibleKeys(ctx context.Context, db *store.DB, res *model.Resource, drafts model.ListQuery) (map[string]int64, error) {
	if _, ok := res.Field("published"); !ok || drafts.AllDrafts {
		return db.Keys(ctx, res)
	}
	recs, err := listAll(ctx, db, res, drafts)
	if err != nil {
		return nil, err
	}
	m := make(map[string]int64, len(recs))
	for _, r := range recs {
		m[r.Str(res.Key)] = r.ID()
	}
	return m, nil
}

func (c *converter) ref(f model.Field, key string) (int64, string) {
	if id, ok := c.keys[f.Ref][key]; ok {
		return id, ""
	}
	if f.Ref == c.res.Name {
		if id, ok := c.pending[key]; ok {
			return id, ""
		}
	}
	target, _ := model.ByName(f.Ref)
	return 0, fmt.Sprintf("no %s has the %s %q", target.Singular, target.Key, key)
}

// value converts one cell. Strings are returned as written; model.Normalize trims them.
func (c *converter) value(f model.Field, s string) (any, string) {
	if c.checkUTF8 && !utf8.ValidString(s) {
		return nil, notUTF8
	}
	if f.Kind != model.String && f.Kind != model.Period && isBlank(s) {
		return f.Kind.Zero(), ""
	}
	read, ok := cellReaders[f.Kind]
	if !ok {
		return nil, "this column cannot be imported"
	}
	return read(c, f, s)
}

// cellReaders reads a cell of each kind a file may hold (not blank; see value): the value,
// or why the cell is not one.
var cellReaders = map[model.Kind]func(c *converter, f model.Field, s string) (any, string){
	model.String: readText,
	model.Period: readText,
	model.Date:   func(c *converter, _ model.Field, s string) (any, string) { return parseDate(s, c.dec) },
	model.Int: func(c *converter, _ model.Field, s string) (any, string) {
		return orNil(parseInt(s, c.dec))
	},
	model.Float: func(c *converter, _ model.Field, s string) (any, string) {
		return orNil(parseFloat(s, c.dec))
	},
	model.Bool: func(_ *converter, _ model.Field, s string) (any, string) { return parseBool(s) },
	model.Ref: func(c *converter, f model.Field, s string) (any, string) {
		return orNil(c.ref(f, strings.TrimSpace(s)))
	},
	model.RefList: readRefList,
	model.Targets: func(c *converter, _ model.Field, s string) (any, string) {
		return orNil(parseTargets(s, c.dec))
	},
}

func readText(_ *converter, _ model.Field, s string) (any, string) { return s, "" }

// orNil gives v, or nil when there is a reason it is not read (so no half-read value is kept).
func orNil[T any](v T, reason string) (any, string) {
	if reason != "" {
		return nil, reason
	}
	return v, ""
}

// readRefList reads the keys of a list of references, separated by |.
func readRefList(c *converter, f model.Field, s string) (any, string) {
	var ids []int64
	seen := map[string]bool{}
	var bad []string
	for _, k := range splitList(s) {
		k = strings.TrimSpace(k)
		if k == "" {
			return nil, "an entry of the list is empty; separate keys with a single |"
		}
		if seen[k] {
			return nil, fmt.Sprintf("%q is listed twice", k)
		}
		seen[k] = true
		id, r := c.ref(f, k)
		if r != "" {
			bad = append(bad, r)
			continue
		}
		ids = append(ids, id)
	}
	if len(bad) > 0 {
		return nil, strings.Join(bad, "; ")
	}
	return ids, ""
}

type fileRow struct {
	row   int
	cells []string
	key   string
	patch model.Record
	cur   model.Record // the stored record the row updates, or nil
}

// MaxRecordRows is the most data rows a file of records other than indicator values may
// hold. Such a file is held whole while it is checked (keys repeated in the file, parents
// it creates, loops), about 2 KB a row; the whole nation has some 20,000 actions.
const MaxRecordRows = 50_000

// readRows reads the header and every non-blank row.
func readRows(res *model.Resource, in *input, errs *errList) (*layout, []*fileRow, error) {
	src, err := in.rows()
	if err != nil {
		return nil, nil, err
	}
	defer src.close()
	header, hrow, err := src.next()
	if err == io.EOF || (err == nil && !in.nonEmpty) {
		errs.add(1, "", "", "the file is empty; the first row must name the columns")
		return nil, nil, nil
	}
	if err != nil {
		var ce *CellError
		if errors.As(err, &ce) {
			errs.add(ce.Row, ce.Column, ce.Value, ce.Reason)
			return nil, nil, nil
		}
		return nil, nil, err
	}
	lay := readHeader(res, header, hrow, errs)
	var rows []*fileRow
	for {
		cells, row, err := src.next()
		if err == io.EOF {
			break
		}
		if err != nil {
			var ce *CellError
			if errors.As(err, &ce) {
				errs.add(ce.Row, ce.Column, ce.Value, ce.Reason)
				break
			}
			return nil, nil, err
		}
		if !lay.checkStray(cells, row, errs) {
			continue
		}
		if len(rows) == MaxRecordRows {
			return nil, nil, &TooLargeError{fmt.Sprintf("the file has more than %d rows of %s; import at most %d at a time (only indicator values may come in any number)",
				MaxRecordRows, res.Name, MaxRecordRows)}
		}
		rows = append(rows, &fileRow{row: row, cells: slices.Clone(cells)})
	}
	return lay, rows, nil
}

// listAll reads every record of the resource.
func listAll(ctx context.Context, db *store.DB, res *model.Resource, vis model.ListQuery) ([]model.Record, error) {
	var out []model.Record
	cursor := ""
	for {
		q := vis // the whole view of drafts, whatever fields it has
		q.Limit, q.Cursor = listPage, cursor
		page, err := db.List(ctx, res, q)
		if err != nil {
			return nil, err
		}
		out = append(out, page.Items...)
		if page.NextCursor == "" {
			return out, nil
		}
		cursor = page.NextCursor
	}
}

const listPage = store.MaxLimit

// importRecords imports any resource but indicator values, record by record.
func importRecords(ctx context.Context, db *store.DB, res *model.Resource, in *input, drafts model.ListQuery) (Result, error) {
	out := Result{Kind: res.Name}
	chk, err := checkRecords(ctx, db, res, in, drafts)
	if chk != nil {
		out.Rows = len(chk.rows)
	}
	if err != nil {
		return out, err
	}
	if err := writeRecords(ctx, db, res, chk.lay, chk.rows, chk.conv, &out); err != nil {
		out.Created, out.Updated, out.Unchanged = 0, 0, 0
		return out, err
	}
	return out, nil
}

// checkedRecords is a file of records read and checked, ready to be written.
type checkedRecords struct {
	lay  *layout
	rows []*fileRow // each with its patch and the stored record it updates
	conv *converter
}

// checkRecords reads and checks every row of a file of records, writing nothing: the
// rows, or an *ImportError with every problem (with the rows read, if the header was).
func checkRecords(ctx context.Context, db *store.DB, res *model.Resource, in *input, drafts model.ListQuery) (*checkedRecords, error) {
	var errs errList
	lay, rows, err := readRows(res, in, &errs)
	if err != nil {
		return nil, err
	}
	if lay == nil {
		return nil, errs.err(res.Name)
	}
	chk := &checkedRecords{lay: lay, rows: rows,
		conv: &converter{res: res, dec: in.decimal, checkUTF8: in.format == CSV, pending: map[string]int64{}}}
	if err := chk.conv.loadKeys(ctx, db, lay.cols, drafts); err != nil {
		return chk, err
	}
	existing, err := matchKeys(ctx, db, res, lay, rows, chk.conv, drafts, &errs)
	if err != nil {
		return chk, err
	}
	// Every cell, then every record.
	for _, fr := range rows {
		if err := checkRow(res, lay, chk.conv, fr, &errs); err != nil {
			return chk, err
		}
	}
	checkCycles(res, lay, rows, existing, chk.conv, &errs)
	if errs.n() > 0 {
		return chk, errs.err(res.Name)
	}
	return chk, nil
}

// matchKeys matches the rows by natural key: to the existing records (those in drafts
// included), which it returns by key, and to rows earlier in the file, which it reports.
// A new key gets a placeholder id in conv.pending.
func matchKeys(ctx context.Context, db *store.DB, res *model.Resource, lay *layout, rows []*fileRow, conv *converter, drafts model.ListQuery, errs *errList) (map[string]model.Record, error) {
	existing := map[string]model.Record{}
	if res.Key == "" {
		return existing, nil
	}
	recs, err := listAll(ctx, db, res, drafts) // the drafts the importer sees are matched too
	if err != nil {
		return nil, err
	}
	for _, r := range recs {
		existing[r.Str(res.Key)] = r
	}
	keyCol := -1
	for i, c := range lay.cols {
		if c.field.Name == res.Key && !c.source {
			keyCol = i
		}
	}
	firstRow := map[string]int{}
	for i, fr := range rows {
		fr.key = strings.TrimSpace(lay.cell(fr.cells, keyCol))
		if fr.key == "" || !utf8.ValidString(fr.key) {
			continue // reported with the cell
		}
		if r, ok := firstRow[fr.key]; ok {
			errs.add(fr.row, lay.headerOf(res.Key), fr.key, fmt.Sprintf("the %s %s is also in row %d", res.Key, strconvQuote(fr.key), r))
			continue
		}
		firstRow[fr.key] = fr.row
		if cur, ok := existing[fr.key]; ok {
			fr.cur = cur
		} else {
			conv.pending[fr.key] = placeholderBase + 1 + int64(i)
		}
	}
	return existing, nil
}

// checkRow converts the row's cells into fr.patch and checks the record it makes, reporting
// each flaw once, with its cell.
func checkRow(res *model.Resource, lay *layout, conv *converter, fr *fileRow, errs *errList) error {
	bad := convertCells(lay, conv, fr, errs)
	rec := model.Record{}
	if fr.cur != nil {
		rec = maps.Clone(fr.cur)
	}
	maps.Copy(rec, fr.patch)
	model.Normalize(res, rec)
	for k := range fr.patch {
		fr.patch[k] = rec[k]
	}
	if err := model.Validate(res, rec); err != nil {
		var ve *model.ValidationError
		if !errors.As(err, &ve) {
			return err
		}
		for _, fe := range ve.Errors {
			if bad[fe.Field] {
				continue // already reported
			}
			if fe.Code == model.CodeRequired && fr.cur == nil && !lay.has(fe.Field) {
				if _, inSheet := sheetField(res, fe.Field); inSheet {
					continue // the missing column is reported once, with the header
				}
			}
			errs.add(fr.row, columnName(res, lay, fe.Field), cellOf(lay, fr, fe.Field), reasonOf(fe))
			bad[fe.Field] = true
		}
	}
	self := conv.pending[fr.key]
	if fr.cur != nil {
		self = fr.cur.ID()
	}
	for _, f := range selfRefs(res) {
		if !bad[f.Name] && fr.key != "" && self != 0 {
			if slices.Contains(refIDs(fr.patch[f.Name]), self) {
				errs.add(fr.row, lay.headerOf(f.Name), cellOf(lay, fr, f.Name), fmt.Sprintf("%s cannot refer to itself", lay.headerOf(f.Name)))
			}
		}
	}
	return nil
}

// convertCells converts the row's cells into fr.patch, reporting the cells that do not
// convert; it returns their fields.
func convertCells(lay *layout, conv *converter, fr *fileRow, errs *errList) map[string]bool {
	fr.patch = model.Record{}
	bad := map[string]bool{}
	for i, c := range lay.cols {
		if lay.pos[i] < 0 || c.source {
			continue
		}
		text := lay.cell(fr.cells, i)
		var v any
		var reason string
		if c.field.Kind == model.Populations {
			v, reason = conv.populations(lay, fr, i)
		} else {
			v, reason = conv.value(c.field, text)
		}
		if reason != "" {
			errs.add(fr.row, lay.headers[lay.pos[i]], text, reason)
			bad[c.field.Name] = true
			continue
		}
		fr.patch[c.field.Name] = v
	}
	return bad
}

// writeRecords creates and updates the checked rows in one transaction, parents before
// children, counting them in out.
func writeRecords(ctx context.Context, db *store.DB, res *model.Resource, lay *layout, rows []*fileRow, conv *converter, out *Result) error {
	order := writeOrder(res, rows, conv)
	return db.Tx(ctx, func(tx *store.Tx) error {
		created := map[int64]int64{} // placeholder -> id
		for _, fr := range order {
			patch := fr.patch
			for _, f := range res.Fields {
				if id, ok := patch[f.Name].(int64); ok && f.Kind == model.Ref && isPlaceholder(id) {
					patch[f.Name] = created[id]
				}
				if ids, ok := patch[f.Name].([]int64); ok && f.Kind == model.RefList && slices.ContainsFunc(ids, isPlaceholder) {
					real := make([]int64, len(ids))
					for i, id := range ids {
						if real[i] = id; isPlaceholder(id) {
							real[i] = created[id]
						}
					}
					patch[f.Name] = real
				}
			}
			if fr.cur != nil {
				if unchanged(res, fr.cur, patch) {
					out.Unchanged++
					continue
				}
				if _, err := tx.Update(ctx, res, fr.cur.ID(), fr.cur.Version(), patch); err != nil {
					return rowError(res, lay, fr, err)
				}
				out.Updated++
				continue
			}
			rec, err := tx.Create(ctx, res, patch)
			if err != nil {
				return rowError(res, lay, fr, err)
			}
			if fr.key != "" {
				created[conv.pending[fr.key]] = rec.ID()
			}
			out.Created++
		}
		return nil
	})
}

func strconvQuote(s string) string { return fmt.Sprintf("%q", s) }

// populations converts the befolkning cell with its sources column, if the file has one.
func (c *converter) populations(lay *layout, fr *fileRow, i int) (any, string) {
	text := lay.cell(fr.cells, i)
	var sources *string
	for j, col := range lay.cols {
		if col.source && col.field.Name == lay.cols[i].field.Name && lay.pos[j] >= 0 {
			s := lay.cell(fr.cells, j)
			sources = &s
		}
	}
	if c.checkUTF8 && (!utf8.ValidString(text) || (sources != nil && !utf8.ValidString(*sources))) {
		return nil, notUTF8
	}
	keep := map[int64]string{}
	if fr.cur != nil {
		if ps, ok := fr.cur[lay.cols[i].field.Name].([]model.Population); ok {
			for _, p := range ps {
				keep[p.Year] = p.Source
			}
		}
	}
	ps, r := parsePopulations(text, sources, c.dec, keep)
	if r != "" {
		return nil, r
	}
	return ps, ""
}

func sheetField(res *model.Resource, name string) (model.Field, bool) {
	f, ok := res.Field(name)
	return f, ok && f.Sheet != ""
}

// columnName names a field's column for a message: the file's header, or the Danish one.
func columnName(res *model.Resource, lay *layout, field string) string {
	if h := lay.headerOf(field); h != "" {
		return h
	}
	if f, ok := res.Field(field); ok && f.Sheet != "" {
		return f.Sheet
	}
	return field
}

func cellOf(lay *layout, fr *fileRow, field string) string {
	for i, c := range lay.cols {
		if c.field.Name == field && !c.source {
			return lay.cell(fr.cells, i)
		}
	}
	return ""
}

// reasonOf words a field error for a cell: the field's name is the column already.
func reasonOf(fe model.FieldError) string {
	msg := fe.Message
	if rest, ok := strings.CutPrefix(msg, fe.Field+" "); ok {
		msg = rest
	}
	if fe.Code == model.CodeRequired {
		return "a value is required"
	}
	return msg
}

// rowError turns an error of the store while writing a row into an ImportError.
func rowError(res *model.Resource, lay *layout, fr *fileRow, err error) error {
	var ve *model.ValidationError
	var ce *store.ConflictError
	var errs errList
	switch {
	case errors.As(err, &ve):
		for _, fe := range ve.Errors {
			errs.add(fr.row, columnName(res, lay, fe.Field), cellOf(lay, fr, fe.Field), reasonOf(fe))
		}
	case errors.As(err, &ce):
		errs.add(fr.row, "", "", "the record was changed by someone else during the import; import the file again")
	default:
		return fmt.Errorf("sheet: row %d: %w", fr.row, err)
	}
	return errs.err(res.Name)
}

// selfRefs lists the resource's references to itself: a parent, or a list (a network's
// members).
func selfRefs(res *model.Resource) []model.Field {
	var out []model.Field
	for _, f := range res.Fields {
		if (f.Kind == model.Ref || f.Kind == model.RefList) && f.Ref == res.Name && f.Sheet != "" && !f.ReadOnly {
			out = append(out, f)
		}
	}
	return out
}

// refIDs are the ids a reference's value holds: one for a Ref, any number for a RefList.
func refIDs(v any) []int64 {
	switch v := v.(type) {
	case int64:
		return []int64{v}
	case []int64:
		return v
	}
	return nil
}

// checkCycles refuses parent chains that would loop once the file is saved.
func checkCycles(res *model.Resource, lay *layout, rows []*fileRow, existing map[string]model.Record, conv *converter, errs *errList) {
	refs := selfRefs(res)
	if len(refs) == 0 || res.Key == "" {
		return
	}
	idKey := map[int64]string{}
	for k, id := range conv.keys[res.Name] {
		idKey[id] = k
	}
	for k, id := range conv.pending {
		idKey[id] = k
	}
	for _, f := range refs {
		if f.Kind != model.Ref {
			continue // a list names members, not a chain of parents
		}
		parent := map[string]string{}
		for k, r := range existing {
			if id, ok := r.Int(f.Name); ok {
				parent[k] = idKey[id]
			}
		}
		for _, fr := range rows {
			if fr.key == "" || fr.patch == nil {
				continue
			}
			if v, ok := fr.patch[f.Name]; ok {
				delete(parent, fr.key)
				if id, ok := v.(int64); ok {
					parent[fr.key] = idKey[id]
				}
			}
		}
		for _, fr := range rows {
			if fr.key == "" {
				continue
			}
			k, steps := parent[fr.key], 0
			for k != "" && k != fr.key && steps <= len(parent) {
				k, steps = parent[k], steps+1
			}
			if k == fr.key && steps > 0 {
				errs.add(fr.row, lay.headerOf(f.Name), cellOf(lay, fr, f.Name), fmt.Sprintf("following %s from here leads back to %q, in a loop", lay.headerOf(f.Name), fr.key))
			}
		}
	}
}

// writeOrder puts the rows in file order, except that a row referring to a record the file
// creates comes after it.
func writeOrder(res *model.Resource, rows []*fileRow, conv *converter) []*fileRow {
	refs := selfRefs(res)
	if len(refs) == 0 {
		return rows
	}
	byPlaceholder := map[int64]*fileRow{}
	for _, fr := range rows {
		if fr.cur == nil && fr.key != "" {
			byPlaceholder[conv.pending[fr.key]] = fr
		}
	}
	done := map[*fileRow]bool{}
	var out []*fileRow
	var visit func(fr *fileRow, depth int)
	visit = func(fr *fileRow, depth int) {
		if done[fr] || depth > len(rows) {
			return
		}
		done[fr] = true
		for _, f := range refs {
			for _, id := range refIDs(fr.patch[f.Name]) {
				if p := byPlaceholder[id]; isPlaceholder(id) && p != nil {
					visit(p, depth+1)
				}
			}
		}
		out = append(out, fr)
	}
	for _, fr := range rows {
		visit(fr, 0)
	}
	return out
}

// unchanged reports whether applying patch would leave cur as it is.
func unchanged(res *model.Resource, cur, patch model.Record) bool {
	for k, v := range patch {
		f, ok := res.Field(k)
		if !ok || !f.Kind.Equal(cur[k], v) {
			return false
		}
	}
	return true
}
