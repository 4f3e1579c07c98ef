#!/usr/bin/env bash
# Runs every benchmark side by side in one run and prints each figure beside what it is compared with.
# Usage: bench/run.sh            (builds the project first; needs the same tools as the tests)
set -euo pipefail
cd "$(dirname "$0")/.."
if [ -z "${JAVA_HOME:-}" ] && [ -x /usr/lib/jvm/temurin-25-jdk-amd64/bin/java ]; then
    export JAVA_HOME=/usr/lib/jvm/temurin-25-jdk-amd64
fi
mvn -B -q install -DskipTests -DskipITs
mvn -B -q -f bench/startup/pom.xml verify -Pbench
(cd e2e && npm ci --no-audit --no-fund --silent)   # the first-frame benchmark drives chromium with the e2e harness
mvn -B -q -f bench/torrent/pom.xml verify -Pbench
mvn -B -q -f bench/content/pom.xml verify -Pbench
mvn -B -q -f bench/ipfs/pom.xml compile exec:java
mvn -B -q -f bench/swarm/pom.xml verify -Pbench
mvn -B -q -f bench/chat/pom.xml verify -Pbench
mvn -B -q -f bench/dapp/pom.xml verify -Pbench
mvn -B -q -f bench/i2p/pom.xml compile exec:java
mvn -B -q -f bench/friends/pom.xml verify -Pbench
mvn -B -q -f bench/social/pom.xml verify -Pbench
# Java 25 against Java 17: virtual and platform threads for libp2p streams (a fixed, pre-touched heap, so that resident
# memory shows the threads), then the node before the move built with JDK 17 (once) beside today's
MAVEN_OPTS="-Xms1g -Xmx1g -XX:+AlwaysPreTouch" mvn -B -q -f bench/ipfs/pom.xml exec:java@stream-threads
bench/jdk17-baseline.sh >/dev/null
mvn -B -q -f bench/startup/pom.xml exec:exec@runtime-benchmark -Pbench
echo "== the same IPFS benchmark on Java 17 (before the move):"
bench/jdk17-baseline.sh ipfs
echo "== the same swarm benchmark on Java 17 (before the move):"
bench/jdk17-baseline.sh swarm
