import { ArrowRightOutlined, DeleteOutlined, EditOutlined, RollbackOutlined } from '@ant-design/icons';
import { Alert, App as AntApp, Card, DatePicker, Descriptions, Form, Input, List, Modal, Space, Steps, Tag, Typography } from 'antd';
import dayjs, { type Dayjs } from 'dayjs';
import { useState } from 'react';
import { Link, useNavigate, useParams } from 'react-router';
import { ApiError, call, client } from '../api/client.js';
import { Button } from '../components/Button.js';
import { DataTable } from '../components/DataTable.js';
import { ErrorAlert } from '../components/ErrorAlert.js';
import { PageLoading } from '../components/PageLoading.js';
import { NotFound, RequirePermission } from '../components/PageStates.js';
import { PageTitle } from '../components/PageTitle.js';
import { Select } from '../components/Select.js';
import { useApi } from '../components/useApi.js';
import { formatDate, formatDateTime, formatDecimal } from '../i18n/format.js';
import { useI18n } from '../i18n/i18n.js';
import { hasAnyPermission, useCurrentSession } from '../session/session.js';
import { useShell } from '../shell/pair.js';
import {
  FieldValue,
  fieldsOf,
  labelOf,
  mayReverse,
  optionLabel,
  type RegistryKind,
  type RegistryRecordDetail,
  type RegistryTypeName,
  useKindOf,
} from './registries/shared.js';
import { Attachments } from './reports/Attachments.js';

const HEADING = { fontSize: 16, margin: 0 } as const;

export function RegistryDetailPage() {
  return (
    <RequirePermission any={['registries.read']}>
      <RegistryDetailLoader />
    </RequirePermission>
  );
}

function RegistryDetailLoader() {
  const { type, id = '' } = useParams();
  const { t } = useI18n();
  const { pair, pairsLoading } = useShell();
  const { kinds, kind } = useKindOf(type, pair?.id);
  const record = useApi(
    async () => (kind ? call(client.GET('/api/v1/registries/{type}/records/{id}', { params: { path: { type: kind.type as RegistryTypeName, id } } })) : null),
    [id, kind?.type],
    { live: 'pair' },
  );
  if (!pairsLoading && !pair) return <Alert type="info" showIcon message={t('registries.noPair')} />;
  if (kinds.error) return <ErrorAlert error={kinds.error} onRetry={kinds.reload} />;
  if (pairsLoading || kinds.loading || !kinds.data) return <PageLoading />;
  if (!kind || record.error?.status === 404) return <NotFound />;
  if (record.error) return <ErrorAlert error={record.error} onRetry={record.reload} />;
  if (record.loading || !record.data) return <PageLoading />;
  return <RegistryDetail kind={kind} kinds={kinds.data} record={record.data} onChanged={record.reload} />;
}

function RegistryDetail({
  kind,
  kinds,
  record,
  onChanged,
}: {
  kind: RegistryKind;
  kinds: RegistryKind[];
  record: RegistryRecordDetail;
  onChanged: () => void;
}) {
  const { lang, t } = useI18n();
  const { message, modal } = AntApp.useApp();
  const session = useCurrentSession();
  const navigate = useNavigate();
  const { pair } = useShell();
  const canWrite = hasAnyPermission(session, ['registries.write']);

  const fail = (cause: unknown) => {
    const error = cause instanceof ApiError ? cause : ApiError.network();
    const details = error.details.map((d) => d.reason).join('；');
    message.error(details ? `${error.text(lang)}：${details}` : error.text(lang));
  };

  function confirmDelete() {
    modal.confirm({
      title: t('registries.detail.deleteTitle', { record: labelOf(kind.recordName, lang), name: record.title }),
      content: t('registries.detail.deleteContent'),
      okText: t('registries.detail.deleteOk'),
      okButtonProps: { danger: true },
      cancelText: t('registries.detail.cancel'),
      onOk: async () => {
        try {
          await call(client.DELETE('/api/v1/registries/{type}/records/{id}', { params: { path: { type: kind.type as RegistryTypeName, id: record.id } } }));
          message.success(t('registries.detail.deleted', { record: labelOf(kind.recordName, lang), name: record.title }));
          navigate(`/registries/${kind.type}`);
        } catch (cause) {
          fail(cause);
        }
      },
    });
  }

  return (
    <div>
      <PageTitle
        back={{ to: `/registries/${kind.type}`, label: t('registries.detail.back', { kind: labelOf(kind.label, lang) }) }}
        extra={
          canWrite ? (
            <Space wrap>
              <Button icon={<EditOutlined aria-hidden />} onClick={() => navigate(`/registries/${kind.type}/${record.id}/edit`)}>
                {t('registries.detail.edit', { record: labelOf(kind.recordName, lang) })}
              </Button>
              <Button danger icon={<DeleteOutlined aria-hidden />} onClick={confirmDelete}>
                {t('registries.detail.delete', { record: labelOf(kind.recordName, lang) })}
              </Button>
            </Space>
          ) : null
        }
      >
        {record.title}
      </PageTitle>
      <Space direction="vertical" size={16} style={{ width: '100%' }}>
        {kind.stageField ? <StagePanel kind={kind} record={record} canWrite={canWrite} onChanged={onChanged} /> : null}
        <Card size="small" title={<h2 style={HEADING}>{t('registries.detail.fields')}</h2>}>
          <Descriptions column={{ xs: 1, md: 2 }} size="small" data-testid="record-fields">
            {fieldsOf(kind).map((field) => (
              <Descriptions.Item key={field.key} label={labelOf(field.label, lang)}>
                <FieldValue field={field} record={record} pair={pair} lang={lang} />
              </Descriptions.Item>
            ))}
            <Descriptions.Item label={t('registries.detail.articles')}>
              {record.articleNos.length > 0 ? (
                <Space size={[4, 4]} wrap>
                  {record.articleNos.map((no) => (
                    <Tag key={no}>{t('registries.articleNo', { no })}</Tag>
                  ))}
                </Space>
              ) : (
                '—'
              )}
            </Descriptions.Item>
            <Descriptions.Item label={t('registries.detail.updated')}>{formatDateTime(record.updatedAt, lang)}</Descriptions.Item>
          </Descriptions>
        </Card>
        {record.related.map((group) => {
          const other = kinds.find((k) => k.type === group.type);
          const otherLabel = other ? labelOf(other.recordName, lang) : group.type;
          // Totals of the numbers of the linked records (a park's planned and actual investment).
          const totals = Object.entries(group.totals)
            .filter(([key]) => key !== 'count')
            .map(([key, value]) => {
              const field = other?.fields.find((f) => f.key === key);
              return `${field ? labelOf(field.label, lang) : key} ${formatDecimal(value, 4)}`;
            });
          return (
            <Card
              key={`${group.type}-${group.field}`}
              size="small"
              data-testid={`related-${group.type}`}
              title={<h2 style={HEADING}>{t('registries.detail.related', { kind: otherLabel, count: group.items.length })}</h2>}
            >
              {totals.length > 0 && group.items.length > 0 ? (
                <Typography.Paragraph type="secondary">{t('registries.detail.totals', { list: totals.join('；') })}</Typography.Paragraph>
              ) : null}
              <DataTable
                rowKey="id"
                size="small"
                pagination={group.items.length > 10 ? { pageSize: 10, showSizeChanger: false } : false}
                dataSource={group.items}
                locale={{ emptyText: t('registries.detail.relatedEmpty') }}
                columns={[
                  {
                    title: t('registries.detail.colTitle'),
                    dataIndex: 'title',
                    render: (title: string, item) => <Link to={`/registries/${group.type}/${item.id}`}>{title}</Link>,
                  },
                  ...(other?.stageField ? [{ title: t('registries.detail.colStage'), dataIndex: 'stage', width: 120 }] : []),
                  { title: t('registries.detail.colDate'), dataIndex: 'occurredOn', width: 160, render: (on: string | null) => formatDate(on, lang) },
                ]}
              />
            </Card>
          );
        })}
        <Card size="small">
          <Attachments ownerType="registry_record" ownerId={record.id} canUpload={canWrite} />
        </Card>
      </Space>
    </div>
  );
}

/** The stages of a record (洽谈 → 签约 → 开工 → 投产) with their dates and history, and the moves the session may make. */
function StagePanel({ kind, record, canWrite, onChanged }: { kind: RegistryKind; record: RegistryRecordDetail; canWrite: boolean; onChanged: () => void }) {
  const { lang, t } = useI18n();
  const { message } = AntApp.useApp();
  const session = useCurrentSession();
  const field = kind.fields.find((f) => f.key === kind.stageField)!;
  const stages = field.options ?? [];
  const current = stages.findIndex((s) => s.value === record.stage);
  const next = stages[current + 1];
  const reversible = canWrite && mayReverse(session, record.pairId) && current > 0;
  const [dialog, setDialog] = useState<'advance' | 'reverse' | null>(null);
  const [busy, setBusy] = useState(false);
  const [advanceForm] = Form.useForm<{ on: Dayjs }>();
  const [reverseForm] = Form.useForm<{ stage: string; reason: string }>();
  // The date each stage up to the current one was reached: the latest move forward to it (a move back is a correction, not a date).
  const reachedOn = (stage: string) => {
    const event = [...record.events].reverse().find((e) => e.toStage === stage && e.action !== 'stage_back' && e.on);
    return event?.on ?? null;
  };
  const stageLabel = (value: string | null) => (value ? optionLabel(field, value, lang) : '—');

  async function move(body: { stage: string; on?: string; reason?: string }, done: string, form: typeof advanceForm | typeof reverseForm) {
    setBusy(true);
    try {
      await call(
        client.POST('/api/v1/registries/{type}/records/{id}/stage', {
          params: { path: { type: kind.type as RegistryTypeName, id: record.id } },
          body,
        }),
      );
      message.success(done);
      setDialog(null);
      onChanged();
    } catch (cause) {
      const error = cause instanceof ApiError ? cause : ApiError.network();
      const placed = error.details.filter((d) => ['on', 'reason', 'stage'].includes(d.field));
      if (placed.length > 0) {
        form.setFields(placed.map((d) => ({ name: d.field as never, errors: [d.reason] })));
      } else {
        const details = error.details.map((d) => d.reason).join('；');
        message.error(details ? `${error.text(lang)}：${details}` : error.text(lang));
      }
    } finally {
      setBusy(false);
    }
  }

  return (
    <Card
      size="small"
      data-testid="stage-panel"
      title={<h2 style={HEADING}>{t('registries.detail.stages')}</h2>}
      extra={
        canWrite ? (
          <Space wrap>
            {reversible ? (
              <Button icon={<RollbackOutlined aria-hidden />} onClick={() => setDialog('reverse')}>
                {t('registries.detail.reverse')}
              </Button>
            ) : null}
            <Button
              type="primary"
              icon={<ArrowRightOutlined aria-hidden />}
              disabled={!next}
              title={next ? undefined : t('registries.detail.lastStage')}
              onClick={() => setDialog('advance')}
            >
              {t('registries.detail.advance')}
            </Button>
          </Space>
        ) : null
      }
    >
      <Steps
        current={current}
        size="small"
        style={{ marginBottom: 16 }}
        items={stages.map((s, i) => {
          const on = i <= current ? reachedOn(s.value) : null;
          return { title: labelOf(s, lang), description: on ? formatDate(on, lang) : undefined };
        })}
      />
      <Typography.Title level={3} style={{ fontSize: 14 }}>
        {t('registries.detail.history')}
      </Typography.Title>
      <List
        size="small"
        data-testid="stage-history"
        dataSource={record.events}
        locale={{ emptyText: t('registries.detail.historyEmpty') }}
        renderItem={(event) => {
          const what =
            event.fromStage === null
              ? t('registries.detail.event.create', { to: stageLabel(event.toStage) })
              : t(event.action === 'stage_back' ? 'registries.detail.event.back' : 'registries.detail.event.forward', {
                  from: stageLabel(event.fromStage),
                  to: stageLabel(event.toStage),
                });
          return (
            <List.Item>
              <Space size={[12, 4]} wrap>
                <Typography.Text strong>{what}</Typography.Text>
                {event.on ? <span>{t('registries.detail.eventOn', { date: formatDate(event.on, lang) })}</span> : null}
                {event.reason ? <span>{t('registries.detail.eventReason', { reason: event.reason })}</span> : null}
                <Typography.Text type="secondary">{t('registries.detail.eventAt', { time: formatDateTime(event.at, lang) })}</Typography.Text>
              </Space>
            </List.Item>
          );
        }}
      />
      <Modal
        open={dialog === 'advance'}
        title={next ? t('registries.detail.advanceTitle', { stage: labelOf(next, lang) }) : ''}
        okText={t('registries.detail.advanceOk')}
        cancelText={t('registries.detail.cancel')}
        confirmLoading={busy}
        onCancel={() => setDialog(null)}
        onOk={() => advanceForm.submit()}
        destroyOnHidden
      >
        <Form
          form={advanceForm}
          layout="vertical"
          name="stage-advance"
          initialValues={{ on: dayjs() }}
          onKeyDown={(event) => {
            // Enter confirms the date in the picker; the dialog's button confirms the move.
            if (event.key === 'Enter' && (event.target as HTMLElement).closest('.ant-picker')) event.preventDefault();
          }}
          onFinish={(values) =>
            next &&
            void move({ stage: next.value, on: values.on.format('YYYY-MM-DD') }, t('registries.detail.advanced', { stage: labelOf(next, lang) }), advanceForm)
          }
        >
          <Form.Item
            label={t('registries.detail.advanceOn')}
            name="on"
            htmlFor="stage-on"
            rules={[{ required: true, message: t('registries.form.required', { field: t('registries.detail.advanceOn') }) }]}
          >
            <DatePicker id="stage-on" style={{ width: '100%' }} />
          </Form.Item>
        </Form>
      </Modal>
      <Modal
        open={dialog === 'reverse'}
        title={t('registries.detail.reverseTitle')}
        okText={t('registries.detail.reverseOk')}
        cancelText={t('registries.detail.cancel')}
        okButtonProps={{ danger: true }}
        confirmLoading={busy}
        onCancel={() => setDialog(null)}
        onOk={() => reverseForm.submit()}
        destroyOnHidden
      >
        <Form
          form={reverseForm}
          layout="vertical"
          name="stage-reverse"
          initialValues={{ stage: stages[current - 1]?.value, reason: '' }}
          onFinish={(values) =>
            void move({ stage: values.stage, reason: values.reason.trim() }, t('registries.detail.reversed', { stage: stageLabel(values.stage) }), reverseForm)
          }
        >
          <Form.Item label={t('registries.detail.reverseTo')} name="stage" htmlFor="stage-back-to" rules={[{ required: true }]}>
            <Select id="stage-back-to" options={stages.slice(0, Math.max(current, 0)).map((s) => ({ value: s.value, label: labelOf(s, lang) }))} />
          </Form.Item>
          <Form.Item
            label={t('registries.detail.reverseReason')}
            name="reason"
            htmlFor="stage-reason"
            rules={[{ required: true, whitespace: true, message: t('registries.detail.reverseReasonRequired') }]}
          >
            <Input.TextArea id="stage-reason" maxLength={500} autoSize={{ minRows: 2, maxRows: 4 }} />
          </Form.Item>
        </Form>
      </Modal>
    </Card>
  );
}
