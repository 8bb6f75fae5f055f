"""Worklists and the timer hook from Python (issue 14, item 1): Engine.worklist, open_incidents,
open_requests, open_orders and next_due over libmuster.so, on the Weihai reference policy.

    MUSTER_LIBRARY=build/bindings/c/libmuster.so PYTHONPATH=bindings/python \\
        python3 -m unittest discover -s bindings/python/tests -v
"""

from __future__ import annotations

import sys
import unittest
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent))

import muster  # noqa: E402
from test_muster import FORCES, INC, POLICY, approve, consent, draft, report  # noqa: E402

T0 = 1783645200  # 2026-07-10T09:00:00+08:00


class WorklistTest(unittest.TestCase):
    def setUp(self) -> None:
        self.eng = muster.Engine.open(POLICY, FORCES)
        self.addCleanup(self.eng.close)

    def test_each_organisation_sees_what_it_owes(self) -> None:
        self.assertIsNone(self.eng.next_due())
        self.assertEqual(self.eng.open_incidents(), [])
        self.eng.submit(report())
        self.eng.submit(draft())
        items = self.eng.worklist("wendeng_em")
        self.assertEqual(len(items), 1)
        self.assertEqual(items[0]["kind"], "approve")
        self.assertEqual(items[0]["incident"], INC)
        self.assertEqual((items[0]["request"], items[0]["chain"], items[0]["step"]), (1, "call_plan", "em_approval"))
        self.assertFalse(items[0]["overdue"])
        self.assertEqual(self.eng.next_due(), items[0]["due_unix"])
        self.assertEqual(self.eng.worklist("wendeng_fire"), [])  # the drafter owes nothing
        self.assertEqual([r["id"] for r in self.eng.open_requests()], [1])
        self.assertEqual([i["id"] for i in self.eng.open_incidents()], [INC])

        self.eng.submit(approve())  # flood season: the water bureau consents for its team
        self.assertEqual(self.eng.worklist("wendeng_em"), [])
        (item,) = self.eng.worklist("wendeng_water")
        self.assertEqual((item["kind"], item["force"]), ("consent", "wendeng_flood_team"))

        self.eng.submit(consent())
        self.assertEqual(self.eng.open_requests(), [])
        (order,) = self.eng.open_orders()
        self.assertEqual((order["id"], order["state"]), (1, "issued"))
        (item,) = self.eng.worklist("wendeng_water")
        self.assertEqual((item["kind"], item["order"]), ("order_ack", 1))
        due = self.eng.next_due()
        self.assertEqual(due, item["due_unix"])
        self.eng.advance(due)
        (item,) = self.eng.worklist("wendeng_water")
        self.assertTrue(item["overdue"])

    def test_refusals(self) -> None:
        with self.assertRaises(muster.errors.NotFoundError) as caught:
            self.eng.worklist("wendeng_emm")
        self.assertIn("no organisation 'wendeng_emm'", str(caught.exception))
        with self.assertRaises(muster.errors.InvalidArgumentError):
            self.eng.worklist("wendeng_em\0x")


class IncidentDialectTest(unittest.TestCase):
    """submit_batch reads an incident file's advance lines as muster replay does (issue 14)."""

    def setUp(self) -> None:
        self.eng = muster.Engine.open(POLICY, FORCES)
        self.addCleanup(self.eng.close)

    def test_advance_lines_move_the_clock(self) -> None:
        outcomes = self.eng.submit_batch([report(), draft(), {"advance": "+20m"}, '{"advance": "2026-07-10T10:00:00+08:00"}'])
        self.assertEqual(len(outcomes), 4)
        self.assertTrue(all(outcomes))
        self.assertIn("remind", [e.kind for e in outcomes[2].effects])  # em_approval went unanswered
        self.assertEqual(self.eng.now(), T0 + 3600)
        bad = self.eng.submit_batch([{"advance": "soon"}])
        self.assertFalse(bad[0].accepted)
        self.assertIn("not a time", bad[0].detail)

    def test_a_comment_would_get_no_outcome_and_is_refused(self) -> None:
        with self.assertRaises(muster.errors.InvalidArgumentError):
            self.eng.submit_batch([report(), "  # a comment"])
        self.assertEqual(self.eng.open_incidents(), [])  # nothing was sent


if __name__ == "__main__":
    unittest.main()
