#!/usr/bin/env bash
# Proves bindings/python installs as a package and finds an installed libmuster: creates a fresh
# virtual environment in BUILD_DIR/python-venv (--system-site-packages: setuptools and wheel
# come from the system, no package index is reached), `pip install --no-build-isolation
# --no-index` a copy of bindings/python into it, and runs bindings/python/tests/check_installed.py
# with `python -I` (the checkout's package cannot shadow the installed one):
#   1. with nothing pointing at the library: LibraryNotFoundError listing every path tried;
#   2. MUSTER_LIBRARY=PREFIX/LIBDIR;  3. PKG_CONFIG_PATH=PREFIX/LIBDIR/pkgconfig;
#   4. LD_LIBRARY_PATH=PREFIX/LIBDIR (the dynamic loader, by name);
#   5. the library's runtime files installed into the environment itself (sys.prefix/lib, found
#      by its soname libmuster.so.0: a runtime install has no libmuster.so link).
#
#   scripts/test-python-package.sh BUILD_DIR [PREFIX]
# PREFIX: where BUILD_DIR is already installed (scripts/test-consumer.sh passes its own);
# without it BUILD_DIR is installed into a temporary prefix. MUSTER_PYTHON picks the interpreter
# (default: the first of python3, /usr/bin/python3 with setuptools >= 61 and wheel).
set -euo pipefail

if [ $# -lt 1 ] || [ $# -gt 2 ]; then
  echo "usage: $0 BUILD_DIR [PREFIX]" >&2
  exit 2
fi
build="$(cd "$1" && pwd)"
src="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
tmp="$(mktemp -d "${TMPDIR:-/tmp}/muster-python.XXXXXX")"
trap 'rm -rf "$tmp"' EXIT
fail() { printf 'test-python-package: %s\n' "$*" >&2; exit 1; }
note() { printf '  - %s\n' "$*"; }

if [ $# -eq 2 ]; then
  prefix="$(cd "$2" && pwd)"
else
  prefix="$tmp/prefix"
  cmake --install "$build" --prefix "$prefix" >"$tmp/install.log" || { cat "$tmp/install.log" >&2; fail "install failed"; }
fi
pc="$(find "$prefix" -name muster.pc -print -quit)"
[ -n "$pc" ] || fail "no muster.pc under $prefix"
libdir="$(cd "$(dirname "$pc")/.." && pwd)"
[ -e "$libdir/libmuster.so" ] || fail "no libmuster.so in $libdir"
rules="$prefix/share/muster/rules"

# An interpreter that can build the package offline.
can_build='import sys, setuptools, wheel; sys.exit(int(setuptools.__version__.split(".")[0]) < 61)'
python="${MUSTER_PYTHON:-}"
if [ -z "$python" ]; then
  for candidate in python3 /usr/bin/python3; do
    if command -v "$candidate" >/dev/null 2>&1 && "$candidate" -c "$can_build" 2>/dev/null; then
      python="$candidate"; break
    fi
  done
  [ -n "$python" ] || fail "no python3 with setuptools >= 61 and wheel (Debian: python3-setuptools python3-wheel; scripts/install-deps.sh)"
fi

venv="$build/python-venv"
rm -rf "$venv"
"$python" -m venv --system-site-packages "$venv" >"$tmp/venv.log" 2>&1 \
  || { cat "$tmp/venv.log" >&2; fail "$python -m venv failed (Debian: python3-venv; scripts/install-deps.sh)"; }
vpy="$venv/bin/python"
# A copy, so the build leaves nothing (build/, *.egg-info) in the source tree.
cp -r "$src/bindings/python" "$tmp/package"
rm -rf "$tmp/package/build" "$tmp/package"/*.egg-info
unset PYTHONPATH MUSTER_LIBRARY
"$vpy" -m pip install --no-build-isolation --no-index --disable-pip-version-check --no-warn-script-location \
  "$tmp/package" >"$tmp/pip.log" 2>&1 || { cat "$tmp/pip.log" >&2; fail "pip install bindings/python failed"; }
version="$("$vpy" -I -c 'import importlib.metadata as m; print(m.version("muster"))')"
note "pip install --no-build-isolation --no-index bindings/python: muster $version into $venv ($("$vpy" -c 'import sys; print(sys.version.split()[0])'), $python)"

check=("$vpy" -I "$src/bindings/python/tests/check_installed.py")
# Run from a directory holding no package, with no hint to the library unless given.
clean=(env -u LD_LIBRARY_PATH -u MUSTER_LIBRARY PKG_CONFIG_PATH="$tmp/none" PKG_CONFIG_LIBDIR="$tmp/none")
cd "$tmp"

# 1. Nowhere (unless the system has one: then it would rightly be found).
if ldconfig -p 2>/dev/null | grep -q 'libmuster\.so' || ls /usr/local/lib*/libmuster.so* >/dev/null 2>&1; then
  note "skipped the no-library case: this system has a libmuster of its own"
else
  "${clean[@]}" "${check[@]}" --missing | sed 's/^/    /' || fail "without the library"
fi
# 2–4. Pointed at the installed prefix three ways.
"${clean[@]}" MUSTER_LIBRARY="$libdir" "${check[@]}" --found-in "$libdir" "$rules/weihai.yaml" "$rules/weihai-forces.yaml" \
  | sed 's/^/    MUSTER_LIBRARY: /' || fail "with MUSTER_LIBRARY"
"${clean[@]}" PKG_CONFIG_PATH="$libdir/pkgconfig" "${check[@]}" --found-in "$libdir" "$rules/weihai.yaml" "$rules/weihai-forces.yaml" \
  | sed 's/^/    PKG_CONFIG_PATH: /' || fail "with PKG_CONFIG_PATH"
"${clean[@]}" LD_LIBRARY_PATH="$libdir" "${check[@]}" --found-in libmuster.so "$rules/weihai.yaml" "$rules/weihai-forces.yaml" \
  | sed 's/^/    LD_LIBRARY_PATH: /' || fail "with LD_LIBRARY_PATH"
# 5. The runtime component installed into the environment's own prefix.
cmake --install "$build" --prefix "$venv" --component muster_runtime >"$tmp/install-venv.log" \
  || { cat "$tmp/install-venv.log" >&2; fail "installing the runtime into $venv failed"; }
venv_libdir="$(dirname "$(find "$venv" -name 'libmuster.so.*' -print -quit)")"
[ -e "$venv_libdir/libmuster.so" ] && fail "the runtime component installed the development link libmuster.so"
"${clean[@]}" "${check[@]}" --found-in "$venv_libdir" "$venv/share/muster/rules/weihai.yaml" "$venv/share/muster/rules/weihai-forces.yaml" \
  | sed 's/^/    sys.prefix: /' || fail "with the library in the environment's prefix"
note "ok: the package installs offline and finds the installed library"
