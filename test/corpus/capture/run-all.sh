#!/usr/bin/env bash
# Re-runs every capture script; each starts its server(s) on 127.0.0.1:0 and closes them itself.
set -euo pipefail
cd "$(dirname "$0")"
for s in capture-*.mjs; do
  echo "== $s"
  timeout 120 node "$s" 2>capture-stderr.log >/dev/null || { echo "FAILED: $s"; cat capture-stderr.log; }
done
rm -f capture-stderr.log
ls -l out
