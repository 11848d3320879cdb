package cli

// What `scenario COMMAND --help` prints, one text per subcommand.

// wantsHelp reports whether the arguments of a subcommand ask for its
// help: -h or --help (or -help) anywhere before a "--".
func wantsHelp(args []string) bool {
	for _, a := range args {
		switch a {
		case "--":
			return false
		case "-h", "--help", "-help", "--h":
			return true
		}
	}
	return false
}

const checkHelp = `Usage: scenario check PATH... [--strict] [--json]

Validates scenario files and folders (searched recursively for *.toml; test
plans *.test.toml are skipped). Prints one line per problem:
  PATH:LINE:COL: message             an error: the file cannot be used
  PATH:LINE: warning: message        a warning: the file works, but look
then a summary. Besides the format, every valid file gets the item-writing
checks (docs/writing-scenarios.md, "Item-writing checks"): the best option
recognisable by its length or as the only one that owns the case, a
time_limit shorter than the time to read the node, text or tags that name
what fits, walk-outs that come out shock absorber or carry no weight,
endings no run enters, archetypes no path comes out as.

Translations: files checked together that share a situation (a file
without one is the situation named by its id) must score the same: the
same node ids in the same order, endings, fit, choices in the same order
with the same action, follow_up, mood, next, flags and drift, and the same
start, walkout and customer mood. Only texts differ, and time limits (a
node timed in one language is timed in all). Each difference is an error
at the translation's line, naming the reference file: the English one, or
the first by path when there is none. Check a situation's files together:
  scenario check library/x.toml library/x-es.toml     (or the folder)

Flags:
  --strict   every warning fails the check too (exit 1), the summary says
             how many; for a library that must be clean before it ships
  --json     print the diagnostics as one JSON object (for editors)

Exit codes: 0 no errors (and, with --strict, no warnings), 1 otherwise,
2 bad arguments.
`

const playHelp = `Usage: scenario play FILE [--choose 2,1,3] [--json]

Plays a scenario headless. With --choose it takes the given 1-based
indices among the choices shown at each node, in order; without it, it
asks at the prompt. Prints a readable transcript: each choice's action,
follow-up, whether it fits, the weights and the mood, then the ending,
the archetype and the drift.

Flags:
  --choose LIST   the choices to take, such as 2,1,3
  --json          print the play report as one JSON object (the same bytes
                  the game's --report and the panel store)

Exit codes: 0 an ending was reached, 1 invalid file (check's messages),
2 bad arguments, an index out of range, or choices that run out first.
`

const pathsHelp = `Usage: scenario paths FILE [--json]

Counts every complete path from start exactly (never one by one), by
ending and by archetype, with the best and worst path by shock-absorber
drift and the --choose list that replays each. A cycle is reported by
naming its nodes.

Flags:
  --json   print the counts as one JSON object, with how many paths enter
           each node (nodes)

Exit codes: 0 ok, 1 invalid file or a cycle, 2 bad arguments.
`

const schemaHelp = `Usage: scenario schema > scenario.schema.json

Prints the JSON Schema (draft 2020-12) of the scenario format, for
editors: with Even Better TOML (Taplo), a first line
  #:schema ./docs/scenario.schema.json
in a scenario file completes and checks its keys as you type.

Exit codes: 0 ok, 2 bad arguments.
`

const graphHelp = `Usage: scenario graph FILE [--format dot|mermaid] [--fenced] [--text] [--walkouts] [--width N]

Draws a scenario: endings coloured (green resolved, amber unresolved, red
lost), the start marked, each choice an edge labelled with its number, its
action and follow-up and a check mark when the action fits (fitting edges
bold and green); nodes and choices no run can reach dashed and grey. The
legend and labels follow the scenario's language (en, pt-BR, es; English
otherwise).

  scenario graph x.toml | dot -Tsvg > x.svg
  scenario graph x.toml --format mermaid > x.mmd && mmdc -i x.mmd -o x.svg
  scenario graph x.toml --format mermaid --fenced >> README.md

Flags:
  --format dot|mermaid   Graphviz DOT (default) or a Mermaid flowchart
  --fenced               with mermaid: inside a Markdown code fence
                         (for a page; mmdc wants it bare, the default)
  --text                 add the first words of every text
  --width N              how many characters of text (default 40)
  --walkouts             add an edge to a "walks out" node from every
                         choice that can bring the mood to 0

Exit codes: 0 ok, 1 invalid file, 2 bad arguments.
`

const newHelp = `Usage: scenario new ID [--title T] [--lang L] [--schema PATH] [-o FILE]
       scenario new --from FILE --lang L [-o OUT]

Writes a commented starter scenario (ID.toml, or -o FILE; -o - prints it)
that passes check --strict and has a path on which the shock absorber
wins. Its texts and comments are in English, Brazilian Portuguese
(--lang pt-BR) or Spanish (--lang es); other languages get the English
texts to replace, and say so.

With --from FILE it starts a translation of FILE into L instead: the same
structure, the id with L's suffix (x -> x-es, x-pt-br -> x-es), situation
set to FILE's (or FILE's id), language L, and every text kept with the
original in a "# translate (en): ..." comment above it. Translate the
texts, delete those comments, then check both together:
  scenario check FILE OUT
The output goes beside FILE unless -o says otherwise.

It never overwrites a file.

Flags:
  --title T       the scenario's title (default: made from the id)
  --lang L        the language, a BCP 47 tag (default en)
  --from FILE     start a translation of FILE (needs --lang)
  --schema PATH   add a "#:schema PATH" first line for editors
  -o FILE         where to write ("-" for standard output)

Exit codes: 0 written, 1 FILE is invalid, 2 bad arguments or the output
exists.
`

const testHelp = `Usage: scenario test FILE... [--run TEXT] [-v]

Runs transcript test plans (*.test.toml): each case plays its choices and
compares the ending, archetype, mood, drift, path or walk-out with what it
expects. FILE is a plan, a folder (searched for *.test.toml) or a scenario
with its plan beside it (x.toml -> x.test.toml). Output reads like go test.

Flags:
  --run TEXT   run only the cases whose name contains TEXT
  -v           show the path of every passing case

Exit codes: 0 every case passed, 1 a case failed or a plan has errors,
2 bad arguments.
`

const playtestHelp = `Usage: scenario playtest FILE [--runs N] [--seed S] [--json]
       scenario playtest --personas PATH... [--runs N] [--q Q] [--seed S] [--lang TAG] [--min-recall X] [--json]

Plays a scenario N times at random (reproducibly for a seed) and reports
the endings, the archetypes and the nodes and choices no run reached.

With --personas, simulated players of every archetype (and the strategies
random, longest and first) play the set PATH... (files, folders or an
assessment configuration .json) as one assessment per language, and the
report says how often each archetype is recognised.

Flags:
  --runs N         runs per player (default 1000)
  --seed S         the random seed (default 1)
  --json           print the report as one JSON object
  --personas       play personas over a set
  --q Q            with --personas: how often a persona takes a choice
                   that feeds its archetype (default 0.8)
  --lang TAG       with --personas: only the set's files in TAG
  --min-recall X   with --personas: exit 1 when an archetype is recognised
                   less often than X (0 to 1)

Exit codes: 0 ok, 1 invalid files (or a recall under --min-recall),
2 bad arguments.
`

const reportHelp = `Usage: scenario report PATH... [--actor mailto:x@y] [--base IRI] [--timestamp T] [--scenarios PATHS] [-o out.json]

Turns play reports (scenario play --json; files or folders of them), or the
panel's JSON export, into xAPI statements for an LMS: one "answered" per
step and one "completed" per run. When the report's scenario is known (the
bundled library, or --scenarios) each decision is a choice interaction: the
node's text as its description, the options shown as its choices, the ones
that fit and own the case as correct responses, the option taken as the
response and success when it was correct. From a panel export the
statements carry the run's own clock: each is stamped when its step was
answered (the submission's start plus the transcript's timings), with the
step's time as result.duration and the run's as the completion's, and the
candidate as the actor unless --actor is given. Statement ids come from the
content, so converting the same files twice gives the same ids.

Flags:
  --actor ID       mailto:ana@example.com or account:HOMEPAGE#NAME
                   (default: an anonymous account)
  --base IRI       where activities are named (default the example one)
  --timestamp T    an RFC 3339 time for reports without a clock (default:
                   each report file's modification time)
  --scenarios P    scenario files or folders, comma-separated, besides the
                   bundled library
  -o FILE          write the statements to FILE instead of standard output

Exit codes: 0 ok, 1 a file is not a play report or a panel export, 2 bad
arguments.
`

const packageHelp = `Usage: scenario package --format scorm12|scorm2004|cmi5 -o course.zip FILE... [flags]

Writes a course package an LMS imports: the browser practice game with the
scenarios given (files, or folders searched for *.toml), a launch page, and
imsmanifest.xml (SCORM 1.2, SCORM 2004 4th edition) or cmi5.xml (cmi5).
The learner picks among those scenarios only, with the game's coaching.
The package reports to the LMS:

  completion   every situation played to an ending (the files of one
               situation in several languages count once)
  score        the mean over the situations of the shock absorber's share
               of the drift in the last run of each, 0..1
  success      with a mastery score: passed when the score reaches it;
               without: passed when the last run of every situation ended
               resolved with a clear shock-absorber drift
  interactions one per decision: a choice, its options, the response,
               correct when it fits and owns the case (scoring v2), latency
  session time

Flags:
  --format F       scorm12, scorm2004 or cmi5 (required)
  -o FILE          the zip to write (required)
  --title T        the course's title (default: the scenarios' titles)
  --id IRI         the course's id (default: made from --base and the
                   scenario ids, the same for the same scenarios)
  --base IRI       where activities and extensions are named, as for report
  --mastery X      a passing score between 0 and 1 (in the manifest; an LMS
                   that passes its own wins)
  --wasm FILE      the browser game built by scripts/build-web.sh
                   (web/game.wasm); wasm_exec.js is taken from beside it.
                   Without --wasm the game is built with go build, which
                   needs the Shock Absorber source (the current folder)
  --wasm-exec FILE the wasm_exec.js of the Go that built --wasm

Exit codes: 0 written, 1 invalid scenario files or a failed build, 2 bad
arguments.
`
