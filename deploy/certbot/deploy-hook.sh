#!/bin/sh
# Certbot deploy hook: runs after every successful issuance or renewal and tells
# the nginx container to reload by writing a new value into TLS_RELOAD_FLAG, a file
# on a volume both containers share (deploy/nginx/tls.sh watches it).
set -eu
TLS_RELOAD_FLAG="${TLS_RELOAD_FLAG:-/var/run/cozinha-tls/reload}"
mkdir -p "$(dirname "$TLS_RELOAD_FLAG")"
tmp="$TLS_RELOAD_FLAG.tmp.$$"
echo "${RENEWED_LINEAGE:-unknown} $(date -u +%Y-%m-%dT%H:%M:%SZ) $$" >"$tmp"
mv "$tmp" "$TLS_RELOAD_FLAG"
echo "certbot: new certificate for ${RENEWED_DOMAINS:-?}; nginx will reload"
