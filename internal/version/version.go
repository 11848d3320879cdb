// Package version tells which build of a program is running, from what the
// Go toolchain recorded in the binary (runtime/debug.ReadBuildInfo): the
// module version when installed with `go install ...@vX.Y.Z`, else the
// commit, its time and whether the tree had uncommitted changes (go build
// in a git checkout records them unless -buildvcs=false). Nothing is
// hard-coded, so the version shown can never go stale.
package version

import (
	"runtime/debug"
	"strings"
)

// Info is what a binary knows about its own build.
type Info struct {
	// Module is the main module's version: "v1.2.0" from go install, a
	// pseudo-version such as "v0.0.0-20261206042830-b9a9711c0ffe+dirty"
	// from go build in a checkout, "(devel)" or "" without VCS data.
	Module string
	// Revision, Time and Modified are the vcs.* build settings.
	Revision string
	Time     string
	Modified bool
	// Go is the toolchain that built the binary; GOOS and GOARCH its target.
	Go, GOOS, GOARCH string
}

// Current returns the running binary's build information.
func Current() Info {
	bi, ok := debug.ReadBuildInfo()
	if !ok {
		return Info{}
	}
	return FromBuildInfo(bi)
}

// FromBuildInfo extracts Info from bi (debug/buildinfo.ReadFile reads it
// from another binary).
func FromBuildInfo(bi *debug.BuildInfo) Info {
	i := Info{Module: bi.Main.Version, Go: bi.GoVersion}
	for _, s := range bi.Settings {
		switch s.Key {
		case "vcs.revision":
			i.Revision = s.Value
		case "vcs.time":
			i.Time = s.Value
		case "vcs.modified":
			i.Modified = s.Value == "true"
		case "GOOS":
			i.GOOS = s.Value
		case "GOARCH":
			i.GOARCH = s.Value
		}
	}
	return i
}

// released reports whether the module version names a release (a tag),
// not a pseudo-version made up from a commit or "(devel)".
func (i Info) released() bool {
	v := i.Module
	if v == "" || v == "(devel)" || strings.HasSuffix(v, "+dirty") {
		return false
	}
	// A pseudo-version ends in -yyyymmddhhmmss-abcdefabcdef.
	if k := strings.LastIndexByte(v, '-'); k > 0 && len(v)-k-1 == 12 {
		if j := strings.LastIndexAny(v[:k], "-."); j > 0 && len(v[j+1:k]) == 14 {
			return false
		}
	}
	return true
}

// Short is the version in a few characters, for a screen corner: the
// release ("v1.2.0"), else "dev" and the commit's first 7 characters with a
// "+" when the tree had changes ("dev b9a9711+"), else "dev".
func (i Info) Short() string {
	switch {
	case i.released():
		return i.Module
	case i.Revision != "":
		s := "dev " + shortRev(i.Revision)
		if i.Modified {
			s += "+"
		}
		return s
	}
	return "dev"
}

func shortRev(r string) string {
	if len(r) > 7 {
		return r[:7]
	}
	return r
}

// Text is what `--version` prints for the program called name: the
// version, the commit and its date, and the toolchain, one per line.
//
//	shockabsorber v1.2.0
//	commit b9a9711c0ffe (2026-12-06T04:28:30Z)
//	go1.26.8 linux/amd64
//
// A build with uncommitted changes says so after the commit; one without
// VCS data says "built without version control information".
//
// cmd/shockabsorber/early_linux.c prints the same text when it must answer
// before Go starts (no display): keep the two in step (the test there
// compares them).
func (i Info) Text(name string) string {
	var b strings.Builder
	b.WriteString(name + " " + i.Short() + "\n")
	if i.Revision != "" {
		b.WriteString("commit " + i.Revision)
		if i.Time != "" {
			b.WriteString(" (" + i.Time + ")")
		}
		if i.Modified {
			b.WriteString(", with uncommitted changes")
		}
		b.WriteString("\n")
	} else if !i.released() {
		b.WriteString("built without version control information\n")
	}
	if i.Go != "" {
		b.WriteString(i.Go)
		if i.GOOS != "" {
			b.WriteString(" " + i.GOOS + "/" + i.GOARCH)
		}
		b.WriteString("\n")
	}
	return b.String()
}
