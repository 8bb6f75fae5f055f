#!/usr/bin/env python3
"""Replays an incident (one JSON event per line) through the engine and prints a short timeline.

    python3 bindings/python/examples/replay_incident.py [EVENTS.jsonl] [--policy P] [--forces F]

EVENTS defaults to examples/incidents/wendeng-flood.jsonl; P and F to the Weihai reference
policy. Each event prints one line (time, kind, actor, verdict), then one line per effect:
what must happen next and to whom. Needs libmuster.so: set MUSTER_LIBRARY, or build the
repository (the wrapper also looks in build*/), with PYTHONPATH=bindings/python.
"""

from __future__ import annotations

import argparse
import json
import sys
from datetime import datetime, timedelta, timezone
from pathlib import Path
from typing import Any, Dict

import muster

ROOT = Path(__file__).resolve().parents[3]


def clock(value: Any, tz: timezone) -> str:
    """'07-10 09:05' from an RFC 3339 string or seconds since 1970."""
    if isinstance(value, str):
        t = datetime.fromisoformat(value.replace("Z", "+00:00"))
    else:
        t = datetime.fromtimestamp(int(value), tz)
    return t.strftime("%m-%d %H:%M")


def describe(effect: Dict[str, Any]) -> str:
    """One effect in a line: kind [topic] → addressee (force, request/order), due."""
    parts = [effect["kind"]]
    if "topic" in effect:
        parts.append(f"[{effect['topic']}]")
    if "to" in effect:
        parts.append(f"→ {effect['to']} ({effect.get('to_name', '')})".replace(" ()", ""))
    if "force" in effect:
        parts.append(f"force {effect['force']}")
    for ref in ("request", "order"):
        if ref in effect:
            parts.append(f"{ref} {effect[ref]}")
    if "due" in effect:
        parts.append(f"due {clock(effect['due'], timezone.utc)}")
    return " ".join(parts)


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("events", nargs="?", type=Path, default=ROOT / "examples" / "incidents" / "wendeng-flood.jsonl")
    parser.add_argument("--policy", type=Path, default=ROOT / "rules" / "weihai.yaml")
    parser.add_argument("--forces", type=Path, default=ROOT / "rules" / "weihai-forces.yaml")
    args = parser.parse_args(argv)

    tz = timezone(timedelta(hours=8))  # for events given in seconds; the Weihai policy's zone
    accepted = rejected = effects = 0
    with muster.Engine.open(args.policy, args.forces) as eng, args.events.open(encoding="utf-8") as lines:
        for number, line in enumerate(lines, 1):
            line = line.strip()
            if not line or line.startswith("#"):
                continue
            try:
                event = json.loads(line)
            except json.JSONDecodeError:
                event = {}  # the engine says what is wrong with it
            outcome = eng.submit(line)
            when = clock(event["at"], tz) if "at" in event else "??"
            head = f"{when}  {event.get('kind', '?'):<22} {event.get('actor', ''):<16}"
            if outcome.accepted:
                accepted += 1
                print(f"{head} ok")
            else:
                rejected += 1
                print(f"{head} REJECTED {outcome.reason}: {outcome.detail}  (line {number})")
            for effect in outcome.effects:  # timers that fired first, then the event's own
                effects += 1
                print(f"{'':13}{describe(effect)}")
        print(f"{accepted} accepted, {rejected} rejected, {effects} effects; "
              f"{len(eng.deadlines())} deadline(s) pending; state {eng.state_digest()[:12]}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
