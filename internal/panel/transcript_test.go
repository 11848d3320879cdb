package panel

import (
	"context"
	"encoding/csv"
	"fmt"
	"html"
	"math/rand/v2"
	"net/http"
	"net/url"
	"runtime"
	"strings"
	"testing"
	"time"

	"github.com/shockabsorber/shockabsorber/play"
	"github.com/shockabsorber/shockabsorber/scenarios"
)

// loopTOML can go round "ask" and "check" for ever: "again" leads back.
// textSize pads the choices' texts.
func loopTOML(textSize int) string {
	pad := strings.Repeat("word ", textSize/5)
	return `id = "loop-desk"
title = "Loop desk"
language = "en"

[customer]
name = "Sam"
mood = 50

[[node]]
id = "ask"
text = "Can you check again?"

  [[node.choice]]
  text = "Let me check again. ` + pad + `"
  follow_up = "monitor"
  next = "check"

  [[node.choice]]
  text = "It is done."
  follow_up = "close"
  next = "end"

[[node]]
id = "check"
text = "And now?"

  [[node.choice]]
  text = "Still checking. ` + pad + `"
  follow_up = "monitor"
  next = "ask"

  [[node.choice]]
  text = "Done now."
  follow_up = "close"
  next = "end"

[[node]]
id = "end"
text = "Thanks."
ending = "resolved"
`
}

func parseTOML(t *testing.T, name, src string) *scenarios.Scenario {
	t.Helper()
	sc, diags := scenarios.Parse(name, []byte(src))
	if sc == nil || diags.HasErrors() {
		t.Fatalf("%s: %v", name, diags.Errors())
	}
	return sc
}

// uploadAssessment stores an assessment of one scenario source.
func (h *harness) uploadAssessment(timeLimits bool, seed uint64, file, src string) *Assessment {
	h.t.Helper()
	return h.store("Upload", timeLimits, seed, []Source{{Origin: "upload:" + file, File: file, Data: []byte(src)}})
}

// submission wraps transcripts in a valid body.
func submission(candidate string, trs ...play.Transcript) *play.Submission {
	return &play.Submission{Candidate: candidate, Transcripts: trs, StartedAt: "2026-11-23T09:00:00Z", FinishedAt: "2026-11-23T09:10:00Z"}
}

func expectCode(t *testing.T, out map[string]any, code string) {
	t.Helper()
	if out["code"] != code {
		t.Errorf("code %v, want %s (%v)", out["code"], code, out["error"])
	}
}

func TestStepCap(t *testing.T) {
	if n, loops := stepCap(parseTOML(t, "test-desk.toml", testTOML)); n != 2 || loops {
		t.Errorf("test-desk: %d, %v; want 2 steps, no loop", n, loops)
	}
	if n, loops := stepCap(parseTOML(t, "loop.toml", loopTOML(0))); n != loopMinSteps || !loops {
		t.Errorf("loop-desk: %d, %v; want %d, a loop", n, loops, loopMinSteps)
	}
	// Every bundled scenario: the cap is the longest path, so no real run
	// is refused, and each path fits.
	set, diags := scenarios.Library()
	if diags.HasErrors() {
		t.Fatal(diags.Errors())
	}
	for _, sc := range set.Scenarios {
		n, loops := stepCap(sc)
		if loops {
			t.Errorf("%s: reported as looping", sc.ID)
		}
		st, err := play.Paths(sc)
		if err != nil {
			t.Fatalf("%s: %v", sc.ID, err)
		}
		longest := 0
		for _, p := range []*play.PathSummary{st.Best, st.Worst} {
			if p != nil {
				longest = max(longest, len(p.Choices))
			}
		}
		if n < longest || n > 60 {
			t.Errorf("%s: cap %d, but a path has %d steps", sc.ID, n, longest)
		}
	}
}

func TestTranscriptsOverTheCap(t *testing.T) {
	h := newHarness(t)
	loop := h.uploadAssessment(false, 3, "loop.toml", loopTOML(0))
	sc := loop.Scenarios[0]
	if sc.MaxSteps != loopMinSteps || !sc.Loops {
		t.Fatalf("loop-desk: MaxSteps %d, Loops %v", sc.MaxSteps, sc.Loops)
	}
	// Going round the loop a few times is a real run, and is stored.
	ok := play.Transcript{Scenario: "loop-desk", Seed: 3, Choices: []int{1, 1, 1, 1, 1, 2}, TimingsMS: []int64{4000, 4000, 4000, 4000, 4000, 4000}}
	if status, out := h.submit(h.invite(loop, time.Hour), mustJSON(t, submission("Round Robin", ok))); status != http.StatusCreated {
		t.Fatalf("a short loop: %d %v", status, out)
	}
	// The reviewer's transcript: as many turns as 256 KiB holds.
	long := play.Transcript{Scenario: "loop-desk", Seed: 3}
	for len(long.Choices) < 120000 {
		long.Choices = append(long.Choices, 1)
	}
	long.Choices = append(long.Choices, 2)
	body := mustJSON(t, submission("Loop", long))
	if len(body) > MaxSubmitBody {
		t.Fatalf("body %d bytes", len(body))
	}
	var before, after runtime.MemStats
	runtime.GC()
	runtime.ReadMemStats(&before)
	tok := h.invite(loop, time.Hour)
	expectRefused(t, h, tok, body, http.StatusUnprocessableEntity, fmt.Sprintf("has 120001 steps; this scenario allows at most %d", loopMinSteps))
	runtime.ReadMemStats(&after)
	if alloc := after.TotalAlloc - before.TotalAlloc; alloc > 32<<20 {
		t.Errorf("refusing it allocated %d MB", alloc>>20)
	}
	_, out := h.submit(tok, body)
	expectCode(t, out, "transcript_too_long")

	// Without a loop, the cap is the longest path.
	desk := h.assessment(true, 4)
	tr := play.Transcript{Scenario: "test-desk", Seed: 4, Choices: []int{1, 1, 1}, TimingsMS: []int64{5000, 5000, 5000}}
	tok = h.invite(desk, time.Hour)
	expectRefused(t, h, tok, mustJSON(t, submission("X", tr)), http.StatusUnprocessableEntity, "has 3 steps; this scenario allows at most 2 (its longest path)")

	// A report over MaxReportBytes is refused too: each turn round this
	// loop shows 20 KB of choice text.
	big := h.uploadAssessment(false, 5, "big.toml", loopTOML(20000))
	tr = play.Transcript{Scenario: "loop-desk", Seed: 5}
	for range loopMinSteps - 1 {
		tr.Choices = append(tr.Choices, 1)
	}
	tr.Choices = append(tr.Choices, 2)
	tok = h.invite(big, time.Hour)
	expectRefused(t, h, tok, mustJSON(t, submission("X", tr)), http.StatusUnprocessableEntity, "the panel stores at most 262144 per scenario")
	_, out = h.submit(tok, mustJSON(t, submission("X", tr)))
	expectCode(t, out, "report_too_large")
}

func TestTimingsRequiredWithTimeLimits(t *testing.T) {
	h := newHarness(t)
	on := h.assessment(true, 8)
	for _, c := range []struct {
		name    string
		timings []int64
		want    string
	}{
		{"none", nil, "has 2 choices and 0 times"},
		{"empty", []int64{}, "has 2 choices and 0 times"},
		{"too few", []int64{4000}, "has 2 choices and 1 times"},
		{"too many", []int64{4000, 4000, 4000}, "has 2 choices and 3 times"},
	} {
		t.Run(c.name, func(t *testing.T) {
			tr := play.Transcript{Scenario: "test-desk", Seed: 8, Choices: []int{1, 1}, TimingsMS: c.timings}
			tok := h.invite(on, time.Hour)
			body := mustJSON(t, submission("X", tr))
			expectRefused(t, h, tok, body, http.StatusUnprocessableEntity, c.want)
			_, out := h.submit(tok, body)
			expectCode(t, out, "timings_required")
		})
	}
	// With time limits off they may be left out (and are flagged).
	off := h.assessment(false, 8)
	tr := play.Transcript{Scenario: "test-desk", Seed: 8, Choices: []int{1, 1}}
	if status, out := h.submit(h.invite(off, time.Hour), mustJSON(t, submission("X", tr))); status != http.StatusCreated {
		t.Fatalf("no times, time limits off: %d %v", status, out)
	}
}

func TestTimingFlags(t *testing.T) {
	sc := parseTOML(t, "test-desk.toml", testTOML)
	kinds := func(fs []TimingFlag) string {
		var out []string
		for _, f := range fs {
			out = append(out, fmt.Sprintf("%s@%d", f.Kind, f.Step))
		}
		return strings.Join(out, " ")
	}
	for _, c := range []struct {
		name       string
		choices    []int
		timings    []int64
		timeLimits bool
		want       string
	}{
		{"plausible", []int{1, 1}, []int64{6000, 3000}, true, ""},
		{"all zero", []int{1, 1}, []int64{0, 0}, true, "all_zero@0"},
		{"negative", []int{1, 1}, []int64{-5, 3000}, true, "negative@1"},
		{"too fast", []int{1, 1}, []int64{400, 3000}, true, "too_fast@1"},
		{"both too fast", []int{2, 2}, []int64{300, 1}, true, "too_fast@1 too_fast@2"},
		{"early timeout", []int{0}, []int64{1500}, true, "early_timeout@1"},
		{"timeout on time", []int{0}, []int64{30000}, true, ""},
		{"missing", []int{1, 1}, nil, false, "missing@0"},
	} {
		got := kinds(TimingFlags(sc, play.Transcript{Scenario: sc.ID, Choices: c.choices, TimingsMS: c.timings}, c.timeLimits))
		if got != c.want {
			t.Errorf("%s: %q, want %q", c.name, got, c.want)
		}
	}
	// A time limit too short to read the node in lowers the threshold to
	// a third of the limit.
	short := parseTOML(t, "short.toml", strings.Replace(testTOML, "time_limit = 30", "time_limit = 3", 1))
	if f := TimingFlags(sc, play.Transcript{Scenario: sc.ID, Choices: []int{1, 1}, TimingsMS: []int64{1500, 3000}}, true); len(f) != 1 {
		t.Errorf("1.5 s at a 30 s limit: %+v", f)
	}
	if f := TimingFlags(short, play.Transcript{Scenario: sc.ID, Choices: []int{1, 1}, TimingsMS: []int64{1500, 3000}}, true); len(f) != 0 {
		t.Errorf("1.5 s at a 3 s limit: %+v", f)
	}
	// The threshold is the reading time of the node and the choices shown,
	// at ReadingSpeedup times the reading speed.
	f := TimingFlags(sc, play.Transcript{Scenario: sc.ID, Choices: []int{1, 1}, TimingsMS: []int64{1, 3000}}, true)
	if len(f) != 1 || f[0].MinMS < 1000 || f[0].MinMS > 4000 || !strings.Contains(f[0].Message, "answered in 1 ms") {
		t.Errorf("flag %+v", f)
	}
}

// TestImplausibleTimingsKeptAndFlagged: all-zero, negative and too-fast
// times are stored and scored as sent, and shown to reviewers on the
// candidate page and in both exports.
func TestImplausibleTimingsKeptAndFlagged(t *testing.T) {
	h := newHarness(t)
	b := h.browser()
	b.login()
	a := h.assessment(true, 21)
	base := validBody(t, a, rand.New(rand.NewPCG(3, 4)))
	cases := []struct {
		candidate string
		timings   []int64
		kind      string
	}{
		{"Zero Zoe", []int64{0, 0}, "all_zero"},
		{"Negative Ned", []int64{-250, 4000}, "negative"},
		{"Quick Quinn", []int64{200, 4000}, "too_fast"},
		{"Plain Pat", []int64{7000, 4000}, ""},
	}
	ids := map[string]int64{}
	for _, c := range cases {
		req := *base
		req.Candidate = c.candidate
		req.Transcripts = append([]play.Transcript{{Scenario: "test-desk", Seed: 21, Choices: []int{1, 1}, TimingsMS: c.timings}}, base.Transcripts[1:]...)
		status, out := h.submit(h.invite(a, time.Hour), mustJSON(t, req))
		if status != http.StatusCreated {
			t.Fatalf("%s: %d %v", c.candidate, status, out)
		}
		ids[c.candidate] = int64(out["submission"].(float64))
	}
	// Stored as sent.
	sub, err := h.srv.store.SubmissionByID(context.Background(), ids["Negative Ned"])
	if err != nil || !strings.Contains(string(sub.Results[0].Transcript), "-250") {
		t.Fatalf("the negative time was not kept: %v %s", err, sub.Results[0].Transcript)
	}
	for _, c := range cases {
		_, page := b.get(fmt.Sprintf("/submissions/%d", ids[c.candidate]))
		if flagged := strings.Contains(page, "Implausible times"); flagged != (c.kind != "") {
			t.Errorf("%s: candidate page flagged %v", c.candidate, flagged)
		}
	}
	_, page := b.get(fmt.Sprintf("/assessments/%d", a.ID))
	if n := strings.Count(page, "implausible times in 1 of 1 scenarios"); n != 3 {
		t.Errorf("assessment page: %d candidates flagged, want 3", n)
	}

	ex := h.exportJSON(a.ID)
	for _, sub := range ex.Assessments[0].Submissions {
		want := ""
		for _, c := range cases {
			if c.candidate == sub.Candidate {
				want = c.kind
			}
		}
		got := ""
		for _, f := range sub.Results[0].TimingFlags {
			got = f.Kind
		}
		if got != want || sub.TimingFlagged != (want != "") {
			t.Errorf("%s: JSON export flags %q (flagged %v), want %q", sub.Candidate, got, sub.TimingFlagged, want)
		}
	}
	_, body := b.get(fmt.Sprintf("/assessments/%d/results.csv", a.ID))
	rows, err := csv.NewReader(strings.NewReader(body)).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	col := map[string]int{}
	for i, name := range rows[0] {
		col[name] = i
	}
	for _, r := range rows[1:] {
		if r[col["scenario"]] != "test-desk" {
			continue
		}
		for _, c := range cases {
			if c.candidate == r[col["candidate"]] && !strings.HasPrefix(r[col["timing_flags"]], c.kind) || c.kind == "" && c.candidate == r[col["candidate"]] && r[col["timing_flags"]] != "" {
				t.Errorf("%s: CSV timing_flags %q, want %q", c.candidate, r[col["timing_flags"]], c.kind)
			}
		}
	}
}

func TestNamesRefuseControlAndBidiCharacters(t *testing.T) {
	h := newHarness(t)
	a := h.assessment(false, 9)
	tr := play.Transcript{Scenario: "test-desk", Seed: 9, Choices: []int{1, 1}, TimingsMS: []int64{6000, 3000}}
	for _, name := range []string{
		"Jordan\x00Lee", "Jordan\x07", "Jordan\nLee", "Jordan\tLee", "Jordan\rLee", "Jordan\x7f", "Jordan\u0085Lee", "Jordan\u009b",
		"Jordan \u202eeeL", "\u202aJordan", "\u202bJordan", "\u202cJordan", "\u202dJordan", "Jordan\u2066Lee\u2069", "\u2067x", "\u2068x", "Jordan\u2028Lee", "Jordan\u2029Lee",
	} {
		tok := h.invite(a, time.Hour)
		body := mustJSON(t, submission(name, tr))
		expectRefused(t, h, tok, body, http.StatusBadRequest, `the field "candidate" contains U+`)
		_, out := h.submit(tok, body)
		expectCode(t, out, "invalid_characters")
	}
	// Right-to-left names, marks, accents and CJK are fine.
	for _, name := range []string{"يوسف\u200f الأحمد", "Zoë Núñez", "王小明", "Jordan\u200eLee", "👩🏽‍💻 Ada"} {
		if status, out := h.submit(h.invite(a, time.Hour), mustJSON(t, submission(name, tr))); status != http.StatusCreated {
			t.Errorf("%q: %d %v", name, status, out)
		}
	}

	// Invite labels, through the panel's form and the store.
	b := h.browser()
	csrf := b.login()
	before := h.counts()["invites"]
	resp, page := b.postForm(fmt.Sprintf("/assessments/%d/invites", a.ID), url.Values{"csrf": {csrf}, "label": {"Jordan \u202eeeL"}})
	if resp.StatusCode != http.StatusUnprocessableEntity || !strings.Contains(html.UnescapeString(page), "U+202E (RIGHT-TO-LEFT OVERRIDE)") {
		t.Errorf("label with an override: %d\n%s", resp.StatusCode, page)
	}
	if _, err := h.srv.store.CreateInvites(context.Background(), a.ID, 1, "a\x00b", time.Hour, h.clock.Now()); err == nil || !strings.Contains(err.Error(), "U+0000") {
		t.Errorf("store label with NUL: %v", err)
	}
	if n := h.counts()["invites"]; n != before {
		t.Errorf("%d invites created", n-before)
	}
	// And assessment names.
	resp, page = b.postMultipart("/assessments", url.Values{"csrf": {csrf}, "name": {"Intake\u2067"}, "scenario": {"double-charge"}}, nil)
	if resp.StatusCode != http.StatusUnprocessableEntity || !strings.Contains(html.UnescapeString(page), "U+2067") {
		t.Errorf("assessment name with an isolate: %d\n%s", resp.StatusCode, page)
	}

	// Rows stored before these checks are escaped in the CSV export.
	// (PostgreSQL's text never holds a NUL, so there only the override.)
	old, escaped := "=Old\x00Row \u202eeeL", "'=Old[U+0000]Row [U+202E]eeL"
	if h.srv.store.Postgres() {
		old, escaped = "=Old Row \u202eeeL", "'=Old Row [U+202E]eeL"
	}
	if _, err := h.srv.store.db.Exec("UPDATE submissions SET candidate = ? WHERE id = 1", old); err != nil {
		t.Fatal(err)
	}
	_, body := b.get(fmt.Sprintf("/assessments/%d/results.csv", a.ID))
	if strings.ContainsAny(body, "\x00\u202e") {
		t.Error("the CSV holds a raw NUL or override")
	}
	if !strings.Contains(body, escaped) {
		t.Errorf("the old row is not escaped:\n%s", body)
	}
}
