#!/usr/bin/env bash
# Publishes LearnHub for Linux x64 into one folder to copy onto a server (docs/operations.md, "Install and upgrade"):
# the app, its own libraries and only linux-x64's native ones (SkiaSharp, SQLite), no debug symbols.
# It needs the ASP.NET Core 10 runtime on the server; pass --self-contained to carry the runtime in the folder instead.
# Usage: scripts/publish.sh [folder (default: publish/linux-x64)] [more dotnet publish options]
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
out="$(realpath -m "${1:-$root/publish/linux-x64}")"
shift || true
cd "$root"

# Laid anew, so nothing of an older version lingers; but never a folder that is not an earlier publish.
if [ -d "$out" ] && [ -n "$(ls -A "$out")" ] && [ ! -f "$out/LearnHub.Web.dll" ]; then
  echo "$out is not empty and holds no LearnHub.Web.dll: give an empty or new folder." >&2
  exit 1
fi
rm -rf "$out"

scripts/frontend.sh
# DebugType=none: no .pdb of LearnHub's own projects in the folder (a build still writes them to bin/ for debugging).
dotnet publish src/LearnHub.Web/LearnHub.Web.csproj -c Release -r linux-x64 --self-contained false -p:DebugType=none \
  -nologo -v quiet -o "$out" "$@"

foreign="$(find "$out" \( -name '*.dll' -o -name '*.so' -o -name '*.dylib' \) -path '*/runtimes/*' | head -5)"
if [ -n "$foreign" ]; then
  echo "Unexpected platform-specific files in the publish:" >&2
  echo "$foreign" >&2
  exit 1
fi
echo "LearnHub published to $out: $(du -sh "$out" | cut -f1), $(find "$out" -type f | wc -l) files"
