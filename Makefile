# WeightLab: the two commands of the README.
#   make run   — set up, build release, run the shipped scenarios with figures (results/)
#   make test  — set up, run the whole test suite, the shipped scenarios' checks and a one-node Slurm (scripts/slurm-check)
SWIFT ?= swift
RESULTS ?= results

.PHONY: setup build run test clean

setup:
	@scripts/setup

build: setup
	$(SWIFT) build -c release --product weightlab

run: build
	scripts/run-scenarios $(RESULTS)

test: setup
	scripts/check-imports
	$(SWIFT) test -c release --parallel
	scripts/test-scenarios
	scripts/slurm-check

clean:
	rm -rf .build $(RESULTS)
