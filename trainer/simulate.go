package trainer

import (
	"errors"
	"fmt"
	"math/rand/v2"

	"github.com/shockabsorber/shockabsorber/play"
	"github.com/shockabsorber/shockabsorber/scenarios"
	"github.com/shockabsorber/shockabsorber/scoring"
)

// SimulateOptions sets up SimulateCandidates.
type SimulateOptions struct {
	// N is the number of candidates.
	N int
	// Seed fixes the players' random streams; AssessmentSeed is written in
	// every transcript, as the assessment's seed.
	Seed           uint64
	AssessmentSeed uint64
	// QMin and QMax bound each candidate's consistency: candidate i's q
	// (see PersonaOptions.Q) is drawn uniformly between them, so a group
	// has strong and weak candidates of every leaning.
	QMin, QMax float64
	// TimeLimits records times as an assessment with time limits does:
	// every answer inside its node's limit, and now and then a timeout
	// (TimeoutRate of the steps at nodes with a limit).
	TimeLimits  bool
	TimeoutRate float64
}

// SimulatedCandidate is one simulated candidate's assessment.
type SimulatedCandidate struct {
	// Persona is the archetype the candidate leans toward.
	Persona string
	Q       float64
	// Transcripts hold one transcript per scenario, in the order played,
	// as the browser game would have sent them.
	Transcripts []play.Transcript
}

// SimulateCandidates plays o.N simulated candidates through list, in
// order, as the personas of a persona playtest do (candidate i leans
// toward archetype i mod 5), and returns the transcripts an assessment
// would have recorded, with plausible reading times. It is how a test or
// a demonstration fills an assessment with a realistic group: the same
// options give the same candidates.
func SimulateCandidates(list []*scenarios.Scenario, o SimulateOptions) ([]SimulatedCandidate, error) {
	if o.N < 0 {
		return nil, fmt.Errorf("the number of candidates must not be negative, not %d", o.N)
	}
	if !(o.QMin >= 0 && o.QMin <= o.QMax && o.QMax <= 1) {
		return nil, fmt.Errorf("q must run from 0 to 1 with QMin <= QMax, not %v..%v", o.QMin, o.QMax)
	}
	if !(o.TimeoutRate >= 0 && o.TimeoutRate < 1) {
		return nil, fmt.Errorf("the timeout rate must be from 0 to less than 1, not %v", o.TimeoutRate)
	}
	if len(list) == 0 {
		return nil, errors.New("no scenarios to play")
	}
	out := make([]SimulatedCandidate, o.N)
	p := &player{set: list}
	timing := rand.New(rand.NewPCG(o.Seed, 0x5eed71))
	for i := range out {
		arch := i % scoring.NumArchetypes
		p.reset(personaPersona, arch, o.Seed, stream("candidate", fmt.Sprint(i)))
		p.q = o.QMin + (o.QMax-o.QMin)*p.rng.Float64()
		c := SimulatedCandidate{Persona: scoring.Archetypes[arch], Q: p.q, Transcripts: make([]play.Transcript, 0, len(list))}
		for _, sc := range list {
			c.Transcripts = append(c.Transcripts, p.transcript(sc, o, timing))
		}
		out[i] = c
	}
	return out, nil
}

// transcript plays sc once and records it as an assessment would.
func (p *player) transcript(sc *scenarios.Scenario, o SimulateOptions, timing *rand.Rand) play.Transcript {
	t := play.Transcript{Scenario: sc.ID, Seed: o.AssessmentSeed, Choices: []int{}, TimingsMS: []int64{}}
	r := play.New(sc)
	for steps := 0; !r.Done() && steps < MaxSteps; steps++ {
		vis := r.Visible()
		if len(vis) == 0 {
			break
		}
		n := r.Node()
		texts := []string{n.Text}
		for _, v := range vis {
			texts = append(texts, v.Choice.Text)
		}
		// Reading at half to one and a quarter of the reading time (people
		// skim the options they rule out), then one to seven seconds of
		// thought.
		ms := int64((ReadingSeconds(sc.Language, texts...)*(0.5+0.75*timing.Float64()) + 1 + 6*timing.Float64()) * 1000)
		if o.TimeLimits && n.TimeLimit > 0 {
			limit := int64(n.TimeLimit) * 1000
			if timing.Float64() < o.TimeoutRate {
				if _, err := r.Timeout(); err != nil {
					break
				}
				t.Choices = append(t.Choices, 0)
				t.TimingsMS = append(t.TimingsMS, limit)
				continue
			}
			ms = min(ms, limit-250)
		}
		k := p.pick(n, vis)
		if _, err := r.Choose(k); err != nil {
			break
		}
		t.Choices = append(t.Choices, k+1)
		t.TimingsMS = append(t.TimingsMS, max(ms, 0))
	}
	return t
}
