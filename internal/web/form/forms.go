package form

import (
	"fmt"
	"math"
	"net/url"
	"regexp"
	"slices"
	"strconv"
	"strings"

	"klimaspor/internal/i18n"
	"klimaspor/internal/model"
	"klimaspor/internal/web/page"
)

// Edit forms are driven by the model's field descriptors: a record's values are written into
// form values (numbers in the reader's locale), posted form values are parsed back into a
// patch for the store, and the store's field errors are translated and put next to the
// fields. A resource's own form only says which fields it shows and which options they offer.

// formGroup is a named group of checkboxes inside a field, such as a parent theme with its
// sub-themes.
type formGroup struct {
	Legend  string
	Options []page.Option
}

// formField is one control of an edit form, ready for the template.
type formField struct {
	Name, ID, Label string
	// Control is how the field is shown: text, textarea, decimal, year, date, select,
	// checkbox or multiselect (a list of choices with several chosen: one tab stop, where
	// a box per choice made saving an action take 242 presses of Tab).
	Control   string
	Value     string
	Checked   bool
	Required  bool
	MaxLen    int
	Hint      string
	Error     string
	Options   []page.Option // select, checkboxes
	Groups    []formGroup   // multiselect: the choices in groups
	Size      int           // multiselect: how many lines the list shows
	Rows      []targetRow   // targets: one row per target, and blank rows to add more
	FirstID   string        // the id the error summary links to
	Described string        // the ids of the hint and the error, for aria-describedby
}

// targetRow is one target (a year and a value) of an indicator's form.
type targetRow struct {
	N               int // counted from 1, for the labels
	Year, Value     string
	YearID, ValueID string
}

// maxListLines is how many lines a multiselect shows at once; it scrolls beyond that.
const maxListLines = 10

// blankTargets is how many empty rows a targets field offers for new targets.
const blankTargets = 2

// conflictRow is one field whose stored value differs from the user's.
type conflictRow struct {
	Label, Theirs, Yours string
}

// formSpec says how one field of a resource is edited.
type formSpec struct {
	Field   model.Field
	Control string
	Options []page.Option // select: the choices (without "choose")
	Groups  []formGroup   // checkboxes: the choices in groups
	Hint    string
}

// formSpecs prepares the specs of the named fields of res, with the control each field's kind
// calls for; options are the choices of the select and checkbox fields by name.
func formSpecs(l i18n.Localizer, res *model.Resource, names []string, options map[string][]page.Option, groups map[string][]formGroup) ([]formSpec, error) {
	var out []formSpec
	for _, n := range names {
		f, ok := res.Field(n)
		if !ok || f.ReadOnly {
			return nil, fmt.Errorf("form: %s has no editable field %q", res.Name, n)
		}
		sp := formSpec{Field: f, Options: options[n], Groups: groups[n]}
		fk, ok := formKinds[f.Kind]
		if !ok {
			return nil, fmt.Errorf("web: field %s.%s cannot be edited in a form", res.Name, n)
		}
		sp.Control = fk.control(f)
		if fk.hint != nil {
			sp.Hint = fk.hint(l, f)
		}
		out = append(out, sp)
	}
	return out, nil
}

// recordValues writes a record's fields as form values, numbers in the reader's locale.
func recordValues(l i18n.Localizer, specs []formSpec, rec model.Record) url.Values {
	v := url.Values{}
	for _, sp := range specs {
		if w := formKinds[sp.Field.Kind].values; w != nil {
			w(l, sp.Field.Name, rec[sp.Field.Name], v)
			continue
		}
		v[sp.Field.Name] = formatValue(l, rec[sp.Field.Name])
	}
	return v
}

// formatValue writes one value as form values.
func formatValue(l i18n.Localizer, x any) []string {
	switch x := x.(type) {
	case nil:
		return nil
	case string:
		if x == "" {
			return nil
		}
		return []string{x}
	case int64:
		return []string{strconv.FormatInt(x, 10)}
	case float64:
		return []string{formNumber(l.Lang, x)}
	case bool:
		if x {
			return []string{"1"}
		}
		return nil
	case []model.Target:
		out := make([]string, len(x))
		for i, t := range x {
			out[i] = strconv.FormatInt(t.Year, 10) + ": " + formNumber(l.Lang, t.Value)
		}
		return out
	case []int64:
		out := make([]string, len(x))
		for i, id := range x {
			out[i] = strconv.FormatInt(id, 10)
		}
		slices.Sort(out)
		return out
	}
	return []string{fmt.Sprint(x)}
}

// formNumber writes a number for an input: all its digits, no grouping, and the locale's
// decimal mark ("12,5" in Danish).
func formNumber(lang i18n.Lang, x float64) string {
	s := strconv.FormatFloat(x, 'f', -1, 64)
	if lang == i18n.Danish {
		s = strings.Replace(s, ".", ",", 1)
	}
	return s
}

var plainNumber = regexp.MustCompile(`^[+-]?(\d+(\.\d*)?|\.\d+)$`)

// parseNumber reads a number written in the reader's locale. Danish uses a decimal comma and
// dots to group thousands ("1.234,5"), but a lone point is read as a decimal point too
// ("12.5"); English uses a point and commas to group. Spaces are ignored.
func parseNumber(lang i18n.Lang, s string) (float64, bool) {
	s = strings.Map(func(r rune) rune {
		switch r {
		case ' ', '\u00a0', '\u202f', '\t':
			return -1
		case '\u2212': // minus sign
			return '-'
		}
		return r
	}, s)
	comma, dot := strings.Count(s, ","), strings.Count(s, ".")
	switch {
	case lang == i18n.Danish && comma == 1:
		s = strings.Replace(strings.ReplaceAll(s, ".", ""), ",", ".", 1)
	case lang == i18n.Danish && comma == 0 && dot > 1:
		s = strings.ReplaceAll(s, ".", "")
	case lang != i18n.Danish && comma == 1 && dot == 0 && !regexp.MustCompile(`,\d{3}$`).MatchString(s):
		s = strings.Replace(s, ",", ".", 1) // a decimal comma, as in "12,5"
	case lang != i18n.Danish && dot <= 1:
		s = strings.ReplaceAll(s, ",", "")
	}
	if !plainNumber.MatchString(s) {
		return 0, false
	}
	x, err := strconv.ParseFloat(s, 64)
	if err != nil || math.IsInf(x, 0) || math.IsNaN(x) {
		return 0, false
	}
	return x, true
}

// parseForm reads the posted values of the specs' fields into a patch for the store. A value
// that cannot be read at all (a number that is not a number) is left out of the patch and
// reported as a field error; the store's validation reports everything else.
func parseForm(l i18n.Localizer, specs []formSpec, form url.Values) (model.Record, []model.FieldError) {
	patch := model.Record{}
	var errs []model.FieldError
	for _, sp := range specs {
		f := sp.Field
		x, ok := formKinds[f.Kind].read(l, f, form)
		if !ok {
			errs = append(errs, model.FieldError{Field: f.Name, Code: model.CodeType, Value: strings.TrimSpace(form.Get(f.Name))})
			continue
		}
		patch[f.Name] = x
	}
	return patch, errs
}

// parseTargets reads the rows of a targets field: a year and a value on each row, rows left
// blank skipped, in the order of the years.
func parseTargets(l i18n.Localizer, years, values []string) ([]model.Target, bool) {
	out := []model.Target{}
	for i := range max(len(years), len(values)) {
		y, v := "", ""
		if i < len(years) {
			y = strings.TrimSpace(years[i])
		}
		if i < len(values) {
			v = strings.TrimSpace(values[i])
		}
		if y == "" && v == "" {
			continue
		}
		year, err := strconv.ParseInt(y, 10, 64)
		x, ok := parseNumber(l.Lang, v)
		if err != nil || !ok {
			return nil, false
		}
		out = append(out, model.Target{Year: year, Value: x})
	}
	slices.SortStableFunc(out, func(a, b model.Target) int { return int(a.Year - b.Year) })
	return out, true
}

// fieldMessage translates a field error into a message for the reader.
func fieldMessage(l i18n.Localizer, f model.Field, fe model.FieldError) string {
	if msg := formKinds[f.Kind].messages[fe.Code]; msg != nil {
		return msg(l)
	}
	switch fe.Code {
	case model.CodeRange:
		if f.Kind == model.String {
			max := f.MaxLen
			if max == 0 {
				max = 4000
			}
			return l.T("validation.too_long", l.Int(int64(max)))
		}
		num := func(x float64) string {
			if f.Kind == model.Int {
				return strconv.FormatInt(int64(x), 10) // years read without grouping
			}
			return l.Number(x, 0)
		}
		switch {
		case f.Min != nil && f.Max != nil:
			return l.T("validation.out_of_range", num(*f.Min), num(*f.Max))
		case f.Min != nil:
			return l.T("form.at_least", num(*f.Min))
		case f.Max != nil:
			return l.T("form.at_most", num(*f.Max))
		}
	case model.CodeRule:
		if key := "form.rule." + f.Name; i18n.Has(key) {
			return l.T(key)
		}
	}
	if key := "validation." + fe.Code; i18n.Has(key) {
		return l.T(key)
	}
	return l.T("validation.rule")
}

// formState is an edit form as the template shows it.
type formState struct {
	Action   string // where the form posts to
	Reload   string // the form afresh, with the stored values: "keep theirs" in a conflict
	Legend   string // the form's heading
	Version  int64
	Fields   []formField
	Errors   []page.FormError // the error summary
	Conflict []conflictRow
	Stale    bool // someone else saved first; Conflict lists how the versions differ
}

// buildFields prepares the controls from the specs, the values to show and the field errors.
func buildFields(l i18n.Localizer, res *model.Resource, specs []formSpec, values url.Values, errs []model.FieldError) ([]formField, []page.FormError) {
	byField := map[string][]string{}
	var summary []page.FormError
	var orphans []model.FieldError
	for _, fe := range errs {
		f, ok := res.Field(fe.Field)
		if !ok || !hasSpec(specs, fe.Field) {
			orphans = append(orphans, fe)
			continue
		}
		byField[fe.Field] = append(byField[fe.Field], fieldMessage(l, f, fe))
	}
	var out []formField
	for _, sp := range specs {
		f := sp.Field
		ff := formField{Name: f.Name, ID: "f-" + f.Name, Label: l.Field(res.Name, f.Name), Control: sp.Control,
			Value: values.Get(f.Name), Required: f.Required, MaxLen: f.MaxLen, Hint: sp.Hint}
		ff.FirstID = ff.ID
		chosen := values[f.Name]
		switch sp.Control {
		case "select":
			ff.Options = append([]page.Option{{Value: "", Label: l.T("form.choose")}}, sp.Options...)
			for i := range ff.Options {
				ff.Options[i].Selected = ff.Options[i].Value == ff.Value
			}
		case "checkbox":
			ff.Checked = ff.Value != ""
		case "targets":
			years, vals := values[f.Name+".year"], values[f.Name+".value"]
			for i := range max(len(years), len(vals)) + blankTargets {
				row := targetRow{N: i + 1, YearID: fmt.Sprintf("%s-%d-aar", ff.ID, i+1), ValueID: fmt.Sprintf("%s-%d-vaerdi", ff.ID, i+1)}
				if i < len(years) {
					row.Year = years[i]
				}
				if i < len(vals) {
					row.Value = vals[i]
				}
				ff.Rows = append(ff.Rows, row)
			}
			ff.FirstID = ff.Rows[0].YearID
		case "multiselect":
			mark := func(opts []page.Option) []page.Option {
				out := slices.Clone(opts)
				for i := range out {
					out[i].ID = ff.ID + "-" + out[i].Value
					out[i].Selected = slices.Contains(chosen, out[i].Value)
				}
				return out
			}
			ff.Options = mark(sp.Options)
			for _, g := range sp.Groups {
				ff.Groups = append(ff.Groups, formGroup{Legend: g.Legend, Options: mark(g.Options)})
			}
			n := len(ff.Options)
			for _, g := range ff.Groups {
				n += len(g.Options) + 1 // the group's heading takes a line too
			}
			ff.Size = min(n, maxListLines)
		}
		var described []string
		if ff.Hint != "" {
			described = append(described, ff.ID+"-hjaelp")
		}
		if msgs := byField[f.Name]; len(msgs) > 0 {
			ff.Error = strings.Join(msgs, " ")
			described = append(described, ff.ID+"-fejl")
			summary = append(summary, page.FormError{ID: ff.FirstID, Label: ff.Label, Message: ff.Error})
		}
		ff.Described = strings.Join(described, " ")
		out = append(out, ff)
	}
	for _, fe := range orphans {
		// An error on a field the form does not show (a rule of the database, say) still
		// belongs in the summary; it links to the top of the form.
		summary = append(summary, page.FormError{ID: "f-" + specs[0].Field.Name, Label: l.T("form.whole_form"), Message: l.T("validation." + codeOr(fe.Code))})
	}
	return out, summary
}

func codeOr(code string) string {
	if i18n.Has("validation." + code) {
		return code
	}
	return model.CodeRule
}

func hasSpec(specs []formSpec, name string) bool {
	for _, sp := range specs {
		if sp.Field.Name == name {
			return true
		}
	}
	return false
}

// displayValue shows a field's form values for reading, with the options' labels.
func displayValue(l i18n.Localizer, ff formField, values []string) string {
	var out []string
	labelOf := func(v string) string {
		for _, o := range ff.Options {
			if o.Value == v {
				return strings.TrimSpace(strings.ReplaceAll(o.Label, "\u00a0", " "))
			}
		}
		for _, g := range ff.Groups {
			for _, o := range g.Options {
				if o.Value == v {
					return o.Label
				}
			}
		}
		return v
	}
	switch ff.Control {
	case "checkbox":
		if len(values) > 0 && values[0] != "" {
			return l.T("common.yes")
		}
		return l.T("common.no")
	case "select", "multiselect":
		for _, v := range values {
			if v != "" {
				out = append(out, labelOf(v))
			}
		}
	default:
		for _, v := range values {
			if v = strings.TrimSpace(v); v != "" {
				out = append(out, v)
			}
		}
	}
	if len(out) == 0 {
		return l.T("common.not_given")
	}
	return strings.Join(out, ", ")
}

// conflictRows lists the fields whose stored values differ from the user's patch.
func conflictRows(l i18n.Localizer, fields []formField, specs []formSpec, current, patch model.Record) []conflictRow {
	var rows []conflictRow
	for i, sp := range specs {
		name := sp.Field.Name
		theirs, yours := formatValue(l, current[name]), formatValue(l, patch[name])
		if sp.Field.Kind == model.String {
			theirs, yours = formatValue(l, strings.TrimSpace(current.Str(name))), formatValue(l, strings.TrimSpace(patch.Str(name)))
		}
		if slices.Equal(theirs, yours) {
			continue
		}
		rows = append(rows, conflictRow{Label: fields[i].Label, Theirs: displayValue(l, fields[i], theirs), Yours: displayValue(l, fields[i], yours)})
	}
	return rows
}
