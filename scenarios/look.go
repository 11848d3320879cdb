package scenarios

import (
	"fmt"
	"hash/fnv"
	"strings"
)

// Look is how the game draws the customer (an addition to the contract:
// the optional [customer.look] table). Every key is optional; a key left
// out comes from the customer's name (see DefaultLook), so
// `look = { glasses = true }` keeps the rest of the face the name gives.
type Look struct {
	Hair       string `json:"hair,omitempty"`
	HairColor  string `json:"hair_color,omitempty"`
	Skin       string `json:"skin,omitempty"`
	Age        string `json:"age,omitempty"`
	Build      string `json:"build,omitempty"`
	FacialHair string `json:"facial_hair,omitempty"`
	Glasses    *bool  `json:"glasses,omitempty"`
}

// The values each key of a look accepts, in the order messages list them.
var (
	HairStyles  = []string{"short", "long", "curly", "bun", "ponytail", "bob", "afro", "buzz", "bald"}
	HairColors  = []string{"black", "brown", "auburn", "red", "blonde", "grey", "white"}
	Skins       = []string{"pale", "light", "olive", "tan", "brown", "dark"}
	Ages        = []string{"young", "adult", "older"}
	Builds      = []string{"slim", "average", "broad"}
	FacialHairs = []string{"none", "stubble", "moustache", "beard"}
)

// lookKeys are the keys of [customer.look] and the values each accepts
// (nil for glasses, a boolean).
var (
	lookKeys   = []string{"hair", "hair_color", "skin", "age", "build", "facial_hair", "glasses"}
	lookValues = map[string][]string{
		"hair": HairStyles, "hair_color": HairColors, "skin": Skins,
		"age": Ages, "build": Builds, "facial_hair": FacialHairs,
	}
)

// look reads the [customer.look] table at v.
func (p *parser) look(v any) *Look {
	t, ok := v.(map[string]any)
	if !ok {
		p.errValue("customer.look", "look must be a table ([customer.look]), not %s", TypeName(v))
		return nil
	}
	const prefix = "customer.look"
	p.checkKeys(t, prefix, lookCandidates, "[customer.look]")
	lk := &Look{}
	for _, key := range lookKeys[:len(lookKeys)-1] {
		s, ok := p.str(t, prefix, key)
		if !ok {
			continue
		}
		if !contains(lookValues[key], s) {
			p.errValue(prefix+"."+key, "unknown %s %q in [customer.look] (allowed: %s)", key, shown(s), strings.Join(lookValues[key], ", "))
			continue
		}
		switch key {
		case "hair":
			lk.Hair = s
		case "hair_color":
			lk.HairColor = s
		case "skin":
			lk.Skin = s
		case "age":
			lk.Age = s
		case "build":
			lk.Build = s
		case "facial_hair":
			lk.FacialHair = s
		}
	}
	if g, present := t["glasses"]; present {
		if b, ok := g.(bool); ok {
			lk.Glasses = &b
		} else {
			p.errValue(prefix+".glasses", "glasses must be true or false, not %s", TypeName(g))
		}
	}
	return lk
}

// Resolved returns the complete look of the customer: the file's
// [customer.look] keys, and for each key it leaves out the default from
// the customer's name (DefaultLook). Glasses is never nil in the result.
func (c Customer) Resolved() Look {
	d := DefaultLook(c.Name)
	l := c.Look
	if l == nil {
		return d
	}
	pick := func(given, def string) string {
		if given != "" {
			return given
		}
		return def
	}
	out := Look{
		Hair: pick(l.Hair, d.Hair), HairColor: pick(l.HairColor, d.HairColor),
		Skin: pick(l.Skin, d.Skin), Age: pick(l.Age, d.Age), Build: pick(l.Build, d.Build),
		FacialHair: pick(l.FacialHair, d.FacialHair), Glasses: d.Glasses,
	}
	if l.Glasses != nil {
		out.Glasses = l.Glasses
	}
	// An older customer given no hair colour greys with age; the name's
	// colour was drawn for any age.
	if l.HairColor == "" && l.Age == "older" && d.Age != "older" {
		out.HairColor = "grey"
	}
	return out
}

// DefaultLook is the look a name gives: the same name always gives the
// same look, on every platform (FNV-1a of the name's UTF-8 bytes feeds a
// fixed sequence of draws), and different names give visibly different
// ones. A first name that reads as a woman's (ReadsFeminine) never gets
// facial hair and is drawn from longer hair styles more often; any key can
// be overridden in [customer.look].
func DefaultLook(name string) Look {
	h := fnv.New64a()
	h.Write([]byte(strings.TrimSpace(name)))
	r := lookRand(h.Sum64())
	fem := ReadsFeminine(name)

	l := Look{}
	l.Age = pickWeighted(&r, Ages, []int{3, 5, 3})
	if fem {
		l.Hair = pickWeighted(&r, HairStyles, []int{2, 4, 3, 3, 3, 3, 1, 0, 0})
	} else {
		// short, long, curly, bun, ponytail, bob, afro, buzz, bald
		w := []int{6, 1, 3, 0, 1, 0, 1, 3, 1}
		if l.Age == "older" {
			w[8] = 4 // more bald heads among older men
		}
		l.Hair = pickWeighted(&r, HairStyles, w)
	}
	if l.Age == "older" {
		l.HairColor = pickWeighted(&r, HairColors, []int{0, 1, 0, 0, 0, 5, 3})
	} else {
		l.HairColor = pickWeighted(&r, HairColors, []int{5, 6, 2, 1, 3, 0, 0})
	}
	l.Skin = Skins[r.next()%uint64(len(Skins))]
	l.Build = pickWeighted(&r, Builds, []int{3, 4, 3})
	l.FacialHair = "none"
	if !fem && l.Age != "young" {
		l.FacialHair = pickWeighted(&r, FacialHairs, []int{5, 2, 2, 3})
	} else if !fem {
		l.FacialHair = pickWeighted(&r, FacialHairs, []int{7, 2, 0, 1})
	}
	glasses := r.next()%100 < 18
	if l.Age == "older" {
		glasses = r.next()%100 < 45
	}
	l.Glasses = &glasses
	return l
}

// lookRand is a tiny deterministic generator (SplitMix64) seeded by the
// name's hash.
type lookRand uint64

func (r *lookRand) next() uint64 {
	*r += 0x9e3779b97f4a7c15
	z := uint64(*r)
	z = (z ^ z>>30) * 0xbf58476d1ce4e5b9
	z = (z ^ z>>27) * 0x94d049bb133111eb
	return z ^ z>>31
}

func pickWeighted(r *lookRand, values []string, weights []int) string {
	total := 0
	for _, w := range weights {
		total += w
	}
	n := int(r.next() % uint64(total))
	for i, w := range weights {
		if n < w {
			return values[i]
		}
		n -= w
	}
	return values[len(values)-1]
}

// feminineNames are common women's first names of en, pt and es that do
// not end in "a" (accents removed, lower case).
var feminineNames = map[string]bool{
	"eleanor": true, "leonor": true, "hannah": true, "helen": true, "ellen": true, "margaret": true,
	"jade": true, "sarah": true, "rachel": true, "ruth": true, "esther": true, "alice": true,
	"grace": true, "claire": true, "kate": true, "emily": true, "lucy": true, "mary": true,
	"karen": true, "susan": true, "ingrid": true, "carmen": true, "isabel": true, "raquel": true,
	"beatriz": true, "ines": true, "mercedes": true, "dolores": true, "pilar": true, "rocio": true,
	"luz": true, "soledad": true, "consuelo": true, "elizabeth": true, "jennifer": true,
	"michelle": true, "nicole": true, "rose": true, "joan": true, "ann": true, "anne": true,
	"jane": true, "judith": true, "megan": true, "lauren": true, "abigail": true, "chloe": true,
	"zoe": true, "amy": true, "beatrice": true, "catherine": true, "caroline": true, "charlotte": true,
	"deborah": true, "denise": true, "elaine": true, "gabrielle": true, "irene": true, "janet": true,
	"jasmine": true, "joyce": true, "kim": true, "lily": true, "madison": true, "margot": true,
	"nancy": true, "noor": true, "olivia": true, "pam": true, "rebecca": true, "sharon": true,
	"sophie": true, "tiffany": true, "yasmin": true, "aline": true, "gisele": true, "ivone": true,
	"lourdes": true, "nathalie": true, "simone": true, "vivian": true, "yara": true, "leah": true,
	"mariel": true, "maribel": true, "marisol": true, "nieves": true, "abril": true,
}

// masculineNames are men's first names that end in "a".
var masculineNames = map[string]bool{
	"luca": true, "joshua": true, "nikita": true, "ezra": true, "mustafa": true, "bautista": true,
	"borja": true, "akira": true, "jonah": true, "elijah": true, "noah": true, "isaiah": true,
	"jeremiah": true, "zakaria": true, "ilya": true, "kostya": true,
}

// ReadsFeminine reports whether the first word of a customer's name reads
// as a woman's first name in English, Portuguese or Spanish: it is in a
// short list (Eleanor, Leonor, Hannah, Jade ...) or ends in "a" (Maria,
// Camila, Priya) and is not a man's name ending in "a" (Luca, Joshua).
// DefaultLook gives such a name no facial hair. The rule is simple on
// purpose: a look in the file overrides it.
func ReadsFeminine(name string) bool {
	words := strings.Fields(name)
	if len(words) == 0 {
		return false
	}
	first := strings.Map(foldAccent, strings.ToLower(words[0]))
	first = strings.Trim(first, ".,;:'\"")
	if feminineNames[first] {
		return true
	}
	if masculineNames[first] {
		return false
	}
	return strings.HasSuffix(first, "a")
}

// foldAccent maps the accented letters of pt and es to their base letter.
func foldAccent(r rune) rune {
	switch r {
	case 'á', 'à', 'â', 'ã', 'ä':
		return 'a'
	case 'é', 'è', 'ê', 'ë':
		return 'e'
	case 'í', 'ì', 'î', 'ï':
		return 'i'
	case 'ó', 'ò', 'ô', 'õ', 'ö':
		return 'o'
	case 'ú', 'ù', 'û', 'ü':
		return 'u'
	case 'ç':
		return 'c'
	case 'ñ':
		return 'n'
	}
	return r
}

// String describes a look in the words of the file format, for tests and
// messages: "hair=bun hair_color=grey ...".
func (l Look) String() string {
	g := "unset"
	if l.Glasses != nil {
		g = fmt.Sprint(*l.Glasses)
	}
	return fmt.Sprintf("hair=%s hair_color=%s skin=%s age=%s build=%s facial_hair=%s glasses=%s",
		l.Hair, l.HairColor, l.Skin, l.Age, l.Build, l.FacialHair, g)
}
