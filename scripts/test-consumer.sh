#!/usr/bin/env bash
# Proves the package works for an embedder: installs BUILD_DIR into a temporary prefix, compiles
# each installed header on its own, then uses the installed package five ways:
#   1. find_package(muster): tests/consumer, a C++ program (muster::muster, libmuster_cpp.a) and a
#      C one twice (muster::muster_c, libmuster.so; muster::muster_c_static, libmuster.a); only
#      the shared one may need libmuster.so;
#   2. find_package(muster COMPONENTS c) from a C-only project (tests/consumer/c-only), with every
#      C++ dependency's find_package disabled: the C component needs none of them;
#   3. find_package(muster COMPONENTS c_static) from a C-only project (tests/consumer/c-static),
#      with Boost and nlohmann_json disabled: the archive's link interface is all it needs; and
#      the bad cases, an unknown component and a missing dependency, fail saying which;
#   4. pkg-config muster: the C consumer compiled with nothing but its flags, and again with
#      those of --static against libmuster.a;
#   5. Python: `pip install bindings/python` into a fresh virtual environment, run against the
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
         "$libdir/libmuster.so" "$libdir/libmuster.a" "$libdir/pkgconfig/muster.pc" "$cmakedir/musterConfigVersion.cmake" \
         "$cmakedir/musterCxxTargets.cmake" "$cmakedir/musterCTargets.cmake" "$cmakedir/musterCStaticTargets.cmake" \
         "$prefix/share/muster/rules/weihai.yaml" "$prefix/share/muster/rules/weihai-forces.yaml"; do
  [ -e "$f" ] || fail "missing from the install tree: ${f#"$prefix"/}"
done
# The name muster belongs to the C API: libmuster.a holds it (a static link with -lmuster must
# never find an archive without muster_*), and the engine with it, so that it needs no
# libmuster_cpp.a: each muster:: symbol one of its objects uses, another defines.
# (nm's output goes to files first: grep -q would close the pipe early, failing it under pipefail.)
nm -g -C "$libdir/libmuster.a" >"$tmp/archive-nm" 2>/dev/null || fail "nm cannot read lib/libmuster.a"
grep -q ' T muster_engine_open$' "$tmp/archive-nm" || fail "lib/libmuster.a has no C API (muster_engine_open)"
sed -n 's/^ *U \(muster::.*\)/\1/p' "$tmp/archive-nm" | sort -u >"$tmp/archive-uses"
sed -n 's/^[0-9a-f]* [A-TV-Za-z] //p' "$tmp/archive-nm" | sort -u >"$tmp/archive-defines"
[ -s "$tmp/archive-uses" ] || fail "lib/libmuster.a uses no muster:: symbol: is the C API in it?"
missing="$(comm -23 "$tmp/archive-uses" "$tmp/archive-defines" | head -n 5)"
[ -z "$missing" ] || fail "lib/libmuster.a uses engine symbols it does not define (the engine is not in it?):"$'\n'"$missing"
echo "lib/libmuster.a: the C API and the engine ($(wc -l <"$tmp/archive-uses") muster:: symbols used, all defined)"
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
needed "$tmp/build/consumer_c_static" | grep -q '^libmuster\.' && fail "consumer_c_static needs $(needed "$tmp/build/consumer_c_static" | grep '^libmuster\.')"
echo "consumer_cpp: libmuster_cpp.a only; consumer_c: $(needed "$tmp/build/consumer_c" | grep '^libmuster\.'); consumer_c_static: libmuster.a only"

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

step "find_package(muster COMPONENTS c_static) from a C-only project, Boost and nlohmann_json disabled"
cmake -S "$src/tests/consumer/c-static" -B "$tmp/build-cs" -DCMAKE_PREFIX_PATH="$prefix" -DCMAKE_BUILD_TYPE=Release \
  -DCMAKE_DISABLE_FIND_PACKAGE_Boost=ON -DCMAKE_DISABLE_FIND_PACKAGE_nlohmann_json=ON >"$tmp/configure-cs.log" 2>&1 \
  || { cat "$tmp/configure-cs.log" >&2; fail "configuring the static C-only consumer failed"; }
grep -- '-- muster ' "$tmp/configure-cs.log" || true
grep -qi 'CMAKE_CXX_COMPILER' "$tmp/build-cs/CMakeCache.txt" && fail "the static C-only consumer enabled C++"
cmake --build "$tmp/build-cs" --verbose >"$tmp/build-cs.log" 2>&1 || { cat "$tmp/build-cs.log" >&2; fail "building the static C-only consumer failed"; }
grep -E -- '-o consumer_c_static_only .*libmuster\.a' "$tmp/build-cs.log" | sed "s|$prefix|PREFIX|g" || fail "consumer_c_static_only was not linked with libmuster.a"
ctest --test-dir "$tmp/build-cs" --output-on-failure
needed "$tmp/build-cs/consumer_c_static_only" | grep -q '^libmuster\.' && fail "consumer_c_static_only needs $(needed "$tmp/build-cs/consumer_c_static_only" | grep '^libmuster\.')"
echo "consumer_c_static_only needs: $(needed "$tmp/build-cs/consumer_c_static_only" | tr '\n' ' ')"

# The bad cases fail find_package, saying why: a component muster does not have, and the static
# component with one of its link dependencies missing.
mkdir -p "$tmp/unknown"
printf '%s\n' 'cmake_minimum_required(VERSION 3.25)' 'project(muster_unknown_component LANGUAGES C)' \
  'find_package(muster REQUIRED COMPONENTS c c_shared)' >"$tmp/unknown/CMakeLists.txt"
cmake -S "$tmp/unknown" -B "$tmp/build-unknown" -DCMAKE_PREFIX_PATH="$prefix" >"$tmp/unknown.log" 2>&1 \
  && { cat "$tmp/unknown.log" >&2; fail "find_package(muster COMPONENTS c c_shared) succeeded"; }
tr -s ' \n' ' ' <"$tmp/unknown.log" | grep -q "muster has no component 'c_shared' (components: cxx, c, c_static)" \
  || { cat "$tmp/unknown.log" >&2; fail "find_package(muster COMPONENTS c_shared) does not say why it failed"; }
cmake -S "$src/tests/consumer/c-static" -B "$tmp/build-cs-nopugixml" -DCMAKE_PREFIX_PATH="$prefix" \
  -DCMAKE_DISABLE_FIND_PACKAGE_pugixml=ON >"$tmp/nopugixml.log" 2>&1 \
  && { cat "$tmp/nopugixml.log" >&2; fail "find_package(muster COMPONENTS c_static) succeeded without pugixml"; }
tr -s ' \n' ' ' <"$tmp/nopugixml.log" | grep -q 'component c_static (muster::muster_c_static) needs packages that were not found: pugixml' \
  || { cat "$tmp/nopugixml.log" >&2; fail "find_package(muster COMPONENTS c_static) without pugixml does not say why"; }
echo "an unknown component and a missing dependency each fail find_package with the reason"

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
case " $flags " in *" -lstdc++ "*|*" -lyaml-cpp "*) fail "pkg-config --libs muster (not --static) names the archive's dependencies";; esac

step "pkg-config --static muster, against libmuster.a"
static_flags="$(pkg-config --static --cflags --libs muster)" || fail "pkg-config --static does not know muster"
echo "pkg-config --static --cflags --libs muster: $static_flags"
for lib in -lmuster -lyaml-cpp -lfmt -lcrypto -lpugixml -lstdc++; do
  case " $static_flags " in *" $lib "*) ;; *) fail "pkg-config --static: no $lib";; esac
done
# -lmuster picks libmuster.so when both are there; -l:libmuster.a names the archive (a fully
# static program, -static, needs every dependency's archive, and Debian 12 ships no libfmt.a).
# As the README has it:
static_flags="$(printf '%s\n' "$static_flags" | sed 's/-lmuster\b/-l:libmuster.a/')"
# shellcheck disable=SC2086  # the flags are words
${CC:-cc} -std=c99 -Wall -Wextra -o "$tmp/consumer_pc_static" "$src/tests/consumer/consumer.c" $static_flags
"$tmp/consumer_pc_static" "$prefix/share/muster/rules/weihai.yaml" "$prefix/share/muster/rules/weihai-forces.yaml"
needed "$tmp/consumer_pc_static" | grep -q '^libmuster\.' && fail "consumer_pc_static needs $(needed "$tmp/consumer_pc_static" | grep '^libmuster\.')"
echo "consumer_pc_static needs: $(needed "$tmp/consumer_pc_static" | tr '\n' ' ')"

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

step "ok: the installed package works with find_package (C++, C, C only, C static), pkg-config (shared, --static) and pip"
