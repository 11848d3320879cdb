package trainer

import (
	"bytes"
	"crypto/sha1"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"net/mail"
	"net/url"
	"strings"
	"time"

	"github.com/shockabsorber/shockabsorber/play"
	"github.com/shockabsorber/shockabsorber/scenarios"
	"github.com/shockabsorber/shockabsorber/scoring"
)

// DefaultXAPIBase is the IRI under which activities and extensions are
// named when no --base is given. example.org is reserved for examples:
// an organisation sets its own base.
const DefaultXAPIBase = "https://shockabsorber.example.org/xapi"

// The xAPI verbs used, from the ADL vocabulary.
var (
	VerbAnswered  = Verb{ID: "http://adlnet.gov/expapi/verbs/answered", Display: map[string]string{"en-US": "answered"}}
	VerbCompleted = Verb{ID: "http://adlnet.gov/expapi/verbs/completed", Display: map[string]string{"en-US": "completed"}}
)

// Activity types from the ADL vocabulary.
const (
	activitySimulation  = "http://adlnet.gov/expapi/activities/simulation"
	activityInteraction = "http://adlnet.gov/expapi/activities/cmi.interaction"
)

// Statement is one xAPI 1.0.3 statement.
type Statement struct {
	ID        string   `json:"id"`
	Actor     Agent    `json:"actor"`
	Verb      Verb     `json:"verb"`
	Object    Activity `json:"object"`
	Result    *Result  `json:"result,omitempty"`
	Context   *Context `json:"context,omitempty"`
	Timestamp string   `json:"timestamp"`
}

// Agent is the person the statements are about.
type Agent struct {
	ObjectType string   `json:"objectType"`
	Name       string   `json:"name,omitempty"`
	Mbox       string   `json:"mbox,omitempty"`
	Account    *Account `json:"account,omitempty"`
}

// Account identifies an agent by an account on a system.
type Account struct {
	HomePage string `json:"homePage"`
	Name     string `json:"name"`
}

// Verb is an xAPI verb.
type Verb struct {
	ID      string            `json:"id"`
	Display map[string]string `json:"display"`
}

// Activity is an xAPI activity object.
type Activity struct {
	ObjectType string              `json:"objectType"`
	ID         string              `json:"id"`
	Definition *ActivityDefinition `json:"definition,omitempty"`
}

// ActivityDefinition describes an activity.
type ActivityDefinition struct {
	Name                    map[string]string `json:"name,omitempty"`
	Description             map[string]string `json:"description,omitempty"`
	Type                    string            `json:"type,omitempty"`
	InteractionType         string            `json:"interactionType,omitempty"`
	CorrectResponsesPattern []string          `json:"correctResponsesPattern,omitempty"`
	Choices                 []InteractionItem `json:"choices,omitempty"`
}

// InteractionItem is one option of a choice interaction.
type InteractionItem struct {
	ID          string            `json:"id"`
	Description map[string]string `json:"description"`
}

// Result is an xAPI result.
type Result struct {
	Score      *Score         `json:"score,omitempty"`
	Success    *bool          `json:"success,omitempty"`
	Completion *bool          `json:"completion,omitempty"`
	Response   string         `json:"response,omitempty"`
	Duration   string         `json:"duration,omitempty"`
	Extensions map[string]any `json:"extensions,omitempty"`
}

// Score is an xAPI score; Scaled is in -1..1.
type Score struct {
	Scaled float64 `json:"scaled"`
}

// Context is an xAPI context.
type Context struct {
	Registration      string             `json:"registration,omitempty"`
	ContextActivities *ContextActivities `json:"contextActivities,omitempty"`
	Platform          string             `json:"platform,omitempty"`
	Language          string             `json:"language,omitempty"`
	Extensions        map[string]any     `json:"extensions,omitempty"`
}

// ContextActivities relates a statement to other activities.
type ContextActivities struct {
	Parent []Activity `json:"parent,omitempty"`
}

// ParseActor reads --actor: "mailto:name@host" (or a bare address), or
// "account:HOMEPAGE#NAME" for an LMS account.
func ParseActor(s string) (Agent, error) {
	s = strings.TrimSpace(s)
	if rest, ok := strings.CutPrefix(s, "account:"); ok {
		home, name, found := strings.Cut(rest, "#")
		u, err := url.Parse(home)
		if !found || name == "" || err != nil || u.Scheme == "" || u.Host == "" {
			return Agent{}, fmt.Errorf("actor %q: an account is written account:https://lms.example.com#user-id", s)
		}
		return Agent{ObjectType: "Agent", Account: &Account{HomePage: home, Name: name}}, nil
	}
	addr := strings.TrimPrefix(s, "mailto:")
	a, err := mail.ParseAddress(addr)
	if err != nil || a.Address != addr {
		return Agent{}, fmt.Errorf("actor %q is not an e-mail address such as mailto:ana@example.com (or account:HOMEPAGE#NAME)", s)
	}
	return Agent{ObjectType: "Agent", Mbox: "mailto:" + addr}, nil
}

// AnonymousActor is used when no actor is given.
func AnonymousActor(base string) Agent {
	return Agent{ObjectType: "Agent", Account: &Account{HomePage: base, Name: "anonymous"}}
}

// CheckBase reports whether base can prefix activity IRIs.
func CheckBase(base string) error {
	u, err := url.Parse(base)
	if err != nil || u.Scheme == "" || u.Host == "" || u.RawQuery != "" || u.Fragment != "" {
		return fmt.Errorf("base %q must be an absolute IRI such as https://lms.example.com/xapi", base)
	}
	return nil
}

// ReadReports decodes the JSON a `scenario play --json` run printed: one
// report object, or an array of them.
func ReadReports(data []byte) ([]play.Report, error) {
	data = bytes.TrimSpace(data)
	if len(data) == 0 {
		return nil, errors.New("file is empty: expected the JSON that `scenario play --json` prints")
	}
	var raws []json.RawMessage
	if data[0] == '[' {
		if err := json.Unmarshal(data, &raws); err != nil {
			return nil, fmt.Errorf("not valid JSON: %v", err)
		}
	} else {
		raws = []json.RawMessage{data}
	}
	out := make([]play.Report, 0, len(raws))
	for i, raw := range raws {
		where := ""
		if len(raws) > 1 || data[0] == '[' {
			where = fmt.Sprintf("report %d: ", i+1)
		}
		var keys map[string]json.RawMessage
		if err := json.Unmarshal(raw, &keys); err != nil {
			return nil, fmt.Errorf("%snot a play report (expected a JSON object as `scenario play --json` prints): %v", where, err)
		}
		for _, k := range []string{"scenario", "ending", "drift", "path", "steps"} {
			if _, ok := keys[k]; !ok {
				return nil, fmt.Errorf("%snot a play report: no %q key (expected the output of `scenario play --json`)", where, k)
			}
		}
		var rep play.Report
		if err := json.Unmarshal(raw, &rep); err != nil {
			return nil, fmt.Errorf("%snot a play report: %v", where, err)
		}
		if strings.TrimSpace(rep.Scenario) == "" {
			return nil, fmt.Errorf("%sthe report names no scenario", where)
		}
		if rep.Ending != "" && !scoring.IsEnding(rep.Ending) {
			return nil, fmt.Errorf("%sunknown ending %q (allowed: %s)", where, rep.Ending, strings.Join(scoring.Endings, ", "))
		}
		for k, st := range rep.Steps {
			if strings.TrimSpace(st.Node) == "" {
				return nil, fmt.Errorf("%sstep %d names no node", where, k+1)
			}
		}
		out = append(out, rep)
	}
	return out, nil
}

// XAPIOptions says who the statements are about and how they are named.
type XAPIOptions struct {
	Actor Agent
	Base  string // IRI prefix of activities and extensions
	// Time is when the run ended, as far as anyone knows (reports carry no
	// clock): the file's modification time, or the time given.
	Time time.Time
	// Scenario, when given (the report's scenario), makes each decision a
	// choice interaction with the node's text and the options shown, the
	// correct ones by fit and ownership (scoring.Correct), and the
	// response as the option's id.
	Scenario *scenarios.Scenario
	// TimingsMS are the run's own timings (a transcript's, one per step)
	// and Start when it began: each statement is then stamped when its
	// step was answered, with the step's time as result.duration, and
	// the completion with the run's whole time.
	TimingsMS []int64
	Start     time.Time
}

// OptionID names an option of a choice interaction as the course
// packages' bridge does: its 1-based position in the node, its action and
// follow-up ("o2-derive-monitor").
func OptionID(option int, action, followUp string) string {
	if action == "" {
		action = "none"
	}
	return fmt.Sprintf("o%d-%s-%s", option, action, followUp)
}

// stepView is what a replay of the report on its scenario tells of a step.
type stepView struct {
	text    string
	options []InteractionItem
	correct []string
}

// replaySteps replays rep on sc and returns, per step, the node's text and
// the options shown; nil when the report does not replay on sc (another
// version of the file).
func replaySteps(sc *scenarios.Scenario, rep play.Report, lang string) []stepView {
	if sc == nil || sc.ID != rep.Scenario {
		return nil
	}
	run := play.New(sc)
	out := make([]stepView, 0, len(rep.Steps))
	for _, st := range rep.Steps {
		n := run.Node()
		if n == nil || n.ID != st.Node || run.Done() {
			return nil
		}
		v := stepView{text: n.Text}
		for _, o := range run.Visible() {
			id := OptionID(o.Index+1, o.Choice.Action, o.Choice.FollowUp)
			v.options = append(v.options, InteractionItem{ID: id, Description: map[string]string{lang: o.Choice.Text}})
			if scoring.Correct(play.ChoiceWeights(n, o.Choice)) {
				v.correct = append(v.correct, id)
			}
		}
		var err error
		if st.TimedOut {
			_, err = run.Timeout()
		} else {
			_, err = run.Choose(st.Choice - 1)
		}
		if err != nil {
			return nil
		}
		out = append(out, v)
	}
	return out
}

// isoDuration writes ms as an ISO 8601 duration, to the hundredth of a
// second as xAPI recommends.
func isoDuration(ms int64) string {
	if ms < 0 {
		ms = 0
	}
	s := fmt.Sprintf("%d.%02d", ms/1000, (ms%1000)/10)
	s = strings.TrimSuffix(strings.TrimRight(s, "0"), ".")
	return "PT" + s + "S"
}

// Statements turns one play report into xAPI statements: one "answered"
// per step and, when the run reached an ending, one "completed". Ids are
// UUIDs derived from the report's content, the actor, the base and the
// time, so converting the same report twice gives the same statements and
// an LRS does not store them twice.
func Statements(rep play.Report, opt XAPIOptions) ([]Statement, error) {
	canon, err := json.Marshal(rep)
	if err != nil {
		return nil, err
	}
	actorJSON, _ := json.Marshal(opt.Actor)
	sum := sha256.Sum256(canon)
	base := strings.TrimRight(opt.Base, "/")
	ns := uuidV5(nsURL, base)
	registration := uuidV5(ns, "registration\n"+string(actorJSON)+"\n"+opt.Time.UTC().Format(time.RFC3339Nano)+"\n"+hex.EncodeToString(sum[:]))
	ext := func(name string) string { return base + "/extensions/" + name }
	lang := rep.Language
	if lang == "" {
		lang = "und"
	}
	scenarioIRI := base + "/scenarios/" + url.PathEscape(rep.Scenario)
	title := rep.Title
	if title == "" {
		title = rep.Scenario
	}
	scenarioActivity := Activity{ObjectType: "Activity", ID: scenarioIRI, Definition: &ActivityDefinition{
		Name: map[string]string{lang: title},
		Type: activitySimulation,
	}}
	parent := &ContextActivities{Parent: []Activity{{ObjectType: "Activity", ID: scenarioIRI}}}
	n := len(rep.Steps)
	// Reports keep no clock, only the order of the steps: the steps are
	// stamped a millisecond apart, ending at opt.Time; with the run's own
	// timings, when each was answered.
	timed := len(opt.TimingsMS) == n && n > 0 && !opt.Start.IsZero()
	var total int64
	for _, ms := range opt.TimingsMS {
		total += max(ms, 0)
	}
	stamp := func(k int) string {
		if timed {
			var at int64
			for _, ms := range opt.TimingsMS[:k] {
				at += max(ms, 0)
			}
			if k < n {
				at += max(opt.TimingsMS[k], 0)
			}
			return opt.Start.UTC().Add(time.Duration(at) * time.Millisecond).Format("2006-01-02T15:04:05.000Z")
		}
		return opt.Time.UTC().Add(time.Duration(k-n) * time.Millisecond).Format("2006-01-02T15:04:05.000Z")
	}
	views := replaySteps(opt.Scenario, rep, lang)
	var out []Statement
	for k, st := range rep.Steps {
		ts := stamp(k)
		res := &Result{Response: st.Text, Extensions: map[string]any{
			ext("choice"):      st.Choice,
			ext("action"):      st.Action,
			ext("follow_up"):   st.FollowUp,
			ext("fits"):        st.Fits,
			ext("fit"):         nonNil(st.Fit),
			ext("weights"):     st.Weights,
			ext("mood_before"): st.MoodFrom,
			ext("mood_after"):  st.MoodTo,
		}}
		if len(st.Fit) > 0 {
			res.Success = ptr(st.Fits)
		}
		if st.WalkedOut {
			res.Extensions[ext("walked_out")] = true
		}
		if timed {
			res.Duration = isoDuration(opt.TimingsMS[k])
		}
		nodeName := st.Node
		if st.Title != "" {
			nodeName = st.Title
		}
		def := &ActivityDefinition{
			Name:            map[string]string{lang: title + ": " + nodeName},
			Type:            activityInteraction,
			InteractionType: "other",
		}
		if views != nil {
			v := views[k]
			def.InteractionType = "choice"
			def.Description = map[string]string{lang: v.text}
			def.Choices = v.options
			def.CorrectResponsesPattern = v.correct
			res.Success = ptr(scoring.Correct(st.Weights))
			res.Response = ""
			if !st.TimedOut {
				res.Response = OptionID(st.Option, st.Action, st.FollowUp)
			}
			res.Extensions[ext("mood")] = st.MoodTo
			if st.TimedOut {
				res.Extensions[ext("timed_out")] = true
			}
		}
		out = append(out, Statement{
			ID:        uuidV5(ns, fmt.Sprintf("%s\nstep\n%d", registration, k)),
			Actor:     opt.Actor,
			Verb:      VerbAnswered,
			Object:    Activity{ObjectType: "Activity", ID: scenarioIRI + "/nodes/" + url.PathEscape(st.Node), Definition: def},
			Result:    res,
			Context:   &Context{Registration: registration, ContextActivities: parent, Platform: "Shock Absorber", Language: rep.Language, Extensions: map[string]any{ext("step"): k + 1}},
			Timestamp: ts,
		})
	}
	if rep.Ending != "" {
		ts := stamp(n)
		sa := rep.Drift[scoring.Index(scoring.ShockAbsorber)]
		archetype := rep.Archetype
		if archetype == "" {
			archetype = play.NoArchetype
		}
		out = append(out, Statement{
			ID:     uuidV5(ns, registration+"\ncompleted"),
			Actor:  opt.Actor,
			Verb:   VerbCompleted,
			Object: scenarioActivity,
			Result: &Result{
				Score:      &Score{Scaled: sa},
				Success:    ptr(rep.Ending == scoring.Resolved),
				Completion: ptr(true),
				Response:   rep.Ending,
				Duration:   completedDuration(timed, total),
				Extensions: map[string]any{
					ext("ending"):     rep.Ending,
					ext("archetype"):  archetype,
					ext("drift"):      rep.Drift,
					ext("mood"):       rep.Mood,
					ext("walked_out"): rep.WalkedOut,
					ext("path"):       nonNil(rep.Path),
					ext("choices"):    stepChoices(rep),
					ext("fitting"):    rep.Fitting,
					ext("decisions"):  rep.Decisions,
				},
			},
			Context:   &Context{Registration: registration, Platform: "Shock Absorber", Language: rep.Language},
			Timestamp: ts,
		})
	}
	return out, nil
}

func completedDuration(timed bool, total int64) string {
	if !timed {
		return ""
	}
	return isoDuration(total)
}

func nonNil(s []string) []string {
	if s == nil {
		return []string{}
	}
	return s
}

func stepChoices(rep play.Report) []int {
	out := make([]int, len(rep.Steps))
	for i, s := range rep.Steps {
		out[i] = s.Choice
	}
	return out
}

// nsURL is the RFC 4122 name space for URLs.
var nsURL = [16]byte{0x6b, 0xa7, 0xb8, 0x11, 0x9d, 0xad, 0x11, 0xd1, 0x80, 0xb4, 0x00, 0xc0, 0x4f, 0xd4, 0x30, 0xc8}

// uuidV5 returns the name-based (SHA-1) UUID of name in name space ns,
// as RFC 4122 section 4.3 defines it. ns is a UUID, raw or as text.
func uuidV5[T [16]byte | string](ns T, name string) string {
	var space [16]byte
	switch v := any(ns).(type) {
	case [16]byte:
		space = v
	case string:
		b, _ := hex.DecodeString(strings.ReplaceAll(v, "-", ""))
		copy(space[:], b)
	}
	h := sha1.New()
	h.Write(space[:])
	h.Write([]byte(name))
	var u [16]byte
	copy(u[:], h.Sum(nil))
	u[6] = u[6]&0x0f | 0x50
	u[8] = u[8]&0x3f | 0x80
	x := hex.EncodeToString(u[:])
	return x[0:8] + "-" + x[8:12] + "-" + x[12:16] + "-" + x[16:20] + "-" + x[20:32]
}

// ExportedRun is one run to turn into statements: a report and, from the
// panel's JSON export, the run's own clock and the candidate.
type ExportedRun struct {
	Report    play.Report
	TimingsMS []int64
	// Start is when the run began and End when the submission finished
	// (zero when unknown).
	Start, End time.Time
	Candidate  string
}

// IsPanelExport reports whether data is the panel's JSON export (GET
// /export.json: assessments with their submissions) rather than play
// reports.
func IsPanelExport(data []byte) bool {
	var probe struct {
		Assessments json.RawMessage `json:"assessments"`
	}
	return json.Unmarshal(bytes.TrimSpace(data), &probe) == nil && len(probe.Assessments) > 0
}

// ReadPanelExport reads the runs of a panel export: every result of every
// submission, with the transcript's timings. A submission's scenarios ran
// one after the other from its started_at, so each run starts when the
// ones before it had taken their time.
func ReadPanelExport(data []byte) ([]ExportedRun, error) {
	var ex struct {
		Assessments []struct {
			Name        string `json:"name"`
			Submissions []struct {
				Candidate  string `json:"candidate"`
				StartedAt  string `json:"started_at"`
				FinishedAt string `json:"finished_at"`
				Results    []struct {
					Transcript json.RawMessage `json:"transcript"`
					Report     json.RawMessage `json:"report"`
				} `json:"results"`
			} `json:"submissions"`
		} `json:"assessments"`
	}
	if err := json.Unmarshal(data, &ex); err != nil {
		return nil, fmt.Errorf("not a panel export: %v", err)
	}
	var out []ExportedRun
	for _, a := range ex.Assessments {
		for si, sub := range a.Submissions {
			where := fmt.Sprintf("assessment %q, submission %d", a.Name, si+1)
			start, err := time.Parse(time.RFC3339, sub.StartedAt)
			if err != nil {
				return nil, fmt.Errorf("%s: started_at %q is not an RFC 3339 time", where, sub.StartedAt)
			}
			end, _ := time.Parse(time.RFC3339, sub.FinishedAt)
			at := start
			for ri, r := range sub.Results {
				reps, err := ReadReports(r.Report)
				if err != nil || len(reps) != 1 {
					return nil, fmt.Errorf("%s, result %d: %v", where, ri+1, err)
				}
				var tr play.Transcript
				if len(r.Transcript) > 0 {
					if err := json.Unmarshal(r.Transcript, &tr); err != nil {
						return nil, fmt.Errorf("%s, result %d: transcript: %v", where, ri+1, err)
					}
				}
				run := ExportedRun{Report: reps[0], Candidate: sub.Candidate, End: end}
				if len(tr.TimingsMS) == len(reps[0].Steps) && len(tr.TimingsMS) > 0 {
					run.TimingsMS, run.Start = tr.TimingsMS, at
					for _, ms := range tr.TimingsMS {
						at = at.Add(time.Duration(max(ms, 0)) * time.Millisecond)
					}
				}
				out = append(out, run)
			}
		}
	}
	return out, nil
}
