package api

import (
	"testing"

	"klimaspor/internal/model"
)

// Every field kind has its schema in the document: a kind added to the model without one
// fails here, not when a resource first uses it.
func TestEveryKindHasASchema(t *testing.T) {
	for _, k := range model.Kinds() {
		if kindSchemas[k] == nil {
			t.Errorf("kind %d has no schema in kindSchemas", k)
		}
	}
}
