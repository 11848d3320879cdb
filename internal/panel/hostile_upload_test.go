package panel

import (
	"fmt"
	"net/http"
	"net/url"
	"runtime"
	"strings"
	"testing"

	"github.com/shockabsorber/shockabsorber/scenarios"
)

// A hiring panel's upload is where hostile scenario files arrive. Each of
// these is at most scenarios.MaxFileSize; each is answered with check's
// messages, nothing stored, in bounded memory (the time is measured by
// scenarios' BenchmarkHostile).
func TestHostileUploads(t *testing.T) {
	const head = "id = \"hostile\"\ntitle = \"Hostile\"\nlanguage = \"en\"\n"
	const ending = "[[node]]\nid = \"end\"\ntext = \"t\"\nending = \"resolved\"\n"
	deepTables := head + "[[node]]\nid = \"a\"\ntext = \"t\"\n[[node.choice]]\ntext = \"c\"\nnext = \"end\"\ndrift = " +
		strings.Repeat("{a=", 12000) + "1" + strings.Repeat("}", 12000) + "\n" + ending
	deepArrays := head + "tags = " + strings.Repeat("[", 500000) + strings.Repeat("]", 500000) + "\n" + ending
	var keys strings.Builder
	keys.WriteString(head)
	for i := 0; keys.Len() < scenarios.MaxFileSize-100; i++ {
		fmt.Fprintf(&keys, "k%06d = 1\n", i)
	}
	var misspelt strings.Builder
	misspelt.WriteString(head)
	for i := 0; i < 7000; i++ {
		fmt.Fprintf(&misspelt, "[[node]]\nid = \"n%06d\"\ntext = \"t\"\n[[node.choice]]\ntext = \"c\"\nnext = \"m%06d\"\n", i, i+1)
	}
	misspelt.WriteString(ending)

	h := newHarness(t)
	b := h.browser()
	csrf := b.login()
	// A first upload pays for what the page loads once.
	b.postMultipart("/assessments", url.Values{"csrf": {csrf}, "name": {"Warm-up"}}, map[string]string{"empty.toml": ""})
	for _, tc := range []struct {
		name, data string
		want       string // in the page
		maxAlloc   uint64
	}{
		{"deep-tables.toml", deepTables, "deep-tables.toml:10:33: arrays and inline tables nest 9 deep at line 10, column 33; a scenario needs at most 8", 16 << 20},
		{"deep-arrays.toml", deepArrays, "deep-arrays.toml:4:16: arrays and inline tables nest 9 deep at line 4, column 16; a scenario needs at most 8", 16 << 20},
		{"keys.toml", keys.String(), "keys.toml:50001:1: the file has more than 50000 keys, values and tables", 16 << 20},
		{"misspelt.toml", misspelt.String(), "misspelt.toml:9:8: choice 1 of node", 128 << 20},
	} {
		if len(tc.data) > scenarios.MaxFileSize {
			t.Fatalf("%s: %d bytes", tc.name, len(tc.data))
		}
		var before, after runtime.MemStats
		runtime.GC()
		runtime.ReadMemStats(&before)
		resp, page := b.postMultipart("/assessments", url.Values{"csrf": {csrf}, "name": {"Hostile"}}, map[string]string{tc.name: tc.data})
		runtime.ReadMemStats(&after)
		if resp.StatusCode != http.StatusUnprocessableEntity || !strings.Contains(page, tc.want) {
			t.Errorf("%s: %d, page without %q", tc.name, resp.StatusCode, tc.want)
		}
		if alloc := after.TotalAlloc - before.TotalAlloc; alloc > tc.maxAlloc {
			t.Errorf("%s: the upload allocated %d MB", tc.name, alloc>>20)
		}
		if n := h.counts()["assessments"]; n != 0 {
			t.Fatalf("%s: %d assessments stored", tc.name, n)
		}
	}
}
