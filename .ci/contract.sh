#!/usr/bin/env bash
# API contract test: schemathesis (PyPI) against openapi/openapi.yaml and a live flinkcloud server.
#   .ci/contract.sh [MAX_EXAMPLES]          (default 20 examples per operation; about 1–3 minutes)
# Installs schemathesis into a venv under $CONTRACT_VENV (default /tmp/flinkcloud-contract-venv) when
# missing, builds and starts the server (in memory, fixed admin key, free port), runs the four checks
# below over every operation, and stops the server. Exit status: schemathesis's.
# FLINKCLOUD_BIN=path uses an already built server binary.
set -euo pipefail
cd "$(dirname "$0")/.."
examples=${1:-20}
venv=${CONTRACT_VENV:-/tmp/flinkcloud-contract-venv}
st_version=4.32.5

if [ ! -x "$venv/bin/schemathesis" ]; then
  # Prefer Python ≥ 3.12 (PATH, then pyenv); 3.11 gets a small hypothesis workaround (see the .py file).
  py=python3
  for v in python3.13 python3.12 $(ls -d "${PYENV_ROOT:-$HOME/.pyenv}"/versions/3.1[2-9]*/bin/python3 2>/dev/null | sort -r); do
    "$v" --version >/dev/null 2>&1 && { py=$v; break; }
  done
  echo "contract: installing schemathesis $st_version into $venv ($($py --version))"
  "$py" -m venv "$venv" || { echo "contract: python3 -m venv failed (apt-get install python3-venv)" >&2; exit 1; }
  "$venv/bin/pip" install -q "schemathesis==$st_version"
  site=$("$venv/bin/python" -c 'import sysconfig; print(sysconfig.get_paths()["purelib"])')
  cp .ci/schemathesis_py311_fix.py "$site/"
  echo "import schemathesis_py311_fix" > "$site/schemathesis_py311_fix.pth"
fi

bin=${FLINKCLOUD_BIN:-}
if [ -z "$bin" ]; then
  swift build --product flinkcloud >/dev/null
  bin="$(swift build --show-bin-path)/flinkcloud"
fi

work=$(mktemp -d /tmp/flinkcloud-contract.XXXXXX)
key=CONTRACTKEY00001; secret=contract-secret-0123456789
"$bin" --in-memory --port 0 --seed 7 --api-key "$key" --api-secret "$secret" --log-level warn \
  > "$work/server.log" 2>&1 &
pid=$!
cleanup() {  # SIGTERM, then SIGKILL if the server has not exited within 10 s
  kill "$pid" 2>/dev/null || true
  for _ in $(seq 100); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
  kill -9 "$pid" 2>/dev/null || true
  wait "$pid" 2>/dev/null || true
  rm -rf "$work"
}
trap cleanup EXIT
url=
for _ in $(seq 200); do
  url=$(sed -nE 's/^listening on (http:[^ ]+).*/\1/p' "$work/server.log" | head -1)
  [ -n "$url" ] && break
  kill -0 "$pid" 2>/dev/null || { cat "$work/server.log" >&2; exit 1; }
  sleep 0.1
done
[ -n "$url" ] || { echo "contract: server did not start" >&2; cat "$work/server.log" >&2; exit 1; }
auth=(-u "$key:$secret")
export FC_ENV FC_CLUSTER
FC_ENV=$(curl -sf "${auth[@]}" "$url/org/v2/environments" | sed -nE 's/.*"id":"(env-[a-z0-9]+)".*/\1/p')
FC_CLUSTER=$(curl -sf "${auth[@]}" "$url/kafka/v3/clusters" | sed -nE 's/.*"cluster_id":"(lkc-[a-z0-9]+)".*/\1/p')
[ -n "$FC_ENV" ] && [ -n "$FC_CLUSTER" ] || { echo "contract: no default environment/cluster" >&2; exit 1; }
# Something to find: a topic and a job in the default environment.
curl -sf "${auth[@]}" -H 'Content-Type: application/json' -o /dev/null "$url/kafka/v3/clusters/$FC_CLUSTER/topics" \
  -d '{"topic_name":"contract-topic","partitions_count":2}'
curl -sf "${auth[@]}" -H 'Content-Type: application/json' -o /dev/null "$url/flink/v1/environments/$FC_ENV/jobs" \
  -d '{"name":"contract-job","sql":"CREATE TABLE s (x BIGINT) WITH (\u0027connector\u0027 = \u0027kafka\u0027, \u0027topic\u0027 = \u0027contract-topic\u0027); CREATE TABLE k (x BIGINT) WITH (\u0027connector\u0027 = \u0027blackhole\u0027); INSERT INTO k SELECT x FROM s"}'
echo "contract: server at $url (environment $FC_ENV, cluster $FC_CLUSTER), $examples examples per operation"

status=0
"$venv/bin/schemathesis" --config-file .ci/schemathesis.toml run openapi/openapi.yaml --url "$url" --auth "$key:$secret" \
  --checks not_a_server_error,status_code_conformance,content_type_conformance,response_schema_conformance \
  --max-examples "$examples" --seed 1 --workers 2 --request-timeout 10 --no-color \
  --generation-database none --suppress-health-check all \
  --report junit --report-dir "$work/report" || status=$?
if ! kill -0 "$pid" 2>/dev/null; then
  echo "contract: the server died during the run" >&2; cat "$work/server.log" >&2; status=1
fi
exit $status
