package sheet

import (
	"cmp"
	"context"
	"fmt"
	"io"
	"slices"

	"klimaspor/internal/model"
	"klimaspor/internal/store"
)

// Export writes every record of the kind as a CSV or XLSX file that Import reads back.
// Records with a natural key are ordered by it, others by id.
func Export(ctx context.Context, db *store.DB, kind, format string, w io.Writer) error {
	return ExportFor(ctx, db, kind, format, w, model.ListQuery{AllDrafts: true})
}

// ExportFor exports what a reader may see: the drafts of vis (its view of drafts, as
// auth.Principal.Drafts sets it; see model.ListQuery) and everything published that no
// hidden draft holds.
func ExportFor(ctx context.Context, db *store.DB, kind, format string, w io.Writer, vis model.ListQuery) error {
	res, err := lookupKind(kind)
	if err != nil {
		return err
	}
	if format, err = checkFormat(format); err != nil {
		return err
	}
	cols := columnsOf(res)
	keys := map[string]map[int64]string{}
	for _, c := range cols {
		f := c.field
		if f.Kind != model.Ref && f.Kind != model.RefList {
			continue
		}
		if _, ok := keys[f.Ref]; ok {
			continue
		}
		target, _ := model.ByName(f.Ref)
		m, err := db.IDKeys(ctx, target)
		if err != nil {
			return err
		}
		keys[f.Ref] = m
	}
	headers := make([]string, len(cols))
	for i, c := range cols {
		headers[i] = c.header
	}
	sw, err := NewWriter(w, format, Layout{Sheet: res.Name, Widths: widths(cols)}, headers)
	if err != nil {
		return err
	}
	enc := &encoder{cols: cols, keys: keys, dec: decComma, cells: make([]Cell, len(cols))}
	write := func(rec model.Record) error {
		cells, err := enc.row(rec)
		if err != nil {
			return err
		}
		return sw.Row(cells)
	}
	if res.Key != "" {
		recs, err := listAll(ctx, db, res, vis)
		if err != nil {
			return err
		}
		slices.SortFunc(recs, func(a, b model.Record) int {
			return cmp.Or(cmp.Compare(a.Str(res.Key), b.Str(res.Key)), cmp.Compare(a.ID(), b.ID()))
		})
		for _, rec := range recs {
			if err := write(rec); err != nil {
				return err
			}
		}
	} else {
		cursor := ""
		for {
			q := vis // the reader's view of drafts, whole
			q.Limit, q.Cursor = listPage, cursor
			page, err := db.List(ctx, res, q)
			if err != nil {
				return err
			}
			for _, rec := range page.Items {
				if err := write(rec); err != nil {
					return err
				}
			}
			if page.NextCursor == "" {
				break
			}
			cursor = page.NextCursor
		}
	}
	return sw.Close()
}

// encoder turns records into cells: texts, whole and decimal numbers.
type encoder struct {
	cols  []column
	keys  map[string]map[int64]string
	dec   decimal
	cells []Cell
}

func (e *encoder) key(f model.Field, id int64) (string, error) {
	k, ok := e.keys[f.Ref][id]
	if !ok {
		return "", fmt.Errorf("sheet: %s refers to %s %d, which has no key", f.Name, f.Ref, id)
	}
	return k, nil
}

func (e *encoder) row(rec model.Record) ([]Cell, error) {
	for i, c := range e.cols {
		v := rec[c.field.Name]
		var out Cell
		switch x := v.(type) {
		case nil:
		case int64:
			if c.field.Kind == model.Ref {
				k, err := e.key(c.field, x)
				if err != nil {
					return nil, err
				}
				out = Text(k)
			} else {
				out = Int(x)
			}
		case float64:
			out = Number(x, -1)
		case string:
			out = Text(x)
		case bool:
			out = Text(formatBool(x))
		case []int64:
			keys := make([]string, len(x))
			for j, id := range x {
				k, err := e.key(c.field, id)
				if err != nil {
					return nil, err
				}
				keys[j] = k
			}
			slices.Sort(keys)
			out = Text(joinList(keys))
		case []model.Target:
			ts := slices.Clone(x)
			slices.SortFunc(ts, func(a, b model.Target) int { return cmp.Compare(a.Year, b.Year) })
			out = Text(formatTargets(ts, e.dec))
		case []model.Population:
			ps := slices.Clone(x)
			slices.SortFunc(ps, func(a, b model.Population) int { return cmp.Compare(a.Year, b.Year) })
			counts, sources := formatPopulations(ps, e.dec)
			out = Text(counts)
			if c.source {
				out = Text(sources)
			}
		default:
			return nil, fmt.Errorf("sheet: cannot write %s of type %T", c.field.Name, v)
		}
		e.cells[i] = out
	}
	return e.cells, nil
}

// widths are the XLSX columns' widths, by their kinds.
func widths(cols []column) []float64 {
	ws := make([]float64, len(cols))
	for i, c := range cols {
		ws[i] = float64(max(len(c.header)+2, 10))
		switch c.field.Kind {
		case model.String:
			if c.field.MaxLen == 0 || c.field.MaxLen > 200 {
				ws[i] = 30
			}
		case model.Populations, model.RefList, model.Targets:
			ws[i] = 20
		}
	}
	return ws
}
