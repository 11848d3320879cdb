package panel

// The schema of team progress (teams.go): a trainer's teams, the players
// who joined each one (by the hash of the key their game made), and each
// practice run they chose to send, re-played and scored by the panel.
// Times are Unix milliseconds, as everywhere in the store; a run's
// started_at and finished_at are the client's RFC 3339 text, as
// submissions keep them. A run's transcript and report come last: the
// team view reads every run's other columns, and SQLite reads a row's
// columns in order, through the overflow pages of long ones.

// teamsSchema is migration 7; PostgreSQL runs its translation
// (postgresMigration), and TestSchemasMatch compares the two.
const teamsSchema = `
CREATE TABLE teams (
	id             INTEGER PRIMARY KEY,
	name           TEXT NOT NULL,
	token_hash     BLOB NOT NULL UNIQUE,
	created_by     INTEGER REFERENCES members(id),
	created_at     INTEGER NOT NULL,
	closed_at      INTEGER,
	retention_days INTEGER NOT NULL DEFAULT 0
) STRICT;

CREATE TABLE team_members (
	id         INTEGER PRIMARY KEY,
	team_id    INTEGER NOT NULL REFERENCES teams(id),
	key_hash   BLOB NOT NULL,
	name       TEXT NOT NULL,
	first_seen INTEGER NOT NULL,
	last_seen  INTEGER NOT NULL,
	UNIQUE (team_id, key_hash)
) STRICT;

CREATE TABLE practice_results (
	id          INTEGER PRIMARY KEY,
	team_id     INTEGER NOT NULL REFERENCES teams(id),
	member_id   INTEGER NOT NULL REFERENCES team_members(id),
	run_id      TEXT NOT NULL,
	scenario_id TEXT NOT NULL,
	language    TEXT NOT NULL,
	title       TEXT NOT NULL,
	situation   TEXT NOT NULL,
	archetype   TEXT NOT NULL,
	weights     TEXT NOT NULL,
	drift       TEXT NOT NULL,
	fitting     INTEGER NOT NULL,
	decisions   INTEGER NOT NULL,
	ending      TEXT NOT NULL,
	started_at  TEXT NOT NULL,
	finished_at TEXT NOT NULL,
	received_at INTEGER NOT NULL,
	client      TEXT NOT NULL,
	transcript  TEXT NOT NULL,
	report      TEXT NOT NULL,
	UNIQUE (team_id, member_id, run_id)
) STRICT;
CREATE INDEX practice_results_team ON practice_results(team_id, received_at);
CREATE INDEX practice_results_member ON practice_results(member_id, received_at);
CREATE INDEX practice_results_received ON practice_results(received_at);
`
