package game

import (
	"github.com/shockabsorber/shockabsorber/play"
	"github.com/shockabsorber/shockabsorber/scoring"
)

// The course hooks tell the page what the learner does, for a course
// package in an LMS (`scenario package`, trainer/package.go): the page's
// bridge (trainer/lms/bridge.js) turns the events into SCORM 1.2, SCORM
// 2004 or cmi5 calls. The game sends three events, as JSON, and only when
// the page defines globalThis.shockAbsorberLMS (course_js.go): "node" when
// a node shows (step 0 starts a run), "decision" after each choice, and
// "end" with the run's report once it reaches an ending.

// inCourse reports whether the game runs in a course package (courseOn);
// a variable so tests can stand in for an LMS page. A course offers only
// its own scenarios: no trainer file is dropped onto it, nor suggested.
var inCourse = courseOn

// courseNodeEvent is the "node" event.
type courseNodeEvent struct {
	Scenario string `json:"scenario"`
	Node     string `json:"node"`
	// Step counts the decisions taken before this node: 0 is a new run.
	Step int `json:"step"`
}

// courseOption is one option as the learner saw it.
type courseOption struct {
	// ID is the option's 1-based position in the node in the file.
	ID       int    `json:"id"`
	Text     string `json:"text"`
	Action   string `json:"action"`
	FollowUp string `json:"follow_up"`
	// Correct is scoring.Correct of the weights the option would add.
	Correct bool `json:"correct"`
}

// courseDecision is the "decision" event: the node, the options shown in
// the order shown, and what the learner answered.
type courseDecision struct {
	Scenario  string         `json:"scenario"`
	Title     string         `json:"title"`
	Language  string         `json:"language"`
	Step      int            `json:"step"`
	Node      string         `json:"node"`
	NodeTitle string         `json:"node_title,omitempty"`
	NodeText  string         `json:"node_text"`
	Options   []courseOption `json:"options"`
	// Response is the ID of the option taken.
	Response  int      `json:"response"`
	Action    string   `json:"action"`
	FollowUp  string   `json:"follow_up"`
	Fit       []string `json:"fit"`
	Fits      bool     `json:"fits"`
	Correct   bool     `json:"correct"`
	MoodFrom  int      `json:"mood_before"`
	MoodTo    int      `json:"mood_after"`
	WalkedOut bool     `json:"walked_out,omitempty"`
}

// courseEnd is the "end" event.
type courseEnd struct {
	Scenario string      `json:"scenario"`
	Report   play.Report `json:"report"`
}

// courseShown sends the "node" event for the run's current node.
func courseShown(run *play.Run) {
	if !courseOn() {
		return
	}
	courseSend("node", courseNodeEvent{Scenario: run.Scenario().ID, Node: run.Node().ID, Step: len(run.Steps())})
}

// courseChose sends the "decision" event for step st, taken at the node
// d showed with the options d.opts, and the "end" event when the choice
// ended the run.
func courseChose(d *dialogue, st play.Step) {
	if !courseOn() {
		return
	}
	sc := d.run.Scenario()
	ev := courseDecision{
		Scenario: sc.ID, Title: sc.Title, Language: sc.Language,
		Step: len(d.run.Steps()), Node: d.node.ID, NodeTitle: d.node.Title, NodeText: d.node.Text,
		Response: st.Option, Action: st.Action, FollowUp: st.FollowUp,
		Fit: st.Fit, Fits: st.Fits, Correct: scoring.Correct(st.Weights),
		MoodFrom: st.MoodFrom, MoodTo: st.MoodTo, WalkedOut: st.WalkedOut,
	}
	for _, o := range d.opts {
		ev.Options = append(ev.Options, courseOption{
			ID: o.Index + 1, Text: o.Choice.Text, Action: o.Choice.Action, FollowUp: o.Choice.FollowUp,
			Correct: scoring.Correct(play.ChoiceWeights(d.node, o.Choice)),
		})
	}
	courseSend("decision", ev)
	if d.run.Done() {
		courseSend("end", courseEnd{Scenario: sc.ID, Report: d.run.Report()})
	}
}
