"""How many gunicorn processes a web server runs when the site does not say
(WEB_CONCURRENCY): read by deploy/gunicorn.conf.py and by the benchmark."""


def default_web_workers(cores, database_url):
    """Sync workers for a machine of ``cores``.

    With a database server, gunicorn's own advice, 2 × cores + 1: while one
    worker waits on the server, another has the CPU. With SQLite (the default
    when ``database_url`` is empty) nothing waits: a page is its worker's own
    CPU, and writers queue at SQLite's one write lock, where more workers
    than cores only take the CPU from the one holding it. On two cores, cores
    + 1 served more of every page and of comment POSTs than 2 × cores + 1."""
    if not database_url or database_url.startswith("sqlite"):
        return cores + 1
    return 2 * cores + 1
