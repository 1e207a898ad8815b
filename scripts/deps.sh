#!/usr/bin/env bash
# Installs the Debian packages dcaccess needs, only those missing. Run as root (or via sudo).
# With --train, also what re-making the ICR models needs (tools/icr-train/remake-model.sh): the
# handwriting and printed fonts they were trained on, and npm for the real-writer calibration set.
set -euo pipefail
TRAIN_PKGS=()
case "${1:-}" in
  "") ;;
  --train)
    TRAIN_PKGS=(
      fonts-dejavu-extra fonts-klee fonts-kiloji fonts-seto fonts-kristi fonts-tlwg-purisa-otf
      fonts-navilu fonts-dustin fonts-ecolier-court fonts-kaushanscript fonts-sil-andika
      fonts-nanum-extra fonts-tomsontalks fonts-staypuft fonts-komatuna
    )
    # npm packs the real-writer digits; one installed another way (with its own node) will do
    command -v npm >/dev/null || TRAIN_PKGS+=(npm) ;;
  *) echo "usage: scripts/deps.sh [--train]" >&2; exit 2 ;;
esac
PKGS=(
  build-essential cmake pkg-config
  libleptonica-dev libpng-dev libjpeg-dev libtesseract-dev tesseract-ocr tesseract-ocr-eng tesseract-ocr-ind
  libxlsxwriter-dev libhpdf-dev libsqlite3-dev sqlite3 libjansson-dev libunistring-dev
  libqrencode-dev libzbar-dev zbar-tools poppler-utils libfreetype-dev zlib1g-dev python3 jq
  check libsubunit-dev libreoffice-calc-nogui unzip time
  fonts-dejavu-core
  fonts-breip fonts-humor-sans fonts-dkg-handwriting fonts-femkeklaver fonts-rufscript
  fonts-bwht fonts-dancingscript fonts-comic-neue fonts-noto-mono fonts-urw-base35
  "${TRAIN_PKGS[@]}"
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
