package sheet

import (
	"context"
	"errors"
	"fmt"
	"io"
	"strings"
	"unicode/utf8"

	"klimaspor/internal/model"
	"klimaspor/internal/store"
)

// Indicator values come in hundreds of thousands, so they skip the record-by-record path:
// the file is read twice, first to check every row (nothing is kept but what finds
// duplicates), then, if it is clean, to write it in batches inside one transaction. The
// checks are those of model.Normalize and model.Validate for an indicator value, done by
// hand; boxed values (ids, periods, breakdowns) are shared between rows.

// value columns, by position in vcols.
const (
	vIndicator = iota
	vOrganisation
	vPeriod
	vBreakdown
	vValue
	vSource
	vNote
	vVintage
	vExample
	nValueCols
)

var vnames = [nValueCols]string{"indicator_id", "organisation_id", "period", "breakdown", "value", "source", "note", "vintage", "example"}

// valueBatch is how many rows go to the store at a time.
const valueBatch = 5000

type keyEntry struct {
	idx   int32 // dense number, for finding duplicates
	boxed any   // the id as int64
}

type periodEntry struct {
	idx                int32
	canon, kind, year  any
	reason             string
	canonText, rawText string
}

type internEntry struct {
	idx   int32
	boxed any
}

// dupKey identifies a value: indicator, organisation, period and breakdown.
type dupKey struct{ ind, org, period, breakdown int32 }

type valueParser struct {
	dec       decimal
	checkUTF8 bool
	pos       [nValueCols]int // file position of each column, or -1
	header    [nValueCols]string
	fields    [nValueCols]model.Field
	inds      map[string]keyEntry
	orgs      map[string]keyEntry
	periods   map[string]*periodEntry // by the text as written
	canon     map[string]int32        // canonical period -> idx
	breakdown map[string]internEntry
	kinds     map[string]any
	years     map[int64]any
}

// valueRow is one parsed row, its values boxed for a model.Record.
type valueRow struct {
	key                                 dupKey
	ind, org, period, kind, year, bd    any
	value, source, note, vintage, exmpl any
}

func newValueParser(ctx context.Context, db *store.DB, lay *layout, in *input) (*valueParser, error) {
	p := &valueParser{dec: in.decimal, checkUTF8: in.format == CSV, periods: map[string]*periodEntry{}, canon: map[string]int32{},
		breakdown: map[string]internEntry{}, kinds: map[string]any{}, years: map[int64]any{}}
	for v, name := range vnames {
		p.pos[v] = -1
		f, _ := model.IndicatorValues.Field(name)
		p.fields[v] = f
		p.header[v] = f.Sheet
		for i, c := range lay.cols {
			if c.field.Name == name && lay.pos[i] >= 0 {
				p.pos[v] = lay.pos[i]
				p.header[v] = lay.headers[lay.pos[i]]
			}
		}
	}
	var err error
	if p.inds, err = keyEntries(ctx, db, model.Indicators); err != nil {
		return nil, err
	}
	if p.orgs, err = keyEntries(ctx, db, model.Organisations); err != nil {
		return nil, err
	}
	return p, nil
}

func keyEntries(ctx context.Context, db *store.DB, res *model.Resource) (map[string]keyEntry, error) {
	keys, err := db.Keys(ctx, res)
	if err != nil {
		return nil, err
	}
	out := make(map[string]keyEntry, len(keys))
	for k, id := range keys {
		out[k] = keyEntry{idx: int32(len(out)), boxed: id}
	}
	return out, nil
}

func (p *valueParser) cell(cells []string, v int) string {
	i := p.pos[v]
	if i < 0 || i >= len(cells) {
		return ""
	}
	return cells[i]
}

// text returns a trimmed optional text cell (nil if empty), checked like model.Validate.
func (p *valueParser) text(cells []string, v int, row int, errs *errList) (any, bool) {
	raw := p.cell(cells, v)
	s := strings.TrimSpace(raw)
	if s == "" {
		return nil, true
	}
	if reason := p.checkText(v, s); reason != "" {
		errs.add(row, p.header[v], raw, reason)
		return nil, false
	}
	return s, true
}

func (p *valueParser) checkText(v int, s string) string {
	if p.checkUTF8 && !utf8.ValidString(s) {
		return notUTF8
	}
	if problem := model.TextProblem(s); problem != "" {
		return problem // named here by its cell, before the store would refuse the batch
	}
	max := p.fields[v].MaxLen
	if max == 0 {
		max = 4000
	}
	if len(s) > max {
		if n := utf8.RuneCountInString(s); n > max {
			return fmt.Sprintf("is %d characters long; at most %d are allowed", n, max)
		}
	}
	return ""
}

func (p *valueParser) ref(cells []string, v int, m map[string]keyEntry, res *model.Resource, row int, errs *errList) (keyEntry, bool) {
	raw := p.cell(cells, v)
	k := strings.TrimSpace(raw)
	if e, ok := m[k]; ok {
		return e, true
	}
	switch {
	case k == "":
		if p.pos[v] >= 0 {
			errs.add(row, p.header[v], "", "a value is required")
		}
	case p.checkUTF8 && !utf8.ValidString(k):
		errs.add(row, p.header[v], raw, notUTF8)
	default:
		errs.add(row, p.header[v], raw, fmt.Sprintf("no %s has the %s %q", res.Singular, res.Key, k))
	}
	return keyEntry{}, false
}

func (p *valueParser) period(raw string) *periodEntry {
	if e, ok := p.periods[raw]; ok {
		return e
	}
	e := &periodEntry{rawText: raw}
	s := strings.TrimSpace(raw)
	switch {
	case s == "":
		e.reason = "a value is required"
	case p.checkUTF8 && !utf8.ValidString(s):
		e.reason = notUTF8
	default:
		info, err := model.ParsePeriod(s)
		if err != nil {
			e.reason = err.Error()
			break
		}
		idx, ok := p.canon[info.Canonical]
		if !ok {
			idx = int32(len(p.canon))
			p.canon[info.Canonical] = idx
		}
		e.idx, e.canon, e.canonText = idx, info.Canonical, info.Canonical
		if e.kind = p.kinds[info.Kind]; e.kind == nil {
			e.kind = info.Kind
			p.kinds[info.Kind] = e.kind
		}
		if e.year = p.years[info.Year]; e.year == nil {
			e.year = info.Year
			p.years[info.Year] = e.year
		}
	}
	if len(p.periods) < 100000 {
		p.periods[strings.Clone(raw)] = e
	}
	return e
}

// parse reads one data row. It reports every problem of the row and returns false if
// there was one.
func (p *valueParser) parse(cells []string, row int, errs *errList, out *valueRow) bool {
	before := errs.n()
	ind, okInd := p.ref(cells, vIndicator, p.inds, model.Indicators, row, errs)
	org, okOrg := p.ref(cells, vOrganisation, p.orgs, model.Organisations, row, errs)
	per := p.period(p.cell(cells, vPeriod))
	if per.reason != "" && p.pos[vPeriod] >= 0 {
		errs.add(row, p.header[vPeriod], per.rawText, per.reason)
	}

	// breakdown: "" is the total; never null.
	bdRaw := p.cell(cells, vBreakdown)
	bd := strings.TrimSpace(bdRaw)
	be, ok := p.breakdown[bd]
	if !ok {
		if reason := p.checkText(vBreakdown, bd); reason != "" {
			errs.add(row, p.header[vBreakdown], bdRaw, reason)
		} else {
			be = internEntry{idx: int32(len(p.breakdown)), boxed: strings.Clone(bd)}
			p.breakdown[be.boxed.(string)] = be
		}
	}

	vRaw := p.cell(cells, vValue)
	var value any
	if isBlank(vRaw) {
		if p.pos[vValue] >= 0 {
			errs.add(row, p.header[vValue], "", "a value is required")
		}
	} else if x, reason := parseFloat(vRaw, p.dec); reason != "" {
		errs.add(row, p.header[vValue], vRaw, reason)
	} else {
		value = x
	}

	source, _ := p.text(cells, vSource, row, errs)
	note, _ := p.text(cells, vNote, row, errs)

	var vintage any
	if raw := p.cell(cells, vVintage); !isBlank(raw) {
		if p.checkUTF8 && !utf8.ValidString(raw) {
			errs.add(row, p.header[vVintage], raw, notUTF8)
		} else if d, reason := parseDate(raw, p.dec); reason != "" {
			errs.add(row, p.header[vVintage], raw, reason)
		} else {
			vintage = d
		}
	}

	var example any
	if raw := p.cell(cells, vExample); raw != "" {
		b, reason := parseBool(raw)
		if reason != "" {
			errs.add(row, p.header[vExample], raw, reason)
		}
		example = b
	}

	if errs.n() != before || !okInd || !okOrg || per.reason != "" || value == nil {
		return false
	}
	*out = valueRow{
		key: dupKey{ind.idx, org.idx, per.idx, be.idx},
		ind: ind.boxed, org: org.boxed, period: per.canon, kind: per.kind, year: per.year, bd: be.boxed,
		value: value, source: source, note: note, vintage: vintage, exmpl: example,
	}
	return true
}

func (r *valueRow) fill(rec model.Record) {
	rec["indicator_id"] = r.ind
	rec["organisation_id"] = r.org
	rec["period"] = r.period
	rec["period_kind"] = r.kind
	rec["period_year"] = r.year
	rec["breakdown"] = r.bd
	rec["value"] = r.value
	rec["source"] = r.source
	rec["note"] = r.note
	rec["vintage"] = r.vintage
	if r.exmpl == nil {
		rec["example"] = false
	} else {
		rec["example"] = r.exmpl
	}
}

// importValues checks the whole file, then upserts it in one transaction.
func importValues(ctx context.Context, db *store.DB, res *model.Resource, in *input) (Result, error) {
	out := Result{Kind: res.Name}
	p, lay, n, err := checkValues(ctx, db, res, in)
	out.Rows = n
	if err != nil || n == 0 {
		return out, err
	}
	// Pass 2: write.
	before, err := db.Count(ctx, res)
	if err != nil {
		return out, err
	}
	err = db.Tx(ctx, func(tx *store.Tx) error {
		if int64(n) < before {
			return writeValues(ctx, tx, res, in, lay, p)
		}
		// At least as many rows as are stored: building the secondary indexes once
		// afterwards, by a sort, is cheaper than inserting into them row by row.
		return tx.WithoutValueIndexes(func() error { return writeValues(ctx, tx, res, in, lay, p) })
	})
	if err != nil {
		return out, err
	}
	after, err := db.Count(ctx, res)
	if err != nil {
		return out, err
	}
	out.Created = int(max(0, min(int64(n), after-before)))
	out.Updated = n - out.Created
	return out, nil
}

// writeValues is the second pass: it parses the rows again, in a goroutine of its own, and
// hands them to the store in batches. Two sets of batch records are reused in turn, so
// that parsing one batch overlaps writing the previous one.
func writeValues(ctx context.Context, tx *store.Tx, res *model.Resource, in *input, lay *layout, p *valueParser) error {
	src, err := in.rows()
	if err != nil {
		return err
	}
	free := make(chan []model.Record, 2)
	full := make(chan []model.Record, 1)
	for range 2 {
		b := make([]model.Record, valueBatch)
		for i := range b {
			b[i] = make(model.Record, 12)
		}
		free <- b
	}
	done := make(chan struct{})
	var perr error // the parser's error; read after full is closed
	go func() {
		defer close(full)
		defer src.close()
		var errs errList
		var row valueRow
		if _, _, err := src.next(); err != nil { // the header
			perr = err
			return
		}
		batch, k := <-free, 0
		send := func() bool {
			select {
			case full <- batch[:k]:
			case <-done:
				return false
			}
			select {
			case batch = <-free:
			case <-done:
				return false
			}
			k = 0
			return true
		}
		for {
			cells, line, err := src.next()
			if err == io.EOF {
				break
			}
			if err != nil {
				perr = err
				return
			}
			if !lay.checkStray(cells, line, &errs) {
				continue
			}
			if !p.parse(cells, line, &errs, &row) {
				perr = fmt.Errorf("sheet: row %d changed between reads: %v", line, errs.err(res.Name))
				return
			}
			row.fill(batch[k])
			k++
			if k == len(batch) && !send() {
				return
			}
		}
		if k > 0 {
			send()
		}
	}()
	var werr error
	for b := range full {
		if werr != nil {
			continue // let the parser finish
		}
		if werr = ctx.Err(); werr == nil {
			werr = tx.UpsertValues(ctx, b)
		}
		if werr != nil {
			close(done)
			continue
		}
		free <- b[:cap(b)]
	}
	if werr != nil {
		return werr
	}
	return perr
}

// sourceError reports a malformed file as an ImportError.
func sourceError(err error, errs *errList, res *model.Resource) error {
	var ce *CellError
	if errors.As(err, &ce) {
		errs.add(ce.Row, ce.Column, ce.Value, ce.Reason)
		return errs.err(res.Name)
	}
	return err
}

// checkValues is the first pass over indicator values: it parses and checks every row and
// returns the number of data rows, or an *ImportError.
func checkValues(ctx context.Context, db *store.DB, res *model.Resource, in *input) (*valueParser, *layout, int, error) {
	var errs errList
	src, err := in.rows()
	if err != nil {
		return nil, nil, 0, err
	}
	defer src.close()
	header, hrow, err := src.next()
	if err == io.EOF || (err == nil && !in.nonEmpty) {
		errs.add(1, "", "", "the file is empty; the first row must name the columns")
		return nil, nil, 0, errs.err(res.Name)
	}
	if err != nil {
		return nil, nil, 0, sourceError(err, &errs, res)
	}
	lay := readHeader(res, header, hrow, &errs)
	p, err := newValueParser(ctx, db, lay, in)
	if err != nil {
		return nil, nil, 0, err
	}
	seen := map[dupKey]int32{}
	var row valueRow
	n := 0
	for {
		if n&1023 == 0 && ctx.Err() != nil {
			return nil, nil, n, ctx.Err()
		}
		cells, line, err := src.next()
		if err == io.EOF {
			break
		}
		if err != nil {
			return nil, nil, n, sourceError(err, &errs, res)
		}
		if !lay.checkStray(cells, line, &errs) {
			continue
		}
		n++
		if !p.parse(cells, line, &errs, &row) {
			continue
		}
		if first, dup := seen[row.key]; dup {
			errs.add(line, "", "", fmt.Sprintf("row %d has a value for the same %s, %s, %s and %s", first,
				p.header[vIndicator], p.header[vOrganisation], p.header[vPeriod], p.header[vBreakdown]))
			continue
		}
		seen[row.key] = int32(line)
	}
	if errs.n() > 0 {
		return nil, nil, n, errs.err(res.Name)
	}
	return p, lay, n, nil
}
