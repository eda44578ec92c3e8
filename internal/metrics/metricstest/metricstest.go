// Package metricstest reads /metrics as Prometheus does, with its text parser, for tests.
package metricstest

import (
	"io"
	"net/http"
	"strings"
	"testing"

	dto "github.com/prometheus/client_model/go"
	"github.com/prometheus/common/expfmt"
	"github.com/prometheus/common/model"
)

// Families are the metric families of one scrape, by name.
type Families map[string]*dto.MetricFamily

// Parse reads the text format; a scrape Prometheus could not read fails the test.
func Parse(t testing.TB, r io.Reader) Families {
	t.Helper()
	p := expfmt.NewTextParser(model.UTF8Validation)
	fams, err := p.TextToMetricFamilies(r)
	if err != nil {
		t.Fatalf("the metrics do not parse: %v", err)
	}
	return fams
}

// Scrape gets url (a /metrics address) and parses it.
func Scrape(t testing.TB, url string) Families {
	t.Helper()
	resp, err := http.Get(url)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	if resp.StatusCode != http.StatusOK || !strings.HasPrefix(resp.Header.Get("Content-Type"), "text/plain") {
		t.Fatalf("GET %s: %s, %s", url, resp.Status, resp.Header.Get("Content-Type"))
	}
	return Parse(t, resp.Body)
}

// Value is the value of the series of name with (at least) the labels given as name, value
// pairs: a counter's or gauge's value, a histogram's count. Several series that match are
// added up. ok is false when none matches.
func (f Families) Value(name string, labels ...string) (v float64, ok bool) {
	fam := f[name]
	if fam == nil {
		return 0, false
	}
	for _, m := range fam.GetMetric() {
		if !has(m, labels) {
			continue
		}
		ok = true
		switch {
		case m.Counter != nil:
			v += m.Counter.GetValue()
		case m.Gauge != nil:
			v += m.Gauge.GetValue()
		case m.Histogram != nil:
			v += float64(m.Histogram.GetSampleCount())
		case m.Untyped != nil:
			v += m.Untyped.GetValue()
		}
	}
	return v, ok
}

// LabelValues lists the values the label takes in the family's series.
func (f Families) LabelValues(name, label string) []string {
	var out []string
	if fam := f[name]; fam != nil {
		for _, m := range fam.GetMetric() {
			for _, l := range m.GetLabel() {
				if l.GetName() == label {
					out = append(out, l.GetValue())
				}
			}
		}
	}
	return out
}

func has(m *dto.Metric, labels []string) bool {
	for i := 0; i+1 < len(labels); i += 2 {
		found := false
		for _, l := range m.GetLabel() {
			if l.GetName() == labels[i] && l.GetValue() == labels[i+1] {
				found = true
			}
		}
		if !found {
			return false
		}
	}
	return true
}

// Want is one series' expected value: name, its labels as name, value pairs, and the value.
type Want struct {
	Name   string
	Labels []string
	Value  float64
}

// Expect reports each wanted series that is missing or has another value.
func (f Families) Expect(t testing.TB, wants ...Want) {
	t.Helper()
	for _, w := range wants {
		if got, ok := f.Value(w.Name, w.Labels...); !ok || got != w.Value {
			t.Errorf("%s%v = %v (found %v), want %v", w.Name, w.Labels, got, ok, w.Value)
		}
	}
}

// W is the Want of the series of name with the labels (name, value pairs).
func W(name string, value float64, labels ...string) Want {
	return Want{Name: name, Labels: labels, Value: value}
}
