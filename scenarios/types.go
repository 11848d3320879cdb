// Package scenarios reads, validates and bundles Shock Absorber scenario
// files (the TOML format of the scenario contract, section 2).
//
// Parse never panics: whatever the bytes, it returns a scenario or a list of
// diagnostics that name the file, line and column of every problem found.
package scenarios

import (
	"fmt"
	"sort"
	"strings"
)

// DefaultMood is the customer's mood when the file gives none.
const DefaultMood = 50

// DefaultSpeaker is who talks on a node that names nobody.
const DefaultSpeaker = "customer"

// Scenario is one validated scenario file.
type Scenario struct {
	ID       string   `json:"id"`
	Title    string   `json:"title"`
	Language string   `json:"language"`
	Summary  string   `json:"summary,omitempty"`
	Tags     []string `json:"tags,omitempty"`
	// Start is the id of the first node: the file's start key, or the first
	// node in the file when it has none.
	Start string `json:"start"`
	// Situation links the translations of one situation (v2): files in
	// other languages of the same situation share it. "" when not given.
	Situation string `json:"situation,omitempty"`
	// Walkout names the ending node (ending "lost") entered when the
	// customer walks out (v2); "" when the file names none.
	Walkout  string   `json:"walkout,omitempty"`
	Customer Customer `json:"customer"`
	Nodes    []*Node  `json:"nodes"`

	// File is the path the scenario was read from ("" when parsed from memory).
	File string `json:"-"`

	byID  map[string]*Node
	lines map[string]int // see Line; nil when not parsed from a file
}

// Customer is the person the player serves.
type Customer struct {
	Name string `json:"name,omitempty"`
	Mood int    `json:"mood"`
	// Look is the file's [customer.look] (an addition to the contract),
	// nil when it has none; Resolved fills in what it leaves out.
	Look *Look `json:"look,omitempty"`
}

// Node is one moment of the scenario: something said or happening, and
// either the choices the player has or an ending.
type Node struct {
	ID      string `json:"id"`
	Speaker string `json:"speaker"`
	// Title is a short step title for debriefs and reports (v2); "" when
	// the file gives none (see Label).
	Title     string    `json:"title,omitempty"`
	Text      string    `json:"text"`
	Fit       []string  `json:"fit,omitempty"`
	TimeLimit int       `json:"time_limit,omitempty"`
	Ending    string    `json:"ending,omitempty"`
	Choices   []*Choice `json:"choices,omitempty"`
	// Line is where the node's [[node]] header stands in its file.
	Line int `json:"-"`

	path string // key path for positions, such as "node[3]"
}

// Choice is one thing the player can say or do at a node.
type Choice struct {
	Text     string             `json:"text"`
	Action   string             `json:"action,omitempty"`
	FollowUp string             `json:"follow_up"`
	Mood     int                `json:"mood,omitempty"`
	Feedback string             `json:"feedback,omitempty"`
	Next     string             `json:"next"`
	Sets     []string           `json:"sets,omitempty"`
	Requires []string           `json:"requires,omitempty"`
	Unless   []string           `json:"unless,omitempty"`
	Drift    map[string]float64 `json:"drift,omitempty"`
	// Line is where the choice's [[node.choice]] header stands.
	Line int `json:"-"`

	path string // key path for positions, such as "node[3].choice[1]"
}

// Node returns the node with the given id, or nil.
func (s *Scenario) Node(id string) *Node {
	if s == nil {
		return nil
	}
	if s.byID == nil {
		s.index()
	}
	return s.byID[id]
}

func (s *Scenario) index() {
	s.byID = make(map[string]*Node, len(s.Nodes))
	for _, n := range s.Nodes {
		if _, dup := s.byID[n.ID]; !dup {
			s.byID[n.ID] = n
		}
	}
}

// Line returns the line of the scenario's file where the value of the key
// at path starts, for the keys that name the scenario and what the player
// is shown: "id", "title", "summary", "tags" and its items ("tags[1]"), and
// nodes' "title" and "text" and choices' "text", nodes and choices numbered
// from 0 in file order as in Nodes and Choices ("node[2].text",
// "node[2].choice[0].text"). Another key, or one the file does not have,
// gives the line of its node or choice (0 at the top level); 0 when the
// scenario was not parsed from a file.
func (s *Scenario) Line(path string) int {
	if s == nil {
		return 0
	}
	for path != "" {
		if l, ok := s.lines[path]; ok {
			return l
		}
		path = parentPath(path)
	}
	return 0
}

// Label names the node for people: its title, or its id when it has none.
func (n *Node) Label() string {
	if n.Title != "" {
		return n.Title
	}
	return n.ID
}

// IsEnding reports whether the node ends the run.
func (n *Node) IsEnding() bool { return n.Ending != "" }

// VisibleWith reports whether the choice shows when exactly the flags in
// set are set: all of Requires set and none of Unless.
func (c *Choice) VisibleWith(set func(flag string) bool) bool {
	for _, f := range c.Requires {
		if !set(f) {
			return false
		}
	}
	for _, f := range c.Unless {
		if set(f) {
			return false
		}
	}
	return true
}

// Diagnostic is one problem found in a scenario file.
type Diagnostic struct {
	File    string
	Line    int // 1-based; 0 when the problem is about the file as a whole
	Col     int // 1-based; 0 when unknown
	Warning bool
	Message string
	// Consequence marks an error that most likely follows from another one
	// in the same file (a next naming a node whose id is missing): Sort
	// lists it after the file's other diagnostics, so the cause comes first.
	Consequence bool
}

// String formats the diagnostic as the contract asks:
// "PATH:LINE:COL: message" for errors, "PATH:LINE: warning: message" for
// warnings.
func (d Diagnostic) String() string {
	var b strings.Builder
	b.WriteString(d.File)
	if d.Line > 0 {
		fmt.Fprintf(&b, ":%d", d.Line)
		if d.Col > 0 && !d.Warning {
			fmt.Fprintf(&b, ":%d", d.Col)
		}
	}
	if d.Warning {
		b.WriteString(": warning")
	}
	b.WriteString(": ")
	b.WriteString(d.Message)
	return b.String()
}

// Diagnostics is a list of problems, errors and warnings mixed.
type Diagnostics []Diagnostic

// HasErrors reports whether any diagnostic is an error.
func (ds Diagnostics) HasErrors() bool {
	for _, d := range ds {
		if !d.Warning {
			return true
		}
	}
	return false
}

// Errors returns only the errors.
func (ds Diagnostics) Errors() Diagnostics {
	var out Diagnostics
	for _, d := range ds {
		if !d.Warning {
			out = append(out, d)
		}
	}
	return out
}

// Sort orders diagnostics by file, line and column, keeping the order of
// those at the same place; in each file, consequences of other errors come
// after the rest.
func (ds Diagnostics) Sort() {
	sort.SliceStable(ds, func(i, j int) bool {
		a, b := ds[i], ds[j]
		if a.File != b.File {
			return a.File < b.File
		}
		if a.Consequence != b.Consequence {
			return b.Consequence
		}
		if a.Line != b.Line {
			return a.Line < b.Line
		}
		return a.Col < b.Col
	})
}

// Error makes a list of diagnostics usable as an error: one per line.
func (ds Diagnostics) Error() string {
	lines := make([]string, len(ds))
	for i, d := range ds {
		lines[i] = d.String()
	}
	return strings.Join(lines, "\n")
}
