"""Partition scans and last-update-time queries with the official client."""
import time

from aerospike_helpers import expressions as exp
from conftest import SEEDED_NS, SEEDED_RECORDS


def partition_of(digest):
    return (digest[0] | digest[1] << 8) & 0x0FFF


def test_full_scan_returns_every_seeded_record(client):
    records = client.scan(SEEDED_NS, None).results()
    digests = {bytes(r[0][3]) for r in records}
    assert len(records) == SEEDED_RECORDS
    assert len(digests) == SEEDED_RECORDS


def test_partition_filtered_scan(client):
    records = client.scan(SEEDED_NS, None).results({"partition_filter": {"begin": 1000, "count": 1000}})
    assert records
    assert all(1000 <= partition_of(r[0][3]) < 2000 for r in records)
    everything = client.scan(SEEDED_NS, None).results()
    expected = [r for r in everything if 1000 <= partition_of(r[0][3]) < 2000]
    assert len(records) == len(expected)


def test_partition_scan_is_descending_digest_order(client):
    for pid in (7, 2048, 4095):
        records = client.scan(SEEDED_NS, None).results({"partition_filter": {"begin": pid, "count": 1}})
        digests = [bytes(r[0][3]) for r in records]
        assert all(partition_of(d) == pid for d in digests)
        assert digests == sorted(digests, reverse=True)


def test_scan_of_a_set_without_bins(client):
    records = []
    client.scan(SEEDED_NS, "orders").foreach(records.append, None, {"nobins": True})
    assert len(records) == SEEDED_RECORDS * 3 // 10
    assert all(r[0][1] == "orders" and not r[2] for r in records)


def test_query_max_records_and_records_per_second(client):
    q = client.query(SEEDED_NS, None)
    q.max_records = 100
    assert len(q.results()) == 100
    q = client.query(SEEDED_NS, "events")
    q.records_per_second = 5000
    assert len(q.results()) == SEEDED_RECORDS * 2 // 10


def test_query_with_last_update_time_expression(client):
    old = [("test", "lut", i) for i in range(5)]
    new = [("test", "lut", i) for i in range(5, 12)]
    for k in old:
        client.put(k, {"v": k[2]})
    time.sleep(0.02)
    cutoff = time.time_ns()
    time.sleep(0.02)
    for k in new:
        client.put(k, {"v": k[2]})
    expr = exp.GE(exp.LastUpdateTime(), cutoff).compile()
    found = client.query("test", "lut").results({"expressions": expr})
    assert sorted(r[2]["v"] for r in found) == list(range(5, 12))
    either = exp.Or(exp.LT(exp.LastUpdateTime(), cutoff), exp.Not(exp.GE(exp.LastUpdateTime(), 0))).compile()
    found = client.query("test", "lut").results({"expressions": either})
    assert sorted(r[2]["v"] for r in found) == list(range(5))
