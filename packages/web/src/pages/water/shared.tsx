import { Space, Tag } from 'antd';
import { useId } from 'react';
import { Link, useLocation, useSearchParams } from 'react-router';
import type { Schemas } from '../../api/client.js';
import { Select } from '../../components/Select.js';
import { useI18n } from '../../i18n/i18n.js';
import type { MessageKey } from '../../i18n/messages.js';
import { hasAnyPermission, useCurrentSession } from '../../session/session.js';

export type WaterSection = Schemas['WaterSection'];
export type WaterWarning = Schemas['WaterWarning'];
export type WaterAssessment = Schemas['WaterAssessment'];
export type WaterPeriodMeans = Schemas['WaterPeriodMeans'];

// GB 3838-2002 classes I–V and 劣V (6): the label is always written, the colour only helps.
const CLASS_COLOURS: Record<number, string> = { 1: 'blue', 2: 'cyan', 3: 'green', 4: 'gold', 5: 'orange', 6: 'red' };
const CLASS_LABELS: Record<number, string> = { 1: 'I类', 2: 'II类', 3: 'III类', 4: 'IV类', 5: 'V类', 6: '劣V类' };

export function classLabel(waterClass: number | null | undefined): string {
  return waterClass ? (CLASS_LABELS[waterClass] ?? '—') : '—';
}

/** A water class as a tag with its label ("IV类") and, against a target, whether it meets it in words. */
export function ClassTag({ value, meetsTarget }: { value: number | null | undefined; meetsTarget?: boolean | null }) {
  const { t } = useI18n();
  if (!value) return <span>—</span>;
  const suffix = meetsTarget === true ? ` · ${t('enum.waterVerdict.pass')}` : meetsTarget === false ? ` · ${t('water.exceeds')}` : '';
  return (
    <Tag color={CLASS_COLOURS[value]} data-class={value}>
      {classLabel(value)}
      {suffix}
    </Tag>
  );
}

const YEARS_BACK = 6;

/** The years to choose from: this year and the ones before. */
export function yearOptions(now = new Date(), selected?: number): number[] {
  const years = Array.from({ length: YEARS_BACK }, (_, i) => now.getFullYear() - i);
  return selected !== undefined && !years.includes(selected) ? [...years, selected].sort((a, b) => b - a) : years;
}

export function YearSelect({ value, onChange }: { value: number; onChange(year: number): void }) {
  const { t } = useI18n();
  const id = useId();
  return (
    <Space>
      <label htmlFor={id}>{t('water.year')}</label>
      <Select<number>
        id={id}
        value={value}
        onChange={onChange}
        style={{ width: 110 }}
        options={yearOptions(new Date(), value).map((year) => ({ value: year, label: t('water.yearValue', { year }) }))}
      />
    </Space>
  );
}

const NAV: { path: string; label: MessageKey; permissions: readonly string[] }[] = [
  { path: '/water', label: 'water.nav.sections', permissions: ['water.read'] },
  { path: '/water/import', label: 'water.nav.import', permissions: ['water.report'] },
  { path: '/water/agreements', label: 'water.nav.agreements', permissions: ['water.read'] },
  { path: '/water/assessment', label: 'water.nav.assessment', permissions: ['water.read'] },
  { path: '/water/warnings', label: 'water.nav.warnings', permissions: ['water.read'] },
];

/** The pages of the module, as links (the menu has one entry for all of them). */
export function WaterNav() {
  const { t } = useI18n();
  const session = useCurrentSession();
  const location = useLocation();
  return (
    <nav aria-label={t('water.nav.label')} style={{ marginBottom: 16 }}>
      <Space size={16} wrap>
        {NAV.filter((entry) => hasAnyPermission(session, entry.permissions)).map((entry) => (
          <Link
            key={entry.path}
            to={entry.path}
            aria-current={location.pathname === entry.path ? 'page' : undefined}
            style={{ fontWeight: location.pathname === entry.path ? 600 : 400 }}
          >
            {t(entry.label)}
          </Link>
        ))}
      </Space>
    </nav>
  );
}

/** The default year of the screens: the last full year before January's data is in, else this one. */
export function defaultYear(now = new Date()): number {
  return now.getMonth() === 0 ? now.getFullYear() - 1 : now.getFullYear();
}

/**
 * The year a screen shows, kept in the address (`?year=2025`) so it can be linked and reloaded;
 * without one, `fallback` (by default the last full year in January, else this one).
 */
export function useYear(fallback: () => number = defaultYear): [number, (year: number) => void] {
  const [params, setParams] = useSearchParams();
  const fromUrl = Number(params.get('year'));
  const year = Number.isInteger(fromUrl) && fromUrl >= 2000 && fromUrl <= 2100 ? fromUrl : fallback();
  return [
    year,
    (next: number) =>
      setParams(
        (current) => {
          current.set('year', String(next));
          return current;
        },
        { replace: true },
      ),
  ];
}
