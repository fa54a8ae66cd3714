#!/bin/sh
# Entry point of the certbot container: obtains the first Let's Encrypt
# certificate for DOMAIN (HTTP-01 through nginx's /.well-known/acme-challenge/),
# then tries a renewal twice a day; certbot renews only within 30 days of expiry.
# Every success runs deploy-hook.sh, which makes nginx reload.
#
#   certbot-loop.sh           loop forever (the compose service)
#   certbot-loop.sh --once    one issuance-or-renewal pass, exit with certbot's status
#
# Settings (environment): DOMAIN (required); CERTBOT_EMAIL (expiry notices; empty
# registers without e-mail); CERTBOT_STAGING=1 uses Let's Encrypt's staging CA;
# ACME_WEBROOT (/var/www/certbot); CERTBOT_CONFIG_DIR (/etc/letsencrypt);
# CERTBOT_WORK_DIR (/var/lib/letsencrypt); CERTBOT_LOGS_DIR (/var/log/letsencrypt);
# CERTBOT_RENEW_INTERVAL seconds between renewal checks (43200);
# CERTBOT_RETRY_INTERVAL seconds before retrying a failed first issuance (3600);
# CERTBOT_ARGS extra arguments for every certbot call (e.g. --server URL).
set -eu

: "${DOMAIN:?set DOMAIN to the public name of the server}"
ACME_WEBROOT="${ACME_WEBROOT:-/var/www/certbot}"
CERTBOT_CONFIG_DIR="${CERTBOT_CONFIG_DIR:-/etc/letsencrypt}"
CERTBOT_WORK_DIR="${CERTBOT_WORK_DIR:-/var/lib/letsencrypt}"
CERTBOT_LOGS_DIR="${CERTBOT_LOGS_DIR:-/var/log/letsencrypt}"
# Let's Encrypt recommends checking twice a day.
CERTBOT_RENEW_INTERVAL="${CERTBOT_RENEW_INTERVAL:-43200}"
# Failed validations are rate limited (5 per hour per host name): retry slowly.
CERTBOT_RETRY_INTERVAL="${CERTBOT_RETRY_INTERVAL:-3600}"
CERTBOT_ARGS="${CERTBOT_ARGS:-}"
hook="$(cd "$(dirname "$0")" && pwd)/deploy-hook.sh"

certbot_cmd() {
    # shellcheck disable=SC2086 # CERTBOT_ARGS is a list of arguments
    certbot --non-interactive \
        --config-dir "$CERTBOT_CONFIG_DIR" --work-dir "$CERTBOT_WORK_DIR" \
        --logs-dir "$CERTBOT_LOGS_DIR" $CERTBOT_ARGS "$@"
}

one_pass() {
    mkdir -p "$ACME_WEBROOT"
    if [ -s "$CERTBOT_CONFIG_DIR/live/$DOMAIN/fullchain.pem" ]; then
        certbot_cmd renew --webroot -w "$ACME_WEBROOT" --deploy-hook "$hook"
    else
        set -- certonly --webroot -w "$ACME_WEBROOT" -d "$DOMAIN" --cert-name "$DOMAIN" \
            --agree-tos --keep-until-expiring --deploy-hook "$hook"
        if [ -n "${CERTBOT_EMAIL:-}" ]; then
            set -- "$@" --email "$CERTBOT_EMAIL"
        else
            set -- "$@" --register-unsafely-without-email
        fi
        if [ "${CERTBOT_STAGING:-0}" = 1 ]; then
            set -- "$@" --test-cert
        fi
        certbot_cmd "$@"
    fi
}

if [ "${1:-}" = --once ]; then
    one_pass
    exit $?
fi

trap 'exit 0' TERM INT
while :; do
    if one_pass; then
        wait_for=$CERTBOT_RENEW_INTERVAL
    elif [ -s "$CERTBOT_CONFIG_DIR/live/$DOMAIN/fullchain.pem" ]; then
        wait_for=$CERTBOT_RENEW_INTERVAL
    else
        echo "certbot: no certificate for $DOMAIN yet (DNS and port 80 ready?);" \
            "retrying in ${CERTBOT_RETRY_INTERVAL}s" >&2
        wait_for=$CERTBOT_RETRY_INTERVAL
    fi
    sleep "$wait_for" &
    wait $! || true
done
