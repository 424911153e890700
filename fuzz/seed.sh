#!/usr/bin/env bash
# Seeds fuzz/corpus/TARGET/ from the repository's samples and fixtures and from the field
# cases (../shared/field-cases when it exists). The corpora are not committed (.gitignore);
# run this once before fuzzing, again to add new samples. Needs python3 (the xlsx_parts seeds
# are the parts of every sample workbook).
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
root="$(cd "$here/.." && pwd)"
corpus="$here/corpus"
field="${FIELD_CASES:-$root/../shared/field-cases}"
[ -d "$field" ] || field="$root/tests/fixtures/field-cases"

mkdir -p "$corpus"
for t in model_yaml engagement_yaml theme_yaml course_yaml strings_yaml markdown \
         narrative_compile xlsx_bytes xlsx_parts xlsx_cells csv roster image assessment \
         score_json; do
  mkdir -p "$corpus/$t"
done

# seed TARGET PREFIX_HEX FILE: FILE with the selector bytes PREFIX_HEX in front, named by
# its content hash (the same seed twice is one file).
seed() {
  local target="$1" prefix="$2" file="$3" tmp sum
  tmp="$(mktemp)"
  { printf "%b" "$prefix"; cat "$file"; } > "$tmp"
  sum="$(sha1sum "$tmp" | cut -c1-16)"
  mv "$tmp" "$corpus/$target/$sum"
}

yaml_models=("$root"/assessments/*.yaml "$root"/tests/fixtures/models/*.yaml
             "$root"/tests/fixtures/data/*.yaml "$field"/mini-model.yaml)
for f in "${yaml_models[@]}"; do seed model_yaml "" "$f"; done
while IFS= read -r f; do seed engagement_yaml "" "$f"; done < <(
  find "$root/samples" "$root/tests/fixtures" "$field" -name 'engagement*.yaml')
for f in "$root"/themes/*.yaml; do seed theme_yaml "" "$f"; done
for f in "$root"/samples/course/course*.yaml; do seed course_yaml "" "$f"; done
seed strings_yaml '\x00' "$root/report-templates/strings.yaml"
seed strings_yaml '\x01' "$root/report-templates/glossary.yaml"

# Markdown: narratives (report converter, selectors 0x00 and 0x2c) and course modules (0x44: the
# module splitter); the compile target gets the narratives with English and Arabic settings.
while IFS= read -r f; do
  seed markdown '\x00' "$f"; seed markdown '\x2c' "$f"
  seed narrative_compile '\x00' "$f"; seed narrative_compile '\x0c' "$f"
done < <(find "$root/samples" "$field" -path '*narrative/*.md')
for f in "$root"/samples/course/modules/*.md; do seed markdown '\x44' "$f"; done

# Data files: every workbook and CSV, read against the three fuzz models (selector byte).
while IFS= read -r f; do
  for sel in '\x00' '\x01' '\x2e' '\x3f'; do seed xlsx_bytes "$sel" "$f"; done
  seed roster '\x01' "$f"
done < <(find "$root/samples" "$root/tests/fixtures" "$field" -name '*.xlsx')
while IFS= read -r f; do
  for sel in '\x00\x00' '\x01\x01' '\x01\x02' '\x25\x03' '\x3e\x04'; do seed csv "$sel" "$f"; done
  seed roster '\x00' "$f"
done < <(find "$root/tests/fixtures" "$field" -name '*.csv')
printf 'name,organisation\nسارة العتيبي,مصرف الواحة\nOmar Ali,\n,Acme\n' > "$corpus/roster/handmade.csv.seed"
printf '\x00' | cat - "$corpus/roster/handmade.csv.seed" > "$corpus/roster/handmade-csv"
rm "$corpus/roster/handmade.csv.seed"

# Assessments: the sample workbook (second byte odd: a workbook) and a hand-made sheet as CSV
# (second byte even), English and Arabic headers, a consensus row and a repeated rater.
for sel in '\x00\x01' '\x40\x0b' '\x04\x13'; do seed assessment "$sel" "$root/samples/gov-ar/assessment.xlsx"; done
printf 'assessor,question,rating,evidence,note\nليلى الحربي,DG1,3,سياسة معتمدة,\nخالد العتيبي,DG1,2,,\nconsensus,DG1,3,,\nريم الزهراني,DG2,4,محضر,"a, b"\nريم الزهراني,DG2,1,,\n' > "$corpus/assessment/en.seed"
printf 'المقيّم;العبارة;الدرجة;الدليل\nإجماع;DG3;٣;\nليلى الحربي;DG4;N/A;\n' > "$corpus/assessment/ar.seed"
for f in en ar; do
  printf '\x00\x00' | cat - "$corpus/assessment/$f.seed" > "$corpus/assessment/handmade-$f"
  printf '\x41\x06' | cat - "$corpus/assessment/$f.seed" > "$corpus/assessment/handmade-$f-2"
  rm "$corpus/assessment/$f.seed"
done

# Score JSON: earlier waves' results as `previous:` (0) and as benchmark inputs (2); the
# sample benchmark (1).
for f in "$root"/samples/bank-ar/2025/score.json "$root"/samples/benchmark/results/*.json; do
  seed score_json '\x00' "$f"; seed score_json '\x02' "$f"
done
seed score_json '\x01' "$root/samples/benchmark/retail-banking.json"

# xlsx_parts: each workbook's parts, `name\nbytes` separated by the part separator.
python3 - "$corpus/xlsx_parts" "$root" "$field" <<'PY'
import hashlib, pathlib, sys, zipfile
out, roots = pathlib.Path(sys.argv[1]), [pathlib.Path(p) for p in sys.argv[2:]]
sep = b"\n--nudj-fuzz-part--\n"
seen = set()
for root in roots:
    for f in sorted(root.rglob("*.xlsx")):
        if "fuzz" in f.relative_to(root).parts or f.resolve() in seen:
            continue
        seen.add(f.resolve())
        z = zipfile.ZipFile(f)
        parts = [i.filename.encode() + b"\n" + z.read(i) for i in z.infolist()]
        for sel in (b"\x00", b"\x01", b"\x2e"):
            data = sel + sep.join(parts)
            if len(data) > 200_000:
                continue
            (out / hashlib.sha1(data).hexdigest()[:16]).write_bytes(data)
PY

# Images: the 1×1 PNG of the tests under each selector, and the documentation's screenshots.
python3 - "$corpus/image" <<'PY'
import pathlib, sys
png = bytes.fromhex("89504e470d0a1a0a0000000d4948445200000001000000010806000000"
                    "1f15c4890000000d49444154789c63f8cfc0f01f000500 01ff89993d1d0000000049454e44ae426082".replace(" ", ""))
svg = b'<svg xmlns="http://www.w3.org/2000/svg" width="4" height="4"><rect width="2" height="2"/></svg>'
out = pathlib.Path(sys.argv[1])
(out / "png").write_bytes(b"\x00" + png)
(out / "svg").write_bytes(b"\x04" + svg)
import gzip
(out / "svgz").write_bytes(b"\x05" + gzip.compress(svg))
PY
echo "seeded: $(for t in "$corpus"/*; do printf '%s=%s ' "$(basename "$t")" "$(ls "$t" | wc -l)"; done)"
