#!/usr/bin/env bash
# Runs every benchmark side by side in one run and prints each figure beside what it is compared with.
# Usage: bench/run.sh            (builds the project first; needs the same tools as the tests)
set -euo pipefail
cd "$(dirname "$0")/.."
mvn -B -q install -DskipTests -DskipITs
mvn -B -q -f bench/startup/pom.xml verify -Pbench
(cd e2e && npm ci --no-audit --no-fund --silent)   # the first-frame benchmark drives chromium with the e2e harness
mvn -B -q -f bench/torrent/pom.xml verify -Pbench
mvn -B -q -f bench/content/pom.xml verify -Pbench
mvn -B -q -f bench/ipfs/pom.xml compile exec:java
mvn -B -q -f bench/swarm/pom.xml verify -Pbench
mvn -B -q -f bench/chat/pom.xml verify -Pbench
mvn -B -q -f bench/i2p/pom.xml compile exec:java
mvn -B -q -f bench/friends/pom.xml verify -Pbench
