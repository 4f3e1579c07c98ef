#!/usr/bin/env bash
# Runs the whole test suite: unit tests, then integration tests that boot the assembled distribution.
# (install, not just verify: the distribution is assembled from the freshly built bundles in the local repository)
set -euo pipefail
cd "$(dirname "$0")"
exec mvn -B install "$@"
