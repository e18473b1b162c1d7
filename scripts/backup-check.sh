#!/usr/bin/env bash
# Back up DATABASE_URL, restore it into a scratch database next to it, verify, drop the scratch
# database. For CI (.ci/run) and as a scheduled restore test in production (docs/operations.md).
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
url="${DATABASE_URL:?DATABASE_URL is not set}"
work="$(mktemp -d)"
scratch="bwmo_restore_check_$$"
scratch_url="${url%/*}/$scratch"
admin_url="${url%/*}/postgres"
cleanup() {
  psql -X -q "$admin_url" -c "DROP DATABASE IF EXISTS $scratch" >/dev/null 2>&1 || true
  rm -rf "$work"
}
trap cleanup EXIT

dump="$("$here/backup.sh" "$work")"
psql -X -q -v ON_ERROR_STOP=1 "$admin_url" -c "CREATE DATABASE $scratch"
"$here/restore.sh" "$dump" "$scratch_url"
