"""Loading libmuster (the C API) and declaring its functions for ctypes.

Where the library is looked for, and the error that lists every place tried: :mod:`muster._loader`.
Nothing is loaded at import time: the first call that needs the library loads it.
"""

from __future__ import annotations

import ctypes
import os
import threading
from typing import Callable, Optional, Tuple

from . import _loader, errors

c_int = ctypes.c_int
c_size_t = ctypes.c_size_t
c_char_p = ctypes.c_char_p
c_void_p = ctypes.c_void_p
c_size_p = ctypes.POINTER(ctypes.c_size_t)


class JournalHead(ctypes.Structure):
    """``muster_journal_head``: a record's seq and hash."""

    _fields_ = [("seq", ctypes.c_uint64), ("hash", ctypes.c_char * 65)]


class Options(ctypes.Structure):
    """``muster_options`` (version 5)."""

    _fields_ = [
        ("version", ctypes.c_uint32),
        ("journal_path", c_char_p),
        ("durability", ctypes.c_int32),
        ("batch_size", ctypes.c_uint32),
        ("batch_interval_us", ctypes.c_uint32),
        ("queue_bytes", ctypes.c_uint64),
        ("expected_head", ctypes.POINTER(JournalHead)),
        ("max_clock_step", ctypes.c_int64),
        ("snapshot_every", ctypes.c_uint64),
        ("snapshots_kept", ctypes.c_uint32),
        ("segment_bytes", ctypes.c_uint64),
    ]

CLOCK_STEP_POLICY = -1  # MUSTER_CLOCK_STEP_POLICY: the policy's limits.max_clock_step


class Recovery(ctypes.Structure):
    """``muster_recovery`` (version 3)."""

    _fields_ = [
        ("version", ctypes.c_uint32),
        ("created", ctypes.c_int32),
        ("records", ctypes.c_uint64),
        ("events_replayed", ctypes.c_uint64),
        ("bytes_cut", ctypes.c_uint64),
        ("records_restored", ctypes.c_uint64),
        ("head", JournalHead),
        ("torn_hole", ctypes.c_int32),
        ("registry_replaced", ctypes.c_int32),
        ("snapshot_seq", ctypes.c_uint64),
    ]


class CompactReport(ctypes.Structure):
    """``muster_compact_report`` (version 1)."""

    _fields_ = [
        ("version", ctypes.c_uint32),
        ("snapshot_seq", ctypes.c_uint64),
        ("first_seq", ctypes.c_uint64),
        ("archived", ctypes.c_uint64),
        ("archived_bytes", ctypes.c_uint64),
    ]


OPTIONS_VERSION = 5
RECOVERY_VERSION = 3
COMPACT_REPORT_VERSION = 1
DURABILITY = {"none": 0, "batch": 1, "every_event": 2}

class EffectView(ctypes.Structure):
    """``muster_effect`` (version 1): an effect's identity, kind and JSON."""

    _fields_ = [
        ("version", ctypes.c_uint32),
        ("kind", ctypes.c_int32),
        ("seq", ctypes.c_uint64),
        ("index", ctypes.c_uint32),
        ("count", ctypes.c_uint32),
        ("json", ctypes.POINTER(ctypes.c_char)),
        ("len", c_size_t),
    ]


#: ``int (*muster_effect_cb)(const muster_effect *effect, void *payload)``
EFFECT_CB = ctypes.CFUNCTYPE(c_int, ctypes.POINTER(EffectView), c_void_p)

# name: (restype, argtypes)
_PROTOTYPES = {
    "muster_version_number": (ctypes.c_uint, []),
    "muster_version": (c_char_p, []),
    "muster_error_last": (c_char_p, []),
    "muster_status_str": (c_char_p, [c_int]),
    "muster_validate": (c_int, [c_char_p, c_size_t, c_size_p, c_char_p, c_char_p]),
    "muster_report": (c_int, [c_char_p, c_size_t, c_size_p, c_char_p, c_char_p, c_char_p, c_char_p, c_size_t]),
    "muster_engine_open": (c_int, [ctypes.POINTER(c_void_p), c_char_p, c_char_p, ctypes.POINTER(Options)]),
    "muster_rules_compile": (c_int, [ctypes.POINTER(c_void_p), c_char_p, c_char_p]),
    "muster_rules_free": (None, [c_void_p]),
    "muster_engine_open_rules": (c_int, [ctypes.POINTER(c_void_p), c_void_p, ctypes.POINTER(Options)]),
    "muster_engine_close": (None, [c_void_p]),
    "muster_engine_submit": (c_int, [ctypes.POINTER(c_void_p), c_void_p, c_char_p, c_size_t]),
    "muster_engine_advance": (c_int, [ctypes.POINTER(c_void_p), c_void_p, ctypes.c_int64]),
    "muster_engine_last_outcome": (c_int, [ctypes.POINTER(c_void_p), c_void_p]),
    "muster_engine_on_effect": (c_int, [c_void_p, EFFECT_CB, c_void_p]),
    "muster_engine_incident": (c_int, [c_char_p, c_size_t, c_size_p, c_void_p, c_char_p]),
    "muster_engine_incident_n": (c_int, [c_char_p, c_size_t, c_size_p, c_void_p, c_char_p, c_size_t]),
    "muster_engine_request": (c_int, [c_char_p, c_size_t, c_size_p, c_void_p, ctypes.c_uint32]),
    "muster_engine_order": (c_int, [c_char_p, c_size_t, c_size_p, c_void_p, ctypes.c_uint32]),
    "muster_engine_run": (c_int, [c_char_p, c_size_t, c_size_p, c_void_p, ctypes.c_uint32]),
    "muster_engine_run_count": (c_int, [ctypes.POINTER(ctypes.c_uint32), c_void_p]),
    "muster_engine_force": (c_int, [c_char_p, c_size_t, c_size_p, c_void_p, c_char_p]),
    "muster_engine_force_n": (c_int, [c_char_p, c_size_t, c_size_p, c_void_p, c_char_p, c_size_t]),
    "muster_engine_deadlines": (c_int, [c_char_p, c_size_t, c_size_p, c_void_p]),
    "muster_engine_worklist": (c_int, [c_char_p, c_size_t, c_size_p, c_void_p, c_char_p, c_size_t]),
    "muster_engine_open_incidents": (c_int, [c_char_p, c_size_t, c_size_p, c_void_p]),
    "muster_engine_open_requests": (c_int, [c_char_p, c_size_t, c_size_p, c_void_p]),
    "muster_engine_open_orders": (c_int, [c_char_p, c_size_t, c_size_p, c_void_p]),
    "muster_engine_next_due": (c_int, [ctypes.POINTER(ctypes.c_int64), c_void_p]),
    "muster_engine_state_digest": (c_int, [c_char_p, c_size_t, c_void_p]),
    "muster_engine_now": (c_int, [ctypes.POINTER(ctypes.c_int64), c_void_p]),
    "muster_engine_flush": (c_int, [c_void_p]),
    "muster_engine_snapshot": (c_int, [c_void_p]),
    "muster_engine_flush_if_due": (c_int, [c_void_p]),
    "muster_engine_journal_seq": (c_int, [ctypes.POINTER(ctypes.c_uint64), ctypes.POINTER(ctypes.c_uint64), c_void_p]),
    "muster_engine_recovery": (c_int, [ctypes.POINTER(Recovery), c_void_p]),
    "muster_engine_snapshot_note": (c_int, [c_char_p, c_size_t, c_size_p, c_void_p]),
    "muster_engine_journal_head": (c_int, [ctypes.POINTER(JournalHead), c_void_p]),
    "muster_outcome_free": (None, [c_void_p]),
    "muster_outcome_accepted": (c_int, [c_void_p]),
    "muster_outcome_effect_count": (c_size_t, [c_void_p]),
    "muster_outcome_status": (c_int, [c_void_p]),
    "muster_outcome_seq": (ctypes.c_uint64, [c_void_p]),
    "muster_outcome_reason": (ctypes.c_int32, [c_void_p]),
    "muster_outcome_effect": (c_int, [ctypes.POINTER(EffectView), c_void_p, c_size_t]),
    "muster_effect_kind_str": (c_char_p, [ctypes.c_int32]),
    "muster_topic_str": (c_char_p, [ctypes.c_int32]),
    "muster_rejection_str": (c_char_p, [ctypes.c_int32]),
    "muster_outcome_error": (c_char_p, [c_void_p]),
    "muster_outcome_json": (c_int, [c_char_p, c_size_t, c_size_p, c_void_p]),
    "muster_outcome_effect_json": (c_int, [c_char_p, c_size_t, c_size_p, c_void_p, c_size_t]),
    "muster_engine_submit_batch": (c_int, [ctypes.POINTER(c_void_p), c_void_p, c_char_p, c_size_t]),
    "muster_batch_free": (None, [c_void_p]),
    "muster_batch_count": (c_size_t, [c_void_p]),
    "muster_batch_outcome": (c_int, [ctypes.POINTER(c_void_p), c_void_p, c_size_t]),
    "muster_batch_status": (c_int, [c_void_p, c_size_t]),
    "muster_journal_compact": (c_int, [ctypes.POINTER(CompactReport), c_void_p, c_char_p, c_char_p]),
    "muster_cap_import": (c_int, [c_char_p, c_size_t, c_size_p, c_void_p, c_char_p, c_size_t, c_char_p]),
}

_lock = threading.Lock()
_lib: Optional[ctypes.CDLL] = None
_path: Optional[str] = None


def _declare(lib: ctypes.CDLL) -> ctypes.CDLL:
    for name, (restype, argtypes) in _PROTOTYPES.items():
        fn = getattr(lib, name)
        fn.restype = restype
        fn.argtypes = argtypes
    return lib


def _load() -> Tuple[ctypes.CDLL, str]:
    return _loader.load(_declare)


def lib() -> ctypes.CDLL:
    """The loaded library (loading it on first use).

    Raises :class:`muster.LibraryNotFoundError` (an ``ImportError``) listing every place tried.
    """
    global _lib, _path
    if _lib is None:
        with _lock:
            if _lib is None:
                _lib, _path = _load()
    return _lib


def library_path() -> str:
    """Where the library was loaded from (a path, or a name the loader resolved)."""
    lib()
    assert _path is not None
    return _path


def error_last() -> str:
    """``muster_error_last()``: why the last failing call on this thread failed ("" if none)."""
    raw = lib().muster_error_last()
    return raw.decode("utf-8", "replace") if raw else ""


def status_str(code: int) -> str:
    """``muster_status_str(code)``: what a status code means ("rejected", "unknown status" …)."""
    return lib().muster_status_str(code).decode("ascii")


def outcome_error(outcome: int) -> str:
    """``muster_outcome_error``: why the outcome is not OK, as the library said ("" when accepted)."""
    raw = lib().muster_outcome_error(outcome)
    return raw.decode("utf-8", "replace") if raw else ""


def raise_for(code: int, what: str = "") -> None:
    """Raises the exception for a non-zero status, with ``muster_error_last()`` as its message."""
    if code == errors.OK:
        return
    message = error_last()
    if what:
        message = f"{what}: {message}" if message else what
    raise errors.error_class(code)(message, code)


_FIRST_CAPACITY = 4096


def call_with_buffer(fn: Callable[..., int], *args: object,
                     text_for: Tuple[int, ...] = (errors.OK, errors.EPOLICY)) -> Tuple[int, str]:
    """Calls a C function taking ``(char *out, size_t out_cap, size_t *out_len, …)`` (the buffer
    first, then ``args``) and returns
    ``(status, text)``. When the buffer is too small (``MUSTER_EBUFSIZE``), retries with the size
    the library asked for. ``text`` is the output for the statuses in ``text_for`` (``MUSTER_OK``
    and ``MUSTER_EPOLICY``; muster_cap_import also writes it with ``MUSTER_EMALFORMED``), else "".
    """
    capacity = _FIRST_CAPACITY
    for _ in range(8):  # the needed size can grow between calls if another thread changes the engine
        buf = ctypes.create_string_buffer(capacity)
        needed = c_size_t(0)
        rc = fn(buf, capacity, ctypes.byref(needed), *args)
        if rc == errors.EBUFSIZE:
            if needed.value + 1 <= capacity:
                raise errors.BufferSizeError(
                    f"the library asked for {needed.value} bytes with {capacity} offered", errors.EBUFSIZE)
            capacity = needed.value + 1
            continue
        if rc not in text_for:
            return rc, ""
        n = needed.value if needed.value < capacity else len(buf.value)
        return rc, buf.raw[:n].decode("utf-8")
    raise errors.BufferSizeError("the output kept growing; gave up after 8 attempts", errors.EBUFSIZE)


def path_arg(p: "os.PathLike[str] | str | None") -> Optional[bytes]:
    """A path for the C API (bytes in the file system encoding), or None. A NUL is refused: C would
    read the path only up to it, and open another file."""
    if p is None:
        return None
    path = os.fsencode(p)
    nul = path.find(b"\0")
    if nul >= 0:
        raise errors.InvalidArgumentError(f"path {p!r} holds a NUL at byte {nul}", errors.EINVAL)
    return path
