"""kill -9 in the middle of a crowd of voters: nothing acknowledged as counted is lost, nothing is
counted twice, and a ballot that was only held (fewer than k waiting) leaves its code usable.

Starts its own `vanguard demo --scale small` (VANGUARD_BIN, default .build/debug/vanguard) on a fresh
data folder, votes from 24 threads, kills the server with SIGKILL part-way, starts it again on the
same files and checks every code's fate through the public API.
"""
import concurrent.futures
import json
import os
import signal
import subprocess
import tempfile
import threading
import time
import urllib.error
import urllib.request

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
BIN = os.environ.get("VANGUARD_BIN", os.path.join(ROOT, ".build", "debug", "vanguard"))
PORT = int(os.environ.get("VANGUARD_KILL_PORT", "18092"))
BASE = f"http://127.0.0.1:{PORT}"
PASSWORD = "Kill-test-pass-1"


def call(path, token=None, method="GET", body=None, timeout=30):
    data = json.dumps(body).encode() if body is not None else None
    request = urllib.request.Request(BASE + "/api/v1" + path, data=data, method=method)
    if data is not None:
        request.add_header("Content-Type", "application/json")
    if token:
        request.add_header("Authorization", "Bearer " + token)
    try:
        with urllib.request.urlopen(request, timeout=timeout) as r:
            text = r.read()
            return r.status, json.loads(text) if text else None
    except urllib.error.HTTPError as e:
        return e.code, None


def start(data):
    log = open(os.path.join(data, "server.log"), "ab")
    process = subprocess.Popen(
        [BIN, "demo", "--scale", "small", "--data-dir", data, "--port", str(PORT), "--admin-password", PASSWORD],
        stdout=log, stderr=subprocess.STDOUT)
    for _ in range(600):
        try:
            with urllib.request.urlopen(BASE + "/readyz", timeout=2):
                return process
        except Exception:
            assert process.poll() is None, open(os.path.join(data, "server.log")).read()[-3000:]
            time.sleep(0.5)
    raise AssertionError("the server did not become ready")


def test_kill_dash_nine_loses_nothing_acknowledged():
    with tempfile.TemporaryDirectory() as data:
        server = start(data)
        try:
            _, login = call("/auth/token", method="POST", body={"username": "secretary", "password": PASSWORD})
            token = login["token"]
            _, me = call("/me", token)
            branch = next(g["organizationId"] for g in me["grants"] if g["role"] == "branch_secretary")
            status, round_ = call(f"/organizations/{branch}/evaluations", token, "POST", {"title": "断电测试评议"})
            assert status == 201
            round_id = round_["id"]
            _, codes = call(f"/evaluations/{round_id}/codes", token, "POST", {"count": 600})
            target = round_["results"][0]["target"]["id"]

            answered = {}
            lock = threading.Lock()
            killed = threading.Event()

            def vote(code):
                if killed.is_set():
                    return
                try:
                    status, _ = call(f"/public/ballots/{code}", method="POST", body={"answers": [{"targetId": target, "answer": "satisfied"}]}, timeout=15)
                except Exception:
                    status = None  # cut by the kill: its fate is unknown to the voter
                with lock:
                    answered[code] = status

            with concurrent.futures.ThreadPoolExecutor(24) as pool:
                futures = [pool.submit(vote, c) for c in codes]
                # Kill once a good share has been answered, while others are in flight.
                while True:
                    with lock:
                        if sum(1 for s in answered.values() if s == 204) >= 150:
                            break
                    time.sleep(0.01)
                server.send_signal(signal.SIGKILL)
                server.wait()
                killed.set()
                for f in futures:
                    try:
                        f.result()
                    except Exception:
                        pass
        finally:
            if server.poll() is None:
                server.kill()

        counted = [c for c, s in answered.items() if s == 204]
        held = [c for c, s in answered.items() if s == 202]
        cut = [c for c, s in answered.items() if s is None]
        print(f"killed after {len(counted)} counted, {len(held)} held, {len(cut)} cut in flight, "
              f"{len(codes) - len(answered)} never sent")
        assert len(counted) >= 150

        server = start(data)
        try:
            _, login = call("/auth/token", method="POST", body={"username": "secretary", "password": PASSWORD})
            token = login["token"]
            def revote(code):
                return code, call(f"/public/ballots/{code}", method="POST", body={"answers": [{"targetId": target, "answer": "basically_satisfied"}]})[0]

            with concurrent.futures.ThreadPoolExecutor(24) as pool:
                again = dict(pool.map(revote, codes))
            # Every ballot acknowledged as counted survived the kill: its code is spent.
            assert all(again[c] == 409 for c in counted), [c for c in counted if again[c] != 409][:5]
            # A held ballot died with the process, and its code works again (or it was committed with its batch).
            assert all(again[c] in (202, 204, 409) for c in held)
            status, closed = call(f"/evaluations/{round_id}/close", token, "POST")
            assert status == 200
            result = next(r for r in closed["results"] if r["target"]["id"] == target)
            total = result["satisfied"] + result["basicallySatisfied"] + result["dissatisfied"]
            spent_before = sum(1 for c in codes if again[c] == 409)
            voted_now = sum(1 for c in codes if again[c] in (202, 204))
            # Exactly once: every code is counted once, either before the kill or after it.
            print(f"after the restart: {spent_before} codes spent before the kill, {voted_now} voted now, {closed['ballots']} ballots at close")
            assert closed["ballots"] == spent_before + voted_now == len(codes), (closed["ballots"], spent_before, voted_now)
            assert total == len(codes)
        finally:
            server.kill()
            server.wait()
