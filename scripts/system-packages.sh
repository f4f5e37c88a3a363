#!/usr/bin/env bash
# Debian packages the tests need: Chromium + driver (browser test), CJK and DejaVu fonts (every glyph),
# poppler-utils (PDF checks), Node.js (the map script's tests). Installs only what is missing; needs root or sudo for that.
set -euo pipefail
needed=(chromium chromium-driver fonts-noto-cjk fonts-dejavu-core poppler-utils)
missing=()
for pkg in "${needed[@]}"; do
  dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q "install ok installed" || missing+=("$pkg")
done
command -v node >/dev/null || missing+=(nodejs)  # the map script's tests (node --test); Node 20 is usual here
[ ${#missing[@]} -eq 0 ] && exit 0
SUDO=""; [ "$(id -u)" -eq 0 ] || SUDO="sudo"
echo "installing Debian packages: ${missing[*]}" >&2
$SUDO apt-get update -qq
DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq "${missing[@]}" >/dev/null
