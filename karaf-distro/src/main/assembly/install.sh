#!/bin/sh
#
# p2pstack installer for Linux and macOS. Run it from the unpacked release archive:
#
#   ./install.sh                install or upgrade, start the node as a service, open the browser
#   ./install.sh --foreground   install, then run the node in this terminal (no service)
#   ./install.sh --uninstall    remove the program and its service; your data stays
#   ./install.sh --uninstall --purge   ... and delete your data too
#   (after install the same script is kept as <root>/uninstall.sh, which uninstalls by default)
#
# Other options: --no-start, --no-browser, --yes (answer yes to questions),
#   --print-systemd-unit, --print-launchd-plist (print the service file that would be installed).
#
# Nothing here needs root: the program goes to your own directories and the service is a per-user one
# (a systemd user unit on Linux, a launchd agent on macOS) that starts at login and restarts on failure.
# Your data (identity keys, content, chat history) lives apart from the program, so upgrades and
# reinstalls never touch it.
#
# Environment: P2PSTACK_ROOT (default: ~/.local/share/p2pstack, or ~/Library/Application Support/p2pstack
# on macOS), P2PSTACK_PORT_OFFSET (default 0), P2PSTACK_BROWSER (command that opens the landing page).

set -eu

say() { printf '%s\n' "$*"; }
fail() { printf 'p2pstack installer: %s\n' "$*" >&2; exit 1; }

mode=install
# the copy kept beside the install as uninstall.sh removes by default
[ "$(basename "$0")" = "uninstall.sh" ] && mode=uninstall
purge=no
start=yes
browser=yes
foreground=no
assume_yes=no
for arg in "$@"; do
    case "$arg" in
        --uninstall) mode=uninstall ;;
        --purge) purge=yes ;;
        --foreground) foreground=yes ;;
        --no-start) start=no ;;
        --no-browser) browser=no ;;
        --yes|-y) assume_yes=yes ;;
        --print-systemd-unit) mode=print-unit ;;
        --print-launchd-plist) mode=print-plist ;;
        -h|--help) sed -n '2,22p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
        *) fail "unknown option '$arg' (see --help)" ;;
    esac
done

os=$(uname -s)
if [ "$os" = "Darwin" ]; then
    default_root="$HOME/Library/Application Support/p2pstack"
else
    default_root="${XDG_DATA_HOME:-$HOME/.local/share}/p2pstack"
fi
root="${P2PSTACK_ROOT:-$default_root}"
app="$root/app"
data="$root/data"
offset="${P2PSTACK_PORT_OFFSET:-0}"
case "$offset" in ''|*[!0-9]*) fail "P2PSTACK_PORT_OFFSET must be a whole number, not '$offset'" ;; esac
url="http://127.0.0.1:$((8181 + offset))/"
unit_dir="${XDG_CONFIG_HOME:-$HOME/.config}/systemd/user"
unit_file="$unit_dir/p2pstack.service"
plist_file="$HOME/Library/LaunchAgents/org.p2pstack.node.plist"
source_dir=$(cd "$(dirname "$0")" && pwd)

systemd_unit() {
    cat <<UNIT
[Unit]
Description=p2pstack node: your own corner of the internet
After=network-online.target
Wants=network-online.target

[Service]
Type=simple
Environment=P2PSTACK_PORT_OFFSET=$offset
ExecStart="$app/bin/karaf" server
ExecStop="$app/bin/stop"
Restart=on-failure
RestartSec=5
TimeoutStopSec=60
# the node answers on 127.0.0.1 only; nothing here needs privileges
NoNewPrivileges=yes

[Install]
WantedBy=default.target
UNIT
}

xml_escape() { printf '%s' "$1" | sed -e 's/&/\&amp;/g' -e 's/</\&lt;/g' -e 's/>/\&gt;/g'; }

launchd_plist() {
    cat <<PLIST
<?xml version="1.0" encoding="UTF-8"?>
<!DOCTYPE plist PUBLIC "-//Apple//DTD PLIST 1.0//EN" "http://www.apple.com/DTDs/PropertyList-1.0.dtd">
<plist version="1.0">
<dict>
    <key>Label</key>
    <string>org.p2pstack.node</string>
    <key>ProgramArguments</key>
    <array>
        <string>$(xml_escape "$app/bin/karaf")</string>
        <string>server</string>
    </array>
    <key>EnvironmentVariables</key>
    <dict>
        <key>P2PSTACK_PORT_OFFSET</key>
        <string>$offset</string>
    </dict>
    <key>WorkingDirectory</key>
    <string>$(xml_escape "$app")</string>
    <key>RunAtLoad</key>
    <true/>
    <key>KeepAlive</key>
    <dict>
        <key>SuccessfulExit</key>
        <false/>
    </dict>
    <key>ThrottleInterval</key>
    <integer>5</integer>
    <key>StandardOutPath</key>
    <string>$(xml_escape "$data/karaf/log/launchd.log")</string>
    <key>StandardErrorPath</key>
    <string>$(xml_escape "$data/karaf/log/launchd.log")</string>
</dict>
</plist>
PLIST
}

service_manager() {
    if [ "$os" = "Darwin" ] && command -v launchctl >/dev/null 2>&1; then
        echo launchd
    elif command -v systemctl >/dev/null 2>&1 && systemctl --user show-environment >/dev/null 2>&1; then
        echo systemd
    else
        echo none
    fi
}

java_check() {
    # A release carries its own Java in jre/: nobody needs to install one. Only a node built without it (a source
    # checkout's karaf-distro/target/assembly) falls back to JAVA_HOME or the PATH.
    java_cmd=""
    if [ -x "$source_dir/jre/bin/java" ]; then
        java_cmd="$source_dir/jre/bin/java"
    elif [ -n "${JAVA_HOME:-}" ] && [ -x "$JAVA_HOME/bin/java" ]; then
        java_cmd="$JAVA_HOME/bin/java"
    elif command -v java >/dev/null 2>&1; then
        java_cmd=java
    fi
    [ -n "$java_cmd" ] || fail "This copy of p2pstack has no Java runtime (jre/ is missing) and none is installed. Unpack the whole release archive again (it carries its own Java), or install Java 25 and run this installer again."
    version=$("$java_cmd" -version 2>&1 | sed -n 's/.*version "\([0-9][0-9]*\).*/\1/p' | head -n 1)
    [ -n "$version" ] || fail "Could not tell which Java version '$java_cmd' is. p2pstack needs Java 25."
    if [ "$version" -lt 25 ]; then
        fail "Java $version is too old, and this copy of p2pstack has no Java runtime of its own (jre/). Unpack the whole release archive again (it carries Java 25), or install Java 25 and run this installer again."
    fi
}

stop_running_node() {
    case "$(service_manager)" in
        systemd) systemctl --user stop p2pstack.service 2>/dev/null || true ;;
        launchd) launchctl unload "$plist_file" 2>/dev/null || true ;;
    esac
    if [ -x "$app/bin/stop" ] && [ -f "$app/karaf.pid" ] && kill -0 "$(cat "$app/karaf.pid")" 2>/dev/null; then
        "$app/bin/stop" >/dev/null 2>&1 || true
        i=0
        while kill -0 "$(cat "$app/karaf.pid")" 2>/dev/null && [ $i -lt 60 ]; do sleep 0.5; i=$((i + 1)); done
    fi
}

wait_for_health() {
    printf 'Starting p2pstack '
    i=0
    while [ $i -lt 240 ]; do
        # 401: the node is up and answers only to a signed-in browser (bin/open signs the browser in); 200 from
        # /: the landing page is there too (the home dApp can be a moment behind the web server)
        if [ "$(curl -s -o /dev/null -w '%{http_code}' "${url}api/session" 2>/dev/null)" = 401 ] \
            && [ "$(curl -s -o /dev/null -w '%{http_code}' "$url" 2>/dev/null)" = 200 ]; then
            printf ' ready.\n'
            return 0
        fi
        printf '.'
        sleep 0.5
        i=$((i + 1))
    done
    printf '\n'
    fail "the node did not answer within 2 minutes; its log is $data/karaf/log/karaf.log"
}

open_browser() {
    [ "$browser" = yes ] || return 0
    # bin/open reads the node's one-time sign-in link (a file only this account can read) and opens it
    P2PSTACK_PORT_OFFSET=$offset "$app/bin/open" || say "Could not open the browser; run $app/bin/open to sign in."
}

install_program() {
    [ -x "$source_dir/bin/karaf" ] || fail "run install.sh from the unpacked p2pstack archive (bin/karaf is missing next to it)"
    [ "$source_dir" != "$app" ] || fail "this copy is already the installed one; run the installer from a freshly unpacked archive"
    command -v curl >/dev/null 2>&1 || fail "curl is needed to check that the node started; please install it"
    java_check
    upgrade=no
    [ -d "$app" ] && upgrade=yes
    if [ "$upgrade" = yes ]; then
        say "Upgrading p2pstack in $app (your data in $data is kept)"
        stop_running_node
    else
        say "Installing p2pstack into $app"
    fi
    mkdir -p "$root"
    chmod 700 "$root"
    rm -rf "$root/app.new"
    mkdir "$root/app.new"
    # copy the program, never a previous run's data or generated credentials
    (cd "$source_dir" && tar cf - --exclude=./data --exclude=./karaf.pid --exclude=./lock --exclude=./instances \
        --exclude=./etc/users.properties.new .) | (cd "$root/app.new" && tar xf -)
    sed -i.orig '/^p2pstack *=/d; /^_g_\\:admingroup/d' "$root/app.new/etc/users.properties" 2>/dev/null || true
    rm -f "$root/app.new/etc/users.properties.orig"
    # where this install keeps its data: outside the program directory
    cat > "$root/app.new/bin/setenv.local" <<LOCAL
# Written by install.sh: this install's data lives outside the program directory.
KARAF_DATA="$data/karaf"
P2PSTACK_DATA="$data/node"
export KARAF_DATA P2PSTACK_DATA
LOCAL
    mkdir -p "$data/karaf" "$data/node"
    chmod 700 "$data"
    # bundles of the old version must not be reused from Karaf's cache
    rm -rf "$data/karaf/cache" "$data/karaf/generated-bundles" "$data/karaf/tmp"
    rm -rf "$root/app.old"
    [ "$upgrade" = yes ] && mv "$app" "$root/app.old"
    mv "$root/app.new" "$app"
    rm -rf "$root/app.old"
    cp "$app/install.sh" "$root/uninstall.sh"
    chmod +x "$root/uninstall.sh"
    say "Program: $app"
    say "Your data: $data (logs in $data/karaf/log)"

    if [ "$foreground" = yes ]; then
        run_foreground
        return
    fi
    manager=$(service_manager)
    case "$manager" in
        systemd)
            mkdir -p "$unit_dir"
            systemd_unit > "$unit_file"
            systemctl --user daemon-reload
            systemctl --user enable p2pstack.service >/dev/null
            say "Registered the systemd user service p2pstack (starts at login, restarts on failure)."
            [ "$start" = yes ] && systemctl --user restart p2pstack.service
            ;;
        launchd)
            mkdir -p "$(dirname "$plist_file")" "$data/karaf/log"
            launchd_plist > "$plist_file"
            say "Registered the launchd agent org.p2pstack.node (starts at login, restarts on failure)."
            [ "$start" = yes ] && launchctl load -w "$plist_file"
            ;;
        none)
            say "No service manager is available here (no systemd user session, no launchd),"
            say "so p2pstack cannot start by itself at login."
            if [ "$start" = yes ] && ask "Run p2pstack in the foreground now?"; then
                run_foreground
                return
            fi
            say "Start it any time with: \"$app/bin/start\"  (stop: \"$app/bin/stop\")"
            return
            ;;
    esac
    if [ "$start" = yes ]; then
        wait_for_health
        open_browser
        say "p2pstack is running at $url"
    fi
}

ask() {
    [ "$assume_yes" = yes ] && return 0
    if [ -t 0 ]; then
        printf '%s [Y/n] ' "$1"
        read -r answer || answer=n
        case "$answer" in ''|y|Y|yes|YES) return 0 ;; *) return 1 ;; esac
    fi
    return 1
}

run_foreground() {
    say "Running p2pstack in the foreground; press Ctrl+C to stop it."
    P2PSTACK_PORT_OFFSET=$offset "$app/bin/karaf" server &
    node_pid=$!
    trap 'kill $node_pid 2>/dev/null; wait $node_pid 2>/dev/null; exit 0' INT TERM
    wait_for_health
    open_browser
    say "p2pstack is running at $url"
    wait $node_pid
}

uninstall() {
    stop_running_node
    if [ -f "$unit_file" ]; then
        systemctl --user disable p2pstack.service >/dev/null 2>&1 || true
        rm -f "$unit_file"
        systemctl --user daemon-reload >/dev/null 2>&1 || true
        say "Removed the systemd user service."
    fi
    if [ -f "$plist_file" ]; then
        rm -f "$plist_file"
        say "Removed the launchd agent."
    fi
    rm -rf "$app" "$root/app.new" "$root/app.old" "$root/uninstall.sh"
    say "Removed the program from $app"
    if [ "$purge" = yes ]; then
        rm -rf "$data"
        rmdir "$root" 2>/dev/null || true
        say "Deleted your data in $data"
    else
        say "Your data is kept in $data (run with --uninstall --purge to delete it)"
    fi
}

case "$mode" in
    print-unit) systemd_unit ;;
    print-plist) launchd_plist ;;
    uninstall) uninstall ;;
    install) install_program ;;
esac
