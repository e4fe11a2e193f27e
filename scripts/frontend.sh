#!/usr/bin/env bash
# Installs the front-end packages from npm (package-lock.json: the libraries, and for ./test.sh eslint and the
# accessibility checker axe-core the end-to-end tests inject into pages)
# and copies the files the pages use into wwwroot/lib.
set -euo pipefail
web="$(cd "$(dirname "$0")/../src/LearnHub.Web" && pwd)"
cd "$web"
if [ ! -d node_modules/bootstrap ] || [ ! -d node_modules/hls.js ] || [ ! -d node_modules/chart.js ] || [ ! -d node_modules/eslint ] || [ ! -d node_modules/axe-core ] \
    || [ package.json -nt node_modules ] || [ package-lock.json -nt node_modules ]; then
  npm ci --no-audit --no-fund --loglevel=error
fi
lib="$web/wwwroot/lib"
# Laid anew each time, so a file the pages no longer use does not linger.
rm -rf "$lib"
mkdir -p "$lib/bootstrap/css" "$lib/bootstrap/js" "$lib/chart.js"
cp node_modules/bootstrap/dist/css/bootstrap.min.css node_modules/bootstrap/dist/css/bootstrap.min.css.map "$lib/bootstrap/css/"
cp node_modules/bootstrap/dist/js/bootstrap.bundle.min.js node_modules/bootstrap/dist/js/bootstrap.bundle.min.js.map "$lib/bootstrap/js/"
mkdir -p "$lib/hls.js" "$lib/tus-js-client" "$lib/signalr"
cp node_modules/hls.js/dist/hls.min.mjs node_modules/hls.js/dist/hls.min.mjs.map "$lib/hls.js/"
cp node_modules/tus-js-client/dist/tus.min.js node_modules/tus-js-client/dist/tus.min.js.map "$lib/tus-js-client/"
cp node_modules/@microsoft/signalr/dist/browser/signalr.min.js node_modules/@microsoft/signalr/dist/browser/signalr.min.js.map "$lib/signalr/"
cp node_modules/chart.js/dist/chart.umd.min.js node_modules/chart.js/dist/chart.umd.min.js.map "$lib/chart.js/"
