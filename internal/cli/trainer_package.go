package cli

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strconv"
	"strings"

	"github.com/shockabsorber/shockabsorber/scenarios"
	"github.com/shockabsorber/shockabsorber/trainer"
)

// maxWASMSize bounds the game file read from --wasm (the real one is
// about 18 MB).
const maxWASMSize = 128 << 20

// runPackage writes a course package for an LMS: the browser practice
// game with the scenarios given (trainer.Package).
func runPackage(env *Env, args []string) int {
	fl := newFlags("package")
	format := fl.String("format", "")
	out := fl.String("o", "")
	title := fl.String("title", "")
	id := fl.String("id", "")
	base := fl.String("base", trainer.DefaultXAPIBase)
	mastery := fl.String("mastery", "")
	wasm := fl.String("wasm", "")
	wasmExec := fl.String("wasm-exec", "")
	fail := func(format string, a ...any) int {
		fmt.Fprintf(env.Stderr, "scenario package: "+format+"\n", a...)
		return ExitUsage
	}
	if err := fl.Parse(args); err != nil {
		return fail("%v", err)
	}
	switch {
	case *format == "":
		return fail("--format is required: %s (usage: scenario package --format F -o course.zip FILE...)", strings.Join(trainer.PackageFormats, ", "))
	case *out == "":
		return fail("-o is required: the zip to write (usage: scenario package --format F -o course.zip FILE...)")
	case len(fl.Args()) == 0:
		return fail("name the scenario files or folders to put in the course (usage: scenario package --format F -o course.zip FILE...)")
	}
	opt := trainer.PackageOptions{Format: *format, Title: *title, ID: *id, Base: strings.TrimRight(*base, "/"), Mastery: -1}
	if !contains(trainer.PackageFormats, *format) {
		return fail("--format %q: use %s", *format, strings.Join(trainer.PackageFormats, ", "))
	}
	if err := trainer.CheckBase(opt.Base); err != nil {
		return fail("--base: %v", err)
	}
	if *mastery != "" {
		m, err := strconv.ParseFloat(*mastery, 64)
		if err != nil || m < 0 || m > 1 {
			return fail("--mastery must be a score between 0 and 1 such as 0.8, not %q", *mastery)
		}
		opt.Mastery = m
	}

	set, diags := scenarios.LoadPaths(fl.Args())
	if errs := diags.Errors(); len(errs) > 0 {
		for _, d := range errs {
			fmt.Fprintln(env.Stderr, d.String())
		}
		fmt.Fprintf(env.Stderr, "scenario package: no package written: fix the %d error(s) above (scenario check shows them too)\n", len(errs))
		return ExitInvalid
	}
	for _, f := range set.Files {
		data, err := os.ReadFile(f)
		if err != nil {
			fmt.Fprintf(env.Stderr, "%s: %v\n", f, unwrapPathError(err))
			return ExitInvalid
		}
		opt.Scenarios = append(opt.Scenarios, trainer.PackageFile{Name: f, Data: data})
	}

	ctx := context.Background()
	if *wasm != "" {
		data, err := readBounded(*wasm, maxWASMSize)
		if err != nil {
			return fail("--wasm %s: %v", *wasm, err)
		}
		opt.WASM = data
		execFile := *wasmExec
		if execFile == "" {
			// build-web.sh copies the wasm_exec.js of the Go that built
			// the game beside it.
			if beside := filepath.Join(filepath.Dir(*wasm), "wasm_exec.js"); fileExists(beside) {
				execFile = beside
			}
		}
		if execFile != "" {
			if opt.WASMExec, err = readBounded(execFile, 1<<20); err != nil {
				return fail("--wasm-exec %s: %v", execFile, err)
			}
		} else if opt.WASMExec, err = trainer.GoWASMExec(ctx, "."); err != nil {
			return fail("no wasm_exec.js beside %s and %v: pass --wasm-exec", *wasm, err)
		}
	} else {
		root, err := trainer.SourceRoot(ctx, ".")
		if err != nil {
			return fail("%v", err)
		}
		tmp, err := os.MkdirTemp("", "scenario-package-*")
		if err != nil {
			return fail("%v", err)
		}
		defer os.RemoveAll(tmp)
		fmt.Fprintln(env.Stderr, "building the browser game (go build, GOOS=js GOARCH=wasm) ...")
		exec, err := trainer.BuildGameWASM(ctx, root, filepath.Join(tmp, "game.wasm"))
		if err != nil {
			fmt.Fprintf(env.Stderr, "scenario package: %v\n", err)
			return ExitInvalid
		}
		opt.WASMExec = exec
		if opt.WASM, err = os.ReadFile(filepath.Join(tmp, "game.wasm")); err != nil {
			return fail("%v", err)
		}
	}
	var zip bytes.Buffer
	sum, err := trainer.Package(&zip, opt)
	if err != nil {
		fmt.Fprintf(env.Stderr, "scenario package: %v\n", err)
		return ExitInvalid
	}
	if err := writeFileAtomic(*out, zip.Bytes()); err != nil {
		return fail("%s: %v", *out, err)
	}
	fmt.Fprintf(env.Stderr, "wrote %s: %s package %q, %d scenario(s) in %d situation(s), %.1f MB\n",
		*out, *format, sum.Title, sum.Scenarios, sum.Situations, float64(zip.Len())/(1<<20))
	return ExitOK
}

func contains(list []string, s string) bool {
	for _, v := range list {
		if v == s {
			return true
		}
	}
	return false
}

func fileExists(name string) bool {
	info, err := os.Stat(name)
	return err == nil && info.Mode().IsRegular()
}

// readBounded reads a regular file of at most max bytes.
func readBounded(name string, max int64) ([]byte, error) {
	f, err := os.Open(name)
	if err != nil {
		return nil, unwrapPathError(err)
	}
	defer f.Close()
	info, err := f.Stat()
	if err != nil {
		return nil, err
	}
	if !info.Mode().IsRegular() {
		return nil, fmt.Errorf("is not a regular file")
	}
	data, err := io.ReadAll(io.LimitReader(f, max+1))
	if err != nil {
		return nil, err
	}
	if int64(len(data)) > max {
		return nil, fmt.Errorf("is larger than %d MB", max>>20)
	}
	return data, nil
}
