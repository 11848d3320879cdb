package panel

import (
	"context"
	"encoding/json"
	"io"
	"math/rand/v2"
	"net/http"
	"net/http/httptest"
	"net/netip"
	"net/url"
	"os"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"golang.org/x/crypto/bcrypt"

	"github.com/shockabsorber/shockabsorber/play"
	"github.com/shockabsorber/shockabsorber/web"
)

var linkRE = regexp.MustCompile(`<textarea readonly rows="1" class="links">([^<]+)</textarea>`)

// linkIn returns the one-time link a members page shows.
func linkIn(t testing.TB, page string) string {
	t.Helper()
	m := linkRE.FindStringSubmatch(page)
	if m == nil {
		t.Fatalf("no link on the page:\n%s", page)
	}
	return strings.TrimSpace(m[1])
}

// pathOf returns the path of a link the panel printed.
func pathOf(t testing.TB, link string) string {
	t.Helper()
	u, err := url.Parse(link)
	if err != nil {
		t.Fatal(err)
	}
	return u.Path
}

// useLink fills in a setup, join or reset link's form in b.
func (b *browser) useLink(path string, form url.Values) (*http.Response, string) {
	b.h.t.Helper()
	resp, page := b.get(path)
	if resp.StatusCode != http.StatusOK {
		b.h.t.Fatalf("GET %s: %d %s", path, resp.StatusCode, page)
	}
	return b.postForm(path, form)
}

// member has the owner (signed in as b with csrf) invite email with role,
// and returns a browser signed in as the new member with its CSRF token.
func (h *harness) member(owner *browser, csrf, email, role string) (*browser, string) {
	h.t.Helper()
	resp, page := owner.postForm("/members/invitations", url.Values{"csrf": {csrf}, "email": {email}, "role": {role}})
	if resp.StatusCode != http.StatusCreated {
		h.t.Fatalf("invite %s: %d %s", email, resp.StatusCode, page)
	}
	b := h.browser()
	resp, body := b.useLink(pathOf(h.t, linkIn(h.t, page)), url.Values{"name": {strings.ToUpper(email[:1]) + email[1:strings.Index(email, "@")]}, "password": {"password of " + email}, "password2": {"password of " + email}})
	if resp.StatusCode != http.StatusSeeOther || resp.Header.Get("Location") != "/dashboard" {
		h.t.Fatalf("join %s: %d %s", email, resp.StatusCode, body)
	}
	_, dash := b.get("/dashboard")
	return b, csrfOf(h.t, dash)
}

func (h *harness) auditActions() []string {
	h.t.Helper()
	var out []string
	if err := h.srv.store.EachAudit(context.Background(), func(e AuditEntry) error {
		out = append(out, e.Action)
		return nil
	}); err != nil {
		h.t.Fatal(err)
	}
	return out
}

func (h *harness) lastAudit(action string) AuditEntry {
	h.t.Helper()
	var found AuditEntry
	h.srv.store.EachAudit(context.Background(), func(e AuditEntry) error {
		if e.Action == action {
			found = e
		}
		return nil
	})
	if found.ID == 0 {
		h.t.Fatalf("no %s in the audit log: %v", action, h.auditActions())
	}
	return found
}

// TestSetupLink: a panel started with no owner makes a one-time setup
// link; it makes the first owner, signs them in, and cannot be used twice;
// a restart with an owner makes none.
func TestSetupLink(t *testing.T) {
	h := newHarnessWith(t, func(o *Options) { o.Password, o.OwnerEmail = "", "" })
	tok := h.srv.SetupToken
	if !validToken(tok) {
		t.Fatalf("setup token %q", tok)
	}
	anon := h.browser()
	if _, page := anon.get("/login"); !strings.Contains(page, "setup link") {
		t.Error("the sign-in page does not point to the setup link")
	}
	// A browser sends the form of a page with "Referrer-Policy:
	// no-referrer" with "Origin: null", which is refused as another site.
	if resp, _ := anon.get("/setup/" + tok); resp.Header.Get("Referrer-Policy") != "same-origin" {
		t.Errorf("Referrer-Policy %q", resp.Header.Get("Referrer-Policy"))
	}
	// Bad input is explained and spends nothing.
	resp, body := anon.useLink("/setup/"+tok, url.Values{"email": {"not an address"}, "name": {"Olga"}, "password": {"long enough pw"}, "password2": {"long enough pw"}})
	if resp.StatusCode != http.StatusUnprocessableEntity || !strings.Contains(body, "not an e-mail address") {
		t.Fatalf("bad e-mail: %d %s", resp.StatusCode, body)
	}
	resp, body = anon.postForm("/setup/"+tok, url.Values{"email": {"Olga@Example.org"}, "name": {"Olga"}, "password": {"long enough pw"}, "password2": {"other pw here"}})
	if resp.StatusCode != http.StatusUnprocessableEntity || !strings.Contains(body, "differ") {
		t.Fatalf("passwords differ: %d %s", resp.StatusCode, body)
	}
	resp, body = anon.postForm("/setup/"+tok, url.Values{"email": {"Olga@Example.org"}, "name": {"Olga"}, "password": {"long enough pw"}, "password2": {"long enough pw"}})
	if resp.StatusCode != http.StatusSeeOther {
		t.Fatalf("setup: %d %s", resp.StatusCode, body)
	}
	if _, page := anon.get("/members"); !strings.Contains(page, "olga@example.org") {
		t.Fatalf("the new owner does not see the members page:\n%s", page)
	}
	// Used once: refused after.
	if resp, _ := h.browser().get("/setup/" + tok); resp.StatusCode != http.StatusGone {
		t.Fatalf("a used setup link answers %d", resp.StatusCode)
	}
	other := h.browser()
	if resp, _ := other.postForm("/setup/"+tok, url.Values{"email": {"mallory@example.org"}, "name": {"M"}, "password": {"long enough pw"}, "password2": {"long enough pw"}}); resp.StatusCode != http.StatusGone {
		t.Fatalf("a used setup link made a member: %d", resp.StatusCode)
	}
	// Signed in with the chosen password, e-mail case aside.
	h.browser().loginAs("OLGA@example.org", "long enough pw")
	e := h.lastAudit("member.joined")
	if e.Actor != "olga@example.org" || !strings.Contains(e.Detail, "setup link") || e.Client != "127.0.0.1" {
		t.Errorf("audit %+v", e)
	}
	// A restart with an owner prints no setup link.
	h.srv.Close()
	srv, err := New(context.Background(), Options{DBPath: h.srv.store.path, BcryptCost: bcrypt.MinCost, Fallback: web.Files, Logger: quietLogger()})
	if err != nil {
		t.Fatal(err)
	}
	defer srv.Close()
	if srv.SetupToken != "" {
		t.Error("a setup link was made although the panel has an owner")
	}
}

// TestSetupLinkExpires: an expired setup link is refused; a restart makes
// a new one and withdraws the old.
func TestSetupLinkExpires(t *testing.T) {
	h := newHarnessWith(t, func(o *Options) { o.Password, o.OwnerEmail = "", "" })
	tok := h.srv.SetupToken
	h.clock.Add(setupTTL + time.Second)
	if resp, body := h.browser().get("/setup/" + tok); resp.StatusCode != http.StatusGone || !strings.Contains(body, "restart") {
		t.Fatalf("expired setup link: %d %s", resp.StatusCode, body)
	}
	l, err := h.srv.store.NewSetupLink(context.Background(), setupTTL, h.clock.Now())
	if err != nil {
		t.Fatal(err)
	}
	if _, err := h.srv.store.LinkByToken(context.Background(), l.Token, LinkSetup, h.clock.Now()); err != nil {
		t.Fatalf("new setup link: %v", err)
	}
	h.clock.Add(-setupTTL)
	if _, err := h.srv.store.LinkByToken(context.Background(), tok, LinkSetup, h.clock.Now()); err != ErrLinkInvalid {
		t.Fatalf("the old setup link was not withdrawn: %v", err)
	}
}

// TestPasswordWithoutOwnerEmail: a shared password alone is refused with
// what to do.
func TestPasswordWithoutOwnerEmail(t *testing.T) {
	_, err := New(context.Background(), Options{DBPath: filepath.Join(t.TempDir(), "p.db"), Password: testPassword, BcryptCost: bcrypt.MinCost, Fallback: web.Files, Logger: quietLogger()})
	if err == nil || !strings.Contains(err.Error(), "--owner-email") {
		t.Fatalf("error %v", err)
	}
}

// TestMigrateSharedPasswordDatabase opens a database written by the panel
// before member accounts (testdata/v1-shared-password.db: one assessment,
// a submission, an open link and a session of the shared password
// "correct horse battery"). Without an owner e-mail it gets a setup link and
// keeps every result; with --owner-email the shared password becomes that
// owner's.
func TestMigrateSharedPasswordDatabase(t *testing.T) {
	data, err := os.ReadFile("testdata/v1-shared-password.db")
	if err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	path := filepath.Join(dir, "panel.db")
	if err := os.WriteFile(path, data, 0o600); err != nil {
		t.Fatal(err)
	}
	open := func(email string) *Server {
		t.Helper()
		srv, err := New(context.Background(), Options{DBPath: path, OwnerEmail: email, BcryptCost: bcrypt.MinCost, Fallback: web.Files, Logger: quietLogger()})
		if err != nil {
			t.Fatal(err)
		}
		return srv
	}
	srv := open("")
	var version int
	srv.store.db.QueryRow("PRAGMA user_version").Scan(&version)
	if version != len(migrations) {
		t.Errorf("schema version %d, want %d", version, len(migrations))
	}
	if srv.SetupToken == "" || !srv.LegacyPassword {
		t.Errorf("setup token %q, legacy %v", srv.SetupToken, srv.LegacyPassword)
	}
	c, err := srv.store.Counts(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	if c["submissions"] != 1 || c["invites"] != 2 || c["sessions"] != 0 {
		t.Errorf("counts after migration: %v", c)
	}
	subs, err := srv.store.Submissions(context.Background(), 0, true)
	if err != nil || len(subs) != 1 || len(subs[0].Results) == 0 || subs[0].InvitedBy != "" {
		t.Fatalf("old submission: %v %+v", err, subs)
	}
	// Migration 4 counted the old submission's fitting and decided steps
	// from its reports.
	var fit, dec, wantFit, wantDec int
	if err := srv.store.db.QueryRow(`SELECT fitting, decisions FROM submissions`).Scan(&fit, &dec); err != nil {
		t.Fatal(err)
	}
	for _, r := range subs[0].Results {
		var rep play.Report
		if err := json.Unmarshal(r.Report, &rep); err != nil {
			t.Fatal(err)
		}
		wantFit += rep.Fitting
		wantDec += rep.Decisions
	}
	if fit != wantFit || dec != wantDec || dec == 0 {
		t.Errorf("migrated submission stores %d fitting of %d decisions, its reports say %d of %d", fit, dec, wantFit, wantDec)
	}
	srv.Close()

	// The operator names the owner: the shared password is theirs.
	srv = open("Owner@Example.org")
	defer srv.Close()
	if srv.OwnerChange != "legacy" || srv.SetupToken != "" {
		t.Errorf("owner change %q, setup %q", srv.OwnerChange, srv.SetupToken)
	}
	if _, ok, _ := srv.store.setting(context.Background(), "password_hash"); ok {
		t.Error("the shared password is still stored")
	}
	ts := httptest.NewServer(srv.Handler())
	defer ts.Close()
	h := &harness{t: t, srv: srv, ts: ts, clock: &clock{t: time.Now()}, dir: dir}
	b := h.browser()
	b.loginAs("owner@example.org", testPassword)
	if _, page := b.get("/assessments/1"); !strings.Contains(page, "Test intake") || !strings.Contains(page, "Jordan Lee") {
		t.Errorf("the old assessment page:\n%s", page)
	}
}

// TestRolesOnEveryRoute: each member route answers a reviewer, an author
// and an owner as its role allows; a refused POST is refused before it
// does anything, and CSRF is checked first.
func TestRolesOnEveryRoute(t *testing.T) {
	h := newHarness(t)
	a := h.assessment(false, 7)
	owner := h.browser()
	ocsrf := owner.login()
	author, acsrf := h.member(owner, ocsrf, "arturo@example.org", RoleAuthor)
	reviewer, rcsrf := h.member(owner, ocsrf, "rita@example.org", RoleReviewer)
	invs, err := h.srv.store.CreateInvites(context.Background(), a.ID, 1, "x", time.Hour, h.clock.Now())
	if err != nil {
		t.Fatal(err)
	}
	rita, _, _ := h.srv.store.memberByEmail(context.Background(), "rita@example.org")
	aid := "/assessments/" + itoa(a.ID)
	routes := []struct {
		method, path, need string
	}{
		{"GET", "/dashboard", RoleReviewer},
		{"GET", aid, RoleReviewer},
		{"GET", aid + "/results.csv", RoleReviewer},
		{"GET", aid + "/results.json", RoleReviewer},
		{"GET", "/results.csv", RoleReviewer},
		{"GET", "/results.json", RoleReviewer},
		{"GET", "/account", RoleReviewer},
		{"POST", "/account/sessions/1/revoke", RoleReviewer},
		{"POST", "/account/signout-everywhere", RoleReviewer},
		{"GET", "/submissions/1", RoleReviewer},
		{"GET", "/assessments/new", RoleAuthor},
		{"POST", "/assessments", RoleAuthor},
		{"POST", aid + "/invites", RoleAuthor},
		{"POST", "/invites/" + itoa(invs[0].ID) + "/revoke", RoleAuthor},
		{"POST", aid + "/delete", RoleAuthor},
		{"GET", "/members", RoleOwner},
		{"POST", "/members/invitations", RoleOwner},
		{"POST", "/members/invitations/1/withdraw", RoleOwner},
		{"POST", "/members/" + itoa(rita.ID) + "/role", RoleOwner},
		{"POST", "/members/" + itoa(rita.ID) + "/reset", RoleOwner},
		{"POST", "/members/" + itoa(rita.ID) + "/signout", RoleOwner},
		{"POST", "/members/" + itoa(rita.ID) + "/remove", RoleOwner},
		{"GET", "/audit", RoleOwner},
		{"GET", "/audit.csv", RoleOwner},
		{"GET", "/audit.jsonl", RoleOwner},
		{"POST", aid + "/retention", RoleAuthor},
		{"GET", "/submissions/1/delete", RoleOwner},
		{"POST", "/submissions/1/delete", RoleOwner},
		{"GET", "/submissions/1/export.json", RoleOwner},
		{"GET", "/teams", RoleReviewer},
		{"POST", "/teams", RoleAuthor},
		{"GET", "/teams/1", RoleReviewer},
		{"POST", "/teams/1/close", RoleAuthor},
		{"POST", "/teams/1/reopen", RoleAuthor},
		{"POST", "/teams/1/link", RoleAuthor},
		{"POST", "/teams/1/retention", RoleAuthor},
		{"GET", "/teams/1/members/1", RoleReviewer},
		{"GET", "/teams/1/runs.csv", RoleReviewer},
		{"POST", "/teams/1/members/1/delete", RoleAuthor},
		{"GET", "/teams/1/members/1/export.json", RoleAuthor},
	}
	// The routes listed are every member route the server has.
	listed := map[string]bool{}
	for _, rt := range routes {
		listed[rt.method+" "+rt.path] = true
	}
	before := h.counts()
	auditBefore := len(h.auditActions())
	for _, who := range []struct {
		role string
		b    *browser
		csrf string
	}{{RoleReviewer, reviewer, rcsrf}, {RoleAuthor, author, acsrf}} {
		for _, rt := range routes {
			var resp *http.Response
			var body string
			if rt.method == "GET" {
				resp, body = who.b.get(rt.path)
			} else {
				// Without the CSRF token first: refused as forged,
				// whatever the role.
				resp, body = who.b.postForm(rt.path, url.Values{"role": {RoleOwner}})
				if resp.StatusCode != http.StatusForbidden || !strings.Contains(body, "security token") {
					t.Errorf("%s %s %s without CSRF: %d", who.role, rt.method, rt.path, resp.StatusCode)
				}
				if roleAllows(who.role, rt.need) {
					continue // not sent for real: it would change what the others test
				}
				resp, body = who.b.postForm(rt.path, url.Values{"csrf": {who.csrf}, "role": {RoleOwner}, "email": {"x@example.org"}, "name": {"x"}})
			}
			allowed := roleAllows(who.role, rt.need)
			if allowed && resp.StatusCode == http.StatusForbidden || !allowed && (resp.StatusCode != http.StatusForbidden || !strings.Contains(body, "Not allowed")) {
				t.Errorf("%s %s %s: %d (allowed: %v)", who.role, rt.method, rt.path, resp.StatusCode, allowed)
			}
		}
	}
	if after := h.counts(); after["assessments"] != before["assessments"] || after["invites"] != before["invites"] {
		t.Errorf("a refused request changed something: %v → %v", before, after)
	}
	if m, _ := h.srv.store.MemberByID(context.Background(), rita.ID); m.Role != RoleReviewer {
		t.Errorf("the reviewer made herself %s", m.Role)
	}
	// Refused requests write nothing but exports they were allowed.
	for _, act := range h.auditActions()[auditBefore:] {
		if act != "export.downloaded" && act != "audit.exported" {
			t.Errorf("refused requests logged %s", act)
		}
	}
	// Every route server.go, members_pages.go, lifecycle.go and teams.go wrap for members is in
	// the table, and every route that is not wrapped is one of the public
	// ones, read from the sources: a new public route must be added here
	// on purpose.
	public := map[string]bool{"GET /{$}": true, "GET /login": true, "POST /login": true, "GET /panel.css": true, "GET /evidence.css": true, "GET /healthz": true, "GET /readyz": true, "GET /metrics": true, "/": true, "GET /play": true, "GET /play/{file...}": true, "GET /a/{token}": true, "GET /api/a/{token}": true, "POST /api/a/{token}/submit": true,
		"GET /t/{token}": true, "GET /api/teams/{token}": true, "POST /api/teams/{token}/practice": true}
	for _, r := range sourceRoutes(t) {
		switch {
		case r.wrapped && (r.pattern == "POST /logout" || r.file != "server.go" && r.file != "members_pages.go" && r.file != "lifecycle.go" && r.file != "teams.go"):
		case r.wrapped:
			method, path, _ := strings.Cut(r.pattern, " ")
			found := false
			for k := range listed {
				m, lp, _ := strings.Cut(k, " ")
				found = found || m == method && routeMatches(path, lp)
			}
			if !found {
				t.Errorf("member route %q is not in the roles table", r.pattern)
			}
		case strings.Contains(r.pattern, `"+kind+"`):
			// setup, join and reset links: the token is the secret
		case !public[r.pattern]:
			t.Errorf("route %q is neither public nor checked for a role", r.pattern)
		}
	}
	// The owner may do all of it.
	if resp, _ := owner.get("/audit"); resp.StatusCode != http.StatusOK {
		t.Errorf("owner's audit page: %d", resp.StatusCode)
	}
}

// TestMemberFlow: an author creates an assessment and a link; the
// candidate's result shows who invited them, on the pages and in both
// exports; a reviewer reads it all but cannot change anything.
func TestMemberFlow(t *testing.T) {
	h := newHarness(t)
	owner := h.browser()
	ocsrf := owner.login()
	author, acsrf := h.member(owner, ocsrf, "arturo@example.org", RoleAuthor)
	reviewer, _ := h.member(owner, ocsrf, "rita@example.org", RoleReviewer)
	resp, body := author.postMultipart("/assessments", url.Values{"csrf": {acsrf}, "name": {"Front desk"}, "seed": {"9"}}, map[string]string{"test-desk.toml": testTOML})
	if resp.StatusCode != http.StatusSeeOther {
		t.Fatalf("author creates an assessment: %d %s", resp.StatusCode, body)
	}
	loc := resp.Header.Get("Location")
	resp, body = author.postForm(loc+"/invites", url.Values{"csrf": {acsrf}, "label": {"req 7"}})
	if resp.StatusCode != http.StatusCreated {
		t.Fatalf("author creates a link: %d %s", resp.StatusCode, body)
	}
	m := regexp.MustCompile(`/a/([A-Za-z0-9_-]{22})`).FindStringSubmatch(body)
	if m == nil {
		t.Fatal("no link")
	}
	a, err := h.srv.assessment(context.Background(), mustID(t, loc))
	if err != nil {
		t.Fatal(err)
	}
	if st, out := h.submit(m[1], mustJSON(t, validBody(t, a, rand.New(rand.NewPCG(3, 4))))); st != http.StatusCreated {
		t.Fatalf("submit: %d %v", st, out)
	}
	sub, err := h.srv.store.Submissions(context.Background(), a.ID, false)
	if err != nil || len(sub) != 1 {
		t.Fatal(err, sub)
	}
	for _, page := range []string{loc, "/submissions/" + itoa(sub[0].ID), "/dashboard"} {
		if _, body := reviewer.get(page); !strings.Contains(body, "Arturo") {
			t.Errorf("%s does not show who invited the candidate", page)
		}
	}
	if _, body := reviewer.get("/submissions/" + itoa(sub[0].ID)); !strings.Contains(body, "arturo@example.org") {
		t.Error("the submission page lacks the inviter's e-mail")
	}
	if _, body := reviewer.get(loc); strings.Contains(body, "Create invite link") || strings.Contains(body, "Withdraw") {
		t.Error("a reviewer is offered to create or withdraw links")
	}
	if ex := h.exportJSON(a.ID); ex.Assessments[0].Submissions[0].InvitedBy != "arturo@example.org" {
		t.Errorf("JSON export invited_by %q", ex.Assessments[0].Submissions[0].InvitedBy)
	}
	_, csv := reviewer.get(loc + "/results.csv")
	lines := strings.Split(strings.TrimSpace(csv), "\n")
	if !strings.HasSuffix(lines[0], ",invited_by") || !strings.HasSuffix(lines[1], ",arturo@example.org") {
		t.Errorf("CSV export:\n%s\n%s", lines[0], lines[1])
	}
	acts := strings.Join(h.auditActions(), " ")
	for _, want := range []string{"assessment.created", "invite.created", "submission.received", "export.downloaded"} {
		if !strings.Contains(acts, want) {
			t.Errorf("audit log lacks %s: %s", want, acts)
		}
	}
	if e := h.lastAudit("assessment.created"); e.Actor != "arturo@example.org" || !strings.Contains(e.Detail, `"Front desk"`) {
		t.Errorf("assessment.created %+v", e)
	}
	// The entry names the invite, never the candidate: the append-only
	// log outlives a candidate's data deleted on request (lifecycle.go).
	if e := h.lastAudit("submission.received"); e.Actor != "candidate" || e.Client != "127.0.0.1" || strings.Contains(e.Detail, "Jordan Lee") || !strings.HasPrefix(e.Detail, "invite ") {
		t.Errorf("submission.received %+v", e)
	}
}

// TestRemovedMemberIsSignedOutAtOnce: every session of a removed member
// stops working on its next request; role changes apply at once.
func TestRemovedMemberIsSignedOutAtOnce(t *testing.T) {
	h := newHarness(t)
	owner := h.browser()
	ocsrf := owner.login()
	author, _ := h.member(owner, ocsrf, "arturo@example.org", RoleAuthor)
	second := h.browser()
	second.loginAs("arturo@example.org", "password of arturo@example.org")
	m, _, _ := h.srv.store.memberByEmail(context.Background(), "arturo@example.org")

	// Made a reviewer: the next request knows.
	if resp, _ := owner.postForm("/members/"+itoa(m.ID)+"/role", url.Values{"csrf": {ocsrf}, "role": {RoleReviewer}}); resp.StatusCode != http.StatusOK {
		t.Fatalf("role change: %d", resp.StatusCode)
	}
	if resp, _ := author.get("/assessments/new"); resp.StatusCode != http.StatusForbidden {
		t.Errorf("demoted author: %d", resp.StatusCode)
	}
	if e := h.lastAudit("member.role_changed"); e.Detail != "author → reviewer" {
		t.Errorf("role change audit %+v", e)
	}
	resp, body := owner.postForm("/members/"+itoa(m.ID)+"/remove", url.Values{"csrf": {ocsrf}})
	if resp.StatusCode != http.StatusOK || !strings.Contains(body, "removed") {
		t.Fatalf("remove: %d %s", resp.StatusCode, body)
	}
	for i, b := range []*browser{author, second} {
		if resp, _ := b.get("/dashboard"); resp.StatusCode != http.StatusSeeOther || !strings.HasPrefix(resp.Header.Get("Location"), "/login") {
			t.Errorf("session %d of the removed member: %d", i+1, resp.StatusCode)
		}
	}
	if resp, _ := h.browser().postForm("/login", url.Values{"email": {"arturo@example.org"}}); resp.StatusCode == http.StatusSeeOther {
		t.Error("the removed member signed in")
	}
	if e := h.lastAudit("member.removed"); !strings.Contains(e.Detail, "2 sessions ended") || e.Actor != testOwner {
		t.Errorf("remove audit %+v", e)
	}
	// The e-mail may be invited again.
	h.member(owner, ocsrf, "arturo@example.org", RoleAuthor)
}

// TestLastOwnerStays: the only owner can be neither demoted nor removed.
func TestLastOwnerStays(t *testing.T) {
	h := newHarness(t)
	owner := h.browser()
	csrf := owner.login()
	m, _, _ := h.srv.store.memberByEmail(context.Background(), testOwner)
	if _, page := owner.get("/members"); strings.Contains(page, "/remove") {
		t.Error("the last owner is offered to be removed")
	}
	for _, p := range []string{"/role", "/remove"} {
		resp, body := owner.postForm("/members/"+itoa(m.ID)+p, url.Values{"csrf": {csrf}, "role": {RoleAuthor}})
		if resp.StatusCode != http.StatusConflict || !strings.Contains(body, "at least one owner") {
			t.Errorf("%s of the last owner: %d", p, resp.StatusCode)
		}
	}
	// With a second owner, the first may step down.
	_, _ = h.member(owner, csrf, "second@example.org", RoleOwner)
	if resp, _ := owner.postForm("/members/"+itoa(m.ID)+"/role", url.Values{"csrf": {csrf}, "role": {RoleAuthor}}); resp.StatusCode != http.StatusOK {
		t.Errorf("step down: %d", resp.StatusCode)
	}
}

// TestSessionsListedAndRevoked: a member sees their sessions and ends one
// or all; an owner ends another member's.
func TestSessionsListedAndRevoked(t *testing.T) {
	h := newHarness(t)
	owner := h.browser()
	ocsrf := owner.login()
	laptop, lcsrf := h.member(owner, ocsrf, "ana@example.org", RoleAuthor)
	phone := h.browser()
	phone.loginAs("ana@example.org", "password of ana@example.org")
	tablet := h.browser()
	tablet.loginAs("ana@example.org", "password of ana@example.org")
	ana, _, _ := h.srv.store.memberByEmail(context.Background(), "ana@example.org")
	list, err := h.srv.store.MemberSessions(context.Background(), ana.ID, h.clock.Now())
	if err != nil || len(list) != 3 {
		t.Fatalf("sessions: %v %d", err, len(list))
	}
	_, page := laptop.get("/account")
	if strings.Count(page, "/revoke") != 3 || !strings.Contains(page, "this browser") || !strings.Contains(page, "127.0.0.1") {
		t.Fatalf("account page:\n%s", page)
	}
	// End the tablet's (the newest) from the laptop.
	var tabletID int64
	for _, si := range list {
		tabletID = max(tabletID, si.ID)
	}
	if resp, _ := laptop.postForm("/account/sessions/"+itoa(tabletID)+"/revoke", url.Values{"csrf": {lcsrf}}); resp.StatusCode != http.StatusSeeOther {
		t.Fatalf("revoke: %d", resp.StatusCode)
	}
	if resp, _ := tablet.get("/dashboard"); resp.StatusCode != http.StatusSeeOther {
		t.Error("the revoked session still works")
	}
	if resp, _ := phone.get("/dashboard"); resp.StatusCode != http.StatusOK {
		t.Error("another session ended too")
	}
	// Another member's session cannot be ended through /account.
	ownerSessions, _ := h.srv.store.MemberSessions(context.Background(), 1, h.clock.Now())
	if resp, _ := laptop.postForm("/account/sessions/"+itoa(ownerSessions[0].ID)+"/revoke", url.Values{"csrf": {lcsrf}}); resp.StatusCode != http.StatusNotFound {
		t.Errorf("ending another member's session: %d", resp.StatusCode)
	}
	if resp, _ := owner.get("/dashboard"); resp.StatusCode != http.StatusOK {
		t.Error("the owner was signed out by another member")
	}
	// An owner signs Ana out everywhere.
	if resp, body := owner.postForm("/members/"+itoa(ana.ID)+"/signout", url.Values{"csrf": {ocsrf}}); resp.StatusCode != http.StatusOK || !strings.Contains(body, "2 sessions ended") {
		t.Fatalf("owner signs ana out: %d %s", resp.StatusCode, body)
	}
	for _, b := range []*browser{laptop, phone} {
		if resp, _ := b.get("/dashboard"); resp.StatusCode != http.StatusSeeOther {
			t.Error("a session survived sign-out everywhere")
		}
	}
	// Sign out everywhere, by the member.
	b1 := h.browser()
	c1 := b1.loginAs("ana@example.org", "password of ana@example.org")
	b2 := h.browser()
	b2.loginAs("ana@example.org", "password of ana@example.org")
	if resp, _ := b1.postForm("/account/signout-everywhere", url.Values{"csrf": {c1}}); resp.StatusCode != http.StatusSeeOther || resp.Header.Get("Location") != "/login" {
		t.Fatalf("sign out everywhere: %d", resp.StatusCode)
	}
	for _, b := range []*browser{b1, b2} {
		if resp, _ := b.get("/dashboard"); resp.StatusCode != http.StatusSeeOther {
			t.Error("a session survived the member's sign-out everywhere")
		}
	}
	acts := strings.Join(h.auditActions(), " ")
	if strings.Count(acts, "sessions.revoked_all") != 2 || !strings.Contains(acts, "session.revoked ") {
		t.Errorf("audit: %s", acts)
	}
}

// TestPasswordResetLink: the old password works until the link is used;
// then only the new one, and every session of the member ends.
func TestPasswordResetLink(t *testing.T) {
	h := newHarness(t)
	owner := h.browser()
	ocsrf := owner.login()
	rev, _ := h.member(owner, ocsrf, "rita@example.org", RoleReviewer)
	m, _, _ := h.srv.store.memberByEmail(context.Background(), "rita@example.org")
	resp, page := owner.postForm("/members/"+itoa(m.ID)+"/reset", url.Values{"csrf": {ocsrf}})
	if resp.StatusCode != http.StatusCreated {
		t.Fatalf("reset link: %d", resp.StatusCode)
	}
	link := pathOf(t, linkIn(t, page))
	h.browser().loginAs("rita@example.org", "password of rita@example.org")
	anon := h.browser()
	resp, body := anon.useLink(link, url.Values{"password": {"a brand new one"}, "password2": {"a brand new one"}})
	if resp.StatusCode != http.StatusSeeOther {
		t.Fatalf("use reset link: %d %s", resp.StatusCode, body)
	}
	if resp, _ := rev.get("/dashboard"); resp.StatusCode != http.StatusSeeOther {
		t.Error("an old session survived the reset")
	}
	if resp, _ := anon.get("/dashboard"); resp.StatusCode != http.StatusOK {
		t.Error("not signed in after the reset")
	}
	fresh := h.browser()
	_, lp := fresh.get("/login")
	if resp, _ := fresh.postForm("/login", url.Values{"csrf": {csrfOf(t, lp)}, "email": {"rita@example.org"}, "password": {"password of rita@example.org"}}); resp.StatusCode != http.StatusUnauthorized {
		t.Errorf("the old password still works: %d", resp.StatusCode)
	}
	fresh.loginAs("rita@example.org", "a brand new one")
	if resp, _ := h.browser().get(link); resp.StatusCode != http.StatusGone {
		t.Error("a reset link worked twice")
	}
	acts := strings.Join(h.auditActions(), " ")
	if !strings.Contains(acts, "member.reset_link_created") || !strings.Contains(acts, "member.password_reset") {
		t.Errorf("audit: %s", acts)
	}
}

// TestSignInPerAccount: wrong passwords are limited per account, signed
// in and out with the audit log's who, what and where; an unknown e-mail
// costs a hash like a known one and says no more.
func TestSignInPerAccount(t *testing.T) {
	h := newHarnessWith(t, func(o *Options) { o.TrustedProxies = []netip.Prefix{netip.MustParsePrefix("127.0.0.0/8")} })
	token, cookie := loginForm(t, h)
	for _, email := range []string{testOwner, "nobody@example.org"} {
		form := url.Values{"csrf": {token}, "email": {email}, "password": {"wrong"}}
		req, _ := http.NewRequest(http.MethodPost, h.ts.URL+"/login", strings.NewReader(form.Encode()))
		req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
		req.Header.Set("X-Forwarded-For", "203.0.113.9")
		req.AddCookie(cookie)
		resp, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		body, _ := io.ReadAll(resp.Body)
		resp.Body.Close()
		if resp.StatusCode != http.StatusUnauthorized || !strings.Contains(string(body), "Wrong e-mail or password") {
			t.Errorf("%s: %d", email, resp.StatusCode)
		}
	}
	e := h.lastAudit("signin.failed")
	if e.Actor != "nobody@example.org" || e.Client != "203.0.113.9" || e.ActorID != 0 {
		t.Errorf("failed sign-in audit %+v", e)
	}
	b := h.browser()
	b.xff = "198.51.100.4"
	csrf := b.login()
	if e := h.lastAudit("signin.succeeded"); e.Actor != testOwner || e.Client != "198.51.100.4" || e.ActorID == 0 {
		t.Errorf("sign-in audit %+v", e)
	}
	b.postForm("/logout", url.Values{"csrf": {csrf}})
	if e := h.lastAudit("signout"); e.Actor != testOwner {
		t.Errorf("sign-out audit %+v", e)
	}
}

// TestAuditLogAppendOnly: no statement of this package updates or
// deletes audit rows, and the database refuses both.
func TestAuditLogAppendOnly(t *testing.T) {
	files, _ := filepath.Glob("*.go")
	bad := regexp.MustCompile(`(?is)(update\s+audit_log|delete\s+from\s+audit_log|drop\s+table\s+audit_log|drop\s+trigger\s+audit_log)`)
	for _, f := range files {
		if strings.HasSuffix(f, "_test.go") {
			continue
		}
		data, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		if m := bad.Find(data); m != nil {
			t.Errorf("%s: %q: the audit log is append-only", f, m)
		}
	}
	h := newHarness(t)
	h.browser().login()
	n, err := h.srv.store.auditCount(context.Background())
	if err != nil || n == 0 {
		t.Fatalf("audit entries: %d %v", n, err)
	}
	for _, q := range []string{"UPDATE audit_log SET actor = 'someone else'", "DELETE FROM audit_log", "DELETE FROM audit_log WHERE id = 1"} {
		if _, err := h.srv.store.db.Exec(q); err == nil || !strings.Contains(err.Error(), "append-only") {
			t.Errorf("%s: %v", q, err)
		}
	}
	if m, _ := h.srv.store.auditCount(context.Background()); m != n {
		t.Errorf("%d entries, then %d", n, m)
	}
}

// TestAuditPageAndExports: the owner's page shows the newest entries
// first, a page at a time; the CSV and JSON lines exports hold all of them,
// oldest first.
func TestAuditPageAndExports(t *testing.T) {
	h := newHarness(t)
	owner := h.browser()
	owner.login()
	ctx := context.Background()
	for i := range 120 {
		if err := h.srv.store.AppendAudit(ctx, AuditEntry{At: h.clock.Now(), Actor: "panel", Action: "test.entry", Target: "n" + itoa(int64(i)), Detail: "=SUM(A1)\u202e"}); err != nil {
			t.Fatal(err)
		}
	}
	total, _ := h.srv.store.auditCount(ctx)
	_, page := owner.get("/audit")
	first := regexp.MustCompile(`<td class="num">(\d+)</td>`).FindAllStringSubmatch(page, -1)
	if len(first) != auditPageSize || first[0][1] != itoa(int64(total)) {
		t.Fatalf("first page: %d rows, first %v (total %d)", len(first), first[0], total)
	}
	if !strings.Contains(page, "[U&#43;202E]") {
		t.Error("a bidi override is not shown escaped")
	}
	older := regexp.MustCompile(`href="/audit\?before=(\d+)"`).FindStringSubmatch(page)
	if older == nil || older[1] != first[len(first)-1][1] {
		t.Fatalf("no link to older entries: %v", older)
	}
	_, page2 := owner.get("/audit?before=" + older[1])
	second := regexp.MustCompile(`<td class="num">(\d+)</td>`).FindAllStringSubmatch(page2, -1)
	if len(second) != auditPageSize || second[0][1] != itoa(mustAtoi(t, older[1])-1) {
		t.Fatalf("second page starts at %v", second[0])
	}
	if resp, _ := owner.get("/audit?before=x"); resp.StatusCode != http.StatusBadRequest {
		t.Errorf("bad before: %d", resp.StatusCode)
	}
	resp, csv := owner.get("/audit.csv")
	lines := strings.Split(strings.TrimSpace(csv), "\n")
	if resp.Header.Get("Content-Type") != "text/csv; charset=utf-8" || lines[0] != strings.Join(auditHead, ",") || len(lines) != total+2 {
		t.Fatalf("CSV: %q, %d lines for %d entries", resp.Header.Get("Content-Type"), len(lines), total)
	}
	if !strings.Contains(csv, "'=SUM(A1)[U+202E]") {
		t.Error("a formula is not defused in the CSV")
	}
	_, jl := owner.get("/audit.jsonl")
	jlines := strings.Split(strings.TrimSpace(jl), "\n")
	// Each export is logged before it starts: the CSV's and its own.
	if len(jlines) != total+2 || !strings.HasPrefix(jlines[0], `{"id":1,`) || !strings.Contains(jlines[len(jlines)-1], `"action":"audit.exported"`) {
		t.Fatalf("JSON lines: %d lines; first %s; last %s", len(jlines), jlines[0], jlines[len(jlines)-1])
	}
}

type sourceRoute struct {
	file    string
	pattern string
	wrapped bool // by s.member or s.need
}

// sourceRoutes reads the routes the package registers from its sources.
func sourceRoutes(t *testing.T) []sourceRoute {
	t.Helper()
	re := regexp.MustCompile(`HandleFunc\("((?:[^"\\]|"\+kind\+")*)",\s*(s\.(?:member|need)\()?`)
	files, _ := filepath.Glob("*.go")
	var out []sourceRoute
	for _, f := range files {
		if strings.HasSuffix(f, "_test.go") {
			continue
		}
		data, _ := os.ReadFile(f)
		for _, m := range re.FindAllStringSubmatch(string(data), -1) {
			out = append(out, sourceRoute{file: f, pattern: m[1], wrapped: m[2] != ""})
		}
	}
	if len(out) < 20 {
		t.Fatalf("only %d routes found in the sources", len(out))
	}
	return out
}

// routeMatches reports whether path matches a mux pattern's path, whose
// {name} segments match any segment.
func routeMatches(pattern, path string) bool {
	ps, qs := strings.Split(pattern, "/"), strings.Split(path, "/")
	if len(ps) != len(qs) {
		return false
	}
	for i := range ps {
		if ps[i] != qs[i] && !(strings.HasPrefix(ps[i], "{") && qs[i] != "") {
			return false
		}
	}
	return true
}

func mustAtoi(t *testing.T, s string) int64 {
	t.Helper()
	v, err := strconv.ParseInt(s, 10, 64)
	if err != nil {
		t.Fatal(err)
	}
	return v
}

// mustID returns the id at the end of a path such as /assessments/7.
func mustID(t *testing.T, p string) int64 {
	t.Helper()
	return mustAtoi(t, p[strings.LastIndex(p, "/")+1:])
}

// TestJoinLinkSpentOnce: twenty browsers sending the same invitation at
// once make one member.
func TestJoinLinkSpentOnce(t *testing.T) {
	h := newHarness(t)
	owner := h.browser()
	csrf := owner.login()
	_, page := owner.postForm("/members/invitations", url.Values{"csrf": {csrf}, "email": {"race@example.org"}, "role": {RoleAuthor}})
	path := pathOf(t, linkIn(t, page))
	const n = 20
	codes := make(chan int, n)
	start := make(chan struct{})
	var wg sync.WaitGroup
	for i := range n {
		b := h.browser()
		wg.Add(1)
		go func() {
			defer wg.Done()
			<-start
			resp, _ := b.postForm(path, url.Values{"name": {"Racer " + itoa(int64(i))}, "password": {"racing password"}, "password2": {"racing password"}})
			codes <- resp.StatusCode
		}()
	}
	close(start)
	wg.Wait()
	close(codes)
	got := map[int]int{}
	for c := range codes {
		got[c]++
	}
	if got[http.StatusSeeOther] != 1 || got[http.StatusGone] != n-1 {
		t.Errorf("answers %v, want one 303 and %d 410", got, n-1)
	}
	var members int
	h.srv.store.db.QueryRow("SELECT count(*) FROM members WHERE email = 'race@example.org'").Scan(&members)
	if members != 1 {
		t.Errorf("%d members made of one invitation", members)
	}
}

// TestDeleteAssessment: an author deletes an assessment no candidate took,
// with its links; one with results stays.
func TestDeleteAssessment(t *testing.T) {
	h := newHarness(t)
	owner := h.browser()
	ocsrf := owner.login()
	author, acsrf := h.member(owner, ocsrf, "arturo@example.org", RoleAuthor)
	empty := h.assessment(false, 1)
	h.invite(empty, time.Hour)
	taken := h.assessment(false, 2)
	tok := h.invite(taken, time.Hour)
	if st, out := h.submit(tok, mustJSON(t, validBody(t, taken, rand.New(rand.NewPCG(1, 1))))); st != http.StatusCreated {
		t.Fatalf("submit %d %v", st, out)
	}
	if _, page := author.get("/assessments/" + itoa(taken.ID)); strings.Contains(page, "Delete this assessment") {
		t.Error("an assessment with results offers to be deleted")
	}
	if resp, _ := author.postForm("/assessments/"+itoa(taken.ID)+"/delete", url.Values{"csrf": {acsrf}}); resp.StatusCode != http.StatusConflict {
		t.Errorf("delete with results: %d", resp.StatusCode)
	}
	if _, page := author.get("/assessments/" + itoa(empty.ID)); !strings.Contains(page, "Delete this assessment") {
		t.Error("an untaken assessment does not offer to be deleted")
	}
	if resp, _ := author.postForm("/assessments/"+itoa(empty.ID)+"/delete", url.Values{"csrf": {acsrf}}); resp.StatusCode != http.StatusSeeOther {
		t.Fatalf("delete: %d", resp.StatusCode)
	}
	if resp, _ := author.get("/assessments/" + itoa(empty.ID)); resp.StatusCode != http.StatusNotFound {
		t.Errorf("a deleted assessment answers %d", resp.StatusCode)
	}
	if c := h.counts(); c["assessments"] != 1 || c["invites"] != 1 {
		t.Errorf("counts after delete: %v", c)
	}
	if e := h.lastAudit("assessment.deleted"); e.Actor != "arturo@example.org" || !strings.Contains(e.Detail, "1 unused link") {
		t.Errorf("audit %+v", e)
	}
}
