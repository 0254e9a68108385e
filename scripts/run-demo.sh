#!/usr/bin/env bash
# Set up everything, migrate the embedded SQLite database, load demo data and serve the app.
source "$(dirname "$0")/_common.sh"
install_debian fonts-noto-cjk
setup_venv dev
export FLASK_APP=survey_app
"$VENV/bin/flask" db upgrade
"$VENV/bin/flask" seed-demo
HOST="${HOST:-127.0.0.1}"; PORT="${PORT:-5000}"
# the job worker (PDF reports, periodic escalation) on the embedded SQLite queue beside the
# database; it stops with the script
"$VENV/bin/flask" jobs worker &
WORKER=$!
trap 'kill "$WORKER" 2>/dev/null || true' EXIT
echo
echo "Survey app running at http://$HOST:$PORT/  (Ctrl-C stops it)"
"$VENV/bin/python" -m gunicorn -c python:survey_app.serving --workers 2 --bind "$HOST:$PORT" \
    --access-logfile - "survey_app:create_app()"
