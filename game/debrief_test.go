package game

import (
	"strings"
	"testing"

	"github.com/shockabsorber/shockabsorber/play"
	"github.com/shockabsorber/shockabsorber/scenarios"
	"github.com/shockabsorber/shockabsorber/scoring"
)

func mustStrings(t *testing.T, lang string) *Strings {
	t.Helper()
	s, err := LoadStrings(lang)
	if err != nil {
		t.Fatal(err)
	}
	if s.Lang != lang {
		t.Fatalf("LoadStrings(%q) gave %q", lang, s.Lang)
	}
	return s
}

// TestVerdictText checks what the debrief says for each kind of drift: the
// archetype only when clear, a tie naming every tied archetype, "no clear
// drift yet" with the lead and the margin in words, the plain text of a run
// without weight, and a neutral sentence (no headline) for a lost customer.
func TestVerdictText(t *testing.T) {
	en := mustStrings(t, "en")
	cases := []struct {
		name    string
		w       scoring.Weights
		ending  string
		kind    verdictKind
		label   string
		head    string // "" for a lost run, which draws none
		leaning string
		body    string // the whole body, or a part of it (contains)
		winner  int
		hi      []int
	}{
		{"clear", scoring.Weights{0, 0, 0, 0, 4}, scoring.Resolved, verdictClear,
			"You drifted toward", "Shock absorber", "", en.ArchetypeDesc(scoring.ShockAbsorber), 4, []int{4}},
		{"clear at exactly the margin", scoring.Weights{3, 2, 0, 0, 0}, scoring.Unresolved, verdictClear,
			"You drifted toward", "Pivot", "", en.ArchetypeDesc(scoring.Pivot), 0, []int{0}},
		{"tie of two", scoring.Weights{2, 0, 2, 0, 0}, scoring.Unresolved, verdictTie,
			"Your drift", "Tie between Pivot and Connector", "",
			"Your choices pulled equally toward each of them: 50% of your drift each. A drift counts as clear once one archetype leads the next by at least 20 points.",
			-1, []int{0, 2}},
		{"tie of three", scoring.Weights{1, 0, 1, 0, 1}, scoring.Resolved, verdictTie,
			"Your drift", "Tie between Pivot, Connector and Shock absorber", "", "33% of your drift each", -1, []int{0, 2, 4}},
		{"unclear", scoring.Weights{2, 0.5, 1.5, 0, 0}, scoring.Unresolved, verdictUnclear,
			"Your drift", "No clear drift yet", "Leaning toward Pivot",
			"Pivot leads Connector by only 12 points (50% against 38% of your drift). A drift counts as clear once one archetype leads the next by at least 20 points.",
			-1, nil},
		{"unclear with tied runners-up", scoring.Weights{4, 3, 3, 0, 0}, scoring.Resolved, verdictUnclear,
			"Your drift", "No clear drift yet", "Leaning toward Pivot", "Pivot leads Spring and Connector by only 10 points (40% against 30%", -1, nil},
		{"no weight", scoring.Weights{}, scoring.Resolved, verdictNone,
			"You drifted toward", "No clear drift", "", en.ArchetypeDesc(""), -1, nil},
		{"walk-out, clear shock absorber", scoring.Weights{0, 0, 0, 0, 3}, scoring.Lost, verdictClear,
			"Your drift", "", "",
			"Before Dana left, your choices drifted toward Shock absorber (100% of your drift). Losing the customer is never a good result",
			-1, nil},
		{"walk-out, tie", scoring.Weights{1, 1, 0, 0, 0}, scoring.Lost, verdictTie,
			"Your drift", "", "", "Before Dana left, your choices were split evenly between Pivot and Spring.", -1, nil},
		{"walk-out, unclear", scoring.Weights{2, 0.5, 1.5, 0, 0}, scoring.Lost, verdictUnclear,
			"Your drift", "", "", "Before Dana left, your choices leaned toward Pivot, without a clear drift.", -1, nil},
		{"walk-out, no weight", scoring.Weights{}, scoring.Lost, verdictNone,
			"Your drift", "", "", "None of your choices pointed anywhere before Dana left.", -1, nil},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			v := newVerdict(c.w, c.ending)
			v.walkedOut = strings.HasPrefix(c.name, "walk-out")
			if v.kind != c.kind {
				t.Errorf("kind %d, want %d", v.kind, c.kind)
			}
			if got := v.label(en); got != c.label {
				t.Errorf("label %q, want %q", got, c.label)
			}
			if !v.lost {
				if got := v.headline(en); got != c.head {
					t.Errorf("headline %q, want %q", got, c.head)
				}
			} else if c.ending != scoring.Lost {
				t.Errorf("a %s run is shown as lost", c.ending)
			}
			if got := v.leaning(en); got != c.leaning {
				t.Errorf("leaning %q, want %q", got, c.leaning)
			}
			if got := v.body(en, "Dana"); !strings.Contains(got, c.body) {
				t.Errorf("body %q\nwant it to contain %q", got, c.body)
			}
			if v.lost && strings.Contains(v.body(en, "Dana"), en.ArchetypeDesc(scoring.ShockAbsorber)) {
				t.Error("a lost run praises the shock absorber")
			}
			// The drift map (scoring/driftmap) marks the same verdict.
			m := newDriftMap(c.w, nil, c.ending == scoring.Lost).m
			if m.Colour != c.winner {
				t.Errorf("map colour %d, want %d", m.Colour, c.winner)
			}
			var want, hi [scoring.NumArchetypes]bool
			for _, i := range c.hi {
				want[i] = true
			}
			for k, l := range m.Labels {
				hi[k] = l.Lit
			}
			if hi != want {
				t.Errorf("map highlights %v, want %v", hi, want)
			}
		})
	}
}

// TestVerdictTranslated spot-checks the other languages with the glossary's
// archetype names: the tie names both, the unclear drift leans, the rule
// is stated, and a walk-out speaks of the customer leaving. Inside a
// sentence an archetype takes the article Portuguese and Spanish put
// there ("tenderam para o Amortecedor", "hacia el Pivote"); a heading or a
// label names it alone.
func TestVerdictTranslated(t *testing.T) {
	pt, es := mustStrings(t, "pt-BR"), mustStrings(t, "es")
	tie := newVerdict(scoring.Weights{2, 0, 2, 0, 0}, scoring.Unresolved)
	unclear := newVerdict(scoring.Weights{2, 0.5, 1.5, 0, 0}, scoring.Unresolved)
	lost := newVerdict(scoring.Weights{0, 0, 0, 0, 3}, scoring.Lost)
	lost.walkedOut = true
	walked := func(v verdict) verdict { v.walkedOut = true; return v }
	checks := []struct{ got, want string }{
		{tie.headline(pt), "Empate entre o Pivô e o Conector"},
		{tie.headline(es), "Empate entre el Pivote y el Conector"},
		{newVerdict(scoring.Weights{1, 1, 0, 0, 1}, scoring.Resolved).headline(pt), "Empate entre o Pivô, a Mola e o Amortecedor"},
		{newVerdict(scoring.Weights{1, 1, 0, 0, 1}, scoring.Resolved).headline(es), "Empate entre el Pivote, el Resorte y el Amortiguador"},
		{newVerdict(scoring.Weights{0, 3, 0, 0, 0}, scoring.Resolved).headline(pt), "Mola"},
		{unclear.headline(pt), "Ainda sem tendência clara"},
		{unclear.headline(es), "Todavía sin tendencia clara"},
		{unclear.leaning(pt), "Pendendo para o Pivô"},
		{unclear.leaning(es), "Se inclina hacia el Pivote"},
		{unclear.body(pt, "Ana"), "Na sua tendência, o Pivô supera o Conector por apenas 12 pontos (50% contra 38%). A tendência só fica clara quando um arquétipo fica pelo menos 20 pontos à frente do seguinte."},
		{unclear.body(es, "Ana"), "En su tendencia, el Pivote tiene sobre el Conector una ventaja de solo 12 puntos (50% contra 38%). Una tendencia es clara cuando un arquetipo supera al siguiente por al menos 20 puntos."},
		{lost.label(pt), "Sua tendência"},
		{strings.SplitN(lost.body(pt, "Ana"), ".", 2)[0], "Antes de Ana ir embora, suas escolhas tenderam para o Amortecedor (100% da sua tendência)"},
		{strings.SplitN(lost.body(es, "Ana"), ".", 2)[0], "Antes de que Ana se fuera, sus decisiones tendieron hacia el Amortiguador (100% de su tendencia)"},
		{strings.SplitN(walked(newVerdict(scoring.Weights{0, 2, 0, 0, 0}, scoring.Lost)).body(pt, "Ana"), ".", 2)[0], "Antes de Ana ir embora, suas escolhas tenderam para a Mola (100% da sua tendência)"},
		{strings.SplitN(walked(newVerdict(scoring.Weights{1, 1, 0, 0, 0}, scoring.Lost)).body(pt, "Ana"), ".", 2)[0], "Antes de Ana ir embora, suas escolhas ficaram divididas por igual entre o Pivô e a Mola"},
	}
	for _, c := range checks {
		if c.got != c.want {
			t.Errorf("got  %q\nwant %q", c.got, c.want)
		}
	}
}

// TestCountsAgree checks the sentences with counts: Portuguese agrees the
// verb with the decisions that fit and the noun with all of them, 0 and 1
// both singular ("0 de 1 decisão combinou", "1 de 3 decisões combinou",
// "2 de 3 decisões combinaram"); a lead of one point is "1 point".
func TestCountsAgree(t *testing.T) {
	for _, c := range []struct {
		lang    string
		fit, of int
		want    string
	}{
		{"pt-BR", 0, 1, "0 de 1 decisão combinou com o caso"},
		{"pt-BR", 1, 1, "1 de 1 decisão combinou com o caso"},
		{"pt-BR", 1, 3, "1 de 3 decisões combinou com o caso"},
		{"pt-BR", 0, 4, "0 de 4 decisões combinou com o caso"},
		{"pt-BR", 2, 3, "2 de 3 decisões combinaram com o caso"},
		{"es", 0, 1, "0 de 1 decisión encajó con el caso"},
		{"es", 1, 3, "1 de 3 decisiones encajó con el caso"},
		{"es", 0, 3, "0 de 3 decisiones encajaron con el caso"},
		{"es", 3, 3, "3 de 3 decisiones encajaron con el caso"},
		{"en", 1, 1, "1 of 1 decision fit the case"},
		{"en", 0, 1, "0 of 1 decision fit the case"},
		{"en", 2, 3, "2 of 3 decisions fit the case"},
	} {
		if got := fittingLine(mustStrings(t, c.lang), c.fit, c.of); got != c.want {
			t.Errorf("%s %d/%d: got %q, want %q", c.lang, c.fit, c.of, got, c.want)
		}
	}
	// A lead of one point: Pivot 36%, Connector 35% of the drift.
	v := newVerdict(scoring.Weights{3.6, 2.9, 3.5, 0, 0}, scoring.Resolved)
	if v.kind != verdictUnclear || v.points != 1 {
		t.Fatalf("want an unclear lead of 1 point, got kind %d, %d points", v.kind, v.points)
	}
	for lang, want := range map[string]string{
		"en":    "Pivot leads Connector by only 1 point (",
		"pt-BR": "Na sua tendência, o Pivô supera o Conector por apenas 1 ponto (",
		"es":    "En su tendencia, el Pivote tiene sobre el Conector una ventaja de solo 1 punto (",
	} {
		if got := v.body(mustStrings(t, lang), "Ana"); !strings.HasPrefix(got, want) {
			t.Errorf("%s: got %q, want it to start %q", lang, got, want)
		}
	}
}

// TestLostEndingIsNotAWalkOut plays a choice into a lost ending with the
// mood above 0: the debrief must not say the customer left or walked out,
// in any language, while a walk-out still does.
func TestLostEndingIsNotAWalkOut(t *testing.T) {
	byChoice := playTo(t, walkoutScenario, 2).Report()
	walkOut := playTo(t, walkoutScenario, 0).Report()
	if byChoice.Ending != scoring.Lost || byChoice.WalkedOut || byChoice.Mood <= 0 {
		t.Fatalf("want a lost ending reached by a choice: %+v", byChoice)
	}
	if !walkOut.WalkedOut {
		t.Fatal("want a walk-out")
	}
	want := map[string][2]string{ // lang: lost by a choice, walk-out
		"en":    {"Before you lost Dana, your choices drifted toward Pivot (100% of your drift).", "Before Dana left, your choices drifted toward Shock absorber (100% of your drift)."},
		"pt-BR": {"Antes de você perder Dana, suas escolhas tenderam para o Pivô (100% da sua tendência).", "Antes de Dana ir embora, suas escolhas tenderam para o Amortecedor (100% da sua tendência)."},
		"es":    {"Antes de perder a Dana, sus decisiones tendieron hacia el Pivote (100% de su tendencia).", "Antes de que Dana se fuera, sus decisiones tendieron hacia el Amortiguador (100% de su tendencia)."},
	}
	for lang, w := range want {
		s := mustStrings(t, lang)
		for i, rep := range []play.Report{byChoice, walkOut} {
			v := newVerdict(rep.Weights, rep.Ending)
			v.walkedOut = rep.WalkedOut
			if got := v.body(s, "Dana"); !strings.HasPrefix(got, w[i]) {
				t.Errorf("%s, walked out %v:\ngot  %q\nwant it to start %q", lang, rep.WalkedOut, got, w[i])
			}
		}
		// None-of-your-choices and the headline without a title.
		v := newVerdict(scoring.Weights{}, scoring.Lost)
		if got, left := v.body(s, "Dana"), s.F(sVerdictWalkoutNone, "Dana"); strings.Contains(got, left) {
			t.Errorf("%s: a lost ending says %q", lang, left)
		}
		head, _ := endingLines(s, &scenarios.Node{ID: "end-gone", Ending: scoring.Lost}, byChoice, "Dana")
		if head != s.F(sDebriefLostHead, "Dana") || head == s.F(sDebriefWalkoutHead, "Dana") {
			t.Errorf("%s: a lost ending without a title is headed %q", lang, head)
		}
	}
}

const walkoutScenario = `
id = "walkout-test"
title = "Walk-out test"
language = "en"
summary = "A customer who leaves."
walkout = "end-walkout"

[customer]
name = "Dana"
mood = 20

[[node]]
id = "opening"
title = "The first call"
text = "Where is my refund?"
fit = ["assume"]

  [[node.choice]]
  text = "I'm on it and I'll stay on it."
  action = "assume"
  follow_up = "close"
  mood = -30
  next = "end-ok"

  [[node.choice]]
  text = "I'll follow it to the end."
  action = "assume"
  follow_up = "close"
  mood = 10
  next = "end-ok"

  [[node.choice]]
  text = "Billing will call you."
  action = "derive"
  follow_up = "none"
  mood = 0
  next = "end-gone"

[[node]]
id = "end-ok"
title = "Refund confirmed"
text = "Thanks, that's all I needed."
ending = "resolved"

[[node]]
id = "end-gone"
text = "She cancels her account."
ending = "lost"

[[node]]
id = "end-walkout"
title = "Dana hangs up"
text = "I'm done. I'll dispute it with my bank."
ending = "lost"
`

func playTo(t *testing.T, src string, choice int) *play.Run {
	t.Helper()
	sc, diags := scenarios.Parse("walkout.toml", []byte(src))
	if diags.HasErrors() {
		t.Fatal(diags)
	}
	r := play.New(sc)
	if _, err := r.Choose(choice); err != nil {
		t.Fatal(err)
	}
	if !r.Done() {
		t.Fatal("the run did not end")
	}
	return r
}

// TestEndingLines checks the ending panel's headline: the walk-out scene's
// title, "Dana walked away" for a walk-out without one, "Dana is no longer
// a customer" for a lost ending a choice led to, the ending
// node's title otherwise, and the walk-out notice when there is no scene.
func TestEndingLines(t *testing.T) {
	en := mustStrings(t, "en")
	noScene := strings.Replace(walkoutScenario, `walkout = "end-walkout"`, "", 1)
	cases := []struct {
		name       string
		src        string
		choice     int
		head, text string
	}{
		{"walk-out into its scene", walkoutScenario, 0, "Dana hangs up", "I'm done. I'll dispute it with my bank."},
		{"walk-out without a scene", noScene, 0, "Dana walked away", "Dana has had enough and ends the conversation."},
		{"lost ending without a title", walkoutScenario, 2, "Dana is no longer a customer", "She cancels her account."},
		{"resolved ending with a title", walkoutScenario, 1, "Refund confirmed", "Thanks, that's all I needed."},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			r := playTo(t, c.src, c.choice)
			head, text := endingLines(en, r.Node(), r.Report(), "Dana")
			if head != c.head || text != c.text {
				t.Errorf("got %q / %q, want %q / %q", head, text, c.head, c.text)
			}
		})
	}
}

// TestDebriefWalkOutIsNeutral builds the debrief of a walk-out whose every
// step fit: it must not be laid out as a shock-absorber verdict.
func TestDebriefWalkOutIsNeutral(t *testing.T) {
	ctx, _ := testContext(t, 1280, 720)
	r := playTo(t, walkoutScenario, 0)
	d := newDebrief(ctx, r)
	if !d.rep.WalkedOut || d.rep.Archetype != scoring.ShockAbsorber || !d.rep.Clear {
		t.Fatalf("the test run should be a clear shock absorber that walked out: %+v", d.rep)
	}
	if !d.verd.lost || d.dmap.m.Colour != -1 {
		t.Errorf("a walk-out is drawn with a winner: lost %v, colour %d", d.verd.lost, d.dmap.m.Colour)
	}
	for _, l := range d.dmap.m.Labels {
		if l.Lit {
			t.Errorf("a walk-out lights the %s label", l.Archetype)
		}
	}
	en := mustStrings(t, "en")
	if got := d.verd.mapStatus(en); got != en.T(sDebriefMapLost) {
		t.Errorf("a walk-out's map says %q, want %q", got, en.T(sDebriefMapLost))
	}
	d.layout()
	if len(d.pieces) == 0 {
		t.Fatal("no layout")
	}
}

// TestPathUsesNodeTitles checks that the path list names steps by title.
func TestPathUsesNodeTitles(t *testing.T) {
	r := playTo(t, walkoutScenario, 1)
	st := r.Report().Steps[0]
	if got := stepLabel(st); got != "The first call" {
		t.Errorf("step label %q", got)
	}
	st.Title = ""
	if got := stepLabel(st); got != "opening" {
		t.Errorf("untitled step label %q", got)
	}
}

// TestBestLine checks the library card's best result: the same rule as
// the debrief, and a lost best never names an archetype.
func TestBestLine(t *testing.T) {
	en := mustStrings(t, "en")
	w := func(v scoring.Weights) *scoring.Weights { return &v }
	cases := []struct {
		r    Result
		want string
	}{
		{Result{BestArchetype: scoring.ShockAbsorber, BestEnding: scoring.Resolved, BestWeights: w(scoring.Weights{0, 0, 0, 0, 3})}, "Best so far: Shock absorber · Resolved"},
		{Result{BestArchetype: scoring.Pivot, BestEnding: scoring.Unresolved, BestWeights: w(scoring.Weights{2, 0, 2, 0, 0})}, "Best so far: Tie between Pivot and Connector · Unresolved"},
		{Result{BestArchetype: scoring.Pivot, BestEnding: scoring.Unresolved, BestWeights: w(scoring.Weights{2, 0.5, 1.5, 0, 0})}, "Best so far: No clear drift yet · Unresolved"},
		{Result{BestArchetype: "", BestEnding: scoring.Resolved, BestWeights: w(scoring.Weights{})}, "Best so far: No clear drift · Resolved"},
		{Result{BestArchetype: scoring.ShockAbsorber, BestEnding: scoring.Lost, BestWeights: w(scoring.Weights{0, 0, 0, 0, 3})}, "Best so far: Customer lost"},
		{Result{BestArchetype: scoring.ShockAbsorber, BestEnding: scoring.Lost}, "Best so far: Customer lost"},
		// A save from before the weights were kept.
		{Result{BestArchetype: scoring.Spring, BestEnding: scoring.Resolved}, "Best so far: Spring · Resolved"},
	}
	for _, c := range cases {
		if got := bestLine(en, &c.r); got != c.want {
			t.Errorf("got %q, want %q", got, c.want)
		}
	}
	// Record keeps the weights of the best run.
	var data SaveData
	rep := playTo(t, walkoutScenario, 1).Report()
	data.Record(rep)
	if r := data.Progress[rep.Scenario]; r.BestWeights == nil || *r.BestWeights != rep.Weights {
		t.Errorf("Record kept weights %v, want %v", r.BestWeights, rep.Weights)
	}
}

// TestFeedbackWalkOutChipsArePlain checks that the step a customer walks
// out on does not show what it fed in the archetype's colours.
func TestFeedbackWalkOutChipsArePlain(t *testing.T) {
	ctx, _ := testContext(t, 1280, 720)
	for _, c := range []struct {
		choice  int
		walked  bool
		archCol bool
	}{{0, true, false}, {1, false, true}} {
		r := playTo(t, walkoutScenario, c.choice)
		st := r.Steps()[0]
		if st.WalkedOut != c.walked {
			t.Fatalf("choice %d: walked out %v", c.choice, st.WalkedOut)
		}
		f := newFeedback(ctx, r, st)
		f.layout()
		found := false
		for _, ch := range f.chips {
			if strings.HasPrefix(ch.label, ctx.UI.Str.T(sFeedbackFed)+":") {
				found = true
				if got := ch.fill == archColors[4]; got != c.archCol {
					t.Errorf("choice %d: fed chip in the archetype's colour %v, want %v", c.choice, got, c.archCol)
				}
			}
		}
		if !found {
			t.Errorf("choice %d: no fed chip", c.choice)
		}
	}
}

// TestDebriefShowsEscOnItsButton checks that the button Esc and Backspace
// take ("Another scenario", back to the library) shows Esc as its key.
func TestDebriefShowsEscOnItsButton(t *testing.T) {
	ctx, _ := testContext(t, 1280, 720)
	r := playTo(t, walkoutScenario, 0)
	d := newDebrief(ctx, r)
	ctx.Scenes.GoTo(d)
	d.layout()
	if d.buttons[1].key != "Esc" || d.buttons[0].key != "" {
		t.Errorf("debrief keys %q and %q, want Esc on Another scenario only", d.buttons[0].key, d.buttons[1].key)
	}
	ctx.Input = Intents{Back: true}
	d.Update(ctx)
	if _, ok := ctx.Scenes.next.(*title); !ok {
		t.Errorf("Esc on the debrief went to %T, want the library", ctx.Scenes.next)
	}
}
