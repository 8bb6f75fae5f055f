"""Muster for Python: the joint-dispatch rules engine, through its C library (ctypes, no build step).

    import muster

    ok, diagnostics = muster.validate("rules/weihai.yaml", "rules/weihai-forces.yaml")
    with muster.Engine.open("rules/weihai.yaml", "rules/weihai-forces.yaml") as eng:
        outcome = eng.submit({"id": "e1", "kind": "incident.report", "at": "2026-07-10T09:00:00+08:00",
                              "actor": "wendeng_water", "incident": "INC-1", "jurisdiction": "wendeng",
                              "incident_type": "flood", "grade": "general"})
        for effect in outcome.effects:
            print(effect.key, effect.kind, effect.topic, effect.to)   # (seq, index): an outbox key

``import muster`` does not load the C library (libmuster.so), so the types, enums and errors can
be used without it; the first call that needs it loads it — or raises
:class:`LibraryNotFoundError` (an ``ImportError``) listing every path tried and why each failed.
Call :func:`library_path` at start-up to fail there instead. It is found through
``MUSTER_LIBRARY``, next to this package, in the source checkout's build trees, in installed
prefixes (``pkg-config muster``, ``sys.prefix``, ``/usr/local``) or on the dynamic loader's path;
see :mod:`muster._loader` and bindings/python/README.md. Events and effects are the JSON of
docs/events.md; the engine's rules are in docs/engine.md.
"""

from __future__ import annotations

from typing import Any

from . import errors
from ._loader import LibraryNotFoundError
from ._native import library_path, status_str
from .engine import STOP, Engine, Rules, compact_journal, validate
from .report import report
from .errors import (BufferSizeError, CallbackError, InternalError, InvalidArgumentError, JournalError,
                     MalformedEventError, MusterError, NotFoundError, PolicyError, RejectedError)
from .types import Diagnostic, Effect, EffectKind, Outcome, RejectionReason, Rule, Topic

__all__ = [
    "Engine", "Rules", "Outcome", "Diagnostic", "Effect", "EffectKind", "Topic", "RejectionReason", "Rule", "STOP", "validate", "report", "compact_journal", "version", "version_number", "library_path",
    "errors", "MusterError", "InvalidArgumentError", "PolicyError", "JournalError", "RejectedError",
    "MalformedEventError", "BufferSizeError", "NotFoundError", "CallbackError", "InternalError", "error_last",
    "status_str", "LibraryNotFoundError",
]


def version() -> str:
    """The loaded library's version, e.g. ``"0.1.0"`` (the wrapper has no version of its own)."""
    from . import _native
    return _native.lib().muster_version().decode("ascii")


def version_number() -> int:
    """``MUSTER_VERSION_NUMBER`` of the loaded library: major*10000 + minor*100 + patch."""
    from . import _native
    return int(_native.lib().muster_version_number())


def error_last() -> str:
    """``muster_error_last()``: why the last failing library call on this thread failed."""
    from . import _native
    return _native.error_last()


def __getattr__(name: str) -> Any:
    # `muster.__version__` is the library's: one version, set by the build (project(VERSION)).
    if name == "__version__":
        return version()
    raise AttributeError(f"module 'muster' has no attribute {name!r}")
