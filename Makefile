# Two commands do everything on a fresh Debian 12 machine (as root):
#   make demo   install missing packages, build, run the demo on the bundled example
#   make test   the same, then the whole test suite (plain and under ASan+UBSan), the C API's
#               threads test and the journal's tests under TSan, and each fuzz target briefly
#   make fuzz   each libFuzzer target (fuzz/, docs/fuzzing.md) for FUZZ_SECONDS
#   make bench-peers   bench_engine against the same workload in XState 5 (bench/peers/README.md)
JOBS      ?= $(shell nproc 2>/dev/null || echo 2)
BUILD     ?= build
ASAN      ?= build-asan
TSAN      ?= build-tsan
FUZZ      ?= build-fuzz
# Seconds per fuzz target: make fuzz, and make test (six targets: about two minutes).
FUZZ_SECONDS      ?= 300
FUZZ_TEST_SECONDS ?= 20
CMAKE_ARGS ?=

.PHONY: all deps configure build demo test test-plain test-asan test-tsan test-fuzz fuzz fuzz-build bench bench-peers clean

all: build

deps:
	bash scripts/install-deps.sh

configure: deps
	cmake -S . -B $(BUILD) -DCMAKE_BUILD_TYPE=RelWithDebInfo $(CMAKE_ARGS)

build: configure
	cmake --build $(BUILD) -j $(JOBS)

demo: build
	bash scripts/demo.sh $(BUILD)/muster

test: test-plain test-asan test-tsan test-fuzz

test-plain: build
	ctest --test-dir $(BUILD) --output-on-failure -j $(JOBS)
	bash scripts/test-consumer.sh $(BUILD)

# The test suite again under AddressSanitizer + UndefinedBehaviorSanitizer.
test-asan: deps
	cmake -S . -B $(ASAN) -DCMAKE_BUILD_TYPE=Debug -DMUSTER_BUILD_BENCH=OFF \
	  -DCMAKE_CXX_FLAGS="-fsanitize=address,undefined -fno-omit-frame-pointer -fno-sanitize-recover=all" \
	  -DCMAKE_C_FLAGS="-fsanitize=address,undefined -fno-omit-frame-pointer -fno-sanitize-recover=all" \
	  -DCMAKE_EXE_LINKER_FLAGS="-fsanitize=address,undefined" \
	  -DCMAKE_SHARED_LINKER_FLAGS="-fsanitize=address,undefined" $(CMAKE_ARGS)
	cmake --build $(ASAN) -j $(JOBS)
	ASAN_OPTIONS=detect_leaks=1 UBSAN_OPTIONS=print_stacktrace=1 ctest --test-dir $(ASAN) --output-on-failure -j $(JOBS)

# Under ThreadSanitizer: the C API's threads test (tests/c_api/threads.c: eight threads on one
# engine), the journal's tests (the journal hashes, writes and syncs on its own thread) and the
# PostgreSQL store's (its thread writes the batches), against a server of their own.
# Only what they need is built, Debug at -O1, to keep CI cheap.
test-tsan: deps
	cmake -S . -B $(TSAN) -DCMAKE_BUILD_TYPE=Debug -DMUSTER_BUILD_BENCH=OFF -DMUSTER_BUILD_CLI=OFF \
	  -DMUSTER_BUILD_EXAMPLES=OFF -DMUSTER_INSTALL=OFF \
	  -DCMAKE_C_FLAGS="-fsanitize=thread -O1" -DCMAKE_CXX_FLAGS="-fsanitize=thread -O1" \
	  -DCMAKE_EXE_LINKER_FLAGS="-fsanitize=thread" -DCMAKE_SHARED_LINKER_FLAGS="-fsanitize=thread" $(CMAKE_ARGS)
	cmake --build $(TSAN) -j $(JOBS) --target c_api_threads muster_tests
	TSAN_OPTIONS="halt_on_error=1 second_deadlock_stack=1" $(TSAN)/tests/c_api/c_api_threads
	TSAN_OPTIONS="halt_on_error=1 second_deadlock_stack=1" $(TSAN)/tests/muster_tests --source-file='*tests/journal/*' --no-intro
	bash tests/pg/pg_server.sh start /tmp/muster-pg-tsan >/dev/null
	TSAN_OPTIONS="halt_on_error=1 second_deadlock_stack=1" MUSTER_TEST_PG="postgresql:///postgres?host=/tmp/muster-pg-tsan&user=muster" \
	  $(TSAN)/tests/muster_tests --source-file='*tests/pg/*' --no-intro; rc=$$?; \
	  bash tests/pg/pg_server.sh stop /tmp/muster-pg-tsan; exit $$rc

# libFuzzer under ASan+UBSan: clang builds the library and the targets (only those) in $(FUZZ),
# at -O1 with assertions on. Without libFuzzer the plain and ASan builds still replay every
# target's corpus and regressions (ctest fuzz.replay.*).
fuzz-build: deps
	cmake -S . -B $(FUZZ) -DCMAKE_C_COMPILER=clang-14 -DCMAKE_CXX_COMPILER=clang++-14 -DCMAKE_BUILD_TYPE=Debug \
	  -DMUSTER_BUILD_FUZZ=ON -DMUSTER_BUILD_TESTS=OFF -DMUSTER_BUILD_BENCH=OFF -DMUSTER_BUILD_EXAMPLES=OFF \
	  -DMUSTER_BUILD_C_API=OFF -DMUSTER_INSTALL=OFF \
	  -DCMAKE_CXX_FLAGS_DEBUG="-O1 -g" -DCMAKE_C_FLAGS_DEBUG="-O1 -g" \
	  -DCMAKE_CXX_FLAGS="-fsanitize=fuzzer-no-link,address,undefined -fno-sanitize-recover=all -fno-omit-frame-pointer" \
	  -DCMAKE_EXE_LINKER_FLAGS="-fsanitize=address,undefined" $(CMAKE_ARGS)
	cmake --build $(FUZZ) -j $(JOBS) --target $(addprefix fuzz_,codec policy forces journal scenario cap)

fuzz: fuzz-build
	bash scripts/fuzz.sh $(FUZZ) $(FUZZ_SECONDS)

test-fuzz: fuzz-build
	bash scripts/fuzz.sh $(FUZZ) $(FUZZ_TEST_SECONDS)

bench: build
	bash scripts/bench.sh $(BUILD)

# bench_engine beside the same workload in XState 5 (bench/peers/README.md): 5 interleaved pairs,
# each pair's events/s, the medians and their ratio. Installs node and xstate on first use.
bench-peers: configure
	cmake --build $(BUILD) -j $(JOBS) --target bench_engine
	bash scripts/bench-peers.sh $(BUILD)

clean:
	rm -rf $(BUILD) $(ASAN) $(TSAN) $(FUZZ)
