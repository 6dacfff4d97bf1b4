"""Fixtures for the official-client tests: start `aerovault-sim` (path in env AEROVAULT_SIM) on free
ports, hand out connected `aerospike` clients, stop the simulator afterwards.

With env AEROVAULT_REAL_SERVER=127.0.0.1:<port> the same tests run against a real single-node Aerospike
server instead (namespaces `test` and `seeded`, `nsup-period` > 0); tests marked `sim_only` (simulator
control commands, security, several nodes) are skipped there."""
import os
import signal
import socket
import struct
import subprocess
import time

import aerospike
import pytest
from rawwire import recv_exact

SEEDED_NS = "seeded"
SEEDED_RECORDS = 3000
REAL_SERVER = os.environ.get("AEROVAULT_REAL_SERVER")

sim_only = pytest.mark.skipif(REAL_SERVER is not None, reason="needs the simulator (control commands, nodes)")


class Server:
    """What the tests need from a server under test: ports, clients and raw info."""

    ports = []
    node_count = 1
    is_real = False

    def hosts(self):
        return [("127.0.0.1", p) for p in self.ports]

    def client(self, **extra):
        config = {"hosts": self.hosts(), "policies": {"timeout": 5000}}
        config.update(extra)
        return aerospike.client(config).connect()

    def info(self, command, node=0):
        """Sends one info command to a node over a raw socket (no client, no login)."""
        return raw_info(self.ports[node], command)

    def stop(self):
        pass


class RealServer(Server):
    """An already running real server (AEROVAULT_REAL_SERVER), loopback only."""

    is_real = True

    def __init__(self, address):
        host, port = address.rsplit(":", 1)
        if host != "127.0.0.1":
            raise ValueError("AEROVAULT_REAL_SERVER must be 127.0.0.1:<port>, got %r" % address)
        self.ports = [int(port)]


def seed_like_the_simulator(client, count):
    """Writes `count` records into SEEDED_NS with the simulator seeder's set mix (i mod 10: 0-3 users,
    4-6 orders, 7-8 events, 9 no set), so set counts match the simulator's `--records`."""
    for i in range(count):
        m = i % 10
        set_name = "users" if m < 4 else "orders" if m < 7 else "events" if m < 9 else None
        client.put((SEEDED_NS, set_name, i), {"id": i, "name": "n%d" % i, "payload": bytearray(i % 251 for _ in range(64))},
                   policy={"exists": aerospike.POLICY_EXISTS_CREATE_OR_REPLACE})


class Sim(Server):
    """A running simulator process."""

    def __init__(self, *args):
        binary = os.environ.get("AEROVAULT_SIM")
        if not binary or not os.path.exists(binary):
            pytest.skip("AEROVAULT_SIM is not set to the aerovault-sim binary (run `make test-python`)")
        self.proc = subprocess.Popen(
            [binary, "--port", "0", *args], stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True
        )
        self.ports = []
        self.lines = []
        deadline = time.time() + 60
        while time.time() < deadline:
            line = self.proc.stdout.readline()
            if not line:
                break
            self.lines.append(line.rstrip())
            if line.startswith("ready ports="):
                self.ports = [int(p) for p in line.strip().split("=", 1)[1].split(",")]
                break
        if not self.ports:
            self.stop()
            raise RuntimeError("simulator did not start: %s %s" % (self.lines, self.proc.stderr.read()))
        self.node_count = len(self.ports)

    def stop(self):
        if self.proc.poll() is None:
            self.proc.send_signal(signal.SIGTERM)
            try:
                self.proc.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait()


def raw_info(port, command):
    """The value of one info command, speaking the info protocol directly."""
    body = (command + "\n").encode()
    with socket.create_connection(("127.0.0.1", port), timeout=5) as s:
        s.sendall(struct.pack(">Q", (2 << 56) | (1 << 48) | len(body)) + body)
        header = recv_exact(s, 8)
        size = struct.unpack(">Q", header)[0] & 0xFFFFFFFFFFFF
        reply = recv_exact(s, size).decode()
    line = reply.split("\n")[0]
    assert line.startswith(command + "\t"), reply
    return line[len(command) + 1:]


@pytest.fixture(scope="session")
def sim():
    """A 3-node cluster; namespace `seeded` holds the deterministic mix, `test` starts empty.
    Against a real server: that server, with `seeded` filled by `seed_like_the_simulator`."""
    if REAL_SERVER:
        server = RealServer(REAL_SERVER)
        c = server.client()
        c.truncate("test", None, 0)  # the tests expect `test` to start empty, as on a fresh simulator
        for _ in range(100):
            stats = dict(kv.split("=", 1) for kv in server.info("namespace/test").split(";") if "=" in kv)
            if stats.get("objects") == "0":
                break
            time.sleep(0.05)
        seed_like_the_simulator(c, SEEDED_RECORDS)
        c.close()
        yield server
        return
    s = Sim("--nodes", "3", "--namespace", SEEDED_NS, "--namespace", "test",
            "--records", str(SEEDED_RECORDS), "--seed", "42")
    yield s
    s.stop()


@pytest.fixture(scope="session")
def client(sim):
    c = sim.client()
    yield c
    c.close()


@pytest.fixture()
def make_sim():
    """Starts extra simulators for a test (security, node kills) and stops them afterwards."""
    if REAL_SERVER:
        pytest.skip("starts its own simulators")
    started = []

    def start(*args):
        s = Sim(*args)
        started.append(s)
        return s

    yield start
    for s in started:
        s.stop()
