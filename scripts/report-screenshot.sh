#!/usr/bin/env bash
# Makes docs/report.png (the HTML report, full page) and docs/report-pdf.png (page 1 of the PDF) from the
# illustrative articles of examples/ (never from third-party text). Needs Debian's chromium and
# poppler-utils (pdftoppm); installs them when missing (as root). Not part of `make test`.
set -euo pipefail
cd "$(dirname "$0")/.."
BIN=.venv/bin
need=()
command -v chromium >/dev/null || need+=(chromium)
command -v pdftoppm >/dev/null || need+=(poppler-utils)
if [ ${#need[@]} -gt 0 ]; then
    DEBIAN_FRONTEND=noninteractive apt-get install -y -q "${need[@]}" >/dev/null
fi
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
$BIN/sitrep ingest examples/articles --db "$tmp/demo.db" 2>/dev/null
$BIN/sitrep report --db "$tmp/demo.db" --format html -o "$tmp/report.html"
$BIN/sitrep report --db "$tmp/demo.db" --format pdf -o "$tmp/report.pdf"
# a tall window, then the blank foot trimmed (headless chromium has no full-page option)
chromium --headless --no-sandbox --disable-gpu --hide-scrollbars --window-size=1000,4000 \
    --screenshot="$tmp/full.png" "file://$tmp/report.html" 2>/dev/null
$BIN/python - "$tmp/full.png" docs/report.png <<'PY'
import sys
from PIL import Image, ImageChops
img = Image.open(sys.argv[1]).convert("RGB")
box = ImageChops.difference(img, Image.new("RGB", img.size, (255, 255, 255))).getbbox()
img.crop((0, 0, img.width, min(box[3] + 30, img.height))).save(sys.argv[2], optimize=True)
PY
pdftoppm -r 80 -png -f 1 -singlefile "$tmp/report.pdf" docs/report-pdf
echo "docs/report.png docs/report-pdf.png"
