import { Alert, Space, Typography } from 'antd';
import { Link, useSearchParams } from 'react-router';
import { call, client } from '../../api/client.js';
import { ErrorAlert } from '../../components/ErrorAlert.js';
import { PageLoading } from '../../components/PageLoading.js';
import { TILE_EMPTY, TILE_SHADES, TileMap } from '../../components/TileMap.js';
import type { Unit } from '../../components/UnitPicker.js';
import { useApi } from '../../components/useApi.js';
import { formatNumber } from '../../i18n/format.js';
import { useI18n } from '../../i18n/i18n.js';
import type { Pair } from '../../shell/pair.js';
import { listSeparator, type RegistryKind, type RegistryTypeName } from './shared.js';

/**
 * Count bands, darkest first, as shares of the busiest place: a county with 80 % or more of the
 * busiest one's records is darkest. Bands that would hold no whole count (few records) merge.
 */
export function countBands(max: number): { min: number; max: number; background: string; color: string }[] {
  if (max <= 0) return [];
  const mins = [...new Set([0.8, 0.6, 0.4, 0.2, 0].map((share) => Math.max(1, Math.ceil(max * share))))];
  return mins.map((min, i) => ({ min, max: i === 0 ? max : mins[i - 1]! - 1, ...TILE_SHADES[i]! }));
}

/**
 * The records of a kind, with the list's filters, counted per district and county of the pair on
 * the tile map. A tile opens the list filtered to its place; places outside the pair and records
 * without a place are listed in words below.
 */
export function RegistryMap({ kind, pair, units, filters }: { kind: RegistryKind; pair: Pair; units: readonly Unit[]; filters: Record<string, string> }) {
  const { lang, t } = useI18n();
  const [params] = useSearchParams();
  const filterKey = JSON.stringify(filters);
  const counts = useApi(
    () =>
      call(
        client.GET('/api/v1/registries/{type}/by-location', {
          params: { path: { type: kind.type as RegistryTypeName }, query: { ...filters, pairId: pair.id } },
        }),
      ),
    [kind.type, pair.id, filterKey],
    { live: 'pair' },
  );
  if (counts.error) return <ErrorAlert error={counts.error} onRetry={counts.reload} />;
  if (counts.loading || !counts.data) return <PageLoading />;

  // One tile per county-level code of the pair (a unit's code, once), in the city it belongs to.
  const places = new Map<string, { key: string; cityId: string; adminCode: string; name: string; shortName: string | null }>();
  for (const unit of units) {
    if (!unit.adminCode || (unit.type !== 'county' && unit.type !== 'district') || places.has(unit.adminCode)) continue;
    places.set(unit.adminCode, { key: unit.adminCode, cityId: unit.cityId, adminCode: unit.adminCode, name: unit.name, shortName: unit.shortName });
  }
  if (places.size === 0) return <Alert type="info" showIcon message={t('registries.map.empty')} />;
  const byCode = new Map(counts.data.items.map((item) => [item.locationCode, item.count]));
  const inPair = counts.data.items.filter((item) => places.has(item.locationCode));
  const outside = counts.data.items.filter((item) => !places.has(item.locationCode));
  const bands = countBands(Math.max(0, ...inPair.map((item) => item.count)));
  const legend = [
    ...[...bands].reverse().map((band) => ({
      key: String(band.min),
      background: band.background,
      label:
        band.min === band.max
          ? t('registries.map.bandOne', { count: formatNumber(band.min) })
          : t('registries.map.band', { from: formatNumber(band.min), to: formatNumber(band.max) }),
    })),
    { key: 'none', background: TILE_EMPTY.background, label: t('registries.map.tileNone') },
  ];
  const listOf = (code: string) => {
    const next = new URLSearchParams(params);
    next.delete('view');
    next.delete('page');
    next.set('locationCode', code);
    return `/registries/${kind.type}?${next}`;
  };

  return (
    <Space direction="vertical" size="middle" style={{ width: '100%' }}>
      <Typography.Text data-testid="registry-map-summary">
        {t('registries.map.summary', {
          total: formatNumber(counts.data.total),
          places: formatNumber(inPair.length),
        })}
      </Typography.Text>
      <TileMap
        cities={[...pair.cities].sort((a, b) => a.position - b.position)}
        places={[...places.values()]}
        idPrefix="registry-map"
        legendLabel={t('registries.map.legend')}
        legend={legend}
        renderTile={(place) => {
          const count = byCode.get(place.adminCode) ?? 0;
          const style = bands.find((band) => count >= band.min) ?? TILE_EMPTY;
          if (count === 0) {
            return (
              <span
                className="unit-tile"
                style={TILE_EMPTY}
                title={t('registries.map.tileLabelNone', { name: place.name })}
                data-testid={`registry-tile-${place.adminCode}`}
              >
                <span className="unit-tile-name">{place.shortName ?? place.name}</span>
                <span className="unit-tile-figure">{t('registries.map.tileNone')}</span>
              </span>
            );
          }
          const label = t('registries.map.tileLabel', { name: place.name, count: formatNumber(count) });
          return (
            // The link's name is what it shows, plus a word only screen readers hear (WCAG 2.5.3).
            <Link
              to={listOf(place.adminCode)}
              className="unit-tile"
              style={{ background: style.background, color: style.color }}
              title={label}
              data-testid={`registry-tile-${place.adminCode}`}
            >
              <span className="unit-tile-name">{place.shortName ?? place.name}</span>
              <span className="unit-tile-figure">
                {t('registries.map.tileCount', { count: formatNumber(count) })}
                <span className="visually-hidden">{t('registries.map.tileCountHidden')}</span>
              </span>
            </Link>
          );
        }}
      />
      {outside.length > 0 ? (
        <Typography.Text type="secondary">
          {t('registries.map.outside', {
            list: outside
              .map((item) => t('registries.map.outsideItem', { code: item.locationCode, count: formatNumber(item.count) }))
              .join(listSeparator(lang)),
          })}
        </Typography.Text>
      ) : null}
      {counts.data.unlocated > 0 ? (
        <Typography.Text type="secondary">{t('registries.map.unlocated', { count: formatNumber(counts.data.unlocated) })}</Typography.Text>
      ) : null}
    </Space>
  );
}
