#!/bin/sh
# Renders images/icon.svg to the 128x128 extension icon images/icon.png with headless Chromium.
# Usage: sh images/make-icon.sh   (BSS2_CHROMIUM overrides /usr/bin/chromium)
set -eu
here=$(cd "$(dirname "$0")" && pwd)
page=$(mktemp --suffix=.html)
trap 'rm -f "$page"' EXIT
{ printf '<!DOCTYPE html><html><body style="margin:0">'; cat "$here/icon.svg"; printf '</body></html>'; } > "$page"
"${BSS2_CHROMIUM:-/usr/bin/chromium}" --headless --no-sandbox --disable-gpu --hide-scrollbars \
  --default-background-color=00000000 --window-size=128,128 --screenshot="$here/icon.png" "$page"
