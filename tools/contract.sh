#!/usr/bin/env bash
# Checks the server against openapi.yaml with schemathesis: the demo data,
# an admin key, every operation fuzzed (examples, coverage, random and
# stateful phases), every response checked for status, headers and schema.
#
#   tools/contract.sh [extra schemathesis options]    (SPP=... skips the build)
#
# tools/schemathesis.toml keeps TRACE, OPTIONS and QUERY out of the probes
# for undeclared methods (why is there). Two checks are left out, each for a
# reason the server keeps on purpose:
# - positive_data_acceptance: the schema cannot say "not in the future",
#   "after startsAt" or "the version you last read", so valid-looking bodies
#   are refused with 422 or 412.
# - negative_data_rejection: a PATCH whose If-Match fails is 412 before its
#   body is read, as RFC 9110 §13.2.1 orders preconditions.
# DELETE /v1/api-keys/{id} is skipped: it would revoke the run's own key.
set -euo pipefail
cd "$(dirname "$0")/.."
command -v st >/dev/null || pip install -q schemathesis
. bench/server.sh
"$spp" seed --demo --db "$work/spp.sqlite" >/dev/null
key=$("$spp" keys create --db "$work/spp.sqlite" --role admin --name contract | tail -1)
port=${PORT:-18900}
start_server "$port" SPP_RATE_LIMIT=0 SPP_RESOURCES="$PWD"
st --config-file tools/schemathesis.toml run openapi.yaml --url "http://127.0.0.1:$port" -H "Authorization: Bearer $key" \
  --checks all --exclude-checks positive_data_acceptance,negative_data_rejection \
  --exclude-path '/v1/api-keys/{id}' \
  --phases examples,coverage,fuzzing,stateful --max-examples "${EXAMPLES:-100}" --workers 2 "$@"
