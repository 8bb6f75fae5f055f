#!/usr/bin/env bash
# Proves the package works for an embedder: installs BUILD_DIR into a temporary prefix, compiles
# each installed header on its own, then uses the installed package four ways:
#   1. find_package(muster): tests/consumer, a C++ program (muster::muster, libmuster_cpp.a) and a
#      C one (muster::muster_c, libmuster.so); the C++ one must not need libmuster.so;
#   2. find_package(muster COMPONENTS c) from a C-only project (tests/consumer/c-only), with every
#      C++ dependency's find_package disabled: the C component needs none of them;
#   3. pkg-config muster: the C consumer compiled with nothing but its flags;
#   4. Python: `pip install bindings/python` into a fresh virtual environment, run against the
#      installed libmuster (scripts/test-python-package.sh).
#
#   scripts/test-consumer.sh BUILD_DIR        (make test-plain runs it after ctest)
#
# With MUSTER_CONSUMER_FROM_SOURCE=1 it also builds tests/consumer with add_subdirectory() of
# this source tree (the same target names; slow: the library is compiled again).
set -euo pipefail

if [ $# -ne 1 ]; then
  echo "usage: $0 BUILD_DIR" >&2
  exit 2
fi
build="$(cd "$1" && pwd)"
src="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
tmp="$(mktemp -d "${TMPDIR:-/tmp}/muster-consumer.XXXXXX")"
trap 'rm -rf "$tmp"' EXIT
prefix="$tmp/prefix"

step() { printf '== %s\n' "$*"; }
fail() { printf 'test-consumer: %s\n' "$*" >&2; exit 1; }

step "install $build into $prefix"
cmake --install "$build" --prefix "$prefix" >"$tmp/install.log" || { cat "$tmp/install.log" >&2; fail "install failed"; }

config="$(find "$prefix" -name musterConfig.cmake -print -quit)"
[ -n "$config" ] || fail "no musterConfig.cmake in the install tree"
libdir="$(cd "$(dirname "$config")/../.." && pwd)"  # PREFIX/LIBDIR/cmake/muster
cmakedir="$(dirname "$config")"
for f in "$prefix/include/muster/engine.hpp" "$prefix/include/muster/muster.h" "$libdir/libmuster_cpp.a" \
         "$libdir/libmuster.so" "$libdir/pkgconfig/muster.pc" "$cmakedir/musterConfigVersion.cmake" \
         "$cmakedir/musterCxxTargets.cmake" "$cmakedir/musterCTargets.cmake" \
         "$prefix/share/muster/rules/weihai.yaml" "$prefix/share/muster/rules/weihai-forces.yaml"; do
  [ -e "$f" ] || fail "missing from the install tree: ${f#"$prefix"/}"
done
# The name muster belongs to the C API: an archive called libmuster.a must hold it, or not exist
# (a static link with -lmuster would otherwise pick the C++ library and find no muster_*).
if [ -e "$libdir/libmuster.a" ]; then
  nm -g --defined-only "$libdir/libmuster.a" 2>/dev/null | grep -q ' T muster_engine_open$' \
    || fail "lib/libmuster.a exists but has no C API (muster_engine_open)"
fi
needed() { readelf -d "$1" | sed -n 's/.*(NEEDED).*\[\(.*\)\]/\1/p'; }
export LD_LIBRARY_PATH="$libdir${LD_LIBRARY_PATH:+:$LD_LIBRARY_PATH}"

# Each public header stands alone as installed: a translation unit holding only its #include,
# given only -I PREFIX/include (Boost and fmt come from the system), compiles as C++17 without
# warnings; the C header compiles as C99 too. A header that leans on another it does not
# include, or on src/, fails here with its name.
step "each installed header compiles on its own (-I $prefix/include)"
for h in "$src"/bindings/c/include/muster/*.h; do
  [ -e "$prefix/include/muster/$(basename "$h")" ] || fail "missing from the install tree: include/muster/$(basename "$h")"
done
header_flags=(-Wall -Wextra -Wpedantic -Werror -I "$prefix/include" -c -o "$tmp/header.o")
headers=0
while IFS= read -r -d '' h; do
  rel="${h#"$prefix/include/"}"
  printf '#include <%s>\n' "$rel" >"$tmp/header.cpp"
  ${CXX:-c++} -std=c++17 "${header_flags[@]}" "$tmp/header.cpp" >"$tmp/header.log" 2>&1 \
    || { cat "$tmp/header.log" >&2; fail "<$rel> does not compile on its own as C++17"; }
  if [ "${rel##*.}" = h ]; then
    printf '#include <%s>\n' "$rel" >"$tmp/header.c"
    ${CC:-cc} -std=c99 "${header_flags[@]}" "$tmp/header.c" >"$tmp/header.log" 2>&1 \
      || { cat "$tmp/header.log" >&2; fail "<$rel> does not compile on its own as C99"; }
  fi
  headers=$((headers + 1))
done < <(find "$prefix/include/muster" -type f \( -name '*.hpp' -o -name '*.h' \) -print0 | sort -z)
[ "$headers" -gt 0 ] || fail "no headers under $prefix/include/muster"
echo "$headers headers, each alone"

if [ -x "$build/muster" ]; then  # built unless MUSTER_BUILD_CLI=OFF
  step "the installed command"
  [ -x "$prefix/bin/muster" ] || fail "missing from the install tree: bin/muster"
  "$prefix/bin/muster" validate "$prefix/share/muster/rules/weihai.yaml" \
    --forces "$prefix/share/muster/rules/weihai-forces.yaml" >"$tmp/validate.log" \
    || { cat "$tmp/validate.log" >&2; fail "the installed command fails on the installed rules"; }
  tail -n 1 "$tmp/validate.log"
fi

step "find_package(muster): configure, build and run tests/consumer"
cmake -S "$src/tests/consumer" -B "$tmp/build" -DCMAKE_PREFIX_PATH="$prefix" -DCMAKE_BUILD_TYPE=Release \
  >"$tmp/configure.log" || { cat "$tmp/configure.log" >&2; fail "configuring the consumer failed"; }
grep -- '-- muster ' "$tmp/configure.log" || true
cmake --build "$tmp/build" -j "$(nproc 2>/dev/null || echo 2)" >"$tmp/build.log" \
  || { cat "$tmp/build.log" >&2; fail "building the consumer failed"; }
ctest --test-dir "$tmp/build" --output-on-failure
# Each language's library without the other: the C++ program is linked from the archive alone.
needed "$tmp/build/consumer_cpp" | grep -q '^libmuster\.' && fail "consumer_cpp needs $(needed "$tmp/build/consumer_cpp" | grep '^libmuster\.')"
needed "$tmp/build/consumer_c" | grep -qx 'libmuster\.so\.[0-9]*' || fail "consumer_c does not need libmuster.so"
echo "consumer_cpp: libmuster_cpp.a only; consumer_c: $(needed "$tmp/build/consumer_c" | grep '^libmuster\.')"

# With a C++ dependency missing, the C++ component fails find_package and says which.
cmake -S "$src/tests/consumer" -B "$tmp/build-nofmt" -DCMAKE_PREFIX_PATH="$prefix" -DCMAKE_DISABLE_FIND_PACKAGE_fmt=ON \
  >"$tmp/nofmt.log" 2>&1 && { cat "$tmp/nofmt.log" >&2; fail "find_package(muster) succeeded without fmt"; }
tr -s ' \n' ' ' <"$tmp/nofmt.log" | grep -q 'component cxx (muster::muster) needs packages that were not found: fmt' \
  || { cat "$tmp/nofmt.log" >&2; fail "find_package(muster) without fmt does not say why"; }

step "find_package(muster COMPONENTS c) from a C-only project, every C++ dependency disabled"
nocxx=()
for dep in fmt yaml-cpp OpenSSL Boost nlohmann_json pugixml; do nocxx+=("-DCMAKE_DISABLE_FIND_PACKAGE_$dep=ON"); done
cmake -S "$src/tests/consumer/c-only" -B "$tmp/build-c" -DCMAKE_PREFIX_PATH="$prefix" -DCMAKE_BUILD_TYPE=Release \
  "${nocxx[@]}" >"$tmp/configure-c.log" 2>&1 || { cat "$tmp/configure-c.log" >&2; fail "configuring the C-only consumer failed"; }
grep -- '-- muster ' "$tmp/configure-c.log" || true
grep -qi 'CMAKE_CXX_COMPILER' "$tmp/build-c/CMakeCache.txt" && fail "the C-only consumer enabled C++"
cmake --build "$tmp/build-c" >"$tmp/build-c.log" 2>&1 || { cat "$tmp/build-c.log" >&2; fail "building the C-only consumer failed"; }
ctest --test-dir "$tmp/build-c" --output-on-failure

step "pkg-config muster"
export PKG_CONFIG_PATH="$libdir/pkgconfig"
flags="$(pkg-config --cflags --libs muster)" || fail "pkg-config does not know muster"
echo "pkg-config --cflags --libs muster: $flags"
case " $flags " in *" -I$prefix/include "*) ;; *) fail "pkg-config: no -I$prefix/include";; esac
case " $flags " in *" -L$libdir "*) ;; *) fail "pkg-config: no -L$libdir";; esac
case " $flags " in *" -lmuster "*) ;; *) fail "pkg-config: no -lmuster";; esac
[ "$(pkg-config --modversion muster)" = "$(sed -n 's/^Version: //p' "$libdir/pkgconfig/muster.pc")" ] || fail "pkg-config version"
# shellcheck disable=SC2086  # the flags are words
${CC:-cc} -std=c99 -Wall -Wextra -o "$tmp/consumer_pc" "$src/tests/consumer/consumer.c" $flags
"$tmp/consumer_pc" "$prefix/share/muster/rules/weihai.yaml" "$prefix/share/muster/rules/weihai-forces.yaml"
needed "$tmp/consumer_pc" | grep -qx 'libmuster\.so\.[0-9]*' || fail "-lmuster did not link libmuster.so"

step "Python: pip install bindings/python into a fresh virtual environment, against the installed libmuster"
bash "$src/scripts/test-python-package.sh" "$build" "$prefix"

if [ "${MUSTER_CONSUMER_FROM_SOURCE:-0}" = 1 ]; then
  step "add_subdirectory(muster): configure, build and run tests/consumer"
  cmake -S "$src/tests/consumer" -B "$tmp/from-source" -DMUSTER_SOURCE_DIR="$src" >"$tmp/from-source.log" \
    || { cat "$tmp/from-source.log" >&2; fail "configuring the consumer from source failed"; }
  cmake --build "$tmp/from-source" -j "$(nproc 2>/dev/null || echo 2)" >>"$tmp/from-source.log" \
    || { cat "$tmp/from-source.log" >&2; fail "building the consumer from source failed"; }
  ctest --test-dir "$tmp/from-source" --output-on-failure
fi

step "ok: the installed package works with find_package (C++, C, C only), pkg-config and pip"
