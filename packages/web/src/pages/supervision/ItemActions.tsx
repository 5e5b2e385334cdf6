import { App as AntApp, Timeline as AntTimeline, Card, DatePicker, Form, Input, Modal, Space, Typography } from 'antd';
import type { Dayjs } from 'dayjs';
import { useState } from 'react';
import { type ApiError, call, client, type Schemas } from '../../api/client.js';
import { Button } from '../../components/Button.js';
import { DataTable } from '../../components/DataTable.js';
import { ErrorAlert } from '../../components/ErrorAlert.js';
import { showFieldErrors } from '../../components/fieldErrors.js';
import { Select } from '../../components/Select.js';
import { useApi } from '../../components/useApi.js';
import { formatDate, formatDateTime } from '../../i18n/format.js';
import { useI18n } from '../../i18n/i18n.js';
import type { MessageKey } from '../../i18n/messages.js';
import { asApiError, chinaToday } from '../reports/common.js';

type Detail = Schemas['SupervisionItemDetail'];
type Extension = Detail['extensions'][number];

/** The files uploaded to the item, to cite in a reply or a completion report. */
export function useItemFiles(itemId: string) {
  return useApi(
    async () => (await call(client.GET('/api/v1/attachments', { params: { query: { ownerType: 'supervision', ownerId: itemId } } }))).items,
    [itemId],
    { live: 'pair' },
  );
}

/** A form control: the item's files to cite (upload them in the attachments card first). */
export function ItemFilePicker({ itemId, id, value, onChange }: { itemId: string; id?: string; value?: string[]; onChange?: (value: string[]) => void }) {
  const files = useItemFiles(itemId);
  return (
    <Select<string[]>
      id={id}
      value={value}
      onChange={onChange}
      mode="multiple"
      allowClear
      loading={files.loading}
      options={(files.data ?? []).map((f) => ({ value: f.id, label: f.fileName }))}
    />
  );
}

type Step = 'sign' | 'extension' | 'completion' | 'return' | 'chase' | 'decide';

interface StepSpec {
  title: MessageKey;
  done: MessageKey;
  /** The fields the server may name, mapped onto the form. */
  fields: string[];
  send: (itemId: string, values: Record<string, unknown>, item: Detail) => Promise<unknown>;
}

const path = (id: string) => ({ params: { path: { id } } });
const trimmed = (value: unknown) => (typeof value === 'string' && value.trim() ? value.trim() : undefined);

const STEPS: Record<Exclude<Step, 'decide'>, StepSpec> = {
  sign: {
    title: 'supervisionLoop.sign',
    done: 'supervisionLoop.signed',
    fields: [],
    send: (id) => call(client.POST('/api/v1/supervision/{id}/sign', path(id))),
  },
  extension: {
    title: 'supervisionLoop.askExtension',
    done: 'supervisionLoop.extensionSent',
    fields: ['reason', 'newDeadline'],
    send: (id, v) =>
      call(
        client.POST('/api/v1/supervision/{id}/extensions', {
          ...path(id),
          body: { reason: String(v.reason ?? ''), newDeadline: (v.newDeadline as Dayjs | undefined)?.format('YYYY-MM-DD') ?? '' },
        }),
      ),
  },
  completion: {
    title: 'supervisionLoop.applyCompletion',
    done: 'supervisionLoop.applied',
    fields: ['result', 'attachmentIds'],
    send: (id, v) =>
      call(
        client.POST('/api/v1/supervision/{id}/completion', {
          ...path(id),
          body: { result: String(v.result ?? ''), attachmentIds: (v.attachmentIds as string[] | undefined) ?? [] },
        }),
      ),
  },
  return: {
    title: 'supervisionLoop.returnItem',
    done: 'supervisionLoop.returned',
    fields: ['reason'],
    send: (id, v) => call(client.POST('/api/v1/supervision/{id}/return', { ...path(id), body: { reason: String(v.reason ?? '') } })),
  },
  chase: {
    title: 'supervisionLoop.chase',
    done: 'supervisionLoop.chased',
    fields: ['note'],
    send: (id, v) => {
      const note = trimmed(v.note);
      return call(client.POST('/api/v1/supervision/{id}/chase', { ...path(id), body: note ? { note } : {} }));
    },
  },
};

/**
 * What the caller can do with the item now: the owner unit signs, asks for more time, applies to
 * close; the office decides an extension request, returns or (beside, in the item card) closes,
 * and chases. The server decides again; a refused step shows its reason.
 */
export function ActionCard({ item, isOffice, isOwnerUnit, reload }: { item: Detail; isOffice: boolean; isOwnerUnit: boolean; reload: () => void }) {
  const { lang, t } = useI18n();
  const [step, setStep] = useState<Exclude<Step, 'decide'> | null>(null);
  const today = chinaToday();
  const buttons: { key: Exclude<Step, 'decide'>; primary?: boolean; danger?: boolean }[] = [];
  if (isOwnerUnit && item.status === 'assigned') buttons.push({ key: 'sign', primary: true });
  if (isOwnerUnit && item.status === 'in_progress') {
    buttons.push({ key: 'completion', primary: true });
    if (!item.pendingExtension && item.deadline >= today) buttons.push({ key: 'extension' });
  }
  if (isOffice && item.status === 'completion_requested') buttons.push({ key: 'return', danger: true });
  if (isOffice && (item.status === 'assigned' || item.status === 'in_progress')) buttons.push({ key: 'chase' });
  const waiting =
    item.status === 'completion_requested' && !isOffice
      ? t('supervisionLoop.waitingOffice')
      : item.status === 'assigned' && !isOwnerUnit
        ? t('supervisionLoop.waitingSign')
        : null;
  if (buttons.length === 0 && !item.pendingExtension && !waiting) return null;
  return (
    <Card title={t('supervisionLoop.actions')} style={{ marginBottom: 16 }} data-testid="supervision-actions">
      {item.pendingExtension ? <PendingExtension item={item} extension={item.pendingExtension} canDecide={isOffice} reload={reload} /> : null}
      {waiting ? <Typography.Paragraph type="secondary">{waiting}</Typography.Paragraph> : null}
      <Space wrap>
        {buttons.map((b) => (
          <Button key={b.key} type={b.primary ? 'primary' : 'default'} danger={b.danger} onClick={() => setStep(b.key)}>
            {t(STEPS[b.key].title)}
          </Button>
        ))}
      </Space>
      {step ? (
        <StepDialog
          item={item}
          step={step}
          onCancel={() => setStep(null)}
          onDone={() => {
            setStep(null);
            reload();
          }}
        />
      ) : null}
      <Typography.Text type="secondary" style={{ display: 'block', marginTop: 12 }}>
        {t('supervision.deadline')}
        {t('common.colon')}
        {formatDate(item.deadline, lang)}
      </Typography.Text>
    </Card>
  );
}

function StepDialog({ item, step, onCancel, onDone }: { item: Detail; step: Exclude<Step, 'decide'>; onCancel: () => void; onDone: () => void }) {
  const { lang, t } = useI18n();
  const { message } = AntApp.useApp();
  const [form] = Form.useForm<Record<string, unknown>>();
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<ApiError | null>(null);
  const spec = STEPS[step];

  async function submit() {
    setError(null);
    let values: Record<string, unknown>;
    try {
      values = await form.validateFields();
    } catch {
      return;
    }
    setBusy(true);
    try {
      await spec.send(item.id, values, item);
      message.success(t(spec.done));
      onDone();
    } catch (cause) {
      const apiError = asApiError(cause);
      const rest = showFieldErrors(form, apiError, lang, (field) => {
        const top = field.split('.')[0] ?? field;
        return spec.fields.includes(top) ? top : null;
      });
      if (apiError.details.length === 0 || rest.length > 0) setError(apiError);
    } finally {
      setBusy(false);
    }
  }

  return (
    <Modal
      title={t(spec.title)}
      open
      onCancel={onCancel}
      onOk={() => void submit()}
      okText={t('supervisionLoop.ok')}
      okButtonProps={{ loading: busy, danger: step === 'return' }}
      cancelText={t('report.cancel')}
    >
      <Form form={form} layout="vertical" name={`supervision-${step}`}>
        {step === 'sign' ? <Typography.Paragraph>{t('supervisionLoop.signConfirm')}</Typography.Paragraph> : null}
        {step === 'extension' ? (
          <>
            <Form.Item
              label={t('supervisionLoop.extensionReason')}
              name="reason"
              rules={[{ required: true, whitespace: true, message: t('supervisionLoop.extensionReasonRequired') }]}
            >
              <Input.TextArea rows={3} maxLength={2000} showCount />
            </Form.Item>
            <Form.Item
              label={t('supervisionLoop.newDeadline')}
              name="newDeadline"
              rules={[{ required: true, message: t('supervisionLoop.newDeadlineRequired') }]}
            >
              <DatePicker style={{ width: 200 }} format="YYYY-MM-DD" disabledDate={(day) => day.format('YYYY-MM-DD') <= item.deadline} />
            </Form.Item>
          </>
        ) : null}
        {step === 'completion' ? (
          <>
            <Form.Item
              label={t('supervisionLoop.result')}
              name="result"
              rules={[{ required: true, whitespace: true, message: t('supervisionLoop.resultRequired') }]}
            >
              <Input.TextArea rows={4} maxLength={5000} showCount />
            </Form.Item>
            <Form.Item label={t('supervisionLoop.evidence')} name="attachmentIds">
              <ItemFilePicker itemId={item.id} />
            </Form.Item>
          </>
        ) : null}
        {step === 'return' ? (
          <Form.Item
            label={t('supervisionLoop.returnReason')}
            name="reason"
            rules={[{ required: true, whitespace: true, message: t('supervisionLoop.returnReasonRequired') }]}
          >
            <Input.TextArea rows={3} maxLength={2000} showCount />
          </Form.Item>
        ) : null}
        {step === 'chase' ? (
          <Form.Item label={t('supervisionLoop.chaseNote')} name="note">
            <Input.TextArea rows={3} maxLength={2000} />
          </Form.Item>
        ) : null}
      </Form>
      {error ? <ErrorAlert error={error} /> : null}
    </Modal>
  );
}

/** A request waiting for the office: shown to everyone, decided by the office with an optional comment. */
function PendingExtension({ item, extension, canDecide, reload }: { item: Detail; extension: Extension; canDecide: boolean; reload: () => void }) {
  const { lang, t } = useI18n();
  const { message } = AntApp.useApp();
  const [comment, setComment] = useState('');
  const [busy, setBusy] = useState<'approve' | 'refuse' | null>(null);
  const [error, setError] = useState<ApiError | null>(null);

  async function decide(decision: 'approve' | 'refuse') {
    setBusy(decision);
    setError(null);
    try {
      const note = comment.trim();
      await call(
        client.POST('/api/v1/supervision/{id}/extension-decision', {
          ...path(item.id),
          body: { extensionId: extension.id, decision, ...(note ? { comment: note } : {}) },
        }),
      );
      message.success(t('supervisionLoop.decided'));
      reload();
    } catch (cause) {
      setError(asApiError(cause));
    } finally {
      setBusy(null);
    }
  }

  return (
    <div style={{ marginBottom: 16 }} data-testid="supervision-pending-extension">
      <Typography.Paragraph strong>
        {t('enum.extensionStatus.pending')}
        {t('common.colon')}
        {t('supervisionLoop.pendingExtension', {
          name: extension.requestedByName ?? '—',
          to: formatDate(extension.newDeadline, lang),
          reason: extension.reason,
        })}
      </Typography.Paragraph>
      {canDecide ? (
        <>
          <Input.TextArea
            aria-label={t('supervisionLoop.decision')}
            placeholder={t('supervisionLoop.decision')}
            rows={2}
            maxLength={2000}
            value={comment}
            onChange={(e) => setComment(e.target.value)}
            style={{ marginBottom: 8 }}
          />
          <Space wrap>
            <Button type="primary" loading={busy === 'approve'} onClick={() => void decide('approve')}>
              {t('enum.extensionDecision.approve')}
            </Button>
            <Button danger loading={busy === 'refuse'} onClick={() => void decide('refuse')}>
              {t('enum.extensionDecision.refuse')}
            </Button>
          </Space>
        </>
      ) : null}
      {error ? (
        <div style={{ marginTop: 8 }}>
          <ErrorAlert error={error} />
        </div>
      ) : null}
    </div>
  );
}

/** Every step of the item, oldest first, with who took it (or the system, for the reminder job). */
export function Timeline({ item }: { item: Detail }) {
  const { lang, t } = useI18n();
  return (
    <Card title={t('supervisionLoop.timeline')} style={{ marginBottom: 16 }}>
      <AntTimeline
        data-testid="supervision-timeline"
        items={item.events.map((event) => ({
          key: event.id,
          color: event.kind === 'overdue' || event.kind === 'returned' ? 'red' : event.kind === 'closed' ? 'green' : 'blue',
          children: (
            <div>
              <Typography.Text strong>{t(`enum.supervisionEventKind.${event.kind}`)}</Typography.Text>
              <Typography.Text type="secondary" style={{ marginInlineStart: 8 }}>
                {event.actorName ?? t('supervisionLoop.system')} · {formatDateTime(event.at, lang)}
              </Typography.Text>
              {event.note ? <div style={{ whiteSpace: 'pre-wrap' }}>{event.note}</div> : null}
            </div>
          ),
        }))}
      />
    </Card>
  );
}

export function ExtensionHistory({ item }: { item: Detail }) {
  const { lang, t } = useI18n();
  return (
    <Card title={t('supervisionLoop.extensions')} style={{ marginBottom: 16 }}>
      <DataTable<Extension>
        rowKey="id"
        size="small"
        pagination={false}
        dataSource={item.extensions}
        data-testid="supervision-extensions"
        locale={{ emptyText: t('supervisionLoop.noExtensions') }}
        scroll={{ x: 'max-content' }}
        columns={[
          {
            title: t('supervisionLoop.colFromTo'),
            key: 'fromTo',
            render: (_, e) => t('supervisionLoop.fromTo', { from: formatDate(e.fromDeadline, lang), to: formatDate(e.newDeadline, lang) }),
          },
          { title: t('supervisionLoop.colReason'), dataIndex: 'reason' },
          {
            title: t('supervisionLoop.colDecision'),
            key: 'status',
            render: (_, e) => (
              <span>
                {t(`enum.extensionStatus.${e.status}`)}
                {e.decisionComment ? `：${e.decisionComment}` : ''}
              </span>
            ),
          },
        ]}
      />
    </Card>
  );
}
