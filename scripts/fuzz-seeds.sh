#!/usr/bin/env bash
# Refreshes the fuzz seeds that pin the reference rules, after an edit of rules/weihai.yaml or
# rules/weihai-forces.yaml (docs/fuzzing.md): journals carry the policy's and the registry's
# digests, so seeds written under old rules only reach the fuzzer's header check.
#
#   scripts/fuzz-seeds.sh path/to/muster
#
# - policy/weihai.yaml and forces/weihai-forces.yaml: copies of the reference rules;
# - journal/{raw,chained}-12-events.journal and raw-header-only.journal: written again by
#   `muster replay --journal` from the first 12 events of examples/incidents/wendeng-flood.jsonl,
#   behind the mode byte ('0' keeps the bytes, '1' has the fuzzer re-hash the chain);
# - journal/{raw,chained}-segment-start.journal: the same events with --segment-bytes 4096, the
#   journal's own file (it starts at a `segment` record);
# - the other chained-*.journal seeds (hand-made damage): their header's digests re-pinned.
set -euo pipefail

if [ $# -ne 1 ] || [ ! -x "$1" ]; then
  echo "usage: $0 path/to/muster (built)" >&2
  exit 2
fi
muster="$(cd "$(dirname "$1")" && pwd)/$(basename "$1")"
cd "$(dirname "${BASH_SOURCE[0]}")/.."

policy=rules/weihai.yaml
forces=rules/weihai-forces.yaml
corpus=fuzz/corpus
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT

cp "$policy" "$corpus/policy/weihai.yaml"
cp "$forces" "$corpus/forces/weihai-forces.yaml"

# sed reads to the end (head would close the pipe early: a SIGPIPE to grep, which pipefail and
# set -e turned into a silent exit with the seeds half written).
grep -v '^[[:space:]]*#' examples/incidents/wendeng-flood.jsonl | grep -v '^[[:space:]]*$' | sed -n '1,12p' > "$work/events.jsonl"
"$muster" replay "$policy" --forces "$forces" "$work/events.jsonl" --journal "$work/j.journal" > /dev/null
{ printf 0; cat "$work/j.journal"; } > "$corpus/journal/raw-12-events.journal"
{ printf 1; cat "$work/j.journal"; } > "$corpus/journal/chained-12-events.journal"
{ printf 0; head -n 1 "$work/j.journal"; } > "$corpus/journal/raw-header-only.journal"
# The journal's own file after rotations: it starts at a `segment` record, as a compacted
# journal does (docs/journal.md "Segments").
"$muster" replay "$policy" --forces "$forces" "$work/events.jsonl" --journal "$work/s.journal" --segment-bytes 4096 > /dev/null
{ printf 0; cat "$work/s.journal"; } > "$corpus/journal/raw-segment-start.journal"
{ printf 1; cat "$work/s.journal"; } > "$corpus/journal/chained-segment-start.journal"

# The header's digests, as the fresh journal has them.
header="$(head -n 1 "$work/j.journal")"
policy_digest="$(sed -E 's/.*"policy":"([0-9a-f]{64})".*/\1/' <<< "$header")"
registry_digest="$(sed -E 's/.*"registry":"([0-9a-f]{64})".*/\1/' <<< "$header")"
for seed in "$corpus"/journal/chained-*.journal; do
  case "$(basename "$seed")" in chained-12-events.journal | chained-segment-start.journal) continue ;; esac
  sed -i -E "1s/\"policy\":\"[0-9a-f]{64}\"/\"policy\":\"$policy_digest\"/; 1s/\"registry\":\"[0-9a-f]{64}\"/\"registry\":\"$registry_digest\"/" "$seed"
done
echo "fuzz seeds pinned to policy sha256:${policy_digest:0:16}…, registry sha256:${registry_digest:0:16}…"
