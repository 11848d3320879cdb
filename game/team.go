package game

import (
	"strings"
	"time"

	"github.com/shockabsorber/shockabsorber/play"
	"github.com/shockabsorber/shockabsorber/play/team"
	"github.com/shockabsorber/shockabsorber/scenarios"
)

// Team progress (play/team): a player who agreed on the consent screen
// sends each finished practice run to their trainer's team. The
// membership and its outbox live in the save document, so results made
// offline wait there, across restarts, until the panel has them.

// teamSync is the game's outbox: play/team's Queue over the game's own
// requests, pumped every tick whatever the screen.
type teamSync struct {
	q     team.Queue
	saves *Saves
	// gen counts changes of any run's status, for the debrief's line.
	gen int
}

func newTeamSync(saves *Saves) *teamSync {
	t := &teamSync{saves: saves}
	t.q.M = saves.Data.Team
	t.q.Send = teamTransport
	t.q.Changed = func() { saves.Save() }
	return t
}

// teamTransport sends with the game's startRequest (net/http on the
// desktop, fetch in the browser).
func teamTransport(method, url string, body []byte) <-chan team.Response {
	in := startRequest(method, url, body)
	out := make(chan team.Response, 1)
	go func() {
		r := <-in
		out <- team.Response{Status: r.Status, Body: r.Body, RetryAfter: r.RetryAfter, Err: r.Err}
	}()
	return out
}

// pump moves the outbox on (see team.Queue.Pump).
func (t *teamSync) pump(now time.Time) {
	if t.q.Pump(now) {
		t.gen++
	}
}

// setMembership joins (m) or leaves (nil) a team and saves.
func (t *teamSync) setMembership(m *team.Membership) {
	t.saves.Data.Team = m
	t.q.M = m
	t.gen++
	t.saves.Save()
}

// memberKey is the player's key for every team, made once and saved.
func memberKey(s *Saves) string {
	if !team.ValidToken(s.Data.MemberKey) {
		if k, err := team.NewKey(); err == nil {
			s.Data.MemberKey = k
		}
	}
	return s.Data.MemberKey
}

// practiceClock times a practice run's decisions, for what is sent to a
// team: when the run started and how long each decision was on screen.
type practiceClock struct {
	run     *play.Run
	started time.Time
	scene   *dialogue
	shown   time.Time
	timings []int64
}

// see notes that d shows a node of its run at now.
func (p *practiceClock) see(d *dialogue, now time.Time) {
	if p.run != d.run {
		*p = practiceClock{run: d.run, started: now}
	}
	if p.scene != d {
		p.scene, p.shown = d, now
	}
}

// chose notes a decision taken at now on d.
func (p *practiceClock) chose(d *dialogue, now time.Time) {
	if p.run == d.run && p.scene == d {
		p.timings = append(p.timings, max(0, now.Sub(p.shown).Milliseconds()))
	}
}

// teamEligible reports whether a finished practice run may be sent: only
// runs of the bundled library's scenarios (the panel replays them against
// its own copy), never of a trainer's file.
func teamEligible(ctx *Context, sc *scenarios.Scenario) bool {
	return ctx.Library != nil && ctx.Library.ByID(sc.ID) == sc && ctx.Library.Trainer != sc
}

// teamQueueRun queues a finished practice run for the team, when the
// player is in one and sending is on, and returns its run id ("" when
// nothing was queued).
func teamQueueRun(ctx *Context, run *play.Run) (runID string, why teamNote) {
	ts := ctx.Team
	if ts == nil || ts.q.M == nil || ctx.Mode != Practice || ctx.Scripted {
		return "", noteNone
	}
	m := ts.q.M
	if m.Paused {
		return "", notePaused
	}
	if !teamEligible(ctx, run.Scenario()) {
		return "", noteNotLibrary
	}
	id, err := team.NewKey()
	if err != nil {
		return "", noteNone
	}
	now := ctx.Now()
	pc := &ctx.practice
	started := now
	var timings []int64
	if pc.run == run {
		started, timings = pc.started, pc.timings
	}
	// What the consent screen and the join page list: the game's version,
	// language, time zone and screen size, never the browser's user agent.
	client := clientDetails(ctx.UI)
	client.UserAgent = ""
	u, err := team.NewUpload(team.Run{
		Scenario: run.Scenario(), Steps: run.Steps(), TimingsMS: timings, Started: started, Finished: now,
		Member: play.PracticeMember{Key: memberKey(ctx.Saves), Name: m.Name}, RunID: id, Client: client,
	})
	if err != nil {
		return "", noteNone
	}
	ts.q.Add(u)
	ts.gen++
	return id, noteNone
}

// teamNote is why a run was not queued.
type teamNote int

const (
	noteNone teamNote = iota
	notePaused
	noteNotLibrary
)

// teamLine is the debrief's line about a practice run's result: sent,
// on its way, waiting, or what the panel said; "" when the player is in
// no team. The colour says how it went.
func teamLine(str *Strings, ts *teamSync, runID string, note teamNote, teamName string) (string, bool, bool) {
	switch note {
	case notePaused:
		return str.F(sTeamDebriefPaused, teamName), false, false
	case noteNotLibrary:
		return str.F(sTeamDebriefNotLibrary, teamName), false, false
	}
	if runID == "" || ts == nil {
		return "", false, false
	}
	o := ts.q.Status(runID)
	name := o.Team
	if name == "" {
		name = teamName
	}
	switch o.State {
	case team.Sent:
		return str.F(sTeamDebriefSent, name), true, false
	case team.Waiting:
		if o.Offline {
			return str.T(sTeamDebriefOffline), false, false
		}
		return str.F(sTeamDebriefRetry, strings.TrimRight(o.Message, ".")), false, false
	case team.Paused:
		return str.F(sTeamDebriefPausedQueued, name), false, false
	case team.Failed:
		return str.F(sTeamDebriefFailed, name, o.Message), false, true
	case team.Unknown:
		return "", false, false
	}
	return str.F(sTeamDebriefSending, name), false, false
}

// alreadyJoined reports whether link is the team the player already
// sends to, so the same link again (a reload of /play/?team=TOKEN, the
// same --team) opens the library instead of asking again.
func alreadyJoined(m *team.Membership, link string) bool {
	l, err := team.ParseLink(link, isBrowser)
	return err == nil && m != nil && m.Closed == "" && m.Link.Token == l.Token
}
