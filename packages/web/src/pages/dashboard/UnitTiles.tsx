import { Typography } from 'antd';
import { Link } from 'react-router';
import type { Schemas } from '../../api/client.js';
import { formatNumber, formatPercent } from '../../i18n/format.js';
import { useI18n } from '../../i18n/i18n.js';
import { placeTiles } from './tile-layouts.js';

type Unit = Schemas['Unit'];
type UnitCounts = Schemas['Dashboard']['byUnit'][number];

/** Completion-rate bands, light to dark; blues, so that they are not read as traffic lights. */
const BANDS = [
  { min: 0.8, background: '#0b3d91', color: '#fff' },
  { min: 0.6, background: '#1d5fbf', color: '#fff' },
  { min: 0.4, background: '#4a8ae0', color: '#fff' },
  { min: 0.2, background: '#9cc2f2', color: '#0b2447' },
  { min: 0, background: '#dceafb', color: '#0b2447' },
] as const;
const NO_TASKS = { background: '#f5f5f5', color: '#595959' };

function bandOf(rate: number) {
  return BANDS.find((band) => rate >= band.min) ?? BANDS[BANDS.length - 1]!;
}

/**
 * The districts and counties of each city as a tile map coloured by completion rate. Every tile
 * also says its figures in words (rate, tasks, red lights) and links to the unit's tasks, so
 * neither colour nor a pointer is needed to read it.
 */
export function UnitTiles({
  cities,
  units,
  counts,
}: {
  cities: readonly { id: string; name: string }[];
  units: readonly Unit[];
  counts: readonly UnitCounts[];
}) {
  const { t } = useI18n();
  const byUnit = new Map(counts.map((c) => [c.unitId, c]));
  const shown = cities.map((city) => ({ city, tiles: placeTiles(units.filter((u) => u.cityId === city.id)) })).filter((c) => c.tiles.length > 0);
  if (shown.length === 0) return <Typography.Text type="secondary">{t('dashboard.tilesEmpty')}</Typography.Text>;
  return (
    <div className="unit-tiles">
      {shown.map(({ city, tiles }) => (
        <section key={city.id} aria-labelledby={`tiles-${city.id}`} className="unit-tiles-city">
          <h3 id={`tiles-${city.id}`} className="unit-tiles-title">
            {city.name}
          </h3>
          <ul className="unit-tiles-grid">
            {tiles.map(({ unit, place }) => {
              const c = byUnit.get(unit.id);
              const style = c && c.tasks > 0 ? bandOf(c.completionRate) : NO_TASKS;
              const name = unit.shortName ?? unit.name;
              const label = c
                ? t('dashboard.tileLabel', {
                    name: unit.name,
                    rate: formatPercent(c.completionRate),
                    tasks: formatNumber(c.tasks),
                    red: formatNumber(c.byLight.red ?? 0),
                  })
                : t('dashboard.tileLabelNone', { name: unit.name });
              return (
                <li key={unit.id} style={{ gridColumn: place.col + 1, gridRow: place.row + 1 }}>
                  <Link
                    to={`/tasks?unitId=${unit.id}`}
                    className="unit-tile"
                    style={{ background: style.background, color: style.color }}
                    aria-label={label}
                    title={label}
                    data-testid={`tile-${unit.id}`}
                  >
                    <span className="unit-tile-name">{name}</span>
                    <span className="unit-tile-figure">{c && c.tasks > 0 ? formatPercent(c.completionRate) : t('dashboard.tileNone')}</span>
                    {c && c.tasks > 0 ? (
                      <span className="unit-tile-sub">
                        {t('dashboard.tileTasks', { tasks: formatNumber(c.tasks) })}
                        {(c.byLight.red ?? 0) > 0 ? ` · ${t('dashboard.tileRed', { red: formatNumber(c.byLight.red ?? 0) })}` : ''}
                      </span>
                    ) : null}
                  </Link>
                </li>
              );
            })}
          </ul>
        </section>
      ))}
      <ul className="unit-tiles-legend" aria-label={t('dashboard.tilesLegend')}>
        {[...BANDS].reverse().map((band, i, all) => (
          <li key={band.min}>
            <span className="swatch" style={{ background: band.background }} aria-hidden="true" />
            {t('dashboard.tilesBand', { from: formatPercent(band.min), to: formatPercent(all[i + 1]?.min ?? 1) })}
          </li>
        ))}
        <li>
          <span className="swatch" style={{ background: NO_TASKS.background }} aria-hidden="true" />
          {t('dashboard.tileNone')}
        </li>
      </ul>
    </div>
  );
}
