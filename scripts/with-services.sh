#!/usr/bin/env bash
# Run a command with the test services' settings (written by scripts/services.sh up) in its environment.
set -euo pipefail
env_file=/var/tmp/data-eng-services/env
if [ ! -f "$env_file" ]; then
  echo "with-services: $env_file is missing; run: bash scripts/services.sh up" >&2
  exit 4
fi
# shellcheck disable=SC1090
. "$env_file"
exec "$@"
