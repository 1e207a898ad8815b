#!/bin/bash
# e2e: the rules engine's version (DC_RULES_ENGINE, parse/dc_rules.h) goes up whenever what it makes
# of the same pages changes. Records keep the engine that checked them, and `recheck` checks again
# those an earlier engine checked; an engine changed without a new version would leave their
# findings as they were, unexplained. Here the engine checks a fixed generated corpus (3,000 form
# sets, most with mistakes; each record also with about one field in four in review) and the digest
# of every record and finding, with its messages, must be
# the one recorded for this version in tests/data/rules-engine-digests.txt. The corpus is made with
# --all-mistakes and every rule must fire in it: a change to a rule that never fires would not
# change the digest (access_form_missing, several_choices and devices_undeclared never fired without).
set -uo pipefail
fail() { echo "FAIL: $*" >&2; exit 1; }
GEN="$DC_BINARY_DIR/samples/dcaccess-samplegen"
RVT="$DC_BINARY_DIR/tests/eval/rules-vs-truth/rules-vs-truth"
DIGESTS="$DC_SOURCE_DIR/tests/data/rules-engine-digests.txt"
[ -x "$GEN" ] || fail "dcaccess-samplegen not built: $GEN (build all targets)"
[ -x "$RVT" ] || fail "rules-vs-truth not built: $RVT (build all targets)"
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

"$GEN" --seed 7 --sets 3000 --mistake-rate 0.8 --no-images --all-mistakes -o "$tmp/corpus" >/dev/null ||
    fail "generating the corpus"
"$RVT" --digest --per-rule "$tmp/corpus" >"$tmp/out" 2>&1
rc=$?
cat "$tmp/out" | grep -v '^MISMATCH' | sed 's/^/  /'
[ $rc -eq 0 ] || fail "the engine's findings differ from the generator's expected ones (rules-vs-truth exit $rc):
$(grep '^MISMATCH' "$tmp/out" | head -5)"
grep -qxF "rules-vs-truth: 3000 records compared, 3000 match, 0 mismatch" "$tmp/out" || fail "not 3000 records compared"
grep -q '^rules-vs-truth: rule ' "$tmp/out" || fail "rules-vs-truth printed no findings per rule"
silent=$(sed -n 's/^rules-vs-truth: rule \([a-z_]*\): 0 findings$/\1/p' "$tmp/out" | paste -sd' ')
[ -z "$silent" ] || fail "no finding of $silent in the corpus: a change to such a rule would not change the digest
(give the generator a mistake that leads to it, samples/gen/sg_record.c)"
line=$(grep '^rules-vs-truth: digest ' "$tmp/out")
engine=$(sed -n 's/^.* (rules engine \([0-9][0-9]*\))$/\1/p' <<<"$line")
digest=$(sed -n 's/^rules-vs-truth: digest \([0-9a-f]\{64\}\) of .*$/\1/p' <<<"$line")
[ -n "$engine" ] && [ -n "$digest" ] || fail "no digest line: $line"
want=$(awk -v e="$engine" '$1 == e { print $2 }' "$DIGESTS")
[ -n "$want" ] || fail "no digest recorded for rules engine $engine in $DIGESTS: add the line '$engine $digest'"
if [ "$digest" != "$want" ]; then
    prev=$(awk -v d="$digest" '$2 == d { print $1 }' "$DIGESTS")
    [ -z "$prev" ] || fail "the engine makes what rules engine $prev made, but says it is $engine"
    fail "what the rules engine makes of the corpus changed (digest $digest, recorded for engine $engine: $want).
If a rule, a message or how a record is built changed, raise DC_RULES_ENGINE in parse/dc_rules.h and add
the line '$((engine + 1)) $digest' to tests/data/rules-engine-digests.txt, so that recheck checks the stored
records again. If only the generator changed (the corpus is other pages), replace the digest of engine $engine."
fi
for e in $(awk '!/^#/ { print $1 }' "$DIGESTS"); do
    [ "$e" -le "$engine" ] || fail "$DIGESTS records engine $e, beyond this build's $engine"
done
echo "rules engine $engine: digest as recorded"
