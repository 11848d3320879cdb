package trainer

import (
	"encoding/json"
	"fmt"
	"strings"
	"unicode/utf8"

	"github.com/shockabsorber/shockabsorber/play"
	"github.com/shockabsorber/shockabsorber/scenarios"
	"github.com/shockabsorber/shockabsorber/scoring"
)

// GraphOptions says what a scenario graph shows.
type GraphOptions struct {
	// Text adds a shortened copy of each node's and choice's text.
	Text bool
	// WalkOuts adds an edge to a "walks out" node from every choice that can
	// bring the customer's mood to 0.
	WalkOuts bool
	// Width is how many characters of text are kept (default 40).
	Width int
	// Fenced puts the Mermaid flowchart inside a Markdown code fence
	// (```mermaid), for a page; bare, as mmdc and mermaid.live take it,
	// otherwise.
	Fenced bool
}

// graphWords are the words a graph shows around the file's own ids and
// keywords (node ids, actions, follow-ups, endings, which stay as the file
// writes them), in the scenario's language.
type graphWords struct {
	legend      string // DOT's legend, under the title
	start       string
	unreachable string // a node no choice leads to
	neverEnter  string // a node flags or walk-outs keep every run out of
	walkOutNode string // the walk-out node: "customer walks out"
	walksOut    string // a walk-out edge: "walks out (mood %+d)"
	ifFlags     string // "[if %s]"
	unlessFlags string // "[unless %s]"
}

var graphLanguages = map[string]graphWords{
	"en": {
		legend:      "green resolved · amber unresolved · red lost · bold ✓ fitting action · dashed grey: no run gets there",
		start:       "start",
		unreachable: "unreachable",
		neverEnter:  "never entered",
		walkOutNode: "customer walks out",
		walksOut:    "walks out (mood %+d)",
		ifFlags:     "[if %s]",
		unlessFlags: "[unless %s]",
	},
	"pt": {
		legend:      "verde resolvido · âmbar não resolvido · vermelho perdido · negrito ✓ ação que combina · cinza tracejado: nenhuma jogada chega lá",
		start:       "início",
		unreachable: "inalcançável",
		neverEnter:  "nunca alcançado",
		walkOutNode: "o cliente vai embora",
		walksOut:    "vai embora (humor %+d)",
		ifFlags:     "[se %s]",
		unlessFlags: "[exceto se %s]",
	},
	"es": {
		legend:      "verde resuelto · ámbar sin resolver · rojo perdido · negrita ✓ acción que corresponde · gris punteado: ninguna partida llega ahí",
		start:       "inicio",
		unreachable: "inalcanzable",
		neverEnter:  "nunca se alcanza",
		walkOutNode: "el cliente se va",
		walksOut:    "se va (ánimo %+d)",
		ifFlags:     "[si %s]",
		unlessFlags: "[salvo si %s]",
	},
}

// wordsFor returns the graph's words in a language: English, Portuguese
// (pt-BR and any pt) and Spanish (any es); English for the others.
func wordsFor(language string) graphWords {
	primary, _, _ := strings.Cut(strings.ToLower(language), "-")
	if w, ok := graphLanguages[primary]; ok {
		return w
	}
	return graphLanguages["en"]
}

// Colours of the endings and of what no run reaches. The same in DOT and
// Mermaid so that a trainer learns one legend.
const (
	colourResolved   = "#b7e1a1"
	colourUnresolved = "#ffd966"
	colourLost       = "#f4a3a3"
	colourFitEdge    = "#2e7d32"
	colourWalkOut    = "#c62828"
	colourGrey       = "#9e9e9e"
	colourGreyFill   = "#eeeeee"
)

func endingColour(e string) string {
	switch e {
	case scoring.Resolved:
		return colourResolved
	case scoring.Unresolved:
		return colourUnresolved
	case scoring.Lost:
		return colourLost
	}
	return "#ffffff"
}

// graphModel is the format-neutral graph both writers print.
type graphModel struct {
	words graphWords
	title string
	nodes []graphNode
	edges []graphEdge
	start int // index into nodes, -1 when start names no node
	walk  bool
}

type graphNode struct {
	key        string // identifier in the output: n0, n1 ...
	id         string
	text       string
	fit        []string
	ending     string
	start      bool
	unreached  bool   // no run enters it
	unreachWhy string // words.unreachable or words.neverEnter
}

type graphEdge struct {
	from, to int // node indices; to == -1 for the walk-out node
	label    string
	fits     bool
	hidden   bool // the choice is never visible in any run
	walkOut  bool
}

func buildGraph(sc *scenarios.Scenario, opt GraphOptions) *graphModel {
	if opt.Width <= 0 {
		opt.Width = 40
	}
	reach := Explore(sc)
	g := &graphModel{words: wordsFor(sc.Language), title: sc.Title + " (" + sc.ID + ")", start: -1}
	index := map[string]int{}
	for i, n := range sc.Nodes {
		if _, dup := index[n.ID]; dup {
			continue // check rejects these; draw the first
		}
		index[n.ID] = len(g.nodes)
		gn := graphNode{key: fmt.Sprintf("n%d", i), id: n.ID, fit: n.Fit, ending: n.Ending, start: n.ID == sc.Start}
		if opt.Text {
			gn.text = Shorten(n.Text, opt.Width)
		}
		switch {
		case !reach.Static[n.ID]:
			gn.unreached, gn.unreachWhy = true, g.words.unreachable
		case reach.Complete && !reach.Entered[n.ID]:
			gn.unreached, gn.unreachWhy = true, g.words.neverEnter
		}
		if gn.start {
			g.start = len(g.nodes)
		}
		g.nodes = append(g.nodes, gn)
	}
	for _, n := range sc.Nodes {
		from, ok := index[n.ID]
		if !ok || g.nodes[from].id != n.ID {
			continue
		}
		for i, c := range n.Choices {
			to, ok := index[c.Next]
			if !ok {
				continue
			}
			fits := play.Fits(n, c)
			label := choiceLabel(i+1, c, fits, g.words)
			if opt.Text {
				label += "\n" + Shorten(c.Text, opt.Width)
			}
			hidden := g.nodes[from].unreached || reach.Complete && !reach.Shown[n.ID][i]
			g.edges = append(g.edges, graphEdge{from: from, to: to, label: label, fits: fits, hidden: hidden})
			if opt.WalkOuts && reach.WalkOut[n.ID][i] {
				g.walk = true
				g.edges = append(g.edges, graphEdge{from: from, to: -1, label: fmt.Sprintf("%d. "+g.words.walksOut, i+1, c.Mood), walkOut: true})
			}
		}
	}
	return g
}

// choiceLabel is "2. assume + close ✓": the choice's number in the file,
// its action and follow-up, and a check mark when the action fits.
func choiceLabel(num int, c *scenarios.Choice, fits bool, w graphWords) string {
	var parts []string
	if c.Action != "" {
		parts = append(parts, c.Action)
	}
	parts = append(parts, c.FollowUp)
	s := fmt.Sprintf("%d. %s", num, strings.Join(parts, " + "))
	if fits {
		s += " ✓"
	}
	if len(c.Requires) > 0 {
		s += " " + fmt.Sprintf(w.ifFlags, strings.Join(c.Requires, ", "))
	}
	if len(c.Unless) > 0 {
		s += " " + fmt.Sprintf(w.unlessFlags, strings.Join(c.Unless, ", "))
	}
	return s
}

func (n graphNode) lines() []string {
	lines := []string{n.id}
	switch {
	case n.ending != "":
		lines = append(lines, "ending: "+n.ending)
	case len(n.fit) > 0:
		lines = append(lines, "fit: "+strings.Join(n.fit, ", "))
	}
	if n.unreached {
		lines = append(lines, "("+n.unreachWhy+")")
	}
	if n.text != "" {
		lines = append(lines, n.text)
	}
	return lines
}

// Shorten collapses white space and cuts text to at most width characters,
// ending with "…" when it cut.
func Shorten(text string, width int) string {
	text = strings.Join(strings.Fields(text), " ")
	if utf8.RuneCountInString(text) <= width {
		return text
	}
	r := []rune(text)
	n := max(width-1, 0)
	cut := string(r[:n])
	if i := strings.LastIndexByte(cut, ' '); r[n] != ' ' && i > len(cut)/2 {
		cut = cut[:i]
	}
	return strings.TrimRight(cut, " ,.;:") + "…"
}

// DOT returns the scenario as a Graphviz digraph.
func DOT(sc *scenarios.Scenario, opt GraphOptions) string {
	g := buildGraph(sc, opt)
	var b strings.Builder
	fmt.Fprintf(&b, "digraph %s {\n", dotQuote(sc.ID))
	fmt.Fprintf(&b, "  graph [rankdir=TB, fontname=\"Helvetica\", labelloc=t, label=%s];\n",
		dotQuote(g.title+"\n"+g.words.legend))
	b.WriteString("  node [shape=box, style=\"rounded,filled\", fillcolor=\"#ffffff\", fontname=\"Helvetica\", fontsize=11];\n")
	b.WriteString("  edge [fontname=\"Helvetica\", fontsize=9];\n")
	if g.start >= 0 {
		fmt.Fprintf(&b, "  start [shape=circle, label=%s, style=filled, fillcolor=\"#333333\", fontcolor=\"#ffffff\", fontsize=9, width=0.5, fixedsize=true];\n", dotQuote(g.words.start))
		fmt.Fprintf(&b, "  start -> %s [penwidth=2];\n", g.nodes[g.start].key)
	}
	for _, n := range g.nodes {
		attrs := []string{"label=" + dotQuote(strings.Join(n.lines(), "\n"))}
		style := "rounded,filled"
		if n.ending != "" {
			attrs = append(attrs, "shape=box", "fillcolor="+dotQuote(endingColour(n.ending)))
			style = "filled"
		}
		if n.start {
			attrs = append(attrs, "penwidth=2.5")
		}
		if n.unreached {
			style += ",dashed"
			attrs = append(attrs, "color="+dotQuote(colourGrey), "fontcolor="+dotQuote(colourGrey))
			if n.ending == "" {
				attrs = append(attrs, "fillcolor="+dotQuote(colourGreyFill))
			}
		}
		attrs = append(attrs, "style="+dotQuote(style))
		fmt.Fprintf(&b, "  %s [%s];\n", n.key, strings.Join(attrs, ", "))
	}
	if g.walk {
		fmt.Fprintf(&b, "  walkout [label=%s, shape=octagon, style=\"filled,dashed\", fillcolor=%s, color=%s];\n",
			dotQuote(g.words.walkOutNode+"\nending: lost"), dotQuote(colourLost), dotQuote(colourWalkOut))
	}
	for _, e := range g.edges {
		to := "walkout"
		if e.to >= 0 {
			to = g.nodes[e.to].key
		}
		attrs := []string{"label=" + dotQuote(e.label)}
		switch {
		case e.walkOut:
			attrs = append(attrs, "style=dotted", "color="+dotQuote(colourWalkOut), "fontcolor="+dotQuote(colourWalkOut))
		case e.hidden:
			attrs = append(attrs, "style=dashed", "color="+dotQuote(colourGrey), "fontcolor="+dotQuote(colourGrey))
		case e.fits:
			attrs = append(attrs, "style=bold", "penwidth=2.5", "color="+dotQuote(colourFitEdge))
		}
		fmt.Fprintf(&b, "  %s -> %s [%s];\n", g.nodes[e.from].key, to, strings.Join(attrs, ", "))
	}
	b.WriteString("}\n")
	return b.String()
}

// dotQuote writes s as a DOT double-quoted string; newlines become centred
// line breaks.
func dotQuote(s string) string {
	var b strings.Builder
	b.WriteByte('"')
	for _, r := range s {
		switch r {
		case '"':
			b.WriteString(`\"`)
		case '\\':
			b.WriteString(`\\`)
		case '\n':
			b.WriteString(`\n`)
		case '\r', '\t':
			b.WriteByte(' ')
		default:
			if r < 0x20 {
				continue
			}
			b.WriteRune(r)
		}
	}
	b.WriteByte('"')
	return b.String()
}

// Mermaid returns the scenario as a Mermaid flowchart, as mmdc and
// mermaid.live take it; with opt.Fenced, inside a ```mermaid code fence,
// ready to paste into Markdown.
func Mermaid(sc *scenarios.Scenario, opt GraphOptions) string {
	g := buildGraph(sc, opt)
	var b strings.Builder
	if opt.Fenced {
		b.WriteString("```mermaid\n")
	}
	title, _ := json.Marshal(g.title) // a JSON string is a YAML double-quoted string
	fmt.Fprintf(&b, "---\ntitle: %s\n---\n", title)
	b.WriteString("flowchart TD\n")
	fmt.Fprintf(&b, "  %%%% %s\n", strings.ReplaceAll(g.words.legend, "\n", " "))
	link := 0
	var fitLinks, walkLinks, hiddenLinks []int
	if g.start >= 0 {
		fmt.Fprintf(&b, "  start((\"%s\")) ==> %s\n", mermaidText(g.words.start), g.nodes[g.start].key)
		link++
	}
	for _, n := range g.nodes {
		label := mermaidText(strings.Join(n.lines(), "\n"))
		open, close := "(\"", "\")" // rounded: a moment with choices
		if n.ending != "" {
			open, close = "[\"", "\"]"
		}
		fmt.Fprintf(&b, "  %s%s%s%s\n", n.key, open, label, close)
	}
	if g.walk {
		fmt.Fprintf(&b, "  walkout{{\"%s<br/>ending: lost\"}}\n", mermaidText(g.words.walkOutNode))
	}
	for _, e := range g.edges {
		to := "walkout"
		if e.to >= 0 {
			to = g.nodes[e.to].key
		}
		arrow := "-->"
		switch {
		case e.walkOut:
			arrow = "-.->"
			walkLinks = append(walkLinks, link)
		case e.hidden:
			arrow = "-.->"
			hiddenLinks = append(hiddenLinks, link)
		case e.fits:
			arrow = "==>"
			fitLinks = append(fitLinks, link)
		}
		fmt.Fprintf(&b, "  %s %s|\"%s\"| %s\n", g.nodes[e.from].key, arrow, mermaidText(e.label), to)
		link++
	}
	fmt.Fprintf(&b, "  classDef resolved fill:%s,stroke:#38761d,color:#000000\n", colourResolved)
	fmt.Fprintf(&b, "  classDef unresolved fill:%s,stroke:#bf9000,color:#000000\n", colourUnresolved)
	fmt.Fprintf(&b, "  classDef lost fill:%s,stroke:%s,color:#000000\n", colourLost, colourWalkOut)
	b.WriteString("  classDef first stroke:#333333,stroke-width:3px\n")
	fmt.Fprintf(&b, "  classDef unreached fill:%s,stroke:%s,color:#757575,stroke-dasharray:5 5\n", colourGreyFill, colourGrey)
	classes := map[string][]string{}
	for _, n := range g.nodes {
		if n.ending != "" {
			classes[n.ending] = append(classes[n.ending], n.key)
		}
		if n.start {
			classes["first"] = append(classes["first"], n.key)
		}
		if n.unreached {
			classes["unreached"] = append(classes["unreached"], n.key)
		}
	}
	if g.walk {
		classes[scoring.Lost] = append(classes[scoring.Lost], "walkout")
	}
	for _, c := range []string{scoring.Resolved, scoring.Unresolved, scoring.Lost, "first", "unreached"} {
		if len(classes[c]) > 0 {
			fmt.Fprintf(&b, "  class %s %s\n", strings.Join(classes[c], ","), c)
		}
	}
	writeLinkStyle(&b, fitLinks, "stroke:"+colourFitEdge+",stroke-width:3px")
	writeLinkStyle(&b, walkLinks, "stroke:"+colourWalkOut)
	writeLinkStyle(&b, hiddenLinks, "stroke:"+colourGrey+",stroke-dasharray:5 5")
	if opt.Fenced {
		b.WriteString("```\n")
	}
	return b.String()
}

func writeLinkStyle(b *strings.Builder, links []int, style string) {
	if len(links) == 0 {
		return
	}
	nums := make([]string, len(links))
	for i, l := range links {
		nums[i] = fmt.Sprint(l)
	}
	fmt.Fprintf(b, "  linkStyle %s %s\n", strings.Join(nums, ","), style)
}

// mermaidText escapes text for a double-quoted Mermaid label: quotes,
// brackets and other characters Mermaid reads as syntax become entity
// codes, and newlines become <br/>.
func mermaidText(s string) string {
	var b strings.Builder
	for _, r := range s {
		switch r {
		case '"':
			b.WriteString("#quot;")
		case '#':
			b.WriteString("#35;")
		case '<':
			b.WriteString("#lt;")
		case '>':
			b.WriteString("#gt;")
		case '&':
			b.WriteString("#amp;")
		case '|':
			b.WriteString("#124;")
		case '`':
			b.WriteString("#96;")
		case '[', ']', '(', ')', '{', '}':
			fmt.Fprintf(&b, "#%d;", r)
		case '\n':
			b.WriteString("<br/>")
		case '\r', '\t':
			b.WriteByte(' ')
		default:
			if r < 0x20 {
				continue
			}
			b.WriteRune(r)
		}
	}
	return b.String()
}
