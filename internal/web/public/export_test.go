package public

import "klimaspor/internal/model"

// What the external tests (package public_test, which run through the whole server) reach
// inside the package: the limits the pages keep.

const (
	ActionsPerPage    = actionsPerPage
	MaxSectorActions  = maxSectorActions
	MaxMuniIndicators = maxMuniIndicators
)

// ByID indexes records by id.
func ByID(recs []model.Record) map[int64]model.Record { return byID(recs) }
