package themesuggest

import "testing"

// BenchmarkNationalScale builds the profiles from 19,600 labelled actions (the national
// scale of gen: 98 municipalities × 200 actions) and suggests for 20 unthemed ones, as one
// GET /api/v1/theme-suggestions does.
func BenchmarkNationalScale(b *testing.B) {
	var lab []Action
	for len(lab) < 19600 {
		lab = append(lab, labelled...)
	}
	lab = lab[:19600]
	un := make([]Action, 20)
	for i := range un {
		un[i] = Action{ID: int64(i), Title: labelled[i%len(labelled)].Title, Description: labelled[i%len(labelled)].Description}
	}
	for b.Loop() {
		SuggestAll(themes, lab, un, nil, Options{})
	}
}
