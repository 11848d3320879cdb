package team

import (
	"encoding/json"
	"fmt"
	"strconv"
	"strings"
	"time"

	"github.com/shockabsorber/shockabsorber/play"
)

// Membership is the player's team as the game saves it: whom results go
// to, the name they agreed to send under, whether sending is paused, and
// the results not yet received by the panel (the outbox). It exists only
// once the player agreed on the consent screen; leaving the team deletes
// it, outbox and all.
type Membership struct {
	Link    Link   `json:"link"`
	Team    string `json:"team"`
	Trainer string `json:"trainer"`
	// PracticeURL is where results go (Link.PracticeURL of the TeamInfo's).
	PracticeURL string `json:"practice_url"`
	Name        string `json:"name"`
	// Paused keeps results in the outbox without sending them.
	Paused   bool      `json:"paused,omitempty"`
	JoinedAt time.Time `json:"joined_at"`
	// Closed is the panel's message once it said the team is unknown or
	// closed (404, 410): no result is queued or sent after it.
	Closed string `json:"closed,omitempty"`
	Outbox []Item `json:"outbox,omitempty"`
}

// Item is one result waiting in the outbox.
type Item struct {
	Upload play.PracticeUpload `json:"upload"`
	// Attempts counts the tries that got no final answer; NextAt is when
	// the next may start (zero: at once).
	Attempts int       `json:"attempts,omitempty"`
	NextAt   time.Time `json:"next_at,omitzero"`
	// Offline and Reason say why the last try failed: no answer at all,
	// or the server's message (busy, rate limited).
	Offline bool   `json:"offline,omitempty"`
	Reason  string `json:"reason,omitempty"`
}

// MaxOutbox is how many results the outbox keeps: past it, the oldest
// goes (weeks of practice offline).
const MaxOutbox = 300

// Backoff is the wait before retry n (1-based): 5 s, doubling, at most
// 10 minutes.
func Backoff(n int) time.Duration {
	d := 5 * time.Second
	for i := 1; i < n && d < 10*time.Minute; i++ {
		d *= 2
	}
	return min(d, 10*time.Minute)
}

// Response is what a Transport answers: a status and body, or Err when no
// answer came. RetryAfter is the Retry-After header, if any.
type Response struct {
	Status     int
	Body       []byte
	RetryAfter string
	Err        error
}

// Transport starts a request and returns at once; the answer arrives on
// the channel (which must be buffered or written once).
type Transport func(method, url string, body []byte) <-chan Response

// State is where one run's result is.
type State int

const (
	// Unknown: the queue has never held this run.
	Unknown State = iota
	// Sending: queued, or on its way.
	Sending
	// Waiting: a try failed (offline, server busy); it will be retried.
	Waiting
	// Paused: queued while the player paused sending.
	Paused
	// Sent: the panel has it.
	Sent
	// Failed: the panel refused it for good; Message says why.
	Failed
)

// Outcome is a run's State with what the player is told.
type Outcome struct {
	State State
	// Team is the team's name.
	Team string
	// Message is the server's message (Failed, Waiting on a server's
	// answer) or the network error (Waiting, Offline).
	Message string
	Offline bool
}

// Queue sends a Membership's outbox, oldest first, one request at a
// time, retrying with Backoff what got no final answer: a network error,
// 408, 429 or 5xx. 201, and 200 (the panel had the run already), count as
// sent; any other answer is final and its message kept for the player.
// Changed is called whenever the saved state changed, for the game to
// save it. A Queue is used from one goroutine (the game's Update).
type Queue struct {
	M       *Membership
	Send    Transport
	Changed func()

	inflight   <-chan Response
	inflightM  *Membership
	inflightID string
	recent     []recent
}

type recent struct {
	id string
	o  Outcome
}

const maxRecent = 32

// Add queues a result and says so to Changed. A closed team takes none:
// the result is Failed at once with the panel's message.
func (q *Queue) Add(u play.PracticeUpload) {
	if q.M == nil {
		return
	}
	if q.M.Closed != "" {
		q.remember(u.RunID, Outcome{State: Failed, Team: q.M.Team, Message: q.M.Closed})
		return
	}
	for _, it := range q.M.Outbox {
		if it.Upload.RunID == u.RunID {
			return
		}
	}
	q.M.Outbox = append(q.M.Outbox, Item{Upload: u})
	if n := len(q.M.Outbox) - MaxOutbox; n > 0 {
		q.M.Outbox = append(q.M.Outbox[:0], q.M.Outbox[n:]...)
	}
	q.changed()
}

func (q *Queue) changed() {
	if q.Changed != nil {
		q.Changed()
	}
}

func (q *Queue) remember(id string, o Outcome) {
	for i := range q.recent {
		if q.recent[i].id == id {
			q.recent[i].o = o
			return
		}
	}
	q.recent = append(q.recent, recent{id, o})
	if len(q.recent) > maxRecent {
		q.recent = q.recent[1:]
	}
}

// Pending is how many results wait in the outbox.
func (q *Queue) Pending() int {
	if q.M == nil {
		return 0
	}
	return len(q.M.Outbox)
}

// Busy reports whether a request is on its way.
func (q *Queue) Busy() bool { return q.inflight != nil }

// Status says where the result of run id is.
func (q *Queue) Status(id string) Outcome {
	if q.M != nil {
		for _, it := range q.M.Outbox {
			if it.Upload.RunID != id {
				continue
			}
			o := Outcome{State: Sending, Team: q.M.Team}
			switch {
			case q.inflightID == id && q.inflightM == q.M:
			case q.M.Paused:
				o.State = Paused
			case it.Attempts > 0:
				o.State, o.Message, o.Offline = Waiting, it.Reason, it.Offline
			}
			return o
		}
	}
	for _, r := range q.recent {
		if r.id == id {
			return r.o
		}
	}
	return Outcome{}
}

// Pump moves the outbox on: it takes the answer to the request on its
// way, if it has come, and starts the next request when one is due and
// sending is on. It reports whether any run's Status changed.
func (q *Queue) Pump(now time.Time) bool {
	if q.inflight != nil {
		select {
		case r := <-q.inflight:
			m, id := q.inflightM, q.inflightID
			q.inflight, q.inflightM, q.inflightID = nil, nil, ""
			if m == q.M && m != nil {
				q.answer(now, id, r)
			}
			return true
		default:
			return false
		}
	}
	if q.M == nil || q.M.Paused || q.M.Closed != "" || len(q.M.Outbox) == 0 || q.Send == nil {
		return false
	}
	it := &q.M.Outbox[0]
	for i := range q.M.Outbox {
		if q.M.Outbox[i].NextAt.Before(it.NextAt) {
			it = &q.M.Outbox[i]
		}
	}
	if now.Before(it.NextAt) {
		return false
	}
	body, err := play.MarshalJSON(it.Upload)
	if err != nil {
		q.drop(it.Upload.RunID, Outcome{State: Failed, Team: q.M.Team, Message: err.Error()})
		return true
	}
	q.inflight, q.inflightM, q.inflightID = q.Send("POST", q.M.PracticeURL, body), q.M, it.Upload.RunID
	return true
}

// answer handles the panel's answer to the upload of run id.
func (q *Queue) answer(now time.Time, id string, r Response) {
	m := q.M
	idx := -1
	for i := range m.Outbox {
		if m.Outbox[i].Upload.RunID == id {
			idx = i
		}
	}
	if idx < 0 {
		return
	}
	it := &m.Outbox[idx]
	switch {
	case r.Err != nil:
		q.retry(now, it, Backoff(it.Attempts+1), true, r.Err.Error())
	case r.Status == 200 || r.Status == 201:
		q.drop(id, Outcome{State: Sent, Team: m.Team})
	case r.Status == 408 || r.Status == 429 || r.Status >= 500:
		wait := Backoff(it.Attempts + 1)
		if s, err := strconv.Atoi(strings.TrimSpace(r.RetryAfter)); err == nil && s > 0 {
			wait = max(wait, min(time.Duration(s)*time.Second, time.Hour))
		}
		q.retry(now, it, wait, false, Message(r))
	default:
		msg := Message(r)
		if r.Status == 404 || r.Status == 410 {
			// The team is gone: nothing queued for it can arrive.
			m.Closed = msg
			for _, other := range m.Outbox {
				q.remember(other.Upload.RunID, Outcome{State: Failed, Team: m.Team, Message: msg})
			}
			m.Outbox = nil
			q.changed()
			return
		}
		q.drop(id, Outcome{State: Failed, Team: m.Team, Message: msg})
	}
}

func (q *Queue) retry(now time.Time, it *Item, wait time.Duration, offline bool, reason string) {
	it.Attempts++
	it.NextAt = now.Add(wait)
	it.Offline, it.Reason = offline, reason
	q.changed()
}

func (q *Queue) drop(id string, o Outcome) {
	out := q.M.Outbox[:0]
	for _, it := range q.M.Outbox {
		if it.Upload.RunID != id {
			out = append(out, it)
		}
	}
	q.M.Outbox = out
	q.remember(id, o)
	q.changed()
}

// Message is what the player is told of an answer that is not a success:
// the panel's own message (play.APIError), else the start of a plain
// text body, else the status.
func Message(r Response) string {
	var e play.APIError
	if json.Unmarshal(r.Body, &e) == nil && e.Message != "" {
		return bound(e.Message, 300)
	}
	text := strings.TrimSpace(string(r.Body))
	if len(text) > 300 || strings.HasPrefix(text, "<") {
		text = ""
	}
	if text == "" {
		text = fmt.Sprintf("the server answered with status %d", r.Status)
	}
	return text
}

// ReadInfo reads the answer to GET Link.InfoURL: the team, or an error
// whose text is the panel's message (a *play.APIError for an answer of
// the panel's, the network's error otherwise).
func ReadInfo(r Response) (play.TeamInfo, error) {
	if r.Err != nil {
		return play.TeamInfo{}, r.Err
	}
	if r.Status != 200 {
		var e play.APIError
		if json.Unmarshal(r.Body, &e) != nil || e.Message == "" {
			e = play.APIError{Status: r.Status, Message: Message(r)}
		}
		e.Status = r.Status
		return play.TeamInfo{}, &e
	}
	var info play.TeamInfo
	if err := json.Unmarshal(r.Body, &info); err != nil {
		return info, fmt.Errorf("the server's answer is not a team: %v", err)
	}
	if strings.TrimSpace(info.Team) == "" {
		return info, fmt.Errorf("the server's answer names no team")
	}
	info.Team, info.Trainer = bound(info.Team, 120), bound(info.Trainer, 120)
	return info, nil
}

// Join makes the membership a player agreed to on the consent screen.
func Join(l Link, info play.TeamInfo, name string, now time.Time) (*Membership, error) {
	name, err := CheckName(name)
	if err != nil {
		return nil, err
	}
	return &Membership{Link: l, Team: info.Team, Trainer: info.Trainer, PracticeURL: l.PracticeURL(info.PracticeURL), Name: name, JoinedAt: now.UTC()}, nil
}
