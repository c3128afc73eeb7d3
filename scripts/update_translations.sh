#!/usr/bin/env bash
# Refresh the Qt Linguist sources from the code, then compile them to the .qm files the app loads.
#   scripts/update_translations.sh            # every language in resources/translations
#   scripts/update_translations.sh de_DE      # also start a new language
# Translate the new entries with pyside6-linguist (or in the .ts XML), run this again to compile,
# and commit both the .ts and the .qm.
set -euo pipefail
cd "$(dirname "$0")/.."
BIN=${BIN:-.venv/bin}
DIR=resources/translations
mkdir -p "$DIR"

# The UI's strings, plus the texts the Qt-free core marks with QT_TRANSLATE_NOOP.
mapfile -t SOURCES < <(
    find desktop/hftray/ui -name '*.py' | sort
    grep -rl --include='*.py' QT_TRANSLATE_NOOP desktop/hftray/core | grep -v translatable.py | sort
)

LANGS=("$@")
for ts in "$DIR"/hftray_*.ts; do
    [ -e "$ts" ] || continue
    lang=${ts##*/hftray_}
    LANGS+=("${lang%.ts}")
done
for lang in $(printf '%s\n' "${LANGS[@]}" | sort -u); do
    ts="$DIR/hftray_$lang.ts"
    "$BIN/pyside6-lupdate" -no-obsolete -locations none -target-language "$lang" \
        "${SOURCES[@]}" -ts "$ts"
    "$BIN/pyside6-lrelease" -silent "$ts" -qm "${ts%.ts}.qm"
done
