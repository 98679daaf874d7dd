#!/usr/bin/env bash
# Installs the VS Code the end-to-end tests drive: code-server, pinned exactly by the committed
# scripts/e2e/code-server/package-lock.json, into a cache folder outside node_modules (so `npm ci` for the
# extension itself stays fast). Idempotent: does nothing when that exact version is already installed from that lock.
#
# code-server 4.100.3 (VS Code 1.100.3) is the last release built for Node 20, and the workbench of that release
# still honours the test payload the extension-host suite relies on, so the version is not a free choice.
#
# Usage: bash scripts/e2e/install-code-server.sh        (prints the path of the code-server launcher on success)
# Env:   BSS2_CODE_SERVER_DIR  install folder (default: <repo>/.vscode-test/code-server)
set -euo pipefail

ROOT="$(cd "$(dirname "$0")/../.." && pwd)"
PIN_DIR="$ROOT/scripts/e2e/code-server"
DEST="${BSS2_CODE_SERVER_DIR:-$ROOT/.vscode-test/code-server}"
VERSION="$(node -p "require('$PIN_DIR/package.json').dependencies['code-server']")"
LAUNCHER="$DEST/node_modules/code-server/out/node/entry.js"
STAMP="$DEST/.installed-from-lock"
# @vscode/ripgrep (pulled in by code-server's own postinstall) downloads rg from api.github.com, which is not
# reachable everywhere. Its downloader first looks for this exact file in $TMPDIR and uses it when present.
RIPGREP_CACHE="vscode-ripgrep-cache-1.15.11"
RIPGREP_TARBALL="ripgrep-v13.0.0-10-x86_64-unknown-linux-musl.tar.gz"

fail() {
  echo "install-code-server: $*" >&2
  exit 1
}
log() { echo "install-code-server: $*" >&2; }

lock_sum="$(cat "$PIN_DIR/package.json" "$PIN_DIR/package-lock.json" | sha256sum | cut -d' ' -f1)"
if [ -f "$STAMP" ] && [ "$(cat "$STAMP")" = "$lock_sum" ] && [ -f "$LAUNCHER" ]; then
  echo "$LAUNCHER"
  exit 0
fi

node_major="$(node -p 'process.versions.node.split(".")[0]')"
[ "$node_major" = "20" ] ||
  fail "code-server $VERSION runs on Node 20 only; this is Node $(node --version). Use Node 20 for the end-to-end tests."

# Debian packages the native builds need: libkrb5-dev for kerberos (its prebuilt binary is a download that fails
# offline, and the source build includes gssapi/gssapi.h), ripgrep for the rg binary described above.
missing=()
[ -f /usr/include/gssapi/gssapi.h ] || missing+=(libkrb5-dev)
[ -x /usr/bin/rg ] || missing+=(ripgrep)
if [ "${#missing[@]}" -gt 0 ]; then
  if [ "$(id -u)" = "0" ] && command -v apt-get >/dev/null 2>&1; then
    log "installing Debian packages: ${missing[*]} (apt-get install)"
    export DEBIAN_FRONTEND=noninteractive
    apt-get update -qq
    apt-get install -y -qq "${missing[@]}" >/dev/null
  else
    fail "code-server needs the Debian packages: ${missing[*]}. Run 'sudo apt-get install ${missing[*]}' and retry."
  fi
fi

work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
mkdir -p "$work/$RIPGREP_CACHE" "$work/rg"
cp /usr/bin/rg "$work/rg/rg"
tar -C "$work/rg" -czf "$work/$RIPGREP_CACHE/$RIPGREP_TARBALL" rg

log "installing code-server $VERSION into $DEST (takes 1-3 minutes; native modules are built from source)"
rm -rf "$DEST"
mkdir -p "$DEST"
cp "$PIN_DIR/package.json" "$PIN_DIR/package-lock.json" "$DEST/"
# unsafe_perm: code-server's postinstall refuses to run as root without it.
# yes: node-pty's postinstall runs `npx node-gyp`, which must not stop at a prompt (or a `yes=false` npmrc).
if ! (cd "$DEST" && npm_config_unsafe_perm=true npm_config_yes=true TMPDIR="$work" \
  npm ci --no-audit --no-fund --loglevel=error >"$work/npm.log" 2>&1); then
  tail -n 40 "$work/npm.log" >&2
  fail "npm ci of code-server $VERSION failed (log above). Needs the npm registry and Node 20 with build tools (make, g++, python3)."
fi
[ -f "$LAUNCHER" ] || fail "code-server installed but $LAUNCHER is missing."
# The first start may log a line (config file created) before the version line "4.100.3 <commit> with Code ...".
installed="$(node "$LAUNCHER" --version 2>/dev/null | grep -Eo '^[0-9]+\.[0-9]+\.[0-9]+ ' | head -n 1 | tr -d ' ')"
[ "$installed" = "$VERSION" ] || fail "expected code-server $VERSION, found '$installed'."
echo "$lock_sum" >"$STAMP"
log "code-server $installed ready"
echo "$LAUNCHER"
