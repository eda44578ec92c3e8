package gen

import (
	"bufio"
	"fmt"
	"io"
	"strconv"
	"strings"

	"klimaspor/internal/model"
)

// valueColumns are the indicator-value fields of the CSV, in order; the headers are their
// Danish sheet names.
var valueColumns = []string{"indicator_id", "organisation_id", "period", "breakdown", "value", "source", "note", "vintage", "example"}

// ValuesHeader is the header row WriteValuesCSV writes, e.g.
// indikator;organisation;periode;opdeling;vaerdi;kilde;note;udgivet;eksempel.
func ValuesHeader() []string {
	out := make([]string, len(valueColumns))
	for i, name := range valueColumns {
		f, ok := model.IndicatorValues.Field(name)
		if !ok || f.Sheet == "" {
			panic("gen: indicator values have no sheet column " + name)
		}
		out[i] = f.Sheet
	}
	return out
}

// WriteValuesCSV writes the first rows indicator values of the data set cfg describes (all
// of them when rows <= 0) as a CSV file that `klimaspor import --kind indicator-values`
// reads: Danish Excel style (UTF-8 with byte order mark, ";" between cells, decimal comma,
// CRLF), indicators and organisations by code. It is meant for a database generated with
// the same cfg but Years = 0 (no values yet). It returns the number of rows written.
func WriteValuesCSV(w io.Writer, cfg Config, rows int) (int, error) {
	if err := cfg.check(); err != nil {
		return 0, err
	}
	l := newLayout(cfg)
	bw := bufio.NewWriterSize(w, 1<<16)
	bw.WriteString("\xef\xbb\xbf" + strings.Join(ValuesHeader(), ";") + "\r\n")
	vintages := make([]string, cfg.Years)
	for y := range vintages {
		vintages[y] = vintage(cfg.FirstYear + y)
	}
	source := cell(valueSource)
	n := 0
	var num []byte
	for v := range l.values() {
		if rows > 0 && n >= rows {
			break
		}
		bw.WriteString(l.indicators[v.ind].code)
		bw.WriteByte(';')
		bw.WriteString(l.munis[v.muni].code)
		bw.WriteByte(';')
		num = strconv.AppendInt(num[:0], int64(v.year), 10)
		bw.Write(num)
		bw.WriteByte(';')
		if v.part >= 0 {
			bw.WriteString(cell(l.indicators[v.ind].parts[v.part]))
		}
		bw.WriteByte(';')
		num = strconv.AppendFloat(num[:0], v.value, 'f', -1, 64)
		for i, c := range num {
			if c == '.' {
				num[i] = ','
			}
		}
		bw.Write(num)
		bw.WriteByte(';')
		bw.WriteString(source)
		bw.WriteString(";;") // no note
		bw.WriteString(vintages[v.year-cfg.FirstYear])
		bw.WriteString(";ja\r\n")
		n++
	}
	if err := bw.Flush(); err != nil {
		return n, fmt.Errorf("gen: write values: %w", err)
	}
	return n, nil
}

// cell quotes a CSV cell when it must be.
func cell(s string) string {
	if strings.ContainsAny(s, ";\"\r\n") {
		return `"` + strings.ReplaceAll(s, `"`, `""`) + `"`
	}
	return s
}
