#!/usr/bin/env bash
# Refresh the query page's browser assets from the npm registry (versions pinned in package-lock.json)
# into conflictkg/static/vendor/. The copied files are committed, so installing ConflictKG needs no npm.
set -euo pipefail
cd "$(dirname "$0")"
npm ci --no-audit --no-fund
out=../conflictkg/static/vendor/codemirror
rm -rf "$out" && mkdir -p "$out"
cp node_modules/codemirror/lib/codemirror.js node_modules/codemirror/lib/codemirror.css \
   node_modules/codemirror/mode/sparql/sparql.js node_modules/codemirror/LICENSE "$out/"
echo "codemirror $(node -p "require('./node_modules/codemirror/package.json').version")" > "$out/VERSION"

# YASGUI (Zazuko's build, its prefixes bundled): the editor researchers know from other endpoints, at /yasgui
yasgui=../conflictkg/static/vendor/yasgui
rm -rf "$yasgui" && mkdir -p "$yasgui"
cp node_modules/@zazuko/yasgui/build/yasgui.min.js node_modules/@zazuko/yasgui/build/yasgui.min.css "$yasgui/"
cat > "$yasgui/LICENSE" <<EOF
@zazuko/yasgui $(node -p "require('./node_modules/@zazuko/yasgui/package.json').version"), licence: $(node -p "require('./node_modules/@zazuko/yasgui/package.json').license")
(as its package.json states; the npm package ships no licence file). Authors: Triply, Zazuko GmbH; source:
https://github.com/zazuko/Yasgui. The minified bundle includes third-party libraries under their own licences,
listed in that repository.

The MIT licence:
Permission is hereby granted, free of charge, to any person obtaining a copy of this software and associated
documentation files (the "Software"), to deal in the Software without restriction, including without limitation
the rights to use, copy, modify, merge, publish, distribute, sublicense, and/or sell copies of the Software, and to
permit persons to whom the Software is furnished to do so, subject to the following conditions:
The above copyright notice and this permission notice shall be included in all copies or substantial portions of
the Software.
THE SOFTWARE IS PROVIDED "AS IS", WITHOUT WARRANTY OF ANY KIND, EXPRESS OR IMPLIED, INCLUDING BUT NOT LIMITED TO THE
WARRANTIES OF MERCHANTABILITY, FITNESS FOR A PARTICULAR PURPOSE AND NONINFRINGEMENT. IN NO EVENT SHALL THE AUTHORS OR
COPYRIGHT HOLDERS BE LIABLE FOR ANY CLAIM, DAMAGES OR OTHER LIABILITY, WHETHER IN AN ACTION OF CONTRACT, TORT OR
OTHERWISE, ARISING FROM, OUT OF OR IN CONNECTION WITH THE SOFTWARE OR THE USE OR OTHER DEALINGS IN THE SOFTWARE.
EOF
echo "@zazuko/yasgui $(node -p "require('./node_modules/@zazuko/yasgui/package.json').version")" > "$yasgui/VERSION"

# the maps' basemap: Natural Earth's countries at 1:110m (world-atlas; the data is in the public domain) as one
# SVG in degrees (x: longitude, y: minus latitude), coordinates rounded to 0.1 degree; the pages' maps draw it
# under their marks, so no tiles are fetched from anywhere
world=../conflictkg/static/vendor/world
rm -rf "$world" && mkdir -p "$world"
node -e '
const topojson = require("topojson-client");
const atlas = require("world-atlas/countries-110m.json");
const r = (v) => Math.round(v * 10) / 10;
const rings = [];
for (const f of topojson.feature(atlas, atlas.objects.countries).features) {
  const polygons = f.geometry.type === "MultiPolygon" ? f.geometry.coordinates : [f.geometry.coordinates];
  for (const polygon of polygons) for (const ring of polygon)
    rings.push("M" + ring.map(([lon, lat]) => r(lon) + "," + r(-lat)).join("L") + "Z");
}
process.stdout.write(`<svg xmlns="http://www.w3.org/2000/svg" viewBox="-180 -90 360 180" preserveAspectRatio="none">` +
  `<rect x="-180" y="-90" width="360" height="180" fill="#eef3f7"/>` +
  `<path id="land" d="${rings.join("")}" fill="#dfe4d8" stroke="#9aa39a" stroke-width="0.6" vector-effect="non-scaling-stroke"/></svg>\n`);
' > "$world/countries-110m.svg"
cp node_modules/world-atlas/LICENSE "$world/LICENSE"
echo "world-atlas $(node -p "require('./node_modules/world-atlas/package.json').version") (Natural Earth 1:110m)" > "$world/VERSION"
