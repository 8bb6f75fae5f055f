"""Schedules from Python (roll-calls 3.2.2, drill report rounds 3.2.3): the calls a run makes as
typed effects, Engine.run and run_count, the worklist item, schedule.answer and unknown_run, on
the Weihai reference policy's schedules: block.

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
from test_muster import FORCES, POLICY  # noqa: E402

T0 = 1791594000  # 2026-10-10T09:00:00+08:00
ROLL_CALL = "2026-11-01T09:00:00+08:00"  # duty_roll_call: the 1st of the month at 09:00


class ScheduleTest(unittest.TestCase):
    def setUp(self) -> None:
        self.eng = muster.Engine.open(POLICY, FORCES)
        self.addCleanup(self.eng.close)

    def roll_call(self) -> muster.Outcome:
        # Start on 16 October, after the base-data upkeep run of the 15th (3.2.1): the roll-call is run 1.
        self.eng.submit({"id": "start", "kind": "clock.advance", "at": T0 + 6 * 86400})
        return self.eng.advance(ROLL_CALL)

    def test_a_run_calls_each_force_through_its_owner(self) -> None:
        self.assertEqual(self.eng.run_count(), 0)
        calls = [e for e in self.roll_call().effects if e.kind is muster.EffectKind.SCHEDULE_CALL]
        self.assertTrue(calls)
        call = next(e for e in calls if e.force == "wendeng_flood_team")
        self.assertIs(call.topic, muster.Topic.ANSWER_DUE)
        self.assertEqual((call.run, call.schedule, call.to, call.from_), (1, "duty_roll_call", "wendeng_water", "wendeng_fire"))
        self.assertEqual(call.at, ROLL_CALL)
        self.assertIsNotNone(call.due)
        self.assertEqual(self.eng.run_count(), 1)

    def test_run_and_answer(self) -> None:
        self.roll_call()
        run = self.eng.run(1)
        self.assertEqual((run["id"], run["schedule"], run["answer"], run["state"]), (1, "duty_roll_call", "acknowledge", "open"))
        self.assertEqual(run["opened_at"], ROLL_CALL)
        self.assertIsNone(run["closed_at"])
        (mine,) = [c for c in run["calls"] if c["force"] == "wendeng_flood_team"]
        self.assertEqual((mine["organisation"], mine["called_by"], mine["state"], mine["silences"]),
                         ("wendeng_water", "wendeng_fire", "pending", 0))
        self.assertIsNone(mine["answered_at"])

        (item,) = [w for w in self.eng.worklist("wendeng_water") if w["force"] == "wendeng_flood_team"]
        self.assertEqual((item["kind"], item["run"], item["schedule"]), ("schedule_answer", 1, "duty_roll_call"))
        self.assertEqual(item["due_unix"], mine["due_unix"])

        self.eng.submit({"id": "a1", "kind": "schedule.answer", "at": "2026-11-01T09:10:00+08:00", "actor": "wendeng_water",
                         "run": 1, "force": "wendeng_flood_team"}).raise_for_rejection()
        (mine,) = [c for c in self.eng.run(1)["calls"] if c["force"] == "wendeng_flood_team"]
        self.assertEqual((mine["state"], mine["answered_at"]), ("answered", "2026-11-01T09:10:00+08:00"))
        self.assertEqual([w for w in self.eng.worklist("wendeng_water") if w["force"] == "wendeng_flood_team"], [])

    def test_refusals(self) -> None:
        with self.assertRaises(muster.errors.NotFoundError) as caught:
            self.eng.run(1)
        self.assertIn("no run 1", str(caught.exception))
        with self.assertRaises(muster.errors.NotFoundError):
            self.eng.run(2**32)
        with self.assertRaises(TypeError):
            self.eng.run("1")  # type: ignore[arg-type]
        self.roll_call()
        outcome = self.eng.submit({"id": "a9", "kind": "schedule.answer", "at": "2026-11-01T09:10:00+08:00",
                                   "actor": "wendeng_water", "run": 9, "force": "wendeng_flood_team"})
        self.assertIs(outcome.reason, muster.RejectionReason.UNKNOWN_RUN)


if __name__ == "__main__":
    unittest.main()
