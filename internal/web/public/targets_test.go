package public_test

import (
	"context"
	"regexp"
	"strconv"
	"strings"
	"testing"

	"klimaspor/internal/model"
	"klimaspor/internal/web"
	"klimaspor/internal/web/sitetest"
)

// TestFrontPageAndMunicipalityAgreeOnProgress: the front page and the municipality page
// judge an indicator's progress by one rule (model.Indicator.Progress). An indicator where
// higher is better and that has no baseline counts from zero on both, so 10 of a target of
// 20 is 50 % on each; the municipality page used to say it had no target while the front
// page drew the bar.
func TestFrontPageAndMunicipalityAgreeOnProgress(t *testing.T) {
	s, ts := sitetest.Start(t, web.New)
	ctx := context.Background()
	kbh, err := s.One(ctx, model.Organisations, map[string]string{"code": "101"})
	if err != nil {
		t.Fatal(err)
	}
	vip1, err := s.One(ctx, model.Projects, map[string]string{"code": "VIP1"})
	if err != nil {
		t.Fatal(err)
	}
	// The name sorts first, so the municipality page shows it among its first indicators.
	ind := sitetest.MustCreate(t, s.DB, ctx, model.Indicators, model.Record{"code": "faelles-maal", "name_da": "0 Fælles mål", "unit": "stk.",
		"direction": "higher", "owner_project_id": vip1.ID(), "targets": []model.Target{{Year: 2100, Value: 20}}})
	sitetest.MustCreate(t, s.DB, ctx, model.IndicatorValues, model.Record{"indicator_id": ind.ID(), "organisation_id": kbh.ID(), "period": "2024", "value": 10.0})

	bar := func(body, id string) string {
		return regexp.MustCompile(`(?s)<svg[^>]*aria-labelledby="` + regexp.QuoteMeta(id) + `-title.*?</svg>`).FindString(body)
	}
	home := sitetest.Fetch(t, ts.URL+"/", sitetest.ActDA, "")
	if b := bar(home.Body, "fremdrift-"+strconv.FormatInt(ind.ID(), 10)); b == "" || !strings.Contains(b, `class="chart-progress-text">50`) {
		t.Errorf("the front page draws no progress bar at 50 %% for the indicator:\n%s", b)
	}
	muni := sitetest.Fetch(t, ts.URL+"/kommuner/101", sitetest.ActDA, "")
	if b := bar(muni.Body, "noegletal-fremdrift-faelles-maal"); b == "" || !strings.Contains(b, `class="chart-progress-text">50`) {
		t.Errorf("the municipality page draws no progress bar at 50 %% for the indicator:\n%s", b)
	}
}
