#!/usr/bin/env bash
# Restore a backup of scripts/backup.sh into an empty database and verify it:
# checksums, the row count of every table, and (when the command exists) the access log's hash chain
# with `bwmo verify-access-log`. Exits non-zero on any difference.
#
#   scripts/restore.sh /backups/bwmo-20261202T031500Z.dump postgres://user:pw@host:5432/bwmo_restore
#   scripts/restore.sh --verify-only DUMP TARGET_URL   # only compare TARGET with the backup
set -euo pipefail

verify_only=no
if [[ "${1:-}" == "--verify-only" ]]; then verify_only=yes; shift; fi
dump="${1:?usage: scripts/restore.sh [--verify-only] DUMP TARGET_DATABASE_URL}"
target="${2:?usage: scripts/restore.sh [--verify-only] DUMP TARGET_DATABASE_URL}"
base="${dump%.dump}"
counts="$base.counts"
here="$(cd "$(dirname "$0")/.." && pwd)"

[[ -f "$dump" && -f "$counts" ]] || { echo "restore: $dump or $counts is missing" >&2; exit 2; }
if [[ -f "$base.sha256" ]]; then
  (cd "$(dirname "$dump")" && sha256sum --quiet --check "$(basename "$base").sha256") \
    || { echo "restore: checksum mismatch: the backup files were changed" >&2; exit 1; }
fi

if [[ "$verify_only" == no ]]; then
  existing="$(psql -X -A -t -v ON_ERROR_STOP=1 "$target" -c \
    "SELECT count(*) FROM information_schema.tables WHERE table_schema = 'public'")"
  [[ "$existing" == "0" ]] || { echo "restore: the target database is not empty" >&2; exit 2; }
  pg_restore --exit-on-error --no-owner --no-privileges --dbname="$target" "$dump"
fi

actual="$(mktemp)"
trap 'rm -f "$actual"' EXIT
psql -X -q -A -t -v ON_ERROR_STOP=1 "$target" -c "
  SELECT table_name || chr(9) || (xpath('/row/c/text()', query_to_xml(
    format('SELECT count(*) AS c FROM %I.%I', table_schema, table_name), false, true, '')))[1]::text
  FROM information_schema.tables
  WHERE table_schema = 'public' AND table_type = 'BASE TABLE' ORDER BY table_name;" > "$actual"
if ! diff -u --label backup --label restored "$counts" "$actual" >&2; then
  echo "restore: row counts differ from the backup (lines above: table<TAB>rows)" >&2
  exit 1
fi
echo "restore: row counts match in $(wc -l < "$counts") tables" >&2

bwmo="${BWMO:-$here/.venv/bin/bwmo}"
[[ -x "$bwmo" ]] || bwmo="$(command -v bwmo || true)"
if [[ -n "$bwmo" ]] && DATABASE_URL="$target" "$bwmo" help verify-access-log >/dev/null 2>&1; then
  DATABASE_URL="$target" "$bwmo" verify-access-log \
    || { echo "restore: the access log's hash chain does not verify" >&2; exit 1; }
else
  echo "restore: 'bwmo verify-access-log' is not available: hash chain not checked" >&2
fi
echo "restore: OK"
