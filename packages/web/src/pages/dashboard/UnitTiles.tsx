import { Typography } from 'antd';
import { Link } from 'react-router';
import type { Schemas } from '../../api/client.js';
import { TILE_EMPTY, TILE_SHADES, TileMap } from '../../components/TileMap.js';
import { formatNumber, formatPercent } from '../../i18n/format.js';
import { useI18n } from '../../i18n/i18n.js';

type Unit = Schemas['Unit'];
type UnitCounts = Schemas['Dashboard']['byUnit'][number];

/** Completion-rate bands, dark to light. */
const BANDS = [0.8, 0.6, 0.4, 0.2, 0].map((min, i) => ({ min, ...TILE_SHADES[i]! }));

function bandOf(rate: number) {
  return BANDS.find((band) => rate >= band.min) ?? BANDS[BANDS.length - 1]!;
}

/**
 * The districts and counties of each city as a tile map coloured by completion rate. Every tile
 * also says its figures in words (rate, tasks, red lights) and links to the unit's tasks.
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
  const places = units.filter((u) => cities.some((c) => c.id === u.cityId)).map((unit) => ({ ...unit, key: unit.id }));
  if (places.length === 0) return <Typography.Text type="secondary">{t('dashboard.tilesEmpty')}</Typography.Text>;
  const legend = [
    ...[...BANDS].reverse().map((band, i, all) => ({
      key: String(band.min),
      background: band.background,
      label: t('dashboard.tilesBand', { from: formatPercent(band.min), to: formatPercent(all[i + 1]?.min ?? 1) }),
    })),
    { key: 'none', background: TILE_EMPTY.background, label: t('dashboard.tileNone') },
  ];
  return (
    <TileMap
      cities={cities}
      places={places}
      idPrefix="tiles"
      legendLabel={t('dashboard.tilesLegend')}
      legend={legend}
      renderTile={(unit) => {
        const c = byUnit.get(unit.id);
        const style = c && c.tasks > 0 ? bandOf(c.completionRate) : TILE_EMPTY;
        const label = c
          ? t('dashboard.tileLabel', {
              name: unit.name,
              rate: formatPercent(c.completionRate),
              tasks: formatNumber(c.tasks),
              red: formatNumber(c.byLight.red ?? 0),
            })
          : t('dashboard.tileLabelNone', { name: unit.name });
        // The link's name is its visible text with a few words only screen readers hear (WCAG
        // 2.5.3: a speech user says what they see); the full sentence is the tooltip.
        return (
          <Link
            to={`/tasks?unitId=${unit.id}`}
            className="unit-tile"
            style={{ background: style.background, color: style.color }}
            title={label}
            data-testid={`tile-${unit.id}`}
          >
            <span className="unit-tile-name">{unit.shortName ?? unit.name}</span>
            {c && c.tasks > 0 ? (
              <>
                <span className="unit-tile-figure">
                  <span className="visually-hidden">{t('dashboard.tileRateHidden')}</span>
                  {formatPercent(c.completionRate)}
                </span>
                <span className="unit-tile-sub">
                  <span className="visually-hidden">{t('dashboard.tileTasksHidden')}</span>
                  {t('dashboard.tileTasks', { tasks: formatNumber(c.tasks) })}
                  {(c.byLight.red ?? 0) > 0 ? ` · ${t('dashboard.tileRed', { red: formatNumber(c.byLight.red ?? 0) })}` : ''}
                </span>
              </>
            ) : (
              <span className="unit-tile-figure">{t('dashboard.tileNone')}</span>
            )}
          </Link>
        );
      }}
    />
  );
}
