#!/usr/bin/env bash
# Tries the production layout on one machine: one PostgreSQL and one Redis,
# TWO gunicorn web servers on two ports and one background worker, all on
# loopback, each started the way deploy/systemd starts it. It prints the two
# URLs and an admin login, then waits; Ctrl-C (or exit) stops everything and
# removes the temporary cluster.
#
#   deploy/try-two-servers.sh            # start, print URLs, wait for Ctrl-C
#   deploy/try-two-servers.sh --check    # start, run deploy/check_two_servers.py, stop
#   TASKS_BACKEND=database deploy/try-two-servers.sh   # jobs in PostgreSQL instead of Redis
#
# Needs: PostgreSQL server binaries (Debian: postgresql), redis-server, the
# project's .venv (bin/setup-venv). Run as root, PostgreSQL runs as the
# "postgres" user (runuser); as another user, it runs as that user.
# When nginx and openssl are installed, deploy/nginx/bluedomes.conf also runs
# in front of both servers (HTTPS with a throwaway self-signed certificate).
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT=$(pwd)
PY=$ROOT/.venv/bin/python
CHECK=0
[ "${1:-}" = "--check" ] && CHECK=1

PGBIN=${PGBIN:-$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1)}
REDIS_SERVER=${REDIS_SERVER:-$(command -v redis-server || echo /usr/bin/redis-server)}
[ -x "$PGBIN/initdb" ] || { echo "PostgreSQL server binaries not found (apt-get install postgresql)" >&2; exit 1; }
[ -x "$REDIS_SERVER" ] || { echo "redis-server not found (apt-get install redis-server)" >&2; exit 1; }
[ -x "$PY" ] || bin/setup-venv

free_port() { "$PY" -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'; }
PG_PORT=$(free_port); REDIS_PORT=$(free_port); PORT_A=$(free_port); PORT_B=$(free_port)
NGINX_HTTP=$(free_port); NGINX_HTTPS=$(free_port)
NGINX=$(command -v nginx || true)
[ -x /usr/sbin/nginx ] && NGINX=/usr/sbin/nginx
command -v openssl >/dev/null || NGINX=

WORK=$(mktemp -d /tmp/bluedomes-two-servers-XXXXXX)
chmod 755 "$WORK"
mkdir -p "$WORK/pg" "$WORK/log"
if [ "$(id -u)" = 0 ]; then
  chown postgres: "$WORK/pg"
  as_pg() { runuser -u postgres -- "$@"; }
else
  as_pg() { "$@"; }
fi

pids=()
cleanup() {
  trap - EXIT INT TERM
  echo
  echo "stopping …"
  # Last started, first stopped: the worker and web servers before Redis.
  for ((i = ${#pids[@]} - 1; i >= 0; i--)); do
    kill -TERM "${pids[i]}" 2>/dev/null || true
    wait "${pids[i]}" 2>/dev/null || true
  done
  as_pg "$PGBIN/pg_ctl" -D "$WORK/pg/data" -m fast -w stop >/dev/null 2>&1 || true
  if [ "${KEEP:-0}" = 1 ]; then echo "logs kept in $WORK/log"; else rm -rf "$WORK"; fi
}
trap cleanup EXIT
trap 'exit 130' INT TERM

echo "PostgreSQL on 127.0.0.1:$PG_PORT …"
as_pg "$PGBIN/initdb" -D "$WORK/pg/data" -U bluedomes --auth=trust -E UTF8 >"$WORK/log/initdb.log"
as_pg "$PGBIN/pg_ctl" -D "$WORK/pg/data" -w -l "$WORK/pg/postgres.log" \
  -o "-p $PG_PORT -c listen_addresses=127.0.0.1 -k $WORK/pg" start >/dev/null
as_pg "$PGBIN/createdb" -h 127.0.0.1 -p "$PG_PORT" -U bluedomes bluedomes

echo "Redis on 127.0.0.1:$REDIS_PORT …"
"$REDIS_SERVER" --bind 127.0.0.1 --port "$REDIS_PORT" --save '' --appendonly no >"$WORK/log/redis.log" 2>&1 &
pids+=($!)

# The site's environment, as /etc/bluedomes/env would hold it; plain HTTP on
# loopback, so no HTTPS redirect and no secure-only cookies.
set -a
SECRET_KEY=$("$PY" -c 'import secrets; print(secrets.token_urlsafe(50))')
DEBUG=0
ALLOWED_HOSTS=127.0.0.1,localhost
SITE_URL=http://127.0.0.1:$PORT_A
CSRF_TRUSTED_ORIGINS=http://127.0.0.1:$PORT_A,http://127.0.0.1:$PORT_B,https://127.0.0.1:$NGINX_HTTPS
BEHIND_TLS_PROXY=1
DATABASE_URL=postgres://bluedomes@127.0.0.1:$PG_PORT/bluedomes
REDIS_URL=redis://127.0.0.1:$REDIS_PORT/0
TASKS_BACKEND=${TASKS_BACKEND:-rq}
TASKS_REDIS_URL=redis://127.0.0.1:$REDIS_PORT/1
STATIC_ROOT=$WORK/static
MEDIA_ROOT=$WORK/media
BLUEDOMES_PAGE_CACHE_DIR=$WORK/page-cache
SECURE_SSL_REDIRECT=0
SESSION_COOKIE_SECURE=0
CSRF_COOKIE_SECURE=0
SECURE_HSTS_SECONDS=0
BLUEDOMES_CLIENT_IP_HEADER=X-Forwarded-For
LOG_FORMAT=json
ADMIN_USERNAME=admin
ADMIN_PASSWORD=${ADMIN_PASSWORD:-$("$PY" -c 'import secrets; print(secrets.token_urlsafe(12))')}
ADMIN_PASSWORD_FILE=$WORK/admin-password
WEB_CONCURRENCY=${WEB_CONCURRENCY:-2}
set +a

echo "migrating, collecting static files, loading the demo content …"
"$PY" manage.py migrate --no-input >"$WORK/log/migrate.log"
"$PY" manage.py collectstatic --no-input >"$WORK/log/collectstatic.log"
"$PY" manage.py load_demo >"$WORK/log/load_demo.log"
login=$("$PY" manage.py ensure_admin)

for port in "$PORT_A" "$PORT_B"; do
  "$PY" -m gunicorn --config deploy/gunicorn.conf.py --bind "127.0.0.1:$port" \
    >"$WORK/log/web-$port.access.log" 2>"$WORK/log/web-$port.log" &
  pids+=($!)
done
deploy/worker.sh "try-worker-1" >"$WORK/log/worker.log" 2>&1 &
pids+=($!)

balancer=""
if [ -n "$NGINX" ]; then
  # The real deploy/nginx files, with this trial's ports and folders.
  mkdir -p "$WORK/nginx/tmp"
  chmod 777 "$WORK/nginx/tmp"
  openssl req -x509 -newkey rsa:2048 -nodes -days 1 -subj /CN=127.0.0.1 \
    -keyout "$WORK/nginx/key.pem" -out "$WORK/nginx/cert.pem" 2>/dev/null
  for snippet in bluedomes-proxy.conf bluedomes-page-cache-maps.conf bluedomes-page-cache.conf; do
    sed "s#/etc/nginx/snippets/#$WORK/nginx/#" "deploy/nginx/$snippet" >"$WORK/nginx/$snippet"
  done
  sed -e "s#server 127.0.0.1:8001#server 127.0.0.1:$PORT_A#; s#server 127.0.0.1:8002#server 127.0.0.1:$PORT_B#" \
      -e "s#listen 80;#listen 127.0.0.1:$NGINX_HTTP;#; s#listen 443 ssl http2;#listen 127.0.0.1:$NGINX_HTTPS ssl http2;#" \
      -e "/listen \[::\]/d" \
      -e "s#/etc/letsencrypt/live/blog.example.org/fullchain.pem#$WORK/nginx/cert.pem#" \
      -e "s#/etc/letsencrypt/live/blog.example.org/privkey.pem#$WORK/nginx/key.pem#" \
      -e "s#/srv/bluedomes/staticfiles/#$STATIC_ROOT/#; s#/srv/bluedomes/media/#$MEDIA_ROOT/#" \
      -e "s#/srv/bluedomes/var/page-cache#$BLUEDOMES_PAGE_CACHE_DIR#" \
      -e "s#/etc/nginx/snippets/#$WORK/nginx/#" \
      deploy/nginx/bluedomes.conf >"$WORK/nginx/site.conf"
  cat >"$WORK/nginx/nginx.conf" <<EOF
pid $WORK/nginx/nginx.pid;
error_log $WORK/log/nginx-error.log;
events {}
http {
  include /etc/nginx/mime.types;
  access_log $WORK/log/nginx-access.log;
  client_body_temp_path $WORK/nginx/tmp; proxy_temp_path $WORK/nginx/tmp;
  fastcgi_temp_path $WORK/nginx/tmp; uwsgi_temp_path $WORK/nginx/tmp; scgi_temp_path $WORK/nginx/tmp;
  include $WORK/nginx/site.conf;
}
EOF
  "$NGINX" -c "$WORK/nginx/nginx.conf" -p "$WORK/nginx" -g 'daemon off;' 2>"$WORK/log/nginx-start.log" &
  pids+=($!)
  balancer=https://127.0.0.1:$NGINX_HTTPS
fi

for port in "$PORT_A" "$PORT_B"; do
  for _ in $(seq 1 100); do
    curl -fsS "http://127.0.0.1:$port/healthz" >/dev/null 2>&1 && break
    sleep 0.2
  done
  echo "  web server http://127.0.0.1:$port/  healthz: $(curl -sS "http://127.0.0.1:$port/healthz")"
done
if [ -n "$balancer" ]; then
  for _ in $(seq 1 50); do curl -fksS "$balancer/healthz" >/dev/null 2>&1 && break; sleep 0.2; done
  echo "  nginx      $balancer/  healthz: $(curl -ksS "$balancer/healthz")"
fi

cat <<EOF

  Two web servers, one worker ($TASKS_BACKEND queue), one PostgreSQL, one Redis:
    server A  http://127.0.0.1:$PORT_A/
    server B  http://127.0.0.1:$PORT_B/
    admin     http://127.0.0.1:$PORT_B/admin/   $login
    nginx     ${balancer:-"(not installed: apt-get install nginx-light)"}/  (both servers behind it; self-signed certificate)
  Sessions live in Redis: log in on one, you are logged in on the other.
  Logs (JSON): $WORK/log/

EOF

if [ "$CHECK" = 1 ]; then
  # The check moderates as a member of Moderators: the administrator must
  # first enrol a second factor (BLUEDOMES_REQUIRE_2FA), as in production.
  MODERATOR_PASSWORD=$("$PY" -c 'import secrets; print(secrets.token_urlsafe(12))')
  MODERATOR_PASSWORD=$MODERATOR_PASSWORD "$PY" manage.py shell -c '
import os
from django.contrib.auth.models import Group, User
from bluedomes.roles import MODERATORS
user = User.objects.create_user("trial-moderator", password=os.environ["MODERATOR_PASSWORD"], is_staff=True)
user.groups.add(Group.objects.get(name=MODERATORS))'
  "$PY" deploy/check_two_servers.py "http://127.0.0.1:$PORT_A" "http://127.0.0.1:$PORT_B" \
    --username trial-moderator --password "$MODERATOR_PASSWORD" ${balancer:+--balancer "$balancer"}
else
  echo "Ctrl-C stops everything."
  while :; do sleep 3600 & wait $!; done
fi
