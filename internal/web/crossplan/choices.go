package crossplan

import (
	"context"
	"net/url"

	"klimaspor/internal/coverage/gather"
	"klimaspor/internal/i18n"
	"klimaspor/internal/web/page"
)

// The reference groups as other pages offer them (the peer comparison,
// internal/web/peers): the same choices as /paa-tvaers's form and the same reading of the
// chosen value, so that every kind of group the overview knows appears there too.

// GroupParam is the query parameter naming a group.
const GroupParam = groupParam

// Choice is one option of the group select.
type Choice = option

// GroupOf reads a group's value as the form's select carries it into the coverage's query;
// "" is no group (nil). A malformed value is a 400.
func GroupOf(value string) (*gather.Query, error) {
	if value == "" {
		return nil, nil
	}
	q, err := parseQuery(url.Values{groupParam: {value}}, 0)
	if err != nil {
		return nil, err
	}
	return &gather.Query{Group: q.Group, Project: q.Project}, nil
}

// GroupChoices reads the group choices of /paa-tvaers's form, with g selected: the groups
// (the nation, the regions) and the joint projects. It also returns g's name.
func GroupChoices(ctx context.Context, site *page.Site, l i18n.Localizer, g gather.Query) (groups, projects []Choice, name string, err error) {
	n, err := (&Pages{Site: site}).names(ctx)
	if err != nil {
		return nil, nil, "", err
	}
	q := query{Group: g.Group, Project: g.Project}
	f := buildForm(l, q, n)
	return f.Groups, f.Projects, groupName(l, q, n), nil
}
