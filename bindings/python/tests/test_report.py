"""5.1 scorecards from Python: muster.report over a journal the Engine wrote (the events of
tests/report/data/scorecard-year.jsonl), the same figures the C++ test works out, a period,
one grouping, and the refusals: a journal that does not verify, a bad option.

    MUSTER_LIBRARY=build/bindings/c/libmuster.so PYTHONPATH=bindings/python \\
        python3 -m unittest discover -s bindings/python/tests -v
"""

from __future__ import annotations

import json
import sys
import tempfile
import unittest
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent))

import muster  # noqa: E402
from test_muster import FORCES, POLICY  # noqa: E402

YEAR = HERE.parents[2] / "tests" / "report" / "data" / "scorecard-year.jsonl"


class ReportTest(unittest.TestCase):
    def setUp(self) -> None:
        if not YEAR.exists():
            self.skipTest(f"{YEAR} is not here (an installed wrapper without the repository)")
        tmp = tempfile.TemporaryDirectory()
        self.addCleanup(tmp.cleanup)
        self.journal = Path(tmp.name) / "year.journal"
        with muster.Engine.open(POLICY, FORCES, journal=self.journal, durability="every_event") as eng:
            for line in YEAR.read_text(encoding="utf-8").splitlines():
                if line.strip() and not line.startswith("#"):
                    self.assertTrue(eng.submit(json.loads(line)).accepted, line)

    def test_5_1_scorecard_figures(self) -> None:
        r = muster.report(POLICY, FORCES, self.journal)
        total = r["total"]
        self.assertEqual(total["orders"]["issued"], 4)
        self.assertEqual(total["orders"]["ack_latency"], {"count": 3, "p50": 360, "p90": 900, "max": 900})
        self.assertEqual(total["orders"]["declined"], 1)
        self.assertEqual(total["orders"]["overdue"], 1)
        self.assertEqual((total["roll_calls"]["on_time"], total["roll_calls"]["late"], total["roll_calls"]["missed"]), (1, 1, 52))
        self.assertEqual(total["warnings"]["on_time_percent"], 67)
        self.assertEqual(total["claims"]["settle_time"]["p50"], 2 * 86400)
        wendeng = next(j for j in r["jurisdictions"] if j["id"] == "wendeng")
        self.assertEqual(wendeng["name"], {"zh": "文登区", "en": "Wendeng District"})
        self.assertEqual(wendeng["orders"]["ack_latency"]["p50"], 120)
        self.assertIn("forces", r)

    def test_a_period_and_one_grouping(self) -> None:
        r = muster.report(POLICY, FORCES, self.journal, start="2026-10-01T00:00:00+08:00", by="force")
        self.assertEqual(r["from"], "2026-10-01T00:00:00+08:00")
        self.assertEqual(r["total"]["orders"]["issued"], 0)
        self.assertEqual(r["total"]["roll_calls"]["asked"], 54)
        self.assertNotIn("jurisdictions", r)

    def test_refusals(self) -> None:
        with self.assertRaises(muster.errors.InvalidArgumentError):
            muster.report(POLICY, FORCES, self.journal, by="county")
        with self.assertRaises(muster.errors.InvalidArgumentError):
            muster.report(POLICY, FORCES, self.journal, start="yesterday")
        data = self.journal.read_bytes().replace(b'"at":"2026-09-30T09:05:00+08:00"', b'"at":"2026-09-30T09:04:00+08:00"')
        self.journal.write_bytes(data)
        with self.assertRaises(muster.errors.JournalError) as caught:
            muster.report(POLICY, FORCES, self.journal)
        self.assertIn("journal-damaged: record", str(caught.exception))


if __name__ == "__main__":
    unittest.main()
