#!/usr/bin/env bash
# Scores every period fixture (tests/fixtures/periods and examples/) in both languages and both
# formats and compares with the reviewed reports in tests/fixtures/expected/.
# Usage: tests/golden_test.sh path/to/starsheet [--update]   (run from the repository root)
set -u
bin=$1 update=${2:-}
expected=tests/fixtures/expected
mkdir -p "$expected"
passed=0 failed=0
for period in tests/fixtures/periods/*.json examples/*.json; do
  name=$(basename "$period" .json)
  for lang in zh en; do
    for format in json text; do
      want="$expected/$name.$lang.$format"
      got=$("$bin" score "$period" --lang "$lang" --format "$format"; echo "exit=$?")
      if [ "$update" = --update ]; then printf '%s\n' "$got" > "$want"; continue; fi
      if [ "$got" == "$(cat "$want" 2>/dev/null)" ]; then
        passed=$((passed + 1))
      else
        failed=$((failed + 1))
        echo "FAIL: $period --lang $lang --format $format differs from $want:"
        diff <(printf '%s\n' "$got") "$want" | head -20
      fi
    done
  done
done
[ "$update" = --update ] && { echo "golden: updated $expected"; exit 0; }
[ "$failed" = 0 ] || echo "If the change is intended, review the diff and run scripts/update-golden."
echo "golden: $passed passed, $failed failed"
[ "$failed" = 0 ]
