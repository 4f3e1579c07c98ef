#!/usr/bin/env bash
# Runs the whole test suite: unit tests, integration tests that boot the assembled distribution, then the
# browser tests (Playwright driving Debian's chromium against a freshly started node).
# (install, not just verify: the distribution is assembled from the freshly built bundles in the local repository)
set -euo pipefail
cd "$(dirname "$0")"
mvn -B install "$@"
cd e2e
npm ci --no-audit --no-fund
node --test tests/*.test.js
