import { Alert, App as AntApp, Card, Form, Input, Radio, Typography } from 'antd';
import { useState } from 'react';
import { useNavigate } from 'react-router';
import { ApiError, call, client } from '../api/client.js';
import { Button } from '../components/Button.js';
import { ErrorAlert } from '../components/ErrorAlert.js';
import { type ChosenFile, FilePicker } from '../components/FilePicker.js';
import { RequirePermission } from '../components/PageStates.js';
import { PageTitle } from '../components/PageTitle.js';
import { useI18n } from '../i18n/i18n.js';
import { useShell } from '../shell/pair.js';

export function PlanImportPage() {
  return (
    <RequirePermission any={['plans.write']}>
      <PlanImport />
    </RequirePermission>
  );
}

interface ImportForm {
  title: string;
  mode: 'text' | 'file';
  text?: string;
}

function PlanImport() {
  const { t } = useI18n();
  const { message } = AntApp.useApp();
  const { pair } = useShell();
  const navigate = useNavigate();
  const [form] = Form.useForm<ImportForm>();
  const mode = Form.useWatch('mode', form) ?? 'text';
  const [file, setFile] = useState<ChosenFile | null>(null);
  const [fileError, setFileError] = useState<string | null>(null);
  const [error, setError] = useState<ApiError | null>(null);
  const [busy, setBusy] = useState(false);

  async function submit(values: ImportForm) {
    if (!pair) return;
    if (values.mode === 'file' && !file) {
      setFileError(t('planImport.fileRequired'));
      return;
    }
    setBusy(true);
    setError(null);
    try {
      const source = values.mode === 'file' && file ? { fileBase64: file.base64, fileName: file.name } : { text: values.text ?? '' };
      const result = await call(client.POST('/api/v1/plans/import', { body: { pairId: pair.id, title: values.title.trim() || undefined, source } }));
      message.success(t('planImport.done', { no: result.version.versionNo }));
      navigate(`/plans/versions/${result.version.id}`);
    } catch (cause) {
      const apiError = cause instanceof ApiError ? cause : ApiError.network();
      // Field issues go beside their fields; the rest above the form.
      let placed = false;
      for (const [field, issues] of apiError.byField()) {
        const reasons = issues.map((issue) => issue.reason);
        if (field === 'title') {
          form.setFields([{ name: 'title', errors: reasons }]);
          placed = true;
        } else if (field.startsWith('source') || field === 'text') {
          if (values.mode === 'file') setFileError(reasons.join('；'));
          else form.setFields([{ name: 'text', errors: reasons }]);
          placed = true;
        }
      }
      if (!placed) setError(apiError);
    } finally {
      setBusy(false);
    }
  }

  return (
    <div>
      <PageTitle>{t('planImport.title')}</PageTitle>
      {!pair ? <Alert type="warning" showIcon message={t('planImport.noPair')} style={{ marginBottom: 16 }} /> : null}
      {error ? (
        <div style={{ marginBottom: 16 }}>
          <ErrorAlert error={error} />
        </div>
      ) : null}
      <Card>
        <Typography.Paragraph type="secondary">{t('planImport.hint')}</Typography.Paragraph>
        <Form<ImportForm>
          form={form}
          layout="vertical"
          initialValues={{ title: t('planImport.defaultTitle'), mode: 'text', text: '' }}
          onFinish={(values) => void submit(values)}
          disabled={busy}
          style={{ maxWidth: 960 }}
        >
          <Form.Item name="title" label={t('planImport.planTitle')}>
            <Input maxLength={200} />
          </Form.Item>
          <Form.Item name="mode" label={t('planImport.mode')}>
            <Radio.Group
              optionType="button"
              options={[
                { value: 'text', label: t('planImport.modeText') },
                { value: 'file', label: t('planImport.modeFile') },
              ]}
            />
          </Form.Item>
          {mode === 'text' ? (
            <Form.Item name="text" label={t('planImport.text')} rules={[{ required: true, whitespace: true, message: t('planImport.textRequired') }]}>
              <Input.TextArea rows={14} style={{ fontFamily: 'inherit' }} />
            </Form.Item>
          ) : (
            <div className="ant-form-item" style={{ marginBottom: 24 }}>
              <FilePicker
                label={t('planImport.file')}
                accept=".txt,.docx,.xlsx,text/plain,application/vnd.openxmlformats-officedocument.wordprocessingml.document,application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
                buttonLabel={file ? t('planImport.chooseAnother') : t('planImport.choose')}
                status={file ? t('planImport.fileChosen', { name: file.name }) : t('planImport.fileHint')}
                error={fileError}
                onChoose={(chosen) => {
                  setFileError(null);
                  setFile(chosen);
                }}
                onUnreadable={() => {
                  setFile(null);
                  setFileError(t('planImport.fileReadError'));
                }}
              />
            </div>
          )}
          <Button type="primary" htmlType="submit" loading={busy} disabled={!pair}>
            {t('planImport.submit')}
          </Button>
        </Form>
      </Card>
    </div>
  );
}
