#!/usr/bin/env bash
# Playwright drives Debian's Chromium (it cannot download its own browser here).
set -euo pipefail
if [ -x /usr/bin/chromium ]; then exit 0; fi
if [ "$(id -u)" = "0" ] && command -v apt-get >/dev/null; then
	echo "Installing Debian's chromium for the e2e tests…"
	apt-get update -qq
	DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null
	exit 0
fi
echo "The e2e tests need Chromium at /usr/bin/chromium. Install it with: sudo apt-get install chromium" >&2
exit 1
