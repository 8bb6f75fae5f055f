"""Engine.cap_import: CAP 1.2 alerts (tests/cap/data) as warning events under the engine's policy."""

from __future__ import annotations

import sys
import unittest
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parents[2]
sys.path.insert(0, str(HERE.parent))  # bindings/python, when PYTHONPATH does not say so

import muster  # noqa: E402

POLICY = ROOT / "rules" / "weihai.yaml"
FORCES = ROOT / "rules" / "weihai-forces.yaml"
DATA = ROOT / "tests" / "cap" / "data"


class CapImportTest(unittest.TestCase):
    def setUp(self) -> None:
        self.eng = muster.Engine.open(POLICY, FORCES)
        self.addCleanup(self.eng.close)

    def test_alert_for_wendeng_becomes_a_warning_the_engine_accepts(self) -> None:
        event, diagnostics = self.eng.cap_import((DATA / "wendeng-rainstorm-issue.xml").read_bytes())
        self.assertEqual(diagnostics, [])
        assert event is not None
        self.assertEqual(event["kind"], "warning.issue")
        self.assertEqual(event["id"], "cap:37100041600000_20260710055812_1")
        self.assertEqual(event["actor"], "weihai_meteo")
        self.assertEqual((event["hazard"], event["level"], event["area"]), ("rainstorm", "orange", ["wendeng"]))
        outcome = self.eng.submit(event)
        self.assertTrue(outcome.accepted)

    def test_text_and_the_actor(self) -> None:
        xml = (DATA / "forest-fire-severity.xml").read_text(encoding="utf-8")
        event, diagnostics = self.eng.cap_import(xml)
        self.assertIsNone(event)
        # No --actor and a sender that is no organisation; ("Forest Fire Danger" is no hazard name of the policy either)
        self.assertIn("unknown-sender", [d.code for d in diagnostics if d.is_error])
        event, _ = self.eng.cap_import(xml.replace("Forest Fire Danger", "森林火险"), actor="weihai_nrp")
        assert event is not None
        self.assertEqual((event["actor"], event["level"]), ("weihai_nrp", "red"))

    def test_hostile_alert_is_refused_with_its_place(self) -> None:
        event, diagnostics = self.eng.cap_import((DATA / "bad-billion-laughs.xml").read_bytes())
        self.assertIsNone(event)
        self.assertEqual(len(diagnostics), 1)
        self.assertEqual((diagnostics[0].code, diagnostics[0].line, diagnostics[0].column), ("doctype-refused", 2, 1))
        self.assertIn("doctype-refused", muster.error_last())


if __name__ == "__main__":
    unittest.main()
