#!/usr/bin/env bash
# Runs the testbed journey (issue 20): real p2pstack nodes on hosts of their own, behind NATs, in network
# namespaces (see net.sh for the map). Needs root, iproute2, nftables, Node.js, and the distribution built
# (mvn install -DskipTests once). Prints "N passed, N failed" and exits 0 only when all passed.
# ./test.sh runs the same test within the integration tests when the machine allows it.
set -uo pipefail
cd "$(dirname "$0")/../.."
if [ -z "${JAVA_HOME:-}" ] && [ -x /usr/lib/jvm/temurin-25-jdk-amd64/bin/java ]; then
    export JAVA_HOME=/usr/lib/jvm/temurin-25-jdk-amd64
fi
reports=itests/target/failsafe-reports
rm -f "$reports"/*NamespaceTestbedIT*
# the itests module only: its unit tests are not what this runs
mvn -B -q verify -pl itests -Dit.test=NamespaceTestbedIT -Ditest.testbed=true -Dtest=none -Dsurefire.failIfNoSpecifiedTests=false "$@"
status=$?
report=$(ls "$reports"/*NamespaceTestbedIT.txt 2>/dev/null | head -1)
if [ -z "$report" ]; then
    echo "0 passed, 1 failed (the testbed did not run; see the output above)"
    exit 1
fi
line=$(grep -m1 "Tests run:" "$report")
run=$(sed -E 's/.*Tests run: ([0-9]+).*/\1/' <<<"$line")
failures=$(sed -E 's/.*Failures: ([0-9]+).*/\1/' <<<"$line")
errors=$(sed -E 's/.*Errors: ([0-9]+).*/\1/' <<<"$line")
skipped=$(sed -E 's/.*Skipped: ([0-9]+).*/\1/' <<<"$line")
failed=$((failures + errors))
echo "$((run - failed - skipped)) passed, $failed failed"
[ "$status" = 0 ] && [ "$failed" = 0 ]
