package panel

import (
	"bufio"
	"bytes"
	"context"
	"encoding/csv"
	"encoding/json"
	"fmt"
	"io"
	"math/rand/v2"
	"net/http"
	"os"
	"regexp"
	"runtime"
	rtmetrics "runtime/metrics"
	"slices"
	"strconv"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/shockabsorber/shockabsorber/play"
)

// seedSubmissions stores n scored submissions of a (with their used
// invites) straight into the database: one transaction, prepared
// statements, 16 distinct real submissions (scored by prepare) repeated
// under different names. It returns the first and last submission ids.
func seedSubmissions(t testing.TB, h *harness, a *Assessment, n int) (first, last int64) {
	t.Helper()
	ctx := context.Background()
	rng := rand.New(rand.NewPCG(7, uint64(n)))
	var samples []*scored
	for range 16 {
		sc, aerr := prepare(Invite{}, a, validBody(t, a, rng))
		if aerr != nil {
			t.Fatal(aerr)
		}
		samples = append(samples, sc)
	}
	tx, err := h.srv.store.db.BeginTx(ctx, nil)
	if err != nil {
		t.Fatal(err)
	}
	defer tx.Rollback()
	prep := func(q string) *sqlStmt {
		st, err := tx.PrepareContext(ctx, q)
		if err != nil {
			t.Fatal(err)
		}
		return st
	}
	insInvite := prep("INSERT INTO invites(assessment_id, token_hash, label, created_at, expires_at, used_at) VALUES(?, ?, ?, ?, ?, ?) RETURNING id")
	insSub := prep("INSERT INTO submissions(invite_id, assessment_id, candidate, started_at, finished_at, received_at, client, archetype, weights, drift, fitting, decisions) VALUES(?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id")
	insRes := prep("INSERT INTO results(submission_id, position, scenario_id, ending, archetype, transcript, report) VALUES(?, ?, ?, ?, ?, ?, ?)")
	base := h.clock.Now().Add(-time.Duration(n) * time.Minute)
	for i := range n {
		sc := samples[i%len(samples)]
		at := ms(base.Add(time.Duration(i) * time.Minute))
		_, tokenHash := newSecret()
		var inviteID, id int64
		if err := insInvite.QueryRowContext(ctx, a.ID, tokenHash, fmt.Sprintf("req. %d", 4000+i), at, at+7*24*3600*1000, at).Scan(&inviteID); err != nil {
			t.Fatal(err)
		}
		if err := insSub.QueryRowContext(ctx, inviteID, a.ID, fmt.Sprintf("Candidate %06d", i), sc.req.StartedAt, sc.req.FinishedAt, at, string(sc.client), sc.archetype, string(sc.weights), string(sc.drift), sc.fitting, sc.decisions).Scan(&id); err != nil {
			t.Fatal(err)
		}
		if i == 0 {
			first = id
		}
		last = id
		for k, r := range sc.results {
			if _, err := insRes.ExecContext(ctx, id, k, r.scenario, r.ending, r.archetype, string(r.transcript), string(r.report)); err != nil {
				t.Fatal(err)
			}
		}
	}
	if err := tx.Commit(); err != nil {
		t.Fatal(err)
	}
	return first, last
}

// timedGet fetches a page and returns its body and how long it took.
func timedGet(t testing.TB, b *browser, path string) (int, []byte, time.Duration) {
	t.Helper()
	req, _ := http.NewRequest(http.MethodGet, b.h.ts.URL+path, nil)
	t0 := time.Now()
	resp, err := b.c.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	data, err := io.ReadAll(resp.Body)
	if err != nil {
		t.Fatal(err)
	}
	return resp.StatusCode, data, time.Since(t0)
}

// maxPageBytes bounds every panel page, whatever the number of stored
// submissions.
const maxPageBytes = 300 << 10

var (
	candidateLinkRE = regexp.MustCompile(`href="/submissions/(\d+)"`)
	olderLinkRE     = regexp.MustCompile(`href="([^"]*#candidates)" rel="next"`)
)

// TestPagesScale seeds many submissions and checks that every page stays
// bounded in size and rows, and that the exports hold every submission;
// it logs each page's time and size and the exports' peak heap. By default
// it seeds 2,000 submissions; PANEL_SCALE_N=100000 gives the README's
// figures:
//
//	PANEL_SCALE_N=100000 go test ./internal/panel -run TestPagesScale -v
func TestPagesScale(t *testing.T) {
	n := 2000
	if v, err := strconv.Atoi(os.Getenv("PANEL_SCALE_N")); err == nil && v > 0 {
		n = v
	}
	if testing.Short() {
		n = min(n, 300)
	}
	h := newHarness(t)
	a := h.assessment(true, 2026, "double-charge")
	other := h.assessment(false, 7, "refund-window")
	t0 := time.Now()
	first, last := seedSubmissions(t, h, a, n)
	seedOther, _ := seedSubmissions(t, h, other, 3)
	t.Logf("seeded %d submissions (%d scenarios each) in %v", n, len(a.Scenarios), time.Since(t0).Round(time.Millisecond))
	if _, err := h.srv.store.CreateInvites(context.Background(), a.ID, 500, "open", 24*time.Hour, h.clock.Now()); err != nil {
		t.Fatal(err)
	}
	b := h.browser()
	b.login()

	mid := first + (last-first)/2
	pages := []struct{ name, path string }{
		{"dashboard", "/dashboard"},
		{"assessment, newest candidates", fmt.Sprintf("/assessments/%d", a.ID)},
		{"assessment, candidates mid-way", fmt.Sprintf("/assessments/%d?before=%d", a.ID, mid)},
		{"assessment, oldest candidates", fmt.Sprintf("/assessments/%d?before=%d", a.ID, first+3)},
		{"assessment, newer from the oldest", fmt.Sprintf("/assessments/%d?after=%d", a.ID, first)},
		{"assessment, links mid-way", fmt.Sprintf("/assessments/%d?inv_before=%d", a.ID, mid)},
		{"one candidate", fmt.Sprintf("/submissions/%d", mid)},
	}
	msOf := func(d time.Duration) float64 { return float64(d.Microseconds()) / 1000 }
	for _, p := range pages {
		// The first fetch reads the database cold; the next five show
		// the usual time (fastest and median).
		status, body, cold := timedGet(t, b, p.path)
		if status != http.StatusOK {
			t.Fatalf("%s: status %d", p.path, status)
		}
		var warm []time.Duration
		for range 5 {
			_, _, took := timedGet(t, b, p.path)
			warm = append(warm, took)
		}
		slices.Sort(warm)
		t.Logf("%-34s %6.1f ms first, %6.1f ms fastest, %6.1f ms median  %6.1f KB", p.name, msOf(cold), msOf(warm[0]), msOf(warm[2]), float64(len(body))/1024)
		if len(body) > maxPageBytes {
			t.Errorf("%s: %d bytes, want at most %d", p.path, len(body), maxPageBytes)
		}
		if rows := len(candidateLinkRE.FindAll(body, -1)); rows > 2*PageSize+dashboardRecent {
			t.Errorf("%s: %d candidate links, want at most a page's", p.path, rows)
		}
		if strings.HasPrefix(p.name, "assessment") && !bytes.Contains(body, []byte(">"+strconv.Itoa(n)+"</span>")) {
			t.Errorf("%s: the candidate count %d is not shown", p.path, n)
		}
	}

	// The exports: every submission, streamed.
	for _, ex := range []struct{ name, path string }{
		{"CSV, one assessment", fmt.Sprintf("/assessments/%d/results.csv", a.ID)},
		{"CSV, everything", "/results.csv"},
		{"JSON, one assessment", fmt.Sprintf("/assessments/%d/results.json", a.ID)},
		{"JSON, everything", "/results.json"},
	} {
		// Sampled every 20 ms: the heap (with garbage not yet collected)
		// and the live heap as of the last collection (what is kept).
		var peak, peakLive atomic.Uint64
		stop := make(chan struct{})
		done := make(chan struct{})
		runtime.GC()
		samples := []rtmetrics.Sample{{Name: "/memory/classes/heap/objects:bytes"}, {Name: "/gc/heap/live:bytes"}}
		rtmetrics.Read(samples)
		before := samples[1].Value.Uint64()
		go func() {
			defer close(done)
			for {
				select {
				case <-stop:
					return
				case <-time.After(20 * time.Millisecond):
				}
				rtmetrics.Read(samples)
				peak.Store(max(peak.Load(), samples[0].Value.Uint64()))
				peakLive.Store(max(peakLive.Load(), samples[1].Value.Uint64()))
			}
		}()
		req, _ := http.NewRequest(http.MethodGet, h.ts.URL+ex.path, nil)
		t0 := time.Now()
		resp, err := b.c.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		firstByte := time.Since(t0)
		var size int64
		var subs int
		if strings.Contains(ex.path, ".csv") {
			cr := csv.NewReader(&countingReader{r: resp.Body, n: &size})
			rows := 0
			for {
				if _, err := cr.Read(); err == io.EOF {
					break
				} else if err != nil {
					t.Fatalf("%s: row %d: %v", ex.path, rows+1, err)
				}
				rows++
			}
			subs = (rows - 1) / len(a.Scenarios) // the other assessment has as many scenarios
		} else {
			body := &countingReader{r: resp.Body, n: &size}
			if n <= 5000 {
				// Token by token, so the test's own memory stays flat too.
				dec := json.NewDecoder(body)
				for {
					tok, err := dec.Token()
					if err == io.EOF {
						break
					} else if err != nil {
						t.Fatalf("%s: %v", ex.path, err)
					}
					if tok == "received_at" {
						subs++
					}
				}
			} else {
				// Decoding a gigabyte token by token takes minutes: count
				// the submissions' lines (the layout is checked byte for
				// byte by TestExportStreamEqualsWhole).
				sc := bufio.NewScanner(body)
				sc.Buffer(make([]byte, 1<<20), 1<<20)
				for sc.Scan() {
					if bytes.HasPrefix(sc.Bytes(), []byte(`          "received_at": `)) {
						subs++
					}
				}
				if err := sc.Err(); err != nil {
					t.Fatalf("%s: %v", ex.path, err)
				}
			}
		}
		resp.Body.Close()
		took := time.Since(t0)
		close(stop)
		<-done
		if resp.Header.Get("Content-Length") != "" {
			t.Errorf("%s: Content-Length set: the export was buffered, not streamed", ex.path)
		}
		want := n
		if !strings.HasPrefix(ex.path, "/assessments/") {
			want += 3
		}
		if subs != want {
			t.Errorf("%s: %d submissions, want %d", ex.path, subs, want)
		}
		t.Logf("%-22s %7.1f MB in %6.0f ms (first byte %5.1f ms); heap at most %5.1f MB, live heap at most %4.1f MB (%.1f MB before)", ex.name,
			float64(size)/(1<<20), float64(took.Microseconds())/1000, float64(firstByte.Microseconds())/1000,
			float64(peak.Load())/(1<<20), float64(peakLive.Load())/(1<<20), float64(before)/(1<<20))
	}
	_ = seedOther
}

type countingReader struct {
	r io.Reader
	n *int64
}

func (c *countingReader) Read(p []byte) (int, error) {
	k, err := c.r.Read(p)
	*c.n += int64(k)
	return k, err
}

// TestPagingWalk follows the Older links from the newest page to the
// oldest and the Newer links back: every candidate shows exactly once, in
// order, and no page holds more than PageSize.
func TestPagingWalk(t *testing.T) {
	h := newHarness(t)
	a := h.assessment(false, 3)
	n := 2*PageSize + 7
	first, last := seedSubmissions(t, h, a, n)
	other := h.assessment(false, 4)
	seedSubmissions(t, h, other, 5) // ids after a's, in another assessment
	b := h.browser()
	b.login()
	path := fmt.Sprintf("/assessments/%d", a.ID)
	var seen []int64
	var trail []string
	for path != "" {
		trail = append(trail, path)
		status, body, _ := timedGet(t, b, path)
		if status != http.StatusOK {
			t.Fatalf("%s: status %d", path, status)
		}
		ids := candidateIDs(body)
		if len(ids) == 0 || len(ids) > PageSize {
			t.Fatalf("%s: %d candidates", path, len(ids))
		}
		seen = append(seen, ids...)
		path = ""
		if m := olderLinkRE.FindSubmatch(body); m != nil {
			path = strings.ReplaceAll(string(m[1]), "&amp;", "&")
			path = strings.TrimSuffix(path, "#candidates")
		}
		if len(trail) > n {
			t.Fatal("the Older links loop")
		}
	}
	if len(seen) != n {
		t.Fatalf("walked %d candidates over %d pages, want %d: %v", len(seen), len(trail), n, trail)
	}
	for i, id := range seen {
		if want := last - int64(i); id != want {
			t.Fatalf("candidate %d is #%d, want #%d (newest first, each once)", i, id, want)
		}
	}
	if seen[n-1] != first {
		t.Fatalf("the walk ends at #%d, want the oldest #%d", seen[n-1], first)
	}
	// Back from the oldest page through the Newer links.
	newerRE := regexp.MustCompile(`href="([^"]*#candidates)" rel="prev"`)
	_, body, _ := timedGet(t, b, trail[len(trail)-1])
	var back []int64
	for steps := 0; ; steps++ {
		m := newerRE.FindSubmatch(body)
		if m == nil {
			break
		}
		p := strings.TrimSuffix(strings.ReplaceAll(string(m[1]), "&amp;", "&"), "#candidates")
		_, body, _ = timedGet(t, b, p)
		back = append(candidateIDs(body), back...)
		if steps > n {
			t.Fatal("the Newer links loop")
		}
	}
	if want := n - len(candidateIDs(mustGet(t, b, trail[len(trail)-1]))); len(back) != want {
		t.Errorf("walking back showed %d candidates, want %d", len(back), want)
	}
	if len(back) > 0 && back[0] != last {
		t.Errorf("walking back ends at #%d, want the newest #%d", back[0], last)
	}
	// Past the end: an empty list with the way back, not an error.
	status, body, _ := timedGet(t, b, fmt.Sprintf("/assessments/%d?before=%d", a.ID, first))
	if status != http.StatusOK || len(candidateIDs(body)) != 0 || !bytes.Contains(body, []byte(">Newest</a>")) {
		t.Errorf("before the oldest: status %d, %d candidates, Newest link %v", status, len(candidateIDs(body)), bytes.Contains(body, []byte(">Newest</a>")))
	}
	// Nonsense positions show the newest page.
	for _, q := range []string{"before=abc", "before=-4", "after=0", "before=99999999999999999999"} {
		status, body, _ := timedGet(t, b, fmt.Sprintf("/assessments/%d?%s", a.ID, q))
		if ids := candidateIDs(body); status != http.StatusOK || len(ids) == 0 || ids[0] != last {
			t.Errorf("?%s: status %d, want the newest page", q, status)
		}
	}
}

func mustGet(t testing.TB, b *browser, path string) []byte {
	_, body, _ := timedGet(t, b, path)
	return body
}

// candidateIDs lists the submissions a page's candidates table links to,
// in order (each row links once).
func candidateIDs(page []byte) []int64 {
	var out []int64
	i := bytes.Index(page, []byte(`id="candidates"`))
	if i < 0 {
		return nil
	}
	end := bytes.Index(page[i:], []byte(`id="invites"`))
	if end < 0 {
		end = len(page) - i
	}
	for _, m := range candidateLinkRE.FindAllSubmatch(page[i:i+end], -1) {
		id, _ := strconv.ParseInt(string(m[1]), 10, 64)
		out = append(out, id)
	}
	return out
}

// TestInvitePagesWalk: the links list pages the same way, independently
// of the candidates' position.
func TestInvitePagesWalk(t *testing.T) {
	h := newHarness(t)
	a := h.assessment(false, 3)
	invs, err := h.srv.store.CreateInvites(context.Background(), a.ID, PageSize+3, "walk", time.Hour, h.clock.Now())
	if err != nil {
		t.Fatal(err)
	}
	b := h.browser()
	b.login()
	_, body, _ := timedGet(t, b, fmt.Sprintf("/assessments/%d?before=5", a.ID))
	m := regexp.MustCompile(`href="([^"]*inv_before=\d+[^"]*)" rel="next"`).FindSubmatch(body)
	if m == nil {
		t.Fatal("no Older link under the links")
	}
	link := strings.ReplaceAll(string(m[1]), "&amp;", "&")
	if !strings.Contains(link, "before=5") || !strings.HasSuffix(link, "#invites") {
		t.Errorf("links pager %q does not keep the candidates' position or the anchor", link)
	}
	_, body, _ = timedGet(t, b, strings.TrimSuffix(link, "#invites"))
	if got := bytes.Count(body, []byte(`action="/invites/`)); got != 3 {
		t.Errorf("second page of links: %d withdraw forms, want 3", got)
	}
	if !bytes.Contains(body, []byte(fmt.Sprintf(`action="/invites/%d/revoke"`, invs[0].ID))) {
		t.Error("the oldest link is not on the last page")
	}
}

// BenchmarkPages100k measures each page with 100,000 stored submissions
// (seeded once, about 20 s):
//
//	go test ./internal/panel -run XXX -bench Pages100k -benchtime 20x
func BenchmarkPages100k(b *testing.B) {
	h := newHarness(b)
	a := h.assessment(true, 2026, "double-charge")
	first, last := seedSubmissions(b, h, a, 100_000)
	br := h.browser()
	br.login()
	mid := first + (last-first)/2
	for _, p := range []struct{ name, path string }{
		{"dashboard", "/dashboard"},
		{"assessment", fmt.Sprintf("/assessments/%d", a.ID)},
		{"assessment-mid", fmt.Sprintf("/assessments/%d?before=%d", a.ID, mid)},
		{"assessment-oldest", fmt.Sprintf("/assessments/%d?before=%d", a.ID, first+3)},
		{"candidate", fmt.Sprintf("/submissions/%d", mid)},
		// The first view after a new submission: the group's norms are
		// computed again from every candidate's stored counts.
		{"candidate-norms-anew", fmt.Sprintf("/submissions/%d", mid)},
	} {
		b.Run(p.name, func(b *testing.B) {
			var size int
			for b.Loop() {
				if p.name == "candidate-norms-anew" {
					evidenceCaches.Delete(h.srv)
				}
				status, body, _ := timedGet(b, br, p.path)
				if status != http.StatusOK {
					b.Fatalf("status %d", status)
				}
				size = len(body)
			}
			b.ReportMetric(float64(size)/1024, "KB/page")
		})
	}
}

// TestExportStreamEqualsWhole: the streamed JSON export is byte for byte
// what encoding the whole export at once gives (the format did not change).
func TestExportStreamEqualsWhole(t *testing.T) {
	h := newHarness(t)
	a := h.assessment(true, 5, "double-charge")
	empty := h.assessment(false, 6)
	other := h.assessment(false, 7)
	// Another assessment's submissions inside a's batches' id ranges.
	seedSubmissions(t, h, a, exportBatch+50)
	seedSubmissions(t, h, other, 7)
	seedSubmissions(t, h, a, exportBatch+3)
	b := h.browser()
	b.login()
	check := func(what string) {
		for _, id := range []int64{0, a.ID, empty.ID, other.ID} {
			path := "/results.json"
			if id != 0 {
				path = fmt.Sprintf("/assessments/%d/results.json", id)
			}
			_, got, _ := timedGet(t, b, path)
			want := wholeExport(t, h, id)
			if !bytes.Equal(got, want) {
				i := 0
				for i < len(got) && i < len(want) && got[i] == want[i] {
					i++
				}
				t.Errorf("%s, %s: streamed export differs at byte %d:\n got …%s…\nwant …%s…", what, path, i, excerpt(got, i), excerpt(want, i))
			}
		}
	}
	check("batches of 100")
	// Batches that fill up after every submission's results.
	defer func(v int) { exportBatchBytes = v }(exportBatchBytes)
	exportBatchBytes = 1
	check("batches cut by size")
}

func excerpt(b []byte, i int) string {
	lo, hi := max(0, i-80), min(len(b), i+80)
	return string(b[lo:hi])
}

// wholeExport builds the JSON export in memory, as the panel did before it
// streamed.
func wholeExport(t *testing.T, h *harness, id int64) []byte {
	ctx := context.Background()
	var ids []int64
	if id != 0 {
		ids = []int64{id}
	} else if err := h.srv.store.EachAssessmentID(ctx, func(id int64) error { ids = append(ids, id); return nil }); err != nil {
		t.Fatal(err)
	}
	ex := Export{ExportedAt: h.clock.Now().UTC().Format(time.RFC3339), Assessments: []ExportAssessment{}}
	for _, aid := range ids {
		a, err := h.srv.assessment(ctx, aid)
		if err != nil {
			t.Fatal(err)
		}
		ea := exportAssessment(a)
		subs, err := h.srv.store.Submissions(ctx, aid, true)
		if err != nil {
			t.Fatal(err)
		}
		for _, sub := range subs {
			ea.Submissions = append(ea.Submissions, h.srv.exportSubmission(a, sub))
		}
		ex.Assessments = append(ex.Assessments, ea)
	}
	out, err := play.MarshalJSON(ex)
	if err != nil {
		t.Fatal(err)
	}
	return out
}

// TestInviteCounts: the counts read from indexes agree with each link's
// own state.
func TestInviteCounts(t *testing.T) {
	h := newHarness(t)
	a := h.assessment(false, 9)
	ctx := context.Background()
	short, err := h.srv.store.CreateInvites(ctx, a.ID, 5, "short", time.Hour, h.clock.Now())
	if err != nil {
		t.Fatal(err)
	}
	long, err := h.srv.store.CreateInvites(ctx, a.ID, 3, "long", 48*time.Hour, h.clock.Now())
	if err != nil {
		t.Fatal(err)
	}
	if _, err := h.srv.store.RevokeInvite(ctx, long[0].ID, h.clock.Now()); err != nil {
		t.Fatal(err)
	}
	if st, out := h.submit(long[1].Token, mustJSON(t, validBody(t, a, rand.New(rand.NewPCG(3, 3))))); st != http.StatusCreated {
		t.Fatalf("submit: %d %v", st, out)
	}
	if _, err := h.srv.store.RevokeInvite(ctx, short[0].ID, h.clock.Now()); err != nil {
		t.Fatal(err)
	}
	h.clock.Add(2 * time.Hour)
	now := h.clock.Now()
	got, err := h.srv.store.InviteCounts(ctx, a.ID, now)
	if err != nil {
		t.Fatal(err)
	}
	invs, err := h.srv.store.Invites(ctx, a.ID)
	if err != nil {
		t.Fatal(err)
	}
	want := InviteCounts{Links: len(invs), Candidates: 1}
	for _, iv := range invs {
		switch iv.Status(now) {
		case InviteOpen:
			want.Open++
		case InviteUsed:
			want.Used++
		case InviteExpired:
			want.Expired++
		case InviteRevoked:
			want.Withdrawn++
		}
	}
	if got != want || want != (InviteCounts{Links: 8, Open: 1, Used: 1, Expired: 4, Withdrawn: 2, Candidates: 1}) {
		t.Errorf("InviteCounts = %+v, row by row %+v", got, want)
	}
	tot, err := h.srv.store.Totals(ctx, now)
	if err != nil {
		t.Fatal(err)
	}
	if tot != (Totals{Assessments: 1, Submissions: 1, OpenInvites: 1, Today: 1}) {
		t.Errorf("Totals = %+v", tot)
	}
}

// TestExportFailureCutsTheConnection: when the database fails during an
// export, the client gets an error, never a 200 with a short file that
// looks whole.
func TestExportFailureCutsTheConnection(t *testing.T) {
	h := newHarness(t)
	a := h.assessment(false, 8)
	seedSubmissions(t, h, a, 3)
	b := h.browser()
	b.login()
	if _, err := h.srv.store.db.Exec("DROP TABLE results"); err != nil {
		t.Fatal(err)
	}
	for _, path := range []string{"/results.csv", "/results.json", fmt.Sprintf("/assessments/%d/results.csv", a.ID)} {
		req, _ := http.NewRequest(http.MethodGet, h.ts.URL+path, nil)
		resp, err := b.c.Do(req)
		if err != nil {
			continue // cut before the headers
		}
		_, err = io.ReadAll(resp.Body)
		resp.Body.Close()
		if err == nil {
			t.Errorf("%s: status %d and a complete body although the export failed", path, resp.StatusCode)
		}
	}
}

// TestDashboardPages: the dashboard lists assessments a page at a time.
func TestDashboardPages(t *testing.T) {
	h := newHarness(t)
	srcs := []Source{{Origin: "upload:test-desk.toml", File: "test-desk.toml", Data: []byte(testTOML)}}
	if p := ParseSources(srcs); len(p) > 0 {
		t.Fatal(p)
	}
	var ids []int64
	for i := range PageSize + 3 {
		id, err := h.srv.store.CreateAssessment(context.Background(), fmt.Sprintf("Intake %d", i), uint64(i+1), false, srcs, h.clock.Now())
		if err != nil {
			t.Fatal(err)
		}
		ids = append(ids, id)
	}
	b := h.browser()
	b.login()
	assessmentRE := regexp.MustCompile(`<td><a href="/assessments/(\d+)">`)
	_, page, _ := timedGet(t, b, "/dashboard")
	if got := len(assessmentRE.FindAll(page, -1)); got != PageSize {
		t.Fatalf("first page lists %d assessments, want %d", got, PageSize)
	}
	m := regexp.MustCompile(`href="(/dashboard\?before=\d+)#assessments" rel="next"`).FindSubmatch(page)
	if m == nil {
		t.Fatal("no Older link under the assessments")
	}
	_, page, _ = timedGet(t, b, string(m[1]))
	got := assessmentRE.FindAllSubmatch(page, -1)
	if len(got) != 3 || string(got[2][1]) != strconv.FormatInt(ids[0], 10) {
		t.Errorf("second page lists %d assessments, the last %q; want 3 ending with the oldest, #%d", len(got), got[len(got)-1][1], ids[0])
	}
	if !bytes.Contains(page, []byte(`>`+strconv.Itoa(PageSize+3)+` assessments`)) {
		t.Error("the total of assessments is not shown")
	}
}
