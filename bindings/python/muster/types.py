"""Values returned by the wrapper: outcomes of events and compiler diagnostics."""

from __future__ import annotations

import json as _json
from dataclasses import dataclass, field
from typing import Any, Dict, List, Optional

from . import errors

Effect = Dict[str, Any]
"""One effect, as the engine writes it (docs/events.md): ``kind``, ``topic``, ``incident``,
``request``, ``order``, ``to``/``to_name``, ``from``/``from_name``, ``via``, ``force``, ``chain``
(the request's chain), ``step``, ``flag`` (``flag_set`` / ``flag_cleared``), ``grade``, ``at``,
``due`` and ``because`` (the rules that say so, most specific first). Fields that are none are
left out. ``kind`` is one of ``notify``, ``assign_command``, ``request_approval``,
``request_consent``, ``request_acknowledgement``, ``request_submission``, ``issue_order``,
``file_record``, ``escalate``, ``remind``, ``propose_force``, ``propose_substitute``,
``request_report``, ``request_support``."""


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
        return cls(accepted=bool(data.get("accepted")), effects=list(data.get("effects", [])),
                   rejection=data.get("rejection"), json=text, seq=int(data.get("seq", 0)),
                   duplicate=bool(data.get("duplicate", False)), status=status, error=error)

    @property
    def reason(self) -> Optional[str]:
        """The rejection's reason (``"stale_time"`` …), or ``None`` when accepted."""
        return None if self.rejection is None else self.rejection.get("reason")

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
