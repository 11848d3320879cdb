package play

import (
	"bytes"
	"encoding/json"
	"errors"
	"math"
	"reflect"
	"strings"
	"testing"

	"github.com/shockabsorber/shockabsorber/scenarios"
)

func TestMarshalJSON(t *testing.T) {
	got, err := MarshalJSON(struct {
		Text  string   `json:"text"`
		Items []int    `json:"items"`
		Empty []string `json:"empty"`
	}{Text: `a <b> & "c"`, Items: []int{1, 2}, Empty: []string{}})
	if err != nil {
		t.Fatal(err)
	}
	want := "{\n  \"text\": \"a <b> & \\\"c\\\"\",\n  \"items\": [\n    1,\n    2\n  ],\n  \"empty\": []\n}\n"
	if string(got) != want {
		t.Errorf("got %q, want %q", got, want)
	}
}

func TestWriteJSONWritesNothingOnError(t *testing.T) {
	var b bytes.Buffer
	err := WriteJSON(&b, map[string]any{"ok": 1, "bad": math.NaN()})
	if err == nil {
		t.Fatal("NaN encoded without an error")
	}
	if b.Len() != 0 {
		t.Errorf("wrote %q before failing", b.String())
	}
}

// TestMarshalJSONReport checks that a report comes out as `scenario play
// --json` has always printed it: encoding/json's indented encoder without
// HTML escaping.
func TestMarshalJSONReport(t *testing.T) {
	run, _, err := Replay(load(t, "testdata/flags.toml"), []int{1, 1})
	if err != nil {
		t.Fatal(err)
	}
	rep := run.Report()
	rep.Title = "<Rui> & the router" // what HTML escaping would change
	var want bytes.Buffer
	enc := json.NewEncoder(&want)
	enc.SetIndent("", "  ")
	enc.SetEscapeHTML(false)
	if err := enc.Encode(rep); err != nil {
		t.Fatal(err)
	}
	got, err := MarshalJSON(rep)
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(got, want.Bytes()) {
		t.Errorf("got:\n%s\nwant:\n%s", got, want.Bytes())
	}
	if !bytes.Contains(got, []byte(`"title": "<Rui> & the router"`)) {
		t.Errorf("the title was escaped:\n%s", got)
	}
}

func TestDecodeStrict(t *testing.T) {
	sub := Submission{
		Candidate:   "Zoë",
		Transcripts: []Transcript{{Scenario: "flags", Seed: 7, Choices: []int{1, 0}, TimingsMS: []int64{900, 45000}}},
		StartedAt:   "2026-11-23T10:04:05.120Z",
		FinishedAt:  "2026-11-23T10:21:40.900Z",
		Client:      ClientInfo{UserAgent: "test", Screen: "1280x720"},
	}
	body, err := MarshalJSON(sub)
	if err != nil {
		t.Fatal(err)
	}
	var back Submission
	if err := DecodeStrict(body, &back); err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(back, sub) {
		t.Errorf("round trip: got %+v, want %+v", back, sub)
	}

	tests := []struct {
		name, body, wantErr string
		is                  error
	}{
		{"unknown top-level field", `{"candidate":"x","score":9}`, `unknown field "score"`, nil},
		{"unknown nested field", `{"transcripts":[{"scenario":"flags","archetype":"pivot"}]}`, `unknown field "archetype"`, nil},
		{"unknown client field", `{"client":{"score":1}}`, `unknown field "score"`, nil},
		{"trailing value", `{"candidate":"x"} {}`, "", ErrTrailingData},
		{"trailing garbage", `{"candidate":"x"}]`, "", ErrTrailingData},
		{"wrong type", `{"candidate":3}`, "cannot unmarshal number", nil},
		{"cut short", `{"candidate":"x"`, "unexpected EOF", nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var s Submission
			err := DecodeStrict([]byte(tt.body), &s)
			switch {
			case err == nil:
				t.Fatalf("%s: accepted", tt.body)
			case tt.is != nil && !errors.Is(err, tt.is):
				t.Errorf("got %v, want %v", err, tt.is)
			case tt.is == nil && !strings.Contains(err.Error(), tt.wantErr):
				t.Errorf("got %v, want it to mention %q", err, tt.wantErr)
			}
		})
	}
	if err := DecodeStrict([]byte(" {\"candidate\":\"x\"}\n\n"), &Submission{}); err != nil {
		t.Errorf("white space around the value: %v", err)
	}
}

// TestWriteJSONIndentsAsEncodingJSON: WriteJSON's own indenter writes
// byte for byte what encoding/json's indenting encoder writes, for
// reports of every bundled scenario and for values built to trip it
// (brackets, quotes, escapes and colons inside strings, empty and nested
// containers, HTML characters left unescaped).
func TestWriteJSONIndentsAsEncodingJSON(t *testing.T) {
	values := []any{
		nil, 0, -1.5e-7, "", `a "quoted" [x] {y}: z, \ end`, "<b>&</b>", "\u2028\u00e9\\\"", true,
		[]any{}, map[string]any{}, []any{[]any{}, map[string]any{}, []any{1, []any{2, []any{}}}},
		map[string]any{"": "", "k:": "v,", "[": "]", "{\"}": []any{"}", "\\"}},
		struct {
			A []int           `json:"a"`
			B map[string]bool `json:"b,omitempty"`
			C *int            `json:"c"`
		}{A: []int{}},
	}
	var deep any = "bottom"
	for range 40 {
		deep = []any{map[string]any{"k": deep, "n": 1}}
	}
	values = append(values, deep)
	set, _ := scenarios.Library()
	for _, sc := range set.Scenarios {
		stats, err := Paths(sc)
		if err != nil {
			t.Fatal(err)
		}
		tr := Transcript{Scenario: sc.ID, Choices: stats.Best.Choices}
		run, err := ReplayAssessment(sc, tr, false)
		if err != nil {
			t.Fatalf("%s: %v", sc.ID, err)
		}
		values = append(values, run.Report(), tr)
	}
	if len(values) < 100 {
		t.Fatalf("only %d values", len(values))
	}
	for i, v := range values {
		var want bytes.Buffer
		enc := json.NewEncoder(&want)
		enc.SetIndent("", "  ")
		enc.SetEscapeHTML(false)
		if err := enc.Encode(v); err != nil {
			t.Fatal(err)
		}
		got, err := MarshalJSON(v)
		if err != nil {
			t.Fatal(err)
		}
		if !bytes.Equal(got, want.Bytes()) {
			t.Errorf("value %d: WriteJSON wrote\n%s\nencoding/json writes\n%s", i, got, want.Bytes())
		}
	}
}

// BenchmarkMarshalJSONReport: encoding one scenario's report as the panel
// stores it and `scenario play --json` prints it.
func BenchmarkMarshalJSONReport(b *testing.B) {
	set, _ := scenarios.Library()
	sc := set.Scenarios[0]
	stats, err := Paths(sc)
	if err != nil {
		b.Fatal(err)
	}
	run, err := ReplayAssessment(sc, Transcript{Scenario: sc.ID, Choices: stats.Best.Choices}, false)
	if err != nil {
		b.Fatal(err)
	}
	rep := run.Report()
	b.ReportAllocs()
	for b.Loop() {
		if _, err := MarshalJSON(rep); err != nil {
			b.Fatal(err)
		}
	}
}
