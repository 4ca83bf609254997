# The README's commands. Each installs what is missing first, so a fresh Debian 12 machine needs
# nothing else; all are safe to run again.
SHELL := /bin/bash
BUILD_DIR ?= build
JOBS ?= $(shell nproc)

.PHONY: deps configure binary build run test bench up down console format lint fuzz chaos clean check-kubernetes check-api check-events api-fuzz

deps:
	@scripts/install-deps.sh

configure: deps
	@cmake -S . -B $(BUILD_DIR) -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo > /dev/null

# The sagashop binary alone: all that run, up, console and bench need. Its first build takes a few
# minutes (README.md); `make build` adds every test suite, which `make test` needs.
binary: configure
	@cmake --build $(BUILD_DIR) -j $(JOBS) --target sagashop

build: configure
	@cmake --build $(BUILD_DIR) -j $(JOBS)

run: binary
	@scripts/run.sh $(BUILD_DIR)

test: build
	@scripts/test.sh $(BUILD_DIR)

# Measures throughput and latency in both modes against PostgreSQL's own ceiling and writes
# docs/BENCHMARKS.md (about 10 minutes).
bench: binary
	@scripts/bench.sh $(BUILD_DIR)

up: binary
	@scripts/up.sh $(BUILD_DIR)

down:
	@scripts/down.sh

# The saga console in front of the services `make up` started (`make run` serves it itself).
console: binary
	@scripts/console.sh $(BUILD_DIR)

format:
	@find src tests -name '*.h' -o -name '*.cc' | xargs clang-format -i

clean:
	@rm -rf $(BUILD_DIR) $(BUILD_DIR)-fuzz

# The fuzzers of tests/fuzz for FUZZ_SECONDS each (`make test` runs them for 20 s).
FUZZ_SECONDS ?= 300
fuzz: deps
	@scripts/fuzz.sh $(FUZZ_SECONDS)

# clang-tidy reads each file of src/ on its own, which the unity batches of the build do not
# give it: a configuration without them (and without the precompiled header, which is GCC's),
# configured only, supplies the compile commands.
lint: build
	@cmake -S . -B $(BUILD_DIR)/lint -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo \
		-DSAGASHOP_UNITY_BUILD=OFF -DSAGASHOP_PRECOMPILED_HEADERS=OFF -DBUILD_TESTING=OFF > /dev/null
	@run-clang-tidy -p $(BUILD_DIR)/lint -quiet '$(CURDIR)/src/'

# A seeded schedule of faults under load for DURATION seconds (docs/chaos.md); SEED=<n> replays
# a run. `make test` runs a 180-second version.
DURATION ?= 600
SEED ?=
chaos: build
	@scripts/chaos.sh $(BUILD_DIR) $(DURATION) $(SEED)

# Validates deploy/kubernetes offline against the Kubernetes schemas (a step of `make test`).
check-kubernetes: binary
	@scripts/check-kubernetes.sh $(BUILD_DIR)

# Validates api/openapi.json, the HTTP API's contract, offline (a step of `make test`).
check-api:
	@scripts/check-api.sh

# Validates api/asyncapi.json and the event schemas of api/events offline, and that no schema
# changed in a way that breaks a consumer of an earlier version (a step of `make test`).
check-events:
	@scripts/check-events.sh

# schemathesis against the running system in both modes, EXAMPLES cases per operation and phase
# (make test runs 25, without the stateful phase); SEED=<n> replays a run.
EXAMPLES ?= 500
api-fuzz: build
	@scripts/api-fuzz.sh $(BUILD_DIR) $(EXAMPLES) $(SEED)
