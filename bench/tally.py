"""Counts the comments a load run stored, by status, straight from the
database: ``python -m bench.tally MARKER`` prints JSON. Every text a load
script posts carries its run's MARKER, so nothing else is counted."""

import json
import sys


def tally(marker):
    from django.db.models import Count

    from comments.models import Comment

    mine = Comment.objects.filter(comment__contains=marker)
    # order_by(): the model's default ordering would split the groups.
    by_status = dict(mine.order_by().values_list("status").annotate(n=Count("pk")).values_list("status", "n"))
    return {
        **{status: by_status.get(status, 0) for status in Comment.Status.values},
        "stored": sum(by_status.values()),
        "awaiting_check": mine.filter(awaiting_check=True).count(),
    }


if __name__ == "__main__":
    import django

    django.setup()
    print(json.dumps(tally(sys.argv[1])))
