// Package textsearch is Klimaspor's Danish text analysis: the one way text is turned into
// terms, so that what is indexed and what is asked for meet. The theme suggestions (issue
// 13) compare actions' texts with it, and the site search (issue 15) is to index and query
// with it, so both treat "klimaplanerne" and "klimaplan" alike.
//
// Analyze, step by step:
//  1. Tokens are runs of letters and digits (Unicode: æ, ø, å, é are letters); everything
//     else separates. A hyphenated compound ("el-biler") gives its parts.
//  2. Lower-casing (Unicode).
//  3. Stop words (the Snowball project's Danish list, a short and well-known one, and the
//     commonest English function words that are not also Danish words) are dropped, and so
//     are single letters.
//  4. Folding: æ → ae, ø → oe, å → aa, é/è → e. People without a Danish keyboard type
//     "Aarhus", "groen", "baeredygtig"; folding the Danish letters to these typed forms,
//     rather than the other way round, keeps words whose "aa" or "oe" is no Danish letter
//     intact: "klimaaftale" (klima+aftale) would become "klimåftale" by aa → å, and a
//     prefix klima* would no longer find it; "koefficient" would become "køfficient". A
//     Danish word written both ways folds to the same string, so a false match needs two
//     different words that differ only in æ/ae, ø/oe or å/aa, which Danish hardly has.
//  5. The Snowball Danish stemmer (github.com/blevesearch/snowballstem/danish) strips the
//     inflection. It runs after folding, so both spellings of a word reach it as the same
//     string and get the same stem; its few rules that name æ, ø or å (the suffix "løst",
//     "å" before a final s) then rarely apply, which costs little.
package textsearch

import (
	"strings"
	"unicode"

	snowball "github.com/blevesearch/snowballstem"
	"github.com/blevesearch/snowballstem/danish"
)

// Analyze turns text into its terms, in the order they occur (repeats kept: a caller
// counting term frequencies needs them).
func Analyze(text string) []string {
	var out []string
	for _, tok := range Tokenize(text) {
		if t := Term(tok); t != "" {
			out = append(out, t)
		}
	}
	return out
}

// Tokenize splits text into lower-cased tokens: runs of letters and digits.
func Tokenize(text string) []string {
	return strings.FieldsFunc(strings.ToLower(text), func(r rune) bool {
		return !unicode.IsLetter(r) && !unicode.IsDigit(r)
	})
}

// Term is one lower-cased token's term: "" for a stop word or a single letter, else the
// folded stem.
func Term(tok string) string {
	if stopWords[tok] {
		return ""
	}
	if n := len([]rune(tok)); n < 2 && !isDigits(tok) {
		return ""
	}
	return Stem(Fold(tok))
}

// Fold writes the Danish letters as they are typed without them: æ → ae, ø → oe, å → aa,
// and é/è → e (idé, entré). It expects lower case.
func Fold(s string) string {
	if !strings.ContainsAny(s, "æøåéè") {
		return s
	}
	return folder.Replace(s)
}

var folder = strings.NewReplacer("æ", "ae", "ø", "oe", "å", "aa", "é", "e", "è", "e")

// Stem is the Snowball Danish stem of a lower-case word.
func Stem(word string) string {
	env := snowball.NewEnv(word)
	danish.Stem(env)
	return env.Current()
}

func isDigits(s string) bool {
	for _, r := range s {
		if !unicode.IsDigit(r) {
			return false
		}
	}
	return s != ""
}

// stopWords is the Snowball project's Danish stop word list
// (snowballstem.org/algorithms/danish/stop.txt), lower case and unfolded: tokens are
// compared before folding.
var stopWords = func() map[string]bool {
	m := map[string]bool{}
	for _, w := range strings.Fields(`og i jeg det at en den til er som på de med han af for ikke der var mig sig men et har om vi min havde
		ham hun nu over da fra du ud sin dem os op man hans hvor eller hvad skal selv her alle vil blev kunne ind når være dog noget
		ville jo deres efter ned skulle denne end dette mit også under have dig anden hende mine alt meget sit sine vor mod disse
		hvis din nogle hos blive mange ad bliver hendes været thi jer sådan`) {
		m[w] = true
	}
	// Actions may be written in English (a plan's language, such as København's): the
	// commonest English function words are dropped too, or they would make any two English
	// texts look alike. Left out are those that are Danish words as well: "by" (a town),
	// "it" (IT), "is", "to", "at", "i", "for", "under", "over", "man".
	for _, w := range strings.Fields(`the of and in on with from as or an are be was were has have had this that these those its
		their our will shall can into than then also such which who not no all any each per via incl`) {
		m[w] = true
	}
	return m
}()
