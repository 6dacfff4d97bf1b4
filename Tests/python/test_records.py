"""Single-record commands with the official client against a 3-node simulator."""
import aerospike
import pytest
from aerospike import exception as ex
from aerospike_helpers.operations import operations as op
from conftest import SEEDED_NS, sim_only


def test_cluster_is_discovered(sim, client):
    assert len(client.get_nodes()) == sim.node_count
    answers = client.info_all("partitions")
    assert len(answers) == sim.node_count
    assert all(v[1].strip() == "4096" for v in answers.values())
    assert {SEEDED_NS, "test"} <= set(sim.info("namespaces").split(";"))


def test_put_get_select_exists_remove(client):
    key = ("test", "rec", "k1")
    client.put(key, {"i": 7, "s": "hello", "f": 1.5, "b": bytearray(b"\x00\x01"),
                     "l": [1, "two", 3.0], "m": {"a": 1, "b": [2]}})
    _, meta, bins = client.get(key)
    assert meta["gen"] == 1
    assert bins == {"i": 7, "s": "hello", "f": 1.5, "b": bytearray(b"\x00\x01"),
                    "l": [1, "two", 3.0], "m": {"a": 1, "b": [2]}}
    _, _, some = client.select(key, ["i", "s"])
    assert some == {"i": 7, "s": "hello"}
    _, meta = client.exists(key)
    assert meta is not None and meta["gen"] == 1
    client.put(key, {"i": 8})
    _, meta, bins = client.get(key)
    assert meta["gen"] == 2 and bins["i"] == 8 and bins["s"] == "hello"
    client.remove(key)
    _, meta = client.exists(key)
    assert meta is None
    with pytest.raises(ex.RecordNotFound):
        client.get(key)
    with pytest.raises(ex.RecordNotFound):
        client.remove(key)


def test_operate_incr_append_read_touch(client):
    key = ("test", "rec", 99)
    client.put(key, {"n": 1, "s": "ab"})
    _, meta, bins = client.operate(key, [op.increment("n", 41), op.append("s", "cd"), op.prepend("s", ">"),
                                         op.write("w", "new"), op.read("n"), op.read("s")])
    assert bins == {"n": 42, "s": ">abcd"}
    assert meta["gen"] == 2
    client.touch(key, 500)
    _, meta = client.exists(key)
    assert meta["gen"] == 3 and 490 <= meta["ttl"] <= 500
    with pytest.raises(ex.BinIncompatibleType):
        client.operate(key, [op.increment("s", 1)])


def test_exists_and_generation_policies(client):
    key = ("test", "rec", "policies")
    client.put(key, {"a": 1}, policy={"exists": aerospike.POLICY_EXISTS_CREATE})
    with pytest.raises(ex.RecordExistsError):
        client.put(key, {"a": 2}, policy={"exists": aerospike.POLICY_EXISTS_CREATE})
    with pytest.raises(ex.RecordNotFound):
        client.put(("test", "rec", "missing"), {"a": 1}, policy={"exists": aerospike.POLICY_EXISTS_UPDATE})
    with pytest.raises(ex.RecordGenerationError):
        client.put(key, {"a": 3}, meta={"gen": 5}, policy={"gen": aerospike.POLICY_GEN_EQ})
    client.put(key, {"a": 4}, meta={"gen": 1}, policy={"gen": aerospike.POLICY_GEN_EQ})
    client.put(key, {"z": 9}, policy={"exists": aerospike.POLICY_EXISTS_REPLACE})
    _, meta, bins = client.get(key)
    assert bins == {"z": 9} and meta["gen"] == 3


@sim_only
def test_ttl_expiry_with_sim_clock(sim, client):
    key = ("test", "ttl", 1)
    client.put(key, {"a": 1}, meta={"ttl": 100})
    _, meta = client.exists(key)
    assert 95 <= meta["ttl"] <= 100
    try:
        assert sim.info("sim-clock:advance=101").startswith("offset-ms=")
        _, meta = client.exists(key)
        assert meta is None
        with pytest.raises(ex.RecordNotFound):
            client.get(key)
    finally:
        sim.info("sim-clock:offset-ms=0")
