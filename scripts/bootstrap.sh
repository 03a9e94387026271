#!/bin/sh
# Installs the Debian 12 packages localaction needs to build, run and test, and the npm packages
# of the browser tests (tests/browser). Idempotent: it installs only what is missing. As a
# non-root user it prints the commands instead.
set -eu

PACKAGES="build-essential cmake pkg-config clang-format cppcheck
  libmicrohttpd-dev libsqlite3-dev libjansson-dev libcsv-dev libcmocka-dev
  zlib1g-dev libsodium-dev libcurl4-openssl-dev libcairo2-dev libpango1.0-dev fonts-dejavu-core
  python3 python3-pytest python3-aiosmtpd poppler-utils curl wrk chromium"
# node and npm may come from elsewhere (nodesource, nvm): Debian's only when they are missing
command -v node >/dev/null 2>&1 || PACKAGES="$PACKAGES nodejs"
command -v npm >/dev/null 2>&1 || PACKAGES="$PACKAGES npm"

missing=""
for p in $PACKAGES; do
  if ! dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "ok installed"; then
    missing="$missing $p"
  fi
done

if [ -n "$missing" ]; then
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
fi

# The browser tests' npm packages (playwright-core, axe-core; no browser download): installed
# from the lockfile when node_modules is missing or older than package-lock.json.
browser="$(cd "$(dirname "$0")/.." && pwd)/tests/browser"
stamp="$browser/node_modules/.package-lock.json"
if [ ! -f "$stamp" ] || [ -n "$(find "$browser/package-lock.json" -newer "$stamp")" ]; then
  if [ "$(id -u)" -ne 0 ]; then
    echo "the browser tests need their npm packages"
    echo "install them with:  (cd $browser && npm ci --no-audit --no-fund)"
    exit 1
  fi
  echo "installing the npm packages of tests/browser"
  (cd "$browser" && npm ci --no-audit --no-fund --loglevel=error)
fi
