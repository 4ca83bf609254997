"""Refuses a breaking change to a committed event schema (api/events/*.schema.json).

    check_event_compat.py [--repo DIR] [--events PATH]

A consumer of an event version relies on its schema as it was committed, so a schema may change
later only in ways that consumer still accepts: new optional members, looser constraints, more
text. For every schema under PATH (api/events by default) of the git work tree DIR (this
repository by default), compares the file in the work tree with every earlier committed version
of it (`git log -- FILE`, `git show REV:FILE`), and with each schema ever committed that is now
gone, and fails on any of these rules:

- a new required member;
- a removed member (property);
- a changed type: one the old version allowed that the new one does not (narrowing, e.g. number
  -> integer, or dropping "null");
- a removed enum value, or a changed or new const;
- a tightened constraint: minimum raised, maximum lowered (or either added), likewise minLength,
  maxLength, minItems, maxItems, minProperties, maxProperties; a pattern or format added or
  changed; additionalProperties false (or a schema) where it was not;
- a renamed $id;
- a removed schema.

A breaking change needs a new event type and schema file (`...v2.schema.json`). Prints
`FAIL: FILE: member: rule (against REV)` for each and exits 1 if there is any.
"""

import argparse
import json
import os
import subprocess
import sys

LOWER_BOUNDS = ("minimum", "exclusiveMinimum", "minLength", "minItems", "minProperties")
UPPER_BOUNDS = ("maximum", "exclusiveMaximum", "maxLength", "maxItems", "maxProperties")
JSON_TYPES = ("null", "boolean", "object", "array", "number", "string", "integer")


def types_of(schema):
    """The JSON types a schema allows by its `type` (all when it says none)."""
    declared = schema.get("type")
    if declared is None:
        return set(JSON_TYPES)
    declared = {declared} if isinstance(declared, str) else set(declared)
    if "number" in declared:
        declared.add("integer")  # every integer is a number
    return declared


def member_name(path):
    return path or "(the document)"


def breaking_changes(old, new, path=""):
    """(member, rule) for each way `new` refuses what `old` allowed, walking nested schemas."""
    if not isinstance(old, dict) or not isinstance(new, dict):
        return [] if old == new else [(member_name(path), "changed schema")]
    changes = []
    where = member_name(path)
    if "$id" in old and old.get("$id") != new.get("$id"):
        changes.append((where, f"renamed $id: {old['$id']!r} -> {new.get('$id')!r}"))
    lost = types_of(old) - types_of(new)
    if lost:
        changes.append((where, f"changed type: no longer allows {', '.join(sorted(lost))} "
                               f"({old.get('type', 'any')} -> {new.get('type', 'any')})"))
    if "enum" in new:
        if "enum" not in old:
            changes.append((where, f"tightened constraint: enum {new['enum']} added"))
        else:
            for value in old["enum"]:
                if value not in new["enum"]:
                    changes.append((where, f"removed enum value {value!r}"))
    if "const" in new and ("const" not in old or old["const"] != new["const"]):
        changes.append((where, f"tightened constraint: const {old.get('const', '(none)')!r} -> "
                               f"{new['const']!r}"))
    for bound in LOWER_BOUNDS:
        if bound in new and (bound not in old or new[bound] > old[bound]):
            changes.append((where, f"tightened constraint: {bound} "
                                   f"{old.get(bound, '(none)')} -> {new[bound]}"))
    for bound in UPPER_BOUNDS:
        if bound in new and (bound not in old or new[bound] < old[bound]):
            changes.append((where, f"tightened constraint: {bound} "
                                   f"{old.get(bound, '(none)')} -> {new[bound]}"))
    for keyword in ("pattern", "format"):
        if keyword in new and new[keyword] != old.get(keyword):
            changes.append((where, f"tightened constraint: {keyword} "
                                   f"{old.get(keyword, '(none)')!r} -> {new[keyword]!r}"))
    for member in sorted(set(new.get("required", [])) - set(old.get("required", []))):
        changes.append((f"{path}/{member}" if path else member, "new required member"))
    old_properties, new_properties = old.get("properties", {}), new.get("properties", {})
    for member, schema in old_properties.items():
        name = f"{path}/{member}" if path else member
        if member not in new_properties:
            changes.append((name, "removed member"))
        else:
            changes += breaking_changes(schema, new_properties[member], name)
    old_extra = old.get("additionalProperties", True)
    new_extra = new.get("additionalProperties", True)
    if new_extra is False and old_extra is not False:
        changes.append((where, "tightened constraint: additionalProperties false added"))
    elif isinstance(new_extra, dict) and old_extra is True:
        changes.append((where, "tightened constraint: additionalProperties schema added"))
    elif isinstance(new_extra, dict) and isinstance(old_extra, dict):
        changes += breaking_changes(old_extra, new_extra, f"{path}/*")
    if isinstance(old.get("items"), dict) and isinstance(new.get("items"), dict):
        changes += breaking_changes(old["items"], new["items"], f"{path}[]")
    elif isinstance(new.get("items"), dict) and "items" not in old:
        changes.append((where, "tightened constraint: items schema added"))
    for keyword in ("allOf", "anyOf", "oneOf", "not", "if", "$ref"):
        if keyword in new and new[keyword] != old.get(keyword):
            changes.append((where, f"changed {keyword}: cannot tell whether it is compatible"))
    return changes


def git(repo, *args):
    return subprocess.run(["git", "-C", repo, *args], check=True, capture_output=True,
                          text=True).stdout


def committed_versions(repo, relative):
    """(commit, parsed schema) for every commit whose tree holds the file, newest first."""
    versions = []
    for rev in git(repo, "log", "--format=%H", "--", relative).split():
        try:
            text = git(repo, "show", f"{rev}:{relative}")
        except subprocess.CalledProcessError:
            continue  # the commit that deleted it
        try:
            versions.append((rev, json.loads(text)))
        except json.JSONDecodeError:
            continue  # a version that was not JSON promised nothing
    return versions


def ever_committed(repo, relative_dir):
    names = git(repo, "log", "--format=", "--name-only", "--", relative_dir).split()
    return sorted({n for n in names if n.endswith(".schema.json")})


def problems_of(repo, events):
    repo = os.path.abspath(repo)
    try:
        top = git(repo, "rev-parse", "--show-toplevel").strip()
    except (subprocess.CalledProcessError, OSError) as error:
        why = (getattr(error, "stderr", "") or str(error)).strip()
        raise SystemExit(f"FAIL: {repo}: not a git work tree, so no committed version to compare "
                         f"with ({why})")
    relative_dir = os.path.relpath(os.path.abspath(events), top)
    present = sorted(os.path.join(relative_dir, f)
                     for f in os.listdir(os.path.join(top, relative_dir))
                     if f.endswith(".schema.json"))
    problems = []
    for relative in sorted(set(ever_committed(top, relative_dir)) - set(present)):
        problems.append((relative, "(the schema)", "removed schema: it was committed, and "
                                                   "consumers of its version may still read it",
                         None))
    for relative in present:
        with open(os.path.join(top, relative), encoding="utf-8") as file:
            try:
                current = json.load(file)
            except json.JSONDecodeError as error:
                problems.append((relative, "(the document)", f"not JSON: {error}", None))
                continue
        for rev, old in committed_versions(top, relative):
            for member, rule in breaking_changes(old, current):
                problems.append((relative, member, rule, rev))
    return problems


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repo", default=os.path.join(os.path.dirname(__file__), "../.."))
    parser.add_argument("--events", default=None)
    args = parser.parse_args()
    events = args.events or os.path.join(args.repo, "api/events")
    problems = problems_of(args.repo, events)
    seen = set()
    for file, member, rule, rev in problems:  # newest version first
        if (file, member, rule) in seen:  # the same change against an older version too
            continue
        seen.add((file, member, rule))
        print(f"FAIL: {file}: {member}: {rule}" + (f" (against {rev[:12]})" if rev else ""))
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
