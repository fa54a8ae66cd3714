#!/usr/bin/env bash
# Checks that the Cloud Firestore emulator the integration tests start is on this
# machine: its jar, and a Java 17 or newer to run it. Neither Debian nor PyPI ships
# it (Google's apt repository does), so nothing here installs it: when it is missing
# this says how, and fails. tests/firestore_support.py points here for the same reason.
set -euo pipefail
jar="${FIRESTORE_EMULATOR_JAR:-/usr/lib/google-cloud-sdk/platform/cloud-firestore-emulator/cloud-firestore-emulator.jar}"
problems=()
if [ ! -f "$jar" ]; then
  problems+=("no emulator jar at $jar")
fi
if java=$(command -v java); then
  spec=$("$java" -XshowSettings:properties -version 2>&1 \
    | sed -n 's/^ *java\.specification\.version = //p')
  major=${spec#1.}  # Java 8 and older call themselves 1.N
  if ! [[ "$major" =~ ^[0-9]+$ ]] || [ "$major" -lt 17 ]; then
    problems+=("$java is Java ${spec:-of unknown version}; the emulator needs Java 17 or newer")
  fi
else
  problems+=("no java on PATH; the emulator needs Java 17 or newer")
fi
if [ ${#problems[@]} -eq 0 ]; then
  exit 0
fi
{
  echo "The Cloud Firestore emulator that the integration tests run against is missing:"
  printf '  - %s\n' "${problems[@]}"
  cat <<EOF

It comes from Google's apt repository (package google-cloud-cli-firestore-emulator)
and runs on Java 17 or newer. To install both on Debian 12, as root (as a user with
sudo, put sudo before apt-get, gpg and tee):

  apt-get update
  apt-get install -y ca-certificates curl gnupg openjdk-17-jre-headless
  curl -fsSL https://packages.cloud.google.com/apt/doc/apt-key.gpg \\
    | gpg --dearmor --yes -o /usr/share/keyrings/cloud.google.gpg
  echo "deb [signed-by=/usr/share/keyrings/cloud.google.gpg] https://packages.cloud.google.com/apt cloud-sdk main" \\
    | tee /etc/apt/sources.list.d/google-cloud-sdk.list
  apt-get update
  apt-get install -y google-cloud-cli-firestore-emulator

Then run make test again. The jar is looked for at
$jar
(set FIRESTORE_EMULATOR_JAR to use another). \`make pytest\` runs the tests without
this check: the emulator tests are then skipped, or fail when CI is set.
EOF
} >&2
exit 1
