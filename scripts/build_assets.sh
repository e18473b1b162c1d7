#!/usr/bin/env bash
# Copies the front-end packages installed from the npm registry (package-lock.json) into
# src/bwmo/static/vendor, so that nothing is loaded from a CDN at run time.
set -euo pipefail
cd "$(dirname "$0")/.."
out=src/bwmo/static/vendor
nm=node_modules
rm -rf "$out"
mkdir -p "$out/utrecht" "$out/htmx" "$out/chartjs" "$out/leaflet" "$out/axe"
cp "$nm/@utrecht/component-library-css/dist/index.css" "$out/utrecht/component-library.css"
cp "$nm/@utrecht/design-tokens/dist/theme.css" "$out/utrecht/theme.css"
cp "$nm/htmx.org/dist/htmx.min.js" "$out/htmx/htmx.min.js"
# with its source map: the manifest storage of production (collectstatic) follows the reference
cp "$nm/chart.js/dist/chart.umd.min.js" "$nm/chart.js/dist/chart.umd.min.js.map" "$out/chartjs/"
cp -r "$nm/leaflet/dist/leaflet.js" "$nm/leaflet/dist/leaflet.js.map" "$nm/leaflet/dist/leaflet.css" "$nm/leaflet/dist/images" "$out/leaflet/"
cp "$nm/axe-core/axe.min.js" "$out/axe/axe.min.js"
echo "assets: copied to $out"
