#!/usr/bin/env bash
# Vendors the page's third-party browser files at build time (the page loads nothing from a CDN):
# `npm install` of web/package.json (from package-lock.json), then the dist files into
# src/sitrep/web/static/vendor/ (gitignored). Country boundaries: Natural Earth 1:50m (public domain) from
# the world-atlas package, converted from TopoJSON to GeoJSON by topojson-client's topo2geo.
# Installs Debian's nodejs and npm when missing (as root). Quiet and idempotent.
set -euo pipefail
cd "$(dirname "$0")/.."
OUT=src/sitrep/web/static/vendor
STAMP="$OUT/.vendored"
if [ -f "$STAMP" ] && [ "$STAMP" -nt web/package-lock.json ]; then exit 0; fi
if ! command -v npm >/dev/null; then
    if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null; then
        echo "installing Debian's nodejs and npm to vendor the web page's files..." >&2
        DEBIAN_FRONTEND=noninteractive apt-get install -y -q nodejs npm >/dev/null 2>&1 ||
            { apt-get update -q >/dev/null 2>&1 && DEBIAN_FRONTEND=noninteractive apt-get install -y -q nodejs npm >/dev/null; }
    fi
    command -v npm >/dev/null || { echo "npm is missing: cannot vendor the web page's files" >&2; exit 1; }
fi
(cd web && npm ci --no-audit --no-fund --silent >/dev/null 2>&1 || npm install --no-audit --no-fund --silent >/dev/null)
NM=web/node_modules
mkdir -p "$OUT/images"
cp "$NM/leaflet/dist/leaflet.js" "$NM/leaflet/dist/leaflet.css" "$OUT/"
cp "$NM/leaflet/dist/images/"*.png "$OUT/images/"
cp "$NM/leaflet.markercluster/dist/leaflet.markercluster.js" \
   "$NM/leaflet.markercluster/dist/MarkerCluster.css" \
   "$NM/leaflet.markercluster/dist/MarkerCluster.Default.css" "$OUT/"
node "$NM/topojson-client/bin/topo2geo" -i "$NM/world-atlas/countries-50m.json" countries="$OUT/countries.geojson"
# the licences travel with the files they cover
cp "$NM/leaflet/LICENSE" "$OUT/LICENSE.leaflet"
cp "$NM/leaflet.markercluster/MIT-LICENCE.txt" "$OUT/LICENSE.leaflet.markercluster"
cp "$NM/world-atlas/LICENSE" "$OUT/LICENSE.world-atlas"
touch "$STAMP"
