package game

import (
	"math"

	"github.com/hajimehoshi/ebiten/v2"

	"github.com/shockabsorber/shockabsorber/assets"
)

// settingsScene lets the player change the UI language, text speed, text
// size and fullscreen. Every change applies at once and is saved.
type settingsScene struct {
	ui   *UI
	st   *Settings
	back func() Scene

	gen   int
	bar   topBar
	rows  []settingRow
	focus int
	// done goes back (Esc, or F2 again).
	done     keyButton
	hintB    *Block
	version  string
	versionY float64

	// The Team section (practice only): the player's team, or a way to
	// join one; its buttons are actions, ←→ move between them.
	saves      *Saves
	team       *teamSync
	showTeam   bool
	teamLabelY float64
	teamStatus *Block
	teamB      []button
	teamActs   []string
	teamSub    int
	leaveArmed bool
	teamGen    int
	teamDirty  bool

	// A window too short for every setting scrolls them under the top
	// bar (the wheel, PageUp/PageDown, and the focus kept in view); they
	// are drawn onto canvas, then shown at the offset.
	scroll   scroller
	contentH float64
	canvas   *ebiten.Image
	clip     clipper
}

// settingRow is one setting: a label and a row of options, one selected.
type settingRow struct {
	label   string
	labelY  float64
	options []button
	get     func(*Settings) int
	set     func(*Settings, int)
}

func newSettings(ctx *Context, back func() Scene) *settingsScene {
	s := &settingsScene{ui: ctx.UI, st: &ctx.Saves.Data.Settings, back: back, saves: ctx.Saves, team: ctx.Team}
	s.showTeam = ctx.Team != nil && ctx.Mode == Practice && !inCourse()
	if s.team != nil {
		s.teamGen = s.team.gen
	}
	return s
}

// animating is true once after the team's state changed (a result sent
// while the settings show), for the new status line to be drawn.
func (s *settingsScene) animating() bool { return s.teamDirty }

// teamIdx is the Team section's focus index (-1 without it); doneIdx is
// the Back button's.
func (s *settingsScene) teamIdx() int {
	if !s.showTeam {
		return -1
	}
	return len(s.rows)
}

func (s *settingsScene) doneIdx() int {
	if s.showTeam {
		return len(s.rows) + 1
	}
	return len(s.rows)
}

func (s *settingsScene) describe() screenInfo {
	return screenInfo{kind: screenSettings, name: "settings", ready: true}
}

func (s *settingsScene) layout() {
	u := s.ui
	if s.gen == u.Gen && s.rows != nil {
		return
	}
	s.gen = u.Gen
	str := u.Str
	s.bar = u.newTopBar(str.T(sSettingsHeading), "")
	langs := make([]string, len(assets.Languages))
	for i, l := range assets.Languages {
		// Each language is named in itself, so a player who picked a
		// language they cannot read can still find theirs.
		langs[i] = LanguageName(l)
	}
	pct := make([]string, len(FontScales))
	for i, f := range FontScales {
		pct[i] = itoa(int(math.Round(f*100))) + "%"
	}
	defs := []settingDef{
		{str.T(sSettingsLanguage), langs,
			func(st *Settings) int { return indexOf(assets.Languages, st.Lang) },
			func(st *Settings, i int) { st.Lang = assets.Languages[i] }},
		{str.T(sSettingsTextSpeed), []string{str.T(sSpeedSlow), str.T(sSpeedNormal), str.T(sSpeedFast), str.T(sSpeedInstant)},
			func(st *Settings) int { return st.TextSpeed },
			func(st *Settings, i int) { st.TextSpeed = i }},
		{str.T(sSettingsFontScale), pct,
			func(st *Settings) int { return nearest(FontScales, st.FontScale) },
			func(st *Settings, i int) { st.FontScale = FontScales[i] }},
		{str.T(sSettingsFullscreen), []string{str.T(sSettingsOff), str.T(sSettingsOn)},
			func(st *Settings) int { return b2i(st.Fullscreen) },
			func(st *Settings, i int) { st.Fullscreen = i == 1 }},
	}
	m := u.P(28)
	colW := math.Min(u.W-2*m, u.P(860))
	x0 := (u.W - colW) / 2
	// The rows are spaced less when the screen is too short for them
	// all (the Team section makes one more).
	for _, gap := range []float64{26, 12} {
		s.contentH = s.layoutRows(defs, x0, colW, gap) + u.P(12)
		if s.contentH <= u.H || gap == 12 {
			break
		}
	}
	s.scroll.setContent(s.contentH, u.H)
}

// showFocus scrolls the focused setting into view.
func (s *settingsScene) showFocus() {
	u := s.ui
	var top, bottom float64
	switch {
	case s.focus < len(s.rows):
		r := &s.rows[s.focus]
		top, bottom = r.labelY, r.options[len(r.options)-1].r.bottom()
	case s.focus == s.teamIdx():
		top, bottom = s.teamLabelY, s.teamB[len(s.teamB)-1].r.bottom()
	default:
		top, bottom = s.done.r.Y, s.contentH
	}
	s.scroll.show(top-s.bar.h-u.P(12), bottom+u.P(12), u.H)
}

// settingDef is one setting as the layout lists it.
type settingDef struct {
	label   string
	options []string
	get     func(*Settings) int
	set     func(*Settings, int)
}

// layoutRows places the rows, the Team section, Back, the hint and the
// version from the top, gap (unscaled) between rows, and returns the
// bottom of the version line.
func (s *settingsScene) layoutRows(defs []settingDef, x0, colW, gap float64) float64 {
	u := s.ui
	str := u.Str
	y := s.bar.h + u.P(gap+2)
	s.rows = s.rows[:0]
	for _, d := range defs {
		row := settingRow{label: d.label, labelY: y, get: d.get, set: d.set}
		y += u.LineH(fBodyBold) + u.P(8)
		x := x0
		for _, o := range d.options {
			b := u.newButton(o, x, y, false)
			if x > x0 && x+b.r.W > x0+colW {
				x, y = x0, y+b.r.H+u.P(8)
				b.r.X, b.r.Y = x, y
			}
			row.options = append(row.options, b)
			x += b.r.W + u.P(8)
		}
		y += row.options[len(row.options)-1].r.H + u.P(gap)
		s.rows = append(s.rows, row)
	}
	if s.showTeam {
		y = s.layoutTeam(x0, y, colW, gap)
	}
	s.done = u.newKeyButton(str.T(sSettingsBack), "Esc", fBodyBold, x0, y, 0)
	s.done.primary = true
	s.hintB = u.Wrap(str.T(sSettingsHint), fSmall, colW)
	s.version = str.F(sVersionLabel, appVersion)
	s.versionY = s.done.r.bottom() + u.P(18) + s.hintB.H + u.P(8)
	return s.versionY + u.LineH(fSmall)
}

func indexOf(list []string, v string) int {
	for i, s := range list {
		if s == v {
			return i
		}
	}
	return 0
}

func nearest(list []float64, v float64) int {
	best := 0
	for i, f := range list {
		if math.Abs(f-v) < math.Abs(list[best]-v) {
			best = i
		}
	}
	return best
}

func b2i(b bool) int {
	if b {
		return 1
	}
	return 0
}

func (s *settingsScene) Update(ctx *Context) error {
	s.layout()
	in := ctx.Input
	// The pointer in content coordinates, as the rows are laid out.
	in.Y += s.scroll.off
	in.PointerY += s.scroll.off
	s.scroll.wheel(in, s.ui)
	st := &ctx.Saves.Data.Settings
	if s.team != nil && s.team.gen != s.teamGen {
		s.teamGen, s.gen, s.teamDirty = s.team.gen, -1, true
		s.layout()
	}
	if in.Back || in.Settings || in.ClickIn(s.done.r) || (in.Confirm && s.focus == s.doneIdx()) {
		ctx.Scenes.GoTo(s.back())
		return nil
	}
	switch {
	case in.Up:
		s.focus = max(0, s.focus-1)
		s.showFocus()
	case in.Down:
		s.focus = min(s.doneIdx(), s.focus+1)
		s.showFocus()
	}
	if s.leaveArmed && (s.focus != s.teamIdx() || s.teamActs[s.teamSub] != "leave") {
		s.leaveArmed, s.gen = false, -1
		s.layout()
	}
	if s.showTeam {
		if s.focus == s.teamIdx() {
			switch {
			case in.Left:
				s.teamSub = max(0, s.teamSub-1)
			case in.Right:
				s.teamSub = min(len(s.teamB)-1, s.teamSub+1)
			case in.Confirm:
				s.teamAct(ctx, s.teamSub)
				return nil
			}
		}
		for i := range s.teamB {
			if in.ClickIn(s.teamB[i].r) {
				s.focus, s.teamSub = s.teamIdx(), i
				s.teamAct(ctx, i)
				return nil
			}
		}
	}
	change := func(r *settingRow, i int) {
		if i >= 0 && i < len(r.options) && i != r.get(st) {
			r.set(st, i)
			ctx.ApplySettings()
		}
	}
	if s.focus < len(s.rows) {
		r := &s.rows[s.focus]
		switch {
		case in.Left:
			change(r, r.get(st)-1)
		case in.Right, in.Confirm:
			change(r, (r.get(st)+1)%len(r.options))
		}
	}
	for ri := range s.rows {
		r := &s.rows[ri]
		for i := range r.options {
			if in.ClickIn(r.options[i].r) {
				s.focus = ri
				change(r, i)
				return nil
			}
		}
	}
	return nil
}

func (s *settingsScene) Draw(screen *ebiten.Image) {
	s.layout()
	u := s.ui
	u.Background(screen)
	if s.scroll.max <= 0 {
		s.drawContent(screen)
	} else {
		w, h := int(math.Ceil(u.W)), int(math.Ceil(s.contentH))
		if s.canvas == nil || s.canvas.Bounds().Dx() != w || s.canvas.Bounds().Dy() != h {
			if s.canvas != nil {
				s.canvas.Deallocate()
			}
			s.canvas = ebiten.NewImage(w, h)
		}
		s.canvas.Clear()
		s.drawContent(s.canvas)
		op := &ebiten.DrawImageOptions{}
		op.GeoM.Translate(0, -math.Round(s.scroll.off))
		s.clip.get(screen, rect{0, s.bar.h, u.W, u.H - s.bar.h}).DrawImage(s.canvas, op)
		u.DrawScrollbar(screen, rect{0, s.bar.h, u.W, u.H - s.bar.h}, &s.scroll)
	}
	u.DrawTopBar(screen, &s.bar, colTextDim)
}

// drawContent draws the settings, Back, the hint and the version at
// their laid-out places.
func (s *settingsScene) drawContent(screen *ebiten.Image) {
	u := s.ui
	for ri := range s.rows {
		r := &s.rows[ri]
		c := colTextDim
		if ri == s.focus {
			c = colAccent
		}
		x := r.options[0].r.X
		u.Text(screen, r.label, fBodyBold, x, r.labelY, c)
		sel := r.get(s.st)
		for i := range r.options {
			b := r.options[i]
			b.primary = i == sel
			// The focused row's ring is on its option in effect, the one
			// ←→ change.
			u.DrawButton(screen, &b, ri == s.focus && i == sel)
		}
	}
	if s.showTeam {
		s.drawTeam(screen)
	}
	s.teamDirty = false
	u.DrawKeyButton(screen, &s.done, s.focus == s.doneIdx())
	u.DrawBlock(screen, s.hintB, s.done.r.X, s.done.r.bottom()+u.P(18), colTextDim, -1)
	u.Text(screen, s.version, fSmall, s.done.r.X, s.versionY, colTextDim)
}
