"""The live registry from Python (3.2.1, 3.2.2, 3.3.1): Engine.force shows a force of the Weihai
reference registry as force.update events, orders and red-warning standby leave it; unknown ids.

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

T0 = "2026-10-10T09:00:00+08:00"

FLOOD_TEAM = {
    "force": "wendeng_flood_team",
    "duty": "available",
    "personnel": 40,
    "data_updated": "2026-07-01",
    "equipment": [{"zh": "移动排涝泵", "en": "Mobile drainage pumps", "count": 10, "held": 0},
                  {"zh": "橡皮艇", "en": "Inflatable boat", "count": 3, "held": 0}],
    "materials": [{"zh": "编织袋", "en": "Woven bags", "count": 20000, "held": 0},
                  {"zh": "救生衣", "en": "Life jackets", "count": 150, "held": 0}],
    "order": None,
    "standby": None,
}


class ForceTest(unittest.TestCase):
    def setUp(self) -> None:
        self.eng = muster.Engine.open(POLICY, FORCES)
        self.addCleanup(self.eng.close)

    def test_as_the_registry_lists_it(self) -> None:
        self.assertEqual(self.eng.force("wendeng_flood_team"), FLOOD_TEAM)

    def test_force_update(self) -> None:
        self.eng.submit({"id": "u1", "kind": "force.update", "at": T0, "actor": "wendeng_water",
                         "force": "wendeng_flood_team", "duty": "maintenance", "item": "移动排涝泵",
                         "count": 6}).raise_for_rejection()
        pumps, boats = FLOOD_TEAM["equipment"]
        self.assertEqual(self.eng.force("wendeng_flood_team"),
                         dict(FLOOD_TEAM, duty="maintenance", data_updated="2026-10-10",
                              equipment=[dict(pumps, count=6), boats]))
        refused = self.eng.submit({"id": "u2", "kind": "force.update", "at": T0, "actor": "rushan_em",
                                   "force": "wendeng_flood_team", "duty": "available"})
        self.assertIs(refused.reason, muster.RejectionReason.ACTOR_LACKS_ROLE)
        self.assertEqual(self.eng.force("wendeng_flood_team")["duty"], "maintenance")

    def test_order_and_standby(self) -> None:
        self.eng.submit({"id": "e1", "kind": "incident.report", "at": T0, "actor": "wendeng_em", "incident": "INC-1",
                         "jurisdiction": "wendeng", "incident_type": "building_fire", "grade": "general"})
        self.eng.submit({"id": "e2", "kind": "plan.draft", "at": "2026-10-10T09:01:00+08:00", "actor": "wendeng_fire",
                         "incident": "INC-1", "forces": ["wendeng_fire_brigade"]}).raise_for_rejection()
        self.eng.submit({"id": "e3", "kind": "request.approve", "at": "2026-10-10T09:02:00+08:00", "actor": "wendeng_em",
                         "request": 1}).raise_for_rejection()
        self.assertEqual(self.eng.force("wendeng_fire_brigade")["order"], 1)

        self.eng.submit({"id": "w1", "kind": "warning.issue", "at": "2026-10-10T10:00:00+08:00", "actor": "weihai_meteo",
                         "warning": "W1", "hazard": "rainstorm", "level": "red", "area": ["wendeng"]}).raise_for_rejection()
        self.eng.submit({"id": "w2", "kind": "warning.acknowledge", "at": "2026-10-10T10:05:00+08:00",
                         "actor": "wendeng_fire", "warning": "W1"}).raise_for_rejection()
        self.assertEqual(self.eng.force("wendeng_flood_team")["standby"], "W1")
        self.eng.submit({"id": "w3", "kind": "warning.cancel", "at": "2026-10-10T11:00:00+08:00", "actor": "weihai_meteo",
                         "warning": "W2", "references": "W1"}).raise_for_rejection()
        self.assertIsNone(self.eng.force("wendeng_flood_team")["standby"])

    def test_unknown_ids(self) -> None:
        with self.assertRaises(muster.errors.NotFoundError) as caught:
            self.eng.force("wendeng_food_team")
        self.assertIn("no force 'wendeng_food_team' in the registry", str(caught.exception))
        with self.assertRaises(muster.errors.NotFoundError):
            self.eng.force("文登区防汛抢险队")  # a name, not an id
        with self.assertRaises(muster.errors.InvalidArgumentError):
            self.eng.force("wendeng_flood_team\0junk")


if __name__ == "__main__":
    unittest.main()
