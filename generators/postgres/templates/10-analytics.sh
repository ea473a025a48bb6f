#!/usr/bin/env bash
# Creates the analytics database and its owner, apart from Airflow's metadata database.
# The postgres image runs this once, when the data volume is empty. Names and the password
# come from the container's environment (compose.yaml and .env), so no secret is written here.
set -euo pipefail

psql -v ON_ERROR_STOP=1 \
  --username "$POSTGRES_USER" --dbname "$POSTGRES_DB" \
  -v analytics_user="$ANALYTICS_USER" \
  -v analytics_db="$ANALYTICS_DB" \
  -v analytics_password="$ANALYTICS_DB_PASSWORD" <<'SQL'
CREATE ROLE :"analytics_user" LOGIN PASSWORD :'analytics_password';
CREATE DATABASE :"analytics_db" OWNER :"analytics_user";
REVOKE ALL ON DATABASE :"analytics_db" FROM PUBLIC;
SQL
