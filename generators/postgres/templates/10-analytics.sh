#!/usr/bin/env bash
# Creates the analytics database and its owner, apart from Airflow's metadata database.
# The postgres image runs this once, when the data volume is empty. Names come from the
# container's environment; the password from the secret file ANALYTICS_DB_PASSWORD_FILE names
# (mounted from .env under /run/secrets), so it is in no file of the project and not in the
# container's configuration (docker inspect); only this script and its psql see it.
set -euo pipefail

if [ -n "${ANALYTICS_DB_PASSWORD_FILE:-}" ]; then
  ANALYTICS_DB_PASSWORD="$(<"$ANALYTICS_DB_PASSWORD_FILE")"
fi
if [ -z "${ANALYTICS_DB_PASSWORD:-}" ]; then
  echo "ANALYTICS_DB_PASSWORD is empty: set it in .env (data-eng secrets ls shows which are set)" >&2
  exit 1
fi

# The password never goes on a command line, where ps shows it: psql reads it from this
# script's environment, through the shell's printf builtin.
export ANALYTICS_DB_PASSWORD
psql -v ON_ERROR_STOP=1 \
  --username "$POSTGRES_USER" --dbname "$POSTGRES_DB" \
  -v analytics_user="$ANALYTICS_USER" \
  -v analytics_db="$ANALYTICS_DB" <<'SQL'
\set analytics_password `printf '%s' "$ANALYTICS_DB_PASSWORD"`
CREATE ROLE :"analytics_user" LOGIN PASSWORD :'analytics_password';
CREATE DATABASE :"analytics_db" OWNER :"analytics_user";
REVOKE ALL ON DATABASE :"analytics_db" FROM PUBLIC;
SQL
