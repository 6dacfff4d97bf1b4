"""Fault injection: a node killed during a scan, injected result codes, malformed frames."""
import socket
import struct
import threading

import pytest
from aerospike import exception as ex
from conftest import sim_only


def test_node_kill_during_scan_loses_nothing(make_sim):
    sim = make_sim("--nodes", "3", "--records", "20000", "--seed", "5")
    client = sim.client()
    seen = []
    killed = threading.Event()

    def each(record):
        seen.append(bytes(record[0][3]))
        if len(seen) == 2000 and not killed.is_set():
            killed.set()
            sim.info("sim-kill:node=1", node=0)

    client.scan("test", None).foreach(each, {"max_retries": 10, "sleep_between_retries": 500})
    assert killed.is_set()
    assert "live=0,2" in sim.info("sim-status", node=0)
    assert len(set(seen)) == 20000
    assert len(seen) == 20000, "records resent after the kill"
    client.close()


@sim_only
def test_injected_key_busy_and_recovery(sim, client):
    key = ("test", "fault", 1)
    try:
        assert sim.info("sim-fault:error=14;rate=1") == "ok"
        with pytest.raises(ex.ServerError) as info:
            client.put(key, {"a": 1}, policy={"max_retries": 0})
        assert info.value.code == 14
    finally:
        assert sim.info("sim-fault:clear") == "ok"
    client.put(key, {"a": 1})
    assert client.get(key)[2] == {"a": 1}


def test_malformed_frames_do_not_crash(sim):
    for garbage in (b"\x07" * 64, struct.pack(">Q", (2 << 56) | (3 << 48) | 5) + b"\x16\x00\x00\x00\x00",
                    struct.pack(">Q", (2 << 56) | (9 << 48) | 1) + b"x"):
        with socket.create_connection(("127.0.0.1", sim.ports[0]), timeout=5) as s:
            s.sendall(garbage)
            s.settimeout(5)
            try:
                s.recv(100)
            except (ConnectionResetError, socket.timeout):
                pass
    assert sim.info("status") == "ok"
