#!/usr/bin/env bash
# Installs the system packages the integration tests drive for real
# (nginx, certbot and Debian's pebble ACME server, plus envsubst and openssl used
# by the nginx scripts in deploy/; zbarimg, which reads the Pix QR codes back in the
# tests; Chromium, which Playwright drives in the browser tests, and a colour emoji
# font so its screenshots show what a phone shows), only when missing. Playwright's
# own browser download is never used.
set -euo pipefail
missing=()
command -v nginx >/dev/null 2>&1 || [ -x /usr/sbin/nginx ] || missing+=(nginx)
command -v certbot >/dev/null 2>&1 || missing+=(certbot)
command -v pebble >/dev/null 2>&1 || [ -x /usr/bin/pebble ] || missing+=(pebble)
command -v envsubst >/dev/null 2>&1 || missing+=(gettext-base)
command -v openssl >/dev/null 2>&1 || missing+=(openssl)
command -v zbarimg >/dev/null 2>&1 || missing+=(zbar-tools)
[ -x /usr/bin/chromium ] || missing+=(chromium)
[ -f /usr/share/fonts/truetype/noto/NotoColorEmoji.ttf ] || missing+=(fonts-noto-color-emoji)
if [ ${#missing[@]} -eq 0 ]; then
  exit 0
fi
if [ "$(id -u)" -ne 0 ]; then
  echo "missing system packages: ${missing[*]} (run as root or install them: apt-get install ${missing[*]})" >&2
  exit 1
fi
echo "installing system packages: ${missing[*]}"
export DEBIAN_FRONTEND=noninteractive
apt-get update -qq
apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
