#!/bin/sh
# Keeps nginx serving the right certificate.
#
#   tls.sh ensure   link TLS_CERT_DIR to the Let's Encrypt certificate of DOMAIN, or,
#                   while there is none yet, create a self-signed placeholder so
#                   nginx can start and answer the HTTP-01 challenge.
#   tls.sh watch    loop forever: when certbot's deploy hook writes TLS_RELOAD_FLAG,
#                   or the first real certificate appears, run `ensure` and reload
#                   nginx (a graceful reload: requests in flight are not dropped).
#
# Settings (environment): DOMAIN (required), TLS_CERT_DIR (/etc/nginx/tls),
# LETSENCRYPT_DIR (/etc/letsencrypt), TLS_RELOAD_FLAG (/var/run/cozinha-tls/reload),
# TLS_WATCH_INTERVAL seconds between checks (30), NGINX_RELOAD_CMD (nginx -s reload).
set -eu

: "${DOMAIN:?set DOMAIN}"
TLS_CERT_DIR="${TLS_CERT_DIR:-/etc/nginx/tls}"
LETSENCRYPT_DIR="${LETSENCRYPT_DIR:-/etc/letsencrypt}"
TLS_RELOAD_FLAG="${TLS_RELOAD_FLAG:-/var/run/cozinha-tls/reload}"
TLS_WATCH_INTERVAL="${TLS_WATCH_INTERVAL:-30}"
NGINX_RELOAD_CMD="${NGINX_RELOAD_CMD:-nginx -s reload}"
live="$LETSENCRYPT_DIR/live/$DOMAIN"

log() {
    echo "tls: $*" >&2
}

has_real_certificate() {
    [ -s "$live/fullchain.pem" ] && [ -s "$live/privkey.pem" ]
}

ensure() {
    mkdir -p "$TLS_CERT_DIR"
    if has_real_certificate; then
        ln -sfn "$live/fullchain.pem" "$TLS_CERT_DIR/fullchain.pem"
        ln -sfn "$live/privkey.pem" "$TLS_CERT_DIR/privkey.pem"
        echo letsencrypt >"$TLS_CERT_DIR/source"
        log "serving the certificate in $live"
    elif [ ! -s "$TLS_CERT_DIR/fullchain.pem" ] || [ ! -s "$TLS_CERT_DIR/privkey.pem" ]; then
        rm -f "$TLS_CERT_DIR/fullchain.pem" "$TLS_CERT_DIR/privkey.pem"
        # Short-lived on purpose: it only bridges the minutes until certbot succeeds.
        openssl req -x509 -newkey rsa:2048 -nodes -days 7 -subj "/CN=$DOMAIN" \
            -keyout "$TLS_CERT_DIR/privkey.pem" -out "$TLS_CERT_DIR/fullchain.pem" 2>/dev/null
        echo placeholder >"$TLS_CERT_DIR/source"
        log "no certificate for $DOMAIN yet: serving a self-signed placeholder"
    fi
}

state() {
    flag=$(cat "$TLS_RELOAD_FLAG" 2>/dev/null || true)
    if has_real_certificate; then
        echo "real $flag"
    else
        echo "none $flag"
    fi
}

watch() {
    trap 'exit 0' TERM INT
    last=$(state)
    while :; do
        sleep "$TLS_WATCH_INTERVAL" &
        wait $! || true
        now=$(state)
        if [ "$now" != "$last" ]; then
            last=$now
            ensure
            # shellcheck disable=SC2086 # the command is meant to be split into words
            if $NGINX_RELOAD_CMD; then
                log "nginx reloaded"
            else
                log "nginx reload failed"
            fi
        fi
    done
}

case "${1:-}" in
    ensure) ensure ;;
    watch) watch ;;
    *)
        echo "usage: $0 ensure|watch" >&2
        exit 2
        ;;
esac
