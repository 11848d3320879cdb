package game

import (
	"github.com/hajimehoshi/ebiten/v2"
)

// layoutTeam lays out the Settings' Team section from y, in the column
// at x0 of width w, and returns the y after it: the player's team, the
// trainer, the name sent, whether sending is on and how many results
// wait; its buttons join a team, or pause, resume and leave.
func (s *settingsScene) layoutTeam(x0, y, w, gap float64) float64 {
	u := s.ui
	str := u.Str
	s.teamLabelY = y
	y += u.LineH(fBodyBold) + u.P(4)
	m := s.saves.Data.Team
	var status string
	s.teamActs = s.teamActs[:0]
	switch {
	case m == nil:
		status = str.T(sTeamSettingsNone)
		s.teamActs = append(s.teamActs, "join")
	default:
		if m.Trainer != "" {
			status = str.F(sTeamSettingsStatus, m.Team, m.Trainer, m.Name)
		} else {
			status = str.F(sTeamSettingsStatusNoTrainer, m.Team, m.Name)
		}
		switch {
		case m.Closed != "":
			status += "\n" + str.F(sTeamSettingsClosed, m.Closed)
		case m.Paused:
			status += " · " + str.T(sTeamSettingsPaused)
			s.teamActs = append(s.teamActs, "resume")
		default:
			status += " · " + str.T(sTeamSettingsOn)
			s.teamActs = append(s.teamActs, "pause")
		}
		if n := len(m.Outbox); n > 0 {
			status += " · " + str.N(sTeamSettingsWaitingOne, sTeamSettingsWaitingOther, n)
		}
		s.teamActs = append(s.teamActs, "leave")
	}
	s.teamStatus = u.Wrap(status, fSmall, w)
	y += s.teamStatus.H + u.P(8)
	s.teamB = s.teamB[:0]
	x := x0
	for i, act := range s.teamActs {
		label := map[string]Str{"join": sTeamSettingsJoin, "pause": sTeamSettingsPause, "resume": sTeamSettingsResume, "leave": sTeamSettingsLeave}[act]
		text := str.T(label)
		if act == "leave" && s.leaveArmed {
			text = str.T(sTeamSettingsLeaveSure)
		}
		b := u.newButton(text, x, y, act == "join")
		if i > 0 && x+b.r.W > x0+w {
			x, y = x0, y+b.r.H+u.P(8)
			b.r.X, b.r.Y = x, y
		}
		s.teamB = append(s.teamB, b)
		x += b.r.W + u.P(8)
	}
	s.teamSub = min(s.teamSub, len(s.teamB)-1)
	return y + s.teamB[len(s.teamB)-1].r.H + u.P(gap)
}

// teamAct runs the Team section's button i.
func (s *settingsScene) teamAct(ctx *Context, i int) {
	if i < 0 || i >= len(s.teamActs) {
		return
	}
	back := s.back
	switch s.teamActs[i] {
	case "join":
		ctx.Scenes.GoTo(newTeamJoin(ctx, func() Scene { return newSettings(ctx, back) }))
		return
	case "pause", "resume":
		if m := ctx.Saves.Data.Team; m != nil {
			m.Paused = !m.Paused
			ctx.Team.gen++
			ctx.Saves.Save()
		}
	case "leave":
		// Leaving deletes the membership and what waits to be sent: asked
		// twice, so one stray key does not.
		if !s.leaveArmed {
			s.leaveArmed = true
		} else {
			s.leaveArmed = false
			ctx.Team.setMembership(nil)
			s.teamSub = 0
		}
	}
	s.teamGen = ctx.Team.gen
	s.gen = -1
	s.layout()
}

func (s *settingsScene) drawTeam(screen *ebiten.Image) {
	u := s.ui
	c := colTextDim
	if s.focus == s.teamIdx() {
		c = colAccent
	}
	x := s.teamB[0].r.X
	u.Text(screen, u.Str.T(sSettingsTeam), fBodyBold, x, s.teamLabelY, c)
	u.DrawBlock(screen, s.teamStatus, x, s.teamLabelY+u.LineH(fBodyBold)+u.P(4), colText, -1)
	for i := range s.teamB {
		b := s.teamB[i]
		if s.teamActs[i] == "leave" && s.leaveArmed {
			b.primary = true
		}
		u.DrawButton(screen, &b, s.focus == s.teamIdx() && i == s.teamSub)
	}
}
