"""Build data/geo/countries.geojson (country outlines keyed by ISO 3166-1 alpha-3) for the Regions map.

The map must draw without internet, so the outlines ship with the app instead of being fetched by
plotly.js at run time. Source: Natural Earth Admin 0 countries (public domain) as TopoJSON in the npm
package world-atlas 2.0.2 (ISC); country codes from Debian's iso-codes (numeric -> alpha-3).

Run once (the output is committed):
    npm pack world-atlas@2.0.2 && tar xzf world-atlas-2.0.2.tgz
    python scripts/build_world_geojson.py package/countries-110m.json package/countries-50m.json

Each country uses the 1:110m outline; countries missing at that scale (Singapore, Bahrain, Malta, ...)
use the 1:50m one. Antarctica is left out. Coordinates are rounded to 2 decimals (about 1 km).
Each feature has properties iso3, name, label_lon, label_lat (a point inside its largest polygon, for a
marker) and area_km2 (rough size, to know when a polygon is too small to see on a world map).
"""

from __future__ import annotations

import argparse
import json
import math
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
OUTPUT = ROOT / "data" / "geo" / "countries.geojson"
ISO_CODES = Path("/usr/share/iso-codes/json/iso_3166-1.json")
DECIMALS = 2
LEFT_OUT = {"010"}  # Antarctica: no clinics, and it dominates a Web Mercator map
NO_CODE = {"Kosovo": "XKX", "N. Cyprus": "CYN", "Somaliland": "SOL"}  # Natural Earth features without an ISO id

Ring = list[tuple[float, float]]


def decode_arcs(topology: dict[str, Any]) -> list[list[tuple[float, float]]]:
    """Absolute lon/lat points of every arc (TopoJSON arcs are quantized and delta-encoded)."""
    (sx, sy), (tx, ty) = topology["transform"]["scale"], topology["transform"]["translate"]
    arcs = []
    for arc in topology["arcs"]:
        x = y = 0
        points = []
        for dx, dy in arc:
            x, y = x + dx, y + dy
            points.append((x * sx + tx, y * sy + ty))
        arcs.append(points)
    return arcs


def ring_points(indexes: list[int], arcs: list[list[tuple[float, float]]]) -> Ring:
    """One closed ring from arc indexes (~i means arc i reversed); shared end points are kept once."""
    ring: Ring = []
    for index in indexes:
        points = arcs[index] if index >= 0 else arcs[~index][::-1]
        ring.extend(points if not ring else points[1:])
    return ring


def rounded(ring: Ring) -> Ring:
    out: Ring = []
    for lon, lat in ring:
        point = (round(lon, DECIMALS), round(lat, DECIMALS))
        if not out or point != out[-1]:
            out.append(point)
    if out and out[0] != out[-1]:
        out.append(out[0])
    return out


def unwrapped(ring: Ring) -> Ring:
    """The ring with longitudes shifted by 360 where needed so that no step is longer than 180 degrees."""
    out: Ring = [ring[0]]
    for lon, lat in ring[1:]:
        previous = out[-1][0]
        while lon - previous > 180:
            lon -= 360
        while previous - lon > 180:
            lon += 360
        out.append((lon, lat))
    return out


def clipped(ring: Ring, keep_west: bool, line: float = 180.0) -> Ring:
    """Sutherland-Hodgman: the part of a closed ring west (or east) of the meridian `line`."""
    def inside(point: tuple[float, float]) -> bool:
        return point[0] <= line if keep_west else point[0] >= line

    out: Ring = []
    for start, end in zip(ring, ring[1:]):
        if inside(start):
            out.append(start)
        if inside(start) != inside(end):
            t = (line - start[0]) / (end[0] - start[0])
            out.append((line, start[1] + t * (end[1] - start[1])))
    if out and out[0] != out[-1]:
        out.append(out[0])
    return out


def split_at_antimeridian(ring: Ring) -> list[Ring]:
    """A ring drawn across +-180 (Fiji, Chukotka) as one ring per side, each within -180..180.

    TopoJSON in spherical coordinates jumps from 180 to -180; a flat map would draw that jump as a
    band around the world.
    """
    whole = unwrapped(ring)
    lons = [lon for lon, _ in whole]
    if -180 <= min(lons) and max(lons) <= 180:
        return [ring]
    line = 180.0 if max(lons) > 180 else -180.0
    parts = [clipped(whole, True, line), clipped(whole, False, line)]
    shift = -360.0 if line == 180.0 else 360.0
    parts[1 if line == 180.0 else 0] = [(lon + shift, lat) for lon, lat in parts[1 if line == 180.0 else 0]]
    return [p for p in parts if len(p) >= 4]


def polygons(geometry: dict[str, Any], arcs: list[list[tuple[float, float]]]) -> list[list[Ring]]:
    """The geometry as a list of polygons (outer ring first, then holes), rounded; specks dropped."""
    parts = [geometry["arcs"]] if geometry["type"] == "Polygon" else geometry["arcs"]
    result = []
    for part in parts:
        outer, *holes = [ring_points(r, arcs) for r in part]
        pieces = split_at_antimeridian(outer)
        rings_per_piece = [[p, *holes] if len(pieces) == 1 else [p] for p in pieces]
        for rings in rings_per_piece:
            rings = [rounded(r) for r in rings]
            rings = [r for r in rings if len(r) >= 4]
            if rings:
                result.append(rings)
    return result


def ring_area_centroid(ring: Ring) -> tuple[float, float, float]:
    """Signed planar area (deg^2) and centroid of a ring (shoelace formula)."""
    area = cx = cy = 0.0
    for (x0, y0), (x1, y1) in zip(ring, ring[1:]):
        cross = x0 * y1 - x1 * y0
        area += cross
        cx += (x0 + x1) * cross
        cy += (y0 + y1) * cross
    if abs(area) < 1e-12:
        xs, ys = zip(*ring)
        return 0.0, sum(xs) / len(xs), sum(ys) / len(ys)
    return area / 2, cx / (3 * area), cy / (3 * area)


def label_and_area(polys: list[list[Ring]]) -> tuple[float, float, float]:
    """Centroid of the largest outer ring, and the total outer area in km^2 (rough, equirectangular)."""
    best, best_area, total_km2 = (0.0, 0.0), -1.0, 0.0
    for rings in polys:
        area, lon, lat = ring_area_centroid(rings[0])
        km2 = abs(area) * 111.32**2 * math.cos(math.radians(lat))
        total_km2 += km2
        if abs(area) > best_area:
            best, best_area = (lon, lat), abs(area)
    return round(best[0], DECIMALS), round(best[1], DECIMALS), round(total_km2)


def alpha3_by_numeric(path: Path) -> dict[str, str]:
    entries = json.loads(path.read_text(encoding="utf-8"))["3166-1"]
    return {e["numeric"]: e["alpha_3"] for e in entries}


def build(small_scale: dict[str, Any], medium_scale: dict[str, Any], codes: dict[str, str]) -> dict[str, Any]:
    small_arcs, medium_arcs = decode_arcs(small_scale), decode_arcs(medium_scale)
    small = {g["properties"]["name"]: g for g in small_scale["objects"]["countries"]["geometries"]}
    by_code: dict[str, list[tuple[str, list[list[Ring]]]]] = {}
    for geometry in medium_scale["objects"]["countries"]["geometries"]:
        name, numeric = geometry["properties"]["name"], geometry.get("id")
        if numeric in LEFT_OUT:
            continue
        iso3 = codes.get(numeric or "") or NO_CODE.get(name)
        if iso3 is None:
            continue
        source, arcs = (small[name], small_arcs) if name in small else (geometry, medium_arcs)
        polys = polygons(source, arcs)
        if polys:
            by_code.setdefault(iso3, []).append((name, polys))
    features = []
    for iso3, parts in by_code.items():
        # A code can have several features (Australia and Ashmore and Cartier Is.): one feature, the
        # name of the largest part.
        name = max(parts, key=lambda part: label_and_area(part[1])[2])[0]
        polys = [poly for _, part_polys in parts for poly in part_polys]
        lon, lat, km2 = label_and_area(polys)
        features.append({
            "type": "Feature", "id": iso3,
            "properties": {"iso3": iso3, "name": name, "label_lon": lon, "label_lat": lat, "area_km2": km2},
            "geometry": {"type": "MultiPolygon", "coordinates": [[[list(p) for p in r] for r in poly]
                                                                  for poly in polys]},
        })
    features.sort(key=lambda f: f["id"])
    return {"type": "FeatureCollection", "features": features}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("countries_110m", type=Path)
    parser.add_argument("countries_50m", type=Path)
    parser.add_argument("--iso-codes", type=Path, default=ISO_CODES, help="iso-codes' iso_3166-1.json")
    parser.add_argument("--output", type=Path, default=OUTPUT)
    args = parser.parse_args()
    collection = build(json.loads(args.countries_110m.read_text(encoding="utf-8")),
                       json.loads(args.countries_50m.read_text(encoding="utf-8")),
                       alpha3_by_numeric(args.iso_codes))
    args.output.parent.mkdir(parents=True, exist_ok=True)
    args.output.write_text(json.dumps(collection, separators=(",", ":")) + "\n", encoding="utf-8")
    print(f"{len(collection['features'])} countries, {args.output.stat().st_size / 1024:.0f} KiB -> {args.output}")


if __name__ == "__main__":
    main()
