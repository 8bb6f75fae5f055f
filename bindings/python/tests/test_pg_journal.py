"""A journal in a PostgreSQL partition, from Python (docs/journal.md "PostgreSQL"): the same
``journal=`` argument, given ``postgresql://…#partition``. Runs against the test suite's own
server (ctest ``python.pg``, which sets MUSTER_TEST_PG to its libpq URI); skipped without it.

    MUSTER_TEST_PG='postgresql:///postgres?host=/tmp/…&user=muster' MUSTER_LIBRARY=build/bindings/c/libmuster.so \\
        PYTHONPATH=bindings/python python3 -m unittest bindings/python/tests/test_pg_journal.py -v
"""

from __future__ import annotations

import os
import sys
import unittest
import uuid
from pathlib import Path
from typing import List

HERE = Path(__file__).resolve().parent
ROOT = HERE.parents[2]
sys.path.insert(0, str(HERE.parent))  # bindings/python, when PYTHONPATH does not say so

import muster  # noqa: E402

POLICY = ROOT / "rules" / "weihai.yaml"
FORCES = ROOT / "rules" / "weihai-forces.yaml"
PG = os.environ.get("MUSTER_TEST_PG", "")


def incident_lines() -> List[str]:
    path = ROOT / "examples" / "incidents" / "wendeng-flood.jsonl"
    if not path.exists():
        path = HERE / "fixtures" / "wendeng-mini.jsonl"
    lines = path.read_text(encoding="utf-8").splitlines()
    return [line for line in lines if line.strip() and not line.lstrip().startswith("#")]


@unittest.skipUnless(PG, "MUSTER_TEST_PG is not set (ctest python.pg sets it to the suite's own PostgreSQL server)")
class PostgresJournalTest(unittest.TestCase):
    def setUp(self) -> None:
        # A partition of its own per test: runs never see each other's records.
        self.location = f"{PG}#py-{uuid.uuid4().hex[:12]}"

    def test_inputs_survive_reopening_and_a_snapshot_spares_the_replay(self) -> None:
        lines = incident_lines()
        half = len(lines) // 2
        with muster.Engine.open(POLICY, FORCES, journal=self.location, durability="batch") as eng:
            self.assertTrue(eng.recovery()["created"])
            for line in lines[:half]:
                eng.submit(line)
            eng.snapshot()
            for line in lines[half:]:
                eng.submit(line)
            eng.flush()
            digest = eng.state_digest()
            head = eng.journal_head()
        with muster.Engine.open(POLICY, FORCES, journal=self.location, expected_head=head) as eng:
            rec = eng.recovery()
            self.assertFalse(rec["created"])
            self.assertGreater(rec["snapshot_seq"], 0)
            self.assertEqual(rec["events_replayed"], len(lines) - half)
            self.assertEqual(eng.state_digest(), digest)
            # A repeated id is answered from what the partition recorded.
            again = eng.submit(lines[0])
            self.assertTrue(again.duplicate)
            self.assertEqual(eng.state_digest(), digest)

    def test_one_writer_per_partition(self) -> None:
        with muster.Engine.open(POLICY, FORCES, journal=self.location) as eng:
            eng.submit(incident_lines()[0])
            with self.assertRaises(muster.JournalError) as caught:
                muster.Engine.open(POLICY, FORCES, journal=self.location)
            self.assertIn("journal-locked", str(caught.exception))

    def test_a_head_the_partition_does_not_hold_is_refused(self) -> None:
        with muster.Engine.open(POLICY, FORCES, journal=self.location) as eng:
            eng.submit(incident_lines()[0])
            eng.flush()
            seq, _ = eng.journal_head()
        with self.assertRaises(muster.JournalError) as caught:
            muster.Engine.open(POLICY, FORCES, journal=self.location, expected_head=(seq, "0" * 64))
        self.assertIn("journal-head-mismatch", str(caught.exception))

    def test_a_location_without_a_partition_is_refused(self) -> None:
        with self.assertRaises(muster.MusterError) as caught:
            muster.Engine.open(POLICY, FORCES, journal=PG)
        self.assertIn("partition", str(caught.exception))


if __name__ == "__main__":
    unittest.main()
