#!/usr/bin/env bash
# Idle keep-alive connections (issue 5): opens K connections that each make one
# request and then stay open, reports the server's resident memory per
# connection, and times fresh requests on new connections while they are open.
#
#   [SPP=path/to/spp] bench/idle.sh [CONNECTIONS]     (default 10000)
set -euo pipefail
cd "$(dirname "$0")/.."
connections=${1:-10000}

source bench/server.sh
port=18081
start_server $port

python3 - "$server" "$port" "$connections" <<'PY'
import resource, socket, statistics, sys, time

pid, port, k = int(sys.argv[1]), int(sys.argv[2]), int(sys.argv[3])
soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
if hard < k + 100:
    sys.exit(f"the open-file limit ({hard}) is too low for {k} connections; raise it with ulimit -n")
resource.setrlimit(resource.RLIMIT_NOFILE, (min(hard, max(soft, k + 1000)), hard))
request = b"GET /healthz HTTP/1.1\r\nHost: bench\r\n\r\n"

def rss_kib():
    with open(f"/proc/{pid}/status") as status:
        return next(int(line.split()[1]) for line in status if line.startswith("VmRSS:"))

def fresh_request_ms():
    started = time.perf_counter()
    with socket.create_connection(("127.0.0.1", port), timeout=10) as c:
        c.sendall(request)
        assert c.recv(4096).startswith(b"HTTP/1.1 200")
    return (time.perf_counter() - started) * 1000

for _ in range(20):
    fresh_request_ms()  # warm up: threads, buffers and the date cache exist before the baseline
before = rss_kib()
held = []
for _ in range(k):
    c = socket.create_connection(("127.0.0.1", port), timeout=10)
    c.sendall(request)
    held.append(c)
answered = sum(1 for c in held if c.recv(4096).startswith(b"HTTP/1.1 200"))
time.sleep(0.5)
after = rss_kib()
times = [fresh_request_ms() for _ in range(50)]
print(f"idle connections open:  {answered} of {k}")
print(f"resident memory:        {before} KiB before, {after} KiB with them open")
print(f"per idle connection:    {(after - before) / max(1, answered):.2f} KiB")
print(f"fresh request while open: p50 {statistics.median(times):.3f} ms, max {max(times):.3f} ms")
PY
