# The two set-up commands of the README: `make demo` and `make test`.
# Both install what is missing (scripts/setup.sh), then build with CMake+Ninja.

BUILD      ?= build
BUILD_TYPE ?= RelWithDebInfo
EXAMPLE    := examples/vehicle-order-cancellation
FUZZ_SECONDS ?= 60

.PHONY: all setup setup-demo configure configure-demo build build-demo test demo asan fuzz bench bench-web clean

all: build

setup:
	@scripts/setup.sh test

setup-demo:
	@scripts/setup.sh demo

# One build folder serves both: the options are given each time, so `make demo`
# after `make test` (or the other way round) reconfigures and rebuilds only
# what changed.
configure: setup
	@cmake -S . -B $(BUILD) -G Ninja -DCMAKE_BUILD_TYPE=$(BUILD_TYPE) -DSTEPWISE_TESTS=ON -DSTEPWISE_BENCH=ON >/dev/null

configure-demo: setup-demo
	@cmake -S . -B $(BUILD) -G Ninja -DCMAKE_BUILD_TYPE=$(BUILD_TYPE) -DSTEPWISE_TESTS=OFF -DSTEPWISE_BENCH=OFF >/dev/null

build: configure
	@ninja -C $(BUILD)

# The demo needs the stepwise binary only (with its web page).
build-demo: configure-demo
	@ninja -C $(BUILD) stepwise

test: build
	@ctest --test-dir $(BUILD) --output-on-failure

demo: build-demo
	@scripts/demo.sh $(BUILD)

# Unit tests under AddressSanitizer + UndefinedBehaviorSanitizer.
asan: setup
	@cmake -S . -B build-asan -G Ninja -DCMAKE_BUILD_TYPE=Debug -DSTEPWISE_SANITIZE=ON -DSTEPWISE_BENCH=OFF >/dev/null
	@ninja -C build-asan
	@ctest --test-dir build-asan --output-on-failure -R '^unit_'

# libFuzzer targets (clang), each run for FUZZ_SECONDS.
fuzz: setup
	@CC=clang CXX=clang++ cmake -S . -B build-fuzz -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo -DSTEPWISE_FUZZ=ON -DSTEPWISE_BENCH=OFF >/dev/null
	@ninja -C build-fuzz $$(ninja -C build-fuzz -t targets all | grep -o '^[a-z_]*_fuzz' | sort -u)
	@scripts/fuzz.sh build-fuzz/fuzz $(FUZZ_SECONDS)

bench: build
	@for b in $(BUILD)/bench/stepwise-bench-*; do echo "== $$b"; $$b; done

# The web page in headless chromium: see bench/README.md. Not part of `make test`.
bench-web: build
	@node bench/web/web_bench.mjs --stepwise $(BUILD)/stepwise

clean:
	rm -rf $(BUILD) build-asan build-fuzz
