#!/usr/bin/env bash
# Adds a migration named $1 to every DbContext whose model changed, for SQLite and PostgreSQL alike.
# Usage: scripts/add-migration.sh ChangeName
set -euo pipefail
name="${1:?usage: scripts/add-migration.sh ChangeName}"
root="$(cd "$(dirname "$0")/.." && pwd)"
cd "$root"
dotnet tool restore >/dev/null
dotnet build LearnHub.sln -nologo -v quiet >/dev/null
# project | context stem | migrations folder
while IFS='|' read -r project stem folder; do
  for provider in Sqlite Postgres; do
    context="${provider}${stem}"
    if dotnet ef migrations has-pending-model-changes --no-build -p "$project" -s "$project" --context "$context" >/dev/null 2>&1; then
      continue
    fi
    echo "== $context: adding $name"
    dotnet ef migrations add "$name" --no-build -p "$project" -s "$project" --context "$context" -o "$folder/$provider" >/dev/null
    dotnet build "$project" -nologo -v quiet >/dev/null
  done
done <<'LIST'
src/LearnHub.Courses|CoursesDbContext|Data/Migrations
src/LearnHub.Media|MediaDbContext|Data/Migrations
src/LearnHub.Web|IdentityDbContext|Identity/Migrations
LIST
