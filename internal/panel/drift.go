package panel

import (
	"fmt"
	"html/template"
	"math"
	"strings"

	"github.com/shockabsorber/shockabsorber/play"
	"github.com/shockabsorber/shockabsorber/scoring"
	"github.com/shockabsorber/shockabsorber/scoring/driftmap"
)

var trailPalette = []string{"#1f6feb", "#d1242f", "#1a7f37", "#9a6700", "#8250df", "#bf3989", "#0969da", "#57606a"}

func trailColor(i int) string { return trailPalette[i%len(trailPalette)] }

// archInk is each archetype's colour on the panel, in the contract's
// order: the game's hues, darkened to read on white.
var archInk = [scoring.NumArchetypes]string{"#6f5fc7", "#b4561c", "#1b7a90", "#ad366b", "#3b7d1f"}

// neutralInk is the colour of a drift shape with no verdict to show.
const neutralInk = "#59636e"

// driftStrip is one row of the "how they moved" strip: a scenario's
// steps, each pulling toward an archetype, after a marker in the colour
// the scenarios table uses for it.
type driftStrip struct {
	Label string
	Color string
	Steps []driftmap.Step
}

// driftSVG draws a small drift map (the dashboard's): the pentagon on its
// fixed scale and the drift's shape, with no labels under 200 pixels.
func driftSVG(d scoring.Weights, _ [][]scoring.Weights, _ []string, size int) template.HTML {
	return drawDriftMap(driftmap.New(d, nil, false), nil, size)
}

// DriftMap is a submission's drift map as the game's debrief draws it
// (scoring/driftmap): the overall drift on a fixed 0-100 % scale with
// labelled rings, what the drift says in a line, and how the candidate
// moved, one strip of numbered steps per scenario.
func (d submissionData) DriftMap() template.HTML {
	w := d.Sub.Weights
	if w.Sum() <= 0 {
		w = d.Sub.Drift
	}
	m := driftmap.New(w, nil, d.Verdict.lost > 0)
	var strips []driftStrip
	for i, sr := range d.Scenarios {
		steps := make([]scoring.Weights, len(sr.Report.Steps))
		for k, st := range sr.Report.Steps {
			steps[k] = st.Weights
		}
		strips = append(strips, driftStrip{Label: fmt.Sprintf("Scenario %d: %s", i+1, sr.Title), Color: sr.Color, Steps: driftmap.Steps(steps)})
	}
	return drawDriftMap(m, strips, 360)
}

// mapStatus says what the drift says, in the game's words: the archetype
// only when the drift is clear and no customer was lost.
func mapStatus(m driftmap.Map) string {
	switch {
	case m.Lost:
		return "Customer lost: this drift is no result"
	case m.Kind == driftmap.KindClear:
		return "Clear drift: " + archetypeName(scoring.Archetypes[m.Lead])
	case m.Kind == driftmap.KindTie:
		ids := make([]string, len(m.Tied))
		for i, k := range m.Tied {
			ids[i] = scoring.Archetypes[k]
		}
		return "Tie between " + archetypeList(ids)
	case m.Kind == driftmap.KindUnclear:
		return "No clear drift yet"
	}
	return "No clear drift"
}

// drawDriftMap writes the map as SVG. Everything written into it is a
// number, a fixed label or escaped, so it is safe HTML.
func drawDriftMap(m driftmap.Map, strips []driftStrip, size int) template.HTML {
	s := float64(size)
	full := size >= 200
	fs := math.Max(9, math.Round(s/30))
	R := s * 0.34
	// The side labels ("Disperser 12%") reach past the square: the view
	// box is wider than the drawing so they are never cut off.
	pad := 0.0
	top := 0.0
	if full {
		pad = math.Round(s * 0.16)
		top = fs * 2.6 // the status line
	}
	W := s + 2*pad
	cx, cy := W/2, top+s/2
	if full {
		cy = top + fs*2.6 + R
	}
	pt := func(p driftmap.Point) string {
		x, y := p.At(cx, cy, R)
		return fmt.Sprintf("%.1f,%.1f", x, y)
	}
	poly := func(ps *[scoring.NumArchetypes]driftmap.Point) string {
		out := make([]string, len(ps))
		for i, p := range ps {
			out[i] = pt(p)
		}
		return strings.Join(out, " ")
	}
	ink := neutralInk
	if m.Colour >= 0 {
		ink = archInk[m.Colour]
	}
	status := mapStatus(m)
	var body strings.Builder
	b := &body
	if full {
		fmt.Fprintf(b, `<text class="status" x="%.1f" y="%.1f" font-size="%.0f" font-weight="700" fill="%s">%s</text>`, pad*0.5, fs*1.4, fs*1.15, statusInk(m, ink), template.HTMLEscapeString(status))
	}
	// The scale: the rim filled, a ring at each quarter, the spokes.
	rim := &m.Rings[len(m.Rings)-1]
	fmt.Fprintf(b, `<polygon points="%s" fill="#f6f8fa" stroke="none"/>`, poly(&rim.Corners))
	for i := range m.Rings {
		stroke := "#d0d7de"
		if i == len(m.Rings)-1 {
			stroke = "#8c959f"
		}
		fmt.Fprintf(b, `<polygon class="ring" points="%s" fill="none" stroke="%s" stroke-width="1"/>`, poly(&m.Rings[i].Corners), stroke)
	}
	for k := range rim.Corners {
		x, y := rim.Corners[k].At(cx, cy, R)
		fmt.Fprintf(b, `<line x1="%.1f" y1="%.1f" x2="%.1f" y2="%.1f" stroke="#d0d7de" stroke-width="1"/>`, cx, cy, x, y)
	}
	// The drift: one shape on the fixed scale, a dot on each spoke.
	if m.HasShape {
		fmt.Fprintf(b, `<polygon class="drift" points="%s" fill="%s" fill-opacity="0.25" stroke="%s" stroke-width="2" stroke-linejoin="round"/>`, poly(&m.Shape), ink, ink)
		if full {
			for k, p := range m.Shape {
				if m.Shares[k] > 0 {
					x, y := p.At(cx, cy, R)
					fmt.Fprintf(b, `<circle cx="%.1f" cy="%.1f" r="3" fill="%s"/>`, x, y, ink)
				}
			}
		}
	}
	if full {
		// The rings' values, on a patch of white so lines do not cross them.
		rfs := math.Round(fs * 0.85)
		for _, ring := range m.Rings {
			x, y := ring.LabelAt.At(cx, cy, R)
			w := float64(len(ring.Label))*rfs*0.6 + 6
			fmt.Fprintf(b, `<rect x="%.1f" y="%.1f" width="%.1f" height="%.1f" rx="3" fill="#fff" fill-opacity="0.85"/><text class="ring-label" x="%.1f" y="%.1f" font-size="%.0f" text-anchor="middle" dominant-baseline="central" fill="#59636e">%s</text>`,
				x-w/2, y-rfs*0.65, w, rfs*1.3, x, y, rfs, ring.Label)
		}
	}
	// Vertex markers and labels.
	for k, l := range m.Labels {
		x, y := l.Anchor.At(cx, cy, R)
		r := 5.0
		if !full {
			r = 2.5
		}
		fmt.Fprintf(b, `<circle cx="%.1f" cy="%.1f" r="%.1f" fill="%s"/>`, x, y, r, archInk[k])
		if !full {
			continue
		}
		off := fs * 0.9
		lx, ly := x+l.Out.X*off, y+l.Out.Y*off
		anchor := map[driftmap.Align]string{driftmap.AlignStart: "start", driftmap.AlignCenter: "middle", driftmap.AlignEnd: "end"}[l.H]
		// Two lines, name and share: above, beside or below the vertex.
		y0 := ly - fs*0.6
		switch l.V {
		case driftmap.AlignEnd:
			y0 = ly - fs*1.4
		case driftmap.AlignStart:
			y0 = ly + fs*0.3
		}
		weight, fill := "400", "#59636e"
		if l.Lit {
			weight, fill = "700", archInk[k]
		}
		fmt.Fprintf(b, `<text x="%.1f" y="%.1f" font-size="%.0f" text-anchor="%s" fill="%s" font-weight="%s"><tspan x="%.1f" dominant-baseline="central">%s</tspan><tspan x="%.1f" dy="%.1f" font-weight="700">%d%%</tspan></text>`,
			lx, y0, fs, anchor, fill, weight, lx, template.HTMLEscapeString(archetypeName(l.Archetype)), lx, fs*1.2, l.Pct)
	}
	H := s
	if full {
		H = cy + R*0.81 + fs*3.2
		// How they moved: one row of numbered steps per scenario.
		if len(strips) > 0 {
			H += fs * 0.6
			fmt.Fprintf(b, `<text x="%.1f" y="%.1f" font-size="%.0f" font-weight="700" fill="#59636e">How they moved</text>`, pad*0.5, H, fs)
			H += fs * 0.8
			for _, st := range strips {
				H = stripSVG(b, st, pad*0.5, H, W-pad, fs)
			}
		}
		H += fs * 1.4
		caption := []string{"Shape: each archetype's share of the drift,", "from 0% at the centre to 100% at the rim."}
		if len(strips) > 0 {
			caption = append(caption, "Steps: where each choice pulled, in order.")
		}
		for _, line := range caption {
			fmt.Fprintf(b, `<text class="caption" x="%.1f" y="%.1f" font-size="%.0f" fill="#59636e">%s</text>`, pad*0.5, H, math.Round(fs*0.9), template.HTMLEscapeString(line))
			H += fs * 1.25
		}
		H = math.Ceil(H)
	}
	var out strings.Builder
	width := size
	if full {
		width = int(math.Round(W))
	}
	fmt.Fprintf(&out, `<svg class="driftmap" xmlns="http://www.w3.org/2000/svg" viewBox="0 0 %.0f %.0f" width="%d" height="%.0f" role="img" aria-label="Drift map: %s; %s" font-family="system-ui, sans-serif">`,
		W, H, width, H, template.HTMLEscapeString(status), template.HTMLEscapeString(sharesText(m)))
	fmt.Fprintf(&out, `<title>%s: %s</title>`, template.HTMLEscapeString(status), template.HTMLEscapeString(sharesText(m)))
	out.WriteString(body.String())
	out.WriteString(`</svg>`)
	return template.HTML(out.String())
}

// statusInk is the status line's colour: the winner's when the shape
// takes it, red for a lost customer, grey otherwise.
func statusInk(m driftmap.Map, ink string) string {
	if m.Lost {
		return "#cf222e"
	}
	return ink
}

// sharesText lists the shares for the accessible name: "Pivot 40%, ...".
func sharesText(m driftmap.Map) string {
	parts := make([]string, len(m.Labels))
	for i, l := range m.Labels {
		parts[i] = fmt.Sprintf("%s %d%%", archetypeName(l.Archetype), l.Pct)
	}
	return strings.Join(parts, ", ")
}

// stripSVG draws one scenario's steps from (x, y), flowing onto more rows
// when they do not fit in width, and returns the y under them.
func stripSVG(b *strings.Builder, st driftStrip, x, y, width, fs float64) float64 {
	disc := fs * 1.6
	rowH := disc + fs*0.5
	charW := fs * 0.64 // a bold sans-serif letter, generously
	// The scenario's marker, its colour in the scenarios table.
	fmt.Fprintf(b, `<rect x="%.1f" y="%.1f" width="%.1f" height="%.1f" rx="3" fill="%s"><title>%s</title></rect>`,
		x, y+(rowH-disc*0.8)/2, disc*0.8, disc*0.8, st.Color, template.HTMLEscapeString(st.Label))
	x0 := x + disc*0.8 + fs*0.8
	widths := make([]float64, len(st.Steps))
	names := make([]string, len(st.Steps))
	for i, s := range st.Steps {
		names[i] = "no pull"
		if s.Toward >= 0 {
			names[i] = archetypeName(scoring.Archetypes[s.Toward])
		}
		widths[i] = disc + fs*0.4 + float64(len(names[i]))*charW
		if i < len(st.Steps)-1 {
			widths[i] += fs * 1.8
		}
	}
	rows, xs, n := driftmap.Flow(widths, width-x0, fs*0.4)
	for i, s := range st.Steps {
		ix, iy := x0+xs[i], y+float64(rows[i])*rowH+rowH/2
		ink := neutralInk
		if s.Toward >= 0 {
			ink = archInk[s.Toward]
		}
		fmt.Fprintf(b, `<g class="step"><circle cx="%.1f" cy="%.1f" r="%.1f" fill="%s"/><text x="%.1f" y="%.1f" font-size="%.0f" text-anchor="middle" dominant-baseline="central" fill="#fff" font-weight="700">%d</text><text x="%.1f" y="%.1f" font-size="%.0f" dominant-baseline="central" fill="%s" font-weight="600">%s</text>`,
			ix+disc/2, iy, disc/2, ink, ix+disc/2, iy, fs*0.85, s.N, ix+disc+fs*0.4, iy, fs, ink, template.HTMLEscapeString(names[i]))
		if i < len(st.Steps)-1 {
			fmt.Fprintf(b, `<text x="%.1f" y="%.1f" font-size="%.0f" dominant-baseline="central" fill="#8c959f">›</text>`, ix+widths[i]-fs*1.0, iy, fs)
		}
		b.WriteString(`</g>`)
	}
	if n == 0 {
		n = 1
	}
	return y + float64(n)*rowH + fs*0.3
}

// verdict is a drift as the panel shows it, by the contract's rules (section
// 3, v2): the archetype only when the drift is clear; a tie names every tied
// archetype; a lead smaller than scoring.ClearMargin is "no clear drift yet".
// The archetype field is kept as it is for exports and re-scoring.
type verdict struct {
	Archetype string
	Tied      []string
	Margin    float64
	Clear     bool
	drift     scoring.Weights
	// lost and scenarios count, for a submission, the scenarios whose
	// customer was lost and all of them: a clear archetype is drawn in its
	// colour only when no customer was lost.
	lost, scenarios int
}

// verdictOf computes the verdict of summed weights (or of a drift: the
// rules only look at proportions).
func verdictOf(w scoring.Weights) verdict {
	return verdict{Archetype: scoring.Archetype(w), Tied: scoring.Tied(w), Margin: scoring.Margin(w), Clear: scoring.Clear(w), drift: scoring.Drift(w)}
}

// submissionVerdict is a candidate's overall verdict, from the stored
// weights (the drift, for a row stored without them).
func submissionVerdict(sub *Submission) verdict {
	w := sub.Weights
	if w.Sum() <= 0 {
		w = sub.Drift
	}
	v := verdictOf(w)
	if sub.Archetype != "" {
		v.Archetype = sub.Archetype
	}
	v.scenarios = len(sub.Results)
	for _, r := range sub.Results {
		if r.Ending == scoring.Lost {
			v.lost++
		}
	}
	return v
}

// reportVerdict reads a stored report's verdict: the fields a v2 report
// carries, or, for a report stored before v2 without them, the same rules
// applied to its weights (its drift when it has none).
func reportVerdict(rep *play.Report) verdict {
	if rep.Scoring >= 2 && rep.Tied != nil {
		return verdict{Archetype: rep.Archetype, Tied: rep.Tied, Margin: rep.Margin, Clear: rep.Clear, drift: rep.Drift}
	}
	w := rep.Weights
	if w.Sum() <= 0 {
		w = rep.Drift
	}
	v := verdictOf(w)
	if rep.Archetype != "" {
		v.Archetype = rep.Archetype
	}
	return v
}

// Kind is "clear", "tie", "unclear" or "none" (no weight at all).
func (v verdict) Kind() string {
	switch {
	case len(v.Tied) == 0 && v.Archetype == "":
		return "none"
	case len(v.Tied) > 1:
		return "tie"
	case v.Clear:
		return "clear"
	}
	return "unclear"
}

// Label is the verdict in a few words: the archetype's name only when the
// drift is clear.
func (v verdict) Label() string {
	switch v.Kind() {
	case "clear":
		return archetypeName(v.Archetype)
	case "tie":
		return "Tie: " + archetypeList(v.Tied)
	case "unclear":
		return "No clear drift yet"
	}
	return archetypeName("")
}

// Class is the CSS class of the label: an archetype's colour only when the
// drift is clear and no customer was lost.
func (v verdict) Class() string {
	if v.Kind() == "clear" && v.lost == 0 {
		return "arch arch-" + v.Archetype
	}
	return "arch"
}

// Points is the margin in percentage points, rounded down (so a lead just
// short of the rule never reads as enough).
func (v verdict) Points() int { return int(math.Floor(v.Margin*100 + 1e-9)) }

// Detail explains a verdict that is not clear: where it leans and by how
// much for a lead too small to call, the shares for a tie; and how many
// customers were lost. "" for a clear drift with no customer lost.
func (v verdict) Detail() string {
	d := v.driftDetail()
	if v.lost > 0 {
		if d != "" {
			d += "; "
		}
		d += fmt.Sprintf("customer lost in %d of %d scenarios", v.lost, v.scenarios)
	}
	return d
}

func (v verdict) driftDetail() string {
	clear := int(math.Round(scoring.ClearMargin * 100))
	switch v.Kind() {
	case "tie":
		i := scoring.Index(v.Tied[0])
		if i < 0 || v.drift.Sum() <= 0 {
			return fmt.Sprintf("no archetype leads (a drift is clear from a %d-point lead)", clear)
		}
		return fmt.Sprintf("%.0f%% each; no archetype leads (a drift is clear from a %d-point lead)", v.drift[i]*100, clear)
	case "unclear":
		s := "leaning toward " + archetypeName(v.Archetype)
		if next := runnersUp(v.drift); len(next) > 0 {
			s += fmt.Sprintf(", %d points ahead of %s", v.Points(), archetypeList(next))
		} else {
			s += fmt.Sprintf(", %d points ahead", v.Points())
		}
		return s + fmt.Sprintf(" (a drift is clear from a %d-point lead)", clear)
	}
	return ""
}

// runnersUp lists the archetypes sharing the second largest drift.
func runnersUp(d scoring.Weights) []string {
	first, second := 0.0, 0.0
	for _, x := range d {
		switch {
		case x > first:
			first, second = x, first
		case x < first && x > second:
			second = x
		}
	}
	var out []string
	if second <= 0 {
		return out
	}
	for i, x := range d {
		if x == second {
			out = append(out, scoring.Archetypes[i])
		}
	}
	return out
}

// archetypeList names archetypes as "Pivot", "Pivot and Connector",
// "Pivot, Spring and Connector".
func archetypeList(ids []string) string {
	names := make([]string, len(ids))
	for i, a := range ids {
		names[i] = archetypeName(a)
	}
	if len(names) < 2 {
		return strings.Join(names, "")
	}
	return strings.Join(names[:len(names)-1], ", ") + " and " + names[len(names)-1]
}
