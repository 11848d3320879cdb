package panel

import (
	"fmt"
	"html/template"
	"math"
	"strings"

	"github.com/shockabsorber/shockabsorber/play"
	"github.com/shockabsorber/shockabsorber/scoring"
)

var trailPalette = []string{"#1f6feb", "#d1242f", "#1a7f37", "#9a6700", "#8250df", "#bf3989", "#0969da", "#57606a"}

func trailColor(i int) string { return trailPalette[i%len(trailPalette)] }

// vertex returns the unit direction of archetype i on the pentagon. The
// shock absorber stands at the top; the others follow clockwise in the
// contract's order (pivot, spring, connector, disperser).
func vertex(i int) (x, y float64) {
	a := (-90 + 72*float64(i+1)) * math.Pi / 180
	return math.Cos(a), math.Sin(a)
}

// driftPoint places a drift inside the pentagon: the drift-weighted mean of
// the vertices (the centre when there is no weight), so a pure archetype sits
// on its vertex.
func driftPoint(d scoring.Weights) (x, y float64) {
	for i, v := range d {
		vx, vy := vertex(i)
		x += v * vx
		y += v * vy
	}
	return
}

// driftSVG draws the drift map: the pentagon of the five archetypes, the
// drift as a filled polygon (each archetype's share along its axis), and,
// per scenario, the trail of the running drift after each step. Everything
// written into the SVG is a number or a fixed label, so it is safe HTML.
func driftSVG(d scoring.Weights, trails [][]scoring.Weights, colors []string, size int) template.HTML {
	s := float64(size)
	c := s / 2
	R := s * 0.34
	pt := func(x, y float64) string { return fmt.Sprintf("%.1f,%.1f", c+x*R, c+y*R) }
	var b strings.Builder
	// The side labels ("Disperser 12%") reach past the square: the view
	// box is wider than the drawing so they are never cut off.
	pad := math.Round(s * 0.12)
	// The caption says when the drift is not clear (v2): a tie or a lead
	// under scoring.ClearMargin is no verdict.
	caption := d.String()
	if !scoring.Clear(d) {
		caption = "no clear drift yet; " + caption
	}
	fmt.Fprintf(&b, `<svg class="driftmap" xmlns="http://www.w3.org/2000/svg" viewBox="%.0f 0 %.0f %d" width="%d" height="%d" role="img" aria-label="Drift map: %s">`,
		-pad, s+2*pad, size, size, size, template.HTMLEscapeString(caption))
	fmt.Fprintf(&b, `<title>Drift: %s</title>`, template.HTMLEscapeString(caption))
	// Grid rings and axes.
	for _, f := range []float64{0.25, 0.5, 0.75, 1} {
		var pts []string
		for i := range scoring.NumArchetypes {
			x, y := vertex(i)
			pts = append(pts, pt(x*f, y*f))
		}
		stroke := "#d0d7de"
		if f == 1 {
			stroke = "#8c959f"
		}
		fmt.Fprintf(&b, `<polygon points="%s" fill="none" stroke="%s" stroke-width="1"/>`, strings.Join(pts, " "), stroke)
	}
	for i := range scoring.NumArchetypes {
		x, y := vertex(i)
		fmt.Fprintf(&b, `<line x1="%.1f" y1="%.1f" x2="%.1f" y2="%.1f" stroke="#d0d7de" stroke-width="1"/>`, c, c, c+x*R, c+y*R)
	}
	// The drift polygon.
	if d.Sum() > 0 {
		var pts []string
		for i, v := range d {
			x, y := vertex(i)
			pts = append(pts, pt(x*v, y*v))
		}
		fmt.Fprintf(&b, `<polygon class="drift" points="%s" fill="#2da44e" fill-opacity="0.28" stroke="#1a7f37" stroke-width="2" stroke-linejoin="round"/>`, strings.Join(pts, " "))
	}
	// Trails of the running drift, one per scenario, each starting at the
	// centre.
	if size >= 200 {
		for k, trail := range trails {
			if len(trail) == 0 {
				continue
			}
			col := "#1f6feb"
			if k < len(colors) {
				col = colors[k]
			}
			pts := []string{pt(0, 0)}
			for _, st := range trail {
				pts = append(pts, pt(driftPoint(st)))
			}
			fmt.Fprintf(&b, `<polyline class="trail" points="%s" fill="none" stroke="%s" stroke-width="1.6" stroke-opacity="0.85" stroke-linejoin="round"/>`, strings.Join(pts, " "), col)
			for i, p := range pts[1:] {
				r := 2.5
				if i == len(pts)-2 {
					r = 4.5
				}
				xy := strings.SplitN(p, ",", 2)
				fmt.Fprintf(&b, `<circle cx="%s" cy="%s" r="%.1f" fill="%s"/>`, xy[0], xy[1], r, col)
			}
		}
		// Overall position.
		if d.Sum() > 0 {
			x, y := driftPoint(d)
			fmt.Fprintf(&b, `<circle class="overall" cx="%.1f" cy="%.1f" r="6" fill="#fff" stroke="#24292f" stroke-width="2.5"/>`, c+x*R, c+y*R)
		}
	}
	// Labels.
	fs := math.Max(9, s/30)
	for i, a := range scoring.Archetypes {
		x, y := vertex(i)
		lx, ly := c+x*(R+fs*1.4), c+y*(R+fs*1.4)
		anchor := "middle"
		if x > 0.3 {
			anchor = "start"
			lx = c + x*(R+fs*0.6)
		} else if x < -0.3 {
			anchor = "end"
			lx = c + x*(R+fs*0.6)
		}
		label := archetypeName(a)
		if size >= 200 {
			label = fmt.Sprintf("%s %.0f%%", label, d[i]*100)
		} else {
			label = shortName(a)
		}
		fmt.Fprintf(&b, `<text x="%.1f" y="%.1f" font-size="%.0f" text-anchor="%s" dominant-baseline="middle" fill="#24292f">%s</text>`, lx, ly, fs, anchor, template.HTMLEscapeString(label))
	}
	b.WriteString(`</svg>`)
	return template.HTML(b.String())
}

func shortName(a string) string {
	switch a {
	case scoring.ShockAbsorber:
		return "SA"
	case scoring.Connector:
		return "C"
	case scoring.Disperser:
		return "D"
	case scoring.Spring:
		return "S"
	case scoring.Pivot:
		return "P"
	}
	return a
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
