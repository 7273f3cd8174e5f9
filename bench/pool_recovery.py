"""How long is `pactgraph serve` short of workers after queries end them?

    python bench/pool_recovery.py [--repeat 5] [--crashes 1,8]

For each count of crashes sent at once (distinct queries that overflow even the query thread's
stack, the token limit lifted with PACTGRAPH_MAX_QUERY_TOKENS), the time until every one was
answered, and the time the server was short of live query workers meanwhile (read from /proc: the
children of its forkserver, sampled every 10 ms). The floor beside it: the time to start one worker (a fresh server's start, from
launch to its first answer, less the same for a server that has to open no data).

Medians with their ranges over --repeat runs, with the load average before and after.
"""

from __future__ import annotations

import argparse
import sys
import threading
import time
import urllib.error
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.measure import figure, machine  # noqa: E402
from tests.serving import pactgraph_server  # noqa: E402
from tests.test_query_limits import CHAINS, worker_count  # noqa: E402

CRASH = CHAINS["not"](400_000)


def post(url: str, text: str) -> int:
    request = urllib.request.Request(
        f"{url}/sparql", data=text.encode(), headers={"Content-Type": "application/sparql-query"}
    )
    try:
        with urllib.request.urlopen(request, timeout=60) as response:
            return response.status
    except urllib.error.HTTPError as error:
        return error.code


_sent = 0


def recovery(url, crashes: int, workers: int) -> tuple[float, float]:
    """Send `crashes` distinct crashing queries at once; returns (seconds until every one was
    answered, seconds the pool was short of workers), from the worker count sampled every 10 ms."""
    global _sent
    queries = [CRASH + " " * (_sent + i) for i in range(crashes)]  # distinct: none is refused as seen before
    _sent += crashes
    threads = [threading.Thread(target=post, args=(url, q)) for q in queries]
    short, done = [0.0], threading.Event()

    def sample() -> None:
        last = time.monotonic()
        while not done.is_set() or worker_count(url.pid) < workers:
            now = time.monotonic()
            if worker_count(url.pid) < workers:
                short[0] += now - last
            last = now
            time.sleep(0.01)

    sampler = threading.Thread(target=sample)
    start = time.monotonic()
    sampler.start()
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    answered = time.monotonic() - start
    done.set()
    sampler.join()
    return answered, short[0]


def first_answer(*args: str) -> float:
    start = time.monotonic()
    with pactgraph_server(*args) as url:
        while True:
            try:
                urllib.request.urlopen(f"{url}/sparql?query=ASK%7B%7D", timeout=10).close()
                return time.monotonic() - start
            except OSError:
                time.sleep(0.01)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--crashes", default="1,8")
    parser.add_argument("--data", default=str(ROOT / "exports" / "pactgraph.trig"))
    args = parser.parse_args()
    print(machine("before"))
    env = {"PACTGRAPH_MAX_QUERY_TOKENS": "10000000"}
    with pactgraph_server("--data", args.data, "--workers", "2", env=env) as url:
        for crashes in map(int, args.crashes.split(",")):
            answered, short = [], []
            for _ in range(args.repeat):
                took, missing = recovery(url, crashes, 2)
                answered.append(took)
                short.append(missing)
                time.sleep(0.5)
            print(
                f"{crashes} crashing queries at once, 2 workers: all answered (500) in {figure(answered, 's')}; "
                f"the pool short of a worker for {figure(short, 's')} in all"
            )
    starts = [first_answer("--data", args.data, "--workers", "1") for _ in range(args.repeat)]
    print(f"floor: a server with one worker started and answering: {figure(starts, 's')}")
    print(machine("after"))


if __name__ == "__main__":
    main()
