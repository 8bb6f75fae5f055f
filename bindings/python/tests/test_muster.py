"""Tests of the Python wrapper against libmuster.so and the Weihai reference policy.

    MUSTER_LIBRARY=build/bindings/c/libmuster.so PYTHONPATH=bindings/python \\
        python3 -m unittest discover -s bindings/python/tests -v

(ctest runs it as python.unit.) unittest only: the standard library is all it needs.
"""

from __future__ import annotations

import os
import re
import subprocess
import sys
import tempfile
import threading
import unittest
from pathlib import Path
from typing import Any, Dict, List

HERE = Path(__file__).resolve().parent
ROOT = HERE.parents[2]
sys.path.insert(0, str(HERE.parent))  # bindings/python, when PYTHONPATH does not say so

import muster  # noqa: E402
from muster import _native  # noqa: E402

POLICY = ROOT / "rules" / "weihai.yaml"
FORCES = ROOT / "rules" / "weihai-forces.yaml"
INC = "INC-2026-0710-01"


def report(event_id: str = "e1", incident: str = INC, at: str = "2026-07-10T09:00:00+08:00") -> Dict[str, Any]:
    """A general flood reported in Wendeng (flood season: consent is needed for forces)."""
    return {"id": event_id, "kind": "incident.report", "at": at, "actor": "wendeng_water", "incident": incident,
            "jurisdiction": "wendeng", "incident_type": "flood", "grade": "general"}


def draft(event_id: str = "e2", at: str = "2026-07-10T09:05:00+08:00") -> Dict[str, Any]:
    return {"id": event_id, "kind": "plan.draft", "at": at, "actor": "wendeng_fire", "incident": INC,
            "forces": ["wendeng_flood_team"]}


def approve(event_id: str = "e3", actor: str = "wendeng_em", at: str = "2026-07-10T09:08:00+08:00") -> Dict[str, Any]:
    return {"id": event_id, "kind": "request.approve", "at": at, "actor": actor, "incident": INC, "request": 1}


def consent(event_id: str = "e4", at: str = "2026-07-10T09:12:00+08:00") -> Dict[str, Any]:
    return {"id": event_id, "kind": "request.consent", "at": at, "actor": "wendeng_water", "incident": INC,
            "request": 1, "force": "wendeng_flood_team"}


def kinds(effects: List[Dict[str, Any]]) -> List[str]:
    return [e["kind"] for e in effects]


class EngineTestCase(unittest.TestCase):
    def setUp(self) -> None:
        self.eng = muster.Engine.open(POLICY, FORCES)
        self.addCleanup(self.eng.close)


class TestLibrary(unittest.TestCase):
    def test_version_is_the_projects(self) -> None:
        self.assertRegex(muster.version(), r"^\d+\.\d+\.\d+$")
        major, minor, patch = (int(x) for x in muster.version().split("."))
        self.assertEqual(muster.version_number(), major * 10000 + minor * 100 + patch)
        self.assertEqual(muster.__version__, muster.version())

    def test_library_found(self) -> None:
        self.assertTrue(muster.library_path())

    def test_bad_MUSTER_LIBRARY_is_an_error_not_a_fallback(self) -> None:
        env = dict(os.environ, MUSTER_LIBRARY=str(ROOT / "no-such-libmuster.so"),
                   PYTHONPATH=str(HERE.parent))
        run = subprocess.run([sys.executable, "-c", "import muster; muster.version()"], env=env,
                             capture_output=True, text=True)
        self.assertNotEqual(run.returncode, 0)
        self.assertIn("MUSTER_LIBRARY", run.stderr)


class TestValidate(unittest.TestCase):
    def test_reference_policy_is_valid(self) -> None:
        ok, diagnostics = muster.validate(POLICY, FORCES)
        self.assertTrue(ok, "\n".join(map(str, diagnostics)))
        self.assertFalse([d for d in diagnostics if d.is_error])
        ok, _ = muster.validate(str(POLICY))  # the policy alone, as a str
        self.assertTrue(ok)

    def broken_policy(self, directory: str) -> Path:
        text = POLICY.read_text(encoding="utf-8")
        wrong = text.replace("by: { role: emergency_management, of: command }",
                             "by: { role: emergency_mgmt, of: command }", 1)
        self.assertNotEqual(text, wrong)
        path = Path(directory) / "broken.yaml"
        path.write_text(wrong, encoding="utf-8")
        return path

    def test_broken_policy_reports_where_and_what(self) -> None:
        with tempfile.TemporaryDirectory() as d:
            broken = self.broken_policy(d)
            ok, diagnostics = muster.validate(broken)
            self.assertFalse(ok)
            errors = [x for x in diagnostics if x.is_error]
            self.assertTrue(errors)
            first = errors[0]
            self.assertEqual(first.code, "unknown-role")
            self.assertTrue(first.file.endswith("broken.yaml"))
            self.assertGreater(first.line, 0)
            self.assertIn("emergency_management", first.hint)
            self.assertRegex(str(first), r"broken\.yaml:\d+:\d+: unknown-role: ")

            # Opening an engine on it fails with the same diagnostics.
            with self.assertRaises(muster.PolicyError) as caught:
                muster.Engine.open(broken, FORCES)
            self.assertEqual(caught.exception.code, muster.errors.EPOLICY)
            self.assertIn("unknown-role", [x.code for x in caught.exception.diagnostics])

    def test_missing_file(self) -> None:
        ok, diagnostics = muster.validate(ROOT / "no-such-policy.yaml")
        self.assertFalse(ok)
        self.assertTrue(diagnostics)
        with self.assertRaises(muster.MusterError) as caught:
            muster.Engine.open(ROOT / "no-such-policy.yaml", FORCES)
        self.assertLess(caught.exception.code, 0)
        self.assertTrue(str(caught.exception))


class TestSubmit(EngineTestCase):
    def test_accepted_report_tells_who_commands(self) -> None:
        outcome = self.eng.submit(report())
        self.assertTrue(outcome.accepted)
        self.assertTrue(outcome)
        self.assertIsNone(outcome.rejection)
        self.assertEqual(outcome.status, muster.errors.OK)
        self.assertFalse(outcome.duplicate)
        self.assertIn("assign_command", kinds(outcome.effects))
        commands = {e["topic"]: e["to"] for e in outcome.effects if e["kind"] == "assign_command"}
        self.assertEqual(commands, {"coordinator": "wendeng_em", "commander": "wendeng_fire"})
        for effect in outcome.effects:
            self.assertTrue(effect["because"], effect)  # every effect names the rules behind it
        self.assertIn('"accepted":true', outcome.json)

    def test_one_input_moves_the_clock_at_most_max_clock_step(self) -> None:
        """Issue 10, item 8: 2062 for 2026 is a clock_jump that changes nothing; 0 lifts the bound."""
        self.eng.submit(report())
        before = self.eng.state_digest()
        jump = self.eng.advance("2062-07-10T09:00:00+08:00")
        self.assertEqual(jump.reason, "clock_jump")
        self.assertIn("is more than 31d after the engine's clock 2026-07-10T09:00:00+08:00", jump.detail)
        self.assertEqual(self.eng.state_digest(), before)
        with muster.Engine.open(POLICY, FORCES, max_clock_step=0) as free:
            free.submit(report())
            self.assertTrue(free.advance("2062-07-10T09:00:00+08:00").accepted)
        with self.assertRaises(ValueError):
            muster.Engine.open(POLICY, FORCES, max_clock_step=-5)

    def test_json_text_and_bytes_are_events_too(self) -> None:
        import json
        self.assertTrue(self.eng.submit(json.dumps(report())).accepted)
        self.assertTrue(self.eng.submit(json.dumps(report("e2", "INC-2")).encode()).accepted)

    def test_rejected_event_changes_nothing(self) -> None:
        self.eng.submit(report())
        self.eng.submit(draft())
        before = self.eng.state_digest()
        outcome = self.eng.submit(approve("e3", actor="weihai_transport"))
        self.assertFalse(outcome.accepted)
        self.assertEqual(outcome.status, muster.errors.EREJECTED)
        self.assertEqual(outcome.reason, "actor_lacks_role")
        self.assertTrue(outcome.detail)
        self.assertEqual(self.eng.state_digest(), before)
        with self.assertRaises(muster.RejectedError) as caught:
            outcome.raise_for_rejection()
        self.assertIs(caught.exception.outcome, outcome)

    def test_separation_of_duties(self) -> None:
        self.eng.submit(report())
        self.eng.submit(draft())
        outcome = self.eng.submit(approve("e3", actor="wendeng_fire"))  # the drafter
        self.assertFalse(outcome.accepted)
        self.assertIn(outcome.reason, ("separation_of_duties", "actor_lacks_role"))

    def test_malformed(self) -> None:
        for text in ["{not json", '{"id":"x","kind":"incident.report"}', "[]", ""]:
            with self.subTest(text=text):
                outcome = self.eng.submit(text)
                self.assertFalse(outcome.accepted)
                self.assertEqual(outcome.reason, "malformed")
                self.assertEqual(outcome.status, muster.errors.EMALFORMED)
                with self.assertRaises(muster.MalformedEventError):
                    outcome.raise_for_rejection()
        outcome = self.eng.submit(dict(report(), colour="red"))
        self.assertEqual(outcome.reason, "malformed")
        self.assertIn("colour", outcome.detail)
        outcome = self.eng.submit(dict(report(), grade="huge"))
        self.assertIn(outcome.reason, ("malformed", "unknown_reference"))
        self.assertIn("huge", outcome.detail)

    def test_14_every_outcome_that_is_not_ok_says_why(self) -> None:
        outcome = self.eng.submit('{"id":"x","kind":"incident.report"}')
        self.assertEqual(outcome.error, "muster_engine_submit: malformed event: 1:1: at: required by incident.report but missing")
        # The thread's last error still says it after the wrapper read the outcome.
        self.assertIn("at: required by incident.report but missing", muster.error_last())
        outcome = self.eng.submit({"id": "c1", "kind": "incident.conclude", "at": "2026-07-10T09:00:00+08:00",
                                   "actor": "wendeng_em", "incident": "NO-SUCH"})
        self.assertEqual(outcome.error, "muster_engine_submit: rejected: unknown_incident: no incident NO-SUCH")
        ok = self.eng.submit(report())
        self.assertEqual(ok.error, "")
        batch = self.eng.submit_batch([report("e9", "INC-9"), '{"id":"y"}'])
        self.assertEqual(batch[0].error, "")
        self.assertIn("malformed event: 1:", batch[1].error)
        self.assertIn("(line 2: event 2 of the batch's 2)", batch[1].error)

    def test_14_last_outcome_is_the_last_inputs_outcome_again(self) -> None:
        self.assertIsNone(self.eng.last_outcome())  # no input yet
        first = self.eng.submit(report())
        self.assertEqual(self.eng.last_outcome(), first)
        self.assertEqual(self.eng.last_outcome().effects[0].key, (first.seq, 0))
        rejected = self.eng.submit({"id": "c1", "kind": "incident.conclude", "at": "2026-07-10T09:00:00+08:00",
                                    "actor": "wendeng_em", "incident": "NO-SUCH"})
        last = self.eng.last_outcome()
        self.assertEqual(last, rejected)
        self.assertEqual(last.status, muster.errors.EREJECTED)
        self.assertEqual(last.reason, muster.RejectionReason.UNKNOWN_INCIDENT)
        self.assertEqual(last.error, rejected.error)
        advanced = self.eng.advance("2026-07-10T09:30:00+08:00")
        self.assertEqual(self.eng.last_outcome(), advanced)
        batch = self.eng.submit_batch([report("e9", "INC-9"), '{"id":"y"}'])
        last = self.eng.last_outcome()
        self.assertEqual(last, batch[-1])
        self.assertEqual(last.status, muster.errors.EMALFORMED)
        self.assertIn("(line 2: event 2 of the batch's 2)", last.error)

    def test_14_last_outcome_of_a_closed_engine_raises(self) -> None:
        self.eng.close()
        with self.assertRaises(muster.InvalidArgumentError):
            self.eng.last_outcome()

    def test_14_status_str(self) -> None:
        self.assertEqual(muster.status_str(muster.errors.OK), "ok")
        self.assertEqual(muster.status_str(muster.errors.EREJECTED), "rejected")
        self.assertEqual(muster.status_str(muster.errors.EMALFORMED), "malformed event")
        for code in (1, -10, 2**31 - 1, -2**31):
            self.assertEqual(muster.status_str(code), "unknown status")

    def test_unknown_incident(self) -> None:
        outcome = self.eng.submit({"id": "c1", "kind": "incident.conclude", "at": "2026-07-10T09:00:00+08:00",
                                   "actor": "wendeng_em", "incident": "NO-SUCH"})
        self.assertFalse(outcome.accepted)
        self.assertEqual(outcome.reason, "unknown_incident")
        with self.assertRaises(muster.NotFoundError) as caught:
            self.eng.incident("NO-SUCH")
        self.assertEqual(caught.exception.code, muster.errors.ENOTFOUND)
        self.assertIsInstance(caught.exception, LookupError)
        with self.assertRaises(muster.NotFoundError):
            self.eng.request(7)
        with self.assertRaises(muster.NotFoundError):
            self.eng.order(7)

    def test_duplicate_returns_the_first_outcome(self) -> None:
        first = self.eng.submit(report())
        again = self.eng.submit(report())
        self.assertTrue(again.duplicate)
        self.assertEqual(again.effects, first.effects)

    def test_whole_call_plan(self) -> None:
        self.eng.submit(report())
        drafted = self.eng.submit(draft())
        self.assertTrue(drafted.accepted, drafted.detail)
        self.assertIn("request_approval", kinds(drafted.effects))
        self.assertTrue(self.eng.submit(approve()).accepted)
        consented = self.eng.submit(consent())
        self.assertTrue(consented.accepted, consented.detail)
        orders = [e for e in consented.effects if e["kind"] == "issue_order"]
        self.assertEqual([(o["force"], o["order"]) for o in orders], [("wendeng_flood_team", 1)])
        ack = {"id": "e5", "kind": "order.ack", "at": "2026-07-10T09:15:00+08:00", "actor": "wendeng_water",
               "order": 1}
        self.assertTrue(self.eng.submit(ack).accepted)
        self.assertEqual(self.eng.order(1)["state"], "acknowledged")


    def test_effects_name_their_chain(self) -> None:
        self.eng.submit(report())
        drafted = self.eng.submit(draft())
        asked = [e for e in drafted.effects if e["kind"] == "request_approval"]
        self.assertEqual([(e["chain"], e["step"]) for e in asked], [("call_plan", "em_approval")])

    def test_chain_open_opens_any_chain_of_the_policy(self) -> None:
        # 4.1: the compensation chain is opened by name (chain.open), with what it is about: an
        # amount, and the force it is for, filed by that force's owner once the force has served.
        for event in (report(), draft(), approve(), consent()):
            self.assertTrue(self.eng.submit(event).accepted)
        claim = {"id": "c1", "kind": "chain.open", "at": "2026-07-10T10:00:00+08:00", "actor": "wendeng_water",
                 "incident": INC, "chain": "compensation", "forces": ["wendeng_flood_team"]}
        no_amount = self.eng.submit(claim)
        self.assertEqual(no_amount.reason, "malformed")
        opened = self.eng.submit(dict(claim, id="c2", amount=120000))
        self.assertTrue(opened.accepted, opened.detail)
        asked = [e for e in opened.effects if e["kind"] == "request_approval"]
        self.assertEqual([(e["to"], e["chain"], e["step"]) for e in asked], [("wendeng_em", "compensation", "em_review")])
        self.assertEqual(self.eng.request(2)["chain"], "compensation")
        self.assertEqual(self.eng.request(2)["forces"], ["wendeng_flood_team"])
        self.assertEqual(self.eng.incident(INC)["state"], "fire_led")  # a claim is not part of the response
        wrong_actor = self.eng.submit(dict(claim, id="c3", actor="wendeng_fire", amount=5))
        self.assertEqual(wrong_actor.reason, "actor_lacks_role")
        self.assertIn("wendeng_water does", wrong_actor.detail)
        never_served = self.eng.submit(dict(claim, id="c4", actor="sdhs_weihai", forces=["sdhs_weihai_clearance_team"], amount=5))
        self.assertEqual(never_served.reason, "force_not_deployed")
        self.assertEqual(never_served.reason, muster.RejectionReason.FORCE_NOT_DEPLOYED)
        unknown = self.eng.submit(dict(claim, id="c5", chain="compensaton", amount=5))
        self.assertEqual(unknown.reason, "malformed")  # the codec knows the policy's chains
        self.assertIn("compensation", unknown.detail)


class TestTypedEffects(EngineTestCase):
    def test_14_effects_are_typed_and_carry_seq_and_index(self) -> None:
        outcome = self.eng.submit(report())
        self.assertGreater(outcome.seq, 0)
        for i, e in enumerate(outcome.effects):
            self.assertIsInstance(e, muster.Effect)
            self.assertEqual(e.key, (outcome.seq, i))
            self.assertIsInstance(e.kind, muster.EffectKind)
            self.assertEqual(e.kind, e["kind"])           # the JSON as written stays readable
            self.assertEqual(e.to, e.get("to"))
            self.assertTrue(e.because and isinstance(e.because[0], muster.Rule) and e.because[0].line > 0)
        notices = [e for e in outcome.effects if e.kind is muster.EffectKind.NOTIFY]
        self.assertTrue(notices)
        self.assertIs(notices[0].topic, muster.Topic.INCIDENT_REPORTED)
        self.assertEqual(f"{notices[0].topic}", "incident_reported")
        drafted = self.eng.submit(draft())
        ask = next(e for e in drafted.effects if e.kind == muster.EffectKind.REQUEST_APPROVAL)
        self.assertEqual((ask.request, ask.to, ask.from_, ask.chain, ask.step), (1, "wendeng_em", "wendeng_fire", "call_plan",
                                                                               "em_approval"))
        self.assertIsNotNone(ask.due)

    def test_14_the_callback_gets_the_same_identity(self) -> None:
        seen: List[Any] = []
        self.eng.on_effect(seen.append)
        outcome = self.eng.submit(report())
        self.assertEqual([e.key for e in seen], [e.key for e in outcome.effects])
        self.assertEqual(seen, outcome.effects)

    def test_14_rejection_reasons_are_typed(self) -> None:
        self.eng.submit(report())
        outcome = self.eng.submit(report("e9"))
        self.assertIs(outcome.reason, muster.RejectionReason.INCIDENT_EXISTS)
        self.assertEqual(outcome.reason, "incident_exists")
        self.assertIsNone(self.eng.submit(draft()).reason)

    def test_14_enums_match_the_c_header_both_ways(self) -> None:
        """Each enum is exactly muster.h's list (which tests/c_api checks against the engine)."""
        header = (ROOT / "bindings" / "c" / "include" / "muster" / "muster.h").read_text(encoding="utf-8")
        for prefix, enum_type in (("MUSTER_EFFECT_", muster.EffectKind), ("MUSTER_TOPIC_", muster.Topic),
                                  ("MUSTER_REJECTION_", muster.RejectionReason)):
            with self.subTest(enum=enum_type.__name__):
                listed = re.findall(r"X\((" + prefix + r"\w+), (\d+), \"(\w+)\"\)", header)
                self.assertTrue(listed)
                self.assertEqual([(c[len(prefix):], int(v), n) for c, v, n in listed],
                                 [(m.name, i, m.value) for i, m in enumerate(enum_type)])
                # And the library names each value as the enum does.
                name_of = {muster.EffectKind: "muster_effect_kind_str", muster.Topic: "muster_topic_str",
                           muster.RejectionReason: "muster_rejection_str"}[enum_type]
                for i, m in enumerate(enum_type):
                    self.assertEqual(getattr(_native.lib(), name_of)(i).decode(), m.value)


class TestBatch(EngineTestCase):
    def test_each_event_is_answered_as_submit_answers_it(self) -> None:
        import json
        unknown = {"id": "c1", "kind": "incident.conclude", "at": "2026-07-10T09:06:00+08:00", "actor": "wendeng_em",
                   "incident": "NO-SUCH"}
        events: List[Any] = [report(), json.dumps(draft()), unknown, "{not json", json.dumps(approve()).encode(),
                             report(), consent()]
        outcomes = self.eng.submit_batch(iter(events))  # any iterable
        self.assertEqual(len(outcomes), len(events))
        with muster.Engine.open(POLICY, FORCES) as alone:
            want = [alone.submit(e) for e in events]
            self.assertEqual(self.eng.state_digest(), alone.state_digest())
        self.assertEqual([o.json for o in outcomes], [o.json for o in want])
        self.assertEqual([o.status for o in outcomes], [o.status for o in want])
        self.assertEqual([o.status for o in outcomes],
                         [muster.errors.OK, muster.errors.OK, muster.errors.EREJECTED, muster.errors.EMALFORMED,
                          muster.errors.OK, muster.errors.OK, muster.errors.OK])
        self.assertEqual(outcomes[2].reason, "unknown_incident")
        self.assertEqual(outcomes[3].reason, "malformed")
        self.assertTrue(outcomes[5].duplicate)
        self.assertFalse(all(outcomes))

    def test_lines_read_from_a_file_keep_their_line_ends(self) -> None:
        import json
        lines = [json.dumps(report()) + "\n", (json.dumps(draft()) + "\r\n").encode()]
        outcomes = self.eng.submit_batch(lines)
        self.assertEqual([o.status for o in outcomes], [muster.errors.OK, muster.errors.OK], [o.detail for o in outcomes])

    def test_empty(self) -> None:
        before = self.eng.state_digest()
        self.assertEqual(self.eng.submit_batch([]), [])
        self.assertEqual(self.eng.state_digest(), before)

    def test_an_event_that_is_not_one_line_is_refused_before_anything_is_sent(self) -> None:
        import json
        before = self.eng.state_digest()
        for bad in [json.dumps(report("e9", "INC-9"), indent=2), b'{"id":"x",\n"kind":"incident.report"}', "", " \t"]:
            with self.subTest(bad=bad):
                with self.assertRaises(ValueError) as caught:
                    self.eng.submit_batch([report(), bad])
                self.assertIsInstance(caught.exception, muster.InvalidArgumentError)
                self.assertIn("event 1", str(caught.exception))
                self.assertEqual(self.eng.state_digest(), before)  # not even the first was sent
        with self.assertRaises(TypeError):
            self.eng.submit_batch([report(), 42])  # type: ignore[list-item]
        # A newline inside a string value is escaped by json.dumps: one line, one outcome (whatever it says).
        self.assertEqual(len(self.eng.submit_batch([dict(report(), incident="INC\nTWO")])), 1)

    def test_closed_engine_raises(self) -> None:
        self.eng.close()
        with self.assertRaises(muster.InvalidArgumentError):
            self.eng.submit_batch([report()])

    def test_callback_sees_every_effect_in_order(self) -> None:
        seen: List[Dict[str, Any]] = []
        self.eng.on_effect(seen.append)
        outcomes = self.eng.submit_batch([report(), draft(), report(), report("e9", "INC-9", at="2026-07-10T09:10:00+08:00")])
        self.assertTrue(all(outcomes), [o.detail for o in outcomes])
        self.assertTrue(outcomes[2].duplicate)
        self.assertEqual(seen, [e for o in outcomes if not o.duplicate for e in o.effects])

    def test_callback_stop_and_exception(self) -> None:
        seen: List[str] = []

        def first_only(effect: Dict[str, Any]) -> Any:
            seen.append(effect["kind"])
            return muster.STOP

        self.eng.on_effect(first_only)
        outcomes = self.eng.submit_batch([report(), report("e9", "INC-9")])
        self.assertEqual(len(seen), 1)  # STOP skips the rest of the whole batch
        self.assertTrue(all(outcomes))
        self.assertEqual(self.eng.incident("INC-9")["id"], "INC-9")

        def broken(effect: Dict[str, Any]) -> None:
            raise KeyError("dispatch queue full")

        self.eng.on_effect(broken)
        with self.assertRaises(muster.CallbackError) as caught:
            self.eng.submit_batch([report("e10", "INC-10"), report("e11", "INC-11")])
        self.assertIsInstance(caught.exception.__cause__, KeyError)
        self.assertEqual(caught.exception.code, muster.errors.EUSER)
        self.assertEqual(len(caught.exception.outcomes), 2)  # type: ignore[attr-defined]
        self.assertTrue(all(caught.exception.outcomes))  # type: ignore[attr-defined]
        self.assertEqual(self.eng.incident("INC-11")["id"], "INC-11")  # every event applied

    def test_journal_replays_a_batch(self) -> None:
        with tempfile.TemporaryDirectory() as d:
            journal = Path(d) / "weihai.journal"
            with muster.Engine.open(POLICY, FORCES, journal=journal, durability="every_event") as eng:
                outcomes = eng.submit_batch([report(), draft(), approve(), "{garbled"])
                self.assertEqual([o.status for o in outcomes][-1], muster.errors.EMALFORMED)
                digest = eng.state_digest()
            with muster.Engine.open(POLICY, FORCES, journal=journal) as eng:
                self.assertEqual(eng.state_digest(), digest)
                self.assertEqual(eng.request(1)["step"], "authority_consent")


class TestTime(EngineTestCase):
    def test_silence_reminds_then_escalates(self) -> None:
        self.eng.submit(report())
        self.eng.submit(draft())
        reminded = self.eng.advance("2026-07-10T09:21:00+08:00")  # em_approval times out after 15m
        self.assertTrue(reminded.accepted)
        self.assertIn("remind", kinds(reminded.effects))
        escalated = self.eng.advance(self.eng.now() + 15 * 60)
        self.assertIn("escalate", kinds(escalated.effects))

    def test_time_forms_and_stale_time(self) -> None:
        from datetime import datetime, timezone
        self.eng.submit(report())
        start = self.eng.now()
        self.assertEqual(start, int(datetime(2026, 7, 10, 1, 0, tzinfo=timezone.utc).timestamp()))
        self.assertTrue(self.eng.advance(datetime(2026, 7, 10, 2, 0, tzinfo=timezone.utc)).accepted)
        self.assertEqual(self.eng.now(), start + 3600)
        stale = self.eng.advance(start)
        self.assertFalse(stale.accepted)
        self.assertEqual(stale.reason, "stale_time")
        with self.assertRaises(muster.InvalidArgumentError):
            self.eng.advance(datetime(2026, 7, 10, 12, 0))  # no time zone


    def test_14_times_beyond_0_to_9999_are_refused_not_wrapped(self) -> None:
        # ctypes had passed 2**64 + t on as t, and 2**63 as a negative time.
        self.eng.submit(report())
        t = self.eng.now() + 60
        for bad in (2**64 + t, 2**63, 253402300800, -1):
            with self.subTest(t=bad):
                with self.assertRaisesRegex(ValueError, r"0 \(1970-01-01T00:00:00Z\) … 253402300799 \(9999-12-31T23:59:59Z\)"):
                    self.eng.advance(bad)
        self.assertEqual(self.eng.now(), t - 60)  # nothing moved
        self.assertTrue(self.eng.advance(t).accepted)

class TestQueries(EngineTestCase):
    def test_incident_request_order_deadlines(self) -> None:
        self.eng.submit(report())
        self.eng.submit(draft())
        incident = self.eng.incident(INC)
        self.assertEqual(incident["state"], "fire_led")
        self.assertEqual(incident["jurisdiction"], "wendeng")
        self.assertEqual(incident["coordinator"], "wendeng_em")
        self.assertEqual(incident["requests"], [1])
        request = self.eng.request(1)
        self.assertEqual(request["state"], "awaiting")
        self.assertEqual(request["chain"], "call_plan")
        self.assertEqual(request["awaiting"], ["wendeng_em"])
        deadlines = self.eng.deadlines()
        self.assertTrue(deadlines)
        dues = [d["due"] for d in deadlines]
        self.assertEqual(dues, sorted(dues))
        self.eng.submit(approve())
        self.eng.submit(consent())
        order = self.eng.order(1)
        self.assertEqual(order["force"], "wendeng_flood_team")
        self.assertEqual(order["state"], "issued")

    def test_state_digest(self) -> None:
        empty = self.eng.state_digest()
        self.assertRegex(empty, r"^[0-9a-f]{64}$")
        self.eng.submit(report())
        self.assertNotEqual(self.eng.state_digest(), empty)
        with muster.Engine.open(POLICY, FORCES) as other:  # same inputs, same state
            other.submit(report())
            self.assertEqual(other.state_digest(), self.eng.state_digest())

    def test_small_buffers_are_retried_with_the_needed_size(self) -> None:
        self.eng.submit(report())
        self.eng.submit(draft())
        expected = self.eng.incident(INC)
        saved = _native._FIRST_CAPACITY
        _native._FIRST_CAPACITY = 8
        try:
            self.assertEqual(self.eng.incident(INC), expected)
            self.assertTrue(self.eng.deadlines())
            self.assertTrue(self.eng.submit(approve()).effects)  # the outcome's JSON too
            ok, _ = muster.validate(POLICY, FORCES)
            self.assertTrue(ok)
        finally:
            _native._FIRST_CAPACITY = saved


    def test_14_an_id_with_a_nul_is_refused_not_cut_short(self) -> None:
        # "INC\0junk" had reached C as "INC" and found that incident.
        self.eng.submit(report())
        with self.assertRaisesRegex(ValueError, "NUL at byte 16"):
            self.eng.incident(INC + "\0junk")
        with self.assertRaises(muster.NotFoundError):
            self.eng.incident(INC + "junk")
        self.assertEqual(self.eng.incident(INC)["jurisdiction"], "wendeng")

    def test_14_a_path_with_a_nul_is_refused_not_cut_short(self) -> None:
        with self.assertRaisesRegex(ValueError, "NUL"):
            muster.Engine.open(str(POLICY) + "\0junk", FORCES)
        with self.assertRaisesRegex(ValueError, "NUL"):
            muster.validate(POLICY, str(FORCES) + "\0junk")

class TestCallbacks(EngineTestCase):
    def test_each_effect_in_order(self) -> None:
        seen: List[Dict[str, Any]] = []
        self.eng.on_effect(seen.append)
        outcome = self.eng.submit(report())
        self.assertEqual(seen, outcome.effects)
        self.eng.on_effect(None)
        self.eng.submit(report("e2", "INC-2"))
        self.assertEqual(len(seen), len(outcome.effects))

    def test_timers_reach_the_callback(self) -> None:
        self.eng.submit(report())
        self.eng.submit(draft())
        seen: List[str] = []
        self.eng.on_effect(lambda e: seen.append(e["kind"]))
        outcome = self.eng.advance("2026-07-10T10:00:00+08:00")
        self.assertEqual(seen, kinds(outcome.effects))
        self.assertIn("remind", seen)

    def test_stop(self) -> None:
        seen: List[str] = []

        def first_only(effect: Dict[str, Any]) -> Any:
            seen.append(effect["kind"])
            return muster.STOP

        self.eng.on_effect(first_only)
        outcome = self.eng.submit(report())
        self.assertEqual(len(seen), 1)
        self.assertEqual(outcome.status, muster.errors.EUSER)
        self.assertGreater(len(outcome.effects), 1)  # the outcome holds them all
        self.assertTrue(self.eng.incident(INC))  # the event applied

    def test_an_exception_stops_delivery_and_is_reraised(self) -> None:
        def broken(effect: Dict[str, Any]) -> None:
            raise KeyError("dispatch queue full")

        self.eng.on_effect(broken)
        with self.assertRaises(muster.CallbackError) as caught:
            self.eng.submit(report())
        self.assertIsInstance(caught.exception.__cause__, KeyError)
        self.assertEqual(caught.exception.code, muster.errors.EUSER)
        self.assertTrue(caught.exception.outcome.accepted)
        self.assertEqual(self.eng.incident(INC)["id"], INC)  # the event applied all the same
        self.eng.on_effect(None)
        self.assertTrue(self.eng.submit(report("e9", "INC-9")).accepted)

    def test_threads_share_an_engine(self) -> None:
        count = [0]
        lock = threading.Lock()

        def counted(_: Dict[str, Any]) -> None:
            with lock:
                count[0] += 1

        self.eng.on_effect(counted)
        outcomes: List[muster.Outcome] = []

        def worker(n: int) -> None:
            for i in range(10):
                outcomes.append(self.eng.submit(report(f"t{n}-{i}", f"INC-{n}-{i}")))

        threads = [threading.Thread(target=worker, args=(n,)) for n in range(4)]
        for t in threads:
            t.start()
        for t in threads:
            t.join()
        self.assertEqual(len(outcomes), 40)
        self.assertEqual(count[0], sum(len(o.effects) for o in outcomes))


class TestLifeCycle(unittest.TestCase):
    def test_context_manager_closes(self) -> None:
        with muster.Engine.open(POLICY, FORCES) as eng:
            self.assertFalse(eng.closed)
            self.assertTrue(eng.submit(report()).accepted)
        self.assertTrue(eng.closed)
        with self.assertRaises(muster.InvalidArgumentError):
            eng.submit(report("e2"))
        with self.assertRaises(muster.InvalidArgumentError):
            eng.state_digest()
        eng.close()  # twice is harmless
        self.assertIn("closed", repr(eng))

    def test_bad_durability(self) -> None:
        with self.assertRaises(muster.InvalidArgumentError):
            muster.Engine.open(POLICY, FORCES, durability="sometimes")

    def test_14_a_postgresql_journal_without_a_partition_is_a_bad_argument(self) -> None:
        # Refused before any connection is made: no server needed.
        for journal in ("postgresql:///muster?host=/nonexistent", "postgresql:///muster#a b"):
            with self.subTest(journal=journal):
                with self.assertRaisesRegex(ValueError, "journal-location") as caught:
                    muster.Engine.open(POLICY, FORCES, journal=journal)
                self.assertIsInstance(caught.exception, muster.InvalidArgumentError)
                self.assertEqual(caught.exception.code, muster.errors.EINVAL)

    def test_14_options_beyond_their_c_types_are_refused_not_wrapped(self) -> None:
        # ctypes had stored batch_size=2**32 + 1 as 1.
        for options in ({"batch_size": 2**32 + 1}, {"batch_interval_us": -1}, {"queue_bytes": 2**64}):
            with self.subTest(**options):
                with self.assertRaisesRegex(ValueError, f"{next(iter(options))} is .*; expected 0 … "):
                    muster.Engine.open(POLICY, FORCES, **options)

    def test_journal_survives_reopen(self) -> None:
        with tempfile.TemporaryDirectory() as d:
            journal = Path(d) / "weihai.journal"
            with muster.Engine.open(POLICY, FORCES, journal=journal, durability="every_event") as eng:
                first = eng.submit(report())
                eng.submit(draft())
                eng.submit(approve())
                digest = eng.state_digest()
            self.assertTrue(journal.exists())
            with muster.Engine.open(POLICY, FORCES, journal=journal) as eng:
                self.assertEqual(eng.state_digest(), digest)
                self.assertEqual(eng.request(1)["step"], "authority_consent")
                again = eng.submit(report())  # seen before the reopen
                self.assertTrue(again.duplicate)
                self.assertEqual(again.effects, first.effects)
                self.assertTrue(eng.submit(consent()).accepted)

    def test_a_snapshot_shortens_reopening(self) -> None:
        with tempfile.TemporaryDirectory() as d:
            journal = Path(d) / "weihai.journal"
            with muster.Engine.open(POLICY, FORCES, journal=journal, durability="none") as eng:
                first = eng.submit(report())
                eng.submit(draft())
                eng.snapshot()
                eng.submit(approve())
                digest = eng.state_digest()
            self.assertEqual(len(list(Path(d).glob("weihai.journal.snapshot-*"))), 1)
            with muster.Engine.open(POLICY, FORCES, journal=journal, snapshot_every=1) as eng:
                rec = eng.recovery()
                self.assertGreater(rec["snapshot_seq"], 0)
                self.assertEqual(rec["events_replayed"], 1)  # the approval after the snapshot
                self.assertEqual(eng.state_digest(), digest)
                again = eng.submit(report())  # answered from the history the snapshot kept
                self.assertTrue(again.duplicate)
                self.assertEqual(again.effects, first.effects)
                self.assertEqual(rec["snapshot_note"], "")
            # A damaged snapshot is passed over, saying why, and the whole journal is replayed.
            for snap in Path(d).glob("weihai.journal.snapshot-*"):
                data = bytearray(snap.read_bytes())
                data[len(data) // 2] ^= 0xFF
                snap.write_bytes(bytes(data))
            with muster.Engine.open(POLICY, FORCES, journal=journal) as eng:
                rec = eng.recovery()
                self.assertEqual(rec["snapshot_seq"], 0)
                self.assertIn("its bytes are not those its journal record hashed", rec["snapshot_note"])
                self.assertEqual(eng.state_digest(), digest)
            with muster.Engine.open(POLICY, FORCES) as mem:
                with self.assertRaises(muster.InvalidArgumentError):
                    mem.snapshot()

    def test_flush_syncs_a_batch_journal(self) -> None:
        with tempfile.TemporaryDirectory() as d:
            journal = Path(d) / "weihai.journal"
            # An hour's batch interval: only the flush syncs (5 ms can pass on a loaded host).
            with muster.Engine.open(POLICY, FORCES, journal=journal, durability="batch",
                                    batch_interval_us=3_600_000_000) as eng:
                self.assertTrue(eng.submit(report()).accepted)
                nxt, durable = eng.journal_seq()  # the outcome is provisional: not synced yet
                self.assertEqual(durable, 1)      # the header only
                self.assertGreater(nxt, 2)
                eng.flush()
                self.assertEqual(eng.journal_seq(), (nxt, nxt))
                eng.flush(only_if_due=True)
                self.assertIn('"type":"event"', journal.read_text(encoding="utf-8"))
            with muster.Engine.open(POLICY, FORCES) as mem:
                self.assertEqual(mem.journal_seq(), (0, 0))

    def test_a_tiny_journal_queue_loses_nothing(self) -> None:
        with tempfile.TemporaryDirectory() as d:
            journal = Path(d) / "weihai.journal"
            with muster.Engine.open(POLICY, FORCES, journal=journal, durability="none", queue_bytes=1) as eng:
                outcomes = eng.submit_batch([report(f"e{i}", f"INC-{i}") for i in range(20)])
                self.assertTrue(all(outcomes))
                digest = eng.state_digest()
            with muster.Engine.open(POLICY, FORCES, journal=journal, durability="none") as again:
                self.assertEqual(again.state_digest(), digest)

    def test_journal_of_another_policy_is_refused(self) -> None:
        with tempfile.TemporaryDirectory() as d:
            journal = Path(d) / "weihai.journal"
            with muster.Engine.open(POLICY, FORCES, journal=journal, durability="none") as eng:
                eng.submit(report())
            other = Path(d) / "other.yaml"
            other.write_text(POLICY.read_text(encoding="utf-8").replace('version: "2026.1"', 'version: "2026.2"'),
                             encoding="utf-8")
            with self.assertRaises(muster.JournalError) as caught:
                muster.Engine.open(other, FORCES, journal=journal)
            self.assertEqual(caught.exception.code, muster.errors.EJOURNAL)
            self.assertTrue(caught.exception.message)
            self.assertEqual(muster.error_last(), caught.exception.message)

    def test_damaged_journal_is_refused(self) -> None:
        with tempfile.TemporaryDirectory() as d:
            journal = Path(d) / "weihai.journal"
            with muster.Engine.open(POLICY, FORCES, journal=journal, durability="none") as eng:
                for i in range(3):
                    eng.submit(report(f"e{i}", f"INC-{i}"))
            data = bytearray(journal.read_bytes())
            middle = len(data) // 2
            data[middle] ^= 0xFF  # a flipped byte before the last record
            journal.write_bytes(bytes(data))
            with self.assertRaises(muster.JournalError):
                muster.Engine.open(POLICY, FORCES, journal=journal)

    def test_rules_compiled_once_serve_several_engines(self) -> None:
        with muster.Rules(POLICY, FORCES) as rules:
            a = muster.Engine.open(rules)
            b = muster.Engine.open(rules)
        # The rules are closed; the engines go on.
        with a, b, muster.Engine.open(POLICY, FORCES) as alone:
            for eng in (a, b, alone):
                self.assertTrue(eng.submit(report("e1", "INC-1")).accepted)
            self.assertEqual(a.state_digest(), alone.state_digest())
            self.assertEqual(b.state_digest(), alone.state_digest())
        with self.assertRaises(muster.InvalidArgumentError):
            muster.Engine.open(rules)  # closed
        with self.assertRaises(muster.InvalidArgumentError):
            muster.Engine.open(muster.Rules(POLICY, FORCES), FORCES)
        with self.assertRaises(muster.PolicyError) as bad:
            muster.Rules(POLICY, Path(POLICY).parent / "no-such-forces.yaml")
        self.assertIn("muster_rules_compile", str(bad.exception))

    def test_recovery_is_reported_and_a_journal_short_of_the_expected_head_is_refused(self) -> None:
        with tempfile.TemporaryDirectory() as d:
            journal = Path(d) / "weihai.journal"
            with muster.Engine.open(POLICY, FORCES, journal=journal, durability="every_event") as eng:
                self.assertTrue(eng.recovery()["created"])
                eng.submit(report("e1", "INC-1"))
                after_e1 = journal.stat().st_size
                eng.submit(report("e2", "INC-2"))
                head = eng.journal_head()
            self.assertEqual(len(head[1]), 64)
            with muster.Engine.open(POLICY, FORCES, journal=journal, expected_head=head) as eng:
                rec = eng.recovery()
                self.assertEqual((rec["created"], rec["events_replayed"], rec["bytes_cut"]), (False, 2, 0))
                self.assertEqual(rec["head"], head)
                self.assertEqual((rec["torn_hole"], rec["registry_replaced"]), (False, False))
            # e2's records cut off at a record boundary: opens short without the head, refused with it.
            with open(journal, "r+b") as f:
                f.truncate(after_e1)
            with self.assertRaisesRegex(muster.JournalError, "journal-truncated"):
                muster.Engine.open(POLICY, FORCES, journal=journal, expected_head=head)
            with muster.Engine.open(POLICY, FORCES, journal=journal) as eng:
                self.assertEqual(eng.recovery()["events_replayed"], 1)
                self.assertLess(eng.recovery()["head"][0], head[0])
            # A power cut that lost pages of e2's first record and kept the rest: past the
            # head after e1, the hole ends the journal, and recovery says so.
            with muster.Engine.open(POLICY, FORCES, journal=journal, durability="every_event") as eng:
                head_e1 = eng.journal_head()
                eng.submit(report("e3", "INC-3"))
            data = bytearray(journal.read_bytes())
            data[after_e1 + 10:after_e1 + 50] = bytes(40)
            journal.write_bytes(bytes(data))
            with muster.Engine.open(POLICY, FORCES, journal=journal, expected_head=head_e1) as eng:
                rec = eng.recovery()
                self.assertTrue(rec["torn_hole"])
                self.assertEqual(rec["head"], head_e1)
            # Cut to nothing: damage, not a new journal.
            journal.write_bytes(b"")
            with self.assertRaisesRegex(muster.JournalError, "no complete header"):
                muster.Engine.open(POLICY, FORCES, journal=journal)
            self.assertEqual(journal.read_bytes(), b"")
            with self.assertRaises(ValueError):
                muster.Engine.open(POLICY, FORCES, journal=journal, expected_head=(1, "not a hash"))


class TestReplayExample(unittest.TestCase):
    def test_prints_a_timeline(self) -> None:
        events = ROOT / "examples" / "incidents" / "wendeng-flood.jsonl"
        if not events.exists():
            events = HERE / "fixtures" / "wendeng-mini.jsonl"
        env = dict(os.environ, PYTHONPATH=str(HERE.parent))
        run = subprocess.run([sys.executable, str(HERE.parent / "examples" / "replay_incident.py"), str(events)],
                             env=env, capture_output=True, text=True, timeout=120)
        self.assertEqual(run.returncode, 0, run.stderr)
        self.assertRegex(run.stdout, re.compile(r"incident\.report\s+\S+\s+ok"))
        self.assertRegex(run.stdout, r"\d+ accepted, \d+ rejected, \d+ effects")


if __name__ == "__main__":
    unittest.main()
