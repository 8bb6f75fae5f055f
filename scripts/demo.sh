#!/usr/bin/env bash
# The demo: what the reference policy says, the one-line check a CI job would run, then a
# flood in 文登区 replayed through the engine, event by event (examples/incidents/).
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
