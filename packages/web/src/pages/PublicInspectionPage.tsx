import { Alert, Card, Descriptions, Space, Typography } from 'antd';
import { useState } from 'react';
import { useParams } from 'react-router';
import { ApiError, call, client, type Schemas } from '../api/client.js';
import { Button } from '../components/Button.js';
import { ErrorAlert } from '../components/ErrorAlert.js';
import { downloadFile } from '../components/files.js';
import { PageLoading } from '../components/PageLoading.js';
import { useApi } from '../components/useApi.js';
import { formatDateTime } from '../i18n/format.js';
import { useI18n } from '../i18n/i18n.js';
import { InspectionsTable } from './InspectionPlanPage.js';
import { Digest } from './inspections/shared.js';

/** The public notice of a published plan (双随机、一公开): no login; the inputs, digests, result and a re-verification. */
export function PublicInspectionPage() {
  const { id = '' } = useParams();
  const { lang, t } = useI18n();
  const plan = useApi(() => call(client.GET('/api/v1/public/inspection-plans/{id}', { params: { path: { id } } })), [id]);
  const [verifying, setVerifying] = useState(false);
  const [verification, setVerification] = useState<Schemas['DrawVerification'] | null>(null);
  const [error, setError] = useState<ApiError | null>(null);

  async function verify() {
    setVerifying(true);
    setError(null);
    try {
      setVerification(await call(client.POST('/api/v1/public/inspection-plans/{id}/verify', { params: { path: { id } }, body: {} })));
    } catch (cause) {
      setError(cause instanceof ApiError ? cause : ApiError.network());
    } finally {
      setVerifying(false);
    }
  }

  async function download() {
    try {
      await downloadFile(client.GET('/api/v1/public/inspection-plans/{id}/inputs', { params: { path: { id } }, parseAs: 'blob' }), `draw-${id}.json`);
    } catch (cause) {
      setError(cause instanceof ApiError ? cause : ApiError.network());
    }
  }

  if (plan.loading) return <PageLoading />;
  const p = plan.data;
  return (
    <main id="main" style={{ maxWidth: 1100, margin: '24px auto', padding: '0 16px' }}>
      {plan.error ? (
        plan.error.status === 404 ? (
          <Alert type="warning" showIcon message={t('inspections.public.notFound')} />
        ) : (
          <ErrorAlert error={plan.error} onRetry={plan.reload} />
        )
      ) : null}
      {p ? (
        <Space direction="vertical" size={16} style={{ width: '100%' }}>
          <div>
            <Typography.Text type="secondary">{t('inspections.public.title')}</Typography.Text>
            <Typography.Title level={1} style={{ fontSize: 22, margin: '4px 0' }}>
              {p.title}
            </Typography.Title>
            <Typography.Text type="secondary">
              {t('inspections.public.subtitle', { city: p.cityName, time: p.publishedAt ? formatDateTime(p.publishedAt, lang) : '—' })}
            </Typography.Text>
          </div>
          <Card title={t('inspections.plan.inputs')}>
            <Descriptions column={1} size="small" bordered>
              <Descriptions.Item label={t('inspections.plan.algorithm')}>
                <Digest value={p.algorithm} />
              </Descriptions.Item>
              <Descriptions.Item label={t('inspections.plan.ratios')}>{p.grades.map((g) => `${g} ${p.ratiosPercent[g] ?? '—'}%`).join('，')}</Descriptions.Item>
              <Descriptions.Item label={t('inspections.form.teamSize')}>{p.teamSize}</Descriptions.Item>
              <Descriptions.Item label={t('inspections.public.gradeCounts')}>
                {p.gradeCounts.map((c) => (
                  <div key={c.grade}>{t('inspections.public.gradeRow', { grade: c.grade, size: c.size, ratio: c.ratioPercent, count: c.count })}</div>
                ))}
              </Descriptions.Item>
              <Descriptions.Item label={t('inspections.plan.entitiesDigest')}>
                <Digest value={p.entitiesDigest} />
              </Descriptions.Item>
              <Descriptions.Item label={t('inspections.plan.inspectorsDigest')}>
                <Digest value={p.inspectorsDigest} />
              </Descriptions.Item>
              <Descriptions.Item label={t('inspections.plan.previousDigest')}>
                <Digest value={p.previousInspectionsDigest} />
              </Descriptions.Item>
              <Descriptions.Item label={t('inspections.plan.fixedValueHash')}>
                <Digest value={p.fixedValueHash} />
              </Descriptions.Item>
              <Descriptions.Item label={t('inspections.plan.fixedValue')}>{p.fixedValue}</Descriptions.Item>
              <Descriptions.Item label={t('inspections.plan.seed')}>
                <Digest value={p.seed} />
              </Descriptions.Item>
            </Descriptions>
            <Typography.Paragraph type="secondary" style={{ marginTop: 12 }}>
              {t('inspections.public.verifyHint')}
            </Typography.Paragraph>
            <Space wrap>
              <Button type="primary" loading={verifying} onClick={() => void verify()}>
                {t('inspections.public.verify')}
              </Button>
              <Button onClick={() => void download()}>{t('inspections.public.download')}</Button>
            </Space>
            {error ? (
              <div style={{ marginTop: 12 }}>
                <ErrorAlert error={error} />
              </div>
            ) : null}
            {verification ? (
              <Alert
                style={{ marginTop: 12 }}
                data-testid="verification"
                type={verification.identical && verification.fixedValueMatchesHash ? 'success' : 'error'}
                showIcon
                message={
                  verification.identical ? t('inspections.public.identical') : t('inspections.public.different', { count: verification.differences.length })
                }
                description={
                  <div>
                    <div>{t(verification.fixedValueMatchesHash ? 'inspections.public.hashOk' : 'inspections.public.hashBad')}</div>
                    {verification.differences.slice(0, 20).map((d) => (
                      <div key={d.field}>
                        {d.field}：{d.message}
                      </div>
                    ))}
                  </div>
                }
              />
            ) : null}
          </Card>
          <Card title={t('inspections.plan.teams')}>
            <InspectionsTable inspections={p.inspections} empty="" />
          </Card>
        </Space>
      ) : null}
    </main>
  );
}
