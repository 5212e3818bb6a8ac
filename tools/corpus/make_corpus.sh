#!/usr/bin/env bash
# Regenerates the built-in model's corpus, Sources/KelvinDecoding/Resources/corpus.txt: five
# books of the King James Version (public domain: the translation dates from 1611), one verse
# per line, without chapter headings or verse numbers, from Debian's bible-kjv package; and the
# held-out text of the decoding study, Resources/heldout.txt: Isaiah 40 to 55, a book the model
# is not trained on, in the same form.
# Run by hand: apt-get install bible-kjv && tools/corpus/make_corpus.sh
set -euo pipefail
cd "$(dirname "$0")/../.."
verses() {
  bible "$1" | python3 -c '
import re, sys
verses, current = [], None
for line in sys.stdin:
    line = line.rstrip("\n")
    match = re.match(r"^\s+\d+ (.*)$", line)
    if match:
        if current: verses.append(current)
        current = match.group(1)
    elif line.strip() and current is not None and not re.match(r"^[A-Z][a-z]+ \d+$", line.strip()) and not re.match(r"^\d?\s?[A-Z][a-z]+ \d+$", line.strip()):
        current += " " + line.strip()
if current: verses.append(current)
print("\n".join(verses))
'
}
out=Sources/KelvinDecoding/Resources/corpus.txt
: > "$out"
for book in "Genesis1:1-50:26" "Exodus1:1-40:38" "Psalms1:1-150:6" "Proverbs1:1-31:31" "Ecclesiastes1:1-12:14"; do
  verses "$book" >> "$out"
done
wc -c "$out"
verses "Isaiah40:1-55:13" > Sources/KelvinDecoding/Resources/heldout.txt
wc -c Sources/KelvinDecoding/Resources/heldout.txt
