"""Behaviour the simulator must share with a real server: run with AEROVAULT_REAL_SERVER against a real
Aerospike CE server and without it against the simulator; both runs must pass unchanged."""
import base64
import re
import time

import aerospike
import pytest
import rawwire
from aerospike import exception as ex
from aerospike_helpers import expressions as exp
from aerospike_helpers.batch import records as br
from aerospike_helpers.operations import operations as op
from conftest import SEEDED_NS

CITRUSLEAF_EPOCH = 1262304000  # 2010-01-01T00:00:00Z


def master_partitions(replicas_value, namespace):
    """Partition ids a node masters according to its `replicas` answer (`ns:regime,n,b64,…`)."""
    for entry in replicas_value.split(";"):
        ns, _, rest = entry.partition(":")
        if ns == namespace:
            parts = rest.split(",")
            count = int(parts[1])
            assert len(parts) == 2 + count
            bitmap = base64.b64decode(parts[2])
            assert len(bitmap) == 512
            return [p for p in range(4096) if bitmap[p >> 3] & (0x80 >> (p & 7))]
    raise AssertionError("namespace %s not in %r" % (namespace, replicas_value))


def test_info_answers_have_the_formats_clients_parse(sim):
    assert re.fullmatch(r"[0-9A-F]{1,16}", sim.info("node"))
    assert int(sim.info("partition-generation")) >= 0
    assert int(sim.info("peers-generation")) >= 0
    peers = re.fullmatch(r"(\d+),(\d*),\[(.*)\]", sim.info("peers-clear-std"))
    assert peers, sim.info("peers-clear-std")
    if sim.node_count == 1:
        assert peers.group(3) == ""
    else:
        assert peers.group(3).count("127.0.0.1:") == sim.node_count - 1
    owned = master_partitions(sim.info("replicas"), "test")
    assert len(owned) == 4096 // sim.node_count or abs(len(owned) - 4096 // sim.node_count) < 400
    stats = dict(kv.split("=", 1) for kv in sim.info("namespace/test").split(";"))
    for k in ("objects", "master_objects", "replication-factor", "default-ttl", "nsup-period"):
        assert k in stats and int(stats[k]) >= 0, k
    assert stats["strong-consistency"] == "false"
    assert sim.info("namespace/nosuchns").startswith("ERROR:") or sim.info("namespace/nosuchns") == "type=unknown"
    sets = [e for e in sim.info("sets/" + SEEDED_NS).split(";") if e]
    by_name = {}
    for entry in sets:
        props = dict(kv.split("=", 1) for kv in entry.split(":"))
        by_name[props["set"]] = props
        assert props["ns"] == SEEDED_NS
    assert int(by_name["orders"]["objects"]) * sim.node_count >= 900


def test_partition_scan_sends_no_marker_for_a_scanned_partition(sim):
    owned = master_partitions(sim.info("replicas"), SEEDED_NS)[:3]
    messages = rawwire.stream(sim.ports[0], rawwire.partition_scan(SEEDED_NS, owned))
    markers = [m for m in messages if m["info3"] & rawwire.INFO3_PARTITION_DONE]
    records = [m for m in messages if not m["info3"] & (rawwire.INFO3_PARTITION_DONE | rawwire.INFO3_LAST)]
    assert markers == []
    assert messages[-1]["info3"] & rawwire.INFO3_LAST and messages[-1]["result"] == 0
    assert records and all(m["result"] == 0 for m in records)
    digests = [m["fields"][4] for m in records]
    for pid in owned:
        mine = [d for d in digests if (d[0] | d[1] << 8) & 0xFFF == pid]
        assert mine == sorted(mine, reverse=True)
    assert {m["fields"][0] for m in records} == {SEEDED_NS.encode()}


def test_scan_without_partitions_or_with_an_empty_pid_array_is_refused(sim):
    whole = rawwire.as_msg(rawwire.INFO1_READ | rawwire.INFO1_NOBINDATA, 0, rawwire.INFO3_PARTITION_DONE,
                           [rawwire.field(rawwire.FIELD_NAMESPACE, SEEDED_NS.encode()), rawwire.task_id_field()])
    # The real server logs these refusals ("basic query missing pids and digests fields") and sends
    # nothing; the simulator answers LAST with the code the server computed.
    allowed = lambda code: (None, code) if sim.is_real else (code,)  # noqa: E731
    assert rawwire.refusal(sim.ports[0], whole) in allowed(16)
    assert rawwire.refusal(sim.ports[0], rawwire.partition_scan(SEEDED_NS, [])) in allowed(4)


def test_partition_scan_without_partition_done_flag_is_refused(sim):
    request = rawwire.as_msg(rawwire.INFO1_READ | rawwire.INFO1_NOBINDATA, 0, 0,
                             [rawwire.field(rawwire.FIELD_NAMESPACE, SEEDED_NS.encode()),
                              rawwire.field(rawwire.FIELD_PID_ARRAY, b"\x00\x00"), rawwire.task_id_field()])
    assert rawwire.refusal(sim.ports[0], request) in ((None, 16) if sim.is_real else (16,))


def test_result_codes_of_write_policies(client):
    key = ("test", "codes", "k")
    client.put(key, {"a": 1}, policy={"exists": aerospike.POLICY_EXISTS_CREATE_OR_REPLACE})
    cases = [
        (ex.RecordExistsError, 5, lambda: client.put(key, {"a": 2}, policy={"exists": aerospike.POLICY_EXISTS_CREATE})),
        (ex.RecordGenerationError, 3,
         lambda: client.put(key, {"a": 3}, meta={"gen": 9}, policy={"gen": aerospike.POLICY_GEN_EQ})),
        (ex.RecordGenerationError, 3,
         lambda: client.put(key, {"a": 3}, meta={"gen": 1}, policy={"gen": aerospike.POLICY_GEN_GT})),
        (ex.RecordNotFound, 2,
         lambda: client.put(("test", "codes", "none"), {"a": 1}, policy={"exists": aerospike.POLICY_EXISTS_UPDATE})),
        (ex.RecordNotFound, 2,
         lambda: client.put(("test", "codes", "none"), {"a": 1}, policy={"exists": aerospike.POLICY_EXISTS_REPLACE})),
        (ex.RecordNotFound, 2, lambda: client.get(("test", "codes", "none"))),
        (ex.RecordNotFound, 2, lambda: client.remove(("test", "codes", "none"))),
        (ex.BinIncompatibleType, 12, lambda: client.operate(key, [op.append("a", "x")])),
        (ex.RecordGenerationError, 3,
         lambda: client.put(("test", "codes", "none"), {"a": 1}, meta={"gen": 5}, policy={"gen": aerospike.POLICY_GEN_EQ})),
        (ex.RecordExistsError, 5,
         lambda: client.put(key, {"a": 2}, policy={"exists": aerospike.POLICY_EXISTS_CREATE,
                                                   "expressions": exp.Eq(exp.IntBin("a"), 9).compile()})),
        (ex.RecordGenerationError, 3,
         lambda: client.put(key, {"a": 2}, meta={"gen": 9}, policy={"gen": aerospike.POLICY_GEN_EQ,
                                                                   "expressions": exp.Eq(exp.IntBin("a"), 9).compile()})),
    ]
    for exc, code, action in cases:
        with pytest.raises(exc) as info:
            action()
        assert info.value.code == code
    _, meta, bins = client.get(key)
    assert meta["gen"] == 1 and bins == {"a": 1}


def test_filtered_out_and_filter_on_missing_record(client):
    key = ("test", "codes", "filtered")
    client.put(key, {"a": 1}, policy={"exists": aerospike.POLICY_EXISTS_CREATE_OR_REPLACE})
    never = exp.Eq(exp.IntBin("a"), 2).compile()
    with pytest.raises(ex.FilteredOut) as info:
        client.get(key, policy={"expressions": never})
    assert info.value.code == 27
    with pytest.raises(ex.FilteredOut):
        client.put(key, {"a": 5}, policy={"expressions": never})
    with pytest.raises(ex.FilteredOut):
        client.remove(key, policy={"expressions": never})
    with pytest.raises(ex.RecordNotFound):
        client.get(("test", "codes", "nope"), policy={"expressions": never})
    client.put(("test", "codes", "created"), {"a": 5}, policy={"expressions": never})
    assert client.get(("test", "codes", "created"))[2] == {"a": 5}
    client.remove(("test", "codes", "created"))
    assert client.get(key)[2] == {"a": 1}


def test_record_too_big_is_refused(client):
    key = ("test", "codes", "big")
    with pytest.raises(ex.RecordTooBig) as info:
        client.put(key, {"b": bytearray(1024 * 1024)})
    assert info.value.code == 13
    client.put(key, {"b": bytearray(1000 * 1000)})
    assert len(client.get(key)[2]["b"]) == 1000 * 1000
    client.remove(key)


def test_writing_only_nulls_deletes_or_is_not_found(client):
    key = ("test", "codes", "nulls")
    client.put(key, {"a": 1, "b": 2})
    client.put(key, {"a": None, "b": None})
    assert client.exists(key)[1] is None
    with pytest.raises(ex.RecordNotFound):
        client.put(key, {"a": None})


def test_ttl_special_values_and_void_time(sim, client):
    key = ("test", "ttl", "special")
    client.put(key, {"a": 1}, meta={"ttl": 1000})
    assert 995 <= client.exists(key)[1]["ttl"] <= 1000
    client.put(key, {"a": 2}, meta={"ttl": aerospike.TTL_DONT_UPDATE})
    assert 995 <= client.exists(key)[1]["ttl"] <= 1000
    client.put(key, {"a": 3}, meta={"ttl": aerospike.TTL_NEVER_EXPIRE})
    never = client.exists(key)[1]["ttl"]
    assert never in (0xFFFFFFFF, -1)
    client.put(key, {"a": 4}, meta={"ttl": 500})
    assert 495 <= client.exists(key)[1]["ttl"] <= 500, "TTL reductions apply (apply-ttl-reductions true)"
    client.put(key, {"a": 5}, meta={"ttl": aerospike.TTL_NAMESPACE_DEFAULT})
    assert client.exists(key)[1]["ttl"] == never, "namespace default-ttl is 0 = never expire"
    with pytest.raises(ex.AerospikeError) as info:
        client.put(key, {"a": 6}, meta={"ttl": 315_360_001})
    assert info.value.code == 4
    client.put(key, {"a": 7}, meta={"ttl": 315_360_000})
    # record_ttl in a scan reply is the void time (seconds since 2010-01-01), not the remaining TTL.
    digest = aerospike.calc_digest("test", "ttl", "special")
    pid = (digest[0] | digest[1] << 8) & 0xFFF
    node = next(i for i in range(sim.node_count) if pid in master_partitions(sim.info("replicas", node=i), "test"))
    messages = rawwire.stream(sim.ports[node], rawwire.partition_scan("test", [pid]))
    mine = [m for m in messages if m["fields"].get(4) == bytes(digest)]
    assert len(mine) == 1
    void_now = int(time.time()) - CITRUSLEAF_EPOCH
    assert abs(mine[0]["record_ttl"] - (void_now + 315_360_000)) <= 3


def test_ttl_one_second_expires_after_the_void_second_passes(client):
    key = ("test", "ttl", "short")
    client.put(key, {"a": 1}, meta={"ttl": 1})
    time.sleep(0.9)
    assert client.exists(key)[1] is not None, "a record is live while void_time >= now (expiry is void_time < now)"
    time.sleep(1.3)
    assert client.exists(key)[1] is None
    with pytest.raises(ex.RecordNotFound):
        client.get(key)


def test_batch_write_per_row_results(client):
    key = ("test", "bwrow", "existing")
    client.put(key, {"a": 1}, policy={"exists": aerospike.POLICY_EXISTS_CREATE_OR_REPLACE})
    for k in (("test", "bwrow", "new"), ("test", "bwrow", "missing")):
        try:
            client.remove(k)
        except ex.RecordNotFound:
            pass
    never = exp.Eq(exp.IntBin("a"), 99).compile()
    rows = br.BatchRecords([
        br.Write(("test", "bwrow", "new"), ops=[op.write("a", 1)]),
        br.Write(key, ops=[op.write("a", 2)], policy={"exists": aerospike.POLICY_EXISTS_CREATE}),
        br.Remove(("test", "bwrow", "missing")),
        br.Write(key, ops=[op.write("a", 3)], policy={"expressions": never}),
        br.Write(key, ops=[op.write("a", 4)], meta={"gen": 7}, policy={"gen": aerospike.POLICY_GEN_EQ}),
        br.Read(key, ops=[op.read("a")]),
        br.Write(("test", "bwrow", "new"), ops=[op.increment("a", 10), op.read("a")]),
    ])
    out = client.batch_write(rows)
    assert [r.result for r in out.batch_records] == [0, 5, 2, 27, 3, 0, 0]
    assert out.batch_records[5].record[2] == {"a": 1}
    assert out.batch_records[6].record[2] == {"a": 11}
    assert out.batch_records[0].record[1]["gen"] == 1


def test_last_update_time_is_nanoseconds_and_moves_on_touch(client):
    key = ("test", "lutns", 1)
    before = time.time_ns()
    client.put(key, {"v": 1})
    after = time.time_ns()
    window = exp.And(exp.GE(exp.LastUpdateTime(), before - 2_000_000), exp.LE(exp.LastUpdateTime(), after + 2_000_000))
    assert client.get(key, policy={"expressions": window.compile()})[2] == {"v": 1}
    time.sleep(0.05)
    cutoff = time.time_ns()
    time.sleep(0.01)  # last-update times have millisecond resolution on both servers
    client.touch(key, 0)
    assert client.get(key, policy={"expressions": exp.GE(exp.LastUpdateTime(), cutoff).compile()})[2] == {"v": 1}
    since = exp.LT(exp.SinceUpdateTime(), 5_000).compile()
    assert client.get(key, policy={"expressions": since})[2] == {"v": 1}


def test_durable_delete_matches_the_edition(sim, client):
    key = ("test", "codes", "durable")
    client.put(key, {"a": 1})
    if "Community" in sim.info("edition"):
        with pytest.raises(ex.AerospikeError) as info:
            client.remove(key, policy={"durable_delete": True})
        assert info.value.code == 25
        client.remove(key)
    else:
        client.remove(key, policy={"durable_delete": True})
    assert client.exists(key)[1] is None
