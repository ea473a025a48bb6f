#!/usr/bin/env bash
# Runs once when VS Code creates the dev container: installs the git hooks and checks the DAGs import.
set -euo pipefail
cd "$(dirname "$0")/.."
if command -v pre-commit >/dev/null 2>&1 && [ -d .git ]; then
  pre-commit install --install-hooks || echo "pre-commit hooks not installed (offline?); run: pre-commit install"
fi
if command -v pytest >/dev/null 2>&1 && [ -d tests ]; then
  pytest -q tests/dags || echo "Some DAG tests fail; run: pytest tests/dags"
fi
