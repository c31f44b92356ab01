#!/usr/bin/env bash
# Installs what the real-editor tests need into .e2e/ (ignored): code-server
# 4.100.3 (VS Code 1.100.3 in the browser). Idempotent: does nothing when the
# right version is already there. Chromium, ripgrep and the Kerberos headers
# come from Debian (see .ci/run).
#
# code-server's ripgrep dependency downloads `rg` from GitHub in its
# postinstall; it looks in a cache folder first, so we put a tarball holding
# Debian's rg there.
set -euo pipefail
cd "$(dirname "$0")/.."

CODE_SERVER_VERSION=4.100.3
RIPGREP_CACHE_NAME=vscode-ripgrep-cache-1.15.11
RIPGREP_TARBALL=ripgrep-v13.0.0-10-x86_64-unknown-linux-musl.tar.gz

installed="$(node -p "try { require('./.e2e/node_modules/code-server/package.json').version } catch { '' }")"
if [ "$installed" = "$CODE_SERVER_VERSION" ] && [ -x .e2e/node_modules/.bin/code-server ]; then
  echo "code-server $CODE_SERVER_VERSION already in .e2e/"
  exit 0
fi

command -v rg >/dev/null || { echo "ripgrep (rg) is missing: apt-get install ripgrep" >&2; exit 1; }

mkdir -p .e2e/tmp/"$RIPGREP_CACHE_NAME" .e2e/tmp/rg-pack
cp "$(command -v rg)" .e2e/tmp/rg-pack/rg
tar -czf .e2e/tmp/"$RIPGREP_CACHE_NAME"/"$RIPGREP_TARBALL" -C .e2e/tmp/rg-pack rg

[ -f .e2e/package.json ] || echo '{ "name": "keras-shapes-e2e", "private": true }' > .e2e/package.json
cd .e2e
# --unsafe-perm: code-server's postinstall refuses root otherwise;
# npm_config_yes: node-pty's build runs `npx node-gyp`.
TMPDIR="$PWD/tmp" npm_config_yes=true npm install --no-save --no-audit --no-fund --unsafe-perm=true "code-server@$CODE_SERVER_VERSION"
./node_modules/.bin/code-server --version
