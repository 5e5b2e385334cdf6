import { CheckCircleOutlined, ClockCircleOutlined, EditOutlined, InboxOutlined, RollbackOutlined, SendOutlined, StopOutlined } from '@ant-design/icons';
import { Tag } from 'antd';
import { type ReactNode, useCallback, useMemo } from 'react';
import { useSearchParams } from 'react-router';
import { call, client, type Schemas } from '../../api/client.js';
import { useApi } from '../../components/useApi.js';
import { useI18n } from '../../i18n/i18n.js';
import type { Pair } from '../../shell/pair.js';

export type ReportStatus = Schemas['ProgressReport']['status'];
export type SupervisionStatus = Schemas['SupervisionItem']['status'];

export const REPORT_STATUSES: readonly ReportStatus[] = ['draft', 'submitted', 'returned', 'accepted'];
export const SUPERVISION_STATUSES: readonly SupervisionStatus[] = ['assigned', 'in_progress', 'completion_requested', 'closed'];
export const PAGE_SIZE = 20;

/** The calendar date in China today (`2026-12-01`): deadlines are China dates, whatever the browser's zone. */
export function chinaToday(): string {
  return new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Shanghai', year: 'numeric', month: '2-digit', day: '2-digit' }).format(new Date());
}

/** A stored decimal (`600.0000`) as a person would type it (`600`). */
export function plainDecimal(value: string): string {
  return value.includes('.') ? value.replace(/\.?0+$/, '') : value;
}

const REPORT_STATUS_STYLE: Record<ReportStatus, { color: string; icon: ReactNode }> = {
  draft: { color: 'default', icon: <EditOutlined aria-hidden /> },
  submitted: { color: 'processing', icon: <SendOutlined aria-hidden /> },
  returned: { color: 'warning', icon: <RollbackOutlined aria-hidden /> },
  accepted: { color: 'success', icon: <CheckCircleOutlined aria-hidden /> },
};

/** A report's status as an icon and its name (never colour alone). */
export function ReportStatusTag({ status }: { status: ReportStatus | null }) {
  const { t } = useI18n();
  if (!status) return <Tag icon={<EditOutlined aria-hidden />}>{t('reports.notStarted')}</Tag>;
  const style = REPORT_STATUS_STYLE[status];
  return (
    <Tag color={style.color} icon={style.icon}>
      {t(`enum.reportStatus.${status}`)}
    </Tag>
  );
}

const SUPERVISION_STATUS_STYLE: Record<SupervisionStatus, { color: string; icon: ReactNode }> = {
  assigned: { color: 'gold', icon: <InboxOutlined aria-hidden /> },
  in_progress: { color: 'processing', icon: <ClockCircleOutlined aria-hidden /> },
  completion_requested: { color: 'cyan', icon: <SendOutlined aria-hidden /> },
  closed: { color: 'default', icon: <StopOutlined aria-hidden /> },
};

export function SupervisionStatusTag({ status }: { status: SupervisionStatus }) {
  const { t } = useI18n();
  const style = SUPERVISION_STATUS_STYLE[status];
  return (
    <Tag color={style.color} icon={style.icon}>
      {t(`enum.supervisionStatus.${status}`)}
    </Tag>
  );
}

export { OverdueTag } from '../../components/OverdueTag.js';

/**
 * Filters and page kept in the URL query, so a reload or the back button keeps them. Changing a
 * filter goes back to the first page.
 */
export function useQueryFilters<K extends string>(keys: readonly K[]) {
  const [params, setParams] = useSearchParams();
  const query = params.toString();
  // biome-ignore lint/correctness/useExhaustiveDependencies: the query string stands for the params object.
  const values = useMemo(() => Object.fromEntries(keys.map((key) => [key, params.get(key) ?? undefined])) as Record<K, string | undefined>, [query]);
  const page = Math.max(1, Number(params.get('page') ?? '1') || 1);
  const setFilter = useCallback(
    (key: K, value: string | undefined) =>
      setParams((previous) => {
        const next = new URLSearchParams(previous);
        if (value === undefined || value === '') next.delete(key);
        else next.set(key, value);
        next.delete('page');
        return next;
      }),
    [setParams],
  );
  const setPage = useCallback(
    (value: number) =>
      setParams((previous) => {
        const next = new URLSearchParams(previous);
        if (value <= 1) next.delete('page');
        else next.set('page', String(value));
        return next;
      }),
    [setParams],
  );
  const clearFilters = useCallback(() => setParams(new URLSearchParams()), [setParams]);
  return { values, page, setFilter, setPage, clearFilters };
}

export function oneOf<T extends string>(allowed: readonly T[], value: string | undefined): T | undefined {
  return allowed.find((item) => item === value);
}

export interface UnitOption {
  value: string;
  label: string;
}

/** The pair's units as select options, grouped by city (both cities of the pair take part in tasks). */
export function usePairUnitOptions(pair: Pair | null) {
  const pairId = pair?.id ?? null;
  const units = useApi(async () => {
    if (!pairId) return [];
    return (await call(client.GET('/api/v1/units', { params: { query: { pairId, pageSize: 200 } } }))).items;
  }, [pairId]);
  const options = useMemo(() => {
    const cities = [...(pair?.cities ?? [])].sort((a, b) => a.position - b.position);
    return cities
      .map((city) => ({
        label: city.name,
        title: city.name,
        options: (units.data ?? []).filter((u) => u.cityId === city.id).map((u) => ({ value: u.id, label: u.name })),
      }))
      .filter((group) => group.options.length > 0);
  }, [pair, units.data]);
  return { options, loading: units.loading, error: units.error };
}

/** Options match what was typed anywhere in their label (unit and task names are searched by part). */
export function labelContains(input: string, option?: { label?: unknown }): boolean {
  return String(option?.label ?? '')
    .toLowerCase()
    .includes(input.trim().toLowerCase());
}

export { asApiError } from '../../components/fieldErrors.js';
