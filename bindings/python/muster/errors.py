"""Errors raised by the muster wrapper: one class per status code of the C API.

Every error carries the C status ``code`` (a negative ``int``, one of the ``MUSTER_E*``
constants below) and ``message``, the text of ``muster_error_last()`` at the time of the
failure. Catch :class:`MusterError` to catch them all.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Dict, List, Optional, Type

if TYPE_CHECKING:  # pragma: no cover
    from .types import Diagnostic, Outcome

# Status codes of bindings/c/include/muster/muster.h.
OK = 0
EINVAL = -1
EPOLICY = -2
EJOURNAL = -3
EREJECTED = -4
EMALFORMED = -5
EBUFSIZE = -6
ENOTFOUND = -7
EUSER = -8
EINTERNAL = -9


class MusterError(Exception):
    """A call into the Muster library failed.

    Attributes:
        code: the C status code (``muster.errors.E*``).
        message: what ``muster_error_last()`` said (may be empty).
        outcome: the outcome of the event, when the library returned one with the error.
    """

    code: int = EINTERNAL

    def __init__(self, message: str = "", code: Optional[int] = None, outcome: Optional["Outcome"] = None) -> None:
        if code is not None:
            self.code = code
        self.message = message
        self.outcome = outcome
        super().__init__(message or f"muster error {self.code}")


class InvalidArgumentError(MusterError, ValueError):
    """A missing or out-of-range argument, or a call on a closed engine (``MUSTER_EINVAL``)."""

    code = EINVAL


class PolicyError(MusterError):
    """The policy or force registry does not compile (``MUSTER_EPOLICY``).

    ``diagnostics`` lists every problem found (file, line, column, code, message, hint).
    """

    code = EPOLICY

    def __init__(self, message: str = "", code: Optional[int] = None,
                 diagnostics: Optional[List["Diagnostic"]] = None) -> None:
        self.diagnostics: List["Diagnostic"] = list(diagnostics or [])
        if self.diagnostics:
            lines = "\n".join(str(d) for d in self.diagnostics)
            message = f"{message}\n{lines}" if message else lines
        super().__init__(message, code)


class JournalError(MusterError):
    """The journal is damaged, locked, pinned to another policy or cannot be written (``MUSTER_EJOURNAL``)."""

    code = EJOURNAL


class RejectedError(MusterError):
    """An event was rejected (``MUSTER_EREJECTED``); raised only by :meth:`Outcome.raise_for_rejection`.

    ``outcome`` is the rejected outcome (its ``rejection`` says why).
    """

    code = EREJECTED


class MalformedEventError(RejectedError):
    """An event's JSON is malformed (``MUSTER_EMALFORMED``); raised only by :meth:`Outcome.raise_for_rejection`."""

    code = EMALFORMED


class BufferSizeError(MusterError):
    """A buffer was too small (``MUSTER_EBUFSIZE``). The wrapper retries for you; you should not see it."""

    code = EBUFSIZE


class NotFoundError(MusterError, LookupError):
    """No such incident, request or order (``MUSTER_ENOTFOUND``)."""

    code = ENOTFOUND


class CallbackError(MusterError):
    """The effect callback raised: delivery stopped, but the event still applied (``MUSTER_EUSER``).

    ``outcome`` holds every effect of the event; the callback's exception is ``__cause__``.
    """

    code = EUSER


class InternalError(MusterError):
    """A broken invariant inside Muster (``MUSTER_EINTERNAL``); the message says what."""

    code = EINTERNAL


_BY_CODE: Dict[int, Type[MusterError]] = {
    cls.code: cls
    for cls in (InvalidArgumentError, PolicyError, JournalError, RejectedError, MalformedEventError,
                BufferSizeError, NotFoundError, CallbackError, InternalError)
}


def error_class(code: int) -> Type[MusterError]:
    """The exception class for a status code (:class:`MusterError` for an unknown one)."""
    return _BY_CODE.get(code, MusterError)
