#!/usr/bin/env bash
# Builds and runs one libFuzzer target for a given time.
#   .ci/fuzz/run.sh TARGET SECONDS [extra libFuzzer flags…]     TARGET: http | sql | kafka
#   .ci/fuzz/run.sh TARGET build                                 build only
# The target's source (.ci/fuzz/TARGET.swift) is compiled with the module sources it exercises straight
# with swiftc (-sanitize=fuzzer,address), so internal parser types are reachable. Build output, the
# growing corpus and crash artifacts live in $FUZZ_DIR (default /tmp/flinkcloud-fuzz/TARGET); the
# checked-in seeds in .ci/fuzz/seeds/TARGET start the corpus (for sql: the conformance cases' scripts). Exit status 0: no crash, leak or hang
# (timeout 10 s per input); otherwise libFuzzer's status, with the input saved under artifacts/.
set -euo pipefail
cd "$(dirname "$0")/../.."
target=${1:?usage: run.sh TARGET SECONDS}; secs=${2:?usage: run.sh TARGET SECONDS}; shift 2
dir=${FUZZ_DIR:-/tmp/flinkcloud-fuzz/$target}
mkdir -p "$dir/corpus" "$dir/artifacts"

case $target in
  http)  srcs=(Sources/HTTP/Parsing/*.swift Sources/HTTP/HTTPHeaders.swift) ;;
  sql)   srcs=($(find Sources/SQL -name '*.swift' | sort)) ;;
  kafka) srcs=(Sources/HTTP/Support/JSONRecordSplitter.swift $(find Sources/Model -name '*.swift' | sort)) ;;
  *) echo "unknown target '$target' (http, sql, kafka)" >&2; exit 2 ;;
esac

bin=$dir/fuzz-$target
if [ ! -x "$bin" ] || [ -n "$(find .ci/fuzz/$target.swift "${srcs[@]}" -newer "$bin" 2>/dev/null | head -1)" ]; then
  echo "fuzz: building $target"; rm -f "$bin"
  swiftc -module-name Fuzz_$target -parse-as-library -swift-version 6 -O \
    -sanitize=fuzzer,address \
    "${srcs[@]}" ".ci/fuzz/$target.swift" -o "$bin" 2>&1 | grep -v "Cannot export local symbol\|^/usr/bin/ld.gold: warning" || true
  [ -x "$bin" ] || { echo "fuzz: build failed" >&2; exit 1; }
fi
[ "$secs" = build ] && exit 0

seeds=.ci/fuzz/seeds/$target
if [ "$target" = sql ]; then
  for f in Tests/ConformanceTests/cases/*/case.sql; do
    cp -n "$f" "$dir/corpus/seed-$(basename "$(dirname "$f")").sql"
  done
fi
dict=.ci/fuzz/$target.dict
flags=(-max_total_time="$secs" -timeout=10 -rss_limit_mb=2048 -max_len=8192 -print_final_stats=1
       -artifact_prefix="$dir/artifacts/")
[ -f "$dict" ] && flags+=(-dict="$dict")
echo "fuzz: running $target for ${secs}s (corpus $dir/corpus)"
export SWIFT_BACKTRACE=enable=no   # libFuzzer reports crashes itself
exec "$bin" "${flags[@]}" "$@" "$dir/corpus" $( [ -d "$seeds" ] && echo "$seeds" )
