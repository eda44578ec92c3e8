package sheet

import (
	"bufio"
	"cmp"
	"context"
	"encoding/csv"
	"fmt"
	"io"
	"slices"
	"strconv"

	"github.com/xuri/excelize/v2"

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
	var sw sheetWriter
	if format == CSV {
		sw = newCSVWriter(w)
	} else {
		if sw, err = newXLSXWriter(w, res.Name, cols); err != nil {
			return err
		}
	}
	headers := make([]any, len(cols))
	for i, c := range cols {
		headers[i] = c.header
	}
	if err := sw.header(headers); err != nil {
		return err
	}
	enc := &encoder{cols: cols, keys: keys, dec: decComma, cells: make([]any, len(cols))}
	write := func(rec model.Record) error {
		cells, err := enc.row(rec)
		if err != nil {
			return err
		}
		return sw.row(cells)
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
	return sw.close()
}

// encoder turns records into cells: strings, int64 and float64 (nil for empty).
type encoder struct {
	cols  []column
	keys  map[string]map[int64]string
	dec   decimal
	cells []any
}

func (e *encoder) key(f model.Field, id int64) (string, error) {
	k, ok := e.keys[f.Ref][id]
	if !ok {
		return "", fmt.Errorf("sheet: %s refers to %s %d, which has no key", f.Name, f.Ref, id)
	}
	return k, nil
}

func (e *encoder) row(rec model.Record) ([]any, error) {
	for i, c := range e.cols {
		v := rec[c.field.Name]
		var out any
		switch x := v.(type) {
		case nil:
		case int64:
			if c.field.Kind == model.Ref {
				k, err := e.key(c.field, x)
				if err != nil {
					return nil, err
				}
				out = k
			} else {
				out = x
			}
		case float64:
			out = x
		case string:
			out = x
		case bool:
			out = formatBool(x)
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
			out = joinList(keys)
		case []model.Target:
			ts := slices.Clone(x)
			slices.SortFunc(ts, func(a, b model.Target) int { return cmp.Compare(a.Year, b.Year) })
			out = formatTargets(ts, e.dec)
		case []model.Population:
			ps := slices.Clone(x)
			slices.SortFunc(ps, func(a, b model.Population) int { return cmp.Compare(a.Year, b.Year) })
			counts, sources := formatPopulations(ps, e.dec)
			out = counts
			if c.source {
				out = sources
			}
		default:
			return nil, fmt.Errorf("sheet: cannot write %s of type %T", c.field.Name, v)
		}
		if s, ok := out.(string); ok && s == "" {
			out = nil
		}
		e.cells[i] = out
	}
	return e.cells, nil
}

type sheetWriter interface {
	header(cells []any) error
	row(cells []any) error
	close() error
}

// csvWriter writes what Danish Excel writes: BOM, ";", CRLF, decimal comma.
type csvWriter struct {
	bw     *bufio.Writer
	cw     *csv.Writer
	fields []string
}

func newCSVWriter(w io.Writer) *csvWriter {
	bw := bufio.NewWriterSize(w, 64<<10)
	cw := csv.NewWriter(bw)
	cw.Comma = ';'
	cw.UseCRLF = true
	return &csvWriter{bw: bw, cw: cw}
}

func (c *csvWriter) header(cells []any) error {
	if _, err := c.bw.WriteString(bom); err != nil {
		return err
	}
	return c.row(cells)
}

func (c *csvWriter) row(cells []any) error {
	c.fields = c.fields[:0]
	for _, v := range cells {
		var s string
		switch x := v.(type) {
		case string:
			s = neutralise(x)
		case int64:
			s = strconv.FormatInt(x, 10)
		case float64:
			s = formatFloat(x, decComma)
		}
		c.fields = append(c.fields, s)
	}
	return c.cw.Write(c.fields)
}

func (c *csvWriter) close() error {
	c.cw.Flush()
	if err := c.cw.Error(); err != nil {
		return err
	}
	return c.bw.Flush()
}

// xlsxWriter streams one sheet.
type xlsxWriter struct {
	w    io.Writer
	f    *excelize.File
	sw   *excelize.StreamWriter
	bold int
	n    int
}

func newXLSXWriter(w io.Writer, name string, cols []column) (*xlsxWriter, error) {
	f := excelize.NewFile()
	if err := f.SetSheetName("Sheet1", name); err != nil {
		f.Close()
		return nil, fmt.Errorf("sheet: xlsx: %w", err)
	}
	sw, err := f.NewStreamWriter(name)
	if err != nil {
		f.Close()
		return nil, fmt.Errorf("sheet: xlsx: %w", err)
	}
	bold, err := f.NewStyle(&excelize.Style{Font: &excelize.Font{Bold: true}})
	if err != nil {
		f.Close()
		return nil, fmt.Errorf("sheet: xlsx: %w", err)
	}
	for i, c := range cols {
		width := float64(max(len(c.header)+2, 10))
		switch c.field.Kind {
		case model.String:
			if c.field.MaxLen == 0 || c.field.MaxLen > 200 {
				width = 30
			}
		case model.Populations, model.RefList, model.Targets:
			width = 20
		}
		if err := sw.SetColWidth(i+1, i+1, width); err != nil {
			f.Close()
			return nil, fmt.Errorf("sheet: xlsx: %w", err)
		}
	}
	if err := sw.SetPanes(&excelize.Panes{Freeze: true, YSplit: 1, TopLeftCell: "A2", ActivePane: "bottomLeft"}); err != nil {
		f.Close()
		return nil, fmt.Errorf("sheet: xlsx: %w", err)
	}
	return &xlsxWriter{w: w, f: f, sw: sw, bold: bold}, nil
}

func (x *xlsxWriter) header(cells []any) error {
	x.n = 1
	return x.sw.SetRow("A1", cells, excelize.RowOpts{StyleID: x.bold})
}

func (x *xlsxWriter) row(cells []any) error {
	x.n++
	if x.n > excelize.TotalRows {
		return fmt.Errorf("sheet: more than %d rows do not fit in an xlsx sheet; export csv", excelize.TotalRows-1)
	}
	cell, err := excelize.CoordinatesToCellName(1, x.n)
	if err != nil {
		return err
	}
	return x.sw.SetRow(cell, cells)
}

func (x *xlsxWriter) close() error {
	defer x.f.Close()
	if err := x.sw.Flush(); err != nil {
		return fmt.Errorf("sheet: xlsx: %w", err)
	}
	if err := x.f.Write(x.w); err != nil {
		return fmt.Errorf("sheet: xlsx: %w", err)
	}
	return nil
}
