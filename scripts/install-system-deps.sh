#!/bin/sh
# Installs the Debian packages the app and its tests use, when run as root on Debian/Ubuntu.
# As another user it only says what is missing; the Python parts never need root.
set -eu
pkgs="libegl1 libgl1 libfontconfig1 libfreetype6 libglib2.0-0 libdbus-1-3 libxkbcommon0
libxcb-cursor0 libxcb-icccm4 libxcb-image0 libxcb-keysyms1 libxcb-render-util0 libxcb-shape0
libxcb-xkb1 libxkbcommon-x11-0 gnome-keyring dbus dbus-x11 libsecret-tools xvfb trayer xdotool
imagemagick fonts-noto-cjk"
command -v dpkg-query >/dev/null 2>&1 || { echo "not a Debian system: install the Qt runtime libraries yourself"; exit 0; }
missing=""
for p in $pkgs; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing="$missing $p"
done
[ -z "$missing" ] && exit 0
if [ "$(id -u)" -ne 0 ]; then
  echo "missing Debian packages (run as root to install):$missing" >&2
  exit 0
fi
export DEBIAN_FRONTEND=noninteractive
apt-get update -qq
# shellcheck disable=SC2086
apt-get install -y -qq --no-install-recommends $missing >/dev/null
