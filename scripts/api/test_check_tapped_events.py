"""Unit tests of check_tapped_events.py: tapped events it must let through and those it must
refuse, written as the tap writes them into a folder made for each test, checked against the
repository's api/asyncapi.json and api/events/.

    python3 -m unittest scripts/api/test_check_tapped_events.py   (or run it directly)
"""

import contextlib
import copy
import io
import json
import os
import shutil
import sys
import tempfile
import unittest

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from check_tapped_events import Contract, check_directory, main  # noqa: E402

ROOT = os.path.abspath(os.path.join(os.path.dirname(__file__), "../.."))
CONTRACT = Contract(ROOT)


def example_line(event_type):
    """The tapped line of the AsyncAPI document's example of `event_type`: a valid event."""
    with open(os.path.join(ROOT, "api/asyncapi.json"), encoding="utf-8") as file:
        example = json.load(file)["components"]["messages"][event_type]["examples"][0]
    payload = copy.deepcopy(example["payload"])
    return {"service": example["headers"]["ce_source"].split("/", 1)[1],
            "topic": event_type,
            "key": str(payload["orderId"]),
            "headers": dict(example["headers"]),
            "value": json.dumps(payload)}


def with_value(line, edit):
    """`line` with its value parsed, changed by `edit`, and written again."""
    value = json.loads(line["value"])
    edit(value)
    return dict(line, value=json.dumps(value))


class TappedEventsTest(unittest.TestCase):
    def setUp(self):
        self.dir = tempfile.mkdtemp(prefix="tapped-events-")
        self.addCleanup(shutil.rmtree, self.dir)

    def write(self, lines, name="order-1-1.jsonl", raw=None):
        with open(os.path.join(self.dir, name), "a", encoding="utf-8") as file:
            for line in lines:
                file.write(json.dumps(line) + "\n")
            if raw is not None:
                file.write(raw)

    def inject(self, *event_ids):
        with open(os.path.join(self.dir, "injected.txt"), "a", encoding="utf-8") as file:
            file.writelines(f"{event_id}\n" for event_id in event_ids)

    def check(self):
        return check_directory(self.dir, CONTRACT)

    def assert_refused(self, line, *phrases):
        self.write([line])
        validated, _, _, problems = self.check()
        self.assertEqual(validated, 0)
        self.assertTrue(problems, "nothing refused")
        for phrase in phrases:
            self.assertTrue(any(phrase in p for p in problems), f"{phrase!r} not in {problems}")
        self.assertTrue(problems[0].startswith(os.path.join(self.dir, "order-1-1.jsonl") + ":1: "),
                        problems[0])
        return problems

    # --- let through ------------------------------------------------------------------------------

    def test_every_event_types_example_is_valid(self):
        types = sorted(CONTRACT.channels)
        self.assertEqual(len(types), 11)
        self.write([example_line(t) for t in types])
        validated, seen, left_out, problems = self.check()
        self.assertEqual(problems, [])
        self.assertEqual((validated, len(seen), left_out), (11, 11, 0))

    def test_events_in_several_files_are_all_read(self):
        self.write([example_line("order.created.v1")], "order-1-1.jsonl")
        self.write([example_line("payment.completed.v1")] * 2, "payment-1-2.jsonl")
        self.assertEqual(self.check()[:3], (3, {"order.created.v1", "payment.completed.v1"}, 0))

    def test_files_shared_among_processes_add_up_to_what_one_process_finds(self):
        self.inject("poison-1")
        bad = example_line("order.created.v1")
        bad["headers"]["ce_id"] = "poison-1"
        for i, event_type in enumerate(sorted(CONTRACT.channels)):
            self.write([example_line(event_type), bad], f"sagashop-{i}-1.jsonl")
        self.write([dict(example_line("order.created.v1"), key="7")], "order-9-1.jsonl")
        serial = check_directory(self.dir, CONTRACT)
        self.assertEqual(serial[:3], (11, set(CONTRACT.channels), 11))
        self.assertEqual(len(serial[3]), 1)
        self.assertEqual(check_directory(self.dir, CONTRACT, workers=3), serial)

    def test_a_namespace_prefix_is_stripped_from_the_topic(self):
        self.write([dict(example_line("stock.reserved.v1"), topic="e2e1a2b3c4d.stock.reserved.v1")])
        validated, _, _, problems = self.check()
        self.assertEqual((validated, problems), (1, []))

    def test_an_event_without_traceparent_is_valid(self):
        line = example_line("order.canceled.v1")
        del line["headers"]["traceparent"]
        self.write([line])
        self.assertEqual(self.check()[3], [])

    def test_injected_events_are_left_out_and_counted(self):
        bad = dict(example_line("order.created.v1"), value='{"eventId": oops')
        bad["headers"]["ce_id"] = "poison-json-1"
        self.inject("poison-json-1", "never-tapped")
        self.write([bad, bad, example_line("order.created.v1")])
        validated, _, left_out, problems = self.check()
        self.assertEqual((validated, left_out, problems), (1, 2, []))

    # --- refused ----------------------------------------------------------------------------------

    def test_a_value_that_breaks_its_schema(self):
        self.assert_refused(
            with_value(example_line("payment.completed.v1"), lambda v: v.update(amount=0)),
            "payment.completed.v1: the value does not match its schema", "(at amount)")

    def test_a_value_missing_a_required_member(self):
        self.assert_refused(
            with_value(example_line("order.created.v1"), lambda v: v.pop("address")),
            "'address' is a required property")

    def test_a_value_with_a_member_the_schema_does_not_have(self):
        self.assert_refused(
            with_value(example_line("delivery.started.v1"), lambda v: v.update(extra=1)),
            "the value does not match its schema")

    def test_a_value_with_a_time_that_is_no_date_time(self):
        self.assert_refused(
            with_value(example_line("stock.released.v1"), lambda v: v.update(occurredAt="now")),
            "'now' is not a 'date-time'")

    def test_a_value_that_is_not_json(self):
        self.assert_refused(dict(example_line("order.created.v1"), value='{"eventId": oops'),
                            "the value is not JSON")

    def test_an_event_type_that_is_not_the_topic(self):
        line = example_line("payment.failed.v1")
        self.assert_refused(dict(line, topic="payment.refunded.v1",
                                 headers=dict(line["headers"], ce_type="payment.refunded.v1")),
                            "eventType is 'payment.failed.v1', not the topic")

    def test_a_topic_that_is_no_channel(self):
        self.assert_refused(dict(example_line("order.created.v1"), topic="order.made.v1"),
                            "the topic 'order.made.v1' is no channel")

    def test_a_prefix_that_is_no_namespace(self):
        self.assert_refused(dict(example_line("order.created.v1"), topic="a b.order.created.v1"),
                            "is no channel")

    def test_a_dead_letter_topic(self):
        self.assert_refused(dict(example_line("order.created.v1"), topic="order.created.v1.dlt"),
                            "is a dead-letter channel")

    def test_headers_missing_one_the_contract_requires(self):
        line = example_line("stock.reserved.v1")
        del line["headers"]["ce_time"]
        self.assert_refused(line, "the headers does not match its schema",
                            "'ce_time' is a required property")

    def test_headers_naming_another_producer(self):
        line = example_line("stock.reserved.v1")
        line["headers"]["ce_source"] = "sagashop/order"
        self.assert_refused(line, "the headers does not match its schema")

    def test_an_event_published_by_a_service_that_does_not_produce_it(self):
        self.assert_refused(dict(example_line("stock.reserved.v1"), service="payment"),
                            "published by 'payment', but ce_source is 'sagashop/inventory'")

    def test_a_ce_id_that_is_not_the_event_id(self):
        line = example_line("order.completed.v1")
        line["headers"]["ce_id"] = "1e2d3c4b-0000-4000-8000-000000000000"
        self.assert_refused(line, "is not the value's eventId")

    def test_a_key_that_is_not_the_order_id(self):
        self.assert_refused(dict(example_line("delivery.failed.v1"), key="999"),
                            "the key '999' is not the value's orderId")

    def test_a_key_that_breaks_the_key_schema(self):
        line = with_value(example_line("delivery.failed.v1"), lambda v: v.update(orderId=0))
        self.assert_refused(dict(line, key="0"), "the key does not match its schema")

    def test_a_line_cut_short(self):
        self.write([], raw=json.dumps(example_line("order.created.v1"))[:80])
        problems = self.check()[3]
        self.assertEqual(len(problems), 1)
        self.assertIn("a line cut short", problems[0])

    def test_a_line_that_is_not_what_the_tap_writes(self):
        self.write([{"topic": "order.created.v1"}])
        self.assertIn("no service", self.check()[3][0])

    def test_an_injected_id_does_not_hide_another_event(self):
        self.inject("poison-json-1")
        problems = self.assert_refused(
            with_value(example_line("payment.completed.v1"), lambda v: v.update(amount=-1)),
            "does not match its schema")
        self.assertEqual(len(problems), 1)

    # --- what main prints -------------------------------------------------------------------------

    def run_main(self):
        out = io.StringIO()
        with contextlib.redirect_stdout(out):
            status = main([self.dir, "--root", ROOT])
        return status, out.getvalue()

    def test_main_summarises_what_it_validated(self):
        self.inject("poison-1")
        bad = example_line("order.created.v1")
        bad["headers"]["ce_id"] = "poison-1"
        self.write([example_line("order.created.v1"), example_line("stock.released.v1"), bad])
        self.assertEqual(self.run_main(),
                         (0, "events: 2 validated (2 types), 1 injected left out\n"))

    def test_main_fails_when_nothing_was_tapped(self):
        status, out = self.run_main()
        self.assertEqual(status, 1)
        self.assertIn("no events tapped", out)

    def test_main_fails_when_only_injected_events_were_tapped(self):
        bad = example_line("order.created.v1")
        self.inject(bad["headers"]["ce_id"])
        self.write([bad])
        status, out = self.run_main()
        self.assertEqual(status, 1)
        self.assertIn("no events tapped", out)

    def test_main_shows_the_first_twenty_problems_and_counts_the_rest(self):
        self.write([dict(example_line("order.created.v1"), key="1")] * 25)
        status, out = self.run_main()
        self.assertEqual(status, 1)
        lines = out.splitlines()
        self.assertEqual(len([line for line in lines if ".jsonl:" in line]), 20)
        self.assertIn("FAIL: ... and 5 more", lines)
        self.assertEqual(lines[-1], "events: 25 problem(s), 0 validated, 0 injected left out")


if __name__ == "__main__":
    unittest.main()
