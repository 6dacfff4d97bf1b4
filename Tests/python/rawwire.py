"""A tiny AS_MSG encoder/decoder for tests that must see what the official client hides: partition-done
markers, record_ttl (void time) and result codes of individual messages (SPEC.md §12.2, §12.11)."""
import random
import socket
import struct

INFO1_READ = 0x01
INFO1_NOBINDATA = 0x20
INFO3_LAST = 0x01
INFO3_PARTITION_DONE = 0x04
FIELD_NAMESPACE = 0
FIELD_TASK_ID = 7
FIELD_SOCKET_TIMEOUT = 9
FIELD_PID_ARRAY = 11


def field(ftype, data):
    return struct.pack(">IB", len(data) + 1, ftype) + data


def as_msg(info1=0, info2=0, info3=0, fields=()):
    body = struct.pack(">BBBBBBIIIHH", 22, info1, info2, info3, 0, 0, 0, 0, 0, len(fields), 0)
    body += b"".join(fields)
    return struct.pack(">Q", (2 << 56) | (3 << 48) | len(body)) + body


def task_id_field():
    """A TASK_ID field with a fresh random id."""
    return field(FIELD_TASK_ID, struct.pack(">Q", random.getrandbits(63)))


def partition_scan(namespace, pids, nobins=True, task_id=None):
    """A partition scan request (INFO3 PARTITION_DONE set, PID_ARRAY of u16 LE). The task id must be
    fresh: a real server silently drops a query whose id it still remembers ("job with trid already
    active"), so the default is random."""
    task_id = random.getrandbits(63) if task_id is None else task_id
    fields = [field(FIELD_NAMESPACE, namespace.encode()),
              field(FIELD_PID_ARRAY, b"".join(struct.pack("<H", p) for p in pids)),
              field(FIELD_SOCKET_TIMEOUT, struct.pack(">I", 5000)),
              field(FIELD_TASK_ID, struct.pack(">Q", task_id))]
    return as_msg(INFO1_READ | (INFO1_NOBINDATA if nobins else 0), 0, INFO3_PARTITION_DONE, fields)


def parse_messages(body):
    """Yields dicts (info3, result, generation, record_ttl, fields {type: bytes}) for every AS_MSG."""
    pos = 0
    while pos < len(body):
        (hsz, i1, i2, i3, i4, rc, gen, ttl, txn, nf, no) = struct.unpack_from(">BBBBBBIIIHH", body, pos)
        pos += hsz
        fields = {}
        for _ in range(nf):
            size, ftype = struct.unpack_from(">IB", body, pos)
            fields[ftype] = body[pos + 5:pos + 4 + size]
            pos += 4 + size
        for _ in range(no):
            (size,) = struct.unpack_from(">I", body, pos)
            pos += 4 + size
        yield {"info3": i3, "result": rc, "generation": gen, "record_ttl": ttl, "fields": fields}


def recv_exact(s, n):
    out = b""
    while len(out) < n:
        chunk = s.recv(n - len(out))
        if not chunk:
            raise ConnectionError("connection closed after %d of %d bytes" % (len(out), n))
        out += chunk
    return out


def refusal(port, request, timeout=3):
    """The result code of a one-message refusal, or None when the server sends nothing (a real server
    logs some refused queries and never answers them)."""
    try:
        messages = stream(port, request, timeout=timeout)
    except (socket.timeout, TimeoutError):
        return None
    assert len(messages) == 1 and messages[0]["info3"] & INFO3_LAST, messages
    return messages[0]["result"]


def stream(port, request, max_protos=10000, timeout=10):
    """Sends one request and returns every message of the reply up to and including the LAST one."""
    messages = []
    with socket.create_connection(("127.0.0.1", port), timeout=timeout) as s:
        s.sendall(request)
        for _ in range(max_protos):
            (word,) = struct.unpack(">Q", recv_exact(s, 8))
            assert word >> 56 == 2 and (word >> 48) & 0xFF == 3, hex(word)
            batch = list(parse_messages(recv_exact(s, word & 0xFFFFFFFFFFFF)))
            messages += batch
            if any(m["info3"] & INFO3_LAST for m in batch):
                return messages
    raise AssertionError("no LAST message within %d protos" % max_protos)
