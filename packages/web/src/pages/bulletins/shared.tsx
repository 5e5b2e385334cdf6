import { Space, Tag, Typography } from 'antd';
import { Link } from 'react-router';
import type { Schemas } from '../../api/client.js';
import { DataTable } from '../../components/DataTable.js';
import { formatDate } from '../../i18n/format.js';
import { useI18n } from '../../i18n/i18n.js';
import type { MessageKey } from '../../i18n/messages.js';

export type BulletinFigures = Schemas['BulletinFigures'];
export type BulletinRow = BulletinFigures['rows'][number];
export type BulletinStatus = 'draft' | 'published';

/** Each counted figure and the supervision list's `event` filter that lists its items. */
const FIGURES = [
  ['raised', 'raised'],
  ['closedOnTime', 'closed_on_time'],
  ['closedLate', 'closed_late'],
  ['extended', 'extended'],
  ['overdue', 'overdue'],
  ['chased', 'chased'],
] as const;

export function BulletinStatusTag({ status }: { status: BulletinStatus }) {
  const { t } = useI18n();
  return <Tag color={status === 'published' ? 'green' : 'default'}>{t(`enum.bulletinStatus.${status}`)}</Tag>;
}

export function periodLabel(from: string, to: string, lang: 'zh' | 'en'): string {
  return from === to ? formatDate(from, lang) : `${formatDate(from, lang)} — ${formatDate(to, lang)}`;
}

/** 85.7% (one decimal, as the bulletin writes it). */
export function percent(rate: number | null): string {
  if (rate === null) return '—';
  const tenths = Math.round(rate * 1000) / 10;
  return `${Number.isInteger(tenths) ? tenths.toFixed(0) : tenths.toFixed(1)}%`;
}

/** The supervision list filtered to the items behind one figure: the same definition as the count. */
export function figureLink(figures: BulletinFigures, event: string, unitId: string | null): string {
  const query = new URLSearchParams(unitId ? { unitId } : { cityId: figures.cityId });
  query.set('event', event);
  query.set('from', figures.periodFrom);
  query.set('to', figures.periodTo);
  return `/supervision?${query.toString()}`;
}

type TableRow = BulletinRow | (BulletinFigures['totals'] & { unitId: null; unitName: string; rank: null });

/** The per-unit table (ranking order, then the city's totals) and the bulletin's text. */
export function FiguresView({ figures }: { figures: BulletinFigures }) {
  const { t } = useI18n();
  const rows: TableRow[] = [...figures.rows, { ...figures.totals, unitId: null, unitName: t('bulletins.total'), rank: null }];
  const number = (key: (typeof FIGURES)[number][0], event: string) => ({
    title: t(`bulletins.col.${key}` as MessageKey),
    key,
    width: 96,
    align: 'right' as const,
    render: (_: unknown, row: TableRow) => (
      <Link
        to={figureLink(figures, event, row.unitId)}
        aria-label={t('bulletins.figureLink', { count: String(row[key]), unit: row.unitName, figure: t(`bulletins.col.${key}` as MessageKey) })}
        data-testid={`figure-${key}-${row.unitId ?? 'total'}`}
      >
        {row[key]}
      </Link>
    ),
  });
  return (
    <Space direction="vertical" size={16} style={{ width: '100%' }}>
      <DataTable<TableRow>
        rowKey={(row) => row.unitId ?? 'total'}
        dataSource={rows}
        pagination={false}
        size="small"
        locale={{ emptyText: t('bulletins.noUnits') }}
        columns={[
          {
            title: t('bulletins.col.rank'),
            key: 'rank',
            width: 90,
            render: (_: unknown, row: TableRow) => (row.unitId === null ? '' : row.rank === null ? t('bulletins.unranked') : row.rank),
          },
          { title: t('bulletins.col.unit'), dataIndex: 'unitName', width: 200 },
          ...FIGURES.map(([key, event]) => number(key, event)),
          { title: t('bulletins.col.chaseTimes'), dataIndex: 'chaseTimes', width: 90, align: 'right' as const },
          { title: t('bulletins.col.rate'), key: 'rate', width: 100, align: 'right' as const, render: (_: unknown, row: TableRow) => percent(row.rate) },
        ]}
      />
      <Typography.Text type="secondary">{t('bulletins.rateNote')}</Typography.Text>
      <div>
        {figures.sections.map((section) => (
          <section key={section.heading} style={{ marginBottom: 12 }}>
            <Typography.Title level={2} style={{ fontSize: 16 }}>
              {section.heading}
            </Typography.Title>
            {section.paragraphs.map((p) => (
              <Typography.Paragraph key={p}>{p}</Typography.Paragraph>
            ))}
          </section>
        ))}
      </div>
    </Space>
  );
}
