import { DownloadOutlined } from '@ant-design/icons';
import { Alert, App as AntApp, Card, Descriptions, List, Space, Tag, Tooltip, Typography } from 'antd';
import { useState } from 'react';
import { Link } from 'react-router';
import { ApiError, call, client } from '../../api/client.js';
import { Button } from '../../components/Button.js';
import { DataTable } from '../../components/DataTable.js';
import { ErrorAlert } from '../../components/ErrorAlert.js';
import { downloadFile } from '../../components/files.js';
import { RequirePermission } from '../../components/PageStates.js';
import { PageTitle } from '../../components/PageTitle.js';
import { recordPath } from '../../components/recordPaths.js';
import { useApi } from '../../components/useApi.js';
import { formatDate, formatMeasure, formatMonth, formatWan } from '../../i18n/format.js';
import { useI18n } from '../../i18n/i18n.js';
import { useShell } from '../../shell/pair.js';
import { ClassTag, classLabel, useYear, type WaterAssessment, WaterNav, YearSelect } from './shared.js';

type ItemMean = NonNullable<WaterAssessment['annual']>['items'][number];
type IndexTerm = NonNullable<WaterAssessment['index']>['terms'][number];

const VERDICT_COLOURS: Record<WaterAssessment['verdict'], string> = {
  pass: 'success',
  fail: 'error',
  downstream_pays: 'processing',
  upstream_pays: 'warning',
  insufficient_data: 'default',
};

export function WaterAssessmentPage() {
  return (
    <RequirePermission any={['water.read']}>
      <Assessment />
    </RequirePermission>
  );
}

/** Adds decimal texts exactly (万元, at most four decimals). */
function sumAmounts(amounts: readonly (string | null)[]): string {
  let total = 0n;
  for (const amount of amounts) {
    if (amount === null) continue;
    const [whole, fraction = ''] = amount.split('.');
    total += BigInt(whole ?? '0') * 10_000n + BigInt(fraction.padEnd(4, '0').slice(0, 4));
  }
  const fraction = String(total % 10_000n)
    .padStart(4, '0')
    .replace(/0+$/, '');
  return `${total / 10_000n}${fraction ? `.${fraction}` : ''}`;
}

function Assessment() {
  const { lang, t } = useI18n();
  const { message } = AntApp.useApp();
  const { pair } = useShell();
  const pairId = pair?.id;
  const [year, setYear] = useYear();
  const [downloading, setDownloading] = useState(false);
  const list = useApi(
    async () => (pairId ? await call(client.GET('/api/v1/water/assessments', { params: { query: { pairId, year } } })) : null),
    [pairId, year],
    { live: 'pair' },
  );

  async function download() {
    if (!pairId) return;
    setDownloading(true);
    try {
      await downloadFile(
        client.GET('/api/v1/water/assessments/report.xlsx', { params: { query: { pairId, year } }, parseAs: 'blob' }),
        `water-assessment-${year}.xlsx`,
      );
    } catch (cause) {
      message.error((cause instanceof ApiError ? cause : ApiError.network()).text(lang));
    } finally {
      setDownloading(false);
    }
  }

  const items = list.data?.items ?? [];
  const through = list.data?.coveredThrough ? formatMonth(list.data.coveredThrough, lang) : t('water.assessment.provisionalNoData');
  return (
    <div>
      <PageTitle
        extra={
          <Space>
            <YearSelect value={year} onChange={setYear} />
            <Button icon={<DownloadOutlined aria-hidden />} loading={downloading} onClick={() => void download()}>
              {t('water.assessment.download')}
            </Button>
          </Space>
        }
      >
        {t('water.assessment.title')}
      </PageTitle>
      <WaterNav />
      {list.error ? <ErrorAlert error={list.error} onRetry={list.reload} /> : null}
      {list.data?.provisional ? (
        // A year still running is judged on the months so far: the verdicts say so, never as final.
        <Alert
          type="warning"
          showIcon
          data-testid="water-assessment-provisional"
          style={{ marginBottom: 16 }}
          message={t('water.assessment.provisional', { year: list.data.year, through, asOf: formatDate(list.data.asOf, lang) })}
        />
      ) : null}
      <Card>
        <DataTable<WaterAssessment>
          rowKey={(a) => `${a.agreementId}:${a.section.id}`}
          data-testid="water-assessments"
          loading={list.loading}
          dataSource={items}
          pagination={false}
          locale={{ emptyText: t('water.assessment.empty') }}
          scroll={{ x: true }}
          columns={[
            {
              title: t('water.sections.colName'),
              key: 'section',
              // The section by its name, opening it; its code in the tooltip.
              render: (_, a) => (
                <Tooltip title={t('common.sectionCode', { code: a.section.code })}>
                  <Link to={`${recordPath.waterSection(a.section.id)}?year=${a.year}`}>{a.section.name}</Link>
                </Tooltip>
              ),
            },
            { title: t('water.assessment.colAgreement'), dataIndex: 'agreementName' },
            {
              title: t('water.assessment.colRule'),
              dataIndex: 'rule',
              width: 120,
              render: (rule: WaterAssessment['rule']) => t(`enum.waterRule.${rule}`),
            },
            {
              title: t('water.assessment.colRate'),
              key: 'rate',
              render: (_, a) =>
                a.compliance.ratePercent === null
                  ? '—'
                  : t('water.assessment.rate', {
                      rate: a.compliance.ratePercent,
                      compliant: a.compliance.compliantMonths,
                      months: a.compliance.monthsWithSamples,
                      required: a.compliance.requiredPercent ?? '—',
                    }),
            },
            {
              title: t('water.assessment.colAnnual'),
              key: 'annual',
              width: 130,
              render: (_, a) => <ClassTag value={a.annual?.class} meetsTarget={a.annual?.meetsTarget} />,
            },
            { title: t('water.assessment.colP'), key: 'p', width: 110, render: (_, a) => formatMeasure(a.index?.p) },
            {
              title: t('water.assessment.colVerdict'),
              key: 'verdict',
              width: 140,
              render: (_, a) => (
                <Space size={4} wrap={false}>
                  <Tag color={VERDICT_COLOURS[a.verdict]}>{t(`enum.waterVerdict.${a.verdict}`)}</Tag>
                  {a.provisional ? (
                    <Tooltip title={t('water.assessment.provisionalTagLabel', { through: formatMonth(a.monthsCovered.at(-1), lang) })}>
                      <Tag>{t('water.assessment.provisionalTag')}</Tag>
                    </Tooltip>
                  ) : null}
                </Space>
              ),
            },
            {
              title: t('water.assessment.colAmount'),
              dataIndex: 'amount',
              width: 130,
              render: (amount: string | null) => (amount === null ? '—' : <span style={{ whiteSpace: 'nowrap' }}>{formatWan(amount, lang)}</span>),
            },
          ]}
          expandable={{ expandedRowRender: (a) => <AssessmentDetail assessment={a} />, rowExpandable: () => true }}
          footer={() => (
            <Typography.Text strong>{t('water.assessment.total', { amount: formatWan(sumAmounts(items.map((a) => a.amount)), lang) })}</Typography.Text>
          )}
        />
      </Card>
    </div>
  );
}

/** Every intermediate figure of one section-year, in the order an auditor checks them. */
function AssessmentDetail({ assessment: a }: { assessment: WaterAssessment }) {
  const { lang, t } = useI18n();
  return (
    <section aria-label={t('water.assessment.detail', { section: a.section.name })}>
      <Space direction="vertical" size={12} style={{ width: '100%' }}>
        {a.conditions.length > 0 ? (
          <Descriptions size="small" column={1} title={t('water.assessment.conditions')} bordered>
            {a.conditions.map((c) => (
              <Descriptions.Item
                key={c.condition}
                label={<Tag color={c.met ? 'success' : 'error'}>{c.met ? t('water.assessment.met') : t('water.assessment.notMet')}</Tag>}
              >
                {c.message}
              </Descriptions.Item>
            ))}
          </Descriptions>
        ) : null}
        <div>
          <Typography.Text strong>{t('water.assessment.reasons')}</Typography.Text>
          <List size="small" dataSource={a.reasons} renderItem={(r) => <List.Item>{r}</List.Item>} />
        </div>
        {a.annual ? (
          <DataTable<ItemMean>
            rowKey="item"
            size="small"
            pagination={false}
            title={() => t('water.assessment.annualMeans')}
            dataSource={a.annual.items.filter((i) => i.assessed || a.rule === 'index')}
            columns={[
              { title: t('water.assessment.colItem'), key: 'name', render: (_, i) => `${i.name}(${i.unit})` },
              { title: t('water.assessment.colCount'), dataIndex: 'count', width: 80 },
              { title: t('water.assessment.colSum'), dataIndex: 'sum', width: 100, render: (v: string | null) => formatMeasure(v) },
              { title: t('water.assessment.colMean'), dataIndex: 'mean', width: 100, render: (v: string | null) => formatMeasure(v) },
              { title: t('water.section.colClass'), dataIndex: 'classLabel', width: 90, render: (label: string | null) => label ?? '—' },
              {
                title: t('water.assessment.colLimit'),
                dataIndex: 'limit',
                width: 120,
                render: (limit: string | null) => (limit?.includes('–') ? limit : formatMeasure(limit)),
              },
            ]}
          />
        ) : null}
        <div>
          <Typography.Text strong>{t('water.assessment.months')}</Typography.Text>
          <div style={{ marginTop: 4 }}>
            {a.compliance.months.map((m) => (
              <Tag key={m.month} color={m.compliant ? 'success' : m.compliant === false ? 'error' : 'default'}>
                {formatMonth(m.month, lang)} {classLabel(m.class)} {m.compliant ? t('enum.waterVerdict.pass') : m.compliant === false ? t('water.exceeds') : ''}
              </Tag>
            ))}
          </div>
        </div>
        {a.index ? (
          <DataTable<IndexTerm>
            rowKey="item"
            size="small"
            pagination={false}
            title={() => t('water.assessment.index')}
            footer={() =>
              `${t('water.assessment.indexResult', { sum: formatMeasure(a.index?.sum), k0: formatMeasure(a.index?.k0), p: formatMeasure(a.index?.p) })}。${a.index?.formula ?? ''}`
            }
            dataSource={a.index.terms}
            columns={[
              { title: t('water.assessment.colItem'), dataIndex: 'name' },
              { title: 'C_i', dataIndex: 'annualMean', width: 100, render: (v: string | null) => formatMeasure(v) },
              { title: t('water.assessment.colBaseline'), dataIndex: 'baseline', width: 110, render: (v: string | null) => formatMeasure(v) },
              { title: t('water.assessment.colRatio'), dataIndex: 'ratio', width: 100, render: (v: string | null) => formatMeasure(v) },
              { title: t('water.assessment.colWeight'), dataIndex: 'weight', width: 100, render: (v: string | null) => formatMeasure(v) },
              { title: t('water.assessment.colTerm'), dataIndex: 'weightedTerm', width: 130, render: (v: string | null) => formatMeasure(v) },
            ]}
          />
        ) : null}
        {a.notes.length > 0 ? (
          <div>
            <Typography.Text strong>{t('water.assessment.notes')}</Typography.Text>
            <List size="small" dataSource={a.notes} renderItem={(n) => <List.Item>{n}</List.Item>} />
          </div>
        ) : null}
      </Space>
    </section>
  );
}
