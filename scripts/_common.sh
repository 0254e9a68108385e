# Shared set-up steps for scripts/run-demo.sh and scripts/test.sh (sourced, not run).
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"
VENV="${SURVEY_APP_VENV:-$ROOT/.venv}"
PY="$VENV/bin/python"

need_python() {
  local py
  for py in python3.13 python3.12 python3.11 python3; do
    if command -v "$py" >/dev/null && "$py" -c 'import sys; sys.exit(sys.version_info < (3, 11))'; then
      PYTHON_BIN="$(command -v "$py")"; return 0
    fi
  done
  echo "Python 3.11 or newer is required: apt-get install python3 python3-venv" >&2; exit 1
}

# install_debian PKG...: install missing Debian packages when root, else say what to install.
install_debian() {
  local missing=() pkg
  for pkg in "$@"; do
    dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q "install ok installed" || missing+=("$pkg")
  done
  [ ${#missing[@]} -eq 0 ] && return 0
  if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null; then
    echo "Installing Debian packages: ${missing[*]}"
    export DEBIAN_FRONTEND=noninteractive
    apt-get update -qq >/dev/null
    apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
  else
    echo "Please install these Debian packages first: sudo apt-get install ${missing[*]}" >&2
    exit 1
  fi
}

setup_venv() {
  local extras="$1"
  need_python
  [ -x "$PY" ] || "$PYTHON_BIN" -m venv "$VENV"
  "$PY" -m pip install -q --disable-pip-version-check --upgrade pip >/dev/null
  "$PY" -m pip install -q --disable-pip-version-check -e ".[$extras]"
  "$VENV/bin/flask" --app survey_app translate compile >/dev/null
}
