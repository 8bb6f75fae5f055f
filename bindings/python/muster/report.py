"""Scorecards for supervision (5.1): :func:`report` reads a journal and returns how each
jurisdiction and force answered, as ``muster report --format json`` does (docs/report.md)."""

from __future__ import annotations

import json
import os
from typing import Any, Dict, Optional, Union

from . import _native, errors

PathArg = Union[str, "os.PathLike[str]"]
TimeArg = Union[str, int]


def report(policy: PathArg, forces: PathArg, journal: PathArg, *, start: Optional[TimeArg] = None,
           end: Optional[TimeArg] = None, by: Optional[str] = None) -> Dict[str, Any]:
    """The scorecards of the journal at ``journal``, written under ``policy`` and ``forces``, as a dict.

    ``start`` / ``end`` (RFC 3339 with its offset, or seconds since 1970) count only what started
    in [start, end); ``by`` ("jurisdiction" or "force") keeps one grouping. The journal is
    verified first and never changed: one that does not verify raises
    :class:`~muster.errors.JournalError` naming the record; a bad option raises
    :class:`~muster.errors.InvalidArgumentError`.

    >>> r = muster.report("rules/weihai.yaml", "rules/weihai-forces.yaml", "weihai.journal")
    >>> r["total"]["orders"]["ack_latency"]["p50"]      # seconds
    """
    options: Dict[str, Any] = {}
    if start is not None:
        options["from"] = start
    if end is not None:
        options["to"] = end
    if by is not None:
        options["by"] = by
    opts = json.dumps(options).encode("utf-8") if options else None
    rc, text = _native.call_with_buffer(_native.lib().muster_report, _native.path_arg(policy), _native.path_arg(forces),
                                        _native.path_arg(journal), opts, len(opts) if opts else 0,
                                        text_for=(errors.OK,))
    if rc != errors.OK:
        _native.raise_for(rc, f"report {os.fspath(journal)}")
    return json.loads(text)
