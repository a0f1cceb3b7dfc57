#!/usr/bin/env python3
"""Compares builds of spp with each other and with the Hummingbird peer.

    bench/compare.py school 512 5 before=/tmp/spp-old after=.build-release/release/spp
    bench/compare.py create 64 4 four=$SPP two=$SPP:SPP_WORKER_THREADS=2

Each NAME=BINARY[:VAR=value,...] target (the binary's path without a colon) serves its own copy of one database
(25,000 synthetic GIAS schools); Hummingbird (from ../shared/bench, peers
built) serves the same rows. wrk drives every target in turn, round after
round, so that machine noise hits all of them alike, and the medians are
printed: requests/s, p50 and p99 latency, server CPU per request (from /proc,
steadier than requests/s) and the ratios to Hummingbird in the same round.
This is how the "tried and not kept" figures in RESULTS.md were measured.

Scenarios: school (GET /v1/schools/{urn}, random URNs), list (GET
/v1/schools?region=london&limit=50), create (POST /v1/people).
Needs wrk; SPP_BENCH points at a copy of ../shared/bench if it lives elsewhere.
"""
import argparse
import os
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time

HERE = os.path.dirname(os.path.abspath(__file__))
SHARED = os.environ.get("SPP_BENCH", os.path.join(HERE, "..", "..", "shared", "bench"))

SCRIPTS = {
    "school": """
urns = {}
for line in io.lines("%(urns)s") do urns[#urns + 1] = line end
request = function()
  return wrk.format("GET", "/v1/schools/" .. urns[math.random(#urns)])
end
""",
    "list": """
request = function()
  return wrk.format("GET", "/v1/schools?region=london&limit=50")
end
""",
    "create": """
urns = {}
for line in io.lines("%(urns)s") do urns[#urns + 1] = line end
math.randomseed(os.time())
prefix = "c" .. os.time() .. math.random(100000)
n = 0
request = function()
  n = n + 1
  local body = string.format('{"name":"Bench Person %%d","email":"%%s-%%d@bench.example","schoolUrn":%%s}',
    n, prefix, n, urns[math.random(#urns)])
  local headers = {}
  for k, v in pairs(wrk.headers) do headers[k] = v end
  headers["Content-Type"] = "application/json"
  return wrk.format("POST", "/v1/people", headers, body)
end
""",
}


def run(args, **kwargs):
    return subprocess.run(args, check=True, **kwargs)


def cpu_ticks(pid):
    fields = open(f"/proc/{pid}/stat").read().rsplit(")", 1)[1].split()
    return int(fields[11]) + int(fields[12])


def milliseconds(text):
    value, unit = re.match(r"([\d.]+)(us|ms|s)", text).groups()
    return float(value) * {"us": 0.001, "ms": 1.0, "s": 1000.0}[unit]


def wait_for(port):
    for _ in range(100):
        if subprocess.run(["curl", "-fs", f"http://127.0.0.1:{port}/healthz"], capture_output=True).returncode == 0:
            return
        time.sleep(0.1)
    sys.exit(f"nothing answered on port {port}")


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("scenario", choices=sorted(SCRIPTS))
    parser.add_argument("connections", type=int)
    parser.add_argument("rounds", type=int)
    parser.add_argument("targets", nargs="+", metavar="NAME=BINARY[:VAR=value,...]")
    parser.add_argument("--duration", type=int, default=4, help="seconds measured per target and round")
    options = parser.parse_args()
    peer = os.path.join(SHARED, "peers", ".build", "release", "hb-peer")
    for tool in ("wrk", "curl"):
        if not shutil.which(tool):
            sys.exit(f"{tool} is missing: apt-get install -y {tool}")
    if not os.path.exists(peer):
        sys.exit(f"build the peers first: (cd {SHARED}/peers && swift build -c release)")

    work = tempfile.mkdtemp(prefix="spp-compare-")
    servers = []
    try:
        csv = os.path.join(work, "schools.csv")
        with open(csv, "w") as out:
            run(["python3", os.path.join(SHARED, "make_schools_csv.py"), "--rows", "25000"], stdout=out)
        urns = os.path.join(work, "urns.txt")
        with open(csv) as rows, open(urns, "w") as out:
            next(rows)
            out.writelines(line.split(",", 1)[0] + "\n" for line in rows)
        script = os.path.join(work, "scenario.lua")
        with open(script, "w") as out:
            out.write(SCRIPTS[options.scenario] % {"urns": urns})

        first = options.targets[0].split("=", 1)[1].split(":", 1)[0]
        base = os.path.join(work, "base.sqlite")
        quiet = {"stdout": subprocess.DEVNULL, "stderr": subprocess.DEVNULL}
        run([first, "migrate", "--db", base], **quiet)
        run([first, "import-schools", "--db", base, csv], **quiet)
        token = run([first, "keys", "create", "--db", base, "--role", "admin", "--name", "compare"],
                    capture_output=True, text=True).stdout.split()[-1]
        run(["python3", os.path.join(SHARED, "load_peer_db.py"), csv, os.path.join(work, "hb.sqlite")], **quiet)

        port = 18400
        for target in options.targets:
            name, rest = target.split("=", 1)
            binary, _, settings = rest.partition(":")
            env = dict(os.environ, SPP_LOG_LEVEL="warning")
            env.update(setting.split("=", 1) for setting in settings.split(",") if setting)
            db = os.path.join(work, f"{name}.sqlite")
            shutil.copy(base, db)
            servers.append((name, port, subprocess.Popen([binary, "serve", "--port", str(port), "--db", db],
                                                         env=env, **quiet)))
            port += 1
        servers.append(("hb", port, subprocess.Popen(
            [peer, "--port", str(port), "--db", os.path.join(work, "hb.sqlite"), "--token", token], **quiet)))
        for _, port, _ in servers:
            wait_for(port)

        results = {name: [] for name, _, _ in servers}
        for round in range(options.rounds):
            for name, port, process in servers:
                wrk = ["wrk", "-t1", f"-c{options.connections}", "-H", f"Authorization: Bearer {token}",
                       "-s", script, f"http://127.0.0.1:{port}/"]
                subprocess.run(wrk[:3] + ["-d1s"] + wrk[3:], capture_output=True)
                before = cpu_ticks(process.pid)
                out = subprocess.run(wrk[:3] + [f"-d{options.duration}s", "--latency"] + wrk[3:],
                                     capture_output=True, text=True).stdout
                ticks = cpu_ticks(process.pid) - before
                if "Requests/sec" not in out:
                    sys.exit(f"wrk failed against {name}:\n{out}")
                count = int(re.search(r"(\d+) requests in", out).group(1))
                # Refused or failed requests are cheap and would flatter the
                # figures: a round that has any is reported, so it is not trusted.
                for problem in re.findall(r"(Non-2xx or 3xx responses: \d+|Socket errors: .*)", out):
                    print(f"{name}, round {round + 1}: {problem}", file=sys.stderr)
                results[name].append({
                    "rps": float(re.search(r"Requests/sec:\s+([\d.]+)", out).group(1)),
                    "p50": milliseconds(re.search(r" 50%\s+(\S+)", out).group(1)),
                    "p99": milliseconds(re.search(r" 99%\s+(\S+)", out).group(1)),
                    "cpu": ticks * 1_000_000 / os.sysconf("SC_CLK_TCK") / count,
                })
            print(f"round {round + 1}: " + "  ".join(
                f"{name} {rows[-1]['rps'] / results['hb'][-1]['rps']:.2f}x p99 {rows[-1]['p99'] / results['hb'][-1]['p99']:.2f}"
                for name, rows in results.items() if name != "hb"), flush=True)

        print(f"\n{options.scenario} @{options.connections}, medians of {options.rounds} rounds")
        print(f"{'target':10} {'req/s':>9} {'p50 ms':>8} {'p99 ms':>8} {'cpu us/req':>11} {'x hb':>6} {'p99/hb':>7}")
        for name, rows in results.items():
            median = lambda key: statistics.median(row[key] for row in rows)
            ratio = statistics.median(row["rps"] / hb["rps"] for row, hb in zip(rows, results["hb"]))
            p99 = statistics.median(row["p99"] / hb["p99"] for row, hb in zip(rows, results["hb"]))
            print(f"{name:10} {median('rps'):9.0f} {median('p50'):8.2f} {median('p99'):8.2f} "
                  f"{median('cpu'):11.1f} {ratio:6.2f} {p99:7.2f}")
    finally:
        for _, _, process in servers:
            process.terminate()
        for _, _, process in servers:
            process.wait()
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
