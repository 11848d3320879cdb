package game

import (
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/hajimehoshi/ebiten/v2"

	"github.com/shockabsorber/shockabsorber/play"
	"github.com/shockabsorber/shockabsorber/play/team"
	"github.com/shockabsorber/shockabsorber/scenarios"
)

const testTeamToken = "TeamTokenTeamToken0123"

// fakeTeamPanel answers the team API (team-api.md) as the panel does:
// the team's description, and practice results decoded strictly and
// replayed against the bundled library with time limits off (201, or
// 200 for a run received before). refuse, when set, answers a POST
// with that status and message instead.
type fakeTeamPanel struct {
	mu     sync.Mutex
	lib    *scenarios.Set
	got    []play.PracticeUpload
	refuse func() (int, string)
}

func newFakeTeamPanel(t *testing.T) (*fakeTeamPanel, *httptest.Server) {
	lib, diags := scenarios.Library()
	if diags.HasErrors() {
		t.Fatal(diags)
	}
	p := &fakeTeamPanel{lib: lib}
	srv := httptest.NewServer(p)
	t.Cleanup(srv.Close)
	return p, srv
}

func (p *fakeTeamPanel) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	p.mu.Lock()
	defer p.mu.Unlock()
	fail := func(status int, code, msg string) {
		w.WriteHeader(status)
		b, _ := play.MarshalJSON(play.APIError{Status: status, Code: code, Message: msg})
		w.Write(b)
	}
	switch {
	case r.Method == "GET" && r.URL.Path == "/api/teams/"+testTeamToken:
		b, _ := play.MarshalJSON(play.TeamInfo{Team: "Night shift", Trainer: "Tina Trainer", JoinURL: "http://" + r.Host + "/t/" + testTeamToken, PracticeURL: "/api/teams/" + testTeamToken + "/practice"})
		w.Write(b)
	case r.Method == "GET":
		fail(404, "unknown_team", "This team link is unknown: ask your trainer for a new one.")
	case r.Method == "POST" && r.URL.Path == "/api/teams/"+testTeamToken+"/practice":
		if p.refuse != nil {
			st, msg := p.refuse()
			fail(st, "refused", msg)
			return
		}
		data, _ := io.ReadAll(io.LimitReader(r.Body, 256<<10))
		var u play.PracticeUpload
		if err := play.DecodeStrict(data, &u); err != nil {
			fail(400, "bad_request", err.Error())
			return
		}
		sc := p.lib.ByID(u.Transcript.Scenario)
		if sc == nil || sc.Language != u.Language {
			fail(422, "unknown_scenario", "unknown scenario")
			return
		}
		if _, err := play.ReplayAssessment(sc, u.Transcript, false); err != nil {
			fail(422, "bad_transcript", err.Error())
			return
		}
		p.got = append(p.got, u)
		w.WriteHeader(201)
		b, _ := play.MarshalJSON(play.PracticeResponse{OK: true, Team: "Night shift"})
		w.Write(b)
	default:
		http.NotFound(w, r)
	}
}

func (p *fakeTeamPanel) received() []play.PracticeUpload {
	p.mu.Lock()
	defer p.mu.Unlock()
	return append([]play.PracticeUpload(nil), p.got...)
}

// waitFrames runs frames, with the real clock passing, until done (a
// request answered on its goroutine), for at most 10 s.
func (rg *restGame) waitFrames(done func() bool) {
	rg.t.Helper()
	deadline := time.Now().Add(10 * time.Second)
	for !done() {
		if time.Now().After(deadline) {
			rg.t.Fatal("waited 10 s")
		}
		rg.frame(Intents{})
		time.Sleep(2 * time.Millisecond)
	}
}

// teamGame is a practice game with the bundled library, a team outbox
// and the mirror's fake port.
func teamGame(t *testing.T, w, h int) (*restGame, *fakeA11yPort) {
	rg := newRestGame(t, w, h)
	port := &fakeA11yPort{t: t}
	rg.g.a11y.port = port
	rg.g.ctx.Library = LoadLibrary()
	rg.g.ctx.Team = newTeamSync(rg.g.ctx.Saves)
	return rg, port
}

func joinTestTeam(t *testing.T, ctx *Context, srvURL string) *team.Membership {
	l, err := team.ParseLink(srvURL+"/t/"+testTeamToken, false)
	if err != nil {
		t.Fatal(err)
	}
	m, err := team.Join(l, play.TeamInfo{Team: "Night shift", Trainer: "Tina Trainer"}, "Zoë Núñez", time.Now())
	if err != nil {
		t.Fatal(err)
	}
	ctx.Team.setMembership(m)
	return m
}

func TestTeamFlagJoinsFromLink(t *testing.T) {
	_, srv := newFakeTeamPanel(t)
	link := srv.URL + "/t/" + testTeamToken
	o, err := ParseArgs([]string{"--team", link})
	if err != nil || o.Team != link {
		t.Fatalf("--team %s: %+v, %v", link, o.Team, err)
	}
	for _, bad := range [][]string{
		{"--team", testTeamToken},
		{"--team", "https://example.org/a/" + testTeamToken},
		{"--team", link, "--mode", "assessment", "--scenario", "double-charge"},
	} {
		if _, err := ParseArgs(bad); !errors.Is(err, ErrUsage) {
			t.Errorf("%q: %v, want a usage error", bad, err)
		}
	}
	var help strings.Builder
	Usage(&help)
	if !strings.Contains(help.String(), "--team URL") {
		t.Error("--help does not list --team")
	}

	g, err := New(Options{Team: link, ConfigDir: t.TempDir(), Width: 1280, Height: 720})
	if err != nil {
		t.Fatal(err)
	}
	defer g.Close()
	ts, ok := g.scenes.Current().(*teamScene)
	if !ok || ts.phase != teamPhaseLoading {
		t.Fatalf("the game opens on %T, want the team screen reading the team", g.scenes.Current())
	}
	rg := &restGame{t: t, g: g, dst: ebiten.NewImage(1280, 720), clock: time.Now()}
	g.ctx.UI.Resize(1280, 720, 1)
	rg.waitFrames(func() bool { return ts.phase != teamPhaseLoading })
	if ts.phase != teamPhaseConsent || ts.info.Team != "Night shift" {
		t.Fatalf("after reading the team: phase %d, %+v, error %q", ts.phase, ts.info, ts.err)
	}
	// Not now: nothing joined, on to the library.
	rg.frame(Intents{Back: true})
	rg.settleFade()
	if _, ok := g.scenes.Current().(*title); !ok || g.ctx.Saves.Data.Team != nil {
		t.Errorf("after Not now: %T, team %+v", g.scenes.Current(), g.ctx.Saves.Data.Team)
	}
	// Once joined, the same link opens the library without asking again.
	joinTestTeam(t, &g.ctx, srv.URL)
	dir := g.opts.ConfigDir
	g2, err := New(Options{Team: link, ConfigDir: dir, Width: 1280, Height: 720})
	if err != nil {
		t.Fatal(err)
	}
	defer g2.Close()
	if _, ok := g2.scenes.Current().(*title); !ok || g2.ctx.Saves.Data.Team == nil {
		t.Errorf("the same link again opens %T", g2.scenes.Current())
	}
}

func TestTeamLinkErrorsAreShownUnderTheField(t *testing.T) {
	_, srv := newFakeTeamPanel(t)
	rg, _ := teamGame(t, 1280, 720)
	ts := newTeamJoin(&rg.g.ctx, func() Scene { return newTitle(&rg.g.ctx, nil) })
	rg.g.scenes.GoTo(ts)
	rg.frame(Intents{Chars: []rune("https://example.org/a/" + testTeamToken)})
	rg.frame(Intents{Enter: true})
	if ts.phase != teamPhaseLink || !strings.Contains(ts.err, "not a team's join link") {
		t.Errorf("a link that is not a team's: phase %d, %q", ts.phase, ts.err)
	}
	ts.field.set(srv.URL + "/t/ZZZZZZZZZZZZZZZZZZZZZZ")
	rg.frame(Intents{Enter: true})
	rg.waitFrames(func() bool { return ts.phase != teamPhaseLoading })
	if ts.phase != teamPhaseLink || !strings.Contains(ts.err, "unknown: ask your trainer") {
		t.Errorf("an unknown team: phase %d, %q", ts.phase, ts.err)
	}
}

func TestTeamConsentScreenShowsWhatIsSent(t *testing.T) {
	_, srv := newFakeTeamPanel(t)
	rg, port := teamGame(t, 1280, 720)
	ctx := &rg.g.ctx
	ctx.Saves.Data.LastName = "Ada Lovelace" // typed in an assessment before
	ts := newTeamFromLink(ctx, srv.URL+"/t/"+testTeamToken+"/", func() Scene { return newTitle(ctx, nil) })
	rg.g.scenes.GoTo(ts)
	rg.waitFrames(func() bool { return ts.phase == teamPhaseConsent && port.renders > 0 && port.view().Field != nil })
	v := port.view()
	all := v.Heading
	for _, x := range v.Texts {
		all += "\n" + x.Text
	}
	for _, want := range []string{"Night shift", "Trainer: Tina Trainer", "the name you type below", "the scenario and its language, your choices, how long each decision took and when you started and finished", "a random key", "time zone and screen size", "Nothing else", "pause sending or leave the team"} {
		if !strings.Contains(all, want) {
			t.Errorf("the consent screen does not say %q:\n%s", want, all)
		}
	}
	if v.Scene != "team" || v.Field == nil || v.Field.Label != "Your name for the team" || v.Field.Value != "Ada Lovelace" {
		t.Errorf("the name field: %+v", v.Field)
	}
	if len(v.Buttons) != 2 || v.Buttons[0] != (a11yButton{"consent", "Send my practice results"}) || v.Buttons[1] != (a11yButton{"notnow", "Not now"}) {
		t.Errorf("buttons %+v", v.Buttons)
	}
	if ctx.Saves.Data.Team != nil {
		t.Fatal("joined before consenting")
	}
	// An empty name is refused with a message; then the reader types one.
	port.queue = append(port.queue, a11yAction{Serial: v.Serial, Act: "name", Text: "  "})
	rg.frame(Intents{})
	port.queue = append(port.queue, a11yAction{Serial: v.Serial, Act: "consent"})
	rg.frame(Intents{})
	rg.frame(Intents{})
	if v := port.view(); v.Field == nil || v.Field.Error != "Please type your name first." || ctx.Saves.Data.Team != nil {
		t.Fatalf("an empty name: %+v", v.Field)
	}
	port.queue = append(port.queue, a11yAction{Serial: v.Serial, Act: "name", Text: "Zoë Núñez"})
	rg.frame(Intents{})
	port.press(rg, "consent", -1, "")
	m := ctx.Saves.Data.Team
	if m == nil || m.Name != "Zoë Núñez" || m.Team != "Night shift" || m.Trainer != "Tina Trainer" || m.PracticeURL != srv.URL+"/api/teams/"+testTeamToken+"/practice" {
		t.Fatalf("joined %+v", m)
	}
	if !team.ValidToken(ctx.Saves.Data.MemberKey) || ctx.Saves.Data.LastName != "Zoë Núñez" {
		t.Errorf("member key %q, last name %q", ctx.Saves.Data.MemberKey, ctx.Saves.Data.LastName)
	}
	if _, ok := rg.g.scenes.Current().(*title); !ok {
		t.Errorf("after consenting: %T", rg.g.scenes.Current())
	}
	saved := string(ctx.Saves.st.(*memStorage).data)
	if !strings.Contains(saved, `"team": "Night shift"`) {
		t.Errorf("the membership is not saved:\n%s", saved)
	}
}

// playToDebrief plays a bundled scenario with choices through the real
// dialogue and feedback scenes, a second of thought per decision, and
// returns the debrief.
func playToDebrief(t *testing.T, rg *restGame, id string, choices []int) *debrief {
	t.Helper()
	ctx := &rg.g.ctx
	sc := ctx.Library.ByID(id)
	if sc == nil {
		t.Fatalf("no %s", id)
	}
	run := play.New(sc)
	ctx.Run = run
	rg.g.scenes.GoTo(newDialogue(ctx, run, run.Mood()))
	rg.settleFade()
	for k := 0; k < 200; k++ {
		switch s := rg.g.scenes.Current().(type) {
		case *debrief:
			rg.frame(Intents{})
			return s
		case *dialogue:
			rg.frame(Intents{Confirm: true}) // the whole line
			rg.clock = rg.clock.Add(time.Second)
			if s.ending {
				rg.frame(Intents{Confirm: true})
			} else {
				in := Intents{}
				in.Pick(choices[len(run.Steps())])
				rg.frame(in)
			}
		case *feedback:
			rg.frame(Intents{Confirm: true})
		}
		rg.settleFade()
	}
	t.Fatal("no debrief")
	return nil
}

func TestDebriefSaysResultWasSent(t *testing.T) {
	p, srv := newFakeTeamPanel(t)
	rg, port := teamGame(t, 1280, 720)
	joinTestTeam(t, &rg.g.ctx, srv.URL)
	choices := []int{2, 2, 4, 1}
	d := playToDebrief(t, rg, "double-charge", choices)
	rg.waitFrames(func() bool { return strings.HasPrefix(d.teamLine, "Sent") })
	if d.teamLine != "Sent to “Night shift”" || d.teamC != colGood {
		t.Errorf("the debrief says %q", d.teamLine)
	}
	found := false
	for _, x := range port.view().Texts {
		found = found || (x.Label == "Team" && x.Text == d.teamLine)
	}
	if !found {
		t.Errorf("the accessible view does not say it: %+v", port.view().Texts)
	}
	got := p.received()
	if len(got) != 1 {
		t.Fatalf("the panel got %d results", len(got))
	}
	u := got[0]
	if fmt.Sprint(u.Transcript.Choices) != fmt.Sprint(choices) || u.Member.Name != "Zoë Núñez" || u.Language != "en" || u.Transcript.Scenario != "double-charge" {
		t.Errorf("sent %+v", u)
	}
	if len(u.Transcript.TimingsMS) != len(choices) || u.Transcript.TimingsMS[0] < 1000 {
		t.Errorf("decision times %v, want one per choice, a second or more each", u.Transcript.TimingsMS)
	}
	if u.Client.UserAgent != "" || u.Client.Version == "" {
		t.Errorf("client %+v: the version, never a user agent", u.Client)
	}
	if u.Member.Key != rg.g.ctx.Saves.Data.MemberKey || !team.ValidToken(u.RunID) || u.StartedAt == "" || u.FinishedAt == "" {
		t.Errorf("member %+v run %q times %s %s", u.Member, u.RunID, u.StartedAt, u.FinishedAt)
	}
	if n := len(rg.g.ctx.Saves.Data.Team.Outbox); n != 0 {
		t.Errorf("%d results still waiting", n)
	}
}

func TestDebriefSaysWaitingWhenOffline(t *testing.T) {
	_, srv := newFakeTeamPanel(t)
	rg, _ := teamGame(t, 1280, 720)
	joinTestTeam(t, &rg.g.ctx, srv.URL)
	srv.Close() // offline
	d := playToDebrief(t, rg, "double-charge", []int{2, 2, 4, 1})
	rg.waitFrames(func() bool { return strings.HasPrefix(d.teamLine, "Waiting") })
	if d.teamLine != "Waiting to send — offline, will retry" {
		t.Errorf("the debrief says %q", d.teamLine)
	}
	m := rg.g.ctx.Saves.Data.Team
	if len(m.Outbox) != 1 || m.Outbox[0].Attempts != 1 {
		t.Fatalf("outbox %+v", m.Outbox)
	}
	if saved := string(rg.g.ctx.Saves.st.(*memStorage).data); !strings.Contains(saved, m.Outbox[0].Upload.RunID) {
		t.Error("the waiting result is not in the save")
	}
}

func TestDebriefShowsTheServersMessage(t *testing.T) {
	p, srv := newFakeTeamPanel(t)
	p.refuse = func() (int, string) { return 422, "The scenario is not in this panel's library." }
	rg, _ := teamGame(t, 1280, 720)
	joinTestTeam(t, &rg.g.ctx, srv.URL)
	d := playToDebrief(t, rg, "double-charge-es", []int{1, 1, 1, 1})
	rg.waitFrames(func() bool { return strings.HasPrefix(d.teamLine, "Not sent") })
	if d.teamLine != "Not sent to “Night shift”: The scenario is not in this panel's library." || d.teamC != colBad {
		t.Errorf("the debrief says %q", d.teamLine)
	}
}

// Nothing is queued in an assessment, while sending is paused, or for a
// trainer's own file; a player in no team sees no line.
func TestOnlyPracticeRunsOfTheLibraryAreSent(t *testing.T) {
	_, srv := newFakeTeamPanel(t)
	rg, _ := teamGame(t, 1280, 720)
	ctx := &rg.g.ctx
	sc := ctx.Library.ByID("double-charge")
	run, _, err := play.Replay(sc, []int{2, 2, 4, 1})
	if err != nil {
		t.Fatal(err)
	}
	if id, _ := teamQueueRun(ctx, run); id != "" {
		t.Error("queued without a team")
	}
	m := joinTestTeam(t, ctx, srv.URL)
	ctx.Mode = Assessment
	if id, _ := teamQueueRun(ctx, run); id != "" {
		t.Error("queued in an assessment")
	}
	ctx.Mode = Practice
	m.Paused = true
	if id, note := teamQueueRun(ctx, run); id != "" || note != notePaused {
		t.Error("queued while paused")
	}
	m.Paused = false
	trainer, _, _ := play.Replay(mustTestScenario(t), []int{1, 1})
	if id, note := teamQueueRun(ctx, trainer); id != "" || note != noteNotLibrary {
		t.Errorf("queued a trainer's file: %q %d", id, note)
	}
	if id, _ := teamQueueRun(ctx, run); id == "" || len(m.Outbox) != 1 {
		t.Error("a library run was not queued")
	}
}

func TestSettingsTeamSectionPausesAndLeaves(t *testing.T) {
	_, srv := newFakeTeamPanel(t)
	rg, _ := teamGame(t, 1280, 720)
	ctx := &rg.g.ctx
	s := newSettings(ctx, func() Scene { return newTitle(ctx, nil) })
	rg.g.scenes.GoTo(s)
	rg.frame(Intents{})
	if len(s.teamActs) != 1 || s.teamActs[0] != "join" || !strings.Contains(s.teamStatus.Src, "join with the link") {
		t.Fatalf("no team: %v %q", s.teamActs, s.teamStatus.Src)
	}
	for range 4 {
		rg.frame(Intents{Down: true})
	}
	rg.frame(Intents{Confirm: true})
	rg.settleFade()
	if _, ok := rg.g.scenes.Current().(*teamScene); !ok {
		t.Fatalf("Join a team… opened %T", rg.g.scenes.Current())
	}
	m := joinTestTeam(t, ctx, srv.URL)
	s = newSettings(ctx, func() Scene { return newTitle(ctx, nil) })
	rg.g.scenes.GoTo(s)
	rg.settleFade()
	if !strings.Contains(s.teamStatus.Src, "“Night shift” · trainer Tina Trainer · as Zoë Núñez · Sending on") {
		t.Errorf("joined: %q", s.teamStatus.Src)
	}
	m.Trainer = "" // a trainer the panel has no name for
	s.gen = -1
	if s.layout(); !strings.HasPrefix(s.teamStatus.Src, "“Night shift” · as Zoë Núñez · Sending on") {
		t.Errorf("joined, no trainer's name: %q", s.teamStatus.Src)
	}
	m.Trainer = "Tina Trainer"
	s.gen = -1
	s.layout()
	rg.frame(Intents{Click: true, X: s.teamB[0].r.X + 2, Y: s.teamB[0].r.Y + 2})
	if !m.Paused || !strings.Contains(s.teamStatus.Src, "Sending paused") || s.teamActs[0] != "resume" {
		t.Errorf("after Pause: %v %q", m.Paused, s.teamStatus.Src)
	}
	rg.frame(Intents{})
	port := rg.g.a11y.port.(*fakeA11yPort)
	if v := port.view(); len(v.Buttons) != 3 || v.Buttons[0].Act != "team-resume" || v.Buttons[1] != (a11yButton{"team-leave", "Leave team"}) || v.Texts[0].Label != "Team" {
		t.Errorf("the accessible view of the Team section: %+v %+v", v.Texts, v.Buttons)
	}
	leave := s.teamB[1].r
	rg.frame(Intents{Click: true, X: leave.X + 2, Y: leave.Y + 2})
	if ctx.Saves.Data.Team == nil || !s.leaveArmed {
		t.Fatal("one press left the team")
	}
	rg.frame(Intents{Click: true, X: leave.X + 2, Y: leave.Y + 2})
	if ctx.Saves.Data.Team != nil || ctx.Team.q.M != nil || s.teamActs[0] != "join" {
		t.Errorf("after leaving: %+v", ctx.Saves.Data.Team)
	}
}

// TestTeamScreens draws the Settings' Team section, the join and consent
// screens and the debrief's line in every language at 800x600 and
// 1280x720; with SA_SHOTS=DIR it writes them as PNGs to look at.
func TestTeamScreens(t *testing.T) {
	shots := os.Getenv("SA_SHOTS")
	if shots != "" {
		os.MkdirAll(shots, 0o755)
	}
	p, srv := newFakeTeamPanel(t)
	langs, sizes := []string{"en"}, [][2]int{{800, 600}}
	if shots != "" { // every language and size to look at; one otherwise
		langs, sizes = []string{"en", "pt-BR", "es"}, [][2]int{{480, 400}, {800, 600}, {1280, 720}}
	}
	for _, lang := range langs {
		for _, size := range sizes {
			rg, _ := teamGame(t, size[0], size[1])
			ctx := &rg.g.ctx
			str, err := LoadStrings(lang)
			if err != nil {
				t.Fatal(err)
			}
			ctx.UI.SetStrings(str)
			ctx.Saves.Data.Settings.Lang = lang
			shot := func(name string) {
				rg.g.rest.dirty = true
				rg.frame(Intents{})
				if n := distinctColors(rg.dst); n < 20 {
					t.Errorf("%s %s: %d colours, want a real rendering", lang, name, n)
				}
				if shots != "" {
					savePNG(t, rg.dst, filepath.Join(shots, fmt.Sprintf("team-%s-%dx%d-%s.png", lang, size[0], size[1], name)))
				}
			}
			back := func() Scene { return newTitle(ctx, nil) }
			rg.g.scenes.GoTo(newSettings(ctx, back))
			rg.settleFade()
			for range 4 {
				rg.frame(Intents{Down: true})
			}
			shot("settings-none")
			ts := newTeamJoin(ctx, back)
			rg.g.scenes.GoTo(ts)
			rg.settleFade()
			rg.frame(Intents{Chars: []rune("https://panel.example.org/a/" + testTeamToken)})
			rg.frame(Intents{Enter: true})
			shot("link-error")
			ctx.Saves.Data.LastName = "Zoë Núñez"
			ts = newTeamFromLink(ctx, srv.URL+"/t/"+testTeamToken, back)
			rg.g.scenes.GoTo(ts)
			rg.settleFade()
			rg.waitFrames(func() bool { return ts.phase == teamPhaseConsent })
			shot("consent")
			if ts.scroll.max > 0 {
				// A window too small for the card: it scrolls to the
				// buttons.
				rg.frame(Intents{Wheel: -20})
				if b := ts.at(ts.buttons[0].r); b.bottom() > float64(size[1]) {
					t.Errorf("%s %dx%d: the consent's button is below the window after scrolling", lang, size[0], size[1])
				}
				shot("consent-scrolled")
			}

			m := joinTestTeam(t, ctx, srv.URL)
			d := playToDebrief(t, rg, "double-charge", []int{2, 2, 4, 1})
			rg.waitFrames(func() bool { return d.teamC == colGood })
			shot("debrief-sent")
			p.refuse = func() (int, string) { return 503, "The panel is restarting." }
			d = playToDebrief(t, rg, "double-charge", []int{2, 2, 4, 1})
			rg.waitFrames(func() bool { return len(m.Outbox) == 1 && m.Outbox[0].Attempts > 0 })
			shot("debrief-retry")
			p.refuse = func() (int, string) {
				return 422, "This scenario is not in the panel's library (an older version of the game?)."
			}
			m.Outbox = nil
			d = playToDebrief(t, rg, "double-charge", []int{2, 2, 4, 1})
			rg.waitFrames(func() bool { return d.teamC == colBad })
			shot("debrief-refused")
			p.refuse = nil
			m.Paused = true // the two results below stay waiting
			m.Outbox = append(m.Outbox, team.Item{}, team.Item{})
			rg.g.scenes.GoTo(newSettings(ctx, back))
			rg.settleFade()
			for range 4 {
				rg.frame(Intents{Down: true})
			}
			shot("settings-joined")
			if size[1] < 500 {
				// Too short for every setting: the focus on Back scrolls
				// it into view.
				for range 3 {
					rg.frame(Intents{Down: true})
				}
				shot("settings-scrolled")
			}
			m.Outbox = nil
			ctx.Team.setMembership(nil)
		}
	}
}

// A paste is taken once, though the browser delivers it twice (read from
// the clipboard and as the field's own input); the same text typed or
// committed by an input method later is text like any other.
func TestPasteIsTakenOnce(t *testing.T) {
	f := textField{max: 200}
	f.frames, f.keyAt = 10, 10 // Ctrl+V at frame 10
	if !f.paste(" https://a.example/t/" + testTeamToken + "\n") {
		t.Fatal("the paste was not taken")
	}
	f.frames = 20
	if f.paste("https://a.example/t/"+testTeamToken) || string(f.text) != "https://a.example/t/"+testTeamToken {
		t.Errorf("pasted twice: %q", string(f.text))
	}
	f.set("")
	f.frames = 200 // long after: the same text is pasted anew
	f.keyAt = 195
	f.pasted = ""
	if !f.paste("abc") || string(f.text) != "abc" {
		t.Errorf("a new paste: %q", string(f.text))
	}
	f.add([]rune("\ta\u202Eb  c"))
	if got := string(f.text); got != "abc ab c" {
		t.Errorf("typed text kept %q; controls and double spaces are not typed", got)
	}
}

// Joining another team says the current one is left, with what waits
// for it, and then sends to the new one only.
func TestJoiningAnotherTeamSaysTheOldOneIsLeft(t *testing.T) {
	_, srv := newFakeTeamPanel(t)
	rg, port := teamGame(t, 1280, 720)
	ctx := &rg.g.ctx
	old := &team.Membership{Link: team.Link{Base: "https://old.example", Token: "OldTokenOldTokenOldTok"}, Team: "Old crew", Name: "Zoë",
		Outbox: []team.Item{{Upload: play.PracticeUpload{RunID: "waiting"}}}}
	ctx.Team.setMembership(old)
	ts := newTeamFromLink(ctx, srv.URL+"/t/"+testTeamToken, func() Scene { return newTitle(ctx, nil) })
	rg.g.scenes.GoTo(ts)
	rg.waitFrames(func() bool { return ts.phase == teamPhaseConsent && port.view().Field != nil })
	found := false
	for _, x := range port.view().Texts {
		found = found || strings.Contains(x.Text, "You will leave “Old crew”: results not yet sent to it will not be sent.")
	}
	if !found {
		t.Errorf("the consent does not say the old team is left: %+v", port.view().Texts)
	}
	if port.view().Field.Value != "Zoë" {
		t.Errorf("the name is not the one given to the old team: %q", port.view().Field.Value)
	}
	port.press(rg, "consent", -1, "")
	if m := ctx.Saves.Data.Team; m == nil || m.Team != "Night shift" || len(m.Outbox) != 0 || ctx.Team.q.M != m {
		t.Errorf("after joining: %+v", m)
	}
}
