#!/usr/bin/env bash
# Refresh the query page's browser assets from the npm registry (versions pinned in package-lock.json)
# into conflictkg/static/vendor/. The copied files are committed, so installing ConflictKG needs no npm.
set -euo pipefail
cd "$(dirname "$0")"
npm ci --no-audit --no-fund
out=../conflictkg/static/vendor/codemirror
rm -rf "$out" && mkdir -p "$out"
cp node_modules/codemirror/lib/codemirror.js node_modules/codemirror/lib/codemirror.css \
   node_modules/codemirror/mode/sparql/sparql.js node_modules/codemirror/LICENSE "$out/"
echo "codemirror $(node -p "require('./node_modules/codemirror/package.json').version")" > "$out/VERSION"
