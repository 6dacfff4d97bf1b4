"""`aerovault serve` against its own OpenAPI document (SPEC.md §19 "API"): schemathesis sends
generated requests to every operation of /openapi.yaml and no answer may be a server error (5xx).
Needs AEROVAULT (the `aerovault` binary; `make test-python` sets it) and AEROVAULT_SIM."""
import json
import os
import shutil
import signal
import subprocess
import sys
import tempfile
import time

import pytest

TOKEN = "schemathesis-token-0123456789"


def aerovault():
    binary = os.environ.get("AEROVAULT")
    if not binary or not os.path.exists(binary):
        pytest.skip("AEROVAULT is not set to the aerovault binary (run `make test-python`)")
    return binary


def listening_port(log_path, proc, timeout=60):
    """The port of serve's JSON log line {"message":"listening","address":"127.0.0.1:PORT"}."""
    deadline = time.time() + timeout
    while time.time() < deadline and proc.poll() is None:
        with open(log_path) as log:
            for line in log:
                try:
                    entry = json.loads(line)
                except ValueError:
                    continue
                if entry.get("message") == "listening":
                    return int(entry["address"].rsplit(":", 1)[1])
        time.sleep(0.05)
    raise RuntimeError("serve did not start: " + open(log_path).read())


@pytest.fixture()
def serve(make_sim):
    binary = aerovault()
    sim = make_sim("--nodes", "1", "--namespace", "test", "--records", "20")
    scratch = tempfile.mkdtemp(prefix="aerovault-serve-")
    env = {k: v for k, v in os.environ.items() if not k.startswith("AEROVAULT_")}
    env["AEROVAULT_CACHE_DIR"] = scratch + "/cache"
    with open(scratch + "/password", "w") as f:
        f.write("serve password\n")
    with open(scratch + "/token", "w") as f:
        f.write(TOKEN + "\n")
    repo = scratch + "/repo"
    subprocess.run([binary, "init", "--repo", repo, "--password-file", scratch + "/password", "--kdf-memory-mib", "1",
                    "--kdf-ops", "1", "--quiet"], env=env, check=True, timeout=60)
    with open(scratch + "/serve.yaml", "w") as f:
        f.write("repositories:\n  local: {url: %s, password-file: %s}\n" % (repo, scratch + "/password"))
        f.write("clusters:\n  sim: {hosts: [\"127.0.0.1:%d\"]}\n" % sim.ports[0])
        f.write("policies:\n  nightly: {cluster: sim, namespace: test, repository: local, schedule: \"0 2 * * *\"}\n")
    log_path = scratch + "/serve.log"
    with open(log_path, "w") as log:
        proc = subprocess.Popen([binary, "serve", "--config", scratch + "/serve.yaml", "--listen", "127.0.0.1:0",
                                 "--token-file", scratch + "/token", "--state-dir", scratch + "/state"],
                                env=env, stdout=subprocess.DEVNULL, stderr=log)
    try:
        yield "http://127.0.0.1:%d" % listening_port(log_path, proc), proc, scratch
    finally:
        if proc.poll() is None:
            proc.send_signal(signal.SIGTERM)
            try:
                proc.wait(timeout=60)
            except subprocess.TimeoutExpired:
                proc.kill()
                proc.wait()
        shutil.rmtree(scratch, ignore_errors=True)


def test_no_server_error_for_generated_requests(serve):
    base, proc, scratch = serve
    command = shutil.which("schemathesis")
    if command is None:
        pytest.fail("schemathesis is not installed (make deps installs it)")
    run = subprocess.run(
        [command, "run", base + "/openapi.yaml", "--url", base, "--checks", "not_a_server_error",
         "--max-examples", "25", "--seed", "1", "-H", "Authorization: Bearer " + TOKEN],
        capture_output=True, text=True, timeout=600, cwd=scratch)  # its cache (.schemathesis/) stays out of the tree
    assert run.returncode == 0, run.stdout[-6000:] + run.stderr[-2000:]
    assert proc.poll() is None, "serve ended during the run"
    proc.send_signal(signal.SIGTERM)
    assert proc.wait(timeout=60) == 0
