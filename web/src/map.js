// The map: the project's layers as tiles drawn by the server (the viewer's and the report's
// styles), in the project's CGCS2000 Gauss-Krüger CRS, defined with proj4.

import 'ol/ol.css';
import OlMap from 'ol/Map.js';
import View from 'ol/View.js';
import TileLayer from 'ol/layer/Tile.js';
import VectorLayer from 'ol/layer/Vector.js';
import TileImage from 'ol/source/TileImage.js';
import VectorSource from 'ol/source/Vector.js';
import TileGrid from 'ol/tilegrid/TileGrid.js';
import GeoJSON from 'ol/format/GeoJSON.js';
import { Fill, Stroke, Style } from 'ol/style.js';
import ScaleLine from 'ol/control/ScaleLine.js';
import MousePosition from 'ol/control/MousePosition.js';
import { defaults as defaultControls } from 'ol/control/defaults.js';
import { register } from 'ol/proj/proj4.js';
import { get as getProjection } from 'ol/proj.js';
import proj4 from 'proj4';

/** The proj4 definition of a CGCS2000 3° or 6° Gauss-Krüger EPSG code (DOMAIN §2). */
export function gkDefinition(epsg) {
  let cm;
  let x0 = 500000;
  if (epsg >= 4513 && epsg <= 4533) {
    const zone = epsg - 4488;
    cm = 3 * zone;
    x0 = zone * 1e6 + 500000;
  } else if (epsg >= 4534 && epsg <= 4554) {
    cm = 75 + 3 * (epsg - 4534);
  } else if (epsg >= 4491 && epsg <= 4501) {
    const zone = epsg - 4478;
    cm = 6 * zone - 3;
    x0 = zone * 1e6 + 500000;
  } else if (epsg >= 4502 && epsg <= 4512) {
    cm = 6 * (epsg - 4489) - 3;
  } else {
    return null;
  }
  return `+proj=tmerc +lat_0=0 +lon_0=${cm} +k=1 +x_0=${x0} +y_0=0 +ellps=GRS80 +units=m +no_defs`;
}

/** Registers the project's CRS with OpenLayers and returns its code ("EPSG:4526"). */
export function defineCrs(crs) {
  const code = `EPSG:${crs.epsg}`;
  const def = gkDefinition(crs.epsg);
  if (!def) throw new Error(`不支持的坐标系 ${crs.label}`);
  proj4.defs(code, def);
  register(proj4);
  return code;
}

function rgba(hex, opacity = 1) {
  if (!hex) return 'rgba(0,0,0,0)';
  const h = hex.replace('#', '');
  const a = h.length === 8 ? parseInt(h.slice(6, 8), 16) / 255 : 1;
  return `rgba(${parseInt(h.slice(0, 2), 16)},${parseInt(h.slice(2, 4), 16)},${parseInt(h.slice(4, 6), 16)},${a * opacity})`;
}

/** A canvas pattern of diagonal lines, for the styles' hatched fills. */
function hatch(color, pattern) {
  const c = document.createElement('canvas');
  c.width = c.height = 8;
  const g = c.getContext('2d');
  g.strokeStyle = color;
  g.lineWidth = 1.2;
  g.beginPath();
  if (pattern !== 'back_hatch') g.moveTo(0, 8), g.lineTo(8, 0);
  if (pattern !== 'hatch') g.moveTo(0, 0), g.lineTo(8, 8);
  g.stroke();
  return g.createPattern(c, 'repeat');
}

/** An OpenLayers style of a server style's symbol (result layers drawn in the browser). */
export function olStyle(symbol, opacity = 1, widthPx) {
  const solid = !symbol.fill_pattern || symbol.fill_pattern === 'solid';
  return new Style({
    fill: symbol.fill ? new Fill({ color: solid ? rgba(symbol.fill, opacity) : hatch(rgba(symbol.fill), symbol.fill_pattern) }) : undefined,
    stroke: symbol.stroke
      ? new Stroke({
          color: rgba(symbol.stroke),
          width: widthPx ?? Math.max(1, symbol.stroke_width_mm * 3.78),
          lineDash: symbol.dash_mm && symbol.dash_mm.length ? symbol.dash_mm.map((d) => d * 3.78) : undefined,
        })
      : undefined,
  });
}

/** A style function for a result layer styled by category (the report's and viewer's styles). */
export function categoryStyle(style) {
  const byValue = new Map();
  for (const c of style.categories) byValue.set(c.value, olStyle(c.symbol, style.opacity));
  const other = olStyle(style.symbol, style.opacity);
  return (feature) => byValue.get(String(feature.get(style.field))) || other;
}

export function createMap(target, project) {
  const code = defineCrs(project.crs);
  const projection = getProjection(code);
  const g = project.grid;
  projection.setExtent(g.extent);
  const tileGrid = new TileGrid({ origin: g.origin, resolutions: g.resolutions, tileSize: g.tile_size, extent: g.extent });
  const layers = {};
  const olLayers = project.layers.map((l) => {
    const source = new TileImage({
      projection,
      tileGrid,
      tileUrlFunction: ([z, x, y]) => `/api/tiles/${l.role}/${z}/${x}/${y}.png`,
      transition: 0,
    });
    const layer = new TileLayer({ source, visible: l.role !== 'landuse', properties: { role: l.role } });
    layers[l.role] = layer;
    return layer;
  });
  const format = new GeoJSON({ dataProjection: code, featureProjection: code });
  const highlight = new VectorLayer({
    source: new VectorSource(),
    style: new Style({ stroke: new Stroke({ color: '#00e5ff', width: 3 }), fill: new Fill({ color: 'rgba(0,229,255,0.15)' }) }),
    zIndex: 900,
  });
  const results = new VectorLayer({ source: new VectorSource(), zIndex: 800 });
  const sketch = new VectorLayer({
    source: new VectorSource(),
    style: new Style({ stroke: new Stroke({ color: '#1d4ed8', width: 2, lineDash: [6, 4] }), fill: new Fill({ color: 'rgba(29,78,216,0.08)' }) }),
    zIndex: 850,
  });
  const map = new OlMap({
    target,
    layers: [...olLayers, results, sketch, highlight],
    controls: defaultControls({ attribution: false }).extend([
      new ScaleLine(),
      new MousePosition({ projection, coordinateFormat: (c) => (c ? `X ${c[1].toFixed(2)}  Y ${c[0].toFixed(2)}` : '') }),
    ]),
    view: new View({ projection, resolutions: g.resolutions, extent: g.extent, constrainOnlyCenter: true }),
  });
  map.getView().fit(project.extent, { padding: [20, 20, 20, 20] });
  return { map, layers, format, highlight, results, sketch, projection, code };
}
