#!/bin/sh
# Entry point of the nginx container: render the config from the template, make
# sure a certificate is in place (a placeholder until certbot gets the real one),
# start the certificate watcher, then run nginx in the foreground.
set -eu
here="$(cd "$(dirname "$0")" && pwd)"
"$here/render-conf.sh" /etc/nginx/templates/default.conf.template /etc/nginx/conf.d/default.conf
mkdir -p "${ACME_WEBROOT:-/var/www/certbot}"
"$here/tls.sh" ensure
nginx -t -q
"$here/tls.sh" watch &
exec nginx -g 'daemon off;'
