package version

import (
	"runtime/debug"
	"testing"
)

func TestShortAndText(t *testing.T) {
	for _, c := range []struct {
		name  string
		info  Info
		short string
		text  string
	}{
		{"go install of a release", Info{Module: "v1.2.0", Go: "go1.26.8", GOOS: "linux", GOARCH: "amd64"},
			"v1.2.0", "sa v1.2.0\ngo1.26.8 linux/amd64\n"},
		{"a clean checkout", Info{Module: "v0.0.0-20261206042830-b9a9711c0ffe", Revision: "b9a9711c0ffee0ddf00d", Time: "2026-12-06T04:28:30Z", Go: "go1.26.8", GOOS: "windows", GOARCH: "arm64"},
			"dev b9a9711", "sa dev b9a9711\ncommit b9a9711c0ffee0ddf00d (2026-12-06T04:28:30Z)\ngo1.26.8 windows/arm64\n"},
		{"changes not committed", Info{Module: "v0.0.0-20261206042830-b9a9711c0ffe+dirty", Revision: "b9a9711c0ffe", Time: "2026-12-06T04:28:30Z", Modified: true, Go: "go1.26.8"},
			"dev b9a9711+", "sa dev b9a9711+\ncommit b9a9711c0ffe (2026-12-06T04:28:30Z), with uncommitted changes\ngo1.26.8\n"},
		{"a pseudo-version after a tag", Info{Module: "v1.2.1-0.20261206042830-b9a9711c0ffe", Revision: "b9a9711c0ffe"},
			"dev b9a9711", "sa dev b9a9711\ncommit b9a9711c0ffe\n"},
		{"built with -buildvcs=false", Info{Module: "(devel)", Go: "go1.26.8", GOOS: "linux", GOARCH: "amd64"},
			"dev", "sa dev\nbuilt without version control information\ngo1.26.8 linux/amd64\n"},
		{"no build information", Info{}, "dev", "sa dev\nbuilt without version control information\n"},
	} {
		if got := c.info.Short(); got != c.short {
			t.Errorf("%s: Short() = %q, want %q", c.name, got, c.short)
		}
		if got := c.info.Text("sa"); got != c.text {
			t.Errorf("%s: Text() = %q, want %q", c.name, got, c.text)
		}
	}
}

func TestFromBuildInfo(t *testing.T) {
	bi := &debug.BuildInfo{GoVersion: "go1.26.8", Main: debug.Module{Path: "example.com/m", Version: "v0.3.1"},
		Settings: []debug.BuildSetting{{Key: "GOOS", Value: "darwin"}, {Key: "GOARCH", Value: "arm64"},
			{Key: "vcs.revision", Value: "abc"}, {Key: "vcs.time", Value: "2026-01-02T03:04:05Z"}, {Key: "vcs.modified", Value: "true"}}}
	want := Info{Module: "v0.3.1", Revision: "abc", Time: "2026-01-02T03:04:05Z", Modified: true, Go: "go1.26.8", GOOS: "darwin", GOARCH: "arm64"}
	if got := FromBuildInfo(bi); got != want {
		t.Errorf("got %+v, want %+v", got, want)
	}
	if Current().Go == "" {
		t.Error("Current: no Go version in the test binary's build information")
	}
}
