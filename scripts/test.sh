#!/usr/bin/env bash
# Set up and run the whole test suite: lint, SQLite pass (with browser tests), PostgreSQL pass.
source "$(dirname "$0")/_common.sh"
install_debian fonts-noto-cjk postgresql chromium poppler-utils redis-server
# WebKit (Safari's and iOS WeChat's engine) for tests/browser/webkit: WebKitWebDriver and
# MiniBrowser (libwebkit2gtk-4.1-0), on an Xvfb display since MiniBrowser has no headless mode
install_debian webkit2gtk-driver xvfb
# the browser tests fetch axe-core (accessibility checks) from the npm registry with npm
command -v npm >/dev/null || install_debian npm
setup_venv test
"$VENV/bin/ruff" check .

PGBIN="$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -1)"
PGDIR="$(mktemp -d /tmp/survey-pg.XXXXXX)"
PGPORT="${SURVEY_APP_TEST_PGPORT:-55432}"
as_pg() { if [ "$(id -u)" = 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi; }
stop_pg() { as_pg "$PGBIN/pg_ctl" -D "$PGDIR/data" -m immediate stop >/dev/null 2>&1 || true; rm -rf "$PGDIR"; }
# a private Redis for the job-queue and rate-limit tests (no persistence, its own port)
REDISDIR="$(mktemp -d /tmp/survey-redis.XXXXXX)"
REDISPORT="${SURVEY_APP_TEST_REDISPORT:-56379}"
stop_redis() { [ -f "$REDISDIR/redis.pid" ] && kill "$(cat "$REDISDIR/redis.pid")" 2>/dev/null || true; rm -rf "$REDISDIR"; }
stop_all() { stop_pg; stop_redis; }
trap stop_all EXIT
redis-server --port "$REDISPORT" --bind 127.0.0.1 --save '' --appendonly no --daemonize yes \
  --dir "$REDISDIR" --pidfile "$REDISDIR/redis.pid" --logfile "$REDISDIR/log"
for _ in $(seq 50); do redis-cli -p "$REDISPORT" ping >/dev/null 2>&1 && break; sleep 0.1; done
export SURVEY_APP_TEST_REDIS_URL="redis://127.0.0.1:$REDISPORT/0"
[ "$(id -u)" = 0 ] && chown postgres "$PGDIR"
as_pg "$PGBIN/initdb" -D "$PGDIR/data" -U postgres --auth=trust -E UTF8 --locale=C.UTF-8 >/dev/null
as_pg "$PGBIN/pg_ctl" -D "$PGDIR/data" -l "$PGDIR/log" -w \
  -o "-p $PGPORT -k $PGDIR -c listen_addresses=127.0.0.1 -c fsync=off -c full_page_writes=off -c synchronous_commit=off -c max_connections=300" start >/dev/null
as_pg "$PGBIN/createdb" -h 127.0.0.1 -p "$PGPORT" -U postgres survey_test
export SURVEY_APP_TEST_PG_ADMIN_URL="postgresql://postgres@127.0.0.1:$PGPORT/postgres"
PG_URL="postgresql://postgres@127.0.0.1:$PGPORT/survey_test"

# Both passes always run; the script fails if either does.
echo "== PostgreSQL: database tests"
SURVEY_APP_TEST_DATABASE_URL="$PG_URL" "$VENV/bin/pytest" tests/functional "$@" && pg=0 || pg=$?
echo "== SQLite: all tests (unit, functional, browser)"
"$VENV/bin/pytest" "$@" && lite=0 || lite=$?
echo "PostgreSQL pass exit $pg, SQLite pass exit $lite"
[ "$pg" = 0 ] && [ "$lite" = 0 ]
