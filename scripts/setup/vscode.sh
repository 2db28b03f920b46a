#!/usr/bin/env bash
# Installs the VS Code used by the tests and by `npm run lab`: the VS Code
# server shipped in the npm package code-server (4.100.3 is the last line that
# runs on Node 20), without its download steps (this machine reaches only
# package registries). Cached per version under $KUBELAB_CACHE; prints the
# directory of the VS Code server (the one holding out/server-main.js).
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
# shellcheck source=../lab/versions.sh
. "$here/../lab/versions.sh"
cache=${KUBELAB_CACHE:-$HOME/.cache/kubelab}
root="$cache/code-server-$CODE_SERVER_VERSION"
vscode="$root/node_modules/code-server/lib/vscode"
log() { echo "kubelab: $*" >&2; }

if [ -f "$root/.ready" ]; then echo "$vscode"; exit 0; fi

for tool in rg g++ make python3; do
  command -v "$tool" >/dev/null || { log "missing $tool: run scripts/setup/system.sh as root first"; exit 1; }
done
[ -e /usr/include/krb5.h ] || [ -e /usr/include/gssapi/gssapi.h ] || { log "missing libkrb5-dev: run scripts/setup/system.sh as root first"; exit 1; }

log "installing code-server $CODE_SERVER_VERSION (first run only, ~2 min)"
rm -rf "$root"; mkdir -p "$root"; cd "$root"
export npm_config_unsafe_perm=true npm_config_yes=true npm_config_fund=false npm_config_audit=false npm_config_update_notifier=false
echo '{"name":"kubelab-test-vscode","private":true}' > package.json
npm install --no-save --ignore-scripts "code-server@$CODE_SERVER_VERSION" >&2
cs="$root/node_modules/code-server"
( cd "$cs" && npm rebuild argon2 >&2 ) || log "argon2 rebuild failed (only password auth needs it)"
cd "$vscode"
npm install --omit=dev --ignore-scripts >&2
npm rebuild @vscode/spdlog native-watchdog kerberos @vscode/deviceid node-pty >&2
mkdir -p node_modules/@vscode/ripgrep/bin
cp "$(command -v rg)" node_modules/@vscode/ripgrep/bin/rg
# The symlinks code-server's own postinstall.sh makes.
ln -sfn node_modules node_modules.asar
( cd bin/remote-cli && ln -sfn code-linux.sh code-server ) 2>/dev/null || true
( cd bin/helpers && ln -sfn browser-linux.sh browser.sh ) 2>/dev/null || true
( cd extensions && npm install --omit=dev --ignore-scripts >&2 )
test -f out/server-main.js
touch "$root/.ready"
echo "$vscode"
