"""Unit tests of check_event_compat.py: the changes it must let through and those it must refuse,
on schemas alone and against the history of a small git repository made for the test.

    python3 -m unittest scripts/api/test_event_compat.py   (or run it directly)
"""

import copy
import json
import os
import subprocess
import sys
import tempfile
import unittest

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from check_event_compat import breaking_changes, problems_of  # noqa: E402

BASE = {
    "$schema": "https://json-schema.org/draft/2020-12/schema",
    "$id": "urn:sagashop:event:thing.happened.v1",
    "title": "Thing happened",
    "description": "A test event.",
    "type": "object",
    "required": ["eventId", "orderId", "kind"],
    "properties": {
        "eventId": {"type": "string", "format": "uuid"},
        "orderId": {"type": "integer", "minimum": 1},
        "amount": {"type": "number", "maximum": 100},
        "kind": {"type": "string", "enum": ["A", "B"]},
        "note": {"type": ["string", "null"], "maxLength": 50},
        "lines": {"type": "array", "items": {"type": "object",
                                             "properties": {"sku": {"type": "string"}}}},
    },
    "examples": [{"eventId": "0f8c4a52-1d3e-4b7a-9c55-2e6f1a7b8c90", "orderId": 1, "kind": "A"}],
}


def changed(edit):
    schema = copy.deepcopy(BASE)
    edit(schema)
    return schema


def rules(new, old=BASE):
    return [rule for _, rule in breaking_changes(old, new)]


class CompatibleChanges(unittest.TestCase):
    """Changes every consumer of the old version still accepts."""

    def assert_compatible(self, edit):
        self.assertEqual(breaking_changes(BASE, changed(edit)), [])

    def test_the_same_schema(self):
        self.assert_compatible(lambda s: None)

    def test_new_optional_member(self):
        self.assert_compatible(lambda s: s["properties"].update(extra={"type": "string"}))

    def test_required_member_made_optional(self):
        self.assert_compatible(lambda s: s["required"].remove("kind"))

    def test_texts_and_examples(self):
        def edit(s):
            s["description"] = "Said better."
            s["title"] = "Thing"
            s["examples"].append({"eventId": "x", "orderId": 2, "kind": "B"})
            s["properties"]["orderId"]["description"] = "The order."
        self.assert_compatible(edit)

    def test_looser_bounds(self):
        def edit(s):
            s["properties"]["orderId"]["minimum"] = 0
            s["properties"]["amount"]["maximum"] = 1000
            s["properties"]["note"]["maxLength"] = 500
        self.assert_compatible(edit)

    def test_bound_removed(self):
        self.assert_compatible(lambda s: s["properties"]["orderId"].pop("minimum"))

    def test_widened_types(self):
        def edit(s):
            s["properties"]["orderId"]["type"] = "number"  # integer -> number
            s["properties"]["eventId"]["type"] = ["string", "null"]
        self.assert_compatible(edit)

    def test_enum_value_added(self):
        self.assert_compatible(lambda s: s["properties"]["kind"]["enum"].append("C"))

    def test_format_removed(self):
        self.assert_compatible(lambda s: s["properties"]["eventId"].pop("format"))


class BreakingChanges(unittest.TestCase):
    """Changes a consumer of the old version may choke on: each named by member and rule."""

    def assert_breaks(self, edit, member, rule):
        found = breaking_changes(BASE, changed(edit))
        self.assertTrue(any(m == member and rule in r for m, r in found),
                        f"expected {member}: {rule}, got {found}")

    def test_new_required_member(self):
        def edit(s):
            s["properties"]["extra"] = {"type": "string"}
            s["required"].append("extra")
        self.assert_breaks(edit, "extra", "new required member")

    def test_optional_member_made_required(self):
        self.assert_breaks(lambda s: s["required"].append("amount"), "amount",
                           "new required member")

    def test_removed_member(self):
        self.assert_breaks(lambda s: s["properties"].pop("note"), "note", "removed member")

    def test_removed_required_member(self):
        def edit(s):
            s["properties"].pop("kind")
            s["required"].remove("kind")
        self.assert_breaks(edit, "kind", "removed member")

    def test_changed_type(self):
        self.assert_breaks(lambda s: s["properties"]["orderId"].update(type="string"), "orderId",
                           "changed type")

    def test_number_narrowed_to_integer(self):
        self.assert_breaks(lambda s: s["properties"]["amount"].update(type="integer"), "amount",
                           "changed type: no longer allows number")

    def test_null_dropped(self):
        self.assert_breaks(lambda s: s["properties"]["note"].update(type="string"), "note",
                           "changed type: no longer allows null")

    def test_type_added_where_there_was_none(self):
        self.assert_breaks(lambda s: s["properties"]["lines"]["items"]["properties"]["sku"]
                           .update(type="integer"), "lines[]/sku", "changed type")

    def test_removed_enum_value(self):
        self.assert_breaks(lambda s: s["properties"]["kind"]["enum"].remove("B"), "kind",
                           "removed enum value 'B'")

    def test_minimum_raised(self):
        self.assert_breaks(lambda s: s["properties"]["orderId"].update(minimum=2), "orderId",
                           "tightened constraint: minimum 1 -> 2")

    def test_minimum_added(self):
        self.assert_breaks(lambda s: s["properties"]["amount"].update(minimum=0), "amount",
                           "tightened constraint: minimum")

    def test_max_length_lowered(self):
        self.assert_breaks(lambda s: s["properties"]["note"].update(maxLength=10), "note",
                           "tightened constraint: maxLength 50 -> 10")

    def test_maximum_lowered(self):
        self.assert_breaks(lambda s: s["properties"]["amount"].update(maximum=99), "amount",
                           "tightened constraint: maximum")

    def test_additional_properties_false_added(self):
        self.assert_breaks(lambda s: s.update(additionalProperties=False), "(the document)",
                           "additionalProperties false added")

    def test_pattern_added(self):
        self.assert_breaks(lambda s: s["properties"]["kind"].update(pattern="^A$"), "kind",
                           "tightened constraint: pattern")

    def test_format_added(self):
        self.assert_breaks(lambda s: s["properties"]["note"].update(format="date-time"), "note",
                           "tightened constraint: format")

    def test_const_added(self):
        self.assert_breaks(lambda s: s["properties"]["kind"].update(const="A"), "kind",
                           "tightened constraint: const")

    def test_renamed_id(self):
        self.assert_breaks(lambda s: s.update({"$id": "urn:sagashop:event:thing.v1"}),
                           "(the document)", "renamed $id")

    def test_nested_removed_member(self):
        self.assert_breaks(lambda s: s["properties"]["lines"]["items"]["properties"].pop("sku"),
                           "lines[]/sku", "removed member")


class AgainstGitHistory(unittest.TestCase):
    """problems_of compares the work tree with every committed version, not just the last."""

    def setUp(self):
        self.temp = tempfile.TemporaryDirectory()
        self.repo = self.temp.name
        self.events = os.path.join(self.repo, "api", "events")
        os.makedirs(self.events)
        self.git("init", "-q")

    def tearDown(self):
        self.temp.cleanup()

    def git(self, *args):
        subprocess.run(["git", "-C", self.repo, "-c", "user.name=test",
                        "-c", "user.email=test@localhost", "-c", "commit.gpgsign=false", *args],
                       check=True, capture_output=True)

    def write(self, schema, name="thing.happened.v1.schema.json"):
        with open(os.path.join(self.events, name), "w", encoding="utf-8") as file:
            json.dump(schema, file, indent=2)

    def commit(self, message):
        self.git("add", "-A")
        self.git("commit", "-q", "-m", message)

    def test_a_compatible_history_passes(self):
        self.write(BASE)
        self.commit("v1")
        self.write(changed(lambda s: s["properties"].update(extra={"type": "string"})))
        self.commit("an optional member")
        self.write(changed(lambda s: s["properties"].update(extra={"type": "string"},
                                                              more={"type": "integer"})))
        self.assertEqual(problems_of(self.repo, self.events), [])

    def test_a_change_undone_later_is_still_caught_against_the_older_commit(self):
        # Committed: BASE, then a version without `note` (itself breaking, but committed). The
        # work tree restores `note` but drops `amount`: caught against both commits.
        self.write(BASE)
        self.commit("v1")
        self.write(changed(lambda s: s["properties"].pop("note")))
        self.commit("note dropped")
        self.write(changed(lambda s: s["properties"].pop("amount")))
        found = problems_of(self.repo, self.events)
        self.assertTrue(found)
        self.assertTrue(all(member == "amount" and rule == "removed member"
                            for _, member, rule, _ in found), found)
        self.assertEqual(len({rev for *_, rev in found}), 2)

    def test_a_breaking_change_in_the_work_tree_fails(self):
        self.write(BASE)
        self.commit("v1")
        self.write(changed(lambda s: s["required"].append("amount")))
        found = problems_of(self.repo, self.events)
        self.assertEqual([(m, r) for _, m, r, _ in found], [("amount", "new required member")])

    def test_a_removed_schema_fails(self):
        self.write(BASE)
        self.commit("v1")
        os.remove(os.path.join(self.events, "thing.happened.v1.schema.json"))
        self.write(BASE, "thing.happened.v2.schema.json")
        found = problems_of(self.repo, self.events)
        self.assertEqual([(f, r.split(":")[0]) for f, _, r, _ in found],
                         [("api/events/thing.happened.v1.schema.json", "removed schema")])

    def test_a_new_version_in_a_new_file_passes(self):
        self.write(BASE)
        self.commit("v1")
        self.write(changed(lambda s: s["required"].append("amount")),
                   "thing.happened.v2.schema.json")
        self.assertEqual(problems_of(self.repo, self.events), [])


if __name__ == "__main__":
    unittest.main()
