#!/usr/bin/env bash
# Runs the whole test suite: unit tests, then integration tests that boot the assembled distribution.
set -euo pipefail
cd "$(dirname "$0")"
exec mvn -B verify "$@"
