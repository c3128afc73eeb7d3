#!/usr/bin/env bash
# Screenshots of the tray menu and every Settings page (light/dark, English/Chinese) into
# screenshots/. See scripts/screenshots.py; extra arguments are passed on (e.g. --only dark-en).
set -euo pipefail
cd "$(dirname "$0")/.."
exec "${BIN:-.venv/bin}/python" scripts/screenshots.py "$@"
