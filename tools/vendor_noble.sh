#!/bin/sh
# Rebuild src/hustings/web/static/e2e/vendor/noble-ristretto255.js: @noble/curves and @noble/hashes
# (exact versions pinned in tools/vendor_noble/package.json, tarballs checked against the sha512
# integrity hashes of tools/vendor_noble/package-lock.json by `npm ci`) bundled by esbuild into one
# minified ES module exporting only what tools/vendor_noble/entry.js names. Needs node and npm; the
# build runs in a temporary directory, so nothing is installed into the repository.
# Usage: tools/vendor_noble.sh   (from anywhere; rewrites the vendored files, prints their sha256)
set -eu
here=$(cd "$(dirname "$0")" && pwd)
repo=$(dirname "$here")
out="$repo/src/hustings/web/static/e2e/vendor"
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

cp "$here/vendor_noble/package.json" "$here/vendor_noble/package-lock.json" "$here/vendor_noble/entry.js" "$work/"
(cd "$work" && npm ci --no-audit --no-fund --silent)
curves=$(node -p "require('$work/node_modules/@noble/curves/package.json').version")
hashes=$(node -p "require('$work/node_modules/@noble/hashes/package.json').version")
"$work/node_modules/.bin/esbuild" "$work/entry.js" --bundle --format=esm --minify --target=es2020 \
  --legal-comments=none \
  --banner:js="/*! @noble/curves $curves and @noble/hashes $hashes (c) Paul Miller, MIT licence: LICENSE-noble.txt. Built by tools/vendor_noble.sh; see VENDOR.md. */" \
  --outfile="$out/noble-ristretto255.js" --log-level=warning
{
  echo "@noble/curves $curves"
  echo
  cat "$work/node_modules/@noble/curves/LICENSE"
  echo
  echo "@noble/hashes $hashes"
  echo
  cat "$work/node_modules/@noble/hashes/LICENSE"
} >"$out/LICENSE-noble.txt"
cd "$out" && sha256sum noble-ristretto255.js LICENSE-noble.txt
