#!/usr/bin/env bash
# Sets the version of every module, the BOM included, in one step: scripts/set-version.sh 0.2.0-SNAPSHOT
# (RELEASING.md). Leaves no backup poms. The BOM has no parent, so it is matched by group, not by inheritance.
set -euo pipefail
[ $# -eq 1 ] && [[ "$1" =~ ^[0-9]+\.[0-9]+\.[0-9]+(-[A-Za-z0-9.]+)?$ ]] || {
  echo "usage: scripts/set-version.sh VERSION   (e.g. 0.2.0-SNAPSHOT or 0.1.0)" >&2
  exit 2
}
root=$(cd "$(dirname "$0")/.." && pwd)
cd "$root"
mvn -B -q versions:set -DnewVersion="$1" -DgroupId=io.github.clbtrigger -DartifactId='*' -DoldVersion='*' \
  -DprocessAllModules=true -DgenerateBackupPoms=false
# Every pom of the reactor now says the new version, or the bump is reported as failed.
stale=$(grep -L -F "<version>$1</version>" pom.xml */pom.xml || true)
if [ -n "$stale" ]; then
  echo "set-version: these poms do not carry $1: $stale" >&2
  exit 1
fi
echo "set-version: every module is at $1"
