#!/bin/sh
# The `temporal-schema` job of docker-compose.yml, run in the temporalio/admin-tools image: creates
# Temporal's two PostgreSQL databases and brings both schemas to the versions this image's Temporal
# release ships. Every step is idempotent (an existing database is kept, setup-schema leaves a schema
# that is past 0.0 alone, update-schema applies only versions not yet applied), so the job runs on
# every `docker compose up` and is also the upgrade step when the Temporal images are bumped.
set -eu

# temporal-sql-tool reads the password from SQL_PASSWORD itself: it never appears in a command line.
: "${POSTGRES_SEEDS:?}" "${POSTGRES_USER:?}" "${SQL_PASSWORD:?}"
DB_PORT="${DB_PORT:-5432}"
# The schema files that ship with the image, matching its server version.
SCHEMA_DIR="${SCHEMA_DIR:-/etc/temporal/schema/postgresql/v12}"

sql_tool() {
  temporal-sql-tool --plugin postgres12 --endpoint "$POSTGRES_SEEDS" --port "$DB_PORT" \
    --user "$POSTGRES_USER" "$@"
}

# set_up DATABASE SCHEMA: SCHEMA is `temporal` (the server's state) or `visibility` (the index
# behind list filters and search attributes).
set_up() {
  echo "database $1: create if missing, then apply the $2 schema up to this release's version"
  sql_tool --database "$1" create
  sql_tool --database "$1" setup-schema -v 0.0
  sql_tool --database "$1" update-schema -d "$SCHEMA_DIR/$2/versioned"
}

set_up temporal temporal
set_up temporal_visibility visibility
echo 'Temporal schemas are up to date'
