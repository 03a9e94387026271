#!/bin/sh
# Installs the Debian 12 packages localaction needs to build, run and test. Idempotent: it
# installs only what is missing. As a non-root user it prints the command instead.
set -eu

PACKAGES="build-essential cmake pkg-config clang-format cppcheck
  libmicrohttpd-dev libsqlite3-dev libjansson-dev libcsv-dev libcmocka-dev
  zlib1g-dev python3 python3-pytest curl wrk"

missing=""
for p in $PACKAGES; do
  if ! dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "ok installed"; then
    missing="$missing $p"
  fi
done
[ -z "$missing" ] && exit 0

if [ "$(id -u)" -ne 0 ]; then
  echo "localaction needs these Debian packages:$missing"
  echo "install them with:  sudo apt-get install -y$missing"
  exit 1
fi
echo "installing:$missing"
export DEBIAN_FRONTEND=noninteractive
apt-get update -qq
# shellcheck disable=SC2086
apt-get install -y -qq --no-install-recommends $missing >/dev/null
