#!/usr/bin/env bash
# Installs what the real-editor tests need into .e2e/ (ignored): code-server
# 4.100.3 (VS Code 1.100.3 in the browser). Idempotent: does nothing when the
# right version is already there. Chromium, ripgrep and the Kerberos headers
# come from Debian (see .ci/run).
#
# code-server's ripgrep dependency downloads `rg` from GitHub in its
# postinstall; it looks in a cache folder first, so we put a tarball holding
# Debian's rg there. Nothing is written outside .e2e/.
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

# The install scripts npm may run here (npm 11 lists the others as not yet reviewed).
cat > .e2e/package.json <<'JSON'
{ "name": "keras-shapes-e2e", "private": true, "allowScripts": { "code-server": true, "argon2": true } }
JSON
cd .e2e

# Everything the install writes stays in .e2e/tmp: temporary files, npm's
# cache (unless one is chosen), and code-server's config and data, which it
# creates on its first run (~/.config/code-server, ~/.local/share/code-server).
export TMPDIR="$PWD/tmp" XDG_CONFIG_HOME="$PWD/tmp/config" XDG_DATA_HOME="$PWD/tmp/data" XDG_CACHE_HOME="$PWD/tmp/cache"
export npm_config_cache="${npm_config_cache:-$PWD/tmp/npm-cache}"
# node-pty's build runs `npx node-gyp`.
export npm_config_yes=true
# code-server's postinstall refuses to run as root unless npm_config_unsafe_perm
# is "true"; npm 9+ no longer knows that option and warns when it is given on
# the command line or in npm's environment. The shell npm runs install scripts
# with sets it for those scripts alone.
printf '#!/bin/sh\nnpm_config_unsafe_perm=true exec /bin/sh "$@"\n' > tmp/script-shell.sh
chmod +x tmp/script-shell.sh
npm install --no-save --no-audit --no-fund --script-shell="$PWD/tmp/script-shell.sh" "code-server@$CODE_SERVER_VERSION"
./node_modules/.bin/code-server --version
