"""The one JSON formatting of the documents under api/, so that every change is a clean diff.

Used by check_openapi.py and check_events.py, which run with this folder on their path.
"""

import json


def canonical_problems(text):
    # What json.tool writes: 2-space indent, non-ASCII kept, key order kept, a final newline.
    try:
        document = json.loads(text)
    except json.JSONDecodeError as error:
        return None, [f"not JSON: {error}"]
    canonical = json.dumps(document, indent=2, ensure_ascii=False) + "\n"
    if text != canonical:
        lines, wanted = text.splitlines(), canonical.splitlines()
        line = next((i for i, (a, b) in enumerate(zip(lines, wanted), 1) if a != b),
                    min(len(lines), len(wanted)) + 1)
        return document, [f"not canonical JSON (first difference at line {line}); rewrite it with "
                          "`python3 -m json.tool --indent 2 --no-ensure-ascii`"]
    return document, []
