"""The engine: events in (JSON), effects out, through libmuster's C API."""

from __future__ import annotations

import ctypes
import json
import os
import re
import threading
from datetime import datetime
from typing import Any, Callable, Dict, Iterable, List, Mapping, Optional, Tuple, Union

from . import _native, errors
from .types import Diagnostic, Effect, Outcome

PathArg = Union[str, "os.PathLike[str]"]
EventArg = Union[Mapping[str, Any], str, bytes]
TimeArg = Union[int, datetime, str]
EffectCallback = Callable[[Effect], Any]


class _Stop:
    def __repr__(self) -> str:
        return "muster.STOP"


#: Return this from an effect callback to stop delivering the rest of the outcome's effects.
STOP: Any = _Stop()


def _json_default(value: Any) -> Any:
    if isinstance(value, datetime):
        if value.tzinfo is None:
            raise TypeError(f"{value!r} has no time zone; Muster needs an absolute time")
        return value.isoformat()
    raise TypeError(f"{type(value).__name__} is not JSON serialisable")


def _encode_event(event: EventArg) -> bytes:
    if isinstance(event, bytes):
        return event
    if isinstance(event, str):
        return event.encode("utf-8")
    if isinstance(event, Mapping):
        return json.dumps(dict(event), ensure_ascii=False, separators=(",", ":"), default=_json_default).encode("utf-8")
    raise TypeError(f"an event is a dict or a JSON string, not {type(event).__name__}")


_LATEST = 253402300799  # 9999-12-31T23:59:59Z: the latest time the codec writes


def _in_range(value: int, low: int, high: int, what: str, bounds: str = "") -> int:
    """``value`` when ``low <= value <= high``; ctypes would silently wrap it, so anything else is refused."""
    if not low <= value <= high:
        raise errors.InvalidArgumentError(f"{what} is {value}; expected {bounds or f'{low} … {high}'}", errors.EINVAL)
    return value


def _seconds(t: TimeArg) -> int:
    if isinstance(t, bool):
        raise TypeError("a time is seconds since 1970, a datetime or an RFC 3339 string, not a bool")
    if isinstance(t, int):
        return _in_range(t, 0, _LATEST, "the time",
                         f"0 (1970-01-01T00:00:00Z) … {_LATEST} (9999-12-31T23:59:59Z), in seconds since 1970")
    if isinstance(t, str):
        try:
            t = datetime.fromisoformat(t.replace("Z", "+00:00"))
        except ValueError as e:
            raise errors.InvalidArgumentError(f"{t!r} is not an RFC 3339 time: {e}") from e
    if isinstance(t, datetime):
        if t.tzinfo is None:
            raise errors.InvalidArgumentError(f"{t.isoformat()} has no time zone; Muster needs an absolute time")
        return _seconds(int(t.timestamp()))
    raise TypeError(f"a time is seconds since 1970, a datetime or an RFC 3339 string, not {type(t).__name__}")


def _diagnostics(text: str) -> List[Diagnostic]:
    if not text:
        return []
    data = json.loads(text)
    return [Diagnostic.from_dict(d) for d in data.get("diagnostics", [])]


def validate(policy: PathArg, forces: Optional[PathArg] = None) -> Tuple[bool, List[Diagnostic]]:
    """Compiles a policy (and, when given, its force registry) and reports what is wrong.

    Returns ``(ok, diagnostics)``: ``ok`` is False when there is an error; ``diagnostics`` lists
    every problem (warnings too), sorted by location. Raises :class:`~muster.errors.MusterError`
    only when validation itself could not run.

    >>> ok, diags = muster.validate("rules/weihai.yaml", "rules/weihai-forces.yaml")
    """
    lib = _native.lib()
    rc, text = _native.call_with_buffer(lib.muster_validate, _native.path_arg(policy), _native.path_arg(forces))
    if rc not in (errors.OK, errors.EPOLICY):
        _native.raise_for(rc, f"validate {os.fspath(policy)}")
    return rc == errors.OK, _diagnostics(text)


def _raise_open_error(rc: int, policy: PathArg, forces: PathArg) -> None:
    """Raises the error of a failed open or compile: PolicyError with the diagnostics of the files
    when they do not compile, else the status's error class."""
    message = _native.error_last()
    if rc == errors.EPOLICY:
        try:
            diags = [d for d in validate(policy, forces)[1] if d.is_error]
        except errors.MusterError:
            diags = []
        raise errors.PolicyError(message, rc, diagnostics=diags)
    raise errors.error_class(rc)(message, rc)


class _Closes:
    """A handle closed by ``close()``: on leaving a ``with`` block, and when collected."""

    _handle: Optional[int]

    @property
    def closed(self) -> bool:
        return self._handle is None

    def close(self) -> None:  # pragma: no cover - each subclass frees its own handle
        raise NotImplementedError

    def __exit__(self, *exc: object) -> None:
        self.close()

    def __del__(self) -> None:
        try:
            self.close()
        except Exception:  # interpreter shutdown: the library may be gone already
            pass


class Rules(_Closes):
    """A policy and its force registry compiled once (``muster_rules``), for any number of
    engines: ``Engine.open(rules, journal=...)`` skips the compile, and engines of several
    partitions (one per county, say) share one compiled policy. Immutable, so engines on other
    threads may use them; an engine keeps its own reference, so closing the rules while engines
    run is fine.

    Raises PolicyError (with ``.diagnostics``) when either file does not compile."""

    def __init__(self, policy: PathArg, forces: PathArg) -> None:
        self._handle: Optional[int] = None
        self.policy, self.forces = policy, forces
        handle = ctypes.c_void_p()
        rc = _native.lib().muster_rules_compile(ctypes.byref(handle), _native.path_arg(policy), _native.path_arg(forces))
        if rc != errors.OK:
            _raise_open_error(rc, policy, forces)
        self._handle = handle.value

    def _h(self) -> int:
        if self._handle is None:
            raise errors.InvalidArgumentError("these Rules are closed")
        return self._handle

    def close(self) -> None:
        """Frees the compiled rules; engines opened from them go on. Closing twice is harmless."""
        handle, self._handle = self._handle, None
        if handle is not None:
            _native.lib().muster_rules_free(handle)

    def __enter__(self) -> "Rules":
        return self



class Engine(_Closes):
    """One Muster engine: a compiled policy and force registry, every live incident, request and
    order, and (optionally) a journal on disk. Close it with :meth:`close`, or use it as a context
    manager::

        with muster.Engine.open("rules/weihai.yaml", "rules/weihai-forces.yaml") as eng:
            outcome = eng.submit({"id": "e1", "kind": "incident.report", ...})

    The C library serialises calls on one engine, so an engine may be shared between threads;
    do not close it while another thread is using it.
    """

    def __init__(self, policy: Union[PathArg, "Rules"], forces: Optional[PathArg] = None, journal: Optional[PathArg] = None,
                 durability: str = "batch", *, batch_size: int = 256, batch_interval_us: int = 5000,
                 queue_bytes: int = 0, expected_head: Optional[Tuple[int, str]] = None,
                 max_clock_step: Optional[int] = None, snapshot_every: int = 0, snapshots_kept: int = 0,
                 segment_bytes: int = 0) -> None:
        """Opens an engine; see :meth:`open`."""
        self._handle: Optional[int] = None
        self._callback: Optional[EffectCallback] = None
        self._c_callback: Optional[Any] = None  # keeps the ctypes trampoline alive while C holds it
        self._pending = threading.local()      # an exception raised by the callback, per thread
        if durability not in _native.DURABILITY:
            raise errors.InvalidArgumentError(
                f"durability {durability!r}: expected one of {', '.join(map(repr, _native.DURABILITY))}")
        lib = _native.lib()
        journal_path = _native.path_arg(journal)
        options = _native.Options(_native.OPTIONS_VERSION, journal_path or None, _native.DURABILITY[durability],
                                  _in_range(batch_size, 0, 2**32 - 1, "batch_size"),
                                  _in_range(batch_interval_us, 0, 2**32 - 1, "batch_interval_us"),
                                  _in_range(queue_bytes, 0, 2**64 - 1, "queue_bytes"),
                                  _expected_head(expected_head),
                                  _native.CLOCK_STEP_POLICY if max_clock_step is None
                                  else _in_range(max_clock_step, 0, 2**63 - 1, "max_clock_step"),
                                  _in_range(snapshot_every, 0, 2**64 - 1, "snapshot_every"),
                                  _in_range(snapshots_kept, 0, 2**32 - 1, "snapshots_kept"),
                                  _in_range(segment_bytes, 0, 2**64 - 1, "segment_bytes"))
        handle = ctypes.c_void_p()
        if isinstance(policy, Rules):
            if forces is not None:
                raise errors.InvalidArgumentError("forces: compiled Rules hold their registry already; pass None")
            rc = lib.muster_engine_open_rules(ctypes.byref(handle), policy._h(), ctypes.byref(options))
            policy, forces = policy.policy, policy.forces  # for the diagnostics of a failure
        else:
            if forces is None:
                raise errors.InvalidArgumentError("forces: the force registry file is required with a policy file")
            rc = lib.muster_engine_open(ctypes.byref(handle), _native.path_arg(policy), _native.path_arg(forces),
                                        ctypes.byref(options))
        if rc != errors.OK:
            _raise_open_error(rc, policy, forces)
        self._handle = handle.value

    @classmethod
    def open(cls, policy: Union[PathArg, "Rules"], forces: Optional[PathArg] = None, journal: Optional[PathArg] = None,
             durability: str = "batch", *, batch_size: int = 256, batch_interval_us: int = 5000,
             queue_bytes: int = 0, expected_head: Optional[Tuple[int, str]] = None,
             max_clock_step: Optional[int] = None, snapshot_every: int = 0, snapshots_kept: int = 0,
             segment_bytes: int = 0) -> "Engine":
        """Opens an engine on a policy file and its force registry.

        Args:
            policy: the policy YAML (e.g. ``rules/weihai.yaml``), or :class:`Rules` compiled
                before (then ``forces`` is ``None``): engines of several partitions share them.
            forces: the force registry YAML (e.g. ``rules/weihai-forces.yaml``).
            journal: a journal file: every input and answer is recorded there, and an existing
                journal is verified and replayed on open. ``None``: in memory only.
            durability: ``"none"`` (never fsync), ``"batch"`` (group commit: every ``batch_size``
                records or ``batch_interval_us``) or ``"every_event"`` (written and synced before
                ``submit`` returns). With ``"none"`` and ``"batch"`` the journal's own thread
                writes the records after ``submit`` returns: an outcome is provisional until
                ``journal_seq()`` says it is durable, or ``flush()`` returns (docs/journal.md).
            queue_bytes: with ``"none"`` and ``"batch"``, the journal thread's queue in bytes (0:
                the default, 4 MiB): submitting waits while it is full, so it bounds the memory
                held and what a crash of the process may lose.
            expected_head: ``(seq, hash)``, the last durable head you kept (``journal_head()``):
                a journal shorter than it, or other, is refused (JournalError).
            max_clock_step: seconds one input may move the clock; further is a ``clock_jump``
                rejection (a mistyped year is refused, not obeyed). ``None``: the policy's
                ``limits.max_clock_step`` (31 days by default); 0: no bound, for replaying long,
                quiet histories. Reopen a journal with the value it was written with.
            snapshot_every: with a journal, a :meth:`snapshot` every this many inputs (0: only
                when asked); reopening starts from the newest one that verifies.
            snapshots_kept: snapshots kept beside the journal (files; rows of a PostgreSQL
                partition), newest first (0: 2).
            segment_bytes: with a journal file, once it holds this many bytes (at the end of an
                input) it is sealed as ``<journal>.segment-<first seq>`` and a new file, starting
                with a ``segment`` record chained to it, takes the journal's name; 0: never (one
                file). :func:`compact_journal` archives the segments behind a snapshot
                (docs/journal.md "Segments"). A PostgreSQL partition does not rotate.

        Raises:
            PolicyError: the policy or registry does not compile (``.diagnostics`` says why), or
                the registry was edited so that it cannot follow the journal's (a known force
                removed or moved: the message says ``journal-registry-edit`` and names it;
                ``.diagnostics`` is empty).
            JournalError: the journal is damaged, locked or was written under another policy.
            InvalidArgumentError: an option is out of range, or ``journal`` is a PostgreSQL
                location (``postgresql://…``) without ``#partition`` or with an invalid one.
        """
        return cls(policy, forces, journal, durability, batch_size=batch_size, batch_interval_us=batch_interval_us,
                   queue_bytes=queue_bytes, expected_head=expected_head, max_clock_step=max_clock_step,
                   snapshot_every=snapshot_every, snapshots_kept=snapshots_kept, segment_bytes=segment_bytes)

    # -- life cycle ---------------------------------------------------------------------------

    def close(self) -> None:
        """Syncs the journal and frees the engine. Closing twice is harmless."""
        handle, self._handle = self._handle, None
        if handle is not None:
            _native.lib().muster_engine_close(handle)
        self._callback = None
        self._c_callback = None

    def __enter__(self) -> "Engine":
        return self


    def __repr__(self) -> str:
        return f"<muster.Engine {'closed' if self.closed else hex(self._handle or 0)}>"

    def _h(self) -> int:
        if self._handle is None:
            raise errors.InvalidArgumentError("the engine is closed", errors.EINVAL)
        return self._handle

    # -- events -------------------------------------------------------------------------------

    def submit(self, event: EventArg) -> Outcome:
        """Applies one event (a dict, or its JSON text; docs/events.md) and returns its outcome.

        A rejected or malformed event is not an exception: the outcome says ``accepted=False``
        and ``rejection`` says why (call :meth:`Outcome.raise_for_rejection` to raise instead).
        The effect callback, if any, is called for each effect before this returns.

        Raises:
            CallbackError: the callback raised (its exception is ``__cause__``); the event applied.
            JournalError: the journal could not take the event; nothing changed.
        """
        data = _encode_event(event)
        out = ctypes.c_void_p()
        self._pending.error = None
        rc = _native.lib().muster_engine_submit(ctypes.byref(out), self._h(), data, len(data))
        return self._finish(rc, out, "submit")

    def submit_batch(self, events: Iterable[EventArg]) -> List[Outcome]:
        """Applies many events in one call and returns their outcomes: one per event, in order.

        ``events`` is an iterable of what :meth:`submit` takes (dicts, or JSON as ``str`` or
        ``bytes``; lines read from a file may keep their line end). They reach the library as JSON
        Lines, one event a line, so each must encode to one line: an event whose text holds a raw
        newline before its end (pretty-printed JSON), or is empty or
        only blanks (a batch skips blank lines, so it would get no outcome), raises
        :class:`~muster.errors.InvalidArgumentError` (a ``ValueError``) before anything is sent.
        Dicts always encode to one line. An incident file's clock advance, ``{"advance": T}``
        (RFC 3339, seconds, or ``"+20m"`` after the latest time seen), is an event here too and
        gets its outcome; a comment line (``#``), like a blank one, would get none and is refused.

        Each event is applied as :meth:`submit` would apply it, with one journal commit for the
        whole batch: one write and, with ``"every_event"``, one fsync, so the batch is durable
        when this returns (with ``"none"`` and ``"batch"`` the outcomes are provisional, as
        for submit).

        Unlike :meth:`submit`, a problem with one event raises nothing: every event gets its
        outcome, and each says for itself what happened, in ``accepted``, ``rejection`` and
        ``status``:

        * ``OK``: accepted (also a repeated id, with ``duplicate=True``);
        * ``EREJECTED``, ``EMALFORMED``: rejected, as submit would return it; the events after
          it still go on;
        * ``EJOURNAL``: the journal refused the event (``reason == "internal_error"``,
          ``detail`` says why); it changed nothing and may be sent again. This is where
          :meth:`submit` would raise :class:`~muster.errors.JournalError`. When the journal's
          write fails, every event of the batch is refused and the batch changed nothing; when
          the journal runs out of room part-way, the events before are kept and the rest refused.

        So check each outcome (``all(outcomes)`` is True only when every event was accepted).

        The effect callback, if any, is called for each effect of each event, in order, after
        all of them were applied (a repeated event's effects are not delivered again). Returning
        :data:`STOP` skips every remaining effect of the batch; the outcomes still hold them.

        Raises (for the whole call, as :meth:`submit` does):
            InvalidArgumentError: an event cannot be a line (nothing was sent), or the engine is closed.
            TypeError: an event is neither a dict nor JSON text.
            CallbackError: the callback raised (its exception is ``__cause__``): delivery stopped,
                and every event was applied all the same; the exception's ``outcomes`` holds
                the batch's outcomes (``outcome`` is None).
            InternalError: a broken invariant inside the library.
        """
        lines: List[bytes] = []
        for i, event in enumerate(events):
            data = _encode_event(event)
            if data.endswith(b"\n"):  # a line as read from a file: its own end is fine
                data = data[:-2] if data.endswith(b"\r\n") else data[:-1]
            if b"\n" in data:
                raise errors.InvalidArgumentError(
                    f"submit_batch: event {i} (from 0) contains a newline; a batch is JSON Lines, one event a line: "
                    f"encode it on one line (json.dumps does), or send it with submit()")
            if not data.strip(b" \t\r"):
                raise errors.InvalidArgumentError(
                    f"submit_batch: event {i} (from 0) is blank; a batch skips blank lines, so it would get no outcome")
            if data.lstrip(b" \t").startswith(b"#"):
                raise errors.InvalidArgumentError(
                    f"submit_batch: event {i} (from 0) is a comment; a batch skips comment lines, so it would get no outcome")
            lines.append(data)
        text = b"\n".join(lines)
        lib = _native.lib()
        out = ctypes.c_void_p()
        self._pending.error = None
        rc = lib.muster_engine_submit_batch(ctypes.byref(out), self._h(), text, len(text))
        error = getattr(self._pending, "error", None)
        self._pending.error = None
        if not out.value:
            _native.raise_for(rc, "submit_batch")
            raise errors.InternalError("submit_batch: no batch and no error")  # rc was OK: a broken contract
        message = _native.error_last() if rc == errors.EUSER else ""
        outcomes: List[Outcome] = []
        try:
            for i in range(lib.muster_batch_count(out.value)):
                status = lib.muster_batch_status(out.value, i)
                one = ctypes.c_void_p()
                _native.raise_for(lib.muster_batch_outcome(ctypes.byref(one), out.value, i), f"submit_batch: outcome {i}")
                orc, json_text = _native.call_with_buffer(lib.muster_outcome_json, one.value)
                _native.raise_for(orc, "outcome")
                outcomes.append(Outcome.from_json(json_text, status, _native.outcome_error(one.value)))
        finally:
            lib.muster_batch_free(out.value)  # the outcomes borrowed from it are freed with it
        if len(outcomes) != len(lines):
            raise errors.InternalError(f"submit_batch: {len(lines)} events sent, {len(outcomes)} outcomes returned")
        if rc == errors.EUSER and error is not None:
            failure = errors.CallbackError(f"the effect callback raised {type(error).__name__}: {error}; "
                                           f"every event of the batch applied ({message})", rc)
            failure.outcomes = outcomes  # type: ignore[attr-defined]
            raise failure from error
        return outcomes

    def advance(self, t: TimeArg) -> Outcome:
        """Moves the engine's clock to ``t`` (seconds since 1970, an aware datetime, or an RFC 3339
        string) and fires the timers due by then: reminders, escalations, expiries. Moving the clock
        back is a ``stale_time`` rejection. A time outside 0 … 253402300799 (1970 … 9999) raises
        :class:`~muster.errors.InvalidArgumentError` (a ``ValueError``)."""
        out = ctypes.c_void_p()
        self._pending.error = None
        rc = _native.lib().muster_engine_advance(ctypes.byref(out), self._h(), _seconds(t))
        return self._finish(rc, out, "advance")

    def last_outcome(self) -> Optional[Outcome]:
        """The outcome of the last input — :meth:`submit`, :meth:`advance`, or the last event of
        :meth:`submit_batch` — as that call gave it (``status`` and ``error`` included, e.g.
        ``EJOURNAL`` for a refused input), or ``None`` before the engine's first input since it
        was opened. For a host that did not keep it; no effect is delivered again.

        Raises:
            InvalidArgumentError: the engine is closed, or this is called from its effect callback.
        """
        lib = _native.lib()
        out = ctypes.c_void_p()
        rc = lib.muster_engine_last_outcome(ctypes.byref(out), self._h())
        if rc == errors.ENOTFOUND:
            return None
        _native.raise_for(rc, "last_outcome")
        try:
            orc, text = _native.call_with_buffer(lib.muster_outcome_json, out.value)
            _native.raise_for(orc, "outcome")
            return Outcome.from_json(text, lib.muster_outcome_status(out.value), _native.outcome_error(out.value))
        finally:
            lib.muster_outcome_free(out.value)

    def _finish(self, rc: int, out: ctypes.c_void_p, what: str) -> Outcome:
        error = getattr(self._pending, "error", None)
        self._pending.error = None
        if not out.value:
            _native.raise_for(rc, what)
            raise errors.InternalError(f"{what}: no outcome and no error")  # rc was OK: a broken contract
        message = _native.error_last() if rc not in (errors.OK, errors.EREJECTED, errors.EMALFORMED) else ""
        lib = _native.lib()
        try:
            orc, text = _native.call_with_buffer(lib.muster_outcome_json, out.value)
            _native.raise_for(orc, "outcome")
            why = _native.outcome_error(out.value)
        finally:
            lib.muster_outcome_free(out.value)
        outcome = Outcome.from_json(text, rc, why)
        if rc in (errors.OK, errors.EREJECTED, errors.EMALFORMED):
            return outcome
        if rc == errors.EUSER:
            if error is None:  # the callback returned STOP
                return outcome
            raise errors.CallbackError(f"the effect callback raised {type(error).__name__}: {error}; "
                                       f"the event applied", rc, outcome=outcome) from error
        raise errors.error_class(rc)(f"{what}: {message}" if message else what, rc, outcome=outcome)

    def on_effect(self, callback: Optional[EffectCallback]) -> None:
        """Calls ``callback(effect)`` for each effect, in order, while :meth:`submit` or
        :meth:`advance` runs (on the calling thread). Return :data:`STOP` to skip the remaining
        effects of that call (they stay in its outcome). An exception stops delivery too and is
        re-raised by submit/advance as :class:`~muster.errors.CallbackError`. Do not call back
        into the same engine from the callback. ``None`` removes the callback."""
        lib = _native.lib()
        if callback is None:
            rc = lib.muster_engine_on_effect(self._h(), _native.EFFECT_CB(), None)
            _native.raise_for(rc, "on_effect")
            self._callback, self._c_callback = None, None
            return
        pending = self._pending

        def trampoline(view: Any, _payload: Optional[int]) -> int:
            try:
                v = view.contents
                data = json.loads(ctypes.string_at(v.json, v.len).decode("utf-8"))
                return 1 if callback(Effect.from_dict(data, int(v.seq), int(v.index))) is STOP else 0
            except BaseException as e:  # never let an exception unwind through C
                pending.error = e
                return 1

        c_callback = _native.EFFECT_CB(trampoline)
        rc = lib.muster_engine_on_effect(self._h(), c_callback, None)
        _native.raise_for(rc, "on_effect")
        self._callback, self._c_callback = callback, c_callback

    # -- CAP 1.2 ------------------------------------------------------------------------------

    def cap_import(self, xml: Union[str, bytes], actor: Optional[str] = None
                   ) -> Tuple[Optional[Dict[str, Any]], List[Diagnostic]]:
        """Reads a CAP 1.2 alert as the warning event it means under this engine's policy
        (``muster_cap_import``; docs/warnings.md, "CAP 1.2"). Submits nothing: pass the event to
        :meth:`submit`.

        Returns ``(event, diagnostics)``: ``event`` is the ``warning.issue`` / ``.update`` /
        ``.cancel`` as a dict, or None when the alert is refused (not CAP 1.2, hostile, or naming
        no hazard or jurisdiction of the policy); ``diagnostics`` lists every problem (warnings
        too), located in the alert (named ``alert``). ``actor``: the policy organisation the
        alert comes from (default: the one whose id is the sender's part before ``@``).

        >>> event, diags = eng.cap_import(Path("alert.xml").read_bytes(), actor="weihai_meteo")
        """
        data = xml.encode("utf-8") if isinstance(xml, str) else bytes(xml)
        who = None if actor is None else actor.encode("utf-8")
        rc, text = _native.call_with_buffer(_native.lib().muster_cap_import, self._h(), data, len(data), who,
                                            text_for=(errors.OK, errors.EMALFORMED))
        if rc not in (errors.OK, errors.EMALFORMED):
            _native.raise_for(rc, "cap_import")
        result = json.loads(text)
        return result.get("event"), _diagnostics(text)

    # -- queries ------------------------------------------------------------------------------

    def _query(self, fn: Callable[..., int], *args: Any, what: str) -> Any:
        rc, text = _native.call_with_buffer(fn, self._h(), *args)
        _native.raise_for(rc, what)
        return json.loads(text)

    def incident(self, incident_id: Union[str, int]) -> Dict[str, Any]:
        """The incident as JSON: ``id``, ``state``, ``grade``, ``jurisdiction``, ``coordinator``,
        ``commander``, ``headquarters``, ``requests``, ``orders``, ``reports_owed``, ``flags`` (set).
        Raises :class:`~muster.errors.NotFoundError` for an unknown id, and
        :class:`~muster.errors.InvalidArgumentError` for one holding a NUL (no id does)."""
        name = str(incident_id).encode("utf-8")
        nul = name.find(b"\0")
        if nul >= 0:  # C would read the id only up to it, and find another incident
            raise errors.InvalidArgumentError(f"incident id {incident_id!r} holds a NUL at byte {nul}; an id has none",
                                              errors.EINVAL)
        return self._query(_native.lib().muster_engine_incident_n, name, len(name), what=f"incident {incident_id}")

    def request(self, request_id: int) -> Dict[str, Any]:
        """A request (an approval chain instance; numbered from 1 by the engine): ``state``,
        ``step``, ``forces``, ``awaiting``, ``due`` … Raises NotFoundError for an unknown id."""
        return self._query(_native.lib().muster_engine_request, _u32(request_id, "request"), what=f"request {request_id}")

    def order(self, order_id: int) -> Dict[str, Any]:
        """An order (numbered from 1): ``force``, ``issued_by``, ``state``, ``due`` …
        Raises NotFoundError for an unknown id."""
        return self._query(_native.lib().muster_engine_order, _u32(order_id, "order"), what=f"order {order_id}")

    def run(self, run_id: int) -> Dict[str, Any]:
        """A schedule's run (a roll-call, a drill's report round; numbered from 1 by the engine):
        ``id``, ``schedule``, ``answer`` (``acknowledge`` or ``report``), ``state`` (``open``,
        ``closed``), ``opened_at``, ``closed_at`` and ``calls``, each with ``organisation``,
        ``force``, ``called_by``, ``state`` (``pending``, ``answered``, ``late``, ``missed``,
        ``closed``), ``due``, ``answered_at`` and ``silences``. Raises NotFoundError for an
        unknown run."""
        return self._query(_native.lib().muster_engine_run, _u32(run_id, "run"), what=f"run {run_id}")

    def run_count(self) -> int:
        """How many schedule runs have opened so far: :meth:`run` takes 1 … this."""
        n = ctypes.c_uint32(0)
        _native.raise_for(_native.lib().muster_engine_run_count(ctypes.byref(n), self._h()), "run_count")
        return int(n.value)

    def force(self, force_id: str) -> Dict[str, Any]:
        """A force of the registry as it stands now (the live registry, 3.2.1, 3.2.2): ``force``,
        ``duty`` (``available``, ``on_duty_elsewhere``, ``maintenance``, ``stood_down``),
        ``personnel``, ``data_updated`` (``"YYYY-MM-DD"``: the last base-data update or
        confirmation; None when there is none), ``equipment`` and ``materials`` (each item the
        registry lists, in its order: ``zh``, ``en``, ``count``), ``order`` (the open order it is
        committed to) and ``standby`` (the active warning it stands by for, by its id), each None
        when there is none. ``force.update`` events change it.
        Raises NotFoundError for an id the registry does not have, and InvalidArgumentError for
        one holding a NUL (no id does)."""
        name = str(force_id).encode("utf-8")
        nul = name.find(b"\0")
        if nul >= 0:  # C would read the id only up to it, and find another force
            raise errors.InvalidArgumentError(f"force id {force_id!r} holds a NUL at byte {nul}; an id has none", errors.EINVAL)
        return self._query(_native.lib().muster_engine_force_n, name, len(name), what=f"force {force_id}")

    def deadlines(self) -> List[Dict[str, Any]]:
        """Every pending deadline, soonest first: ``due``, ``kind``, ``incident``, ``request``,
        ``chain`` (kind ``chain_opening``: a chain the policy opens later), ``order``,
        ``organisation``, ``period``, ``warning``, ``run``, ``schedule``."""
        return list(self._query(_native.lib().muster_engine_deadlines, what="deadlines"))

    def worklist(self, organisation: str) -> List[Dict[str, Any]]:
        """What ``organisation`` (an id of the policy's organisations) must answer, and by when:
        ``due``, ``due_unix``, ``kind`` (``approve``, ``consent``, ``acknowledge``, ``submit``,
        ``order_ack``, ``review_report``, ``warning_ack``, ``schedule_answer``), ``overdue``,
        ``incident``, ``request``, ``chain``, ``step``, ``order``, ``force``, ``warning``, ``run``,
        ``schedule``; by due time, then kind and ids.
        Raises NotFoundError for an organisation the policy does not have, and
        InvalidArgumentError for an id holding a NUL."""
        name = str(organisation).encode("utf-8")
        nul = name.find(b"\0")
        if nul >= 0:
            raise errors.InvalidArgumentError(f"organisation {organisation!r} holds a NUL at byte {nul}; an id has none",
                                              errors.EINVAL)
        return list(self._query(_native.lib().muster_engine_worklist, name, len(name), what=f"worklist {organisation}"))

    def open_incidents(self) -> List[Dict[str, Any]]:
        """Every incident not closed, in the order reported, each as :meth:`incident` gives it."""
        return list(self._query(_native.lib().muster_engine_open_incidents, what="open_incidents"))

    def open_requests(self) -> List[Dict[str, Any]]:
        """Every request drafted, awaiting or approved (not yet executed, rejected, withdrawn,
        expired or failed), by id, each as :meth:`request` gives it."""
        return list(self._query(_native.lib().muster_engine_open_requests, what="open_requests"))

    def open_orders(self) -> List[Dict[str, Any]]:
        """Every order not declined or released, by id, each as :meth:`order` gives it."""
        return list(self._query(_native.lib().muster_engine_open_orders, what="open_orders"))

    def next_due(self) -> Optional[int]:
        """When the earliest pending timer fires (seconds since 1970), or None when none is
        pending: sleep until then, :meth:`advance` to it, and ask again."""
        t = ctypes.c_int64(0)
        rc = _native.lib().muster_engine_next_due(ctypes.byref(t), self._h())
        if rc == errors.ENOTFOUND:
            return None
        _native.raise_for(rc, "next_due")
        return t.value

    def state_digest(self) -> str:
        """SHA-256 (64 hex digits) over the engine's observable state: equal after replaying the same inputs."""
        buf = ctypes.create_string_buffer(65)
        _native.raise_for(_native.lib().muster_engine_state_digest(buf, len(buf), self._h()), "state_digest")
        return buf.value.decode("ascii")

    def now(self) -> int:
        """The engine's clock, in seconds since 1970."""
        t = ctypes.c_int64(0)
        _native.raise_for(_native.lib().muster_engine_now(ctypes.byref(t), self._h()), "now")
        return t.value

    def flush(self, only_if_due: bool = False) -> None:
        """Writes and syncs every journal record so far: the outcomes returned before are then durable.

        In ``"none"`` and ``"batch"`` durability an outcome is provisional until then: the
        journal's own thread writes (and in batch mode syncs) the records a little after
        ``submit`` returns. With ``only_if_due``, only reports a failure of that thread (it
        syncs a due batch by itself). Raises JournalError when a write or sync failed (the
        engine then stops accepting events; reopen it, and resubmit the provisional inputs)."""
        fn = _native.lib().muster_engine_flush_if_due if only_if_due else _native.lib().muster_engine_flush
        _native.raise_for(fn(self._h()), "flush")

    def snapshot(self) -> None:
        """Takes a snapshot now (docs/journal.md "Snapshots"): the state after every input so far,
        in a file beside a journal file (a row of ``muster_journal_snapshots`` beside a
        PostgreSQL partition) that a ``snapshot`` record hashes into the chain. Reopening then
        starts from it and replays only what follows. Raises InvalidArgumentError in memory,
        JournalError when the snapshot or the record cannot be written (or another writer has
        opened the partition since)."""
        _native.raise_for(_native.lib().muster_engine_snapshot(self._h()), "snapshot")

    def recovery(self) -> Dict[str, Any]:
        """What opening the journal found and did: ``created`` (no journal was there: a new one
        was started), ``records`` (verified records read, header included), ``events_replayed``,
        ``bytes_cut`` (an incomplete last line, dropped), ``records_restored`` (outcome records
        of the last event the disk lacked, re-appended), ``head`` (``(seq, hash)`` of the last
        record on the disk: keep it, and pass it as ``expected_head`` when reopening),
        ``torn_hole`` (the bytes cut start at a hole of zeros a power cut left past the expected
        head: submit the provisional inputs again), ``registry_replaced`` (the engine moved to
        the registry given, which differs from the journal's last), ``snapshot_seq`` (the
        snapshot record opening started from, replaying only what follows; 0: none) and
        ``snapshot_note`` (why snapshots were passed over, each with the check it failed;
        "" when none was)."""
        rec = _native.Recovery(version=_native.RECOVERY_VERSION)
        _native.raise_for(_native.lib().muster_engine_recovery(ctypes.byref(rec), self._h()), "recovery")
        rc, note = _native.call_with_buffer(_native.lib().muster_engine_snapshot_note, self._h())
        _native.raise_for(rc, "recovery")
        return {"created": bool(rec.created), "records": rec.records, "events_replayed": rec.events_replayed,
                "bytes_cut": rec.bytes_cut, "records_restored": rec.records_restored,
                "head": (rec.head.seq, rec.head.hash.decode("ascii")),
                "torn_hole": bool(rec.torn_hole), "registry_replaced": bool(rec.registry_replaced),
                "snapshot_seq": rec.snapshot_seq, "snapshot_note": note}

    def journal_head(self) -> Tuple[int, str]:
        """``(seq, hash)`` of the last journal record known to be on the disk (synced; waits for
        the journal's queue). Keep it with your own state and give it back as ``expected_head``."""
        head = _native.JournalHead()
        _native.raise_for(_native.lib().muster_engine_journal_head(ctypes.byref(head), self._h()), "journal_head")
        return head.seq, head.hash.decode("ascii")

    def journal_seq(self) -> "tuple[int, int]":
        """``(next, durable)``: the seq the journal's next record gets, and the first seq not yet
        synced. Waits for the journal's queue to be written. An input is durable once
        ``durable`` reaches the ``next`` read right after it. ``(0, 0)`` without a journal.
        Raises JournalError when the journal's thread failed."""
        nxt, durable = ctypes.c_uint64(0), ctypes.c_uint64(0)
        _native.raise_for(_native.lib().muster_engine_journal_seq(ctypes.byref(nxt), ctypes.byref(durable), self._h()),
                          "journal_seq")
        return nxt.value, durable.value


def compact_journal(policy: Union[PathArg, Rules], forces: Optional[PathArg], journal: PathArg,
                    archive: Optional[PathArg] = None) -> Dict[str, Any]:
    """Archives the sealed segments of the closed journal file ``journal`` (written with
    ``segment_bytes=``) that lie wholly before the newest snapshot it opens from, into the
    directory ``archive`` (created when missing, on the journal's file system; ``None``:
    ``<journal>.archive``); the journal then starts at the ``segment`` record of the first segment
    kept (docs/journal.md "Segments"). Reopening starts from that snapshot as before; a full replay
    or :func:`muster.report` needs the archived segments put back.

    ``policy`` and ``forces`` are the files the journal was written under, or :class:`Rules`
    compiled before (then ``forces`` is ``None``): the journal is opened with them to prove the
    snapshot loads and the records after it replay, so no engine may hold it.

    Returns ``{"snapshot_seq", "first_seq", "archived", "archived_bytes", "archive"}``: the
    snapshot's record, the journal's first record now (0: none ever archived), how many segments
    this call moved and their bytes (0 and 0: nothing to archive, no error), and the directory.

    Raises:
        JournalError: the journal is open (locked by an engine), missing, damaged or written under
            other rules, or a segment could not be moved (nothing is archived then).
        InvalidArgumentError: no snapshot opens the journal (take one first:
            :meth:`Engine.snapshot`, ``snapshot_every=``), or ``journal`` is a PostgreSQL location.
        PolicyError: the files do not compile, or the registry cannot follow the journal's.

    >>> muster.compact_journal("rules/weihai.yaml", "rules/weihai-forces.yaml", "weihai.journal")
    """
    if isinstance(policy, Rules):
        if forces is not None:
            raise errors.InvalidArgumentError("forces: compiled Rules hold their registry already; pass None")
        return _compact(policy, journal, archive)
    if forces is None:
        raise errors.InvalidArgumentError("forces: the force registry file is required with a policy file")
    with Rules(policy, forces) as rules:
        return _compact(rules, journal, archive)


def _compact(rules: Rules, journal: PathArg, archive: Optional[PathArg]) -> Dict[str, Any]:
    report = _native.CompactReport(_native.COMPACT_REPORT_VERSION)
    journal_path = _native.path_arg(journal)
    archive_path = _native.path_arg(archive)
    rc = _native.lib().muster_journal_compact(ctypes.byref(report), rules._h(), journal_path, archive_path)
    if rc != errors.OK:
        _native.raise_for(rc)  # the message names the function and the journal
    return {"snapshot_seq": report.snapshot_seq, "first_seq": report.first_seq, "archived": report.archived,
            "archived_bytes": report.archived_bytes,
            "archive": os.fspath(archive) if archive else os.fspath(journal) + ".archive"}


def _expected_head(head: Optional[Tuple[int, str]]) -> Any:
    """``expected_head=(seq, hash)`` as a pointer to a muster_journal_head (None: no expectation)."""
    if head is None:
        return None
    seq, digest = head
    if not isinstance(digest, str) or not re.fullmatch(r"[0-9a-f]{64}", digest):
        raise errors.InvalidArgumentError(f"expected_head: the hash {digest!r} is not 64 lower-case hex digits")
    return ctypes.pointer(_native.JournalHead(_in_range(seq, 0, 2**64 - 1, "expected_head seq"), digest.encode("ascii")))


def _u32(value: int, what: str) -> int:
    if isinstance(value, bool) or not isinstance(value, int):
        raise TypeError(f"a {what} id is an int, not {type(value).__name__}")
    if not 0 <= value <= 0xFFFFFFFF:
        raise errors.NotFoundError(f"{what} {value}: no such {what}", errors.ENOTFOUND)
    return value
