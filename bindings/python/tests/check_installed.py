"""Checks an installed muster package (not the checkout's copy) against the library it finds.

    python check_installed.py --found-in DIR|NAME POLICY FORCES   the library loads from DIR (or by NAME)
    python check_installed.py --missing                          it is nowhere: a clear error

Run by scripts/test-python-package.sh in a fresh virtual environment, with ``python -I`` so that
neither PYTHONPATH nor the current directory can put the source tree's package first.
"""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path


def fail(message: str) -> None:
    print(f"check_installed: {message}", file=sys.stderr)
    sys.exit(1)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--found-in", help="the directory the library must come from, or the name the loader resolved")
    parser.add_argument("--missing", action="store_true", help="no library anywhere: expect LibraryNotFoundError")
    parser.add_argument("files", nargs="*", help="POLICY FORCES")
    args = parser.parse_args()

    import muster  # must succeed with or without the library

    where = Path(muster.__file__).resolve()
    if Path(sys.prefix).resolve() not in where.parents:
        fail(f"muster imported from {where}, not from the environment {sys.prefix}")
    if muster.EffectKind.NOTIFY.value != "notify":  # the types work without loading anything
        fail("muster.EffectKind.NOTIFY is not 'notify'")

    if args.missing:
        try:
            path = muster.library_path()
        except muster.LibraryNotFoundError as e:
            message = str(e)
            if not isinstance(e, ImportError):
                fail("LibraryNotFoundError is not an ImportError")
            expected = [str(Path(sys.prefix) / "lib" / "libmuster.so"), str(where.parent / "libmuster.so"),
                        "libmuster.so (the dynamic loader)", "libmuster.so.0 (the dynamic loader)",
                        'ctypes.util.find_library("muster")', "LD_LIBRARY_PATH="]
            absent = [x for x in expected if x not in message]
            if absent or len(e.searched) < len(expected):
                fail(f"the error does not list {absent}:\n{message}")
            print(f"no library: LibraryNotFoundError listing {len(e.searched)} places, e.g.")
            print("\n".join(message.splitlines()[:1] + message.splitlines()[-4:]))
            return
        fail(f"expected no library, but one loaded from {path}")

    if len(args.files) != 2 or not args.found_in:
        parser.error("--found-in DIR|NAME POLICY FORCES")
    path = muster.library_path()
    found_in = args.found_in
    if os.sep in found_in:
        if Path(path).resolve().parent != Path(found_in).resolve():
            fail(f"the library came from {path}, not from {found_in}")
    elif path != found_in:
        fail(f"the library came from {path!r}, not by the name {found_in!r}")
    if muster.version() != muster._version.__version__:
        fail(f"library {muster.version()}, package {muster._version.__version__}")

    policy, forces = args.files
    ok, diagnostics = muster.validate(policy, forces)
    if not ok:
        fail("validate: " + "\n".join(map(str, diagnostics)))
    with muster.Engine.open(policy, forces) as eng:
        outcome = eng.submit({"id": "e1", "kind": "incident.report", "at": "2026-07-10T09:00:00+08:00",
                              "actor": "wendeng_water", "incident": "INC-1", "jurisdiction": "wendeng",
                              "incident_type": "flood", "grade": "general"})
        if not outcome.accepted or not outcome.effects:
            fail(f"the first report was not accepted with effects: {outcome}")
        state = eng.incident("INC-1")["state"]
    print(f"muster {muster.version()} from {path}: validate ok, "
          f"{len(outcome.effects)} effects, incident {state}")


if __name__ == "__main__":
    main()
