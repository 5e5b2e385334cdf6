import { App as AntApp, DatePicker, Drawer, Form, Input, Space, Typography } from 'antd';
import dayjs, { type Dayjs } from 'dayjs';
import { useEffect, useState } from 'react';
import { type ApiError, call, client } from '../../api/client.js';
import { Button } from '../../components/Button.js';
import { ErrorAlert } from '../../components/ErrorAlert.js';
import { asApiError, showFieldErrors } from '../../components/fieldErrors.js';
import { Select } from '../../components/Select.js';
import { useI18n } from '../../i18n/i18n.js';
import { useCurrentSession } from '../../session/session.js';
import { useShell } from '../../shell/pair.js';
import { Attachments } from '../reports/Attachments.js';
import { chinaToday } from '../reports/common.js';
import { INSTRUCTION_LIMITS, type Instruction, writableCities } from './shared.js';

interface FormValues {
  cityId?: string;
  leaderName: string;
  instructedOn?: Dayjs;
  content: string;
  documentTitle?: string;
}

const FIELDS = new Set(['cityId', 'leaderName', 'instructedOn', 'content', 'documentTitle']);

/**
 * 录入批示 (or 修改): the leader, the date, the text and the document's title, and the document
 * itself through the attachments list. A file chosen before the first save saves the instruction
 * first (the file belongs to it), after which the drawer edits what it saved.
 */
export function InstructionFormDrawer({
  open,
  instruction,
  onClose,
  onSaved,
}: {
  open: boolean;
  /** The instruction to edit; null records a new one. */
  instruction: Instruction | null;
  onClose: () => void;
  onSaved: (id: string) => void;
}) {
  const { lang, t } = useI18n();
  const { message } = AntApp.useApp();
  const session = useCurrentSession();
  const { pair } = useShell();
  const cities = writableCities(session, pair ?? null);
  const [form] = Form.useForm<FormValues>();
  const [savedId, setSavedId] = useState<string | null>(instruction?.id ?? null);
  const [saving, setSaving] = useState(false);
  const [error, setError] = useState<ApiError | null>(null);
  const today = chinaToday();

  // The form is filled when the drawer opens (or opens on another instruction), not on every change of the session's lists.
  // biome-ignore lint/correctness/useExhaustiveDependencies: see above.
  useEffect(() => {
    if (!open) return;
    setSavedId(instruction?.id ?? null);
    setError(null);
    form.resetFields();
    form.setFieldsValue(
      instruction
        ? {
            cityId: instruction.cityId,
            leaderName: instruction.leaderName,
            instructedOn: dayjs(instruction.instructedOn),
            content: instruction.content,
            documentTitle: instruction.documentTitle ?? undefined,
          }
        : { cityId: cities.length === 1 ? cities[0]?.id : undefined, instructedOn: dayjs(today) },
    );
  }, [open, instruction?.id]);

  /** Saves the form (a new instruction, or the one saved already); null when the form is not valid or the server refused it. */
  async function save(values: FormValues): Promise<string | null> {
    setSaving(true);
    setError(null);
    const fields = {
      leaderName: values.leaderName,
      instructedOn: values.instructedOn?.format('YYYY-MM-DD') ?? '',
      content: values.content,
      documentTitle: values.documentTitle?.trim() ? values.documentTitle : null,
    };
    try {
      const saved = savedId
        ? await call(client.PATCH('/api/v1/instructions/{id}', { params: { path: { id: savedId } }, body: fields }))
        : await call(client.POST('/api/v1/instructions', { body: { ...fields, cityId: values.cityId ?? '' } }));
      setSavedId(saved.id);
      return saved.id;
    } catch (cause) {
      const apiError = asApiError(cause);
      const rest = showFieldErrors(form, apiError, lang, (field) => (FIELDS.has(field) ? field : null));
      if (apiError.details.length === 0 || rest.length > 0) setError(apiError);
      return null;
    } finally {
      setSaving(false);
    }
  }

  async function submit(values: FormValues) {
    const id = await save(values);
    if (!id) return;
    message.success(t('instructions.form.saved'));
    onSaved(id);
  }

  async function saveBeforeUpload(): Promise<string | null> {
    try {
      return await save(await form.validateFields());
    } catch {
      return null;
    }
  }

  return (
    <Drawer
      title={instruction || savedId ? t('instructions.form.editTitle') : t('instructions.form.createTitle')}
      open={open}
      onClose={onClose}
      width={600}
      extra={
        <Space>
          <Button onClick={onClose}>{t('instructions.form.cancel')}</Button>
          <Button type="primary" loading={saving} onClick={() => form.submit()}>
            {t('instructions.form.save')}
          </Button>
        </Space>
      }
    >
      <Form<FormValues> form={form} layout="vertical" name="instruction-form" onFinish={submit} disabled={saving}>
        <Form.Item label={t('instructions.form.city')} name="cityId" rules={[{ required: true, message: t('instructions.form.cityRequired') }]}>
          <Select<string> disabled={savedId !== null} options={cities.map((c) => ({ value: c.id, label: c.name }))} />
        </Form.Item>
        <Form.Item
          label={t('instructions.form.leader')}
          name="leaderName"
          rules={[{ required: true, whitespace: true, message: t('instructions.form.leaderRequired') }]}
        >
          <Input maxLength={INSTRUCTION_LIMITS.leaderName} placeholder={t('instructions.form.leaderPlaceholder')} />
        </Form.Item>
        <Form.Item label={t('instructions.form.date')} name="instructedOn" rules={[{ required: true, message: t('instructions.form.dateRequired') }]}>
          <DatePicker style={{ width: 200 }} format="YYYY-MM-DD" disabledDate={(day) => day.format('YYYY-MM-DD') > today} />
        </Form.Item>
        <Form.Item
          label={t('instructions.form.content')}
          name="content"
          rules={[{ required: true, whitespace: true, message: t('instructions.form.contentRequired') }]}
        >
          <Input.TextArea rows={6} maxLength={INSTRUCTION_LIMITS.content} showCount />
        </Form.Item>
        <Form.Item label={t('instructions.form.document')} name="documentTitle">
          <Input maxLength={INSTRUCTION_LIMITS.documentTitle} placeholder={t('instructions.form.documentPlaceholder')} />
        </Form.Item>
        {error ? <ErrorAlert error={error} /> : null}
      </Form>
      <Attachments ownerType="instruction" ownerId={savedId} canUpload ensureOwner={saveBeforeUpload} onUploaded={(id) => setSavedId(id)} />
      {savedId ? null : (
        <Typography.Paragraph type="secondary" style={{ marginTop: 8 }}>
          {t('instructions.form.attachHint')}
        </Typography.Paragraph>
      )}
    </Drawer>
  );
}
