# shellcheck shell=bash
# Deliberately broken copies of a JSON document, for the checks that must be shown to refuse them
# (scripts/check-api.sh, scripts/check-events.sh). Needs common.sh.

# break_json_copy PYTHON SOURCE COPY HOW: writes COPY, SOURCE broken as HOW says: `text:` and a sed
# expression on the file, or a Python statement on the parsed document `d`, the copy then written
# canonically. Fails when the copy comes out unchanged: a breakage that breaks nothing checks
# nothing.
break_json_copy() {
  local python=$1 source=$2 copy=$3 how=$4
  if [[ "$how" == text:* ]]; then
    sed -e "${how#text:}" "$source" >"$copy"
  else
    PYTHONDONTWRITEBYTECODE=1 "$python" -c '
import json, sys
with open(sys.argv[1], encoding="utf-8") as f:
    d = json.load(f)
exec(sys.argv[3])
with open(sys.argv[2], "w", encoding="utf-8") as f:
    f.write(json.dumps(d, indent=2, ensure_ascii=False) + "\n")
' "$source" "$copy" "$how"
  fi
  if cmp -s "$source" "$copy"; then
    fail "a broken copy is no longer broken: \"$how\" changes nothing in $source"
    return 1
  fi
}
