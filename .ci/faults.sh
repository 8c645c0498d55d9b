#!/usr/bin/env bash
# Fault test: the disk fills up under a running server (a small tmpfs as its data dir).
#   .ci/faults.sh                 (needs root or CAP_SYS_ADMIN for `mount -t tmpfs`; run by .ci/run)
# Checks: while full, writes fail with a clear error (never a crash, the server stays up and keeps
# answering reads); when space returns, writes succeed again without a restart; after a restart every
# acknowledged job and record is there, nothing refused is, and SQLite's integrity check passes.
# FLINKCLOUD_BIN=path uses an already built server. Exit status 0 when every check passed.
set -euo pipefail
cd "$(dirname "$0")/.."
bin=${FLINKCLOUD_BIN:-}
if [ -z "$bin" ]; then
  swift build --product flinkcloud >/dev/null
  bin="$(swift build --show-bin-path)/flinkcloud"
fi
mnt=$(mktemp -d /tmp/flinkcloud-full.XXXXXX)
if ! mount -t tmpfs -o size=${FAULTS_TMPFS_SIZE:-12m} tmpfs "$mnt" 2>/dev/null; then
  echo "faults: cannot mount a tmpfs at $mnt (needs root or CAP_SYS_ADMIN)" >&2
  rmdir "$mnt"; exit 2
fi
key=FAULTSKEY0000001; secret=faults-secret-0123456789
auth=(-u "$key:$secret")
pid=
work=$(mktemp -d /tmp/flinkcloud-faults.XXXXXX)
cleanup() {
  [ -n "$pid" ] && { kill "$pid" 2>/dev/null || true; wait "$pid" 2>/dev/null || true; }
  umount "$mnt" 2>/dev/null || true; rmdir "$mnt" 2>/dev/null || true; rm -rf "$work"
}
trap cleanup EXIT
failures=0
check() { if eval "$2"; then echo "  PASS  $1"; else echo "  FAIL  $1"; failures=$((failures + 1)); fi; }

start() {
  "$bin" --data-dir "$mnt/data" --port 0 --api-key "$key" --api-secret "$secret" --log-level warn \
    >> "$work/server.log" 2>&1 &
  pid=$!
  url=
  for _ in $(seq 300); do
    url=$(sed -nE 's/^listening on (http:[^ ]+).*/\1/p' "$work/server.log" | tail -1)
    [ -n "$url" ] && curl -sf "$url/ready" >/dev/null 2>&1 && return 0
    kill -0 "$pid" 2>/dev/null || { cat "$work/server.log" >&2; return 1; }
    sleep 0.1
  done
  return 1
}
stop() { kill -TERM "$pid"; wait "$pid" || true; pid=; : > "$work/server.log"; }

# post PATH BODY → prints the status; the body goes to $work/body
post() { curl -s "${auth[@]}" -H 'Content-Type: application/json' -o "$work/body" -w '%{http_code}' "$url$1" -d "$2"; }
get() { curl -s "${auth[@]}" -o "$work/body" -w '%{http_code}' "$url$1"; }
job_sql='CREATE TABLE s (x BIGINT) WITH (\u0027connector\u0027 = \u0027blackhole\u0027); INSERT INTO s SELECT 1'
create_job() { post "/flink/v1/environments/$env/jobs" "{\"name\":\"$1\",\"sql\":\"$job_sql\"}"; }
# produce N records with value {"n":K} one request each; appends "K status error_code" lines to $2
produce() {
  local from=$1 to=$2 out=$3 k status code
  for k in $(seq "$from" "$to"); do
    status=$(post "/kafka/v3/clusters/$cluster/topics/full/records" "{\"partition_id\":0,\"value\":{\"type\":\"JSON\",\"data\":{\"n\":$k,\"pad\":\"$(printf 'x%.0s' $(seq 200))\"}}}")
    code=$(sed -nE 's/.*"error_code":([0-9]+).*/\1/p' "$work/body" | head -1)
    echo "$k $status ${code:-none}" >> "$out"
  done
}

start
env=$(curl -sf "${auth[@]}" "$url/org/v2/environments" | sed -nE 's/.*"id":"(env-[a-z0-9]+)".*/\1/p')
cluster=$(curl -sf "${auth[@]}" "$url/kafka/v3/clusters" | sed -nE 's/.*"cluster_id":"(lkc-[a-z0-9]+)".*/\1/p')
post "/kafka/v3/clusters/$cluster/topics" '{"topic_name":"full","partitions_count":1}' >/dev/null
echo "faults: disk full — server $bin on a $(df -h --output=size "$mnt" | tail -1 | tr -d ' ') tmpfs at $mnt"

: > "$work/jobs"; : > "$work/records"
for k in $(seq 1 10); do echo "pre-$k $(create_job "pre-$k")" >> "$work/jobs"; done
produce 1 20 "$work/records"

# Fill the disk to the last block.
dd if=/dev/zero of="$mnt/filler" bs=64k 2>/dev/null || true
dd if=/dev/zero of="$mnt/filler2" bs=512 2>/dev/null || true
echo "  filled: $(df -h --output=avail "$mnt" | tail -1 | tr -d ' ') available"
for k in $(seq 1 10); do echo "full-$k $(create_job "full-$k")" >> "$work/jobs"; done
produce 21 40 "$work/records"
during_jobs=$(grep '^full-' "$work/jobs" | awk '{print $2}' | sort | uniq -c | tr '\n' ' ')
during_records=$(awk '$1 > 20 && $1 <= 40 {print $2 "/" $3}' "$work/records" | sort | uniq -c | tr '\n' ' ')
echo "  while full: job creates → $during_jobs; produce (http/error_code) → $during_records"
create_job probe-full >/dev/null || true
echo "  a refused create answers: $(head -c 300 "$work/body")"
check "no 500 while full (job creates)" "! grep -q '^full-[0-9]* 500' '$work/jobs'"
check "refused creates say the disk is full (507 insufficient_storage)" \
  "grep '^full-' '$work/jobs' | awk '\$2 != 201 {print \$2}' | sort -u | grep -qx 507 && grep -qi 'space\|full' '$work/body'"
check "no 500 while full (produce)" "! awk '\$1 > 20 && \$1 <= 40' '$work/records' | grep -q ' 500 '"
produce 0 0 "$work/probe" >/dev/null
echo "  a refused produce answers: $(head -c 300 "$work/body")"
check "refused records say the disk is full" "grep -q '\"error_code\":50003' '$work/body' && grep -q 'disk is full' '$work/body'"
check "server still up and reading while full" "[ \"\$(get /health)\" = 200 ] && [ \"\$(get /flink/v1/environments/$env/jobs/pre-1)\" = 200 ]"

rm -f "$mnt/filler" "$mnt/filler2"
for k in $(seq 1 5); do echo "after-$k $(create_job "after-$k")" >> "$work/jobs"; done
produce 41 50 "$work/records"
check "writes succeed again once space returns (no restart)" \
  "[ \$(grep -c '^after-[0-9]* 201' '$work/jobs') = 5 ] && [ \$(awk '\$1 > 40 && \$2 == 200 && \$3 == 200' '$work/records' | wc -l) = 10 ]"

stop
start
missing=0; ghost=0
while read -r name status; do
  s=$(get "/flink/v1/environments/$env/jobs/$name")
  if [ "$status" = 201 ] && [ "$s" != 200 ]; then missing=$((missing + 1)); fi
  if [ "$status" != 201 ] && [ "$s" = 200 ]; then ghost=$((ghost + 1)); fi
done < "$work/jobs"
check "after a restart every acknowledged job is there ($missing missing) and no refused one ($ghost)" "[ $missing = 0 ] && [ $ghost = 0 ]"
acked=$(awk '$2 == 200 && $3 == 200 {print $1}' "$work/records" | sort -n | tr '\n' ' ')
get "/kafka/v3/clusters/$cluster/topics/full/partitions/0/records?offset=0&max=1000" >/dev/null
stored=$(grep -oE '"n":[0-9]+' "$work/body" | cut -d: -f2 | sort -n | tr '\n' ' ')
dups=$(grep -oE '"n":[0-9]+' "$work/body" | sort | uniq -d | wc -l)
echo "  acknowledged records: $(echo $acked | wc -w); stored after restart: $(echo $stored | wc -w)"
offsets=$(grep -oE '"offset":[0-9]+' "$work/body" | cut -d: -f2 | tr '\n' ' ')
check "stored offsets are 0…n−1 without gaps (refused records used no offsets)" \
  "[ \"\$(echo $offsets)\" = \"\$(seq -s ' ' 0 \$(( $(echo $offsets | wc -w) - 1 )))\" ]"
check "every acknowledged record is stored, once" \
  "[ -z \"\$(comm -23 <(tr ' ' '\n' <<<'$acked' | sort) <(tr ' ' '\n' <<<'$stored' | sort))\" ] && [ $dups = 0 ]"
check "the server wrote no 500 and logged no crash" "! grep -qi 'fatal\|panic\|crash' '$work/server.log'"
stop
if command -v sqlite3 >/dev/null 2>&1; then
  check "SQLite integrity_check ok" "[ \"\$(sqlite3 '$mnt/data/flinkcloud.sqlite' 'PRAGMA integrity_check')\" = ok ]"
fi
echo "faults: $failures failure(s)"
[ $failures = 0 ]
