"""Checks the JSON Schemas of sagashop's events (api/events/) and their AsyncAPI document
(api/asyncapi.json) offline, against each other and against the code.

    check_events.py [--root DIR] [--each-must-fail] [--asyncapi FILE] [--events DIR]

1. Every file is canonical JSON: exactly what `python3 -m json.tool --indent 2 --no-ensure-ascii`
   writes, so that every change shows as a clean diff.
2. Each `<type>.schema.json` is a valid JSON Schema, draft 2020-12, with `$id`
   `urn:sagashop:event:<type>`, a title, a description and examples; each example is valid against
   it, formats included. There is one for each event type of src/contracts/event_types.h, and no
   other.
3. The AsyncAPI document (its validity as AsyncAPI 3.0 is scripts/api/asyncapi/validate.cjs's part)
   matches: version 3.0.0, info.version the project's (CMakeLists.txt); one channel per event type
   at the topic's address, and one `<topic>.dlt` channel per topic some service reads; one message
   per event type whose payload is `events/<type>.schema.json`, plus `deadLetter`; every `$ref`
   resolves; each event's headers name its type and producer; each service sends what it
   produces (contracts::ProducerOf), receives what its module subscribes to (SubscribedTopics in
   src/services/<service>/<service>_module.cc) and parks and replays exactly those; every message
   example is valid against the message's payload and headers schemas, formats included (the
   AsyncAPI parser does not check examples).

Prints each problem as `FAIL: FILE: ...` and exits 1 if there is any; with --each-must-fail, exits
1 unless every broken copy given by --asyncapi or --events has one, printing `NOT REFUSED: FILE`.
"""

import argparse
import json
import os
import re
import sys
import urllib.parse

from canonical_json import canonical_problems
from jsonschema import Draft202012Validator
from jsonschema.exceptions import SchemaError

DRAFT_2020_12 = "https://json-schema.org/draft/2020-12/schema"
SERVICES = ("order", "payment", "inventory", "delivery")
PRODUCER_PREFIX = {"order.": "order", "payment.": "payment", "stock.": "inventory",
                   "delivery.": "delivery"}
DEAD_LETTER_MESSAGE = "deadLetter"
FORMATS = Draft202012Validator.FORMAT_CHECKER


def read_json(path):
    with open(path, encoding="utf-8") as file:
        return canonical_problems(file.read())


# --- what the code says ---------------------------------------------------------------------------

def event_types(root):
    with open(os.path.join(root, "src/contracts/event_types.h"), encoding="utf-8") as file:
        text = file.read()
    constants = dict(re.findall(r'inline constexpr std::string_view (k\w+) = "([^"]+)";', text))
    if not constants:
        raise RuntimeError("src/contracts/event_types.h names no event type")
    return constants


def producer_of(event_type):
    return next((s for p, s in PRODUCER_PREFIX.items() if event_type.startswith(p)), "")


def subscriptions(root, constants):
    topics = {}
    for service in SERVICES:
        path = os.path.join(root, f"src/services/{service}/{service}_module.cc")
        with open(path, encoding="utf-8") as file:
            text = file.read()
        body = re.search(r"SubscribedTopics\(\) const \{(.*?)\n\}", text, re.S)
        if not body:
            raise RuntimeError(f"no SubscribedTopics() in {path}")
        names = re.findall(r"\bk[A-Z]\w*", body.group(1))
        unknown = [n for n in names if n not in constants]
        if unknown or not names:
            raise RuntimeError(f"{path}: SubscribedTopics() names {unknown or 'no'} event type")
        topics[service] = {constants[n] for n in names}
    return topics


def project_version(root):
    with open(os.path.join(root, "CMakeLists.txt"), encoding="utf-8") as file:
        found = re.search(r"project\(\s*\w+\s+VERSION\s+([0-9.]+)", file.read())
    return found.group(1) if found else None


# --- the event schemas ----------------------------------------------------------------------------

def example_problems(schema, instances, where):
    validator = Draft202012Validator(schema, format_checker=FORMATS)
    problems = []
    for i, instance in enumerate(instances):
        for error in validator.iter_errors(instance):
            at = "/".join(str(p) for p in error.absolute_path)
            problems.append(f"{where} {i} does not match its schema: {error.message}"
                            f"{f' (at {at})' if at else ''}")
    return problems


def schema_problems(path, event_type):
    schema, problems = read_json(path)
    if schema is None:
        return problems
    try:
        Draft202012Validator.check_schema(schema)
    except SchemaError as error:
        return problems + [f"not a valid JSON Schema (draft 2020-12): {error.message}"]
    if schema.get("$schema") != DRAFT_2020_12:
        problems.append(f"$schema is {schema.get('$schema')!r}, not {DRAFT_2020_12!r}")
    if schema.get("$id") != f"urn:sagashop:event:{event_type}":
        problems.append(f"$id is {schema.get('$id')!r}, not 'urn:sagashop:event:{event_type}'")
    for member in ("title", "description"):
        if not schema.get(member):
            problems.append(f"has no {member}")
    if not schema.get("examples"):
        problems.append("has no examples")
    event_type_schema = schema.get("properties", {}).get("eventType", {})
    if event_type_schema.get("const") != event_type:
        problems.append(f"properties/eventType is not const {event_type!r}")
    return problems + example_problems(schema, schema.get("examples", []), "example")


def events_problems(events_dir, types):
    problems = {}
    present = {f[:-len(".schema.json")] for f in os.listdir(events_dir)
               if f.endswith(".schema.json")}
    for event_type in sorted(present - set(types)):
        problems.setdefault(os.path.join(events_dir, f"{event_type}.schema.json"), []).append(
            "no such event type in src/contracts/event_types.h")
    for event_type in sorted(set(types) - present):
        problems.setdefault(events_dir, []).append(f"no schema for the event type {event_type}")
    for event_type in sorted(present & set(types)):
        path = os.path.join(events_dir, f"{event_type}.schema.json")
        found = schema_problems(path, event_type)
        if found:
            problems.setdefault(path, []).extend(found)
    return problems


# --- the AsyncAPI document ------------------------------------------------------------------------

def resolve_pointer(document, fragment):
    node = document
    for part in fragment.lstrip("/").split("/") if fragment.strip("/") else []:
        part = urllib.parse.unquote(part).replace("~1", "/").replace("~0", "~")
        if isinstance(node, list) and part.isdigit() and int(part) < len(node):
            node = node[int(part)]
        elif isinstance(node, dict) and part in node:
            node = node[part]
        else:
            raise KeyError(fragment)
    return node


def refs(node, where=""):
    if isinstance(node, dict):
        if isinstance(node.get("$ref"), str):
            yield node["$ref"], where
        for key, value in node.items():
            yield from refs(value, f"{where}/{key}")
    elif isinstance(node, list):
        for i, value in enumerate(node):
            yield from refs(value, f"{where}/{i}")


def resolve(document, base_dir, ref):
    """The node a $ref names: in the document, or in a JSON file relative to it."""
    target, _, fragment = ref.partition("#")
    if target:
        if urllib.parse.urlparse(target).scheme:
            raise KeyError(f"{ref} is not a relative reference to a file")
        with open(os.path.join(base_dir, target), encoding="utf-8") as file:
            document = json.load(file)
    return resolve_pointer(document, fragment)


def ref_problems(document, base_dir):
    problems = []
    for ref, where in refs(document):
        try:
            resolve(document, base_dir, ref)
        except (KeyError, OSError, json.JSONDecodeError):
            problems.append(f"the $ref {ref!r} at {where} resolves to nothing")
    return problems


def deref(document, base_dir, node):
    while isinstance(node, dict) and "$ref" in node:
        node = resolve(document, base_dir, node["$ref"])
    return node


def message_problems(document, base_dir, types):
    problems = []
    messages = document.get("components", {}).get("messages", {})
    wanted = set(types) | {DEAD_LETTER_MESSAGE}
    for name in sorted(set(messages) - wanted):
        problems.append(f"components/messages/{name} is no event type")
    for name in sorted(wanted - set(messages)):
        problems.append(f"components/messages has no {name}")
    for name in sorted(set(messages) & wanted):
        message = deref(document, base_dir, messages[name])
        payload_ref = message.get("payload", {}).get("$ref")
        if name != DEAD_LETTER_MESSAGE and payload_ref != f"events/{name}.schema.json":
            problems.append(f"the payload of message {name} is {payload_ref!r}, "
                            f"not a $ref to 'events/{name}.schema.json'")
        if "key" not in message.get("bindings", {}).get("kafka", {}):
            problems.append(f"message {name} has no bindings.kafka.key")
        if not message.get("examples"):
            problems.append(f"message {name} has no examples")
        payload = deref(document, base_dir, message.get("payload", {}))
        headers = deref(document, base_dir, message.get("headers", {}))
        if name != DEAD_LETTER_MESSAGE:
            # What the producer's outbox relay writes (src/platform/outbox/outbox_relay.cc).
            header_schemas = headers.get("properties", {})
            for header, value in (("ce_type", name), ("ce_source", f"sagashop/{producer_of(name)}"),
                                  ("ce_specversion", "1.0"), ("content-type", "application/json")):
                if header_schemas.get(header, {}).get("const") != value:
                    problems.append(f"message {name}: header {header} is not const {value!r}")
        for i, example in enumerate(message.get("examples", [])):
            where = f"components/messages/{name}/examples/{i}"
            if "payload" in example:
                problems += example_problems(payload, [example["payload"]], f"{where}/payload")
            if "headers" in example:
                problems += example_problems(headers, [example["headers"]], f"{where}/headers")
    return problems


def channel_problems(document, base_dir, types, read):
    problems = []
    channels = document.get("channels", {})
    addresses = {}
    for name, channel in channels.items():
        channel = deref(document, base_dir, channel)
        addresses[channel.get("address")] = name
        message_refs = [m.get("$ref") for m in channel.get("messages", {}).values()]
        topic = channel.get("address", "")
        wanted = (f"#/components/messages/{DEAD_LETTER_MESSAGE}" if topic.endswith(".dlt")
                  else f"#/components/messages/{topic}")
        if message_refs != [wanted]:
            problems.append(f"channel {name} (address {topic!r}) has messages {message_refs}, "
                            f"not just {wanted!r}")
    wanted = set(types) | {f"{t}.dlt" for t in read}
    for address in sorted(set(addresses) - wanted, key=str):
        problems.append(f"channel {addresses[address]} has the address {address!r}, which is no "
                        "event type, nor the dead-letter topic of one that a service reads")
    for address in sorted(wanted - set(addresses)):
        problems.append(f"no channel has the address {address!r}")
    return problems


def operation_problems(document, base_dir, types, subscribed):
    problems = []
    found = {}  # (service, role) -> topics
    for name, operation in document.get("operations", {}).items():
        operation = deref(document, base_dir, operation)
        parts = name.split(".", 2)
        if len(parts) != 3 or parts[0] not in SERVICES:
            problems.append(f"operation {name} is not named <service>.<role>.<topic>")
            continue
        service, role, topic = parts
        action = {"sends": "send", "receives": "receive", "parks": "send", "replays": "send"}
        if role not in action:
            problems.append(f"operation {name}: {role} is none of {sorted(action)}")
            continue
        if operation.get("action") != action[role]:
            problems.append(f"operation {name} has action {operation.get('action')!r}, "
                            f"not {action[role]!r}")
        channel = deref(document, base_dir, operation.get("channel", {}))
        address = topic + ".dlt" if role == "parks" else topic
        if channel.get("address") != address:
            problems.append(f"operation {name} is on the channel of {channel.get('address')!r}, "
                            f"not of {address!r}")
        found.setdefault((service, role), set()).add(topic)
    for service in SERVICES:
        expected = {
            "sends": {t for t in types if producer_of(t) == service},
            "receives": subscribed[service],
            "parks": subscribed[service],
            "replays": subscribed[service],
        }
        for role, topics in expected.items():
            have = found.get((service, role), set())
            for topic in sorted(topics - have):
                problems.append(f"no operation {service}.{role}.{topic}, which the code does")
            for topic in sorted(have - topics):
                problems.append(f"operation {service}.{role}.{topic}, which the code does not do")
    return problems


def asyncapi_problems(path, root, types, subscribed):
    document, problems = read_json(path)
    if document is None:
        return problems
    base_dir = os.path.dirname(os.path.abspath(path))
    if document.get("asyncapi") != "3.0.0":
        problems.append(f"asyncapi is {document.get('asyncapi')!r}, not '3.0.0'")
    version = project_version(root)
    if document.get("info", {}).get("version") != version:
        problems.append(f"info.version is {document.get('info', {}).get('version')!r}, not the "
                        f"project's version {version!r} (CMakeLists.txt)")
    refs_broken = ref_problems(document, base_dir)
    if refs_broken:  # the other checks follow references
        return problems + refs_broken
    read = set().union(*subscribed.values())
    return (problems + message_problems(document, base_dir, types)
            + channel_problems(document, base_dir, types, read)
            + operation_problems(document, base_dir, types, subscribed))


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--root", default=os.path.join(os.path.dirname(__file__), "../.."))
    parser.add_argument("--each-must-fail", action="store_true")
    parser.add_argument("--asyncapi", action="append", default=[])
    parser.add_argument("--events", action="append", default=[])
    args = parser.parse_args()
    root = os.path.abspath(args.root)
    constants = event_types(root)
    types = sorted(constants.values())
    subscribed = subscriptions(root, constants)
    asyncapis = args.asyncapi or ([] if args.each_must_fail
                                  else [os.path.join(root, "api/asyncapi.json")])
    events_dirs = args.events or ([] if args.each_must_fail else [os.path.join(root, "api/events")])
    # One result per input: a folder of schemas, or an AsyncAPI document.
    results = [(d, events_problems(d, types)) for d in events_dirs]
    results += [(p, {p: asyncapi_problems(p, root, types, subscribed)}) for p in asyncapis]
    ok = True
    for given, problems in results:
        found = False
        for path, messages in problems.items():
            for message in messages:
                print(f"FAIL: {path}: {message}")
                found = True
        if args.each_must_fail and not found:
            print(f"NOT REFUSED: {given}")
            ok = False
        if not args.each_must_fail and found:
            ok = False
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
