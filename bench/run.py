"""The bluedomes benchmark: one command, one table.

    .venv/bin/python bench/run.py [--uncached] [--database-url postgres://…]

Seeds the fixed scenario of bench/scenario.py into a fresh database (a
temporary SQLite file by default), starts the site as production runs it
(gunicorn, DEBUG off, static files collected and served by WhiteNoise, the
background worker beside it, a loopback Akismet answering after 2 s), then
loads each page from a second process with wrk (or a Python client when wrk
is not installed) and posts comments as readers would. It prints requests/s
and p50/p99 latency for each page, and every figure as a ratio to the
framework floor (a trivial Django view on the same server) and the ceiling
(a static file on the same server), so runs compare across machines.

Loopback only; every loop is bounded; all servers stop when it ends."""

import argparse
import json
import math
import os
import re
import secrets
import subprocess
import sys
import tempfile
import threading
import time
from dataclasses import asdict, dataclass, field
from pathlib import Path
from urllib.parse import urlencode, urlsplit

if __package__ in (None, ""):
    # Run as a script (bench/run.py): make the project importable.
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

import httpx

from bench import loadgen, nginx, servers
from bench.posting import Commenter, client_address

CEILING_FILE = "admin/img/icon-addlink.svg"
SEQUENTIAL_POSTS = 60
NGINX_ROWS = ("nginx_ceiling", "nginx_article", "nginx_home")
WORDPRESS_RPS = 23  # measured for WordPress 6.1, classic theme, no page cache


@dataclass
class Row:
    label: str
    rps: float
    p50_ms: float
    p99_ms: float
    queries: int | None = None
    errors: int = 0
    size_kb: float | None = None
    notes: list = field(default_factory=list)


def parse_args(argv=None):
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--database-url", default="",
                        help="a PostgreSQL server to use (postgres://user:pw@127.0.0.1:5432/db); a new database "
                             "is created beside the named one and dropped afterwards. Default: a temp SQLite file")
    parser.add_argument("--uncached", action="store_true",
                        help="run the site with Django's DummyCache: every cache lookup misses")
    parser.add_argument("--redis", action="store_true",
                        help="start a loopback redis-server and use it as the site's cache (REDIS_URL)")
    parser.add_argument("--redis-url", default="", help="REDIS_URL for the site (default: local-memory cache)")
    parser.add_argument("--duration", type=int, default=10, help="seconds of load per page (default 10)")
    parser.add_argument("--connections", type=int, default=16, help="concurrent connections (default 16)")
    parser.add_argument("--threads", type=int, default=2, help="wrk threads (default 2)")
    parser.add_argument("--worker-class", choices=["sync", "gthread"], default="sync",
                        help="gunicorn worker class (default sync)")
    parser.add_argument("--workers", type=int, default=0,
                        help="gunicorn worker processes (default: as deploy/gunicorn.conf.py for sync, "
                             "cores for gthread)")
    parser.add_argument("--gunicorn-threads", type=int, default=4, help="threads per gthread worker (default 4)")
    parser.add_argument("--posts", type=int, default=300,
                        help="comment POSTs to send without wrk (default 300); wrk posts for --duration seconds")
    parser.add_argument("--post-clients", type=int, default=16, help="concurrent posting readers (default 16)")
    parser.add_argument("--no-nginx", action="store_true",
                        help="do not measure through nginx (deploy/nginx's page cache) even when it is installed")
    parser.add_argument("--akismet-delay", type=float, default=2.0,
                        help="seconds the loopback Akismet takes to answer; negative: Akismet off (default 2)")
    parser.add_argument("--no-worker", action="store_true", help="do not run the background worker")
    parser.add_argument("--nginx-rounds", type=int, default=3,
                        help="alternating rounds of the nginx rows, each row their median (default 3)")
    parser.add_argument("--json", help="also write every figure to this file")
    parser.add_argument("--keep", action="store_true", help="keep the temp folder (database, logs)")
    return parser.parse_args(argv)


def post_comments(base_url, article_path, *, total, clients, first=0, time_cap=60):
    """``total`` comment POSTs from ``clients`` concurrent readers, each post
    from its own address so the per-IP rate limit does not cap the figure;
    posts are numbered from ``first`` so no two runs send the same text."""
    latencies, statuses, lock = [], {}, threading.Lock()
    counter = iter(range(first, first + total))
    deadline = time.monotonic() + time_cap

    def reader(number):
        commenter = Commenter(base_url, article_path).fetch_form(ip=client_address(100_000 + first + number))
        try:
            while time.monotonic() < deadline:
                with lock:
                    n = next(counter, None)
                if n is None:
                    return
                posted = commenter.post(
                    f"Benchmark comment number {n}: the pass reopened and the lorries moved again.",
                    name=f"Reader {n}", email=f"reader{n}@example.org", ip=client_address(n),
                )
                with lock:
                    latencies.append(posted.seconds * 1000)
                    statuses[posted.status] = statuses.get(posted.status, 0) + 1
        finally:
            commenter.close()

    started = time.monotonic()
    threads = [threading.Thread(target=reader, args=(i,)) for i in range(clients)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    elapsed = time.monotonic() - started
    latencies.sort()
    accepted = sum(count for status, count in statuses.items() if 200 <= status < 400)
    row = Row(
        label=f"comment POST, {clients} at once" if clients > 1 else "comment POST, one reader",
        rps=accepted / elapsed if elapsed else 0.0,
        p50_ms=loadgen.percentile(latencies, 0.50),
        p99_ms=loadgen.percentile(latencies, 0.99),
        errors=len(latencies) - accepted,
    )
    row.notes.append("statuses " + ", ".join(f"{status}×{count}" for status, count in sorted(statuses.items())))
    return row


def post_comments_wrk(base_url, article_path, env, *, connections, duration, marker):
    """Comment POSTs from wrk for ``duration`` seconds on ``connections``
    connections, as the WordPress side measures its own: each request a new
    comment from a new address, and no client in Python on the same two
    cores. The row counts a POST only when answered 303 and says how many
    of those the database holds."""
    commenter = Commenter(base_url, article_path).fetch_form(ip=client_address(999_000))
    commenter.close()
    fields = {name: value for name, value in commenter.fields.items()
              if name not in {"comment", "name", "email", "url"}}
    result = subprocess.run(
        [loadgen.WRK, f"-t{min(2, connections)}", f"-c{connections}", f"-d{duration}s", "--timeout", "10s",
         "--latency", "-s", str(Path(__file__).with_name("comment_post.lua")), base_url],
        capture_output=True, text=True, timeout=duration + 60,
        env={**os.environ, "BENCH_POST_PATH": urlsplit(commenter.action).path, "BENCH_POST_FIELDS": urlencode(fields),
             "BENCH_REFERER": commenter.page_url, "BENCH_MARKER": marker},
    )
    if result.returncode != 0:
        raise SystemExit(f"wrk failed posting comments:\n{result.stdout}{result.stderr}")
    load = loadgen.parse_wrk(result.stdout)
    answers = json.loads(re.search(r"^BENCH_POSTS (.*)$", result.stdout, re.MULTILINE).group(1))
    stored = json.loads(servers.python_module("bench.tally", [marker], env))["stored"]
    seconds = load.requests / load.rps if load.rps else 0.0
    row = Row(
        label=f"comment POST, {connections} at once" if connections > 1 else "comment POST, one reader",
        rps=answers["accepted"] / seconds if seconds else 0.0,
        p50_ms=load.p50_ms, p99_ms=load.p99_ms, errors=answers["refused"],
    )
    row.notes.append(f"wrk: {answers['accepted']} answered 303, {answers['refused']} refused; "
                     f"{stored} stored (every accepted one {'stored' if stored >= answers['accepted'] else 'NOT stored'})")
    return row


def mean_row(runs):
    """The floor as the mean of its runs, with each run in a note."""
    row = Row(runs[0].label, sum(r.rps for r in runs) / len(runs), sum(r.p50_ms for r in runs) / len(runs),
              sum(r.p99_ms for r in runs) / len(runs), queries=runs[0].queries, errors=sum(r.errors for r in runs),
              size_kb=runs[0].size_kb)
    if len(runs) > 1:
        spread = max(r.rps for r in runs) / min(r.rps for r in runs)
        row.notes.append("mean of runs at the start and the end: " + ", ".join(
            f"{r.rps:.0f} req/s p99 {r.p99_ms:.1f} ms" for r in runs)
            + (" — they differ by more than 25%: the machine was busy, ratios are rough" if spread > 1.25 else ""))
    return row


def median_row(runs):
    """A row of the median req/s, p50 and p99 of its runs, each run in a note."""
    def median(values):
        values = sorted(values)
        middle = len(values) // 2
        return values[middle] if len(values) % 2 else (values[middle - 1] + values[middle]) / 2

    row = Row(runs[0].label, median([r.rps for r in runs]), median([r.p50_ms for r in runs]),
              median([r.p99_ms for r in runs]), queries=runs[0].queries, errors=sum(r.errors for r in runs),
              size_kb=runs[0].size_kb)
    if len(runs) > 1:
        row.notes.append(f"median of {len(runs)} alternating rounds: " + ", ".join(
            f"{r.rps:.0f} req/s p99 {r.p99_ms:.1f} ms" for r in runs))
    return row


def from_file(response):
    # Django always names the page's language; a file from nginx does not.
    return "content-language" not in response.headers


def ratio(value, reference):
    if not reference or value is None or math.isnan(value) or math.isnan(reference):
        return float("nan")
    return value / reference


def print_table(rows, floor, ceiling, header):
    print()
    print(header)
    print()
    columns = (f"{'':30} {'req/s':>8} {'×floor':>7} {'×ceil':>7} {'p50 ms':>8} {'p99 ms':>8} "
               f"{'p99×floor':>9} {'SQL':>4} {'KB':>6} {'errors':>6}")
    print(columns)
    print("-" * len(columns))
    for row in rows:
        queries = "" if row.queries is None else str(row.queries)
        size = "" if row.size_kb is None else f"{row.size_kb:.1f}"
        print(f"{row.label:30} {row.rps:8.1f} {ratio(row.rps, floor.rps):7.2f} {ratio(row.rps, ceiling.rps):7.3f} "
              f"{row.p50_ms:8.1f} {row.p99_ms:8.1f} {ratio(row.p99_ms, floor.p99_ms):9.2f} {queries:>4} "
              f"{size:>6} {row.errors:6d}")
    for row in rows:
        for note in row.notes:
            print(f"  {row.label}: {note}")


def verdicts(rows_by_key, floor, uncached, akismet_delay):
    """The targets, each with the measured figure and met/missed."""
    article, home, tag, post, posts = (rows_by_key[key] for key in ("article", "home", "tag", "post", "posts"))
    checks = [
        ("article ≥ 0.5× floor req/s", ratio(article.rps, floor.rps), ratio(article.rps, floor.rps) >= 0.5, "×"),
        ("article p99 < 4× floor p99", ratio(article.p99_ms, floor.p99_ms),
         ratio(article.p99_ms, floor.p99_ms) < 4, "×"),
        ("home ≥ 0.5× floor req/s", ratio(home.rps, floor.rps), ratio(home.rps, floor.rps) >= 0.5, "×"),
        ("tag archive ≥ 0.5× floor req/s", ratio(tag.rps, floor.rps), ratio(tag.rps, floor.rps) >= 0.5, "×"),
    ]
    if "nginx_article" in rows_by_key:
        cached, ceiling = rows_by_key["nginx_article"], rows_by_key["nginx_ceiling"]
        checks += [
            ("nginx: cached article ≥ 0.8× the same page as a static file", ratio(cached.rps, ceiling.rps),
             ratio(cached.rps, ceiling.rps) >= 0.8, "×"),
            ("nginx: cached article p99 ≤ 2× the static file's", ratio(cached.p99_ms, ceiling.p99_ms),
             ratio(cached.p99_ms, ceiling.p99_ms) <= 2, "×"),
        ]
    if uncached:
        checks += [
            ("uncached article ≤ 15 SQL queries", article.queries, article.queries is not None
             and article.queries <= 15, ""),
            ("uncached article ≥ 70 req/s", article.rps, article.rps >= 70, " req/s"),
            (f"uncached article ≥ 3× WordPress ({3 * WORDPRESS_RPS} req/s)", article.rps / WORDPRESS_RPS,
             article.rps >= 3 * WORDPRESS_RPS, "× WordPress"),
        ]
    if akismet_delay >= 0:
        # One reader at a time: the question is whether a POST waits on
        # Akismet, not how long posts queue behind each other for SQLite's
        # write lock (the concurrent figure is shown alongside).
        checks.append((f"comment POST p99 < 300 ms, one reader (Akismet answering after {akismet_delay:g} s)",
                       post.p99_ms, post.p99_ms < 300,
                       f" ms ({posts.label}: p99 {posts.p99_ms:.0f} ms)"))
    return checks


def main(argv=None):
    args = parse_args(argv)
    workers = args.workers or servers.default_workers(args.worker_class, args.database_url)
    workdir = Path(tempfile.mkdtemp(prefix="bluedomes-bench-"))
    processes = servers.Processes(workdir)
    port = servers.free_port()
    base = f"http://127.0.0.1:{port}"
    peer = None
    started = time.monotonic()
    try:
        if args.akismet_delay >= 0:
            from tests.peers.akismet import AkismetPeer

            peer = AkismetPeer(valid_keys={"bench-key"}).start()
            peer.delay = args.akismet_delay
        if args.redis:
            args.redis_url = servers.start_redis(processes)
        with servers.fresh_database(args.database_url, workdir) as database_url:
            use_nginx = not args.no_nginx and not args.uncached and nginx.binary()
            front_port = servers.free_port() if use_nginx else None
            env = servers.site_env(
                database_url=database_url, port=port, workdir=workdir, uncached=args.uncached, front_port=front_port,
                redis_url=args.redis_url, akismet_url=peer.url if peer else "",
            )
            print(f"seeding the scenario into {database_url.split('@')[-1]} …", flush=True)
            scenario_file = workdir / "scenario.json"
            servers.python_module("bench.scenario", [str(scenario_file)], env)
            scenario = json.loads(scenario_file.read_text())
            urls, queries = scenario["urls"], scenario["queries"]
            for name, counted in queries.items():
                if counted["status"] != 200:
                    raise SystemExit(f"{name} page {urls[name]} answered {counted['status']} in the test client")
            # The ceiling: a tiny file that exists in every install, so the
            # figure is the server's own cost per request, not bandwidth.
            static = json.loads((workdir / "static" / "staticfiles.json").read_text())["paths"][CEILING_FILE]
            urls["ceiling"] = f"/static/{static}"

            server = processes.start("gunicorn", servers.gunicorn_args(
                port, workers=workers, worker_class=args.worker_class, threads=args.gunicorn_threads), env)
            if not args.no_worker:
                processes.start("worker", servers.worker_args(), env)
            servers.wait_until_up(base + urls["floor"], server)
            front = None
            if use_nginx:
                front = f"http://127.0.0.1:{front_port}"
                nginx_run = nginx.start(processes, port=front_port, app_port=port,
                                        cache_dir=workdir / "page-cache", workdir=workdir)
                servers.wait_until_up(front + urls["floor"], processes.running["nginx"][0])

            sizes = {}
            for name in ("floor", "ceiling", "article", "home", "tag"):
                response = httpx.get(base + urls[name], timeout=30)
                if response.status_code != 200:
                    raise SystemExit(f"{base + urls[name]} answered {response.status_code}")
                sizes[name] = len(response.content) / 1024
            labels = {"floor": "framework floor (trivial view)", "ceiling": "ceiling (static file)",
                      "article": "article, 200 comments + ping", "home": "home page", "tag": "tag archive",
                      "nginx_ceiling": "nginx: the page as a static file", "nginx_article": "nginx: article, page cache",
                      "nginx_home": "nginx: home, page cache"}
            order = ["floor", "ceiling", "article", "home", "tag"]
            if front:
                # Python writes each page's file on its first cacheable view;
                # the ceiling is that same page saved as a plain file.
                from_files = {}
                for name in ("article", "home"):
                    urls[f"nginx_{name}"] = urls[name]
                    httpx.get(front + urls[name], timeout=30)
                    cached = httpx.get(front + urls[name], timeout=30)
                    sizes[f"nginx_{name}"] = len(cached.content) / 1024
                    from_files[name] = from_file(cached)
                    if name == "article":
                        nginx.save_static_copy(nginx_run, cached.content)
                urls["nginx_ceiling"] = nginx.STATIC_PAGE
                sizes["nginx_ceiling"] = sizes["nginx_article"]
            rows, floors = {}, []

            def load_row(name):
                url = (front if name.startswith("nginx_") else base) + urls[name]
                # One second of warm-up: every worker process has compiled its
                # templates and opened its files before the measured run.
                loadgen.measure(url, threads=args.threads, connections=args.connections, duration=1)
                load = loadgen.measure(url, threads=args.threads, connections=args.connections,
                                       duration=args.duration)
                return load, Row(labels[name], load.rps, load.p50_ms, load.p99_ms,
                                 queries=queries.get(name, {}).get("queries"), errors=load.errors,
                                 size_kb=sizes[name])

            # The floor is measured first and last: on a shared machine the
            # two differ when something else ran meanwhile, and the note says so.
            for name in (*order, "floor"):
                print(f"loading {labels[name]} for {args.duration} s …", flush=True)
                load, row = load_row(name)
                if name == "floor":
                    floors.append(row)
                    row = mean_row(floors)
                rows[name] = row
                tool = load.tool
            if front:
                # The static ceiling and the cached pages run ten times faster
                # than anything else here, so a second's noise moves their
                # ratio most: they are measured in alternating rounds, each
                # row the median of its rounds.
                rounds = {name: [] for name in NGINX_ROWS}
                for number in range(1, args.nginx_rounds + 1):
                    for name in NGINX_ROWS:
                        print(f"loading {labels[name]} for {args.duration} s (round {number}) …", flush=True)
                        rounds[name].append(load_row(name)[1])
                for name, runs in rounds.items():
                    rows[name] = median_row(runs)
                    page = name.removeprefix("nginx_")
                    if page in from_files and not (from_files[page] and from_file(httpx.get(front + urls[name], timeout=30))):
                        rows[name].notes.append("NOT served from the page cache's file: nginx asked Python")
            if loadgen.WRK:
                print(f"posting comments with wrk on {args.post_clients} connections, then on one, "
                      f"{args.duration} s each …", flush=True)
                for key, connections in (("posts", args.post_clients), ("post", 1)):
                    rows[key] = post_comments_wrk(base, urls["article"], env, connections=connections,
                                                  duration=args.duration, marker=f"bench{key}{secrets.token_hex(4)}")
            else:
                print(f"posting {args.posts} comments from {args.post_clients} readers at once, then "
                      f"{SEQUENTIAL_POSTS} from one reader …", flush=True)
                rows["posts"] = post_comments(base, urls["article"], total=args.posts, clients=args.post_clients)
                rows["post"] = post_comments(base, urls["article"], total=SEQUENTIAL_POSTS, clients=1,
                                             first=args.posts)
            processes.stop_all()

        floor, ceiling = rows["floor"], rows["ceiling"]
        cache = "DummyCache (--uncached)" if args.uncached else ("Redis" if args.redis_url else "local memory")
        database = "PostgreSQL" if args.database_url else "SQLite"
        akismet = f"Akismet on loopback answering after {args.akismet_delay:g} s" if peer else "Akismet off"
        threads = f"×{args.gunicorn_threads} threads" if args.worker_class == "gthread" else ""
        header = (f"bluedomes benchmark — gunicorn {workers} {args.worker_class} workers{threads}, {database}, "
                  f"cache: {cache}, {akismet}\nload: {tool} -t{args.threads} -c{args.connections} "
                  f"-d{args.duration}s per page, from a second process; {servers.cores()} cores; SQL = queries "
                  "per page (steady state, test client)")
        print_table(list(rows.values()), floor, ceiling, header)
        print()
        print("targets:")
        checks = verdicts(rows, floor, args.uncached, args.akismet_delay if peer else -1)
        for label, value, met, unit in checks:
            shown = f"{value:.2f}{unit}" if isinstance(value, float) else f"{value}{unit}"
            print(f"  {'met   ' if met else 'MISSED'} {label}: {shown}")
        print(f"\nwhole run: {time.monotonic() - started:.0f} s; logs in {workdir}" if args.keep
              else f"\nwhole run: {time.monotonic() - started:.0f} s")
        if args.json:
            Path(args.json).write_text(json.dumps({
                "header": header, "rows": {key: asdict(row) for key, row in rows.items()},
                "targets": [{"target": label, "value": value, "met": met} for label, value, met, _ in checks],
            }, indent=2, default=str))
    finally:
        processes.stop_all()
        if peer:
            peer.stop()
        if not args.keep:
            import shutil

            shutil.rmtree(workdir, ignore_errors=True)


if __name__ == "__main__":
    main()
