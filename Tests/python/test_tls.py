"""TLS: the official client speaks real TLS to the simulator (`--tls-*` options), discovers the other
nodes through peers-tls-std, writes, reads and scans; an untrusted CA or a missing client certificate
under mutual TLS fails. Certificates: Tests/AerospikeWireTests/Fixtures/tls (see its regenerate.sh)."""
import os

import aerospike
import pytest
from aerospike import exception as ex

from conftest import sim_only

FIXTURES = os.path.join(os.path.dirname(__file__), "..", "AerospikeWireTests", "Fixtures", "tls")
TLS_NAME = "aerovault-sim"


def fixture(name):
    return os.path.abspath(os.path.join(FIXTURES, name))


def tls_sim(make_sim, *extra):
    return make_sim("--nodes", "3", "--tls-certfile", fixture("server.pem"), "--tls-keyfile", fixture("server.key"),
                    "--tls-name", TLS_NAME, *extra)


def tls_client(sim, seed_only=True, **tls):
    ports = sim.ports[:1] if seed_only else sim.ports
    config = {
        "hosts": [("127.0.0.1", p, TLS_NAME) for p in ports],
        "tls": {"enable": True, "cafile": fixture("ca.pem"), **tls},
        "policies": {"timeout": 5000},
    }
    return aerospike.client(config).connect()


@sim_only
def test_official_client_over_tls_discovers_puts_gets_scans(make_sim):
    sim = tls_sim(make_sim)
    client = tls_client(sim)
    try:
        # Only one seed was given: the other nodes came from peers-tls-std.
        assert len(client.get_nodes()) == 3
        for i in range(50):
            client.put(("test", "tls", i), {"i": i, "s": "v%d" % i})
        assert client.get(("test", "tls", 7))[2] == {"i": 7, "s": "v7"}
        seen = {bins["i"] for (_, _, bins) in client.scan("test", "tls").results()}
        assert seen == set(range(50))
    finally:
        client.close()


@sim_only
def test_tls_port_refuses_plaintext_and_untrusted_ca(make_sim):
    sim = tls_sim(make_sim)
    with pytest.raises(ex.AerospikeError):
        tls_client(sim, cafile=fixture("other-ca.pem"))
    with pytest.raises(ex.AerospikeError):
        aerospike.client({"hosts": [("127.0.0.1", sim.ports[0])], "policies": {"timeout": 2000}}).connect()


@sim_only
def test_mutual_tls_requires_the_client_certificate(make_sim):
    sim = tls_sim(make_sim, "--tls-cafile", fixture("ca.pem"))
    with pytest.raises(ex.AerospikeError):
        tls_client(sim)
    client = tls_client(sim, certfile=fixture("client.pem"), keyfile=fixture("client.key"))
    try:
        client.put(("test", "mtls", 1), {"a": 1})
        assert client.get(("test", "mtls", 1))[2] == {"a": 1}
    finally:
        client.close()
