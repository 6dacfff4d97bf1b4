"""Batch reads and batch writes (batch-index field 41) with the official client."""
from aerospike_helpers.batch import records as br
from aerospike_helpers.operations import operations as op


def test_batch_read_mixed_hits_and_misses(client):
    keys = [("test", "batch", i) for i in range(20)]
    for k in keys[:10]:
        client.put(k, {"v": k[2]})
    result = client.batch_read(keys)
    assert len(result.batch_records) == 20
    for rec in result.batch_records:
        i = rec.key[2]
        if i < 10:
            assert rec.result == 0 and rec.record[2] == {"v": i}
        else:
            assert rec.result == 2 and rec.record is None


def test_batch_write_and_remove(client):
    keys = [("test", "bw", i) for i in range(10)]
    records = br.BatchRecords([br.Write(k, ops=[op.write("x", k[2] * 10), op.write("y", "s%d" % k[2])]) for k in keys])
    out = client.batch_write(records)
    assert out.result == 0
    assert all(r.result == 0 for r in out.batch_records)
    _, _, bins = client.get(keys[3])
    assert bins == {"x": 30, "y": "s3"}
    out = client.batch_write(br.BatchRecords([br.Remove(k) for k in keys[:5]] + [br.Read(keys[7], ops=[op.read("x")])]))
    assert [r.result for r in out.batch_records] == [0] * 6
    assert out.batch_records[5].record[2] == {"x": 70}
    found = client.batch_read(keys)
    assert [r.result for r in found.batch_records] == [2] * 5 + [0] * 5
