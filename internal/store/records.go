package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"maps"
	"slices"
	"strconv"
	"strings"
	"sync"

	"klimaspor/internal/model"
)

var columnCache sync.Map // resource name → []model.Field

// columns lists the resource's own table columns, in descriptor order.
func columns(res *model.Resource) []model.Field {
	if c, ok := columnCache.Load(res.Name); ok {
		return c.([]model.Field)
	}
	var out []model.Field
	for _, f := range res.Fields {
		if f.Column() {
			out = append(out, f)
		}
	}
	columnCache.Store(res.Name, out)
	return out
}

var aggregatedCache sync.Map // resource name → []model.Field

// aggregated lists the id-list fields read in the main query, as a comma-separated
// aggregate, instead of with a query of their own: an action's themes and partners.
func aggregated(res *model.Resource) []model.Field {
	if c, ok := aggregatedCache.Load(res.Name); ok {
		return c.([]model.Field)
	}
	var out []model.Field
	for _, f := range res.Fields {
		if isAggregated(res, f) {
			out = append(out, f)
		}
	}
	aggregatedCache.Store(res.Name, out)
	return out
}

func isAggregated(res *model.Resource, f model.Field) bool {
	_, ok := hooks[res].children[f.Name]
	return ok && f.Kind == model.RefList
}

// selectList is the column list of the resource's queries on the engine.
func (db *DB) selectList(res *model.Resource) string {
	if s, ok := db.selects.Load(res.Name); ok {
		return s.(string)
	}
	var b strings.Builder
	for i, f := range columns(res) {
		if i > 0 {
			b.WriteString(", ")
		}
		b.WriteString(res.Table + "." + f.Name)
	}
	for _, f := range aggregated(res) {
		ct := hooks[res].children[f.Name]
		col := ct.cols
		agg := "group_concat(" + col + ", ',' ORDER BY " + col + ")"
		if db.engine == "postgres" {
			agg = "string_agg(" + col + "::text, ',' ORDER BY " + col + ")"
		}
		fmt.Fprintf(&b, ", (SELECT %s FROM %s c WHERE c.%s = %s.id)", agg, ct.table, ct.owner, res.Table)
	}
	db.selects.Store(res.Name, b.String())
	return b.String()
}

// rowScanner reads rows of selectList's columns into records, reusing its scan targets
// from row to row (a list of 50 rows would otherwise allocate a thousand of them).
type rowScanner struct {
	res  *model.Resource
	cols []model.Field
	aggs []model.Field
	dest []any
}

func newRowScanner(res *model.Resource) *rowScanner {
	s := &rowScanner{res: res, cols: columns(res), aggs: aggregated(res)}
	s.dest = make([]any, len(s.cols)+len(s.aggs))
	for i, f := range s.cols {
		switch f.Kind {
		case model.Int, model.Ref:
			s.dest[i] = new(sql.NullInt64)
		case model.Float:
			s.dest[i] = new(sql.NullFloat64)
		case model.Bool:
			s.dest[i] = new(sql.NullBool)
		default:
			s.dest[i] = new(sql.NullString)
		}
	}
	for i := range s.aggs {
		s.dest[len(s.cols)+i] = new(sql.NullString)
	}
	return s
}

// scan reads one row into a new record.
func (s *rowScanner) scan(sc interface{ Scan(...any) error }) (model.Record, error) {
	if err := sc.Scan(s.dest...); err != nil {
		return nil, err
	}
	rec := make(model.Record, len(s.res.Fields))
	for i, f := range s.cols {
		var v any
		switch d := s.dest[i].(type) {
		case *sql.NullInt64:
			if d.Valid {
				v = d.Int64
			}
		case *sql.NullFloat64:
			if d.Valid {
				v = d.Float64
			}
		case *sql.NullBool:
			if d.Valid {
				v = d.Bool
			} else {
				v = f.Kind.Zero() // a null Bool is false
			}
		case *sql.NullString:
			if d.Valid && f.Kind == model.Object {
				v = model.JSONObject(d.String)
			} else if d.Valid {
				v = d.String
			}
		}
		rec[f.Name] = v
	}
	for i, f := range s.aggs {
		ids := []int64{}
		if str := s.dest[len(s.cols)+i].(*sql.NullString); str.Valid && str.String != "" {
			for _, part := range strings.Split(str.String, ",") {
				id, err := strconv.ParseInt(part, 10, 64)
				if err != nil {
					return nil, fmt.Errorf("read %s: %w", f.Name, err)
				}
				ids = append(ids, id)
			}
		}
		rec[f.Name] = ids
	}
	return rec, nil
}

// Get reads one record.
func (db *DB) Get(ctx context.Context, res *model.Resource, id int64) (model.Record, error) {
	return get(ctx, db, db.reader(), res, id)
}

// Get reads one record inside the transaction.
func (tx *Tx) Get(ctx context.Context, res *model.Resource, id int64) (model.Record, error) {
	ctx = tx.ctx // see Tx: a transaction's work is not cancelled halfway
	return get(ctx, tx.db, tx.tx, res, id)
}

func get(ctx context.Context, db *DB, q querier, res *model.Resource, id int64) (model.Record, error) {
	row := q.QueryRowContext(ctx, "SELECT "+db.selectList(res)+" FROM "+res.Table+" WHERE id = $1", id)
	rec, err := newRowScanner(res).scan(row)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, ErrNotFound
	}
	if err != nil {
		return nil, fmt.Errorf("store: get %s %d: %w", res.Singular, id, err)
	}
	if err := loadChildren(ctx, q, res, []model.Record{rec}); err != nil {
		return nil, err
	}
	return rec, nil
}

// Create validates and stores a new record, returning it as stored.
func (db *DB) Create(ctx context.Context, res *model.Resource, rec model.Record) (out model.Record, err error) {
	err = db.Tx(ctx, func(tx *Tx) error {
		out, err = tx.Create(ctx, res, rec)
		return err
	})
	return out, err
}

// Update changes the fields given in patch, if version is still the record's version.
func (db *DB) Update(ctx context.Context, res *model.Resource, id, version int64, patch model.Record) (out model.Record, err error) {
	err = db.Tx(ctx, func(tx *Tx) error {
		out, err = tx.Update(ctx, res, id, version, patch)
		return err
	})
	return out, err
}

// Delete removes a record. A version of 0 deletes whatever version is stored.
func (db *DB) Delete(ctx context.Context, res *model.Resource, id, version int64) error {
	return db.Tx(ctx, func(tx *Tx) error { return tx.Delete(ctx, res, id, version) })
}

// defaults fills what a new record gets when the client leaves it out.
func defaults(res *model.Resource, rec model.Record) {
	for _, f := range res.Fields {
		if f.ReadOnly {
			continue
		}
		if _, ok := rec[f.Name]; ok && rec[f.Name] != nil {
			continue
		}
		switch {
		case f.Kind.Zero() != nil:
			rec[f.Name] = f.Kind.Zero()
		case f.Name == "breakdown":
			rec[f.Name] = ""
		case f.Name == "position":
			rec[f.Name] = int64(0)
		}
	}
}

// Create validates and stores a new record inside the transaction.
func (tx *Tx) Create(ctx context.Context, res *model.Resource, in model.Record) (model.Record, error) {
	ctx = tx.ctx // see Tx: a transaction's work is not cancelled halfway
	rec := maps.Clone(in)
	for _, f := range res.Fields {
		if f.ReadOnly {
			delete(rec, f.Name)
		}
	}
	defaults(res, rec)
	if err := tx.fill(res, nil, rec); err != nil {
		return nil, err
	}
	model.Normalize(res, rec)
	if err := tx.guard("create", res, nil, rec); err != nil {
		return nil, err
	}
	if err := model.Validate(res, rec); err != nil {
		return nil, err
	}
	if err := tx.checkRefs(ctx, res, rec, nil); err != nil {
		return nil, err
	}
	cols := columns(res)
	names := make([]string, 0, len(cols))
	args := make([]any, 0, len(cols))
	for _, f := range cols {
		switch f.Name {
		case "id":
			continue
		case "version":
			names, args = append(names, f.Name), append(args, int64(1))
		case "created_at", "updated_at":
			names, args = append(names, f.Name), append(args, tx.now)
		default:
			names, args = append(names, f.Name), append(args, rec[f.Name])
		}
	}
	for field, col := range tx.db.sortKeyColumns(res) {
		names, args = append(names, col), append(args, sortKeyValue(rec[field]))
	}
	q := "INSERT INTO " + res.Table + " (" + strings.Join(names, ", ") + ") VALUES (" + placeholders(1, len(names)) + ") RETURNING id"
	var id int64
	if err := tx.tx.QueryRowContext(ctx, q, args...).Scan(&id); err != nil {
		return nil, translate(res, 0, fmt.Errorf("store: create %s: %w", res.Singular, err))
	}
	if err := tx.saveChildren(ctx, res, id, rec, true); err != nil {
		return nil, err
	}
	if after := hooks[res].afterWrite; after != nil {
		if err := after(ctx, tx, id, nil, rec); err != nil {
			return nil, err
		}
	}
	if err := tx.index(res, id, rec); err != nil {
		return nil, err
	}
	out, err := tx.Get(ctx, res, id)
	if err != nil {
		return nil, err
	}
	return out, tx.audit(res, id, "create", nil, out)
}

// Update merges patch into the stored record and saves it, if version is current.
func (tx *Tx) Update(ctx context.Context, res *model.Resource, id, version int64, patch model.Record) (model.Record, error) {
	return tx.update(res, id, version, patch, nil)
}

// update is Update, with kept: read-only fields the store itself sets (a report's state,
// by a move), laid over the record after the patch.
func (tx *Tx) update(res *model.Resource, id, version int64, patch, kept model.Record) (model.Record, error) {
	ctx := tx.ctx // see Tx: a transaction's work is not cancelled halfway
	cur, err := tx.Get(ctx, res, id)
	if err != nil {
		return nil, err
	}
	rec := maps.Clone(cur)
	for k, v := range patch {
		if f, ok := res.Field(k); ok && !f.ReadOnly {
			rec[k] = v
		}
	}
	maps.Copy(rec, kept)
	if prepare := hooks[res].prepare; prepare != nil {
		prepare(cur, patch, rec)
	}
	defaults(res, rec)
	if err := tx.fill(res, cur, rec); err != nil {
		return nil, err
	}
	model.Normalize(res, rec)
	// Whether the change may be made at all comes first: a refusal must not show the
	// stored record (a draft, say) through a conflict.
	if err := tx.guard("update", res, cur, rec); err != nil {
		return nil, err
	}
	if cur.Version() != version {
		return nil, &ConflictError{Resource: res.Singular, ID: id, Given: version, Current: cur}
	}
	if err := model.Validate(res, rec); err != nil {
		return nil, err
	}
	if err := tx.checkRefs(ctx, res, rec, cur); err != nil {
		return nil, err
	}
	var sets []string
	var args []any
	for _, f := range columns(res) {
		switch f.Name {
		case "id", "version", "created_at":
			continue
		case "updated_at":
			args = append(args, tx.now)
		default:
			args = append(args, rec[f.Name])
		}
		sets = append(sets, f.Name+" = $"+strconv.Itoa(len(args)))
	}
	for field, col := range tx.db.sortKeyColumns(res) {
		args = append(args, sortKeyValue(rec[field]))
		sets = append(sets, col+" = $"+strconv.Itoa(len(args)))
	}
	args = append(args, id, version)
	q := "UPDATE " + res.Table + " SET " + strings.Join(sets, ", ") + ", version = version + 1 WHERE id = $" +
		strconv.Itoa(len(args)-1) + " AND version = $" + strconv.Itoa(len(args))
	r, err := tx.tx.ExecContext(ctx, q, args...)
	if err != nil {
		return nil, translate(res, id, fmt.Errorf("store: update %s %d: %w", res.Singular, id, err))
	}
	if n, _ := r.RowsAffected(); n != 1 {
		return nil, &ConflictError{Resource: res.Singular, ID: id, Given: version, Current: cur}
	}
	if err := tx.saveChildren(ctx, res, id, patch, false); err != nil {
		return nil, err
	}
	if after := hooks[res].afterWrite; after != nil {
		if err := after(ctx, tx, id, cur, rec); err != nil {
			return nil, err
		}
	}
	if err := tx.index(res, id, rec); err != nil {
		return nil, err
	}
	out, err := tx.Get(ctx, res, id)
	if err != nil {
		return nil, err
	}
	return out, tx.audit(res, id, "update", cur, out)
}

// Delete removes a record inside the transaction.
func (tx *Tx) Delete(ctx context.Context, res *model.Resource, id, version int64) error {
	ctx = tx.ctx // see Tx: a transaction's work is not cancelled halfway
	cur, err := tx.Get(ctx, res, id)
	if err != nil {
		return err
	}
	if err := tx.guard("delete", res, cur, nil); err != nil {
		return err
	}
	if version != 0 && cur.Version() != version {
		return &ConflictError{Resource: res.Singular, ID: id, Given: version, Current: cur}
	}
	if h := hooks[res].beforeDelete; h != nil {
		if err := h(ctx, tx, id, cur); err != nil {
			return err
		}
	}
	if _, err := tx.tx.ExecContext(ctx, "DELETE FROM "+res.Table+" WHERE id = $1", id); err != nil {
		return translate(res, id, fmt.Errorf("store: delete %s %d: %w", res.Singular, id, err))
	}
	return tx.audit(res, id, "delete", cur, nil)
}

// recordStatus appends to an action's status history.
func (tx *Tx) recordStatus(ctx context.Context, id int64, rec model.Record) error {
	_, err := tx.tx.ExecContext(ctx, "INSERT INTO action_status_history (action_id, changed_at, status, progress, note) VALUES ($1, $2, $3, $4, $5)",
		id, tx.now, rec["status"], rec["progress"], rec["status_note"])
	if err != nil {
		return fmt.Errorf("store: record status of action %d: %w", id, err)
	}
	return nil
}

// StatusChange is one entry of an action's status history.
type StatusChange struct {
	ChangedAt string   `json:"changed_at"`
	Status    string   `json:"status"`
	Progress  *float64 `json:"progress"`
	Note      string   `json:"status_note"` // why, as given with the change; "" when none was
}

// StatusHistory lists an action's status and progress changes, oldest first.
func (db *DB) StatusHistory(ctx context.Context, actionID int64) ([]StatusChange, error) {
	if _, err := db.Get(ctx, model.Actions, actionID); err != nil {
		return nil, err
	}
	rows, err := db.r.QueryContext(ctx, "SELECT changed_at, status, progress, COALESCE(note, '') FROM action_status_history WHERE action_id = $1 ORDER BY changed_at, id", actionID)
	if err != nil {
		return nil, fmt.Errorf("store: status history of action %d: %w", actionID, err)
	}
	defer rows.Close()
	out := []StatusChange{}
	for rows.Next() {
		var c StatusChange
		var p sql.NullFloat64
		if err := rows.Scan(&c.ChangedAt, &c.Status, &p, &c.Note); err != nil {
			return nil, err
		}
		if p.Valid {
			c.Progress = &p.Float64
		}
		out = append(out, c)
	}
	return out, rows.Err()
}

// checkRefs makes sure every id the record points to exists, so that the client hears
// which field is wrong instead of a bare foreign-key failure, and that the references agree
// with each other (consistent). Only changed references are checked on update.
func (tx *Tx) checkRefs(ctx context.Context, res *model.Resource, rec, cur model.Record) error {
	var errs []model.FieldError
	for _, f := range res.Fields {
		if f.ReadOnly || (f.Kind != model.Ref && f.Kind != model.RefList) {
			continue
		}
		var ids []int64
		switch v := rec[f.Name].(type) {
		case int64:
			ids = []int64{v}
		case []int64:
			ids = v
		}
		if len(ids) == 0 || (cur != nil && f.Kind.Equal(cur[f.Name], rec[f.Name])) {
			continue
		}
		target, _ := model.ByName(f.Ref)
		missing, err := tx.missingIDs(ctx, target.Table, ids)
		if err != nil {
			return err
		}
		for _, id := range missing {
			errs = append(errs, model.FieldError{Field: f.Name, Code: model.CodeUnknownRef,
				Message: fmt.Sprintf("there is no %s with id %d", target.Singular, id), Value: strconv.FormatInt(id, 10)})
		}
	}
	if len(errs) == 0 {
		var err error
		if errs, err = tx.consistent(ctx, res, rec, cur); err != nil {
			return err
		}
	}
	if len(errs) > 0 {
		return &model.ValidationError{Errors: errs}
	}
	return nil
}

func (tx *Tx) missingIDs(ctx context.Context, table string, ids []int64) ([]int64, error) {
	args := make([]any, len(ids))
	for i, id := range ids {
		args[i] = id
	}
	rows, err := tx.tx.QueryContext(ctx, "SELECT id FROM "+table+" WHERE id IN ("+placeholders(1, len(ids))+")", args...)
	if err != nil {
		return nil, fmt.Errorf("store: check ids in %s: %w", table, err)
	}
	defer rows.Close()
	found := map[int64]bool{}
	for rows.Next() {
		var id int64
		if err := rows.Scan(&id); err != nil {
			return nil, err
		}
		found[id] = true
	}
	var missing []int64
	for _, id := range ids {
		if !found[id] {
			missing = append(missing, id)
		}
	}
	return missing, rows.Err()
}

// placeholders writes $from, $from+1, … for n arguments.
func placeholders(from, n int) string {
	var b strings.Builder
	for i := 0; i < n; i++ {
		if i > 0 {
			b.WriteString(", ")
		}
		b.WriteByte('$')
		b.WriteString(strconv.Itoa(from + i))
	}
	return b.String()
}

// childTable is where a list field's rows are kept (see resourceHooks.children): the
// table, its column of the owner's id, and its columns of one entry, in the order of the
// kind's childKind.
type childTable struct {
	table, owner, cols string
}

// childKind is how the entries of a list kind are kept as child rows.
type childKind struct {
	// rows are the values of the child rows of a list, in the child table's column order.
	rows func(v any) [][]any
	// read reads one child row: the owner's id, then the entry.
	read func(sc interface{ Scan(...any) error }) (owner int64, entry any, err error)
	// add appends an entry that read gave to a list of the kind.
	add func(list, entry any) any
}

// listRows makes the childKind of lists of T: row gives an entry's values, scan reads one.
func listRows[T any](row func(T) []any, scan func(sc interface{ Scan(...any) error }, owner *int64) (T, error)) childKind {
	return childKind{
		rows: func(v any) [][]any {
			x, _ := v.([]T)
			out := make([][]any, len(x))
			for i, e := range x {
				out[i] = row(e)
			}
			return out
		},
		read: func(sc interface{ Scan(...any) error }) (int64, any, error) {
			var owner int64
			e, err := scan(sc, &owner)
			return owner, e, err
		},
		add: func(list, entry any) any { return append(list.([]T), entry.(T)) },
	}
}

var childKinds = map[model.Kind]childKind{
	model.RefList: listRows(func(id int64) []any { return []any{id} },
		func(sc interface{ Scan(...any) error }, owner *int64) (id int64, err error) {
			err = sc.Scan(owner, &id)
			return id, err
		}),
	model.Targets: listRows(func(t model.Target) []any { return []any{t.Year, t.Value} },
		func(sc interface{ Scan(...any) error }, owner *int64) (t model.Target, err error) {
			err = sc.Scan(owner, &t.Year, &t.Value)
			return t, err
		}),
	model.Populations: listRows(func(p model.Population) []any { return []any{p.Year, p.Value, p.Source} },
		func(sc interface{ Scan(...any) error }, owner *int64) (p model.Population, err error) {
			err = sc.Scan(owner, &p.Year, &p.Value, &p.Source)
			return p, err
		}),
	// Participations are only read (resourceHooks.shown); lead is null when not set.
	model.Participations: listRows(func(p model.ParticipantRef) []any { return []any{p.OrganisationID, p.Role, p.Lead} },
		func(sc interface{ Scan(...any) error }, owner *int64) (p model.ParticipantRef, err error) {
			var lead sql.NullBool
			err = sc.Scan(owner, &p.OrganisationID, &p.Role, &lead)
			p.Lead = lead.Bool
			return p, err
		}),
}

// saveChildren replaces the child rows of the fields present in rec (all of them when
// creating).
func (tx *Tx) saveChildren(ctx context.Context, res *model.Resource, id int64, rec model.Record, creating bool) error {
	for _, f := range res.Fields {
		ct, ok := hooks[res].children[f.Name]
		if !ok {
			continue
		}
		v, present := rec[f.Name]
		if !present && !creating {
			continue
		}
		if !creating {
			if _, err := tx.tx.ExecContext(ctx, "DELETE FROM "+ct.table+" WHERE "+ct.owner+" = $1", id); err != nil {
				return fmt.Errorf("store: replace %s of %s %d: %w", f.Name, res.Singular, id, err)
			}
		}
		for _, row := range childKinds[f.Kind].rows(v) {
			q := "INSERT INTO " + ct.table + " (" + ct.owner + ", " + ct.cols + ") VALUES (" + placeholders(1, len(row)+1) + ")"
			if _, err := tx.tx.ExecContext(ctx, q, append([]any{id}, row...)...); err != nil {
				return translate(res, id, fmt.Errorf("store: save %s of %s %d: %w", f.Name, res.Singular, id, err))
			}
		}
	}
	return nil
}

// loadChildren fills the list fields of the records, with one query per field.
func loadChildren(ctx context.Context, q querier, res *model.Resource, recs []model.Record) error {
	if len(recs) == 0 {
		return nil
	}
	byID := make(map[int64]model.Record, len(recs))
	args := make([]any, len(recs))
	for i, r := range recs {
		byID[r.ID()] = r
		args[i] = r.ID()
	}
	in := placeholders(1, len(args))
	for _, f := range res.Fields {
		if f.Column() || isAggregated(res, f) {
			continue
		}
		var query string
		if ct, ok := hooks[res].children[f.Name]; ok {
			query = "SELECT " + ct.owner + ", " + ct.cols + " FROM " + ct.table + " WHERE " + ct.owner + " IN (" + in + ") ORDER BY " + ct.owner + ", " + strings.SplitN(ct.cols, ",", 2)[0]
		} else if shown, ok := hooks[res].shown[f.Name]; ok {
			query = shown(in)
		} else {
			continue
		}
		for _, r := range recs {
			r[f.Name] = f.Kind.Zero()
		}
		rows, err := q.QueryContext(ctx, query, args...)
		if err != nil {
			return fmt.Errorf("store: load %s of %s: %w", f.Name, res.Name, err)
		}
		ck := childKinds[f.Kind]
		for rows.Next() {
			owner, entry, err := ck.read(rows)
			if err == nil {
				r := byID[owner]
				r[f.Name] = ck.add(r[f.Name], entry)
			}
			if err != nil {
				rows.Close()
				return fmt.Errorf("store: load %s of %s: %w", f.Name, res.Name, err)
			}
		}
		rows.Close()
		if err := rows.Err(); err != nil {
			return fmt.Errorf("store: load %s of %s: %w", f.Name, res.Name, err)
		}
	}
	return nil
}

// Count returns the number of records of the resource.
func (db *DB) Count(ctx context.Context, res *model.Resource) (int64, error) {
	var n int64
	if err := db.r.QueryRowContext(ctx, "SELECT COUNT(*) FROM "+res.Table).Scan(&n); err != nil {
		return 0, fmt.Errorf("store: count %s: %w", res.Name, err)
	}
	return n, nil
}

// Keys maps each record's natural key (Resource.Key) to its id.
func (db *DB) Keys(ctx context.Context, res *model.Resource) (map[string]int64, error) {
	return keys(ctx, db.r, res)
}

// Keys maps each record's natural key to its id, inside the transaction.
func (tx *Tx) Keys(ctx context.Context, res *model.Resource) (map[string]int64, error) {
	ctx = tx.ctx // see Tx: a transaction's work is not cancelled halfway
	return keys(ctx, tx.tx, res)
}

func keys(ctx context.Context, q querier, res *model.Resource) (map[string]int64, error) {
	if res.Key == "" {
		return nil, fmt.Errorf("store: %s has no natural key", res.Name)
	}
	rows, err := q.QueryContext(ctx, "SELECT "+res.Key+", id FROM "+res.Table)
	if err != nil {
		return nil, fmt.Errorf("store: keys of %s: %w", res.Name, err)
	}
	defer rows.Close()
	out := map[string]int64{}
	for rows.Next() {
		var k string
		var id int64
		if err := rows.Scan(&k, &id); err != nil {
			return nil, err
		}
		out[k] = id
	}
	return out, rows.Err()
}

// IDKeys maps each record's id to its natural key.
func (db *DB) IDKeys(ctx context.Context, res *model.Resource) (map[int64]string, error) {
	m, err := db.Keys(ctx, res)
	if err != nil {
		return nil, err
	}
	out := make(map[int64]string, len(m))
	for k, id := range m {
		out[id] = k
	}
	return out, nil
}

// sortable reports whether a list may be sorted by the field.
func sortable(res *model.Resource, field string) bool {
	return field == "" || field == "id" || slices.Contains(res.Sorts, field)
}
