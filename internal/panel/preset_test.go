package panel

import (
	"context"
	"net/http"
	"net/url"
	"regexp"
	"strings"
	"testing"

	"github.com/shockabsorber/shockabsorber/scenarios"
)

// TestStandardAssessmentPreset fills the new-assessment form from the
// standard preset in Spanish and creates it: the vignettes come first and
// the two full situations after them, whatever order the form posts.
func TestStandardAssessmentPreset(t *testing.T) {
	h := newHarness(t)
	b := h.browser()
	csrf := b.login()

	resp, page := b.get("/assessments/new")
	if resp.StatusCode != 200 || !strings.Contains(page, "/assessments/new?preset=standard&amp;lang=es") {
		t.Fatalf("the form does not offer the standard assessment in Spanish: %d", resp.StatusCode)
	}
	resp, page = b.get("/assessments/new?preset=standard&lang=es")
	if resp.StatusCode != 200 {
		t.Fatalf("preset form: %d", resp.StatusCode)
	}
	set, _ := scenarios.Library()
	want, err := scenarios.PresetByID("standard").Scenarios(set.Scenarios, "es")
	if err != nil {
		t.Fatal(err)
	}
	checked := regexp.MustCompile(`name="scenario" value="([a-z0-9-]+)" checked`).FindAllStringSubmatch(page, -1)
	if len(checked) != len(want) {
		t.Fatalf("%d scenarios ticked, want %d", len(checked), len(want))
	}
	order := regexp.MustCompile(`name="preset_order" value="([^"]+)"`).FindStringSubmatch(page)
	if order == nil || !strings.Contains(page, "Standard assessment (Español)") || !regexp.MustCompile(`about \d+(–\d+)? min`).MatchString(page) {
		t.Fatalf("the preset form lacks its order, name or duration")
	}
	// Post the ticked boxes in the page's order (full situations first).
	var ids []string
	for _, m := range checked {
		ids = append(ids, m[1])
	}
	resp, _ = b.postMultipart("/assessments", url.Values{"csrf": {csrf}, "name": {"Standard"}, "scenario": ids, "preset_order": {order[1]}, "time_limits": {"on"}}, nil)
	if resp.StatusCode != http.StatusSeeOther {
		t.Fatalf("create: %d", resp.StatusCode)
	}
	id, _ := pathIDString(resp.Header.Get("Location"))
	a, err := h.srv.assessment(context.Background(), id)
	if err != nil {
		t.Fatal(err)
	}
	if len(a.Scenarios) != len(want) {
		t.Fatalf("%d scenarios stored, want %d", len(a.Scenarios), len(want))
	}
	for i := range want {
		if a.Scenarios[i].ID != want[i].ID {
			t.Errorf("scenario %d is %s, want %s (vignettes first, then %v)", i+1, a.Scenarios[i].ID, want[i].ID, scenarios.PresetByID("standard").Situations)
		}
	}

	// A preset in a language the library lacks says so.
	if _, page := b.get("/assessments/new?preset=standard&lang=fr"); !strings.Contains(page, "no preset") {
		t.Errorf("an unknown preset language is not reported")
	}
}
