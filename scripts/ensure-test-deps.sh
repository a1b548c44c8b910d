#!/usr/bin/env bash
# Installs what the test suite needs and a fresh machine of this kind may lack:
# Debian's Chromium for Playwright, and a running Postgres on 127.0.0.1:5432.
set -euo pipefail

as_root() { if [ "$(id -u)" -eq 0 ]; then "$@"; else sudo "$@"; fi; }

if [ ! -x "${CHROMIUM_PATH:-/usr/bin/chromium}" ]; then
  echo "Installing Debian's Chromium for the browser tests"
  as_root apt-get update -qq
  as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null
fi

postgres_answers() { pg_isready -h 127.0.0.1 -p 5432 -q 2>/dev/null; }

if ! postgres_answers; then
  if ! command -v pg_ctlcluster >/dev/null; then
    echo "Installing PostgreSQL"
    as_root apt-get update -qq
    as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq postgresql >/dev/null
  fi
  echo "Starting PostgreSQL"
  for version in /etc/postgresql/*; do
    as_root pg_ctlcluster --skip-systemctl-redirect "$(basename "$version")" main start || true
  done
  for _ in $(seq 1 30); do postgres_answers && break; sleep 1; done
fi

if ! psql -h 127.0.0.1 -U postgres -d postgres -tAc "SELECT 1" >/dev/null 2>&1; then
  echo "PostgreSQL on 127.0.0.1:5432 does not accept user postgres without a password;" >&2
  echo "set TEST_POSTGRES_URL to an admin connection string that can create databases." >&2
  [ -n "${TEST_POSTGRES_URL:-}" ] || exit 1
fi
