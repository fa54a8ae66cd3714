#!/bin/sh
# Renders nginx/templates/default.conf.template into an nginx config file.
# Usage: render-conf.sh TEMPLATE OUTPUT
# Only the placeholders listed in TEMPLATE_VARS are substituted, so nginx's own
# `$host`, `$request_uri`, ... stay as they are. DOMAIN is required; every other
# value has the production default shown below.
set -eu

if [ "$#" -ne 2 ]; then
    echo "usage: $0 TEMPLATE OUTPUT" >&2
    exit 2
fi
template=$1
output=$2

: "${DOMAIN:?set DOMAIN to the public name of the server, e.g. pedidos.exemplo.com.br}"
export DOMAIN
export REDIRECT_HOST="${REDIRECT_HOST:-$DOMAIN}"
export HTTP_PORT="${HTTP_PORT:-80}"
export HTTPS_PORT="${HTTPS_PORT:-443}"
export APP_UPSTREAM="${APP_UPSTREAM:-app:8000}"
export TLS_CERT_DIR="${TLS_CERT_DIR:-/etc/nginx/tls}"
export ACME_WEBROOT="${ACME_WEBROOT:-/var/www/certbot}"
# 20 requests/s sustained and 100 at once per address: far above what Twilio sends
# a single kitchen, low enough to stop a flood from one address.
export WEBHOOK_RATE="${WEBHOOK_RATE:-20r/s}"
export WEBHOOK_BURST="${WEBHOOK_BURST:-100}"
# 64 connections open at once per address: far more than Twilio or a kitchen's panel
# hold, few enough that one client cannot take the proxy's connections.
export CONN_PER_ADDRESS="${CONN_PER_ADDRESS:-64}"
# 16 of them may be the panel's live streams (one per open panel tab): a kitchen's
# screens behind one router fit, and pages and Twilio keep the other 48.
export STREAMS_PER_ADDRESS="${STREAMS_PER_ADDRESS:-16}"
export ACCESS_LOG="${ACCESS_LOG:-/var/log/nginx/access.log}"

TEMPLATE_VARS='${DOMAIN} ${REDIRECT_HOST} ${HTTP_PORT} ${HTTPS_PORT} ${APP_UPSTREAM} ${TLS_CERT_DIR} ${ACME_WEBROOT} ${WEBHOOK_RATE} ${WEBHOOK_BURST} ${CONN_PER_ADDRESS} ${STREAMS_PER_ADDRESS} ${ACCESS_LOG}'

case "$CONN_PER_ADDRESS" in
    '' | *[!0-9]*)
        echo "CONN_PER_ADDRESS must be a whole number of connections" >&2
        exit 2
        ;;
esac

case "$STREAMS_PER_ADDRESS" in
    '' | *[!0-9]*)
        echo "STREAMS_PER_ADDRESS must be a whole number of streams" >&2
        exit 2
        ;;
esac

case "$DOMAIN$REDIRECT_HOST" in
    *[!A-Za-z0-9.:-]*)
        echo "DOMAIN and REDIRECT_HOST may hold only letters, digits, '.', '-' and ':'" >&2
        exit 2
        ;;
esac

tmp="$output.tmp.$$"
envsubst "$TEMPLATE_VARS" <"$template" >"$tmp"
# A placeholder left over (outside comments) means the template gained a variable
# this script does not know.
if sed 's/#.*//' "$tmp" | grep -n '\${[A-Z_][A-Z0-9_]*}' >&2; then
    rm -f "$tmp"
    echo "unsubstituted placeholders in $template (see above)" >&2
    exit 1
fi
mv "$tmp" "$output"
