"""Tests of how the package finds the C library (muster._loader), and of what it says when it cannot.

    PYTHONPATH=bindings/python python3 -m unittest discover -s bindings/python/tests -p 'test_loader.py' -v

(ctest runs it with the other tests as python.unit.) The installed package, in a fresh virtual
environment against an installed library, is checked by scripts/test-python-package.sh.
"""

from __future__ import annotations

import ctypes
import os
import subprocess
import sys
import tempfile
import unittest
from pathlib import Path
from unittest import mock

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent))  # bindings/python, when PYTHONPATH does not say so

import muster  # noqa: E402
from muster import _loader  # noqa: E402


def no_declare(lib: ctypes.CDLL) -> ctypes.CDLL:
    return lib


class TestLoader(unittest.TestCase):
    def test_import_does_not_load_the_library(self) -> None:
        env = dict(os.environ, MUSTER_LIBRARY=os.devnull, PYTHONPATH=str(HERE.parent))
        run = subprocess.run([sys.executable, "-c", "import muster; print(muster.EffectKind.NOTIFY.value)"],
                             env=env, capture_output=True, text=True)
        self.assertEqual(run.returncode, 0, run.stderr)
        self.assertEqual(run.stdout.strip(), "notify")

    def test_error_is_an_import_error_listing_each_file(self) -> None:
        with tempfile.TemporaryDirectory() as empty, mock.patch.dict(os.environ, {"MUSTER_LIBRARY": empty}):
            with self.assertRaises(muster.LibraryNotFoundError) as caught:
                _loader.load(no_declare)
        self.assertIsInstance(caught.exception, ImportError)
        for name in _loader.NAMES:
            self.assertIn(str(Path(empty) / name), str(caught.exception))
            self.assertIn((str(Path(empty) / name), "no such file"), caught.exception.searched)

    def test_a_library_that_is_not_muster_is_skipped_with_the_reason(self) -> None:
        import _ctypes  # a shared object that loads, and is not Muster
        other = getattr(_ctypes, "__file__", None)
        if not other:
            self.skipTest("_ctypes is built into this interpreter")
        with mock.patch.dict(os.environ, {"MUSTER_LIBRARY": other}):
            with self.assertRaises(muster.LibraryNotFoundError) as caught:
                _loader.load(no_declare)
        self.assertIn("not the Muster C library", str(caught.exception))

    def test_the_search_lists_every_step(self) -> None:
        dirs = [str(d) for d, _ in _loader.search_dirs()]
        package = Path(muster.__file__).resolve().parent
        self.assertEqual(dirs[:2], [str(package), str(package.parent)])
        self.assertIn(str(Path(sys.prefix) / "lib"), dirs)
        self.assertIn("/usr/local/lib", dirs)

    def test_a_sanitizer_build_is_skipped_not_loaded(self) -> None:
        with tempfile.TemporaryDirectory() as build:
            Path(build, "CMakeCache.txt").write_text(
                "CMAKE_C_FLAGS:STRING=-fsanitize=address,undefined\nCMAKE_BUILD_TYPE:STRING=Debug\n")
            self.assertIn("sanitizers", _loader._sanitized(Path(build)) or "")
            Path(build, "CMakeCache.txt").write_text("CMAKE_C_FLAGS:STRING=-O2\n")
            self.assertIsNone(_loader._sanitized(Path(build)))

    def test_the_loaded_library_has_this_packages_version(self) -> None:
        from muster._version import __version__
        self.assertEqual(muster.version(), __version__)


if __name__ == "__main__":
    unittest.main()
