import type { ReactNode } from 'react';
import { placeTiles } from './tile-layouts.js';
import { useIsPhone } from './useIsPhone.js';

export interface TilePlaceItem {
  key: string;
  cityId: string;
  adminCode: string | null;
  name: string;
}

export interface TileLegendItem {
  key: string;
  background: string;
  label: string;
}

/**
 * Districts and counties as tiles on a grid that keeps the rough geography, one grid per city,
 * with a legend of the tile colours. What a tile says and links to is the caller's; every tile
 * must say its figure in words, so that neither colour nor a pointer is needed to read it.
 */
export function TileMap<T extends TilePlaceItem>({
  cities,
  places,
  renderTile,
  legendLabel,
  legend,
  idPrefix,
}: {
  cities: readonly { id: string; name: string }[];
  places: readonly T[];
  renderTile: (place: T) => ReactNode;
  legendLabel: string;
  legend: readonly TileLegendItem[];
  /** Keeps the ids of the city headings apart when a page shows two maps. */
  idPrefix: string;
}) {
  const isPhone = useIsPhone();
  const shown = cities.map((city) => ({ city, tiles: placeTiles(places.filter((p) => p.cityId === city.id)) })).filter((c) => c.tiles.length > 0);
  return (
    <div className="unit-tiles">
      {shown.map(({ city, tiles }) => (
        // On a phone a city's tiles scroll sideways inside it: the keyboard must reach it to scroll (WCAG 2.1.1).
        <section key={city.id} aria-labelledby={`${idPrefix}-${city.id}`} className="unit-tiles-city" tabIndex={isPhone ? 0 : undefined}>
          <h3 id={`${idPrefix}-${city.id}`} className="unit-tiles-title">
            {city.name}
          </h3>
          <ul className="unit-tiles-grid">
            {tiles.map(({ unit: place, place: spot }) => (
              <li key={place.key} style={{ gridColumn: spot.col + 1, gridRow: spot.row + 1 }}>
                {renderTile(place)}
              </li>
            ))}
          </ul>
        </section>
      ))}
      <ul className="unit-tiles-legend" aria-label={legendLabel}>
        {legend.map((item) => (
          <li key={item.key}>
            <span className="swatch" style={{ background: item.background }} aria-hidden="true" />
            {item.label}
          </li>
        ))}
      </ul>
    </div>
  );
}

/**
 * Five shades of blue, darkest first: blues, so that they are not read as traffic lights. Text on
 * them 10.04, 6.10, 5.14, 8.41 and 12.67:1 (WCAG 1.4.3); the empty tile 6.42:1.
 */
export const TILE_SHADES = [
  { background: '#0b3d91', color: '#fff' },
  { background: '#1d5fbf', color: '#fff' },
  { background: '#2f6fcf', color: '#fff' },
  { background: '#9cc2f2', color: '#0b2447' },
  { background: '#dceafb', color: '#0b2447' },
] as const;
/** A tile with nothing to show. */
export const TILE_EMPTY = { background: '#f5f5f5', color: '#595959' } as const;
