"""Journal segments from Python: ``segment_bytes=`` rotates the journal file into sealed segments,
and :func:`muster.compact_journal` archives those behind a snapshot (docs/journal.md "Segments").

    MUSTER_LIBRARY=build/bindings/c/libmuster.so PYTHONPATH=bindings/python \\
        python3 -m unittest discover -s bindings/python/tests -v
"""

from __future__ import annotations

import sys
import tempfile
import unittest
from pathlib import Path
from typing import List

HERE = Path(__file__).resolve().parent
ROOT = HERE.parents[2]
sys.path.insert(0, str(HERE.parent))  # bindings/python, when PYTHONPATH does not say so

import muster  # noqa: E402

POLICY = ROOT / "rules" / "weihai.yaml"
FORCES = ROOT / "rules" / "weihai-forces.yaml"


def incident_lines() -> List[str]:
    """The bundled flood incident (the package's own fixture outside a checkout): its event and
    advance lines, comments and blank lines left out."""
    path = ROOT / "examples" / "incidents" / "wendeng-flood.jsonl"
    if not path.exists():
        path = HERE / "fixtures" / "wendeng-mini.jsonl"
    lines = path.read_text(encoding="utf-8").splitlines()
    return [line for line in lines if line.strip() and not line.lstrip().startswith("#")]


def feed(eng: muster.Engine, lines: List[str]) -> None:
    """One input per line, so a segment can be sealed after any of them."""
    for line in lines:
        (outcome,) = eng.submit_batch([line])
        outcome.raise_for_rejection()


def segments(directory: Path) -> List[Path]:
    return sorted(directory.glob("weihai.journal.segment-*"))


class SegmentsTest(unittest.TestCase):
    def setUp(self) -> None:
        self.dir = tempfile.TemporaryDirectory()
        self.addCleanup(self.dir.cleanup)
        self.d = Path(self.dir.name)
        self.journal = self.d / "weihai.journal"

    def test_segments_rotate_and_compact_keeps_the_state(self) -> None:
        lines = incident_lines()
        half = len(lines) // 2
        with muster.Engine.open(POLICY, FORCES, journal=self.journal, durability="none", segment_bytes=2048) as eng:
            feed(eng, lines[:half])
            eng.snapshot()
            feed(eng, lines[half:])
            digest = eng.state_digest()
        sealed = segments(self.d)
        self.assertGreaterEqual(len(sealed), 2)

        done = muster.compact_journal(POLICY, FORCES, self.journal)
        self.assertEqual(done["archive"], str(self.journal) + ".archive")
        self.assertGreater(done["snapshot_seq"], 0)
        self.assertGreaterEqual(done["archived"], 1)
        self.assertGreaterEqual(done["archived_bytes"], done["archived"] * 2048)
        self.assertTrue(0 < done["first_seq"] < done["snapshot_seq"])
        archived = sorted(Path(done["archive"]).glob("weihai.journal.segment-*"))
        self.assertEqual(len(archived), done["archived"])
        self.assertEqual(len(segments(self.d)), len(sealed) - done["archived"])

        with muster.Engine.open(POLICY, FORCES, journal=self.journal, segment_bytes=2048) as eng:
            self.assertEqual(eng.recovery()["snapshot_seq"], done["snapshot_seq"])
            self.assertEqual(eng.state_digest(), digest)

        # Again, with compiled rules and a named directory: nothing more lies behind the snapshot.
        with muster.Rules(POLICY, FORCES) as rules:
            again = muster.compact_journal(rules, None, self.journal, archive=self.d / "elsewhere")
        self.assertEqual((again["archived"], again["archived_bytes"]), (0, 0))
        self.assertEqual(again["first_seq"], done["first_seq"])
        self.assertEqual(again["snapshot_seq"], done["snapshot_seq"])

    def test_without_segment_bytes_one_file(self) -> None:
        with muster.Engine.open(POLICY, FORCES, journal=self.journal, durability="none") as eng:
            feed(eng, incident_lines())
        self.assertEqual(segments(self.d), [])

    def test_segment_bytes_is_checked_like_the_other_options(self) -> None:
        for bad in (-1, 2**64):
            with self.assertRaises(muster.InvalidArgumentError) as caught:
                muster.Engine.open(POLICY, FORCES, journal=self.journal, segment_bytes=bad)
            self.assertIn("segment_bytes", str(caught.exception))

    def test_refusals(self) -> None:
        with self.assertRaises(muster.JournalError) as caught:
            muster.compact_journal(POLICY, FORCES, self.d / "none.journal")
        self.assertIn("there is no journal here", str(caught.exception))

        with muster.Engine.open(POLICY, FORCES, journal=self.journal, durability="none", segment_bytes=1024) as eng:
            feed(eng, incident_lines()[:6])
            eng.flush()
            self.assertTrue(segments(self.d))
            with self.assertRaises(muster.JournalError) as caught:  # the engine holds the journal
                muster.compact_journal(POLICY, FORCES, self.journal)
            self.assertIn("in use", str(caught.exception))
        with self.assertRaises(muster.InvalidArgumentError) as caught:  # no snapshot yet
            muster.compact_journal(POLICY, FORCES, self.journal)
        self.assertIn("no snapshot opens this journal", str(caught.exception))
        self.assertFalse((self.d / "weihai.journal.archive").exists())

        with self.assertRaises(muster.InvalidArgumentError):
            muster.compact_journal(POLICY, None, self.journal)
        with muster.Rules(POLICY, FORCES) as rules:
            with self.assertRaises(muster.InvalidArgumentError):
                muster.compact_journal(rules, FORCES, self.journal)
        with self.assertRaises(muster.PolicyError):
            muster.compact_journal(FORCES, FORCES, self.journal)


if __name__ == "__main__":
    unittest.main()
