#!/usr/bin/env bash
# Installs the front-end packages from npm and copies the files the pages use into wwwroot/lib.
set -euo pipefail
web="$(cd "$(dirname "$0")/../src/LearnHub.Web" && pwd)"
cd "$web"
if [ ! -d node_modules/bootstrap ] || [ ! -d node_modules/@microsoft/signalr ] || [ package.json -nt node_modules ]; then
  npm ci --no-audit --no-fund --loglevel=error
fi
lib="$web/wwwroot/lib"
mkdir -p "$lib/bootstrap/css" "$lib/bootstrap/js"
cp node_modules/bootstrap/dist/css/bootstrap.min.css node_modules/bootstrap/dist/css/bootstrap.min.css.map "$lib/bootstrap/css/"
cp node_modules/bootstrap/dist/js/bootstrap.bundle.min.js node_modules/bootstrap/dist/js/bootstrap.bundle.min.js.map "$lib/bootstrap/js/"
mkdir -p "$lib/signalr"
cp node_modules/@microsoft/signalr/dist/browser/signalr.min.js node_modules/@microsoft/signalr/dist/browser/signalr.min.js.map "$lib/signalr/"
