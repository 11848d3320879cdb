package scenarios

import (
	"strings"
	"testing"
)

func TestReadsFeminine(t *testing.T) {
	for name, want := range map[string]bool{
		"Maria": true, "Camila Reyes": true, "Márcia Nogueira": true, "Verónica Duarte": true,
		"Eleanor Hartley": true, "Leonor Prado": true, "Hannah Cole": true, "Jade Okafor": true,
		"Luísa Haddad": true, "Priya Nair": true, "  Dana Whitfield": true,
		"Gary Holt": false, "Antônio Pereira": false, "João Ribeiro": false, "Luca Rossi": false,
		"Joshua Park": false, "Miguel Grant": false, "": false, "Otávio Guerra": false,
	} {
		if got := ReadsFeminine(name); got != want {
			t.Errorf("ReadsFeminine(%q) = %v, want %v", name, got, want)
		}
	}
}

// TestDefaultLookStable pins the looks of a few names: a change here
// changes every trainer's customers, on every platform.
func TestDefaultLookStable(t *testing.T) {
	for name, want := range map[string]string{
		"Dana Whitfield": "hair=bun hair_color=brown skin=olive age=adult build=broad facial_hair=none glasses=false",
		"Gary Holt":      "hair=curly hair_color=blonde skin=dark age=young build=broad facial_hair=none glasses=false",
		"Priya Nair":     "hair=bun hair_color=grey skin=olive age=older build=average facial_hair=none glasses=false",
		"":               "hair=long hair_color=blonde skin=brown age=young build=slim facial_hair=none glasses=false",
	} {
		got := DefaultLook(name).String()
		if got != want {
			t.Errorf("DefaultLook(%q) = %q, want %q", name, got, want)
		}
		if again := DefaultLook(name).String(); again != got {
			t.Errorf("DefaultLook(%q) changed between calls: %q then %q", name, got, again)
		}
	}
}

func TestDefaultLookValuesAndVariety(t *testing.T) {
	lib, diags := Library()
	if diags.HasErrors() {
		t.Fatal(diags)
	}
	seen := map[string]map[string]bool{}
	note := func(key, v string) {
		if seen[key] == nil {
			seen[key] = map[string]bool{}
		}
		seen[key][v] = true
	}
	names := []string{"Ana", "Bruno", "Carlos", "Diego", "Elena", "Fatima", "George", "Hiro", "Ivan", "Julia", "Kwame", "Lucas", "Mei", "Nuno", "Omar", "Paula"}
	for _, sc := range lib.Scenarios {
		names = append(names, sc.Customer.Name)
	}
	for _, name := range names {
		l := DefaultLook(name)
		for key, v := range map[string]string{"hair": l.Hair, "hair_color": l.HairColor, "skin": l.Skin, "age": l.Age, "build": l.Build, "facial_hair": l.FacialHair} {
			if !contains(lookValues[key], v) {
				t.Errorf("DefaultLook(%q).%s = %q, not an allowed value", name, key, v)
			}
			note(key, v)
		}
		if l.Glasses == nil {
			t.Errorf("DefaultLook(%q) leaves glasses unset", name)
		}
		if ReadsFeminine(name) && l.FacialHair != "none" {
			t.Errorf("DefaultLook(%q) gives facial hair %q to a woman's name", name, l.FacialHair)
		}
		if l.Age == "older" && l.HairColor != "grey" && l.HairColor != "white" && l.HairColor != "brown" {
			t.Errorf("DefaultLook(%q) is older with %s hair", name, l.HairColor)
		}
	}
	for key, min := range map[string]int{"hair": 7, "hair_color": 5, "skin": 6, "age": 3, "build": 3, "facial_hair": 3} {
		if len(seen[key]) < min {
			t.Errorf("%d names show %d values of %s (%v), want at least %d", len(names), len(seen[key]), key, seen[key], min)
		}
	}
}

func TestLookParsedAndResolved(t *testing.T) {
	src := `id = "x"
title = "X"
language = "en"

[customer]
name = "Dana Whitfield"

[customer.look]
hair = "bun"
age = "older"
glasses = false

[[node]]
id = "a"
text = "Hi."
ending = "resolved"
`
	sc, diags := Parse("x.toml", []byte(src))
	if diags.HasErrors() {
		t.Fatal(diags)
	}
	got := sc.Customer.Resolved()
	def := DefaultLook("Dana Whitfield")
	if got.Hair != "bun" || got.Age != "older" || *got.Glasses {
		t.Errorf("Resolved() = %v, want hair bun, age older, no glasses", got)
	}
	if got.Skin != def.Skin || got.Build != def.Build || got.FacialHair != def.FacialHair {
		t.Errorf("Resolved() = %v: keys left out should come from the name (%v)", got, def)
	}
	if def.Age != "older" && got.HairColor != "grey" {
		t.Errorf("an older look with no hair_color has %s hair, want grey", got.HairColor)
	}
	if (Customer{Name: "Dana Whitfield"}).Resolved().String() != def.String() {
		t.Error("a customer with no look should look as the name gives")
	}
	if !strings.Contains(got.String(), "glasses=false") {
		t.Errorf("String() = %q", got.String())
	}
}
