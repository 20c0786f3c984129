#!/usr/bin/env bash
# Refresh the vendored browser files from the npm registry:
#   Mermaid (shipped with every site): templates/assets/mermaid/{mermaid.min.js,LICENSE}
#   axe-core (tests only):             tests/vendor/{axe.min.js,axe-core.LICENSE*}
# Versions default to the pins below; MERMAID_VERSION must match playbook/assets.py (a test
# checks). Usage: scripts/vendor_assets.sh [mermaid-version] [axe-core-version]
set -euo pipefail
cd "$(dirname "$0")/.."

mermaid="${1:-11.17.2}"
axe="${2:-4.14.1}"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT

(cd "$work" && npm pack --silent "mermaid@$mermaid" "axe-core@$axe" >/dev/null)
mkdir -p "$work/mermaid" "$work/axe"
tar xzf "$work/mermaid-$mermaid.tgz" -C "$work/mermaid"
tar xzf "$work/axe-core-$axe.tgz" -C "$work/axe"

cp "$work/mermaid/package/dist/mermaid.min.js" "$work/mermaid/package/LICENSE" templates/assets/mermaid/
cp "$work/axe/package/axe.min.js" tests/vendor/axe.min.js
cp "$work/axe/package/LICENSE" tests/vendor/axe-core.LICENSE
cp "$work/axe/package/LICENSE-3RD-PARTY.txt" tests/vendor/axe-core.LICENSE-3RD-PARTY.txt
sha256sum templates/assets/mermaid/mermaid.min.js tests/vendor/axe.min.js
echo "mermaid $mermaid, axe-core $axe: now set MERMAID_VERSION in playbook/assets.py"
