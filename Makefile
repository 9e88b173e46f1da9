# netagent — build, run, test and benchmark on Debian/Ubuntu as root.
#
#   make run     install what is needed, build, list the modules and show a dry-run plan
#   make test    install what is needed, build, check the style (swift format), run every test
#   make format  rewrite the Swift sources in the project's style (.swift-format)
#   make bench   measure startup, probe accuracy, the bufferbloat experiment, the voice probe, the agent
#                and probing thousands of targets beside fping, with a release build
#                (numbers go to docs/BENCHMARKS.md)
#   make release build the release (FoundationEssentials only) in $(SCRATCH)
#   make install install a release build under $(DESTDIR)$(PREFIX), runnable without the toolchain,
#                stripped, with debug information under $(PREFIX)/lib/debug
#   make deb     build netagent_VERSION_ARCH.deb and netagent-dbgsym_VERSION_ARCH.deb from the same
#                install tree, and check the first with lintian

SWIFT_BIN ?= /opt/swift/usr/bin
export PATH := $(SWIFT_BIN):$(PATH)
SWIFT ?= swift
BUILD_DIR = $(shell $(SWIFT) build --show-bin-path 2>/dev/null)
NETAGENT = $(BUILD_DIR)/netagent

# Debian packages the build and the tests need:
#   build-essential, pkg-config   cc for the C modules and fixtures
#   iproute2, ethtool             ip netns / veth for namespace tests; ethtool -k checks the nic tuner
#   procps                        sysctl, to change values behind netagent's back in tests
#   e2fsprogs                     chattr, to make a knob file unwritable even for root
#   nftables                      drop rules for timeout and loss tests
#   curl, kmod, fping, iputils-ping  reference tools the probes are compared with; modprobe tcp_bbr
#   libcurl4-openssl-dev          the http probe's libcurl
#   nghttp2-server                nghttpd, an HTTP/2 server for the http probe's tests
#   python3, python3-prometheus-client, openssl  the tests' HTTP(S) server, and a real parser of the Prometheus output
#   libjson-c-dev                 the C example probe parses and writes JSON with json-c
#   libiperf-dev, iperf3          the responsiveness probe's load (libiperf); iperf3 -s is the tests' peer
#   patchelf, dpkg-dev, binutils  make install sets $$ORIGIN runpaths and strips; make deb builds the package
#   lintian, man-db               make deb checks the package with lintian; the tests check the man pages
#   debootstrap                   the package test installs the .deb into a minimal Debian made with it
#   strace                        kills a run at each write, rename, fsync, unlink and mkdir (crash-safety tests)
#   passwd, util-linux            useradd/userdel and setpriv: the trust tests' throwaway user
#   bindfs, libcap2-bin           a FUSE mount that claims root, and setcap: the trust tests
#   prometheus                    promtool checks /metrics and the alerting rules; the server scrapes the agent in a test
#   systemd                       systemd-analyze verify and security --offline on the agent's unit
#   ansible-core, openssh-client  the fleet test applies contrib/ansible to three simulated hosts over SSH
#   hyperfine, prometheus-blackbox-exporter  benchmarks only
PACKAGES := build-essential pkg-config iproute2 ethtool procps e2fsprogs nftables curl kmod fping iputils-ping \
	libcurl4-openssl-dev nghttp2-server nginx python3 python3-prometheus-client openssl \
	libjson-c-dev libiperf-dev iperf3 patchelf dpkg-dev binutils lintian man-db debootstrap strace passwd util-linux bindfs libcap2-bin systemd-container \
	prometheus systemd \
	ansible-core openssh-client

PREFIX ?= /usr/local
SYSCONFDIR ?= /etc
DESTDIR ?=
# A separate build folder for the release build install uses, so it never waits on .build's lock.
SCRATCH ?= .build
# Where make deb puts the packages.
DEBDIR ?= .

SWIFT_SOURCES = Sources Plugins Tests Package.swift

.PHONY: deps build run test lint format bench release install deb clean

# Server packages (nginx, prometheus) start and enable their service when installed; the tests
# start what they need themselves. So while installing, a policy-rc.d (unless the machine has
# one) keeps every service from starting, and the servers installed now are not enabled at boot.
deps:
	@missing=$$(for p in $(PACKAGES); do dpkg -s $$p >/dev/null 2>&1 || echo $$p; done); \
	if [ -n "$$missing" ]; then \
		echo "installing: $$missing"; \
		guard=; \
		if [ ! -e /usr/sbin/policy-rc.d ]; then \
			printf '#!/bin/sh\nexit 101\n' > /usr/sbin/policy-rc.d && chmod 755 /usr/sbin/policy-rc.d && guard=1; \
		fi; \
		apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq $$missing; status=$$?; \
		if [ -n "$$guard" ]; then rm -f /usr/sbin/policy-rc.d; fi; \
		for p in $$missing; do \
			case $$p in nginx|prometheus) systemctl disable --quiet $$p.service 2>/dev/null || true;; esac; \
		done; \
		exit $$status; \
	fi

# As root, modules built under a directory others can write are refused (the trust rule), so
# say so before building rather than let every module be refused.
build: deps
	scripts/check-checkout.sh .
	$(SWIFT) build

run: build
	$(NETAGENT) list-modules
	$(NETAGENT) run --dry-run

lint:
	$(SWIFT) format lint --recursive --strict $(SWIFT_SOURCES)
	python3 scripts/folder-graph.py --check scripts/core-layers.txt Sources/NetAgentCore

format:
	$(SWIFT) format format --in-place --recursive $(SWIFT_SOURCES)

# Tests whose verdict rests on timing run alone, after the others: sharing the two cores with
# the rest of the suite can turn one round of the bufferbloat experiment into noise, and move
# a median RTT by the 10 µs that the comparison with fping allows.
# The install, package and fleet tests build a release, which loads both cores: they run last.
# AgentConnectionTests times how soon the agent closes connections, which the others' load can
# push past its bounds.
LOADED_TESTS = BufferbloatTests|ResponsivenessProbeTests|ICMPAccuracyTests|AgentConnectionTests
PACKAGE_TESTS = InstallTests|DebianPackageTests|FleetTests|BootedSystemdTests

test: build lint
	$(SWIFT) test --skip '$(PACKAGE_TESTS)|$(LOADED_TESTS)'
	$(SWIFT) test --no-parallel --filter '$(LOADED_TESTS)'
	$(SWIFT) test --filter '$(PACKAGE_TESTS)'

# The release build links FoundationEssentials only. TOMLKit's `import struct Foundation.Data`
# would make every object file that imports it autolink full Foundation (and through it 41 MB of
# ICU data) without one of its symbols being used; these flags drop those autolink entries, so
# the link fails loudly if netagent ever does use a symbol of full Foundation.
NO_FULL_FOUNDATION = $(foreach library,Foundation FoundationInternationalization, \
	-Xswiftc -Xfrontend -Xswiftc -disable-autolink-library -Xswiftc -Xfrontend -Xswiftc $(library))
# Swift puts every function in a section of its own but marks each public one as used, so the
# linker's --gc-sections keeps all of them: every module carried the whole module kit, and the
# binary every public function of its dependencies. -internalize-at-link drops that mark (the
# link is the whole program: the binary exports nothing, a module only netagent_module_v1, by
# Plugins/module.exports), and the linker then drops what nothing calls: 2.3 MB off the binary
# and about 100 kB off each module (docs/BENCHMARKS.md, "Footprint").
DEAD_STRIP = -Xswiftc -Xfrontend -Xswiftc -internalize-at-link -Xswiftc -Xfrontend -Xswiftc -function-sections
RELEASE_DIR = $(shell $(SWIFT) build -c release --scratch-path $(SCRATCH) --show-bin-path 2>/dev/null)

bench: release
	@for p in hyperfine prometheus-blackbox-exporter; do dpkg -s $$p >/dev/null 2>&1 || (apt-get update -qq && apt-get install -y -qq $$p); done
	hyperfine --warmup 3 --runs 30 '$(RELEASE_DIR)/netagent list-modules' '$(RELEASE_DIR)/netagent list-modules --json'
	bench/probes.sh $(RELEASE_DIR)/netagent
	bench/bufferbloat.sh $(RELEASE_DIR)/netagent
	bench/voice.sh $(RELEASE_DIR)/netagent
	bench/agent.sh $(RELEASE_DIR)/netagent
	bench/scale.sh $(RELEASE_DIR)/netagent

release: deps
	$(SWIFT) build -c release --scratch-path $(SCRATCH) $(NO_FULL_FOUNDATION) $(DEAD_STRIP)

install: release
	scripts/install.sh $(SCRATCH) $(PREFIX) "$(DESTDIR)" $(SYSCONFDIR)

deb: release
	scripts/deb.sh $(SCRATCH) $(DEBDIR)

clean:
	rm -rf .build .build-install
