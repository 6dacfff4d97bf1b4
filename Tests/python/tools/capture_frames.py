"""Captures real server replies for `Tests/AerospikeWireTests/Fixtures/real-server`.

Usage: python3 Tests/python/tools/capture_frames.py 127.0.0.1:3100 <output directory>

Runs the official `aerospike` client through a loopback FrameProxy against a running server with a
namespace `test`, performs one operation per fixture and stores the server's reply protos (header +
body, several protos concatenated when the reply streams) as `<name>.bin`. Also stores the official
client's scan and batch requests (`*-request.bin`) so our decoder is checked against them too.
"""
import os
import socket
import struct
import sys
import time

import aerospike
from aerospike_helpers.batch import records as br
from aerospike_helpers.operations import operations as op

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from frame_proxy import FrameProxy  # noqa: E402

NS = "test"
SET = "cap"
INFO_COMMANDS = ["node", "partition-generation", "peers-generation", "peers-clear-std", "replicas",
                 "namespace/test", "sets/test"]


def raw_info(port, commands):
    body = "".join(c + "\n" for c in commands).encode()
    with socket.create_connection(("127.0.0.1", port), timeout=5) as s:
        s.sendall(struct.pack(">Q", (2 << 56) | (1 << 48) | len(body)) + body)
        header = s.recv(8, socket.MSG_WAITALL)
        size = struct.unpack(">Q", header)[0] & 0xFFFFFFFFFFFF
        s.recv(size, socket.MSG_WAITALL)


def partition_of(digest):
    return (digest[0] | digest[1] << 8) & 0x0FFF


def main():
    host, port = sys.argv[1].rsplit(":", 1)
    assert host == "127.0.0.1", "loopback only"
    out_dir = sys.argv[2]
    os.makedirs(out_dir, exist_ok=True)
    proxy = FrameProxy(int(port))
    client = aerospike.client({"hosts": [("127.0.0.1", proxy.port)], "policies": {"timeout": 5000},
                               "use_services_alternate": False}).connect()
    log = proxy.log

    def capture(name, action, proto_type=3, direction="s2c"):
        time.sleep(0.05)
        mark = log.mark()
        action()
        time.sleep(0.2)
        frames = [f[2] for f in log.since(mark, direction, proto_type)]
        assert frames, "no %s frames for %s" % (direction, name)
        with open(os.path.join(out_dir, name + ".bin"), "wb") as f:
            f.write(b"".join(frames))
        print("%-24s %d proto(s), %d bytes" % (name, len(frames), sum(len(x) for x in frames)))
        return mark

    capture("info-reply", lambda: raw_info(proxy.port, INFO_COMMANDS), proto_type=1)

    key = (NS, SET, "particles")
    client.remove(key) if client.exists(key)[1] else None
    bins = {"int": -42, "str": "héllo", "blob": bytearray(b"\x00\x01\xfe\xff"), "dbl": 2.5, "bool": True,
            "list": [1, "two", 3.5], "map": {"k": 7, "n": [1]},
            "geo": aerospike.GeoJSON({"type": "Point", "coordinates": [13.4, 52.5]})}
    print("put at unix second", int(time.time()))
    capture("put-reply", lambda: client.put(key, bins, meta={"ttl": 1000}, policy={"key": aerospike.POLICY_KEY_SEND}))
    capture("get-reply", lambda: client.get(key))

    def create_existing():
        try:
            client.put(key, {"int": 1}, policy={"exists": aerospike.POLICY_EXISTS_CREATE})
        except aerospike.exception.RecordExistsError:
            return
        raise AssertionError("create-only on an existing record succeeded")
    capture("error-key-exists-reply", create_existing)

    def get_missing():
        try:
            client.get((NS, SET, "missing"))
        except aerospike.exception.RecordNotFound:
            return
        raise AssertionError("missing record found")
    capture("error-not-found-reply", get_missing)

    # Scan: the fullest partition of integer keys 0..2999 in set `cap` (records stored with their key).
    counts = {}
    for i in range(3000):
        client.put((NS, SET, i), {"i": i}, policy={"key": aerospike.POLICY_KEY_SEND})
        p = partition_of(aerospike.calc_digest(NS, SET, i))
        counts[p] = counts.get(p, 0) + 1
    pid = max(sorted(counts), key=lambda p: counts[p])
    mark = capture("scan-partition-reply",
                   lambda: client.scan(NS, SET).results({"partition_filter": {"begin": pid, "count": 1}}))
    requests = [f[2] for f in log.since(mark, "c2s", 3)]
    with open(os.path.join(out_dir, "scan-partition-request.bin"), "wb") as f:
        f.write(requests[0])
    print("scanned partition", pid, "holding", counts[pid], "records of set", SET)

    for k in [(NS, SET, "bw-new"), (NS, SET, "bw-missing")]:
        client.remove(k) if client.exists(k)[1] else None
    rows = br.BatchRecords([
        br.Write((NS, SET, "bw-new"), ops=[op.write("a", 1)]),
        br.Write(key, ops=[op.write("a", 2)], policy={"exists": aerospike.POLICY_EXISTS_CREATE}),
        br.Remove((NS, SET, "bw-missing")),
        br.Read(key, ops=[op.read("int")]),
    ])
    mark = capture("batch-write-reply", lambda: client.batch_write(rows))
    requests = [f[2] for f in log.since(mark, "c2s", 3)]
    with open(os.path.join(out_dir, "batch-write-request.bin"), "wb") as f:
        f.write(requests[0])
    print("batch rows:", [r.result for r in rows.batch_records])
    client.close()
    proxy.stop()


if __name__ == "__main__":
    main()
