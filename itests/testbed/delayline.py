#!/usr/bin/env python3
"""A delay line for the testbed: what netem would do, in user space, because this kernel has no netem.

Joins two network interfaces of one namespace at layer 2 and carries every Ethernet frame from one to the other
after a fixed delay, dropping a share of them at random, in both directions:

    delayline.py <interface a> <interface b> <delay ms> <loss percent>

net.sh puts it between a host's link and the testbed's bridge ("net.sh delay <host> <ms> <percent>"). It runs until
it is killed. Frames queue in arrival order, so the delay never reorders them, and at most MAX_QUEUED wait per
direction (the rest are dropped, as a full router queue would).
"""
import collections
import random
import socket
import sys
import threading
import time

ETH_P_ALL = 0x0003
PACKET_OUTGOING = 4
SOL_PACKET = 263
PACKET_VNET_HDR = 15
MAX_FRAME = 65536 + 10
MAX_QUEUED = 20000


def open_raw(interface):
    s = socket.socket(socket.AF_PACKET, socket.SOCK_RAW, socket.htons(ETH_P_ALL))
    # veths pass on TCP in segments of up to 64 KiB with the checksum still to fill in, work a real NIC would do.
    # With a virtio-net header in front of each frame, the kernel says so on receive and does that work on send.
    s.setsockopt(SOL_PACKET, PACKET_VNET_HDR, 1)
    s.bind((interface, 0))
    return s


def receive(sock):
    """The next frame (virtio-net header first) that arrived on the interface, not one sent from here."""
    while True:
        frame, address = sock.recvfrom(MAX_FRAME)
        if address[2] != PACKET_OUTGOING:
            return frame


def carry(source, target, delay, loss):
    queue = collections.deque()
    ready = threading.Condition()

    def send_when_due():
        while True:
            with ready:
                while not queue:
                    ready.wait()
                due, frame = queue[0]
            wait = due - time.monotonic()
            if wait > 0:
                time.sleep(wait)
            with ready:
                queue.popleft()
            try:
                target.send(frame)
            except OSError:
                pass  # a frame the link refuses (too big, link down) is lost, as on a wire

    threading.Thread(target=send_when_due, daemon=True).start()
    while True:
        frame = receive(source)
        if loss and random.random() * 100 < loss:
            continue
        with ready:
            if len(queue) < MAX_QUEUED:
                queue.append((time.monotonic() + delay, frame))
                ready.notify()


def main():
    if len(sys.argv) != 5:
        sys.exit(__doc__)
    a, b = sys.argv[1], sys.argv[2]
    delay, loss = float(sys.argv[3]) / 1000, float(sys.argv[4])
    side_a, side_b = open_raw(a), open_raw(b)
    threading.Thread(target=carry, args=(side_a, side_b, delay, loss), daemon=True).start()
    print(f"delay line {a} <-> {b}: {delay * 1000:.0f} ms, {loss:g}% loss", flush=True)
    carry(side_b, side_a, delay, loss)


if __name__ == "__main__":
    main()
