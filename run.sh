#!/usr/bin/env bash
# Builds p2pstack and runs a node from the build, then opens the landing page, signed in, when a desktop is
# present (bin/open; without a desktop it prints the one-time sign-in link).
#   ./run.sh          build, start in the background, open http://127.0.0.1:8181/
#   ./run.sh stop     stop the node started by ./run.sh
# Set P2PSTACK_PORT_OFFSET=N to run a second node beside the first (every port shifted by N).
set -euo pipefail
cd "$(dirname "$0")"
# Building needs JDK 25 (the node's bundled runtime is made from it): JAVA_HOME, or Temurin 25 where Debian keeps it
if [ -z "${JAVA_HOME:-}" ] && [ -x /usr/lib/jvm/temurin-25-jdk-amd64/bin/java ]; then
    export JAVA_HOME=/usr/lib/jvm/temurin-25-jdk-amd64
fi
node_home="karaf-distro/target/assembly"

if [ "${1:-}" = "stop" ]; then
    exec "$node_home/bin/stop"
fi

mvn -B -q install -DskipTests -DskipITs
"$node_home/bin/start"
port=$((8181 + ${P2PSTACK_PORT_OFFSET:-0}))
printf 'Starting p2pstack'
for _ in $(seq 1 240); do
    # 401: the node is up and answers only to a signed-in browser; 200 from /: the landing page is there too
    if [ "$(curl -s -o /dev/null -w '%{http_code}' "http://127.0.0.1:${port}/api/session")" = 401 ] \
        && [ "$(curl -s -o /dev/null -w '%{http_code}' "http://127.0.0.1:${port}/")" = 200 ]; then
        printf '\np2pstack is running at http://127.0.0.1:%s/\n' "$port"
        printf 'Console: %s/bin/client    Stop: ./run.sh stop    Sign a browser in: %s/bin/open\n' "$node_home" "$node_home"
        # opens the browser with a one-time sign-in link (or prints it when there is no desktop)
        "$node_home/bin/open"
        exit 0
    fi
    printf '.'
    sleep 0.5
done
printf '\nThe node did not answer within 2 minutes; see %s/data/log/karaf.log\n' "$node_home" >&2
exit 1
