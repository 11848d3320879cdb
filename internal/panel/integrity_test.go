package panel

import (
	"fmt"
	"math/rand/v2"
	"net/http"
	"strings"
	"testing"
	"time"
)

func TestFocusLostIsStoredAndFlaggedNeverScored(t *testing.T) {
	h := newHarness(t)
	a := h.assessment(true, 42, "double-charge")
	rng := rand.New(rand.NewPCG(1, 2))
	req := validBody(t, a, rng)
	plain := validBody(t, a, rand.New(rand.NewPCG(1, 2)))
	tr := &req.Transcripts[0]
	tr.FocusLost = make([]int, len(tr.Choices))
	tr.FocusLost[0] = 2
	code, out := h.submit(h.invite(a, time.Hour), mustJSON(t, req))
	if code != http.StatusCreated {
		t.Fatalf("submit with focus_lost: %d %v", code, out)
	}
	code, _ = h.submit(h.invite(a, time.Hour), mustJSON(t, plain))
	if code != http.StatusCreated {
		t.Fatalf("submit without focus_lost: %d", code)
	}
	subs, _ := h.srv.store.Submissions(t.Context(), a.ID, true)
	if string(subs[0].Results[0].Report) != string(subs[1].Results[0].Report) {
		t.Error("focus_lost changed the report")
	}
	if !strings.Contains(string(subs[0].Results[0].Transcript), `"focus_lost"`) {
		t.Error("focus_lost was not stored with the transcript")
	}
	b := h.browser()
	b.login()
	_, page := b.get(fmt.Sprintf("/submissions/%d", subs[0].ID))
	if !strings.Contains(page, "step 1: the candidate left the assessment (another tab, window or app) twice while deciding") {
		t.Error("the candidate's page does not flag the focus loss")
	}
	_, ev := b.get(fmt.Sprintf("/assessments/%d/evidence", a.ID))
	if !strings.Contains(ev, `id="integrity"`) || !strings.Contains(ev, "focus_lost: step 1") {
		t.Error("the evidence page does not list the candidate's integrity signal")
	}
}

func TestFocusLostCountsAreChecked(t *testing.T) {
	h := newHarness(t)
	a := h.assessment(true, 42)
	for _, c := range []struct {
		name  string
		edit  func(counts []int) []int
		words string
	}{
		{"one count short", func(c []int) []int { return c[:len(c)-1] }, "focus_lost\" counts: send one count per choice"},
		{"negative", func(c []int) []int { c[0] = -1; return c }, "a count runs from 0 to 1000"},
		{"too many", func(c []int) []int { c[0] = MaxFocusLost + 1; return c }, "a count runs from 0 to 1000"},
	} {
		req := validBody(t, a, rand.New(rand.NewPCG(3, 4)))
		req.Transcripts[0].FocusLost = c.edit(make([]int, len(req.Transcripts[0].Choices)))
		code, out := h.submit(h.invite(a, time.Hour), mustJSON(t, req))
		if code != http.StatusUnprocessableEntity || !strings.Contains(fmt.Sprint(out["error"]), c.words) {
			t.Errorf("%s: %d %v, want 422 saying %q", c.name, code, out, c.words)
		}
	}
}

func TestSameBrowserTakingSeveralLinksIsListed(t *testing.T) {
	h := newHarness(t)
	a := h.assessment(true, 42)
	submitFrom := func(b *browser, name string, seed uint64) {
		t.Helper()
		tok := h.invite(a, time.Hour)
		if resp, _ := b.get("/a/" + tok); resp.StatusCode != http.StatusOK {
			t.Fatalf("candidate page: %d", resp.StatusCode)
		}
		req := validBody(t, a, rand.New(rand.NewPCG(seed, 1)))
		req.Candidate = name
		hr, _ := http.NewRequest(http.MethodPost, h.ts.URL+"/api/a/"+tok+"/submit", strings.NewReader(string(mustJSON(t, req))))
		hr.Header.Set("Content-Type", "application/json")
		if resp, body := b.do(hr); resp.StatusCode != http.StatusCreated {
			t.Fatalf("%s: submit %d %s", name, resp.StatusCode, body)
		}
	}
	shared, other := h.browser(), h.browser()
	submitFrom(shared, "Ana Souza", 1)
	submitFrom(other, "Ben Ito", 2)
	submitFrom(shared, "Carla Diaz", 3)
	owner := h.browser()
	owner.login()
	_, ev := owner.get(fmt.Sprintf("/assessments/%d/evidence", a.ID))
	i := strings.Index(ev, `id="integrity"`)
	if i < 0 {
		t.Fatal("no integrity section")
	}
	sec := ev[i:strings.Index(ev, `id="items"`)]
	if !strings.Contains(sec, "<td><bdi>Carla Diaz</bdi></td>") || !strings.Contains(sec, "<td><bdi>Ana Souza</bdi></td>") {
		t.Errorf("the shared browser's candidates are not listed as each other's:\n%s", sec)
	}
	if strings.Contains(sec, "<td><bdi>Ben Ito</bdi>") || strings.Count(sec, "<td><bdi>") != 2 {
		t.Error("a candidate on another browser is listed as sharing one")
	}
}
