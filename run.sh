#!/usr/bin/env bash
# Builds p2pstack and runs a node from the build, then opens the landing page when a desktop is present.
#   ./run.sh          build, start in the background, open http://127.0.0.1:8181/
#   ./run.sh stop     stop the node started by ./run.sh
# Set P2PSTACK_PORT_OFFSET=N to run a second node beside the first (every port shifted by N).
set -euo pipefail
cd "$(dirname "$0")"
node_home="karaf-distro/target/assembly"

if [ "${1:-}" = "stop" ]; then
    exec "$node_home/bin/stop"
fi

mvn -B -q install -DskipTests -DskipITs
"$node_home/bin/start"
port=$((8181 + ${P2PSTACK_PORT_OFFSET:-0}))
url="http://127.0.0.1:${port}/"
printf 'Starting p2pstack'
for _ in $(seq 1 240); do
    if curl -fs -o /dev/null "$url"; then
        printf '\np2pstack is running at %s\n' "$url"
        printf 'Console: %s/bin/client    Stop: ./run.sh stop\n' "$node_home"
        if [ -n "${DISPLAY:-}${WAYLAND_DISPLAY:-}" ] && command -v xdg-open >/dev/null 2>&1; then
            xdg-open "$url" >/dev/null 2>&1 || true
        elif [ "$(uname -s)" = "Darwin" ]; then
            open "$url" || true
        fi
        exit 0
    fi
    printf '.'
    sleep 0.5
done
printf '\nThe node did not answer within 2 minutes; see %s/data/log/karaf.log\n' "$node_home" >&2
exit 1
