package game

import (
	"fmt"
	"net/url"
	"strings"

	"github.com/shockabsorber/shockabsorber/internal/args"
)

// AssessOptions say where an assessment comes from on the desktop and
// what to do with the answers. In the browser the page's configuration
// fills them in instead (see platform_js.go).
type AssessOptions struct {
	// Panel is an invite link, http://HOST/a/TOKEN: the configuration is
	// fetched from HOST/api/a/TOKEN and the answers posted back.
	Panel string
	// AssessmentFile holds the body of GET /api/a/TOKEN, to play offline.
	AssessmentFile string
	// TranscriptOut receives the submission body (candidate, transcripts,
	// times) as JSON, whether or not it is also posted.
	TranscriptOut string
	// Candidate prefills (and, when scripted, types) the candidate's name.
	Candidate string

	// configURL and submitURL are the API endpoints, set from Panel or by
	// the browser's page; configJSON is an already fetched configuration.
	configURL, submitURL string
	configJSON           []byte
}

func (a *AssessOptions) addFlags(fs *args.Set) {
	fs.StringVar(&a.Panel, "panel")
	fs.StringVar(&a.AssessmentFile, "assessment-file")
	fs.StringVar(&a.TranscriptOut, "transcript-out")
	fs.StringVar(&a.Candidate, "candidate")
}

// FromPanelOrFile reports whether an assessment source was given.
func (a *AssessOptions) FromPanelOrFile() bool {
	return a.Panel != "" || a.AssessmentFile != "" || a.configURL != "" || a.configJSON != nil
}

// check validates the assessment flags against the mode and the scenario.
func (a *AssessOptions) check(mode Mode, scenario string) error {
	given := a.Panel != "" || a.AssessmentFile != "" || a.TranscriptOut != "" || a.Candidate != ""
	if given && mode != Assessment {
		return fmt.Errorf("--panel, --assessment-file, --transcript-out and --candidate need --mode assessment: %w", ErrUsage)
	}
	if a.Panel != "" && a.AssessmentFile != "" {
		return fmt.Errorf("give --panel URL or --assessment-file FILE, not both: %w", ErrUsage)
	}
	if mode == Assessment && a.Panel == "" && a.AssessmentFile == "" && scenario == "" {
		return fmt.Errorf("--mode assessment needs --panel http://HOST/a/TOKEN, --assessment-file FILE.json or --scenario FILE|ID: %w", ErrUsage)
	}
	if a.Panel != "" {
		cfg, sub, err := panelURLs(a.Panel)
		if err != nil {
			return fmt.Errorf("--panel: %v: %w", err, ErrUsage)
		}
		a.configURL, a.submitURL = cfg, sub
	}
	return nil
}

// panelURLs turns an invite link (http://HOST/a/TOKEN, or the API's
// http://HOST/api/a/TOKEN) into the configuration and submission URLs.
func panelURLs(link string) (config, submit string, err error) {
	u, err := url.Parse(strings.TrimSpace(link))
	if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
		return "", "", fmt.Errorf("%q is not an http(s) invite link such as http://127.0.0.1:8080/a/TOKEN", link)
	}
	p := strings.TrimSuffix(u.Path, "/")
	token := ""
	for _, prefix := range []string{"/api/a/", "/a/"} {
		if rest, ok := strings.CutPrefix(p, prefix); ok && rest != "" && !strings.Contains(rest, "/") {
			token = rest
			break
		}
	}
	if token == "" {
		return "", "", fmt.Errorf("%q has no /a/TOKEN path; copy the whole invite link", link)
	}
	base := u.Scheme + "://" + u.Host
	return base + "/api/a/" + token, base + "/api/a/" + token + "/submit", nil
}

// resolveURL makes a server-relative URL (such as the configuration's
// submit_url) absolute against the configuration's URL. In the browser
// both stay relative: fetch resolves them against the page.
func resolveURL(base, ref string) string {
	if ref == "" {
		return ""
	}
	b, err := url.Parse(base)
	if err != nil || b.Host == "" {
		return ref
	}
	r, err := url.Parse(ref)
	if err != nil {
		return ref
	}
	return b.ResolveReference(r).String()
}
