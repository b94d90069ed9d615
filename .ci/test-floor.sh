#!/usr/bin/env bash
# Runs every test again on the lowest Node.js the packages declare (their engines field), so that
# what engines promises is what CI proves. The binary comes from the npm registry (.ci/node-binary.sh);
# processes the tests start run on it too, as it comes first on PATH.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
floor=$(node -p "/(\\d+\\.\\d+\\.\\d+)/.exec(require('./packages/core/package.json').engines.node)[1]")
node_bin=$(bash .ci/node-binary.sh "$floor")
echo "test:floor: every test again, on Node.js $("$node_bin" --version), the lowest the packages declare"
PATH="$(dirname "$node_bin"):$PATH" "$node_bin" node_modules/vitest/vitest.mjs run --config .config/vitest.config.ts
