# aerovault: `make demo` and `make test` work on a fresh Debian 12 machine as root.
SHELL := /bin/bash
SWIFT ?= swift
APT_PKGS := libsodium-dev libzstd-dev zlib1g-dev libcrypt-dev libssl-dev pkg-config python3-pip
PIP_PKGS := aerospike pytest "moto[server]" schemathesis

.PHONY: deps build test test-fast test-swift test-python pytest test-page test-sanitize demo bench fuzz clean

deps:
	@missing=""; for p in $(APT_PKGS); do dpkg -s $$p >/dev/null 2>&1 || missing="$$missing $$p"; done; \
	if [ -n "$$missing" ]; then \
	  echo "installing:$$missing"; \
	  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq $$missing >/dev/null; \
	fi
	@python3 -c "import aerospike, pytest, moto.server, schemathesis" 2>/dev/null || \
	  python3 -m pip install -q $(PIP_PKGS) 2>/dev/null || \
	  python3 -m pip install -q --break-system-packages $(PIP_PKGS)

build: deps
	$(SWIFT) build

test: deps
	$(SWIFT) build --build-tests
	$(MAKE) test-swift pytest

# The fast tier: test targets that start no simulator and spawn no `aerovault` (README "Running the
# tests"). `make test` still runs everything.
FAST_TESTS := ArchiveStoreTests|AeroVaultTests|AerospikeWireTests|ProcessSupportTests|AsbFormatTests|AeroVaultServiceTests

test-fast:
	$(SWIFT) build --build-tests
	$(SWIFT) test --skip-build --filter '$(FAST_TESTS)'

test-swift:
	$(SWIFT) test --skip-build

test-python:
	$(SWIFT) build --product aerovault-sim
	$(SWIFT) build --product aerovault
	$(MAKE) pytest

# The pytest suite on executables already built (`make test` has just built everything).
pytest:
	bin=$$($(SWIFT) build --show-bin-path) && AEROVAULT_SIM=$$bin/aerovault-sim AEROVAULT=$$bin/aerovault \
	  python3 -m pytest -q Tests/python

# The status page of `aerovault serve` in headless Chromium (Tests/page/status-page.sh): screenshot and
# rendered text. Not in `make test`: it installs Debian's `chromium` package when missing.
test-page: deps
	@command -v chromium >/dev/null || { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null; }
	$(SWIFT) build --product aerovault-sim
	$(SWIFT) build --product aerovault
	BIN=$$($(SWIFT) build --show-bin-path) bash Tests/page/status-page.sh

demo: deps
	$(SWIFT) build -c release --product aerovault
	$(SWIFT) build -c release --product aerovault-demo
	$$($(SWIFT) build -c release --show-bin-path)/aerovault-demo

# Benchmarks (separate package in Benchmarks/): `make bench` (1 M records, < 15 min) or
# `make bench QUICK=1` (100 k records, < 3 min once built). Results: Benchmarks/RESULTS.md.
bench: deps
	QUICK=$(if $(filter-out 0,$(QUICK)),1,0) SWIFT=$(SWIFT) bash Benchmarks/run.sh

# Sanitizer tier (docs/sanitizers.md): the Swift suite under ThreadSanitizer, then AddressSanitizer,
# each in its own build folder (.build-tsan, .build-asan). Fails on any report not suppressed with a
# reason in Tests/sanitizers/. Each run is a full build: see docs/sanitizers.md for how long it takes.
SANITIZERS := $(CURDIR)/Tests/sanitizers
test-sanitize: deps
	TSAN_OPTIONS="suppressions=$(SANITIZERS)/tsan.supp halt_on_error=0 second_deadlock_stack=1" \
	  $(SWIFT) test --sanitize=thread --scratch-path .build-tsan
	ASAN_OPTIONS="detect_leaks=0 halt_on_error=1" \
	  $(SWIFT) test --sanitize=address --scratch-path .build-asan

# Coverage-guided fuzzing (separate package in Fuzz/, docs/fuzzing.md): every target for
# FUZZ_SECONDS seconds (default 10: about 4 minutes for all once built); `make fuzz FUZZ_SECONDS=600`
# is a long campaign. FUZZ_TARGETS="as-msg peers" picks targets.
FUZZ_SECONDS ?= 10
fuzz: deps
	FUZZ_SECONDS=$(FUZZ_SECONDS) SWIFT=$(SWIFT) bash Fuzz/run.sh

clean:
	rm -rf .build
