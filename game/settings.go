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
	return &settingsScene{ui: ctx.UI, st: &ctx.Saves.Data.Settings, back: back}
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
	defs := []struct {
		label   string
		options []string
		get     func(*Settings) int
		set     func(*Settings, int)
	}{
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
	y := s.bar.h + u.P(28)
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
		y += row.options[len(row.options)-1].r.H + u.P(26)
		s.rows = append(s.rows, row)
	}
	s.done = u.newKeyButton(str.T(sSettingsBack), "Esc", fBodyBold, x0, y, 0)
	s.done.primary = true
	s.hintB = u.Wrap(str.T(sSettingsHint), fSmall, colW)
	s.version = str.F(sVersionLabel, appVersion)
	s.versionY = s.done.r.bottom() + u.P(18) + s.hintB.H + u.P(8)
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
	st := &ctx.Saves.Data.Settings
	if in.Back || in.Settings || in.ClickIn(s.done.r) || (in.Confirm && s.focus == len(s.rows)) {
		ctx.Scenes.GoTo(s.back())
		return nil
	}
	switch {
	case in.Up:
		s.focus = max(0, s.focus-1)
	case in.Down:
		s.focus = min(len(s.rows), s.focus+1)
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
	u.DrawTopBar(screen, &s.bar, colTextDim)
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
	u.DrawKeyButton(screen, &s.done, s.focus == len(s.rows))
	u.DrawBlock(screen, s.hintB, s.done.r.X, s.done.r.bottom()+u.P(18), colTextDim, -1)
	u.Text(screen, s.version, fSmall, s.done.r.X, s.versionY, colTextDim)
}
