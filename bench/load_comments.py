"""Load test of comment posting: 50 concurrent readers post 20 comments each.

    .venv/bin/python bench/load_comments.py [--database-url postgres://…] [--ip-per-post]

Starts the site as bench/run.py does (fresh database, gunicorn, DEBUG off,
the background worker, a loopback Akismet), lets every reader fetch the
article and post as fast as the server answers, waits for the worker to
finish the Akismet checks, then tallies from the database: what was
submitted, stored by status, refused with 429 by the rate limit, answered
500, "database is locked" lines in the server and worker logs, and LOST
(submitted − stored − 429), which must be zero.

By default each reader has one address, so the per-IP rate limit refuses
most of their 20 posts with a 429; ``--ip-per-post`` gives every post its
own address, so all 1,000 reach the database. Loopback only, bounded."""

import argparse
import json
import secrets
import sys
import tempfile
import threading
import time
from pathlib import Path

if __package__ in (None, ""):
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench import servers
from bench.posting import Commenter, client_address


def parse_args(argv=None):
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--database-url", default="", help="a PostgreSQL server (a fresh database is made on it)")
    parser.add_argument("--readers", type=int, default=50)
    parser.add_argument("--comments", type=int, default=20, help="comments per reader")
    parser.add_argument("--ip-per-post", action="store_true", help="a new client address for every post")
    parser.add_argument("--redis", action="store_true",
                        help="start a loopback redis-server as the shared cache (the rate limit then counts "
                             "across gunicorn's processes, as in production)")
    parser.add_argument("--worker-class", choices=["sync", "gthread"], default="sync")
    parser.add_argument("--workers", type=int, default=0)
    parser.add_argument("--akismet-delay", type=float, default=0.0,
                        help="seconds the loopback Akismet takes; negative: Akismet off (default 0)")
    parser.add_argument("--time-cap", type=float, default=120, help="stop posting after this many seconds")
    parser.add_argument("--drain-timeout", type=float, default=240,
                        help="seconds to wait for the worker to finish the Akismet checks before tallying")
    parser.add_argument("--keep", action="store_true", help="keep the temp folder (database, logs)")
    return parser.parse_args(argv)


def run_readers(base, article_path, *, readers, comments, ip_per_post, marker, time_cap):
    results, lock = [], threading.Lock()
    deadline = time.monotonic() + time_cap
    start = threading.Barrier(readers)

    def reader(number):
        commenter = Commenter(base, article_path, timeout=60)
        try:
            commenter.fetch_form(ip=client_address(number))
        except Exception as exc:  # noqa: BLE001 - a reader who never got the form is reported, not fatal
            with lock:
                results.extend(["form-failed"] * comments)
            print(f"reader {number} could not fetch the form: {exc}", file=sys.stderr)
            start.abort()
            return
        try:
            start.wait(timeout=60)
        except threading.BrokenBarrierError:
            pass
        for n in range(comments):
            if time.monotonic() > deadline:
                break
            post_number = number * comments + n
            # Every tenth reader is someone Akismet documents as always spam.
            name = "akismet-guaranteed-spam" if number % 10 == 9 else f"Reader {number}"
            posted = commenter.post(
                f"{marker} comment {n} from reader {number}: the night train ran late again.",
                name=name, email=f"reader{number}@example.org",
                ip=client_address(1000 + post_number if ip_per_post else number),
            )
            with lock:
                results.append(posted.status)
        commenter.close()

    threads = [threading.Thread(target=reader, args=(i,)) for i in range(readers)]
    started = time.monotonic()
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return results, time.monotonic() - started


def wait_for_checks(env, marker, timeout):
    """Tally after the worker has finished the Akismet checks (bounded wait)."""
    deadline = time.monotonic() + timeout
    while True:
        counts = json.loads(servers.python_module("bench.tally", [marker], env))
        if counts["awaiting_check"] == 0 or time.monotonic() > deadline:
            return counts
        time.sleep(1)


def count_in_logs(processes, names, needle):
    return sum(processes.log_path(name).read_text(errors="replace").count(needle) for name in names)


def main(argv=None):
    args = parse_args(argv)
    workers = args.workers or servers.default_workers(args.worker_class)
    workdir = Path(tempfile.mkdtemp(prefix="bluedomes-load-"))
    processes = servers.Processes(workdir)
    port = servers.free_port()
    base = f"http://127.0.0.1:{port}"
    marker = f"load-{secrets.token_hex(4)}"
    peer = None
    try:
        if args.akismet_delay >= 0:
            from tests.peers.akismet import AkismetPeer

            peer = AkismetPeer(valid_keys={"bench-key"}).start()
            peer.delay = args.akismet_delay
        redis_url = servers.start_redis(processes) if args.redis else ""
        with servers.fresh_database(args.database_url, workdir) as database_url:
            env = servers.site_env(database_url=database_url, port=port, workdir=workdir, redis_url=redis_url,
                                   akismet_url=peer.url if peer else "")
            print("seeding …", flush=True)
            servers.python_module("bench.scenario", [str(workdir / "scenario.json"), "--no-count"], env)
            article = json.loads((workdir / "scenario.json").read_text())["urls"]["article"]
            server = processes.start("gunicorn", servers.gunicorn_args(
                port, workers=workers, worker_class=args.worker_class), env)
            processes.start("worker", servers.worker_args(), env)
            servers.wait_until_up(base + "/bench/floor/", server)

            print(f"{args.readers} readers × {args.comments} comments "
                  f"({'one address per post' if args.ip_per_post else 'one address per reader'}) …", flush=True)
            statuses, elapsed = run_readers(
                base, article, readers=args.readers, comments=args.comments, ip_per_post=args.ip_per_post,
                marker=marker, time_cap=args.time_cap,
            )
            counts = wait_for_checks(env, marker, args.drain_timeout)
            processes.stop_all()
            locked = count_in_logs(processes, ["gunicorn", "worker"], "database is locked")
            tracebacks = count_in_logs(processes, ["gunicorn", "worker"], "Traceback (most recent call last)")
    finally:
        processes.stop_all()
        if peer:
            peer.stop()

    submitted = len(statuses)
    refused = statuses.count(429)
    by_status = {}
    for status in statuses:
        by_status[status] = by_status.get(status, 0) + 1
    lost = submitted - counts["stored"] - refused
    database = "PostgreSQL" if args.database_url else "SQLite"
    cache = "Redis" if args.redis else "local memory (rate limit counted per gunicorn process)"
    print()
    print(f"comment load tally — {database}, cache {cache}, gunicorn {workers} {args.worker_class} workers, "
          f"{args.readers} readers × {args.comments}, {elapsed:.1f} s of posting")
    print(f"  submitted                    {submitted:6d}")
    print(f"  stored                       {counts['stored']:6d}   "
          f"(approved {counts['approved']}, pending {counts['pending']}, spam {counts['spam']}, "
          f"trash {counts['trash']}; still awaiting a check: {counts['awaiting_check']})")
    print(f"  refused with 429             {refused:6d}")
    print(f"  answered 500                 {sum(n for s, n in by_status.items() if isinstance(s, int) and s >= 500):6d}")
    print(f"  no answer (connection error) {by_status.get(0, 0):6d}")
    print(f"  'database is locked' in logs {locked:6d}")
    print(f"  tracebacks in logs           {tracebacks:6d}")
    print(f"  LOST                         {lost:6d}")
    print(f"  HTTP statuses: {', '.join(f'{s}×{n}' for s, n in sorted(by_status.items(), key=lambda i: str(i[0])))}")
    if args.keep:
        print(f"  logs and database in {workdir}")
    else:
        import shutil

        shutil.rmtree(workdir, ignore_errors=True)
    return 0 if lost == 0 and locked == 0 and not any(isinstance(s, int) and s >= 500 for s in statuses) else 1


if __name__ == "__main__":
    sys.exit(main())
