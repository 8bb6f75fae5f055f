"""Where the Muster C library (``libmuster.so``, the C API) is looked for, and why it was not found.

``import muster`` never loads the library: the first call that needs it does (``Engine.open``,
``validate``, ``version()`` …), and :func:`muster.library_path` loads it on purpose, so a host can
fail at start-up. When it cannot be loaded, that call raises :class:`LibraryNotFoundError` (an
``ImportError``) listing every path tried and why each failed. Looked for, in order:

1. ``MUSTER_LIBRARY``: the library file, or a directory holding it. When it is set it is the only
   place looked at: a wrong value is an error, never a silent fallback to another copy;
2. next to the package: the ``muster/`` directory itself (a packager may put the library there)
   and the directory above it;
3. when the package runs from a source checkout (``bindings/python``): its build trees
   ``build*/bindings/c``, ``build*`` and ``build*/lib`` (a tree built with sanitizers is
   skipped: its library would abort Python, whose sanitizer runtime is not loaded first);
4. installed prefixes: the ``libdir`` of ``pkg-config muster`` (so ``PKG_CONFIG_PATH`` points at
   any prefix), then ``lib`` of ``sys.prefix`` (a virtual environment or conda prefix the library
   was installed into) and ``/usr/local`` (CMake's default prefix, which ``ldconfig`` may not
   know until it is run), with their ``lib64`` and multiarch (``lib/x86_64-linux-gnu``) forms;
5. the dynamic loader, by name (``libmuster.so``, then the versioned ``libmuster.so.0``):
   ``LD_LIBRARY_PATH``, the ``ldconfig`` cache and the system directories; then
   ``ctypes.util.find_library("muster")``.

In each directory ``libmuster.so`` is tried, then ``libmuster.so.MAJOR`` (a runtime-only install
has no unversioned link). A library that loads but is not a usable Muster C API — a missing
``muster_*`` function, or another major.minor version than this package's — is skipped with
the reason, and the search goes on.
"""

from __future__ import annotations

import ctypes
import ctypes.util
import os
import shutil
import subprocess
import sys
import sysconfig
from pathlib import Path
from typing import Callable, List, Optional, Tuple

from ._version import __version__

_MAJOR, _MINOR = (int(part) for part in __version__.split(".")[:2])

if sys.platform == "darwin":
    NAMES: Tuple[str, ...] = ("libmuster.dylib", f"libmuster.{_MAJOR}.dylib")
elif sys.platform == "win32":
    NAMES = ("muster.dll", "libmuster.dll")
else:
    NAMES = ("libmuster.so", f"libmuster.so.{_MAJOR}")


class LibraryNotFoundError(ImportError):
    """The Muster C library could not be loaded.

    Attributes:
        searched: every place tried, in order, as ``(path or name, why it failed)``.
    """

    def __init__(self, message: str, searched: List[Tuple[str, str]]) -> None:
        super().__init__(message)
        self.searched = searched


def _package_dir() -> Path:
    return Path(__file__).resolve().parent


def _sanitized(build: Path) -> Optional[str]:
    """Why a build tree's library cannot be loaded here: built with sanitizers, whose runtime
    must come first in the process (loading it would abort Python, not fail)."""
    try:
        cache = (build / "CMakeCache.txt").read_text(errors="replace")
    except OSError:
        return None
    for line in cache.splitlines():
        if line.startswith(("CMAKE_C_FLAGS:", "CMAKE_CXX_FLAGS:")) and "-fsanitize" in line:
            return "skipped: built with sanitizers (" + line.split("=", 1)[-1].strip() + ")"
    return None


def _checkout_dirs() -> List[Tuple[Path, Optional[str]]]:
    """Build trees of the source checkout this package sits in (bindings/python/muster), each
    with the reason it is skipped, if it is."""
    root = _package_dir().parent.parent.parent
    if not (root / "bindings" / "c" / "include" / "muster" / "muster.h").is_file():
        return []
    dirs: List[Tuple[Path, Optional[str]]] = []
    for build in sorted(root.glob("build*")):
        if build.is_dir():
            skip = _sanitized(build)
            dirs += [(build / "bindings" / "c", skip), (build, skip), (build / "lib", skip)]
    return dirs


def _pkg_config_libdir() -> Optional[Path]:
    exe = shutil.which("pkg-config")
    if not exe:
        return None
    try:
        run = subprocess.run([exe, "--variable=libdir", "muster"], capture_output=True, text=True, timeout=10)
    except (OSError, subprocess.SubprocessError):
        return None
    libdir = run.stdout.strip()
    return Path(libdir) if run.returncode == 0 and libdir else None


def _prefix_dirs() -> List[Path]:
    multiarch = sysconfig.get_config_var("MULTIARCH") or ""
    dirs: List[Path] = []
    pc = _pkg_config_libdir()
    if pc is not None:
        dirs.append(pc)
    for prefix in dict.fromkeys([sys.prefix, "/usr/local"]):  # ordered, without duplicates
        dirs += [Path(prefix) / "lib", Path(prefix) / "lib64"]
        if multiarch:
            dirs.append(Path(prefix) / "lib" / multiarch)
    return dirs


def search_dirs() -> List[Tuple[Path, Optional[str]]]:
    """The directories of steps 2–4, in order, each with the reason it is skipped (or None)."""
    here = _package_dir()
    return ([(here, None), (here.parent, None)] + _checkout_dirs()
            + [(d, None) for d in _prefix_dirs()])


def _check(lib: ctypes.CDLL) -> None:
    """Raises OSError when ``lib`` is not a Muster C API this package can use."""
    try:
        number = lib.muster_version_number
    except AttributeError as e:
        raise OSError(f"not the Muster C library ({e})") from e
    number.restype = ctypes.c_uint
    number.argtypes = []
    version = int(number())
    major, minor = version // 10000, version // 100 % 100
    if (major, minor) != (_MAJOR, _MINOR):
        raise OSError(f"Muster {major}.{minor}.{version % 100}, but this package (muster {__version__}) "
                      f"needs {_MAJOR}.{_MINOR}.x")


def _try(target: str, declare: Callable[[ctypes.CDLL], ctypes.CDLL]) -> ctypes.CDLL:
    lib = ctypes.CDLL(target)
    _check(lib)
    try:
        return declare(lib)
    except AttributeError as e:  # a function this package declares is missing: an older library
        raise OSError(f"not the C API this package needs ({e})") from e


def load(declare: Callable[[ctypes.CDLL], ctypes.CDLL]) -> Tuple[ctypes.CDLL, str]:
    """Loads the library as the module docstring says; ``declare`` sets its prototypes.

    Returns ``(library, where)``; raises :class:`LibraryNotFoundError` listing every place tried.
    """
    explicit = os.environ.get("MUSTER_LIBRARY")
    if explicit:
        path = Path(explicit)
        files = [path / n for n in NAMES] if path.is_dir() else [path]
        searched: List[Tuple[str, str]] = []
        loaded = set()
        for f in files:
            if not f.is_file():
                searched.append((str(f), "no such file"))
                continue
            if f.resolve() in loaded:
                continue
            loaded.add(f.resolve())
            try:
                return _try(str(f), declare), str(f)
            except OSError as e:
                searched.append((str(f), str(e)))
        raise LibraryNotFoundError(
            f"MUSTER_LIBRARY={explicit}: cannot load the Muster C library there (MUSTER_LIBRARY, when "
            "set, is the only place looked at; unset it to search the usual places)\n" + _render(searched),
            searched)

    searched = []
    seen = set()
    for d, skip in search_dirs():
        for name in NAMES:
            f = d / name
            key = str(f.resolve()) if f.exists() else str(f)
            if key in seen:  # the same directory twice, or libmuster.so -> libmuster.so.0
                continue
            seen.add(key)
            if not f.is_file():
                searched.append((str(f), "no such file"))
            elif skip:
                searched.append((str(f), skip))
            else:
                try:
                    return _try(str(f), declare), str(f)
                except OSError as e:
                    searched.append((str(f), str(e)))
    found = ctypes.util.find_library("muster")
    for name in list(NAMES) + ([found] if found and found not in NAMES else []):
        try:
            return _try(name, declare), name
        except OSError as e:
            searched.append((f"{name} (the dynamic loader)", str(e)))
    if not found:
        searched.append(('ctypes.util.find_library("muster") (ldconfig -p)', "not found"))
    raise LibraryNotFoundError(
        f"cannot find the Muster C library ({NAMES[0]}), needed by the muster package {__version__}.\n"
        "Build it (cmake --build build) or install it (cmake --install build --prefix P), then set "
        "MUSTER_LIBRARY to the file or its directory, or make it known to pkg-config "
        "(PKG_CONFIG_PATH=P/lib/pkgconfig) or to the dynamic loader (LD_LIBRARY_PATH, ldconfig).\n"
        f"LD_LIBRARY_PATH={os.environ.get('LD_LIBRARY_PATH', '')!r}\n" + _render(searched),
        searched)


def _render(searched: List[Tuple[str, str]]) -> str:
    return "\n".join(f"  tried {where}: {why}" for where, why in searched)
