"""nginx in front of the benchmarked site, configured as deploy/nginx configures
production: the page cache's maps and location (deploy/nginx/bluedomes-page-cache*.conf)
and the proxy settings, included as they are, with the server settings of the
WordPress harness (../shared/bench/wordpress/conf/nginx.conf.in: sendfile,
keep-alive, no access log), so "nginx serving a file" means the same stack
for both. Loopback only; the process is one of servers.Processes."""

import os
import shutil
import subprocess
from pathlib import Path

from bench import servers

DEPLOY = servers.ROOT / "deploy" / "nginx"
SNIPPETS = ("bluedomes-page-cache-maps.conf", "bluedomes-page-cache.conf", "bluedomes-proxy.conf")
STATIC_PAGE = "/__static/article.html"

CONFIG = """\
worker_processes auto;
pid {run}/nginx.pid;
error_log {run}/nginx-error.log warn;
daemon off;
{user}
events {{ worker_connections 1024; }}

http {{
    include /etc/nginx/mime.types;
    default_type application/octet-stream;
    sendfile on;
    tcp_nopush on;
    keepalive_timeout 65;
    keepalive_requests 100000;
    access_log off;
    server_tokens off;
    client_body_temp_path {run}/tmp-body;
    proxy_temp_path {run}/tmp-proxy;
    fastcgi_temp_path {run}/tmp-fastcgi;
    uwsgi_temp_path {run}/tmp-uwsgi;
    scgi_temp_path {run}/tmp-scgi;

    include {run}/bluedomes-page-cache-maps.conf;

    upstream bluedomes_web {{
        server 127.0.0.1:{app_port};
        keepalive 32;
    }}

    server {{
        listen 127.0.0.1:{port};
        server_name 127.0.0.1;

        # The ceiling: the article's cached page saved as a plain file.
        location = {static_page} {{
            alias {run}/article.html;
        }}

        set $bluedomes_page_root {cache_dir};
        include {run}/bluedomes-page-cache.conf;
    }}
}}
"""


def binary():
    return shutil.which("nginx") or ("/usr/sbin/nginx" if Path("/usr/sbin/nginx").exists() else None)


def start(processes, *, port, app_port, cache_dir, workdir):
    """nginx on ``port`` in front of gunicorn on ``app_port``; returns its folder."""
    run = Path(workdir) / "nginx"
    config = configure(run, port=port, app_port=app_port, cache_dir=cache_dir)
    processes.start("nginx", [binary(), "-c", str(config)], {})
    return run


def configure(run, *, port, app_port, cache_dir):
    """Write the configuration into the folder ``run``; returns its path."""
    run.mkdir(exist_ok=True)
    for name in SNIPPETS:
        text = (DEPLOY / name).read_text().replace("/etc/nginx/snippets/", f"{run}/")
        (run / name).write_text(text)
    # nginx's workers run as nobody unless told otherwise; as root they may
    # stay root, which reads the site's files without loosening any folder.
    user = "user root;" if _is_root() else ""
    (run / "nginx.conf").write_text(CONFIG.format(
        run=run, port=port, app_port=app_port, cache_dir=cache_dir, static_page=STATIC_PAGE, user=user,
    ))
    test = subprocess.run([binary(), "-t", "-c", str(run / "nginx.conf")], capture_output=True, text=True)
    if test.returncode != 0:
        raise SystemExit(f"nginx refused the benchmark's configuration:\n{test.stderr}")
    return run / "nginx.conf"


def save_static_copy(run, content):
    (run / "article.html").write_bytes(content)


def _is_root():
    return os.geteuid() == 0
