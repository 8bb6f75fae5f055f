"""Values returned by the wrapper: outcomes of events, typed effects, the engine's vocabularies
(effect kinds, topics, rejection reasons: muster.h's MUSTER_EFFECT_*, _TOPIC_*, _REJECTION_*)
and compiler diagnostics."""

from __future__ import annotations

import enum
import json as _json
from dataclasses import dataclass, field
from typing import Any, Dict, List, Mapping, Optional, Tuple, Type, TypeVar, Union

from . import errors

class _Name(str, enum.Enum):
    """A name of the engine's: compares, prints and formats as the string JSON spells."""

    def __str__(self) -> str:
        return str(self.value)

    def __format__(self, spec: str) -> str:
        return format(str(self.value), spec)


class EffectKind(_Name):
    """What an effect asks of the host: ``MUSTER_EFFECT_*`` of muster.h, by the name JSON spells.
    A ``str``, so ``EffectKind.NOTIFY == "notify"``."""

    NOTIFY = "notify"
    ASSIGN_COMMAND = "assign_command"
    REQUEST_APPROVAL = "request_approval"
    REQUEST_CONSENT = "request_consent"
    ISSUE_ORDER = "issue_order"
    FILE_RECORD = "file_record"
    ESCALATE = "escalate"
    REMIND = "remind"
    PROPOSE_FORCE = "propose_force"
    PROPOSE_SUBSTITUTE = "propose_substitute"
    REQUEST_REPORT = "request_report"
    REQUEST_SUPPORT = "request_support"
    REQUEST_ACKNOWLEDGEMENT = "request_acknowledgement"
    REQUEST_SUBMISSION = "request_submission"
    WARNING_NOTICE = "warning_notice"
    STANDBY = "standby"
    SCHEDULE_CALL = "schedule_call"


class Topic(_Name):
    """What a notify, remind or escalate is about: ``MUSTER_TOPIC_*`` of muster.h."""

    NONE = "none"
    INCIDENT_REPORTED = "incident_reported"
    INCIDENT_COPIED = "incident_copied"
    FIRST_RESPONSE = "first_response"
    REGRADED = "regraded"
    COMMAND_MOVED = "command_moved"
    HQ_ESTABLISHED = "hq_established"
    CONCLUDED = "concluded"
    CLOSED = "closed"
    REQUEST_OPENED = "request_opened"
    REQUEST_APPROVED = "request_approved"
    REQUEST_REJECTED = "request_rejected"
    REQUEST_WITHDRAWN = "request_withdrawn"
    REQUEST_EXPIRED = "request_expired"
    REQUEST_FAILED = "request_failed"
    FORCE_DROPPED = "force_dropped"
    STEP_OVERDUE = "step_overdue"
    ORDER_OVERDUE = "order_overdue"
    ORDER_DECLINED = "order_declined"
    REPORT_OVERDUE = "report_overdue"
    COORDINATOR = "coordinator"
    COMMANDER = "commander"
    PERIOD_DECLARED = "period_declared"
    PERIOD_ENDED = "period_ended"
    BREAK_GLASS = "break_glass"
    FLAG_SET = "flag_set"
    FLAG_CLEARED = "flag_cleared"
    WARNING_ISSUED = "warning_issued"
    WARNING_UPDATED = "warning_updated"
    WARNING_CANCELLED = "warning_cancelled"
    WARNING_EXPIRED = "warning_expired"
    WARNING_UNACKNOWLEDGED = "warning_unacknowledged"
    SITUATION_UPDATED = "situation_updated"
    FORCE_IN_DRILL = "force_in_drill"
    ANSWER_DUE = "answer_due"
    REPORT_DUE = "report_due"
    CALL_UNANSWERED = "call_unanswered"
    REQUEST_REDUCED = "request_reduced"
    STOCK_RELEASED = "stock_released"
    FORCE_STATUS_CHANGED = "force_status_changed"
    CALL_ANSWERED = "call_answered"


class RejectionReason(_Name):
    """Why an event was rejected: ``MUSTER_REJECTION_*`` of muster.h (``NONE`` when accepted)."""

    NONE = "none"
    MALFORMED = "malformed"
    UNKNOWN_INCIDENT = "unknown_incident"
    UNKNOWN_REQUEST = "unknown_request"
    UNKNOWN_ORDER = "unknown_order"
    UNKNOWN_FORCE = "unknown_force"
    UNKNOWN_ORGANISATION = "unknown_organisation"
    UNKNOWN_REFERENCE = "unknown_reference"
    INCIDENT_EXISTS = "incident_exists"
    NOT_ALLOWED_IN_STATE = "not_allowed_in_state"
    ACTOR_LACKS_ROLE = "actor_lacks_role"
    SEPARATION_OF_DUTIES = "separation_of_duties"
    STALE_TIME = "stale_time"
    FORCE_COMMITTED = "force_committed"
    NO_FORCES = "no_forces"
    NO_UPPER_LEVEL = "no_upper_level"
    BREAK_GLASS_NEEDS_REASON = "break_glass_needs_reason"
    WRONG_INCIDENT = "wrong_incident"
    FORCE_IN_OWN_JURISDICTION = "force_in_own_jurisdiction"
    CLOCK_JUMP = "clock_jump"
    INTERNAL_ERROR = "internal_error"
    UNKNOWN_WARNING = "unknown_warning"
    WARNING_EXISTS = "warning_exists"
    UNKNOWN_RUN = "unknown_run"
    FORCE_CHECK_FAILED = "force_check_failed"
    FORCE_NOT_DEPLOYED = "force_not_deployed"
    INSUFFICIENT_STOCK = "insufficient_stock"
    BEYOND_RETENTION = "beyond_retention"


_E = TypeVar("_E", bound=enum.Enum)


def _member(cls: Type[_E], value: Any) -> Union[_E, str, None]:
    """``cls(value)``; a name this wrapper does not know yet (a newer library) stays a ``str``."""
    if value is None:
        return None
    try:
        return cls(value)
    except ValueError:
        return str(value)


@dataclass(frozen=True)
class Rule:
    """A rule of the policy an effect or rejection cites: id, where it is, the clauses it names."""

    rule: str
    file: str = ""
    line: int = 0
    column: int = 0
    clauses: Tuple[str, ...] = ()

    @classmethod
    def from_dict(cls, d: Mapping[str, Any]) -> "Rule":
        return cls(rule=str(d.get("rule", "")), file=str(d.get("file") or ""), line=int(d.get("line") or 0),
                   column=int(d.get("column") or 0), clauses=tuple(str(c) for c in d.get("clauses") or ()))


@dataclass(frozen=True)
class Effect:
    """One effect, as the engine writes it (docs/events.md), typed.

    ``(seq, index)`` names it exactly once across the engine's life, restarts included: the
    outcome's seq and the effect's place in it, the key an outbox delivers by.

    Fields that are none are ``None``. ``from_`` is JSON's ``from``. ``kind`` and ``topic`` are
    enum members (a plain ``str`` for a name newer than this wrapper). Mapping access reads the
    JSON as written: ``effect["kind"]``, ``effect.get("to")``, ``effect.json``.
    """

    kind: Union[EffectKind, str]
    seq: int
    index: int
    topic: Union[Topic, str, None] = None
    incident: Optional[str] = None
    request: Optional[int] = None
    order: Optional[int] = None
    run: Optional[int] = None
    to: Optional[str] = None
    to_name: Optional[str] = None
    from_: Optional[str] = None
    from_name: Optional[str] = None
    via: Optional[str] = None
    via_name: Optional[str] = None
    force: Optional[str] = None
    force_name: Optional[str] = None
    chain: Optional[str] = None
    step: Optional[str] = None
    schedule: Optional[str] = None
    flag: Optional[str] = None
    grade: Optional[str] = None
    warning: Optional[str] = None
    hazard: Optional[str] = None
    level: Optional[str] = None
    quantity: Optional[int] = None
    amount: Optional[int] = None
    item: Optional[str] = None
    exercise: bool = False
    at: Optional[str] = None
    due: Optional[str] = None
    because: Tuple[Rule, ...] = ()
    json: Mapping[str, Any] = field(default_factory=dict, compare=False, repr=False)

    @classmethod
    def from_dict(cls, d: Mapping[str, Any], seq: int, index: int) -> "Effect":
        """Builds an effect from its JSON object and its identity."""
        def text(key: str) -> Optional[str]:
            v = d.get(key)
            return None if v is None else str(v)

        def number(key: str) -> Optional[int]:
            v = d.get(key)
            return None if v is None else int(v)

        return cls(kind=_member(EffectKind, d.get("kind")) or "", seq=seq, index=index,
                   topic=_member(Topic, d.get("topic")), incident=text("incident"), request=number("request"),
                   order=number("order"), run=number("run"), to=text("to"), to_name=text("to_name"), from_=text("from"),
                   from_name=text("from_name"), via=text("via"), via_name=text("via_name"), force=text("force"),
                   force_name=text("force_name"), chain=text("chain"), step=text("step"), schedule=text("schedule"), flag=text("flag"),
                   grade=text("grade"), warning=text("warning"), hazard=text("hazard"), level=text("level"),
                   quantity=number("quantity"), amount=number("amount"), item=text("item"),
                   exercise=d.get("exercise") is True, at=text("at"), due=text("due"),
                   because=tuple(Rule.from_dict(r) for r in d.get("because") or () if isinstance(r, Mapping)),
                   json=dict(d))

    @property
    def key(self) -> Tuple[int, int]:
        """``(seq, index)``: the effect's identity, for an outbox."""
        return self.seq, self.index

    def __getitem__(self, key: str) -> Any:
        return self.json[key]

    def get(self, key: str, default: Any = None) -> Any:
        return self.json.get(key, default)

    def __contains__(self, key: object) -> bool:
        return key in self.json


@dataclass(frozen=True)
class Outcome:
    """What the engine did with one event (or one clock advance).

    Attributes:
        accepted: the event applied.
        effects: what must happen next, in order (timers that fired first, then the event's own).
        rejection: ``None`` when accepted, else ``{"reason", "rule", "detail"}``: ``reason`` is one
            of the engine's rejections (``"malformed"``, ``"unknown_incident"``, ``"actor_lacks_role"`` …).
        json: the outcome exactly as the library wrote it.
        seq: the event's position in the engine's input order.
        duplicate: the event id was seen before; this is the first outcome, repeated.
        status: the C status: ``OK``, ``EREJECTED`` or ``EMALFORMED`` (``EUSER`` when a callback stopped delivery).
        error: why it is not OK, as the library said it (``muster_outcome_error``): the call, the
            rejection's reason and detail, or the decoding error with its line:column; "" when accepted.
    """

    accepted: bool
    effects: List[Effect]
    rejection: Optional[Dict[str, Any]]
    json: str
    seq: int = 0
    duplicate: bool = False
    status: int = errors.OK
    error: str = ""

    @classmethod
    def from_json(cls, text: str, status: int = errors.OK, error: str = "") -> "Outcome":
        """Builds an outcome from the library's JSON (``{"seq","accepted","duplicate","rejection"?,"effects"}``)."""
        data = _json.loads(text)
        seq = int(data.get("seq", 0))
        effects = [Effect.from_dict(e, seq, i) for i, e in enumerate(data.get("effects", []))]
        return cls(accepted=bool(data.get("accepted")), effects=effects,
                   rejection=data.get("rejection"), json=text, seq=seq,
                   duplicate=bool(data.get("duplicate", False)), status=status, error=error)

    @property
    def reason(self) -> Union[RejectionReason, str, None]:
        """The rejection's reason (``RejectionReason.STALE_TIME``, equal to ``"stale_time"`` …), or
        ``None`` when accepted."""
        return None if self.rejection is None else _member(RejectionReason, self.rejection.get("reason"))

    @property
    def detail(self) -> str:
        """Why it was rejected, in English ("" when accepted)."""
        return "" if self.rejection is None else str(self.rejection.get("detail") or "")

    def __bool__(self) -> bool:
        """True when accepted."""
        return self.accepted

    def raise_for_rejection(self) -> "Outcome":
        """Returns self when accepted; raises :class:`~muster.errors.MalformedEventError` or
        :class:`~muster.errors.RejectedError` (carrying this outcome) when not."""
        if self.accepted:
            return self
        cls = errors.MalformedEventError if self.reason == "malformed" else errors.RejectedError
        raise cls(f"{self.reason}: {self.detail}", outcome=self)


@dataclass(frozen=True)
class Diagnostic:
    """One problem the policy compiler found. ``str(d)`` is ``file:line:col: code: message [hint]``."""

    severity: str
    code: str
    message: str
    file: str = ""
    line: int = 0
    column: int = 0
    hint: str = ""
    extra: Dict[str, Any] = field(default_factory=dict, compare=False, repr=False)

    @classmethod
    def from_dict(cls, d: Dict[str, Any]) -> "Diagnostic":
        known = {"severity", "code", "message", "file", "line", "column", "hint"}
        return cls(severity=str(d.get("severity", "error")), code=str(d.get("code", "")),
                   message=str(d.get("message", "")), file=str(d.get("file") or ""),
                   line=int(d.get("line") or 0), column=int(d.get("column") or 0), hint=str(d.get("hint") or ""),
                   extra={k: v for k, v in d.items() if k not in known})

    @property
    def is_error(self) -> bool:
        return self.severity == "error"

    def __str__(self) -> str:
        where = self.file or "<input>"
        if self.line:
            where += f":{self.line}"
            if self.column:
                where += f":{self.column}"
        text = f"{where}: {self.code}: {self.message}"
        return f"{text} [{self.hint}]" if self.hint else text
