#!/usr/bin/env bash
# Runs the whole test suite: unit tests, integration tests that boot the assembled distribution, then the
# browser tests (Playwright driving Debian's chromium against a freshly started node).
# (install, not just verify: the distribution is assembled from the freshly built bundles in the local repository)
set -euo pipefail
cd "$(dirname "$0")"
# Building needs JDK 25 (the node's bundled runtime is made from it): JAVA_HOME, or Temurin 25 where Debian keeps it
if [ -z "${JAVA_HOME:-}" ] && [ -x /usr/lib/jvm/temurin-25-jdk-amd64/bin/java ]; then
    export JAVA_HOME=/usr/lib/jvm/temurin-25-jdk-amd64
fi
mvn -B install "$@"
cd e2e
npm ci --no-audit --no-fund
node --test tests/*.test.js
