package scenarios

import "testing"

func TestScenarioLine(t *testing.T) {
	src := "id = \"x\"\ntitle = \"T\"\nlanguage = \"en\"\nsummary = \"\"\"\nlong\"\"\"\ntags = [\"a\",\n  \"b\"]\n\n[[node]]\nid = \"a\"\ntitle = \"First\"\ntext = \"Hi\"\n  [[node.choice]]\n  text = \"one\"\n  next = \"b\"\n  [[node.choice]]\n  next = \"b\"\n  text = \"two\"\n[[node]]\nid = \"b\"\ntext = \"Bye\"\nending = \"resolved\"\n"
	sc, diags := Parse("x.toml", []byte(src))
	if sc == nil {
		t.Fatal(diags)
	}
	for path, want := range map[string]int{
		"id":                     1,
		"title":                  2,
		"summary":                4,
		"tags":                   6,
		"tags[1]":                7,
		"node[0]":                9,
		"node[0].title":          11,
		"node[0].text":           12,
		"node[0].choice[1].text": 18,
		"node[0].choice[1].next": 16, // not kept: the choice's line
		"node[1].text":           21,
		"node[1].ending":         19,
		"start":                  0,
		"node[7].text":           0,
	} {
		if got := sc.Line(path); got != want {
			t.Errorf("Line(%q) = %d, want %d", path, got, want)
		}
	}
	if got := (&Scenario{}).Line("id"); got != 0 {
		t.Errorf("a scenario built in Go: Line = %d, want 0", got)
	}
}
