package panel

import (
	"bytes"
	"context"
	"encoding/json"
	"io"
	"log/slog"
	"math/rand/v2"
	"net/http"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/shockabsorber/shockabsorber/play"
)

func quietLogger() *slog.Logger { return slog.New(slog.NewTextHandler(io.Discard, nil)) }

// expectRefused checks a refused submission: status, a message containing
// want, and that nothing was stored.
func expectRefused(t *testing.T, h *harness, token string, body []byte, status int, want string) {
	t.Helper()
	before := h.counts()
	got, out := h.submit(token, body)
	if got != status {
		t.Errorf("status %d, want %d (%v)", got, status, out)
	}
	msg, _ := out["error"].(string)
	if !strings.Contains(msg, want) {
		t.Errorf("error %q does not contain %q", msg, want)
	}
	if after := h.counts(); after["submissions"] != before["submissions"] || after["results"] != before["results"] || after["invites_used"] != before["invites_used"] {
		t.Errorf("rows changed on a refused submission: %v -> %v", before, after)
	}
}

func TestSubmitStoresServerScoredReports(t *testing.T) {
	h := newHarness(t)
	a := h.assessment(true, 42, "double-charge", "refund-window")
	tok := h.invite(a, 7*24*time.Hour)
	rng := rand.New(rand.NewPCG(1, 2))
	req := validBody(t, a, rng)
	status, out := h.submit(tok, mustJSON(t, req))
	if status != http.StatusCreated || out["ok"] != true {
		t.Fatalf("submit: %d %v", status, out)
	}
	c := h.counts()
	if c["submissions"] != 1 || c["results"] != 3 || c["invites_used"] != 1 {
		t.Fatalf("counts %v", c)
	}
	// Reusing the link is refused and stores nothing more.
	expectRefused(t, h, tok, mustJSON(t, req), http.StatusGone, "already been used")
	// So is loading it.
	resp, err := http.Get(h.ts.URL + "/api/a/" + tok)
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != http.StatusGone {
		t.Errorf("GET config of a used link: %d", resp.StatusCode)
	}
}

// TestGoldenReportConsistency: the same transcript gives byte-identical
// report JSON through play.ReplayTranscript directly and through the
// server's submit path, read back from the database and the JSON export.
func TestGoldenReportConsistency(t *testing.T) {
	h := newHarness(t)
	a := h.assessment(true, 7, "double-charge", "it-doesnt-work", "not-my-department", "colleague-data-request", "refund-window")
	rng := rand.New(rand.NewPCG(3, 4))
	for round := 0; round < 5; round++ {
		tok := h.invite(a, time.Hour)
		req := validBody(t, a, rng)
		if round == 0 {
			// Include a timeout, which the server must score the same way.
			req.Transcripts[0] = play.Transcript{Scenario: "test-desk", Seed: 7, Choices: []int{0}, TimingsMS: []int64{30000}}
		}
		status, out := h.submit(tok, mustJSON(t, req))
		if status != http.StatusCreated {
			t.Fatalf("submit: %d %v", status, out)
		}
		id := int64(out["submission"].(float64))
		sub, err := h.srv.store.SubmissionByID(context.Background(), id)
		if err != nil {
			t.Fatal(err)
		}
		export := h.exportJSON(a.ID)
		var exported *ExportSubmission
		for i := range export.Assessments[0].Submissions {
			if export.Assessments[0].Submissions[i].ID == id {
				exported = &export.Assessments[0].Submissions[i]
			}
		}
		if exported == nil || len(exported.Results) != len(req.Transcripts) {
			t.Fatalf("submission %d missing from the export", id)
		}
		for i, tr := range req.Transcripts {
			run, err := play.ReplayTranscript(a.Scenario(tr.Scenario).Scenario, tr)
			if err != nil {
				t.Fatal(err)
			}
			want, err := play.MarshalJSON(run.Report())
			if err != nil {
				t.Fatal(err)
			}
			if got := []byte(sub.Results[i].Report); !bytes.Equal(got, want) {
				t.Errorf("round %d scenario %s: stored report differs:\n got %s\nwant %s", round, tr.Scenario, got, want)
			}
			// The export indents the report at its depth in the file:
			// the same JSON, other white space.
			if got := compactJSON(t, exported.Results[i].Report); !bytes.Equal(got, compactJSON(t, want)) {
				t.Errorf("round %d scenario %s: exported report differs:\n got %s\nwant %s", round, tr.Scenario, got, want)
			}
		}
	}
}

func compactJSON(t *testing.T, b []byte) []byte {
	t.Helper()
	var out bytes.Buffer
	if err := json.Compact(&out, b); err != nil {
		t.Fatal(err)
	}
	return out.Bytes()
}

func (h *harness) exportJSON(id int64) Export {
	h.t.Helper()
	b := h.browser()
	b.login()
	resp, body := b.get("/assessments/" + itoa(id) + "/results.json")
	if resp.StatusCode != http.StatusOK {
		h.t.Fatalf("export: %d %s", resp.StatusCode, body)
	}
	var ex Export
	if err := json.Unmarshal([]byte(body), &ex); err != nil {
		h.t.Fatal(err)
	}
	return ex
}

func itoa(v int64) string { return strconv.FormatInt(v, 10) }

func TestSubmitTokenStates(t *testing.T) {
	h := newHarness(t)
	a := h.assessment(true, 1)
	body := mustJSON(t, validBody(t, a, rand.New(rand.NewPCG(5, 6))))

	t.Run("unknown", func(t *testing.T) {
		expectRefused(t, h, "AAAAAAAAAAAAAAAAAAAAAA", body, http.StatusNotFound, "no assessment has this link")
		expectRefused(t, h, "short", body, http.StatusNotFound, "no assessment has this link")
	})
	t.Run("expired", func(t *testing.T) {
		tok := h.invite(a, time.Hour)
		h.clock.Add(2 * time.Hour)
		expectRefused(t, h, tok, body, http.StatusGone, "expired")
	})
	t.Run("withdrawn", func(t *testing.T) {
		tok := h.invite(a, time.Hour)
		iv, _ := h.srv.store.InviteByToken(context.Background(), tok)
		if _, err := h.srv.store.RevokeInvite(context.Background(), iv.ID, h.clock.Now()); err != nil {
			t.Fatal(err)
		}
		expectRefused(t, h, tok, body, http.StatusGone, "withdrawn")
	})
}

func TestSubmitRefusesForgedAndMalformed(t *testing.T) {
	h := newHarness(t)
	a := h.assessment(true, 99, "double-charge")
	tok := h.invite(a, time.Hour)
	valid := validBody(t, a, rand.New(rand.NewPCG(7, 8)))
	var generic map[string]any
	json.Unmarshal(mustJSON(t, valid), &generic)

	with := func(mutate func(m map[string]any)) []byte {
		var m map[string]any
		json.Unmarshal(mustJSON(t, valid), &m)
		mutate(m)
		return mustJSON(t, m)
	}
	cases := []struct {
		name   string
		body   []byte
		status int
		want   string
	}{
		{"forged score", with(func(m map[string]any) { m["score"] = 100 }), 400, `unknown field "score"`},
		{"forged archetype in transcript", with(func(m map[string]any) {
			m["transcripts"].([]any)[0].(map[string]any)["archetype"] = "shock_absorber"
		}), 400, `unknown field "archetype"`},
		{"forged report", with(func(m map[string]any) { m["reports"] = []any{} }), 400, `unknown field "reports"`},
		{"syntax", []byte(`{"candidate": "x",`), 400, "malformed JSON"},
		{"bad syntax mid", []byte(`{"candidate": x}`), 400, "line 1"},
		{"wrong type", with(func(m map[string]any) { m["transcripts"].([]any)[0].(map[string]any)["choices"] = "1,2" }), 400, `"transcripts.choices" must be an array`},
		{"not an object", []byte(`[1,2]`), 400, "expected a JSON object"},
		{"empty", []byte(``), 400, "empty"},
		{"trailing data", append(mustJSON(t, valid), []byte(` {}`)...), 400, "after the JSON object"},
		{"missing candidate", with(func(m map[string]any) { delete(m, "candidate") }), 400, `"candidate" is missing`},
		{"blank candidate", with(func(m map[string]any) { m["candidate"] = "  " }), 400, `"candidate" is empty`},
		{"null transcripts", with(func(m map[string]any) { m["transcripts"] = nil }), 400, `"transcripts" is null`},
		{"bad time", with(func(m map[string]any) { m["started_at"] = "yesterday" }), 400, `"started_at" must be an RFC 3339 time`},
		{"unknown client field", with(func(m map[string]any) { m["client"].(map[string]any)["score"] = 3 }), 400, `unknown field "score"`},
		{"oversized", with(func(m map[string]any) { m["candidate"] = strings.Repeat("x", MaxSubmitBody) }), 413, "at most 262144 bytes"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) { expectRefused(t, h, tok, c.body, c.status, c.want) })
	}
	t.Run("oversized chunked", func(t *testing.T) {
		before := h.counts()
		pr, pw := io.Pipe()
		go func() {
			pw.Write([]byte(`{"candidate":"`))
			pw.Write(bytes.Repeat([]byte("y"), MaxSubmitBody+10))
			pw.Write([]byte(`"}`))
			pw.Close()
		}()
		resp, err := http.Post(h.ts.URL+"/api/a/"+tok+"/submit", "application/json", pr)
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
		if resp.StatusCode != http.StatusRequestEntityTooLarge {
			t.Errorf("status %d", resp.StatusCode)
		}
		if after := h.counts(); after["submissions"] != before["submissions"] {
			t.Error("stored")
		}
	})
	t.Run("wrong content type", func(t *testing.T) {
		resp, err := http.Post(h.ts.URL+"/api/a/"+tok+"/submit", "text/plain", bytes.NewReader(mustJSON(t, valid)))
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
		if resp.StatusCode != http.StatusUnsupportedMediaType {
			t.Errorf("status %d", resp.StatusCode)
		}
	})
	// The link still works after all that.
	if status, out := h.submit(tok, mustJSON(t, valid)); status != http.StatusCreated {
		t.Fatalf("valid submission after refusals: %d %v", status, out)
	}
}

func TestSubmitRefusesImpossibleTranscripts(t *testing.T) {
	h := newHarness(t)
	on := h.assessment(true, 5, "double-charge")
	off := h.assessment(false, 5, "double-charge")
	rng := rand.New(rand.NewPCG(9, 10))
	base := validBody(t, on, rng)
	tamper := func(tr play.Transcript) []byte {
		req := *base
		req.Transcripts = append([]play.Transcript{tr}, base.Transcripts[1:]...)
		return mustJSON(t, req)
	}
	cases := []struct {
		name string
		a    *Assessment
		tr   play.Transcript
		want string
	}{
		{"choice out of range", on, play.Transcript{Scenario: "test-desk", Seed: 5, Choices: []int{3, 1}, TimingsMS: []int64{5000, 5000}}, `out of range`},
		{"negative choice", on, play.Transcript{Scenario: "test-desk", Seed: 5, Choices: []int{-1, 1}, TimingsMS: []int64{5000, 5000}}, "out of range"},
		{"timeout where no time_limit", on, play.Transcript{Scenario: "test-desk", Seed: 5, Choices: []int{1, 0}, TimingsMS: []int64{5000, 5000}}, `node "middle": the node has no time_limit`},
		{"timeout with time limits off", off, play.Transcript{Scenario: "test-desk", Seed: 5, Choices: []int{0}}, "time limits are off"},
		{"answered after the time limit", on, play.Transcript{Scenario: "test-desk", Seed: 5, Choices: []int{1, 1}, TimingsMS: []int64{30000 + play.TimingGraceMS + 1, 100}}, `past its 30 s time limit`},
		{"stops before an ending", on, play.Transcript{Scenario: "test-desk", Seed: 5, Choices: []int{1}, TimingsMS: []int64{5000}}, `stops at node "middle" before an ending`},
		{"goes on after the ending", on, play.Transcript{Scenario: "test-desk", Seed: 5, Choices: []int{0, 1}, TimingsMS: []int64{30000, 5000}}, "the run ended after step 1"},
		{"timings of another length with time limits off", off, play.Transcript{Scenario: "test-desk", Seed: 5, Choices: []int{1, 1}, TimingsMS: []int64{5000}}, "1 timings for 2 choices"},
		{"wrong seed", on, play.Transcript{Scenario: "test-desk", Seed: 6, Choices: []int{1, 1}}, "this assessment's seed is 5"},
		{"unknown scenario", on, play.Transcript{Scenario: "nope", Seed: 5, Choices: []int{1, 1}}, `scenario "nope", which is not part of this assessment`},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			tok := h.invite(c.a, time.Hour)
			expectRefused(t, h, tok, tamper(c.tr), http.StatusUnprocessableEntity, c.want)
		})
	}
	t.Run("missing scenario", func(t *testing.T) {
		tok := h.invite(on, time.Hour)
		req := *base
		req.Transcripts = req.Transcripts[:1]
		expectRefused(t, h, tok, mustJSON(t, req), http.StatusUnprocessableEntity, "2 scenario(s) but 1 transcript(s)")
	})
	t.Run("duplicated scenario", func(t *testing.T) {
		tok := h.invite(on, time.Hour)
		req := *base
		req.Transcripts = []play.Transcript{base.Transcripts[0], base.Transcripts[0]}
		expectRefused(t, h, tok, mustJSON(t, req), http.StatusUnprocessableEntity, "repeats scenario")
	})
	t.Run("late answers are fine with time limits off", func(t *testing.T) {
		tok := h.invite(off, time.Hour)
		req := *base
		req.Transcripts = append([]play.Transcript{{Scenario: "test-desk", Seed: 5, Choices: []int{1, 1}, TimingsMS: []int64{90000, 100}}}, base.Transcripts[1:]...)
		if status, out := h.submit(tok, mustJSON(t, req)); status != http.StatusCreated {
			t.Fatalf("%d %v", status, out)
		}
	})
	t.Run("timeout where allowed", func(t *testing.T) {
		tok := h.invite(on, time.Hour)
		req := *base
		req.Transcripts = append([]play.Transcript{{Scenario: "test-desk", Seed: 5, Choices: []int{0}, TimingsMS: []int64{30000}}}, base.Transcripts[1:]...)
		if status, out := h.submit(tok, mustJSON(t, req)); status != http.StatusCreated {
			t.Fatalf("%d %v", status, out)
		}
	})
}

// TestSubmitSameTokenConcurrently: of many simultaneous submissions with one
// link, exactly one is stored.
func TestSubmitSameTokenConcurrently(t *testing.T) {
	h := newHarness(t)
	a := h.assessment(true, 11)
	tok := h.invite(a, time.Hour)
	body := mustJSON(t, validBody(t, a, rand.New(rand.NewPCG(1, 1))))
	var wg sync.WaitGroup
	var mu sync.Mutex
	statuses := map[int]int{}
	for range 20 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			resp, err := http.Post(h.ts.URL+"/api/a/"+tok+"/submit", "application/json", bytes.NewReader(body))
			if err != nil {
				t.Error(err)
				return
			}
			resp.Body.Close()
			mu.Lock()
			statuses[resp.StatusCode]++
			mu.Unlock()
		}()
	}
	wg.Wait()
	if statuses[201] != 1 || statuses[410] != 19 {
		t.Errorf("statuses %v, want one 201 and nineteen 410", statuses)
	}
	if c := h.counts(); c["submissions"] != 1 {
		t.Errorf("counts %v", c)
	}
}

func TestConfigAPI(t *testing.T) {
	h := newHarness(t)
	a := h.assessment(true, 1234, "double-charge")
	tok := h.invite(a, time.Hour)
	resp, err := http.Get(h.ts.URL + "/api/a/" + tok)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	if resp.StatusCode != 200 {
		t.Fatalf("status %d", resp.StatusCode)
	}
	body, err := io.ReadAll(resp.Body)
	if err != nil {
		t.Fatal(err)
	}
	var cfg play.AssessmentConfig
	if err := play.DecodeStrict(body, &cfg); err != nil {
		t.Fatal(err)
	}
	if want, _ := play.MarshalJSON(cfg); !bytes.Equal(body, want) {
		t.Errorf("the configuration is not written by play.MarshalJSON:\n%s", body)
	}
	if cfg.Assessment != "Test intake" || cfg.Seed != 1234 || !cfg.TimeLimits || len(cfg.Scenarios) != 2 ||
		cfg.Scenarios[0].ID != "test-desk" || cfg.Scenarios[0].TOML != testTOML || cfg.Scenarios[1].ID != "double-charge" ||
		cfg.SubmitURL != "/api/a/"+tok+"/submit" || cfg.CandidateLabel != "cand" {
		t.Errorf("config %+v", cfg)
	}
	if resp.Header.Get("Cache-Control") != "no-store" {
		t.Error("config must not be cached")
	}
	// The candidate page carries the configuration for the loader.
	page, err := http.Get(h.ts.URL + "/a/" + tok)
	if err != nil {
		t.Fatal(err)
	}
	body, _ = io.ReadAll(page.Body)
	page.Body.Close()
	if page.StatusCode != 200 || !strings.Contains(string(body), `"mode":"assessment"`) || !strings.Contains(string(body), `"config_url":"/api/a/`+tok+`"`) {
		t.Errorf("candidate page %d:\n%s", page.StatusCode, body)
	}
	if page.Header.Get("Referrer-Policy") != "no-referrer" {
		t.Error("the candidate page must not leak its token in Referer")
	}
	for path, want := range map[string]int{"/a/AAAAAAAAAAAAAAAAAAAAAA": 404, "/api/a/nope": 404} {
		r, err := http.Get(h.ts.URL + path)
		if err != nil {
			t.Fatal(err)
		}
		r.Body.Close()
		if r.StatusCode != want {
			t.Errorf("%s: %d, want %d", path, r.StatusCode, want)
		}
	}
}
