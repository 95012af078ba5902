"""How long importing a big WordPress export takes, and how much memory.

    .venv/bin/python bench/import_wordpress.py [--posts 5000] [--comments 50000] [--export FILE]
                                              [--database-url URL] [--tracemalloc] [--keep]

Generates a synthetic export with bench/gen_wxr.py (unless --export names
one), migrates a fresh database (a temporary SQLite file by default), then
times the import as ``manage.py import_wordpress`` runs it, once from empty
and once more with the same file (the idempotent re-run). Prints the size
of the file, seconds per stage, posts/s and comments/s, and the process's
peak memory (resident set size from getrusage; --tracemalloc adds the peak
of Python allocations during the import, at the cost of a slower run)."""

import argparse
import os
import resource
import secrets
import shutil
import sys
import tempfile
import time
import tracemalloc
from pathlib import Path

if __package__ in (None, ""):
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.gen_wxr import generate


def peak_rss_mb():
    # Linux reports ru_maxrss in kilobytes.
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


class StageClock:
    """Seconds spent in each stage the importer reports."""

    def __init__(self):
        self.started = {}
        self.order = []

    def __call__(self, stage, done, total):
        if stage not in self.started:
            self.started[stage] = time.perf_counter()
            self.order.append(stage)

    def durations(self, end):
        marks = [self.started[stage] for stage in self.order] + [end]
        return {stage: marks[i + 1] - marks[i] for i, stage in enumerate(self.order)}


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--posts", type=int, default=5000)
    parser.add_argument("--comments", type=int, default=50000)
    parser.add_argument("--export", type=Path, help="import this file instead of generating one")
    parser.add_argument("--database-url", default="", help="default: a new SQLite file in a temporary folder")
    parser.add_argument("--tracemalloc", action="store_true", help="also measure peak Python allocations")
    parser.add_argument("--keep", action="store_true", help="keep the temporary folder (export, database, media)")
    args = parser.parse_args(argv)

    workdir = Path(tempfile.mkdtemp(prefix="bluedomes-import-bench-"))
    export = args.export
    if export is None:
        export = workdir / "export.xml"
        started = time.perf_counter()
        generate(export, args.posts, args.comments)
        print(f"generated {export} in {time.perf_counter() - started:.1f} s")

    os.environ.setdefault("SECRET_KEY", secrets.token_urlsafe(50))
    os.environ["DATABASE_URL"] = args.database_url or f"sqlite:///{workdir / 'bench.sqlite3'}"
    os.environ["MEDIA_ROOT"] = str(workdir / "media")
    os.environ["DJANGO_SETTINGS_MODULE"] = "bluedomes.settings"
    os.environ.setdefault("LOG_LEVEL", "WARNING")
    import django

    django.setup()
    from django.core.management import call_command

    from articles.models import Article
    from comments.models import Comment
    from wordpress.importer import WordPressImporter

    call_command("migrate", verbosity=0)
    rss_before = peak_rss_mb()

    clock = StageClock()
    if args.tracemalloc:
        tracemalloc.start()
    started = time.perf_counter()
    report = WordPressImporter(str(export), progress=clock).run()
    ended = time.perf_counter()
    python_peak = tracemalloc.get_traced_memory()[1] / 1e6 if args.tracemalloc else None
    if args.tracemalloc:
        tracemalloc.stop()
    total = ended - started
    rss_after = peak_rss_mb()

    rerun_started = time.perf_counter()
    rerun = WordPressImporter(str(export)).run()
    rerun_total = time.perf_counter() - rerun_started

    articles, comments = report["articles"], report["comments"]
    stages = clock.durations(ended)
    print()
    print(f"export            {export.stat().st_size / 1e6:.1f} MB, {articles.created} articles and "
          f"{comments.created} comments imported ({Article.objects.count()} / {Comment.objects.count()} rows)")
    print(f"database          {django.db.connection.vendor}")
    for stage, seconds in stages.items():
        print(f"  {stage:<15} {seconds:8.1f} s")
    print(f"total             {total:8.1f} s")
    print(f"posts/s           {articles.created / total:8.0f}")
    print(f"comments/s        {comments.created / total:8.0f}")
    print(f"peak RSS          {rss_after:8.0f} MB (after migrate, before the import: {rss_before:.0f} MB)")
    if python_peak is not None:
        print(f"peak Python heap  {python_peak:8.1f} MB during the import (tracemalloc)")
    print(f"re-run            {rerun_total:8.1f} s: {rerun['articles'].unchanged} articles and "
          f"{rerun['comments'].unchanged} comments unchanged, "
          f"{rerun['articles'].created + rerun['comments'].created} created")
    django.db.connections.close_all()
    if args.keep:
        print(f"work folder       {workdir}")
    else:
        shutil.rmtree(workdir)


if __name__ == "__main__":
    main()
