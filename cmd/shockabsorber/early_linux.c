// Answers before Go starts. Ebitengine opens the display while Go
// initialises its packages, before main runs, and panics when there is
// none; so a help or version request, or a plain start, on a machine
// without a display would end in a Go stack trace. This constructor runs
// before the Go runtime (the C runtime calls it with argc, argv and envp)
// and, only when no display can be opened, prints --help or --version
// itself or says in one line what to do, and exits. With a display it does
// nothing and Go answers as usual (main.go).
//
// The help text is generated from game.Usage (go generate; early_help.h)
// and the version is read from the build information the Go linker stores
// in the binary, formatted as internal/version's Info.Text does: the tests
// in early_test.go compare both with the Go side.

#define _GNU_SOURCE // dl_iterate_phdr
#include <X11/Xlib.h>
#include <link.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "early_help.h"

// The build information's header: 14 bytes of magic, the pointer size, a
// flags byte (bit 2: the strings follow inline), padded to 32 bytes. The
// magic is built at run time so that this file's own constant is not
// found instead of the real header.
static const char magic_tail[] = " Go buildinf:";

typedef struct {
	const unsigned char *p;
	size_t n;
} span;

typedef struct {
	span go, mod;
	int found;
} buildinfo;

static int read_varint(const unsigned char **p, const unsigned char *end, size_t *out) {
	size_t v = 0;
	int shift = 0;
	while (*p < end && shift < 63) {
		unsigned char c = *(*p)++;
		v |= (size_t)(c & 0x7f) << shift;
		if (!(c & 0x80)) {
			*out = v;
			return 1;
		}
		shift += 7;
	}
	return 0;
}

static int scan_segment(const unsigned char *start, size_t len, buildinfo *bi) {
	unsigned char magic[14];
	magic[0] = 0xff;
	memcpy(magic + 1, magic_tail, 13);
	const unsigned char *end = start + len;
	const unsigned char *p = (const unsigned char *)(((uintptr_t)start + 15) & ~(uintptr_t)15);
	for (; p + 32 <= end; p += 16) {
		if (p[0] != 0xff || memcmp(p, magic, 14) != 0 || !(p[15] & 2)) {
			continue;
		}
		const unsigned char *q = p + 32;
		size_t n;
		if (!read_varint(&q, end, &n) || n > (size_t)(end - q)) {
			continue;
		}
		bi->go.p = q, bi->go.n = n;
		q += n;
		if (!read_varint(&q, end, &n) || n > (size_t)(end - q)) {
			continue;
		}
		bi->mod.p = q, bi->mod.n = n;
		// The module text is wrapped in 16-byte sentinels.
		if (n >= 33 && q[n - 17] == '\n') {
			bi->mod.p = q + 16, bi->mod.n = n - 32;
		}
		bi->found = 1;
		return 1;
	}
	return 0;
}

static int find_in_program(struct dl_phdr_info *info, size_t size, void *data) {
	(void)size;
	buildinfo *bi = data;
	for (int i = 0; i < info->dlpi_phnum && !bi->found; i++) {
		const ElfW(Phdr) *ph = &info->dlpi_phdr[i];
		if (ph->p_type == PT_LOAD) {
			scan_segment((const unsigned char *)(info->dlpi_addr + ph->p_vaddr), ph->p_filesz, bi);
		}
	}
	return 1; // the first object is the program itself: stop there
}

// A growing output buffer that never overflows.
typedef struct {
	char *p;
	size_t n, cap;
} out;

static void put(out *o, const char *s, size_t n) {
	for (size_t i = 0; i < n && o->n + 1 < o->cap; i++) {
		o->p[o->n++] = s[i];
	}
	o->p[o->n] = 0;
}

static void puts0(out *o, const char *s) { put(o, s, strlen(s)); }

// field copies the value of "build\tKEY=VALUE" or the version of
// "mod\tPATH\tVERSION..." from the module text into dst.
static void find_field(span mod, const char *prefix, int tabs_to_skip, char *dst, size_t cap) {
	dst[0] = 0;
	size_t plen = strlen(prefix);
	const unsigned char *p = mod.p, *end = mod.p + mod.n;
	while (p < end) {
		const unsigned char *nl = memchr(p, '\n', (size_t)(end - p));
		const unsigned char *le = nl ? nl : end;
		if ((size_t)(le - p) >= plen && memcmp(p, prefix, plen) == 0) {
			const unsigned char *v = p + plen;
			for (int t = 0; t < tabs_to_skip && v < le; t++) {
				const unsigned char *tab = memchr(v, '\t', (size_t)(le - v));
				v = tab ? tab + 1 : le;
			}
			const unsigned char *ve = memchr(v, '\t', (size_t)(le - v));
			if (!ve) {
				ve = le;
			}
			size_t n = (size_t)(ve - v) < cap - 1 ? (size_t)(ve - v) : cap - 1;
			memcpy(dst, v, n);
			dst[n] = 0;
			return;
		}
		p = le + 1;
	}
}

// released mirrors version.Info.released: a tag, not "(devel)", a
// "+dirty" build or a pseudo-version (…-yyyymmddhhmmss-abcdefabcdef).
static int released(const char *v) {
	size_t n = strlen(v);
	if (n == 0 || strcmp(v, "(devel)") == 0 || (n >= 6 && strcmp(v + n - 6, "+dirty") == 0)) {
		return 0;
	}
	const char *k = strrchr(v, '-');
	if (k && k > v && strlen(k + 1) == 12) {
		const char *j = NULL;
		for (const char *p = v; p < k; p++) {
			if (*p == '-' || *p == '.') {
				j = p;
			}
		}
		if (j && j > v && k - (j + 1) == 14) {
			return 0;
		}
	}
	return 1;
}

// sa_version_text writes what `shockabsorber --version` prints, as
// version.Info.Text does, from the module text and Go version of a build.
size_t sa_version_text(const char *modp, size_t modn, const char *gop, size_t gon, char *dst, size_t cap) {
	span mod = {(const unsigned char *)modp, modn};
	char module[256], rev[128], tm[64], modified[8], goos[32], goarch[32];
	find_field(mod, "mod\t", 1, module, sizeof module);
	find_field(mod, "build\tvcs.revision=", 0, rev, sizeof rev);
	find_field(mod, "build\tvcs.time=", 0, tm, sizeof tm);
	find_field(mod, "build\tvcs.modified=", 0, modified, sizeof modified);
	find_field(mod, "build\tGOOS=", 0, goos, sizeof goos);
	find_field(mod, "build\tGOARCH=", 0, goarch, sizeof goarch);
	int dirty = strcmp(modified, "true") == 0, rel = released(module);

	out o = {dst, 0, cap};
	dst[0] = 0;
	puts0(&o, "shockabsorber ");
	if (rel) {
		puts0(&o, module);
	} else if (rev[0]) {
		puts0(&o, "dev ");
		put(&o, rev, strlen(rev) < 7 ? strlen(rev) : 7);
		if (dirty) {
			puts0(&o, "+");
		}
	} else {
		puts0(&o, "dev");
	}
	puts0(&o, "\n");
	if (rev[0]) {
		puts0(&o, "commit ");
		puts0(&o, rev);
		if (tm[0]) {
			puts0(&o, " (");
			puts0(&o, tm);
			puts0(&o, ")");
		}
		if (dirty) {
			puts0(&o, ", with uncommitted changes");
		}
		puts0(&o, "\n");
	} else if (!rel) {
		puts0(&o, "built without version control information\n");
	}
	if (gon > 0) {
		put(&o, gop, gon);
		if (goos[0]) {
			puts0(&o, " ");
			puts0(&o, goos);
			puts0(&o, "/");
			puts0(&o, goarch);
		}
		puts0(&o, "\n");
	}
	return o.n;
}

// has_flag reports whether one of names is among the arguments, as the
// game's flag parser reads them (one or two dashes, before a "--").
static int has_flag(int argc, char **argv, const char *const *names) {
	for (int i = 1; i < argc; i++) {
		const char *a = argv[i];
		if (strcmp(a, "--") == 0) {
			return 0;
		}
		if (a[0] != '-') {
			continue;
		}
		a += a[1] == '-' ? 2 : 1;
		// --name, or --name=true or =1 as internal/args reads them.
		const char *eq = strchr(a, '=');
		size_t n = eq ? (size_t)(eq - a) : strlen(a);
		if (eq && strcmp(eq + 1, "true") != 0 && strcmp(eq + 1, "1") != 0) {
			continue;
		}
		for (const char *const *name = names; *name; name++) {
			if (strlen(*name) == n && strncmp(a, *name, n) == 0) {
				return 1;
			}
		}
	}
	return 0;
}

// display_problem returns NULL when a display can be opened, else the
// sentence saying why not (in buf).
static const char *display_problem(char *buf, size_t cap) {
	const char *d = getenv("DISPLAY");
	if (!d || !d[0]) {
		return "DISPLAY is not set";
	}
	Display *x = XOpenDisplay(NULL);
	if (x) {
		XCloseDisplay(x);
		return NULL;
	}
	snprintf(buf, cap, "the display \"%s\" cannot be opened", d);
	return buf;
}

__attribute__((constructor)) static void sa_early(int argc, char **argv, char **envp) {
	(void)envp;
	static const char *const help[] = {"h", "help", NULL};
	static const char *const ver[] = {"version", NULL};
	char why[256];
	const char *problem = display_problem(why, sizeof why);
	if (!problem) {
		return; // Go starts as usual
	}
	if (has_flag(argc, argv, help)) {
		fputs(sa_help, stdout);
		exit(0);
	}
	if (has_flag(argc, argv, ver)) {
		buildinfo bi = {0};
		dl_iterate_phdr(find_in_program, &bi);
		char text[1024];
		sa_version_text((const char *)bi.mod.p, bi.found ? bi.mod.n : 0, (const char *)bi.go.p,
				bi.found ? bi.go.n : 0, text, sizeof text);
		fputs(text, stdout);
		exit(0);
	}
	fprintf(stderr,
		"shockabsorber: no display: %s. The game needs X11 (or XWayland under Wayland); on a headless "
		"machine run it as xvfb-run -a shockabsorber ..., or play at the prompt with the scenario "
		"command (scenario play FILE.toml). shockabsorber --help lists the flags.\n",
		problem);
	exit(1);
}
