package scenarios

import (
	"strings"
	"testing"
)

// TestMissingNodeIDFirst: when a node loses its id, the errors about the
// next, start and walkout that named it follow the missing-id error and
// say where the node without an id is.
func TestMissingNodeIDFirst(t *testing.T) {
	src := `id = "x"
title = "X"
language = "en"
start = "ask"
walkout = "gone"

[[node]]
id = "opening"
text = "Hello?"
  [[node.choice]]
  text = "Go on"
  next = "ask"

[[node]]
text = "What now?"
  [[node.choice]]
  text = "Done"
  mood = -60
  next = "end"

[[node]]
id = "end"
text = "Bye."
ending = "resolved"
`
	_, diags := Parse("x.toml", []byte(src))
	var got []string
	for _, d := range diags {
		got = append(got, d.String())
	}
	want := []string{
		`x.toml:14:1: missing required key "id" in [[node]]`,
		`x.toml:4:9: start names node "ask", which does not exist; the [[node]] at line 14 has no id: if it is that node, giving it its id fixes this too`,
		`x.toml:5:11: walkout names node "gone", which does not exist; the [[node]] at line 14 has no id: if it is that node, giving it its id fixes this too`,
		`x.toml:12:10: choice 1 of node "opening": next names node "ask", which does not exist; the [[node]] at line 14 has no id: if it is that node, giving it its id fixes this too`,
	}
	if strings.Join(got, "\n") != strings.Join(want, "\n") {
		t.Errorf("got:\n%s\nwant:\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}

	// With every node named, a wrong next is an error in line order, as
	// before, with no word about ids.
	fixed := strings.Replace(src, "[[node]]\ntext = \"What now?\"", "[[node]]\nid = \"ask\"\ntext = \"What now?\"", 1)
	fixed = strings.Replace(fixed, `next = "end"`, `next = "ned"`, 1)
	_, diags = Parse("x.toml", []byte(fixed))
	if len(diags) != 2 || diags[0].Line != 5 || diags[1].Line != 20 || strings.Contains(diags[1].Message, "no id") || diags[1].Consequence {
		t.Errorf("got %v", diags)
	}
}
