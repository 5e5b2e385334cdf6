import { Alert, App as AntApp, Card, DatePicker, Descriptions, Form, Input, Modal, Space, Tag, Typography } from 'antd';
import type { Dayjs } from 'dayjs';
import { useEffect, useRef, useState } from 'react';
import { Link, useParams } from 'react-router';
import { ApiError, call, client } from '../api/client.js';
import { Button } from '../components/Button.js';
import { DataTable } from '../components/DataTable.js';
import { ErrorAlert } from '../components/ErrorAlert.js';
import { PageLoading } from '../components/PageLoading.js';
import { RequirePermission } from '../components/PageStates.js';
import { PageTitle } from '../components/PageTitle.js';
import { supervisionCreatePath } from '../components/recordPaths.js';
import { Select } from '../components/Select.js';
import { useApi } from '../components/useApi.js';
import { formatDateTime } from '../i18n/format.js';
import { useI18n } from '../i18n/i18n.js';
import { hasAnyPermission, useCurrentSession } from '../session/session.js';
import { Digest, type Inspection, type InspectionPlanDetail, issuesOf, OUTCOMES, type Outcome, PlanStatusTag } from './inspections/shared.js';

export function InspectionPlanPage() {
  return (
    <RequirePermission any={['inspections.read']}>
      <PlanScreen />
    </RequirePermission>
  );
}

function PlanScreen() {
  const { id = '' } = useParams();
  const { lang, t } = useI18n();
  const { message } = AntApp.useApp();
  const session = useCurrentSession();
  const canWrite = hasAnyPermission(session, ['inspections.write']);
  const canSupervise = hasAnyPermission(session, ['supervision.write']);
  const loaded = useApi(() => call(client.GET('/api/v1/inspections/plans/{id}', { params: { path: { id } } })), [id], { live: 'pair' });
  const [plan, setPlan] = useState<InspectionPlanDetail | null>(null);
  const [busy, setBusy] = useState<string | null>(null);
  const [error, setError] = useState<ApiError | null>(null);
  const [problems, setProblems] = useState<{ field: string; reason: string }[]>([]);
  const [fixedValue, setFixedValue] = useState('');
  const [recording, setRecording] = useState<Inspection | null>(null);
  const problemsRef = useRef<HTMLDivElement>(null);
  // The problems appear below the buttons: bring them into view.
  useEffect(() => {
    if (problems.length > 0) problemsRef.current?.scrollIntoView({ block: 'nearest' });
  }, [problems]);
  const current = plan?.id === id ? plan : loaded.data;

  async function act(kind: 'fix' | 'draw' | 'publish') {
    setBusy(kind);
    setError(null);
    setProblems([]);
    try {
      const path = { params: { path: { id } } };
      const next =
        kind === 'fix'
          ? await call(client.POST('/api/v1/inspections/plans/{id}/fix', { ...path, body: fixedValue.trim() ? { fixedValue: fixedValue.trim() } : {} }))
          : kind === 'draw'
            ? await call(client.POST('/api/v1/inspections/plans/{id}/draw', path))
            : await call(client.POST('/api/v1/inspections/plans/{id}/publish', path));
      setPlan(next);
      message.success(t(kind === 'fix' ? 'inspections.plan.fixed' : kind === 'draw' ? 'inspections.plan.drawn' : 'inspections.plan.published'));
    } catch (cause) {
      const apiError = cause instanceof ApiError ? cause : ApiError.network();
      if (apiError.code === 'DRAW_IMPOSSIBLE') setProblems(issuesOf(apiError));
      else setError(apiError);
    } finally {
      setBusy(null);
    }
  }

  if (loaded.loading && !current) return <PageLoading />;
  if (loaded.error && !current) return <ErrorAlert error={loaded.error} onRetry={loaded.reload} />;
  if (!current) return null;
  const p = current;
  const drawn = p.status === 'drawn' || p.status === 'published';
  const scope = [...(p.scope.industries ?? []), ...(p.scope.locations ?? []), ...(p.scope.grades ?? [])];

  return (
    <div>
      <PageTitle back={{ to: '/inspections?tab=plans', label: t('inspections.plan.back') }}>{p.title}</PageTitle>
      {error ? (
        <div style={{ marginBottom: 16 }}>
          <ErrorAlert error={error} />
        </div>
      ) : null}
      <Space direction="vertical" size={16} style={{ width: '100%' }}>
        <Card title={t('inspections.plan.parameters')} extra={<PlanStatusTag status={p.status} />}>
          <Descriptions column={{ xs: 1, md: 2 }} size="small">
            <Descriptions.Item label={t('inspections.form.teamSize')}>{p.teamSize}</Descriptions.Item>
            <Descriptions.Item label={t('inspections.plan.ratios')}>{p.grades.map((g) => `${g} ${p.ratiosPercent[g] ?? '—'}%`).join('，')}</Descriptions.Item>
            <Descriptions.Item label={t('inspections.plan.scope')}>{scope.length ? scope.join('、') : t('inspections.plan.scopeAll')}</Descriptions.Item>
            <Descriptions.Item label={t('inspections.form.qualification')}>{p.requiredQualification ?? '—'}</Descriptions.Item>
          </Descriptions>
        </Card>
        <Card title={t('inspections.plan.inputs')}>
          <Descriptions column={1} size="small" bordered>
            <Descriptions.Item label={t('inspections.plan.entities')}>{p.entityCount ?? '—'}</Descriptions.Item>
            <Descriptions.Item label={t('inspections.plan.inspectors')}>{p.inspectorCount ?? '—'}</Descriptions.Item>
            <Descriptions.Item label={t('inspections.plan.entitiesDigest')}>
              <Digest value={p.entitiesDigest} />
            </Descriptions.Item>
            <Descriptions.Item label={t('inspections.plan.inspectorsDigest')}>
              <Digest value={p.inspectorsDigest} />
            </Descriptions.Item>
            <Descriptions.Item label={t('inspections.plan.fixedValueHash')}>
              <Digest value={p.fixedValueHash} />
            </Descriptions.Item>
            <Descriptions.Item label={t('inspections.plan.fixedValue')}>
              {p.fixedValue ?? (p.fixedValueHash ? t('inspections.plan.fixedHidden') : '—')}
            </Descriptions.Item>
            <Descriptions.Item label={t('inspections.plan.seed')}>
              <Digest value={p.seed} />
            </Descriptions.Item>
          </Descriptions>
          {canWrite ? (
            <Space wrap style={{ marginTop: 16 }} align="end">
              {p.status === 'draft' || p.status === 'fixed' ? (
                <>
                  <Form layout="vertical" name="fix-plan" style={{ minWidth: 320 }}>
                    <Form.Item
                      label={t('inspections.plan.fixValueLabel')}
                      htmlFor="fixed-value"
                      extra={t('inspections.plan.fixValueHint')}
                      style={{ marginBottom: 0 }}
                    >
                      <Input id="fixed-value" value={fixedValue} maxLength={200} onChange={(e) => setFixedValue(e.target.value)} />
                    </Form.Item>
                  </Form>
                  <Button loading={busy === 'fix'} onClick={() => void act('fix')}>
                    {t(p.status === 'fixed' ? 'inspections.plan.refix' : 'inspections.plan.fix')}
                  </Button>
                </>
              ) : null}
              {p.status === 'fixed' ? (
                <Button type="primary" loading={busy === 'draw'} onClick={() => void act('draw')}>
                  {t('inspections.plan.draw')}
                </Button>
              ) : null}
              {p.status === 'drawn' ? (
                <Button type="primary" loading={busy === 'publish'} onClick={() => void act('publish')}>
                  {t('inspections.plan.publish')}
                </Button>
              ) : null}
              {p.status === 'published' ? (
                <Link to={`/public/inspections/${p.id}`} target="_blank">
                  {t('inspections.plan.publicLink')}
                </Link>
              ) : null}
            </Space>
          ) : null}
          {problems.length > 0 ? (
            <div ref={problemsRef}>
              <Alert
                style={{ marginTop: 16 }}
                type="error"
                showIcon
                data-testid="draw-problems"
                message={t('inspections.plan.problemsTitle')}
                description={
                  <div>
                    <ul style={{ margin: 0, paddingLeft: 20 }}>
                      {problems.map((problem) => (
                        <li key={problem.field}>{problem.reason}</li>
                      ))}
                    </ul>
                    <Typography.Paragraph style={{ marginTop: 8, marginBottom: 0 }}>{t('inspections.plan.problemsHint')}</Typography.Paragraph>
                  </div>
                }
              />
            </div>
          ) : null}
        </Card>
        <Card title={t('inspections.plan.teams')}>
          <InspectionsTable
            inspections={p.inspections}
            empty={drawn ? '' : t('inspections.plan.noTeams')}
            canRecord={new Set(p.canRecord)}
            onRecord={setRecording}
            canSupervise={canSupervise}
          />
        </Card>
      </Space>
      <FindingsModal
        inspection={recording}
        onClose={() => setRecording(null)}
        onSaved={(saved) => {
          setPlan({ ...p, inspections: p.inspections.map((i) => (i.id === saved.id ? saved : i)) });
          setRecording(null);
        }}
      />
      <Typography.Paragraph type="secondary" style={{ marginTop: 16 }}>
        {p.drawnAt ? `${t('enum.inspectionPlanStatus.drawn')} ${formatDateTime(p.drawnAt, lang)}` : null}
      </Typography.Paragraph>
    </div>
  );
}

export function InspectionsTable({
  inspections,
  empty,
  canRecord,
  onRecord,
  canSupervise = false,
}: {
  inspections: Inspection[];
  empty: string;
  canRecord?: Set<string>;
  onRecord?: (inspection: Inspection) => void;
  /** Offer 发起督办 on an inspection whose findings call for action (anything but 未发现问题). */
  canSupervise?: boolean;
}) {
  const { t } = useI18n();
  return (
    <DataTable<Inspection>
      rowKey="id"
      dataSource={inspections}
      pagination={inspections.length > 50 ? { pageSize: 50, showSizeChanger: false } : false}
      locale={{ emptyText: empty }}
      columns={[
        { title: t('inspections.col.order'), dataIndex: 'position', width: 70 },
        {
          title: t('inspections.col.entity'),
          key: 'entity',
          render: (_, i) => (
            <div>
              <div>{i.entityName}</div>
              <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                {i.creditCode}
              </Typography.Text>
            </div>
          ),
        },
        { title: t('inspections.col.grade'), dataIndex: 'creditGrade', width: 90, render: (g: string) => <Tag>{g}</Tag> },
        {
          title: t('inspections.col.team'),
          key: 'team',
          render: (_, i) => <span data-testid="team">{i.team.map((m) => `${m.name}（${m.unitName}）`).join('、')}</span>,
        },
        {
          title: t('inspections.col.result'),
          key: 'result',
          render: (_, i) =>
            i.outcome ? (
              <div>
                <Tag color={i.outcome === 'no_issue' ? 'green' : 'orange'}>{t(`enum.inspectionOutcome.${i.outcome}`)}</Tag>
                <div style={{ fontSize: 12 }}>{i.findings}</div>
                {canSupervise && i.outcome !== 'no_issue' ? (
                  <Link to={supervisionCreatePath({ inspectionId: i.id })} data-testid="raise-supervision" style={{ fontSize: 12 }}>
                    {t('supervision.raiseFromInspection')}
                  </Link>
                ) : null}
              </div>
            ) : (
              <Typography.Text type="secondary">{t('enum.inspectionStatus.pending')}</Typography.Text>
            ),
        },
        ...(onRecord
          ? [
              {
                title: t('inspections.col.actions'),
                key: 'actions',
                width: 110,
                render: (_: unknown, i: Inspection) =>
                  // Findings are recorded once (the server refuses a second recording): a done inspection offers nothing.
                  canRecord?.has(i.id) && i.status !== 'done' ? (
                    <Button size="small" onClick={() => onRecord(i)}>
                      {t('inspections.findings.record')}
                    </Button>
                  ) : null,
              },
            ]
          : []),
      ]}
    />
  );
}

interface FindingsValues {
  outcome: Outcome;
  findings: string;
  inspectedOn: Dayjs;
}

function FindingsModal({ inspection, onClose, onSaved }: { inspection: Inspection | null; onClose(): void; onSaved(saved: Inspection): void }) {
  const { t } = useI18n();
  const { message } = AntApp.useApp();
  const [form] = Form.useForm<FindingsValues>();
  const [saving, setSaving] = useState(false);
  const [error, setError] = useState<ApiError | null>(null);

  async function save(values: FindingsValues) {
    if (!inspection) return;
    setSaving(true);
    setError(null);
    try {
      const saved = await call(
        client.PUT('/api/v1/inspections/inspections/{id}/findings', {
          params: { path: { id: inspection.id } },
          body: { outcome: values.outcome, findings: values.findings, inspectedOn: values.inspectedOn.format('YYYY-MM-DD') },
        }),
      );
      message.success(t('inspections.findings.saved'));
      onSaved(saved);
    } catch (cause) {
      const apiError = cause instanceof ApiError ? cause : ApiError.network();
      form.setFields(apiError.details.map((d) => ({ name: d.field as keyof FindingsValues, errors: [d.reason] })));
      setError(apiError);
    } finally {
      setSaving(false);
    }
  }

  return (
    <Modal
      open={inspection !== null}
      title={inspection ? t('inspections.findings.title', { name: inspection.entityName }) : ''}
      onCancel={onClose}
      onOk={() => form.submit()}
      okText={t('inspections.findings.save')}
      cancelText={t('inspections.form.cancel')}
      confirmLoading={saving}
      destroyOnHidden
    >
      {error && error.details.length === 0 ? <ErrorAlert error={error} /> : null}
      <Form<FindingsValues>
        form={form}
        layout="vertical"
        name="findings"
        initialValues={{ outcome: inspection?.outcome ?? undefined, findings: inspection?.findings || undefined }}
        onFinish={(values) => void save(values)}
      >
        <Form.Item name="outcome" label={t('inspections.findings.outcome')} rules={[{ required: true, message: t('inspections.findings.required') }]}>
          <Select options={OUTCOMES.map((o) => ({ value: o, label: t(`enum.inspectionOutcome.${o}`) }))} />
        </Form.Item>
        <Form.Item
          name="findings"
          label={t('inspections.findings.text')}
          rules={[{ required: true, whitespace: true, message: t('inspections.findings.required') }]}
        >
          <Input.TextArea rows={4} maxLength={5000} />
        </Form.Item>
        <Form.Item name="inspectedOn" label={t('inspections.findings.date')} rules={[{ required: true, message: t('inspections.findings.required') }]}>
          <DatePicker />
        </Form.Item>
      </Form>
    </Modal>
  );
}
