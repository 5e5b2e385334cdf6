import { EditOutlined } from '@ant-design/icons';
import { Card, Descriptions, Space, Tag, Typography } from 'antd';
import { lazy, Suspense, useId, useState } from 'react';
import { useParams } from 'react-router';
import { call, client, type Schemas } from '../../api/client.js';
import { Button } from '../../components/Button.js';
import { DataTable } from '../../components/DataTable.js';
import { ErrorAlert } from '../../components/ErrorAlert.js';
import { NameWithCode } from '../../components/NameWithCode.js';
import { PageLoading } from '../../components/PageLoading.js';
import { RequirePermission } from '../../components/PageStates.js';
import { PageTitle } from '../../components/PageTitle.js';
import { Select } from '../../components/Select.js';
import { useApi } from '../../components/useApi.js';
import { formatDateTime, formatMeasure, formatMonth } from '../../i18n/format.js';
import { useI18n } from '../../i18n/i18n.js';
import { hasAnyPermission, useCurrentSession } from '../../session/session.js';
import { SectionFormModal } from './SectionFormModal.js';
import { ClassTag, classLabel, useYear, WaterNav, type WaterPeriodMeans, YearSelect } from './shared.js';
import { WarningsTable } from './WaterWarningsPage.js';

const MonthlyMeansChart = lazy(async () => ({ default: (await import('./WaterCharts.js')).MonthlyMeansChart }));

type Sample = Schemas['WaterSample'];

export function WaterSectionPage() {
  return (
    <RequirePermission any={['water.read']}>
      <Section />
    </RequirePermission>
  );
}

function Section() {
  const { lang, t } = useI18n();
  const { id = '' } = useParams();
  const [year, setYear] = useYear();
  const chartItemId = useId();
  const summary = useApi(() => call(client.GET('/api/v1/water/sections/{id}/summary', { params: { path: { id }, query: { year } } })), [id, year], {
    live: 'pair',
  });
  const samples = useApi(
    async () => (await call(client.GET('/api/v1/water/sections/{id}/samples', { params: { path: { id }, query: { year } } }))).items,
    [id, year],
    { live: 'pair' },
  );
  const [chartItem, setChartItem] = useState<string>('nh3n');
  const [editing, setEditing] = useState(false);
  const canManage = hasAnyPermission(useCurrentSession(), ['water.manage']);

  if (summary.loading && !summary.data) return <PageLoading />;
  if (summary.error) return <ErrorAlert error={summary.error} onRetry={summary.reload} />;
  const data = summary.data!;
  const section = data.section;
  const items = data.assessedItems.flatMap((item) => {
    const mean = data.monthly.flatMap((m) => m.items).find((i) => i.item === item);
    return mean ? [{ item, name: mean.name, unit: mean.unit }] : [];
  });
  const shown = items.find((i) => i.item === chartItem) ?? items[0];
  const targetLimit = (samples.data ?? []).flatMap((s) => s.items).find((i) => i.item === shown?.item)?.targetLimit ?? null;
  const limit = targetLimit !== null && /^\d+(\.\d+)?$/.test(targetLimit) ? Number(targetLimit) : null;
  const means = data.monthly.map((m) => m.items.find((i) => i.item === shown?.item)?.mean ?? null);
  const compliance = data.compliance;

  return (
    <div>
      <PageTitle
        back={{ to: '/water', label: t('water.section.back') }}
        extra={
          <Space>
            {canManage ? (
              <Button icon={<EditOutlined aria-hidden />} onClick={() => setEditing(true)}>
                {t('water.section.edit')}
              </Button>
            ) : null}
          </Space>
        }
      >
        <NameWithCode name={section.name} code={section.code} kind="section" />
      </PageTitle>
      {canManage ? (
        <SectionFormModal
          open={editing}
          section={section}
          onClose={() => setEditing(false)}
          onSaved={() => {
            setEditing(false);
            summary.reload();
          }}
        />
      ) : null}
      <WaterNav />
      <Space direction="vertical" size={16} style={{ width: '100%' }}>
        <Card title={t('water.section.info')} extra={<YearSelect value={year} onChange={setYear} />}>
          <Descriptions size="small" column={{ xs: 1, md: 3 }}>
            <Descriptions.Item label={t('water.sections.colRiver')}>{section.river}</Descriptions.Item>
            <Descriptions.Item label={t('water.sections.colPlace')}>{[section.cityName, section.countyName].filter(Boolean).join(' ')}</Descriptions.Item>
            <Descriptions.Item label={t('water.sections.colTarget')}>
              <ClassTag value={section.targetClass} />
            </Descriptions.Item>
            <Descriptions.Item label={t('water.section.coordinates')}>
              {section.longitude && section.latitude ? `${section.longitude}, ${section.latitude}` : '—'}
            </Descriptions.Item>
            <Descriptions.Item label={t('water.sections.colUnits')}>{section.units.map((u) => u.name).join('、')}</Descriptions.Item>
          </Descriptions>
          <Typography.Paragraph style={{ marginTop: 12, marginBottom: 0 }} data-testid="water-compliance">
            {compliance.ratePercent === null
              ? t('water.section.noCompliance')
              : `${t('water.section.compliance', { rate: compliance.ratePercent, compliant: compliance.compliantMonths, months: compliance.monthsWithSamples, target: section.targetClassLabel })}；${t('water.section.annual', { class: data.annual?.classLabel ?? '—' })}`}
          </Typography.Paragraph>
        </Card>

        {shown ? (
          <Card
            title={t('water.section.chart')}
            extra={
              <Space>
                <label htmlFor={chartItemId}>{t('water.section.chartItem')}</label>
                <Select
                  id={chartItemId}
                  value={shown.item}
                  onChange={setChartItem}
                  style={{ width: 160 }}
                  options={items.map((i) => ({ value: i.item, label: i.name }))}
                />
              </Space>
            }
          >
            <Suspense fallback={<PageLoading />}>
              <MonthlyMeansChart
                series={{
                  itemName: shown.name,
                  unit: shown.unit,
                  months: data.monthly.map((m) => formatMonth(m.period, lang)),
                  means,
                  limit,
                  limitLabel: t('water.section.chartLimit', { target: section.targetClassLabel }),
                  description: t('water.section.chartAlt', {
                    item: shown.name,
                    list: data.monthly.map((m, i) => `${formatMonth(m.period, lang)} ${formatMeasure(means[i])}`).join('、'),
                    target: section.targetClassLabel,
                    limit: formatMeasure(targetLimit),
                  }),
                }}
              />
            </Suspense>
          </Card>
        ) : null}

        <Card title={t('water.section.monthly')}>
          <DataTable<WaterPeriodMeans>
            rowKey="period"
            size="small"
            pagination={false}
            dataSource={data.monthly}
            locale={{ emptyText: t('water.section.samplesEmpty') }}
            scroll={{ x: true }}
            columns={[
              { title: t('water.section.colMonth'), dataIndex: 'period', width: 110, render: (period: string) => formatMonth(period, lang) },
              { title: t('water.section.colClass'), key: 'class', width: 150, render: (_, m) => <ClassTag value={m.class} meetsTarget={m.meetsTarget} /> },
              ...items.map((item) => ({
                title: `${item.name}(${item.unit})`,
                key: item.item,
                render: (_: unknown, m: WaterPeriodMeans) => {
                  const mean = m.items.find((i) => i.item === item.item);
                  // The figure and its class read as one: the class never wraps away from its value.
                  return mean ? <span style={{ whiteSpace: 'nowrap' }}>{`${formatMeasure(mean.mean)}（${mean.classLabel ?? '—'}）`}</span> : '—';
                },
              })),
              {
                title: t('water.section.colDeciding'),
                key: 'deciding',
                render: (_, m) => m.decidingItems.map((d) => m.items.find((i) => i.item === d)?.name ?? d).join('、'),
              },
            ]}
          />
        </Card>

        <Card title={t('water.section.samples')}>
          {samples.error ? <ErrorAlert error={samples.error} onRetry={samples.reload} /> : null}
          <DataTable<Sample>
            rowKey="id"
            size="small"
            data-testid="water-samples"
            loading={samples.loading}
            dataSource={samples.data ?? []}
            pagination={(samples.data?.length ?? 0) > 50 ? { pageSize: 50, showSizeChanger: false } : false}
            locale={{ emptyText: t('water.section.samplesEmpty') }}
            scroll={{ x: true }}
            columns={[
              { title: t('water.section.colSampledAt'), dataIndex: 'sampledAt', width: 170, render: (at: string) => formatDateTime(at, lang) },
              { title: t('water.section.colClass'), key: 'class', width: 150, render: (_, s) => <ClassTag value={s.class} meetsTarget={s.meetsTarget} /> },
              ...items.map((item) => ({
                title: `${item.name}(${item.unit})`,
                key: item.item,
                render: (_: unknown, s: Sample) => {
                  const value = s.items.find((i) => i.item === item.item);
                  if (!value) return '—';
                  return (
                    <span style={{ whiteSpace: 'nowrap' }}>
                      {formatMeasure(value.value)}{' '}
                      {value.exceedsTarget ? (
                        <Tag color="red">
                          {classLabel(value.class)} · {t('water.exceeds')}
                        </Tag>
                      ) : (
                        <Typography.Text type="secondary">{classLabel(value.class)}</Typography.Text>
                      )}
                    </span>
                  );
                },
              })),
            ]}
          />
        </Card>

        <Card title={t('water.section.warnings')}>
          <WarningsTable items={data.warnings} showSection={false} />
        </Card>
      </Space>
    </div>
  );
}
