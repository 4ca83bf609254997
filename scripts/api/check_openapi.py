"""Checks the OpenAPI document of sagashop's HTTP APIs (api/openapi.json) offline.

    check_openapi.py [--each-must-fail] FILE...

1. The file is canonical JSON: exactly what `python3 -m json.tool --indent 2 --no-ensure-ascii`
   writes, so that every change shows as a clean diff.
2. It is a valid OpenAPI 3.1 document (openapi-spec-validator, whose message is printed).
3. Every operation has an operationId and exactly one tag, one of the services' or `operations`.
4. Every example (of a schema, a body, a parameter or a header) is valid against its schema, formats
   included: a contract test compares the running system's responses with these schemas, and an
   example they refuse means a schema that is wrong.

Prints each problem as `FAIL: FILE: ...` and exits 1 if there is any; with --each-must-fail, exits
1 unless every FILE has one (a broken copy that passes means a check that no longer checks) and
prints `NOT REFUSED: FILE` for each that has none.
"""

import argparse
import sys
import urllib.parse

from canonical_json import canonical_problems
from openapi_schema_validator import OAS31Validator
from openapi_spec_validator import validate
from openapi_spec_validator.validation.exceptions import OpenAPIValidationError
from referencing import Registry, Resource
from referencing.exceptions import Unresolvable
from referencing.jsonschema import DRAFT202012

TAGS = {"order", "payment", "inventory", "delivery", "operations"}
METHODS = {"get", "put", "post", "delete", "options", "head", "patch", "trace"}
DOCUMENT_URI = "urn:sagashop:openapi"


def spec_problems(document):
    try:
        validate(document)
    except OpenAPIValidationError as error:
        return [f"not a valid OpenAPI document: {error}"]
    except Unresolvable as error:  # its message would repeat the whole document
        return [f"not a valid OpenAPI document: a $ref to nothing: {getattr(error, 'ref', '?')}"]
    if document.get("openapi") != "3.1.0":
        return [f"openapi is {document.get('openapi')!r}, not '3.1.0'"]
    return []


def operation_problems(document):
    problems = []
    for path, item in document.get("paths", {}).items():
        for method, operation in item.items():
            if method not in METHODS:
                continue
            where = f"{method.upper()} {path}"
            if not operation.get("operationId"):
                problems.append(f"{where} has no operationId")
            tags = operation.get("tags", [])
            if len(tags) != 1 or tags[0] not in TAGS:
                problems.append(f"{where} has tags {tags}, not exactly one of {sorted(TAGS)}")
    return problems


def pointer(parts):
    return "/" + "/".join(
        urllib.parse.quote(str(p).replace("~", "~0").replace("/", "~1"), safe="") for p in parts)


# Yields (JSON pointer parts of a schema, the example, where) for every example of the document.
def examples(node, parts):
    if isinstance(node, dict):
        if isinstance(node.get("schema"), dict):  # a body, a parameter or a header
            schema_parts = parts + ["schema"]
            if "example" in node:
                yield schema_parts, node["example"], pointer(parts + ["example"])
            for name, example in node.get("examples", {}).items():
                if isinstance(example, dict) and "value" in example:
                    yield schema_parts, example["value"], pointer(parts + ["examples", name])
        if parts[:2] == ["components", "schemas"] and len(parts) == 3 and "example" in node:
            yield parts, node["example"], pointer(parts + ["example"])
        for key, value in node.items():
            if key not in ("example", "examples"):
                yield from examples(value, parts + [key])
    elif isinstance(node, list):
        for i, value in enumerate(node):
            yield from examples(value, parts + [i])


def example_problems(document):
    registry = Registry().with_resource(
        DOCUMENT_URI, Resource.from_contents(document, default_specification=DRAFT202012))
    problems = []
    for schema_parts, example, where in examples(document, []):
        validator = OAS31Validator({"$ref": f"{DOCUMENT_URI}#{pointer(schema_parts)}"},
                                   registry=registry, format_checker=OAS31Validator.FORMAT_CHECKER)
        for error in validator.iter_errors(example):
            at = "/".join(str(p) for p in error.absolute_path)
            problems.append(f"the example at {where} does not match its schema: "
                            f"{error.message}{f' (at {at})' if at else ''}")
    return problems


def problems_of(path):
    with open(path, encoding="utf-8") as file:
        text = file.read()
    document, problems = canonical_problems(text)
    if document is None:
        return problems
    spec = spec_problems(document)
    problems += spec
    if spec:  # the other checks assume a well-formed document
        return problems
    return problems + operation_problems(document) + example_problems(document)


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--each-must-fail", action="store_true")
    parser.add_argument("files", nargs="+")
    args = parser.parse_args()
    ok = True
    for path in args.files:
        problems = problems_of(path)
        for problem in problems:
            print(f"FAIL: {path}: {problem}")
        if args.each_must_fail and not problems:
            print(f"NOT REFUSED: {path}")
            ok = False
        if not args.each_must_fail and problems:
            ok = False
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
