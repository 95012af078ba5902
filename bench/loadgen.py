"""HTTP load from a second process: ``wrk`` (Debian package ``wrk``) when it
is installed, otherwise a small asyncio/httpx client with the same shape
(N keep-alive connections, fixed duration, latency percentiles).

``python -m bench.loadgen URL --connections 16 --duration 10`` runs the
fallback client on its own and prints its result as JSON."""

import argparse
import asyncio
import json
import os
import re
import shutil
import subprocess
import sys
import time
from dataclasses import asdict, dataclass

from bench.servers import PYTHON, ROOT

WRK = shutil.which("wrk") or ("/usr/bin/wrk" if os.path.exists("/usr/bin/wrk") else None)
UNITS = {"us": 0.001, "ms": 1.0, "s": 1000.0}


@dataclass
class Load:
    rps: float
    p50_ms: float
    p99_ms: float
    requests: int
    errors: int  # non-2xx/3xx answers and socket errors
    tool: str


def percentile(sorted_values, fraction):
    if not sorted_values:
        return float("nan")
    index = min(len(sorted_values) - 1, max(0, round(fraction * len(sorted_values)) - 1))
    return sorted_values[index]


def _ms(text):
    number, unit = re.fullmatch(r"([\d.]+)(us|ms|s)", text).groups()
    return float(number) * UNITS[unit]


def parse_wrk(output):
    latency = dict(re.findall(r"^\s+(50|99)%\s+([\d.]+(?:us|ms|s))\s*$", output, re.MULTILINE))
    requests = int(re.search(r"^\s+(\d+) requests in", output, re.MULTILINE).group(1))
    non_2xx = re.search(r"Non-2xx or 3xx responses: (\d+)", output)
    sockets = re.search(r"Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)", output)
    # wrk counts a peer closing a kept-alive connection as a "read" error;
    # gunicorn's sync workers close after every response, so those are not failures.
    socket_errors = int(sockets.group(1)) + int(sockets.group(3)) + int(sockets.group(4)) if sockets else 0
    return Load(
        rps=float(re.search(r"Requests/sec:\s+([\d.]+)", output).group(1)),
        p50_ms=_ms(latency["50"]),
        p99_ms=_ms(latency["99"]),
        requests=requests,
        errors=(int(non_2xx.group(1)) if non_2xx else 0) + socket_errors,
        tool="wrk",
    )


def measure(url, *, threads=2, connections=16, duration=10):
    """Load ``url`` for ``duration`` seconds from another process."""
    if WRK:
        result = subprocess.run(
            [WRK, f"-t{threads}", f"-c{connections}", f"-d{duration}s", "--timeout", "10s", "--latency", url],
            capture_output=True, text=True, timeout=duration + 60,
        )
        if result.returncode != 0:
            raise SystemExit(f"wrk failed on {url}:\n{result.stdout}{result.stderr}")
        return parse_wrk(result.stdout)
    result = subprocess.run(
        [PYTHON, "-m", "bench.loadgen", url, "--connections", str(connections), "--duration", str(duration)],
        cwd=ROOT, capture_output=True, text=True, timeout=duration + 60,
    )
    if result.returncode != 0:
        raise SystemExit(f"the Python load client failed on {url}:\n{result.stderr}")
    return Load(**json.loads(result.stdout))


async def _python_load(url, connections, duration):
    import httpx

    latencies, errors = [], 0
    deadline = time.monotonic() + duration
    limits = httpx.Limits(max_connections=connections, max_keepalive_connections=connections)
    async with httpx.AsyncClient(limits=limits, timeout=10) as client:

        async def one_connection():
            nonlocal errors
            while time.monotonic() < deadline:
                started = time.perf_counter()
                try:
                    response = await client.get(url)
                    await response.aread()
                    if response.status_code >= 400:
                        errors += 1
                except httpx.HTTPError:
                    errors += 1
                latencies.append((time.perf_counter() - started) * 1000)

        started = time.monotonic()
        await asyncio.gather(*(one_connection() for _ in range(connections)))
        elapsed = time.monotonic() - started
    latencies.sort()
    return Load(
        rps=len(latencies) / elapsed, p50_ms=percentile(latencies, 0.50), p99_ms=percentile(latencies, 0.99),
        requests=len(latencies), errors=errors, tool="python-httpx",
    )


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("url")
    parser.add_argument("--connections", type=int, default=16)
    parser.add_argument("--duration", type=float, default=10)
    args = parser.parse_args(argv)
    host = args.url.split("/")[2].split(":")[0]
    if host not in {"127.0.0.1", "localhost", "[::1]"}:
        sys.exit("load is only ever sent to loopback")
    print(json.dumps(asdict(asyncio.run(_python_load(args.url, args.connections, args.duration)))))


if __name__ == "__main__":
    main()
