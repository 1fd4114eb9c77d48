#!/usr/bin/env bash
# Headless Chromium for the web page's end-to-end test: installs Debian's chromium when it is missing (as
# root; quiet, idempotent) and prints its path. Playwright drives it through executable_path: its own
# browser download (`playwright install`) is never used.
set -euo pipefail
find_chromium() { for c in /usr/bin/chromium "$(command -v chromium 2>/dev/null || true)"; do [ -n "$c" ] && [ -x "$c" ] && { echo "$c"; return 0; }; done; return 1; }
if ! find_chromium >/dev/null; then
    if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null; then
        echo "installing Debian's chromium for the web page's browser test..." >&2
        DEBIAN_FRONTEND=noninteractive apt-get install -y -q chromium >/dev/null 2>&1 ||
            { apt-get update -q >/dev/null 2>&1 && DEBIAN_FRONTEND=noninteractive apt-get install -y -q chromium >/dev/null; }
    fi
fi
find_chromium || { echo "chromium is not installed and cannot be installed here" >&2; exit 1; }
