"""Schemathesis hooks of the contract test: rules of the API that a schema cannot state.

Loaded through SCHEMATHESIS_HOOKS=schemathesis_hooks with this folder on PYTHONPATH
(tests/e2e/api/schemathesis_test.cc).
"""

import schemathesis


@schemathesis.hook
def filter_case(context, case):
    # POST /orders takes its key in the Idempotency-Key header or in the body's idempotencyKey;
    # given both, they must be the same key (docs/contracts.md), a rule across two parts of a
    # request. Cases that send two different keys are left to the unit tests, which check that
    # they are refused.
    if case.method.upper() != "POST" or case.path != "/orders":
        return True
    header = (case.headers or {}).get("Idempotency-Key")
    body = case.body if isinstance(case.body, dict) else {}
    in_body = body.get("idempotencyKey")
    if not isinstance(header, str) or not isinstance(in_body, str):
        return True
    return header.strip().strip('"') == in_body
