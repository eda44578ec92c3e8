package store

import (
	"slices"
	"testing"

	"klimaspor/internal/model"
)

// Every list field is kept somewhere: in a child table of its resource's hooks or read from
// another table (shown), and each such hook names a field of the right kind. A list field
// added to a descriptor without a hook would otherwise be dropped silently on every write.
func TestEveryListFieldHasAHook(t *testing.T) {
	for _, res := range model.All {
		h := hooks[res]
		for _, f := range res.Fields {
			if f.Column() {
				continue
			}
			_, child := h.children[f.Name]
			_, shown := h.shown[f.Name]
			if child == shown {
				t.Errorf("%s.%s: want exactly one of a child table and a shown query (child %v, shown %v)", res.Name, f.Name, child, shown)
			}
			if _, ok := childKinds[f.Kind]; !ok {
				t.Errorf("%s.%s: kind %d has no childKind", res.Name, f.Name, f.Kind)
			}
		}
		for name := range h.children {
			if f, ok := res.Field(name); !ok || f.Column() {
				t.Errorf("%s: child table for %q, which is not a list field", res.Name, name)
			}
		}
		for name := range h.shown {
			if f, ok := res.Field(name); !ok || f.Column() || !f.ReadOnly {
				t.Errorf("%s: shown query for %q, which is not a read-only list field", res.Name, name)
			}
		}
	}
	for res := range hooks {
		if !slices.Contains(model.All, res) {
			t.Errorf("hooks has %s, which is not in model.All", res.Name)
		}
	}
}
