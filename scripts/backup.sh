#!/usr/bin/env bash
# Back up the PostgreSQL database of bwmo: one pg_dump (custom format) plus the row count of every
# table, both taken in the same snapshot, so a restore can be verified exactly (scripts/restore.sh).
#
#   DATABASE_URL=postgres://user:pw@host:5432/bwmo scripts/backup.sh /backups
#
# Writes /backups/bwmo-<UTC time>.dump, .counts (table<TAB>rows) and .sha256; prints the dump path.
set -euo pipefail

out_dir="${1:?usage: DATABASE_URL=postgres://... scripts/backup.sh OUTPUT_DIRECTORY}"
url="${DATABASE_URL:?DATABASE_URL is not set}"
mkdir -p "$out_dir"
stamp="$(date -u +%Y%m%dT%H%M%SZ)"
base="$out_dir/bwmo-$stamp"
umask 077  # a dump holds special-category personal data

# One session holds a REPEATABLE READ snapshot: the counts are read in it and pg_dump uses it.
coproc PSQL { psql -X -q -A -t -v ON_ERROR_STOP=1 "$url"; }
trap 'kill "${PSQL_PID:-}" 2>/dev/null || true' EXIT
ask() {  # send SQL, read lines until the sentinel
  printf '%s\nSELECT %s;\n' "$1" "'__end__'" >&"${PSQL[1]}"
  local line
  while IFS= read -r line <&"${PSQL[0]}"; do
    [[ "$line" == "__end__" ]] && return 0
    printf '%s\n' "$line"
  done
  echo "backup: psql stopped unexpectedly" >&2
  return 1
}
snapshot="$(ask "BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY; SELECT pg_export_snapshot();")"
ask "SELECT table_name || chr(9) || (xpath('/row/c/text()', query_to_xml(
       format('SELECT count(*) AS c FROM %I.%I', table_schema, table_name), false, true, '')))[1]::text
     FROM information_schema.tables
     WHERE table_schema = 'public' AND table_type = 'BASE TABLE' ORDER BY table_name;" > "$base.counts"

pg_dump --format=custom --no-owner --no-privileges --snapshot="$snapshot" --file="$base.dump" "$url"
ask "COMMIT;" >/dev/null
printf '\\q\n' >&"${PSQL[1]}"

(cd "$out_dir" && sha256sum "bwmo-$stamp.dump" "bwmo-$stamp.counts" > "bwmo-$stamp.sha256")
echo "backup: $(wc -l < "$base.counts") tables, $(awk -F'\t' '{s+=$2} END {print s}' "$base.counts") rows" >&2
echo "$base.dump"
