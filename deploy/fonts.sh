#!/usr/bin/env bash
# Fonts for the downloads (profile card, policy, certificates): Debian's Noto fonts, so emoji,
# Arabic, Urdu and other scripts are drawn. Run by `make install` and `make serve`.
#   As root: apt-get install fonts-noto-core fonts-noto-color-emoji.
#   Without root: apt-get download the same packages and unpack the few fonts we use into DEST
#   (the course looks there). No password is asked for.
#   Neither possible: say so, once, and carry on: downloads then use DejaVu Sans (no emoji).
# Usage: deploy/fonts.sh PYTHON DEST
set -uo pipefail
PY=${1:?usage: fonts.sh PYTHON DEST}
DEST=${2:?usage: fonts.sh PYTHON DEST}
PACKAGES="fonts-noto-core fonts-noto-color-emoji"

missing() { MYSTORY_FONT_DIR="$DEST" "$PY" -m mystory.core.fonts; }

missing >/dev/null && exit 0
export DEBIAN_FRONTEND=noninteractive
if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
  echo "Installing Debian's Noto fonts for the downloads ($PACKAGES)..."
  apt-get install -y -q --no-install-recommends $PACKAGES >/dev/null 2>&1 ||
    { apt-get update -q >/dev/null 2>&1 &&
      apt-get install -y -q --no-install-recommends $PACKAGES >/dev/null 2>&1; }
elif command -v apt-get >/dev/null 2>&1 && command -v dpkg-deb >/dev/null 2>&1; then
  echo "Fetching Debian's Noto fonts for the downloads into $DEST (no root needed)..."
  work=$(mktemp -d)
  trap 'rm -rf "$work"' EXIT
  mkdir -p "$DEST"
  if (cd "$work" && apt-get download -q $PACKAGES >/dev/null 2>&1); then
    names=$("$PY" -m mystory.core.fonts --names 2>/dev/null) ||
      names="NotoSans-Regular.ttf NotoSansArabic-Regular.ttf NotoColorEmoji.ttf"
    patterns=()
    for name in $names; do patterns+=("*/$name"); done
    for deb in "$work"/*.deb; do
      dpkg-deb --fsys-tarfile "$deb" | tar -x -C "$work" --wildcards "${patterns[@]}" 2>/dev/null
    done
    find "$work" -name '*.ttf' -exec cp {} "$DEST"/ \;
  fi
fi
missing || true
