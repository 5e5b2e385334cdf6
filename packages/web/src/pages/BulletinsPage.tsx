import { EyeOutlined, FileAddOutlined } from '@ant-design/icons';
import { App as AntApp, Card, DatePicker, Form, Radio, Space } from 'antd';
import type { Dayjs } from 'dayjs';
import { useState } from 'react';
import { Link, useNavigate } from 'react-router';
import { ApiError, call, client } from '../api/client.js';
import { Button } from '../components/Button.js';
import { DataTable } from '../components/DataTable.js';
import { ErrorAlert } from '../components/ErrorAlert.js';
import { RequirePermission } from '../components/PageStates.js';
import { PageTitle } from '../components/PageTitle.js';
import { Select } from '../components/Select.js';
import { useApi } from '../components/useApi.js';
import { formatDateTime, formatNumber } from '../i18n/format.js';
import { useI18n } from '../i18n/i18n.js';
import { hasAnyPermission, useCurrentSession } from '../session/session.js';
import { useShell } from '../shell/pair.js';
import { type BulletinFigures, type BulletinStatus, BulletinStatusTag, FiguresView, periodLabel } from './bulletins/shared.js';
import { chinaToday } from './reports/common.js';

type ListItem = Awaited<ReturnType<typeof listBulletins>>['items'][number];
type PeriodKind = 'month' | 'quarter' | 'custom';

const PAGE_SIZE = 20;

const listBulletins = (pairId: string | undefined, page: number) =>
  call(client.GET('/api/v1/bulletins', { params: { query: { pairId, page, pageSize: PAGE_SIZE } } }));

const pad = (n: number) => String(n).padStart(2, '0');
const lastDay = (year: number, month: number) => new Date(Date.UTC(year, month, 0)).getUTCDate();

/** The first and last day of a month (1–12) or quarter (1–4) of a year. */
export function periodOf(kind: 'month' | 'quarter', year: number, n: number): { from: string; to: string } {
  const [first, last] = kind === 'month' ? [n, n] : [(n - 1) * 3 + 1, n * 3];
  return { from: `${year}-${pad(first)}-01`, to: `${year}-${pad(last)}-${pad(lastDay(year, last))}` };
}

export function BulletinsPage() {
  return (
    <RequirePermission any={['supervision.read']}>
      <Bulletins />
    </RequirePermission>
  );
}

function Bulletins() {
  const { lang, t } = useI18n();
  const session = useCurrentSession();
  const { pair } = useShell();
  const pairId = pair?.id;
  const canWrite = hasAnyPermission(session, ['supervision.write']);
  const [page, setPage] = useState(1);
  const list = useApi(() => listBulletins(pairId, page), [pairId, page], { live: 'pair' });

  return (
    <div>
      <PageTitle back={{ to: '/supervision', label: t('menu.supervision') }}>{t('bulletins.title')}</PageTitle>
      <Space direction="vertical" size={16} style={{ width: '100%' }}>
        {canWrite && pair ? <NewBulletin cities={pair.cities} /> : null}
        <Card title={t('bulletins.list')} size="small">
          {list.error ? <ErrorAlert error={list.error} onRetry={list.reload} /> : null}
          <DataTable<ListItem>
            rowKey="id"
            loading={list.loading}
            dataSource={list.data?.items ?? []}
            locale={{ emptyText: t('bulletins.empty') }}
            pagination={{
              current: page,
              pageSize: PAGE_SIZE,
              total: list.data?.total ?? 0,
              showSizeChanger: false,
              showTotal: (total) => t('table.total', { total: formatNumber(total) }),
              onChange: setPage,
            }}
            columns={[
              {
                title: t('bulletins.colTitle'),
                dataIndex: 'title',
                render: (title: string, b) => <Link to={`/supervision/bulletins/${b.id}`}>{title}</Link>,
              },
              { title: t('bulletins.colCity'), dataIndex: 'cityName', width: 100 },
              { title: t('bulletins.colPeriod'), key: 'period', width: 260, render: (_, b) => periodLabel(b.periodFrom, b.periodTo, lang) },
              { title: t('bulletins.colStatus'), dataIndex: 'status', width: 90, render: (s: BulletinStatus) => <BulletinStatusTag status={s} /> },
              {
                title: t('bulletins.colPublished'),
                dataIndex: 'publishedAt',
                width: 180,
                render: (at: string | null) => (at ? formatDateTime(at, lang) : '—'),
              },
            ]}
          />
        </Card>
      </Space>
    </div>
  );
}

/** The office picks a city and a period, previews the figures and makes a draft of them. */
function NewBulletin({ cities }: { cities: readonly { id: string; name: string }[] }) {
  const { lang, t } = useI18n();
  const { message } = AntApp.useApp();
  const navigate = useNavigate();
  const today = chinaToday();
  const thisYear = Number(today.slice(0, 4));
  const [cityId, setCityId] = useState<string | undefined>(cities[0]?.id);
  const [kind, setKind] = useState<PeriodKind>('quarter');
  const [year, setYear] = useState(thisYear);
  const [month, setMonth] = useState(Number(today.slice(5, 7)));
  const [quarter, setQuarter] = useState(Math.ceil(Number(today.slice(5, 7)) / 3));
  const [range, setRange] = useState<[Dayjs | null, Dayjs | null]>([null, null]);
  const [preview, setPreview] = useState<BulletinFigures | null>(null);
  const [error, setError] = useState<ApiError | null>(null);
  const [busy, setBusy] = useState(false);

  const period =
    kind === 'custom'
      ? range[0] && range[1]
        ? { from: range[0].format('YYYY-MM-DD'), to: range[1].format('YYYY-MM-DD') }
        : null
      : periodOf(kind, year, kind === 'month' ? month : quarter);

  async function run(action: 'preview' | 'create') {
    if (!cityId || !period) return;
    setBusy(true);
    setError(null);
    try {
      if (action === 'preview') {
        setPreview(await call(client.GET('/api/v1/bulletins/preview', { params: { query: { cityId, ...period } } })));
      } else {
        const created = await call(client.POST('/api/v1/bulletins', { body: { cityId, ...period } }));
        message.success(t('bulletins.draftCreated'));
        navigate(`/supervision/bulletins/${created.id}`);
      }
    } catch (cause) {
      setError(cause instanceof ApiError ? cause : ApiError.network());
    } finally {
      setBusy(false);
    }
  }

  const years = Array.from({ length: 5 }, (_, i) => thisYear - i);
  const changed =
    <T,>(set: (value: T) => void) =>
    (value: T) => {
      set(value);
      setPreview(null);
    };

  return (
    <Card title={t('bulletins.new')} size="small">
      <Form layout="inline" name="bulletin-period" style={{ rowGap: 8 }}>
        <Form.Item label={t('bulletins.city')} htmlFor="bulletin-city">
          <Select<string>
            id="bulletin-city"
            value={cityId}
            onChange={changed(setCityId)}
            options={cities.map((c) => ({ value: c.id, label: c.name }))}
            style={{ width: 120 }}
          />
        </Form.Item>
        <Form.Item label={t('bulletins.periodKind')}>
          <Radio.Group
            value={kind}
            onChange={(e) => changed(setKind)(e.target.value as PeriodKind)}
            optionType="button"
            options={[
              { value: 'month', label: t('bulletins.periodMonth') },
              { value: 'quarter', label: t('bulletins.periodQuarter') },
              { value: 'custom', label: t('bulletins.periodCustom') },
            ]}
          />
        </Form.Item>
        {kind === 'custom' ? (
          <>
            <Form.Item label={t('bulletins.from')} htmlFor="bulletin-from">
              <DatePicker id="bulletin-from" value={range[0]} onChange={(d) => changed(setRange)([d, range[1]])} style={{ width: 150 }} />
            </Form.Item>
            <Form.Item label={t('bulletins.to')} htmlFor="bulletin-to">
              <DatePicker id="bulletin-to" value={range[1]} onChange={(d) => changed(setRange)([range[0], d])} style={{ width: 150 }} />
            </Form.Item>
          </>
        ) : (
          <>
            <Form.Item label={t('bulletins.year')} htmlFor="bulletin-year">
              <Select<number>
                id="bulletin-year"
                value={year}
                onChange={changed(setYear)}
                options={years.map((y) => ({ value: y, label: lang === 'zh' ? `${y}年` : String(y) }))}
                style={{ width: 110 }}
              />
            </Form.Item>
            {kind === 'month' ? (
              <Form.Item label={t('bulletins.month')} htmlFor="bulletin-month">
                <Select<number>
                  id="bulletin-month"
                  value={month}
                  onChange={changed(setMonth)}
                  options={Array.from({ length: 12 }, (_, i) => ({ value: i + 1, label: lang === 'zh' ? `${i + 1}月` : String(i + 1) }))}
                  style={{ width: 100 }}
                />
              </Form.Item>
            ) : (
              <Form.Item label={t('bulletins.quarter')} htmlFor="bulletin-quarter">
                <Select<number>
                  id="bulletin-quarter"
                  value={quarter}
                  onChange={changed(setQuarter)}
                  options={['一', '二', '三', '四'].map((q, i) => ({ value: i + 1, label: lang === 'zh' ? `第${q}季度` : `Q${i + 1}` }))}
                  style={{ width: 120 }}
                />
              </Form.Item>
            )}
          </>
        )}
        <Form.Item>
          <Space wrap>
            <Button icon={<EyeOutlined aria-hidden />} disabled={!cityId || !period} loading={busy} onClick={() => void run('preview')}>
              {t('bulletins.preview')}
            </Button>
            <Button type="primary" icon={<FileAddOutlined aria-hidden />} disabled={!cityId || !period} loading={busy} onClick={() => void run('create')}>
              {t('bulletins.createDraft')}
            </Button>
          </Space>
        </Form.Item>
      </Form>
      {error ? (
        <div style={{ marginTop: 16 }}>
          <ErrorAlert error={error} />
        </div>
      ) : null}
      {preview ? (
        <div style={{ marginTop: 16 }} data-testid="bulletin-preview">
          <Card
            type="inner"
            size="small"
            title={t('bulletins.previewTitle', { city: preview.cityName, period: periodLabel(preview.periodFrom, preview.periodTo, lang) })}
          >
            <FiguresView figures={preview} />
          </Card>
        </div>
      ) : null}
    </Card>
  );
}
