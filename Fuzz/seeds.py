#!/usr/bin/env python3
"""Regenerates Fuzz/Corpus/ (docs/fuzzing.md "Seeds").

Real inputs: frames captured from a real Aerospike server, the golden v1 repository and S3 response
bodies captured from moto_server, all test fixtures of the main package. Encoder-made inputs: each target's `seeds` (Fuzz/Sources/FuzzTargets),
written by the built fuzz binary with FUZZ_EXPORT_SEEDS.

usage: python3 Fuzz/seeds.py <aerovault-fuzz binary>   (run from the repository root)
"""
import os
import shutil
import subprocess
import sys

FRAMES = "Tests/AerospikeWireTests/Fixtures/real-server"
GOLDEN = "Tests/ArchiveStoreTests/Fixtures/golden-v1"
S3_BODIES = "Tests/ArchiveStoreTests/Fixtures/s3-moto"
ASB = "Tests/AsbFormatTests/Fixtures"
CORPUS = "Fuzz/Corpus"


def protos(data):
    """Splits concatenated protos into (type, body) pairs."""
    out, offset = [], 0
    while offset + 8 <= len(data):
        header = int.from_bytes(data[offset:offset + 8], "big")
        size = header & 0xFFFFFFFFFFFF
        out.append(((header >> 48) & 0xFF, data[offset + 8:offset + 8 + size]))
        offset += 8 + size
    return out


def fields(message):
    """The (type, data) fields of one AS_MSG body (SPEC.md §12.2)."""
    out, offset = [], 22
    for _ in range(int.from_bytes(message[18:20], "big")):
        size = int.from_bytes(message[offset:offset + 4], "big")
        out.append((message[offset + 4], message[offset + 5:offset + 4 + size]))
        offset += 4 + size
    return out


def golden_files(kind):
    root = os.path.join(GOLDEN, kind)
    for directory, _, names in sorted(os.walk(root)):
        for name in sorted(names):
            yield os.path.join(directory, name)


def write(target, name, data):
    os.makedirs(os.path.join(CORPUS, target), exist_ok=True)
    with open(os.path.join(CORPUS, target, name), "wb") as f:
        f.write(data)


def main():
    binary = sys.argv[1]
    shutil.rmtree(CORPUS, ignore_errors=True)
    for name in sorted(os.listdir(FRAMES)):
        if not name.endswith(".bin"):
            continue
        data = open(os.path.join(FRAMES, name), "rb").read()
        stem = name[:-4]
        write("proto-frame", stem, data)
        for number, (kind, body) in enumerate(protos(data)):
            if kind == 3:
                write("as-msg", f"{stem}-{number}", body)
                for field_type, data in fields(body):
                    if field_type == 41:
                        write("batch-request", stem, data)
            elif kind == 1:
                write("info", f"{stem}-{number}", body)
                for line in body.split(b"\n"):
                    if line.startswith(b"peers-clear-std\t"):
                        write("peers", stem, line.split(b"\t", 1)[1])
    for path in golden_files("keys"):
        write("key-file", "golden-v1", open(path, "rb").read())
    write("config", "golden-v1", open(os.path.join(GOLDEN, "config"), "rb").read())
    for kind in ("data", "index", "snapshots"):
        for number, path in enumerate(golden_files(kind)):
            write("sealed-blob", f"golden-v1-{kind}-{number}", open(path, "rb").read())
    for name in sorted(os.listdir(S3_BODIES)):
        write("s3-xml", "moto-" + name, open(os.path.join(S3_BODIES, name), "rb").read())
    for name in sorted(os.listdir(ASB)):
        if name.endswith(".asb"):
            write("asb", name[:-4], open(os.path.join(ASB, name), "rb").read())
    listing = subprocess.run([binary], env={**os.environ, "FUZZ_TARGET": "?"}, capture_output=True, text=True).stderr
    targets = next(line for line in listing.splitlines() if "must be one of:" in line).split(":", 1)[1].split()
    for target in targets:
        directory = os.path.join(CORPUS, target)
        os.makedirs(directory, exist_ok=True)
        subprocess.run([binary], env={**os.environ, "FUZZ_TARGET": target, "FUZZ_EXPORT_SEEDS": directory},
                       check=True)


main()
