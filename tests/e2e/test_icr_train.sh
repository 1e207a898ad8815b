#!/bin/bash
# e2e: icr-train (tools/icr-train) refuses bad options before any work, and a training run is
# reproducible: the same command writes the same model bytes, with every pen-shape set (set 4 draws
# random-parameter digits) and a held-out calibration set of the rule-of-three size; the training cells'
# resolution range and binarised share are options with checked ranges; the threshold's confidence
# score (probability or margin) is recorded in the model file.
set -euo pipefail
TRAIN="$DC_BINARY_DIR/tools/icr-train/icr-train"
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
fail() { echo "FAIL: $*" >&2; exit 1; }

expect_refusal() {   # expected message, then the arguments
    local want="$1"; shift
    local rc=0
    # (a short run, should a refusal ever be missing)
    "$TRAIN" --epochs 1 --samples 32 "$@" --out "$tmp/never.bin" >"$tmp/out" 2>"$tmp/err" || rc=$?
    [ "$rc" -eq 2 ] || fail "icr-train $* exited $rc, expected 2"
    [ "$(cat "$tmp/err")" = "$want" ] || fail "icr-train $*: stderr was '$(cat "$tmp/err")', expected '$want'"
    [ ! -e "$tmp/never.bin" ] || fail "icr-train $* wrote a model"
}
expect_refusal "icr-train: --pen-styles must be 1, 2, 3 or 4" --pen-styles 5
expect_refusal "icr-train: --alphabet must be digits or caps" --alphabet greek
CAPS_FONTS="icr-train: --alphabet caps is trained on fonts alone: give --strokes 0, and no --pen-fresh, --val-strokes, --real-val, --real-cells or --dump-fixture (pen-trajectory shapes and real-writer sets are digits)"
expect_refusal "$CAPS_FONTS" --alphabet caps
expect_refusal "$CAPS_FONTS" --alphabet caps --strokes 0 --pen-fresh 0.5
expect_refusal "icr-train: --pen-styles must be 1, 2, 3 or 4" --pen-styles 0
DPI_BIN="icr-train: --dpi-max must be above 150 and at most 600, --binarize above 0 and at most 1"
expect_refusal "$DPI_BIN" --dpi-max 150
expect_refusal "$DPI_BIN" --dpi-max 601
expect_refusal "$DPI_BIN" --binarize 0
expect_refusal "$DPI_BIN" --binarize 1.5
expect_refusal "icr-train: --score must be prob (the calibrated probability) or margin (its lead over the runner-up)" --score maybe
RR="icr-train: --real-renderings must be 1 to 8, and goes with --real-val"
expect_refusal "$RR" --real-renderings 0
expect_refusal "$RR" --real-renderings 9
expect_refusal "$RR" --real-renderings 2
expect_refusal "icr-train: --heldout-samples 300 is too few to calibrate on: a threshold for at most 0.10% accepted wrongly needs at least 3000 (or calibrate on --real-val/--real-cells)" --heldout-samples 300
expect_refusal "icr-train: --heldout-samples 999 is too few to calibrate on: a threshold for at most 0.30% accepted wrongly needs at least 1000 (or calibrate on --real-val/--real-cells)" --heldout-samples 999 --max-wrong 0.003

# a short run, twice with the same seed and once with another: same bytes, then different bytes
ARGS=(--arch cnn-small --epochs 1 --samples 320 --heldout-samples 1000 --max-wrong 0.003 --strokes 4
      --pen-fresh 0.5 --pen-styles 4 --deslant 1)
"$TRAIN" "${ARGS[@]}" --seed 11 --out "$tmp/a.bin" >"$tmp/a.log" 2>&1 || { cat "$tmp/a.log"; fail "training run a"; }
"$TRAIN" "${ARGS[@]}" --seed 11 --out "$tmp/b.bin" >"$tmp/b.log" 2>&1 || { cat "$tmp/b.log"; fail "training run b"; }
"$TRAIN" "${ARGS[@]}" --seed 12 --out "$tmp/c.bin" >"$tmp/c.log" 2>&1 || { cat "$tmp/c.log"; fail "training run c"; }
cmp -s "$tmp/a.bin" "$tmp/b.bin" || fail "the same command wrote different models"
! cmp -s "$tmp/a.bin" "$tmp/c.bin" || fail "another seed wrote the same model"
# the training cells' resolution and binarisation are options; other values, other cells
"$TRAIN" "${ARGS[@]}" --seed 11 --dpi-max 400 --binarize 0.5 --out "$tmp/d.bin" >"$tmp/d.log" 2>&1 || { cat "$tmp/d.log"; fail "training run d"; }
! cmp -s "$tmp/a.bin" "$tmp/d.bin" || fail "--dpi-max 400 --binarize 0.5 wrote the default model"
"$TRAIN" "${ARGS[@]}" --seed 11 --dpi-max 600 --binarize 0.3 --out "$tmp/e.bin" >"$tmp/e.log" 2>&1 || { cat "$tmp/e.log"; fail "training run e"; }
cmp -s "$tmp/a.bin" "$tmp/e.bin" || fail "--dpi-max 600 --binarize 0.3 (the defaults) wrote another model"
# the confidence score: --score prob is the default; margin writes format version 4, its
# threshold chosen on the margin (a trained model is calibrated like a combined one)
version() { od -An -tu4 -j8 -N4 "$1" | tr -d ' '; }
[ "$(version "$tmp/a.bin")" = 1 ] || fail "a single net without biases is not format version 1: $(version "$tmp/a.bin")"
CAL=(--combine "$tmp/a.bin" --heldout-samples 1000 --max-wrong 0.003 --strokes 4)
"$TRAIN" "${CAL[@]}" --out "$tmp/f.bin" >"$tmp/f.log" 2>&1 || { cat "$tmp/f.log"; fail "--combine"; }
"$TRAIN" "${CAL[@]}" --score prob --out "$tmp/g.bin" >"$tmp/g.log" 2>&1 || { cat "$tmp/g.log"; fail "--combine --score prob"; }
cmp -s "$tmp/f.bin" "$tmp/g.bin" || fail "--score prob (the default) wrote another model"
"$TRAIN" "${CAL[@]}" --score margin --out "$tmp/h.bin" >"$tmp/h.log" 2>&1 || { cat "$tmp/h.log"; fail "--combine --score margin"; }
[ "$(version "$tmp/h.bin")" = 4 ] || fail "--score margin did not write format version 4: $(version "$tmp/h.bin")"
grep -q "^threshold (margin)  accepted  accepted-wrong$" "$tmp/h.log" || fail "the threshold was not chosen on the margin"
grep -q "^threshold (probability)  accepted  accepted-wrong$" "$tmp/a.log" || fail "the default threshold is not on the probability"
# re-calibrating a margin model keeps the margin (the site's re-fit: scan/models/README.md)
"$TRAIN" --combine "$tmp/h.bin" --heldout-samples 1000 --max-wrong 0.003 --strokes 4 --out "$tmp/i.bin" >"$tmp/i.log" 2>&1 ||
    { cat "$tmp/i.log"; fail "--combine of a margin model"; }
[ "$(version "$tmp/i.bin")" = 4 ] || fail "re-calibrating a margin model dropped the margin: version $(version "$tmp/i.bin")"
grep -q "^confidence score: margin, as in the first combined file$" "$tmp/i.log" || fail "the kept score is not said"
cmp -s "$tmp/h.bin" "$tmp/i.bin" || fail "re-calibrating on the same cells changed the margin model"
grep -q "^model written to $tmp/a.bin (1 net, " "$tmp/a.log" || fail "no 'model written' line: $(tail -n 3 "$tmp/a.log")"
grep -q "^fonts: .* (with 4 pen-trajectory)" "$tmp/a.log" || fail "the 4 pen-trajectory pseudo-fonts were not used"
# a letter model: 27 classes (A-Z and empty) in the file's header, every letter in the validation
"$TRAIN" --alphabet caps --strokes 0 --arch cnn-small --epochs 1 --samples 520 --heldout-samples 1000 \
    --max-wrong 0.003 --score margin --seed 11 --out "$tmp/caps.bin" >"$tmp/caps.log" 2>&1 ||
    { cat "$tmp/caps.log"; fail "letter training run"; }
classes=$(od -An -tu4 -j12 -N4 "$tmp/caps.bin" | tr -d ' ')
[ "$classes" = 27 ] || fail "the letter model has $classes classes, expected 27"
grep -q "^validation per class: A:[0-9.]* B:.* Z:[0-9.]* empty:[0-9.]*$" "$tmp/caps.log" ||
    fail "the letter model's validation does not name A-Z: $(grep '^validation per class' "$tmp/caps.log")"
grep -q "^fonts: .* (with 0 pen-trajectory)" "$tmp/caps.log" || fail "pen-trajectory digits were drawn for letters"

# The font set. `--list-fonts 1` lists the files the options train on; scripts/deps.sh installs the
# default set (--fonts 1), so on a machine set up by it nothing of that set is missing.
"$TRAIN" --list-fonts 1 >"$tmp/list.out" 2>"$tmp/list.err" ||
    fail "--list-fonts 1: the default font set is not all installed: $(cat "$tmp/list.err")"
grep -qx "held-out /usr/share/fonts/truetype/humor-sans/Humor-Sans.ttf" "$tmp/list.out" ||
    fail "Humor-Sans is not listed as held out: $(head -n 3 "$tmp/list.out")"
grep -qx "printed /usr/share/fonts/truetype/dejavu/DejaVuSans.ttf" "$tmp/list.out" || fail "DejaVuSans is not listed as printed"
grep -qx "printed /usr/share/fonts/truetype/noto/NotoMono-Regular.ttf" "$tmp/list.out" || fail "NotoMono is not listed as printed"
grep -qx "printed /usr/share/fonts/opentype/urw-base35/NimbusSans-Regular.otf" "$tmp/list.out" || fail "NimbusSans is not listed as printed"
! grep -q "MathTeX\|femkeklaver\|StandardSymbols\|D050000L" "$tmp/list.out" || fail "a skipped font is listed"
# Under --font-root with only three of the set's folders, the other eight are named, listing exits
# 1, and training is refused before any work unless --allow-missing-fonts 1 says to go on.
root="$tmp/root"
mkdir -p "$root/usr/share/fonts/truetype"
for d in breip humor-sans dejavu; do ln -s "/usr/share/fonts/truetype/$d" "$root/usr/share/fonts/truetype/$d"; done
missing=""
for d in truetype/fifthhorseman truetype/femkeklaver truetype/rufscript opentype/bwht opentype/dancingscript \
         opentype/comic-neue truetype/noto opentype/urw-base35; do
    missing+="icr-train: font folder $root/usr/share/fonts/$d is missing"$'\n'
done
rc=0
"$TRAIN" --list-fonts 1 --font-root "$root" >"$tmp/list.out" 2>"$tmp/list.err" || rc=$?
[ "$rc" -eq 1 ] || fail "--list-fonts with eight folders missing exited $rc, expected 1"
[ "$(cat "$tmp/list.err")" = "${missing}icr-train: 8 font files or folders of this set are missing (above)" ] ||
    fail "--list-fonts under a partial root said: $(cat "$tmp/list.err")"
# DejaVu's files here (fonts-dejavu-core has 6, with fonts-dejavu-extra 21), less the MathTeX face
n_print=$(find /usr/share/fonts/truetype/dejavu/ -maxdepth 1 -name '*.ttf' ! -name '*MathTeX*' | wc -l)
[ "$(cut -d' ' -f1 "$tmp/list.out" | sort | uniq -c | tr -s ' ')" = "$(printf ' 2 handwriting\n 1 held-out\n %d printed' "$n_print")" ] ||
    fail "under the partial root: $(cut -d' ' -f1 "$tmp/list.out" | sort | uniq -c | tr -s ' ') ($n_print DejaVu files)"
grep -qx "handwriting $root/usr/share/fonts/truetype/breip/Breip.ttf" "$tmp/list.out" || fail "Breip is not listed under the root"
rc=0
"$TRAIN" "${ARGS[@]}" --seed 11 --font-root "$root" --out "$tmp/partial.bin" >"$tmp/partial.log" 2>"$tmp/partial.err" || rc=$?
[ "$rc" -eq 1 ] || fail "training with eight font folders missing exited $rc, expected 1"
[ "$(tail -n 1 "$tmp/partial.err")" = "icr-train: 8 font files or folders of the training set are missing (above): install them with \`bash scripts/deps.sh --train\`, or give --allow-missing-fonts 1 to train on the fonts that are here (the nets then differ from those the documented commands make)" ] ||
    fail "the refusal said: $(tail -n 1 "$tmp/partial.err")"
[ ! -e "$tmp/partial.bin" ] || fail "a model was written with fonts missing"
"$TRAIN" "${ARGS[@]}" --seed 11 --font-root "$root" --allow-missing-fonts 1 --out "$tmp/partial.bin" >"$tmp/partial.log" 2>&1 ||
    { cat "$tmp/partial.log"; fail "--allow-missing-fonts 1 did not train"; }
grep -q "^fonts: 6 handwriting (with 4 pen-trajectory) + $n_print printed for training, 1 held out (with 0 pen-trajectory): Humor-Sans.ttf$" "$tmp/partial.log" ||
    fail "the partial set trained on: $(grep '^fonts:' "$tmp/partial.log")"
! cmp -s "$tmp/a.bin" "$tmp/partial.bin" || fail "the partial font set made the full set's model"
echo "icr-train: options refused as expected; training reproducible; the font set listed, and a missing part refused"
