// Package search is the site's full-text search (issue 15, C8): what a document of each
// searchable type is, how a query is read, how a match is ranked and how its snippet is
// highlighted. It is plain functions over typed values; internal/store keeps the index
// (search_docs, migration 00031) and asks the database only for candidates, so that the
// score is computed here, the same on SQLite and PostgreSQL (decision 65).
//
// Text goes through internal/textsearch, the one Danish analyser, both when indexed and
// when asked for: tokens, stop words, folding (æ → ae, ø → oe, å → aa) and the Snowball
// Danish stemmer, so "klimaplanerne" finds "klimaplan" and "groen" finds "grøn".
package search

import (
	"html"
	"math"
	"sort"
	"strings"

	"klimaspor/internal/model"
	"klimaspor/internal/textsearch"
)

// Version is the analyser's version as the index was built with it. Raise it whenever
// textsearch or Index changes what a text's terms are: the store then rebuilds the index
// from the rows when it migrates (store.Migrate).
const Version = 1

// Type is a searchable resource, by the resource's name.
type Type string

// The searchable types, in the order the site search shows them.
const (
	Library    Type = "library-items"
	Actions    Type = "actions"
	Projects   Type = "projects"
	Indicators Type = "indicators"
)

// Types lists the searchable types in the site search's order.
var Types = []Type{Library, Actions, Projects, Indicators}

// Resource is the type's resource descriptor.
func (t Type) Resource() *model.Resource {
	res, _ := model.ByName(string(t))
	return res
}

// TypeOf is the search type of a resource, if it is searched.
func TypeOf(res *model.Resource) (Type, bool) {
	for _, t := range Types {
		if t.Resource() == res {
			return t, true
		}
	}
	return "", false
}

// The fields' weights: a term in the title counts three times one in the body, one in the
// summary twice.
const (
	TitleWeight   = 3
	SummaryWeight = 2
	BodyWeight    = 1
)

// Source names the columns of a type's table that make its document: each field is the
// columns' texts joined.
type Source struct {
	Title, Summary, Body []string
}

// Sources are the searched types' columns.
var Sources = map[Type]Source{
	Library:    {Title: []string{"title", "title_en"}, Summary: []string{"summary"}, Body: []string{"body"}},
	Actions:    {Title: []string{"title", "title_en"}, Summary: []string{"status_note"}, Body: []string{"description"}},
	Projects:   {Title: []string{"name_da", "name_en", "code"}, Body: []string{"description"}},
	Indicators: {Title: []string{"name_da", "name_en", "code"}, Body: []string{"description", "method"}},
}

// Columns lists every column of the type's source, title first.
func (s Source) Columns() []string {
	return append(append(append([]string{}, s.Title...), s.Summary...), s.Body...)
}

// Doc is one searchable record's text, by field.
type Doc struct {
	Title, Summary, Body string
}

// DocOf is the document of a record of type t.
func DocOf(t Type, rec model.Record) Doc {
	s := Sources[t]
	join := func(cols []string) string {
		var parts []string
		for _, c := range cols {
			if v := rec.Str(c); v != "" {
				parts = append(parts, v)
			}
		}
		return strings.Join(parts, "\n")
	}
	return Doc{Title: join(s.Title), Summary: join(s.Summary), Body: join(s.Body)}
}

// Indexed is a document as the index keeps it: each field's terms, space-separated, and
// the document's weighted length in terms.
type Indexed struct {
	Title, Summary, Body string
	Length               int
}

// Index analyses a document.
func Index(d Doc) Indexed {
	t, s, b := textsearch.Analyze(d.Title), textsearch.Analyze(d.Summary), textsearch.Analyze(d.Body)
	return Indexed{Title: strings.Join(t, " "), Summary: strings.Join(s, " "), Body: strings.Join(b, " "),
		Length: TitleWeight*len(t) + SummaryWeight*len(s) + BodyWeight*len(b)}
}

// Terms is every term of the indexed document, the text the engines' full-text indexes see.
func (ix Indexed) Terms() string {
	return strings.TrimSpace(ix.Title + " " + ix.Summary + " " + ix.Body)
}

// Term is one term of a query: a stem, or with Prefix, the start of terms.
type Term struct {
	Text   string
	Prefix bool
}

// Query is a parsed query: every term must match (AND), or with Any, at least one (the
// store's fallback when no record has every term).
type Query struct {
	Terms []Term
	Any   bool
}

// CompoundMin is the shortest term that also finds the compounds it begins: Danish joins
// words ("plast" → "plastaffald", "samkørsel" → "samkørselskampagnen"), so a word searched
// for also matches as the first part of a longer word, at CompoundWeight of a whole-word
// match. Shorter terms ("bil", "el") would begin too many unrelated words.
const (
	CompoundMin    = 4
	CompoundWeight = 0.5
)

// compound reports whether the term also matches as a prefix (of compounds).
func (t Term) compound() bool { return !t.Prefix && len(t.Text) >= CompoundMin }

// weight is how much an indexed term counts for the query term: 1 for a match, CompoundWeight
// for a compound beginning with it, 0 for none.
func (t Term) weight(term string) float64 {
	switch {
	case t.Matches(term):
		return 1
	case t.compound() && strings.HasPrefix(term, t.Text):
		return CompoundWeight
	}
	return 0
}

// MaxTerms bounds a query's terms; the rest are ignored.
const MaxTerms = 12

// Parse reads a query as people type it: words, any inflection, with or without the Danish
// letters ("groen omstilling"), a word ending in * a prefix ("klima*"). Stop words are
// dropped unless given as a prefix. Quotes and other punctuation separate words; phrases
// are not searched as phrases.
func Parse(s string) Query {
	var q Query
	seen := map[Term]bool{}
	for _, word := range strings.Fields(s) {
		prefix := strings.HasSuffix(word, "*")
		toks := textsearch.Tokenize(word)
		for i, tok := range toks {
			var t Term
			if prefix && i == len(toks)-1 {
				t = Term{Text: textsearch.Stem(textsearch.Fold(tok)), Prefix: true}
			} else {
				t = Term{Text: textsearch.Term(tok)}
			}
			if t.Text == "" || seen[t] {
				continue
			}
			seen[t] = true
			q.Terms = append(q.Terms, t)
			if len(q.Terms) == MaxTerms {
				return q
			}
		}
	}
	return q
}

// Empty reports whether the query asks for nothing.
func (q Query) Empty() bool { return len(q.Terms) == 0 }

// Matches reports whether an indexed term matches the query term.
func (t Term) Matches(term string) bool {
	if t.Prefix {
		return strings.HasPrefix(term, t.Text)
	}
	return term == t.Text
}

// FTS5 is the term as an SQLite FTS5 query: a quoted string, * for a prefix (and for the
// compounds of a long enough term). Terms are
// runs of letters and digits, so the quotes need no escaping; any quote is doubled anyway.
func (t Term) FTS5() string {
	s := `"` + strings.ReplaceAll(t.Text, `"`, `""`) + `"`
	if t.Prefix || t.compound() {
		s += "*"
	}
	return s
}

// TSQuery is the term as a PostgreSQL tsquery of the 'simple' configuration: a quoted
// lexeme, :* for a prefix (and for the compounds of a long enough term).
func (t Term) TSQuery() string {
	s := "'" + strings.ReplaceAll(t.Text, "'", "''") + "'"
	if t.Prefix || t.compound() {
		s += ":*"
	}
	return s
}

// FTS5 is the whole query for SQLite's MATCH: every term (with Any, one of them).
func (q Query) FTS5() string { return q.join(Term.FTS5, " AND ", " OR ") }

// TSQuery is the whole query for PostgreSQL's to_tsquery('simple', …): every term (with
// Any, one of them).
func (q Query) TSQuery() string { return q.join(Term.TSQuery, " & ", " | ") }

// join writes each term with term and joins them with and, or with or for Any.
func (q Query) join(term func(Term) string, and, or string) string {
	parts := make([]string, len(q.Terms))
	for i, t := range q.Terms {
		parts[i] = term(t)
	}
	if q.Any {
		return strings.Join(parts, or)
	}
	return strings.Join(parts, and)
}

// Stats are the collection's figures a score needs, per type: its documents, their summed
// weighted length, and for each query term the documents that have it. Both engines count
// them exactly, so the scores agree.
type Stats struct {
	Docs   int64
	Length int64
	DF     []int64 // by query term
}

// BM25's constants, the usual ones.
const (
	k1 = 1.2
	b  = 0.75
)

// Score is a document's BM25F score for the query: per query term, the term's weighted
// frequency in the document (title ×3, summary ×2, body ×1; a compound beginning with the
// term counts CompoundWeight), saturated and normalised by the document's length against
// the average, times the term's inverse document frequency (df counts the documents the
// engines' index finds for the term alone, compounds included).
func Score(q Query, ix Indexed, st Stats) float64 {
	if st.Docs == 0 {
		return 0
	}
	avg := float64(st.Length) / float64(st.Docs)
	if avg == 0 {
		avg = 1
	}
	fields := [3]struct {
		terms  string
		weight float64
	}{{ix.Title, TitleWeight}, {ix.Summary, SummaryWeight}, {ix.Body, BodyWeight}}
	var score float64
	for i, qt := range q.Terms {
		tf := 0.0
		for _, f := range fields {
			// The terms are space-separated; walked without splitting them into a slice.
			rest := f.terms
			for rest != "" {
				var term string
				term, rest, _ = strings.Cut(rest, " ")
				if term != "" && strings.HasPrefix(term, qt.Text) {
					tf += qt.weight(term) * f.weight
				}
			}
		}
		if tf == 0 {
			continue
		}
		df := float64(st.DF[i])
		idf := math.Log(1 + (float64(st.Docs)-df+0.5)/(df+0.5))
		norm := k1 * (1 - b + b*float64(ix.Length)/avg)
		score += idf * tf * (k1 + 1) / (tf + norm)
	}
	return score
}

// Scored is a document's id and score.
type Scored struct {
	ID    int64
	Score float64
}

// Rank orders scored documents best first, equal scores by id.
func Rank(s []Scored) {
	sort.Slice(s, func(i, j int) bool {
		if s[i].Score != s[j].Score {
			return s[i].Score > s[j].Score
		}
		return s[i].ID < s[j].ID
	})
}

// matchesWord reports whether a word as written (one or more tokens) has a token whose
// term matches a query term.
func (q Query) matchesWord(word string) bool {
	for _, tok := range textsearch.Tokenize(word) {
		term := textsearch.Stem(textsearch.Fold(tok))
		for _, qt := range q.Terms {
			if qt.weight(term) > 0 || (!qt.Prefix && textsearch.Term(tok) == qt.Text) {
				return true
			}
		}
	}
	return false
}

// SnippetWords is how many words a snippet shows.
const SnippetWords = 30

// Snippet is the stretch of text of about n words with the most matching words, as HTML:
// escaped, each matching word in <mark>, an ellipsis where text was cut. Markdown's marks
// (#, *, _, >, `) are left out. Without a query it is the text's first n words.
func Snippet(text string, q Query, n int) string {
	words := strings.Fields(stripMarkdown(text))
	if len(words) == 0 {
		return ""
	}
	hit := make([]bool, len(words))
	for i, w := range words {
		hit[i] = !q.Empty() && q.matchesWord(w)
	}
	start, best := 0, -1
	for s := 0; s == 0 || s+n <= len(words); s++ {
		c := 0
		for i := s; i < min(s+n, len(words)); i++ {
			if hit[i] {
				c++
			}
		}
		if c > best {
			start, best = s, c
		}
		if s+n >= len(words) {
			break
		}
	}
	// Start a little before the first match, so that it has some context.
	if best > 0 {
		for i := start; i < len(words); i++ {
			if hit[i] {
				start = max(0, min(i-3, len(words)-n))
				break
			}
		}
	}
	end := min(start+n, len(words))
	var sb strings.Builder
	if start > 0 {
		sb.WriteString("… ")
	}
	for i := start; i < end; i++ {
		if i > start {
			sb.WriteByte(' ')
		}
		w := html.EscapeString(words[i])
		if hit[i] {
			sb.WriteString("<mark>" + w + "</mark>")
		} else {
			sb.WriteString(w)
		}
	}
	if end < len(words) {
		sb.WriteString(" …")
	}
	return sb.String()
}

// Highlight is the whole (short) text as HTML, matching words in <mark>: for titles.
func Highlight(text string, q Query) string {
	return Snippet(text, q, len(strings.Fields(text))+1)
}

// stripMarkdown leaves out Markdown's marks around words (**fed**, `kode`, [link]) and words
// that are only marks (#, >, -), keeping any other text as written.
func stripMarkdown(s string) string {
	var out []string
	for _, w := range strings.Fields(s) {
		if strings.Trim(w, "#>-*_`") == "" {
			continue
		}
		out = append(out, strings.Trim(w, "*_`[]#"))
	}
	return strings.Join(out, " ")
}
