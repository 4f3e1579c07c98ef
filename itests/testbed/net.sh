#!/usr/bin/env bash
# The testbed's network: hosts in network namespaces of their own, joined by a bridge that lives in a namespace
# too, so nothing in it can reach this computer's own networks or the internet. Every address is in the
# benchmarking range 198.18.0.0/15:
#
#   "internet" 198.18.0.0/24 (bridge wan0 in p2ptb-wan)
#     p2ptb-pub   198.18.0.10   a host with a public-style address
#     p2ptb-near  198.18.0.11   a second host on pub's network segment (LAN discovery)
#     p2ptb-boot  198.18.0.20   the Hyperswarm bootstrap and the I2P reseed
#     p2ptb-nat1  198.18.0.101  full-cone NAT for the home network 198.19.1.0/24 ...
#       p2ptb-alice 198.19.1.10
#     p2ptb-nat2  198.18.0.102  port-restricted NAT for the home network 198.19.2.0/24 ...
#       p2ptb-bob   198.19.2.10
#
# Usage: net.sh up | down | cut <host> | restore <host> | lossy <host> <percent> | delay <host> <ms> <percent>
# Needs root, iproute2 and nftables.
set -euo pipefail

P=p2ptb
HOSTS=(pub near boot nat1 nat2 alice bob)

ns() { echo "$P-$1"; }
inns() { local n; n=$(ns "$1"); shift; ip netns exec "$n" "$@"; }

need() {
    [ "$(id -u)" = 0 ] || { echo "The testbed needs root (it creates network namespaces)." >&2; exit 2; }
    command -v ip >/dev/null || { echo "The testbed needs iproute2 (ip)." >&2; exit 2; }
    command -v nft >/dev/null || { echo "The testbed needs nftables (nft): apt-get install nftables" >&2; exit 2; }
}

# a veth pair: $1 in namespace $2 (as $3), the other end in namespace $4 (as $5)
pair() {
    local tmp_a="tb$RANDOM" tmp_b="tb$RANDOM"
    ip link add "$tmp_a" type veth peer name "$tmp_b"
    ip link set "$tmp_a" netns "$(ns "$1")"
    ip link set "$tmp_b" netns "$(ns "$3")"
    inns "$1" ip link set "$tmp_a" name "$2"
    inns "$3" ip link set "$tmp_b" name "$4"
    inns "$1" ip link set "$2" up
    inns "$3" ip link set "$4" up
}

# host $1 on the internet bridge with address $2, its link called eth0
on_wan() {
    local port="w-$1"
    pair wan "$port" "$1" eth0
    inns wan ip link set "$port" master wan0
    inns "$1" ip addr add "$2/24" dev eth0
}

# a home network behind NAT host $1: LAN $2 (a /24 given as three octets), one host $3 at .10
home() {
    local nat=$1 lan=$2 host=$3
    pair "$nat" lan0 "$host" eth0
    inns "$nat" ip addr add "$lan.1/24" dev lan0
    inns "$host" ip addr add "$lan.10/24" dev eth0
    inns "$host" ip route add default via "$lan.1"
    inns "$nat" sh -c 'echo 1 > /proc/sys/net/ipv4/ip_forward'
}

up() {
    need
    down quiet
    ip netns add "$(ns wan)"
    for h in "${HOSTS[@]}"; do ip netns add "$(ns "$h")"; done
    for h in wan "${HOSTS[@]}"; do inns "$h" ip link set lo up; done
    inns wan ip link add wan0 type bridge
    inns wan ip link set wan0 up
    on_wan pub 198.18.0.10
    on_wan near 198.18.0.11
    on_wan boot 198.18.0.20
    on_wan nat1 198.18.0.101
    on_wan nat2 198.18.0.102
    home nat1 198.19.1 alice
    home nat2 198.19.2 bob

    # full cone: one public address and port for everything Alice sends, and whatever arrives there goes to her
    inns nat1 nft -f - <<'EOF'
table ip nat {
    chain outgoing { type nat hook postrouting priority srcnat; oifname "eth0" snat to 198.18.0.101; }
    chain incoming { type nat hook prerouting priority dstnat; iifname "eth0" dnat to 198.19.1.10; }
}
EOF
    # port-restricted cone: Bob's packets go out as 198.18.0.102; only answers from the address and port he
    # sent to come back in (the connection tracker's own rule), nothing new from outside
    inns nat2 nft -f - <<'EOF'
table ip nat {
    chain outgoing { type nat hook postrouting priority srcnat; oifname "eth0" snat to 198.18.0.102; }
    # empty, but without a prerouting NAT hook this kernel does not translate the answers back
    chain incoming { type nat hook prerouting priority dstnat; }
}
table ip filter {
    chain forward {
        type filter hook forward priority filter; policy drop;
        iifname "lan0" oifname "eth0" accept
        iifname "eth0" oifname "lan0" ct state established,related accept
    }
    chain input {
        type filter hook input priority filter; policy accept;
        iifname "eth0" ct state new drop
    }
}
EOF
    echo "testbed network up: $(ip netns list | grep -c "^$P-") namespaces"
}

down() {
    for n in $(ip netns list 2>/dev/null | awk '{print $1}' | grep "^$P-" || true); do
        # whatever still runs in a host goes with it
        for pid in $(ip netns pids "$n" 2>/dev/null); do kill -9 "$pid" 2>/dev/null || true; done
        ip netns del "$n"
    done
    [ "${1:-}" = quiet ] || echo "testbed network down"
}

# the host's link to the internet (for a home host: its NAT's) stops carrying anything, and comes back
link_of() { case "$1" in alice) echo nat1 ;; bob) echo nat2 ;; *) echo "$1" ;; esac; }
cut() { inns wan ip link set "w-$(link_of "$1")" down; echo "cut $1"; }
restore() { inns wan ip link set "w-$(link_of "$1")" up; echo "restored $1"; }

# drops this share of the packets on the host's link, in both directions (the kernel here has no netem for delay)
lossy() {
    local port="w-$(link_of "$1")" percent=$2
    inns wan nft delete table bridge lossy 2>/dev/null || true
    if [ "$percent" != 0 ]; then
        inns wan nft -f - <<EOF
table bridge lossy {
    chain forward {
        type filter hook forward priority filter;
        iifname "$port" numgen random mod 100 < $percent drop
        oifname "$port" numgen random mod 100 < $percent drop
    }
}
EOF
    fi
    echo "loss on $1's link: $percent%"
}

# puts a delay line (delayline.py: what netem would do) between the host's link and the bridge, and takes it out
# again with "delay <host> 0 0"; the host's packets then take <ms> longer each way and <percent> of them are lost
delay() {
    local port="w-$(link_of "$1")" ms=$2 percent=$3 here
    here=$(cd "$(dirname "$0")" && pwd)
    kill "$(cat "/run/p2ptb-delay-$port.pid" 2>/dev/null)" 2>/dev/null || true
    rm -f "/run/p2ptb-delay-$port.pid"
    if inns wan ip link show "d-$port" >/dev/null 2>&1; then
        inns wan ip link del "d-$port"
        inns wan ip link set "$port" promisc off
        inns wan ip link set "$port" master wan0
    fi
    if [ "$ms" != 0 ] || [ "$percent" != 0 ]; then
        # the host's port leaves the bridge; a new pair joins it, and the line carries frames between the two
        inns wan ip link set "$port" nomaster
        inns wan ip link add "d-$port" type veth peer name "b-$port"
        inns wan ip link set "b-$port" master wan0
        for l in "$port" "d-$port" "b-$port"; do inns wan ip link set "$l" up; done
        inns wan ip link set "$port" promisc on
        inns wan ip link set "d-$port" promisc on
        inns wan python3 "$here/delayline.py" "$port" "d-$port" "$ms" "$percent" > "/run/p2ptb-delay-$port.log" 2>&1 &
        echo $! > "/run/p2ptb-delay-$port.pid"
        sleep 0.5
        kill -0 "$(cat "/run/p2ptb-delay-$port.pid")" || { cat "/run/p2ptb-delay-$port.log" >&2; exit 1; }
    fi
    echo "delay on $1's link: $ms ms, $percent% loss"
}

case "${1:-}" in
    up) up ;;
    down) down ;;
    cut) cut "$2" ;;
    restore) restore "$2" ;;
    lossy) lossy "$2" "$3" ;;
    delay) delay "$2" "$3" "$4" ;;
    *) echo "usage: $0 up | down | cut <host> | restore <host> | lossy <host> <percent> | delay <host> <ms> <percent>" >&2; exit 2 ;;
esac
