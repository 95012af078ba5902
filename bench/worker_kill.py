"""Kill the background worker mid-job, start it again: every job must still
complete exactly once in effect.

    .venv/bin/python bench/worker_kill.py [--database-url postgres://…]

On loopback it starts a slow Akismet and another blog that takes pingbacks
(both answering after --peer-delay seconds), seeds a fresh database with
articles linking to that blog (each publication queues an outbound-ping
job), posts comments through gunicorn (each queues an Akismet check), then
starts the worker the way production does (deploy/worker.sh, a stable
worker id). While it works, it SIGKILLs the worker in the middle of an
Akismet check and again in the middle of an outbound ping, restarting it
each time. When the queue is empty it checks, from the database and from
what the peers received:

  * no comment is left awaiting its check, and each has exactly one
    "Checked by Akismet" line in its history;
  * every link was notified, the other blog registered each pingback once
    (a ping re-sent after a kill is answered with fault 48, "already
    registered", as Pingback 1.0 specifies), and how many were re-sent;
  * no job is left marked running.

Bounded: gives up after --time-cap seconds. Waiting out the outbound-ping
lease (about a minute) is part of the run."""

import argparse
import json
import os
import signal
import sqlite3
import sys
import tempfile
import threading
import time
import xmlrpc.client
from collections import Counter
from contextlib import closing
from pathlib import Path
from urllib.parse import urlsplit

if __package__ in (None, ""):
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench import servers
from bench.posting import Commenter, client_address

WORKER_ID = "kill-test-1"
CHECK_TASK = "comments.pipeline.check_comment"
PING_TASK = "comments.pings.outbound.notify_article_links"


def parse_args(argv=None):
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--database-url", default="", help="a PostgreSQL server (a fresh database is made on it)")
    parser.add_argument("--comments", type=int, default=30, help="comments to post (Akismet checks)")
    parser.add_argument("--articles", type=int, default=4, help="articles linking to the other blog")
    parser.add_argument("--links", type=int, default=3, help="links to the other blog per article")
    parser.add_argument("--peer-delay", type=float, default=0.5, help="seconds Akismet and the blog take to answer")
    parser.add_argument("--time-cap", type=float, default=240, help="give up after this many seconds")
    parser.add_argument("--keep", action="store_true", help="keep the temp folder (database, logs)")
    parser.add_argument("--seed", help=argparse.SUPPRESS)  # internal: run inside Django, write the seed here
    parser.add_argument("--report", help=argparse.SUPPRESS)  # internal: run inside Django, write the report here
    return parser.parse_args(argv)


# --- Inside Django (subprocesses) ---------------------------------------------------

def seed(out_path, blog_base, articles, links):
    import django
    from django.contrib.auth import get_user_model
    from django.core.management import call_command
    from django.utils import timezone

    django.setup()
    from articles.models import Article

    call_command("migrate", interactive=False, verbosity=0)
    call_command("collectstatic", interactive=False, verbosity=0)
    author = get_user_model().objects.create_user(username="kit", first_name="Kit", password=None)
    now = timezone.now()
    commented = Article.objects.create(
        title="Where the comments go", slug="where-the-comments-go", author=author,
        body="<p>A quiet article that readers comment on.</p>", status=Article.Status.PUBLISHED,
        published_at=now,
    )
    for number in range(articles):
        anchors = " ".join(
            f'<a href="{blog_base}/post-{number}-{link}/">their post {number}.{link}</a>' for link in range(links)
        )
        Article.objects.create(
            title=f"Reading list {number}", slug=f"reading-list-{number}", author=author,
            body=f"<p>Worth reading: {anchors}.</p>", status=Article.Status.PUBLISHED, published_at=now,
        )
    Path(out_path).write_text(json.dumps({"article": commented.get_absolute_url()}))


def report(out_path):
    import django

    django.setup()
    from django_tasks.base import TaskResultStatus
    from django_tasks_db.models import DBTaskResult

    from comments.models import Comment, CommentEvent, LinkNotification

    comments = Comment.objects.filter(type=Comment.Type.COMMENT)
    checked_lines = Counter(
        CommentEvent.objects.filter(message__startswith="Checked by Akismet").values_list("comment_id", flat=True)
    )
    Path(out_path).write_text(json.dumps({
        "comments": comments.count(),
        "awaiting_check": comments.filter(awaiting_check=True).count(),
        "verdicts": dict(Counter(comments.values_list("akismet_verdict", flat=True))),
        "checked_once": sum(1 for pk in comments.values_list("pk", flat=True) if checked_lines[pk] == 1),
        "checked_twice_or_more": sum(1 for count in checked_lines.values() if count > 1),
        "links": LinkNotification.objects.count(),
        "link_states": dict(Counter(LinkNotification.objects.values_list("state", flat=True))),
        "link_attempts": dict(Counter(LinkNotification.objects.values_list("attempts", flat=True))),
        "jobs": dict(Counter(DBTaskResult.objects.values_list("status", flat=True))),
        "running_jobs": DBTaskResult.objects.filter(status=TaskResultStatus.RUNNING).count(),
    }))


# --- The orchestrating process ----------------------------------------------------------

class PingbackBlog:
    """The other blog: posts that advertise a pingback server, which
    registers a (source, target) pair once and answers fault 48 after."""

    def __init__(self, delay):
        from tests.peers.blog import PeerBlog

        self.blog = PeerBlog()
        self.registered = Counter()
        self.lock = threading.Lock()
        self.blog.pingback_server("/xmlrpc", answer=self._answer)
        self.blog.routes["/xmlrpc"].delay = delay

    def _answer(self, source, target):
        with self.lock:
            self.registered[(source, target)] += 1
            if self.registered[(source, target)] > 1:
                return xmlrpc.client.Fault(48, "The pingback has already been registered.")
        return "Pingback registered."

    def add_posts(self, articles, links):
        for number in range(articles):
            for link in range(links):
                self.blog.page(f"/post-{number}-{link}/", f"<title>Post {number}.{link}</title><p>A post.</p>",
                               headers={"X-Pingback": self.blog.url("/xmlrpc")})


class Queue:
    """Reads the job table directly (no Django in this process)."""

    TABLE = "django_tasks_database_dbtaskresult"

    def __init__(self, database_url):
        self.url = database_url

    def _query(self, sql):
        if self.url.startswith("sqlite"):
            with closing(sqlite3.connect(urlsplit(self.url).path, timeout=20)) as db:
                return db.execute(sql).fetchall()
        import psycopg

        with psycopg.connect(self.url.replace("postgres://", "postgresql://", 1)) as db:
            return db.execute(sql).fetchall()

    def running(self):
        return [row[0] for row in self._query(f"SELECT task_path FROM {self.TABLE} WHERE status = 'RUNNING'")]

    def outstanding(self):
        return self._query(f"SELECT COUNT(*) FROM {self.TABLE} WHERE status IN ('READY', 'RUNNING')")[0][0]


def start_worker(processes, env, number):
    return processes.start(f"worker-{number}", ["bash", str(servers.ROOT / "deploy" / "worker.sh"), WORKER_ID], env)


def kill_mid_job(processes, name, queue, wanted, deadline, min_age=0.15):
    """SIGKILLs worker ``name`` once a ``wanted`` job has been running for
    ``min_age`` seconds (so it is inside its HTTP call); returns the job's path."""
    first_seen = None
    while time.monotonic() < deadline:
        paths = [path for path in queue.running() if path in wanted]
        if paths:
            first_seen = first_seen or time.monotonic()
            if time.monotonic() - first_seen >= min_age:
                processes.stop(name, sig=signal.SIGKILL, grace=5)
                return paths[0]
        else:
            first_seen = None
        time.sleep(0.02)
    return None


def main(argv=None):
    args = parse_args(argv)
    if args.seed:
        return seed(args.seed, os.environ["BENCH_BLOG_BASE"], args.articles, args.links)
    if args.report:
        return report(args.report)

    from tests.peers.akismet import AkismetPeer

    workdir = Path(tempfile.mkdtemp(prefix="bluedomes-kill-"))
    processes = servers.Processes(workdir)
    port = servers.free_port()
    base = f"http://127.0.0.1:{port}"
    akismet = AkismetPeer(valid_keys={"bench-key"}).start()
    akismet.delay = args.peer_delay
    other = PingbackBlog(args.peer_delay)
    other.add_posts(args.articles, args.links)
    deadline = time.monotonic() + args.time_cap
    kills = []
    try:
        with other.blog, servers.fresh_database(args.database_url, workdir) as database_url:
            env = servers.site_env(
                database_url=database_url, port=port, workdir=workdir, akismet_url=akismet.url,
                extra={
                    "BLUEDOMES_NOTIFY_LINKED_BLOGS": "1",
                    # The other blog is on loopback: lift the outbound address check.
                    "BLUEDOMES_ALLOW_PRIVATE_URLS": "1",
                    "BENCH_BLOG_BASE": other.blog.base,
                    "LOG_LEVEL": "INFO",
                },
            )
            print("seeding: articles linking to the other blog queue their pings …", flush=True)
            servers.python_module("bench.worker_kill", ["--seed", str(workdir / "seed.json"),
                                                        "--articles", str(args.articles),
                                                        "--links", str(args.links)], env)
            article = json.loads((workdir / "seed.json").read_text())["article"]

            print(f"posting {args.comments} comments: each queues an Akismet check …", flush=True)
            server = processes.start("gunicorn", servers.gunicorn_args(port, workers=2), env)
            servers.wait_until_up(base + "/bench/floor/", server)
            reader = Commenter(base, article).fetch_form(ip=client_address(1))
            statuses = Counter(
                reader.post(f"Kill test comment {n}: the ferry left on time.", name=f"Passenger {n}",
                            email=f"passenger{n}@example.org", ip=client_address(10 + n)).status
                for n in range(args.comments)
            )
            reader.close()
            processes.stop("gunicorn")
            if set(statuses) != {303}:
                raise SystemExit(f"posting failed: {dict(statuses)}")

            queue = Queue(database_url)
            wanted = {CHECK_TASK: "an Akismet check", PING_TASK: "an outbound ping"}
            run = 1
            start_worker(processes, env, run)
            while wanted and time.monotonic() < deadline:
                killed = kill_mid_job(processes, f"worker-{run}", queue, set(wanted), deadline)
                if killed is None:
                    break
                kills.append(wanted.pop(killed))
                print(f"  SIGKILLed the worker in the middle of {kills[-1]}; starting it again", flush=True)
                run += 1
                start_worker(processes, env, run)

            print("waiting for the queue to drain (an interrupted ping waits out its lease) …", flush=True)
            while queue.outstanding() and time.monotonic() < deadline:
                time.sleep(1)
            processes.stop_all()
            servers.python_module("bench.worker_kill", ["--report", str(workdir / "report.json")], env)
            result = json.loads((workdir / "report.json").read_text())
            log = "".join(processes.log_path(f"worker-{n}").read_text(errors="replace") for n in range(1, run + 1))
    finally:
        processes.stop_all()
        akismet.stop()

    checks_sent = Counter(request.get("comment_content") for request in akismet.requests_to("comment-check"))
    pings_sent = Counter(other.registered)
    expected_links = args.articles * args.links
    problems = []
    if len(kills) < 2:
        problems.append("the worker was not killed in the middle of both kinds of job (see --peer-delay)")
    if result["awaiting_check"]:
        problems.append(f"{result['awaiting_check']} comment(s) stuck awaiting their check")
    if result["checked_once"] != result["comments"]:
        problems.append("not every comment has exactly one Akismet verdict in its history")
    if result["link_states"] != {"done": expected_links}:
        problems.append(f"links not all notified: {result['link_states']}")
    if len(pings_sent) != expected_links:
        problems.append(f"the other blog registered {len(pings_sent)} of {expected_links} pingbacks")
    if result["running_jobs"]:
        problems.append(f"{result['running_jobs']} job(s) left marked running")

    print()
    print(f"worker kill check — {'PostgreSQL' if args.database_url else 'SQLite'}, "
          f"peers answering after {args.peer_delay:g} s")
    print(f"  killed mid-job ({len(kills)}):            {', '.join(kills) or 'never'}")
    print(f"  reclaimed by the restarted worker:  {log.count('put back in the queue')} run(s) reclaimed jobs")
    print(f"  comments:                           {result['comments']}, awaiting check {result['awaiting_check']}, "
          f"verdicts {result['verdicts']}")
    print(f"  one Akismet verdict in history:     {result['checked_once']} of {result['comments']}")
    print(f"  comment-check calls to Akismet:     {sum(checks_sent.values())} "
          f"({sum(1 for n in checks_sent.values() if n > 1)} comment(s) asked twice: the one interrupted)")
    print(f"  links notified:                     {result['link_states']} of {expected_links}, "
          f"attempts per link {result['link_attempts']}")
    print(f"  pingbacks the other blog received:  {sum(pings_sent.values())} for {len(pings_sent)} links; "
          f"registered once each: {len(pings_sent)}; re-sent and refused as duplicates (fault 48): "
          f"{sum(n - 1 for n in pings_sent.values())}")
    print(f"  jobs:                               {result['jobs']}")
    print("  RESULT: every job completed exactly once in effect" if not problems
          else "  RESULT: FAILED — " + "; ".join(problems))
    if args.keep:
        print(f"  logs and database in {workdir}")
    else:
        import shutil

        shutil.rmtree(workdir, ignore_errors=True)
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
