#!/usr/bin/env bash
# The demo: what the reference policy says, the one-line check a CI job would run, then a
# flood in 文登区 replayed through the engine, event by event (examples/incidents/), and a
# rainstorm warning for 文登区 imported from CAP 1.2 alerts, pushed on and acknowledged (3.3.1),
# and both read back from a journal as the scorecards of supervision (5.1).
#
#   scripts/demo.sh path/to/muster        (make demo passes build/muster)
set -euo pipefail

if [ $# -ne 1 ]; then
  echo "usage: $0 path/to/muster" >&2
  exit 2
fi
# Absolute, because the demo runs from the repository root so paths print as rules/….
muster="$(cd "$(dirname "$1")" && pwd)/$(basename "$1")"
if [ ! -x "$muster" ]; then
  echo "demo: $1 is not an executable (build first: make build)" >&2
  exit 1
fi
cd "$(dirname "${BASH_SOURCE[0]}")/.."

policy=rules/weihai.yaml
forces=rules/weihai-forces.yaml
incident=examples/incidents/wendeng-flood.jsonl

banner() {
  printf '\n==== %s\n' "$1"
  printf '$ %s\n\n' "$2"
}

banner "Muster $("$muster" --version): the Weihai joint-dispatch policy, read back rule by rule" \
       "muster summary $policy --forces $forces"
"$muster" summary "$policy" --forces "$forces"

banner "The same files checked as CI would: one line on success, every problem located on failure" \
       "muster validate $policy --forces $forces"
"$muster" validate "$policy" --forces "$forces"

banner "A flood in 文登区, July 2026, replayed: every effect the mechanism asks for, and the rule that asks" \
       "muster replay $policy --forces $forces $incident"
"$muster" replay "$policy" --forces "$forces" "$incident"

alerts=tests/cap/data
answers=examples/incidents/wendeng-rainstorm-answers.jsonl
banner "A rainstorm warning for 文登区 as the meteorological bureau sends it: a CAP 1.2 alert read as a warning event" \
       "muster cap import $alerts/wendeng-rainstorm-issue.xml --policy $policy"
"$muster" cap import "$alerts/wendeng-rainstorm-issue.xml" --policy "$policy"

thread="$(mktemp -t muster-demo-warning.XXXXXX)"
journal_dir="$(mktemp -d -t muster-demo-journal.XXXXXX)"
trap 'rm -f "$thread"; rm -rf "$journal_dir"' EXIT
{
  "$muster" cap import "$alerts/wendeng-rainstorm-issue.xml" --policy "$policy"
  cat "$answers"
  "$muster" cap import "$alerts/wendeng-rainstorm-update.xml" "$alerts/wendeng-rainstorm-cancel.xml" --policy "$policy"
} > "$thread"
banner "The warning replayed with its answers ($answers), then the update to red and the cancel: pushed on, acknowledged, silence climbing the ladder, standby, closed" \
       "muster replay $policy --forces $forces <the three alerts imported, the answers between them>"
"$muster" replay "$policy" --forces "$forces" "$thread"

# The warning and the flood recorded in one journal (replay --journal), then read back for the
# yearly assessment: who acknowledged orders how fast, who answered the warning, whose
# after-action report was late (docs/report.md).
journal="$journal_dir/wendeng.journal"
banner "The warning and the flood recorded in one journal, read back as scorecards (5.1): per jurisdiction and per force" \
       "muster replay … --journal wendeng.journal (the warning, then the flood); muster report wendeng.journal --policy $policy --forces $forces"
"$muster" replay "$policy" --forces "$forces" "$thread" --journal "$journal" > /dev/null
"$muster" replay "$policy" --forces "$forces" "$incident" --journal "$journal" > /dev/null
echo
"$muster" report "$journal" --policy "$policy" --forces "$forces"
