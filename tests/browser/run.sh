#!/bin/sh
# Runs the browser tests (`ctest -L browser` calls this). A missing prerequisite is a failure,
# never a skip, so that CI cannot pass without running them.
#   LOCALACTION_BIN  the binary to test (default: build/localaction)
#   SCREENSHOT_DIR   where the screenshots go (default: tests/browser/screenshots)
#   CHROMIUM_PATH    the browser (default: /usr/bin/chromium)
set -eu
cd "$(dirname "$0")"

fail() {
  echo "browser tests: $1" >&2
  echo "browser tests: run scripts/bootstrap.sh (as root it installs what is missing)" >&2
  exit 1
}

command -v node >/dev/null 2>&1 || fail "node is not installed"
major=$(node -p 'process.versions.node.split(".")[0]')
[ "$major" -ge 18 ] || fail "node $(node --version) is too old (18 or later runs node --test)"
chromium=${CHROMIUM_PATH:-/usr/bin/chromium}
[ -x "$chromium" ] || fail "no Chromium at $chromium"
for m in playwright-core axe-core; do
  [ -f "node_modules/$m/package.json" ] || fail "tests/browser/node_modules/$m is missing"
done
# npm ci writes node_modules/.package-lock.json; an older one means the lockfile changed since
if [ -n "$(find package-lock.json -newer node_modules/.package-lock.json)" ]; then
  fail "tests/browser/node_modules is older than package-lock.json"
fi

exec node --test --test-reporter=spec "$@"
