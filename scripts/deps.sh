#!/usr/bin/env bash
# Installs the Debian packages dcaccess needs, only those missing. Run as root (or via sudo).
set -euo pipefail
PKGS=(
  build-essential cmake pkg-config
  libleptonica-dev libpng-dev libjpeg-dev libtesseract-dev tesseract-ocr tesseract-ocr-eng tesseract-ocr-ind
  libxlsxwriter-dev libhpdf-dev libsqlite3-dev sqlite3 libjansson-dev
  libqrencode-dev libzbar-dev zbar-tools poppler-utils libfreetype-dev zlib1g-dev python3 jq
  check libsubunit-dev libreoffice-calc-nogui unzip time
  fonts-dejavu-core
  fonts-breip fonts-humor-sans fonts-dkg-handwriting fonts-femkeklaver fonts-rufscript
  fonts-bwht fonts-dancingscript fonts-comic-neue
  ${DC_EXTRA_PKGS:-}
)
missing=()
for p in "${PKGS[@]}"; do
  [ -n "$p" ] || continue
  if ! dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed"; then
    missing+=("$p")
  fi
done
if [ ${#missing[@]} -eq 0 ]; then
  echo "deps: all ${#PKGS[@]} packages present"
  exit 0
fi
echo "deps: installing ${missing[*]}"
SUDO=""
if [ "$(id -u)" -ne 0 ]; then SUDO="sudo"; fi
export DEBIAN_FRONTEND=noninteractive
$SUDO apt-get update -qq
$SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}"
