"""Checks every event that crossed the bus in the e2e suites against the events' contract.

    check_tapped_events.py DIR [--root DIR]

DIR holds what the suites tapped (tests/e2e/support/event_tap.h): `*.jsonl` files, one JSON object
a line per event an outbox relay published (src/platform/bus/tap/json_lines_tap_file.h):
{"service", "topic", "key", "headers": {name: value}, "value": "<the value as text>"}; and
`injected.txt`, the ce_id of each event a suite put on the bus malformed on purpose
(tests/e2e/support/event_injector.h), which are left out and counted.

For every other line:
1. the topic, less a `--bus-namespace` prefix (`<namespace>.`, letters, digits, '-' and '_'), is
   the address of a channel of api/asyncapi.json whose message is an event type;
2. the value is JSON and valid against the message's payload, api/events/<topic>.schema.json
   (JSON Schema draft 2020-12, formats included), and its eventType is the topic;
3. the headers are valid against the message's headers schema, ce_id is the value's eventId, and
   ce_source names the service that published it;
4. the key is valid against the message's Kafka key schema and is the value's orderId in decimal.

Prints `events: N validated (M types), K injected left out` and exits 0; or each problem (the
first 20) as `FILE:LINE: ...` and exits 1. Tapping nothing is a failure too: a check that saw no
event proves nothing.
"""

import argparse
import glob
import json
import multiprocessing
import os
import re
import sys

from jsonschema import Draft202012Validator
from jsonschema.exceptions import best_match

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from check_events import DEAD_LETTER_MESSAGE, FORMATS, deref  # noqa: E402

INJECTED_FILE = "injected.txt"
SHOWN_PROBLEMS = 20
NAMESPACE = re.compile(r"^[A-Za-z0-9_-]+$")  # what --bus-namespace allows (bus_settings.cc)


class MessageContract:
    """What api/asyncapi.json says of the messages on one event channel, compiled once."""

    def __init__(self, document, base_dir, message):
        def validator(schema):
            return Draft202012Validator(deref(document, base_dir, schema),
                                        format_checker=FORMATS)
        self.payload = validator(message.get("payload", {}))
        self.headers = validator(message.get("headers", {}))
        self.key = validator(message.get("bindings", {}).get("kafka", {}).get("key", {}))


class Contract:
    """The event channels of api/asyncapi.json by address, each with its message's schemas."""

    def __init__(self, root):
        path = os.path.join(root, "api/asyncapi.json")
        with open(path, encoding="utf-8") as file:
            document = json.load(file)
        base_dir = os.path.dirname(path)
        self.channels = {}
        self.dead_letter_channels = set()
        for channel in document.get("channels", {}).values():
            channel = deref(document, base_dir, channel)
            for message in channel.get("messages", {}).values():
                name = message.get("$ref", "").rsplit("/", 1)[-1]
                if name == DEAD_LETTER_MESSAGE:
                    self.dead_letter_channels.add(channel["address"])
                else:
                    self.channels[channel["address"]] = MessageContract(
                        document, base_dir, deref(document, base_dir, message))

    def event_type_of(self, topic):
        """The channel address `topic` is on, less a namespace prefix; None if there is none."""
        if topic in self.channels or topic in self.dead_letter_channels:
            return topic
        name_space, _, rest = topic.partition(".")
        if NAMESPACE.match(name_space) and (rest in self.channels
                                            or rest in self.dead_letter_channels):
            return rest
        return None


def schema_problem(validator, instance, what):
    """The validator's message for the error that explains most, or None if `instance` is valid."""
    error = best_match(validator.iter_errors(instance))
    if error is None:
        return None
    at = "/".join(str(p) for p in error.absolute_path)
    return f"{what} does not match its schema: {error.message}{f' (at {at})' if at else ''}"


def line_problems(contract, line):
    """The problems of one tapped event (a parsed line), and its event type when it has one."""
    topic = contract.event_type_of(line["topic"])
    if topic is None:
        return [f"the topic {line['topic']!r} is no channel of api/asyncapi.json"], None
    if topic in contract.dead_letter_channels:
        return [f"the topic {line['topic']!r} is a dead-letter channel, where no outbox relay "
                "publishes"], None
    message = contract.channels[topic]
    problems = []
    try:
        value = json.loads(line["value"])
    except json.JSONDecodeError as error:
        return [f"{topic}: the value is not JSON ({error}): {line['value'][:200]!r}"], topic
    found = schema_problem(message.payload, value, "the value")
    if found:
        problems.append(f"{topic}: {found}")
    if not isinstance(value, dict):
        return problems, topic
    if value.get("eventType") != topic:
        problems.append(f"{topic}: the value's eventType is {value.get('eventType')!r}, not the "
                        "topic")
    headers = line["headers"]
    found = schema_problem(message.headers, headers, "the headers")
    if found:
        problems.append(f"{topic}: {found}")
    if headers.get("ce_id") != value.get("eventId"):
        problems.append(f"{topic}: the header ce_id {headers.get('ce_id')!r} is not the value's "
                        f"eventId {value.get('eventId')!r}")
    if headers.get("ce_source") != f"sagashop/{line['service']}":
        problems.append(f"{topic}: published by {line['service']!r}, but ce_source is "
                        f"{headers.get('ce_source')!r}")
    found = schema_problem(message.key, line["key"], "the key")
    if found:
        problems.append(f"{topic}: {found}")
    if line["key"] != str(value.get("orderId")):
        problems.append(f"{topic}: the key {line['key']!r} is not the value's orderId "
                        f"{value.get('orderId')!r} in decimal")
    return problems, topic


def parse_line(text):
    """The tapped event of one line, or a problem: the line is what the tap writes, or broken."""
    try:
        line = json.loads(text)
    except json.JSONDecodeError as error:
        return None, f"not a JSON line ({error}): {text[:200]!r}"
    if not isinstance(line, dict):
        return None, "not a JSON object"
    for member, kind in (("service", str), ("topic", str), ("key", str), ("headers", dict),
                         ("value", str)):
        if not isinstance(line.get(member), kind):
            return None, f"no {member} ({kind.__name__}) as the tap writes it"
    if not all(isinstance(v, str) for v in line["headers"].values()):
        return None, "a header whose value is no string"
    return line, None


def read_injected(directory):
    path = os.path.join(directory, INJECTED_FILE)
    if not os.path.exists(path):
        return set()
    with open(path, encoding="utf-8") as file:
        return {line.strip() for line in file if line.strip()}


def check_file(path, contract, injected):
    """check_directory's result for one file."""
    validated, left_out, types, problems = 0, 0, set(), []
    with open(path, encoding="utf-8", errors="replace") as file:
        for number, text in enumerate(file, 1):
            where = f"{path}:{number}"
            if not text.endswith("\n"):
                problems.append(f"{where}: a line cut short (the tap writes whole lines)")
                continue
            line, problem = parse_line(text)
            if problem:
                problems.append(f"{where}: {problem}")
                continue
            if line["headers"].get("ce_id") in injected:
                left_out += 1
                continue
            found, event_type = line_problems(contract, line)
            problems.extend(f"{where}: {p}" for p in found)
            if not found:
                validated += 1
                types.add(event_type)
    return validated, types, left_out, problems


# What a worker process checks against: inherited from its parent (fork), built once.
_WORKER_STATE = None


def _check_file_in_worker(path):
    return check_file(path, *_WORKER_STATE)


def check_directory(directory, contract, workers=1):
    """(validated, event types seen, injected left out, problems as 'FILE:LINE: ...'), the files
    shared among `workers` processes (validation is CPU-bound; one file is one process's tap)."""
    global _WORKER_STATE
    injected = read_injected(directory)
    paths = sorted(glob.glob(os.path.join(directory, "*.jsonl")))
    if workers > 1 and len(paths) > 1:
        _WORKER_STATE = (contract, injected)
        context = multiprocessing.get_context("fork")
        with context.Pool(min(workers, len(paths))) as pool:
            results = pool.map(_check_file_in_worker, paths, chunksize=1)
    else:
        results = [check_file(path, contract, injected) for path in paths]
    validated, left_out, types, problems = 0, 0, set(), []
    for file_validated, file_types, file_left_out, file_problems in results:
        validated += file_validated
        left_out += file_left_out
        types |= file_types
        problems += file_problems
    return validated, types, left_out, problems


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("directory")
    parser.add_argument("--root", default=os.path.join(os.path.dirname(__file__), "../.."))
    args = parser.parse_args(argv)
    contract = Contract(os.path.abspath(args.root))
    validated, types, left_out, problems = check_directory(args.directory, contract,
                                                           workers=os.cpu_count() or 1)
    if not problems and validated == 0:
        print(f"FAIL: {args.directory}: no *.jsonl holds an event that was not injected")
        print(f"events: no events tapped, {left_out} injected left out")
        return 1
    for problem in problems[:SHOWN_PROBLEMS]:
        print(f"FAIL: {problem}")
    if len(problems) > SHOWN_PROBLEMS:
        print(f"FAIL: ... and {len(problems) - SHOWN_PROBLEMS} more")
    if problems:
        print(f"events: {len(problems)} problem(s), {validated} validated, "
              f"{left_out} injected left out")
        return 1
    print(f"events: {validated} validated ({len(types)} types), {left_out} injected left out")
    return 0


if __name__ == "__main__":
    sys.exit(main())
