package panel

import (
	"net/http"
	"net/url"
	"strconv"
)

// pager is the "Newest · ← Newer · Older →" line under a paginated list.
// Each link keeps the page's other query parameters, so the two lists of
// an assessment page move independently.
type pager struct {
	// Newest, Newer and Older are links, "" when there is nowhere to go.
	Newest, Newer, Older string
}

// keysetParam reads a list's position from the query: prefix+"before" or
// prefix+"after", a positive id. Anything else means the newest page.
func keysetParam(r *http.Request, prefix string) Keyset {
	q := r.URL.Query()
	id := func(name string) int64 {
		v, err := strconv.ParseInt(q.Get(prefix+name), 10, 64)
		if err != nil || v < 1 {
			return 0
		}
		return v
	}
	if a := id("after"); a > 0 {
		return Keyset{After: a}
	}
	return Keyset{Before: id("before")}
}

// makePager builds the links around a page of a list whose position is
// read from prefix+"before"/"after": links to the page at path (the
// request may be a form's POST that shows it), at the list's anchor.
func makePager(r *http.Request, path, prefix, anchor string, w Window) pager {
	link := func(key string, id int64) string {
		q := url.Values{}
		for k, v := range r.URL.Query() {
			q[k] = v
		}
		q.Del(prefix + "before")
		q.Del(prefix + "after")
		if key != "" {
			q.Set(prefix+key, strconv.FormatInt(id, 10))
		}
		u := path
		if e := q.Encode(); e != "" {
			u += "?" + e
		}
		if anchor != "" {
			u += "#" + anchor
		}
		return u
	}
	var p pager
	if w.Newer {
		p.Newest = link("", 0)
		if w.First > 0 {
			p.Newer = link("after", w.First)
		}
	}
	if w.Older {
		p.Older = link("before", w.Last)
	}
	return p
}
