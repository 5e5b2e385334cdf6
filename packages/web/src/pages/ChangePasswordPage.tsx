import { LogoutOutlined } from '@ant-design/icons';
import { Alert, App as AntApp, Card, Form, Input, Space, Typography } from 'antd';
import { useState } from 'react';
import { useNavigate } from 'react-router';
import { ApiError, call, client, type FieldIssue } from '../api/client.js';
import { AuthLayout } from '../components/AuthLayout.js';
import { Button } from '../components/Button.js';
import { type Lang, useI18n } from '../i18n/i18n.js';
import { type MessageKey, messages } from '../i18n/messages.js';
import { useCurrentSession, useSession } from '../session/session.js';

interface PasswordValues {
  currentPassword: string;
  newPassword: string;
  confirmPassword: string;
}

const FIELDS = new Set<string>(['currentPassword', 'newPassword', 'confirmPassword']);

/** A field issue in the UI language: the server's Chinese reason, or the English text of its code. */
function issueText(issue: FieldIssue, error: ApiError, lang: Lang): string {
  if (lang === 'zh') return issue.reason;
  const key = (issue.code ? `password.problem.${issue.code}` : error.code === 'WRONG_PASSWORD' ? 'password.problem.wrong_current' : null) as MessageKey | null;
  return key && key in messages ? messages[key].en : issue.reason;
}

/** The password rules, shown under the new-password field (and read with it by screen readers). */
function PasswordPolicy() {
  const { t } = useI18n();
  return (
    <div style={{ marginTop: 4, paddingBottom: 8 }}>
      <Typography.Text type="secondary">{t('password.policyTitle')}</Typography.Text>
      <ul style={{ margin: '2px 0 0', paddingInlineStart: 20 }}>
        <li>{t('password.policyLength')}</li>
        <li>{t('password.policyClasses')}</li>
        <li>{t('password.policyUsername')}</li>
        <li>{t('password.policyDifferent')}</li>
      </ul>
    </div>
  );
}

function ChangePasswordForm({ forced }: { forced: boolean }) {
  const { lang, t } = useI18n();
  const { refresh } = useSession();
  const { message } = AntApp.useApp();
  const navigate = useNavigate();
  const [form] = Form.useForm<PasswordValues>();
  const [error, setError] = useState<ApiError | null>(null);
  const [submitting, setSubmitting] = useState(false);

  async function submit(values: PasswordValues) {
    setSubmitting(true);
    setError(null);
    try {
      await call(client.POST('/api/v1/auth/password', { body: { currentPassword: values.currentPassword, newPassword: values.newPassword } }));
      message.success(t('password.changed'));
      form.resetFields();
      await refresh();
      navigate('/', { replace: true });
    } catch (cause) {
      const apiError = cause instanceof ApiError ? cause : ApiError.network();
      const byField = [...apiError.byField()].filter(([field]) => FIELDS.has(field));
      if (byField.length > 0) {
        form.setFields(byField.map(([field, issues]) => ({ name: field as keyof PasswordValues, errors: issues.map((i) => issueText(i, apiError, lang)) })));
      } else {
        setError(apiError);
      }
    } finally {
      setSubmitting(false);
    }
  }

  return (
    <Form<PasswordValues> form={form} layout="vertical" requiredMark={false} onFinish={submit} disabled={submitting} name="change-password">
      <Form.Item label={t('password.current')} name="currentPassword" rules={[{ required: true, message: t('password.currentRequired') }]}>
        <Input.Password autoComplete="current-password" autoFocus />
      </Form.Item>
      <Form.Item label={t('password.new')} name="newPassword" rules={[{ required: true, message: t('password.newRequired') }]} extra={<PasswordPolicy />}>
        <Input.Password autoComplete="new-password" />
      </Form.Item>
      <Form.Item
        label={t('password.confirm')}
        name="confirmPassword"
        dependencies={['newPassword']}
        rules={[
          { required: true, message: t('password.confirmRequired') },
          ({ getFieldValue }) => ({
            validator: (_rule, value) =>
              !value || value === getFieldValue('newPassword') ? Promise.resolve() : Promise.reject(new Error(t('password.confirmMismatch'))),
          }),
        ]}
      >
        <Input.Password autoComplete="new-password" />
      </Form.Item>
      {error ? <Alert type="error" showIcon message={error.text(lang)} style={{ marginBottom: 16 }} /> : null}
      <Space>
        <Button type="primary" htmlType="submit" loading={submitting}>
          {t('password.submit')}
        </Button>
        {forced ? null : <Button onClick={() => navigate(-1)}>{t('password.cancel')}</Button>}
      </Space>
    </Form>
  );
}

export function ChangePasswordPage() {
  const session = useCurrentSession();
  const { logout } = useSession();
  const { t } = useI18n();
  if (session.user.mustChangePassword) {
    return (
      <AuthLayout
        title={t('password.title')}
        actions={
          <Button type="text" icon={<LogoutOutlined aria-hidden />} onClick={() => void logout()}>
            {t('header.logout')}
          </Button>
        }
      >
        <Typography.Paragraph>{t('password.forcedHint')}</Typography.Paragraph>
        <ChangePasswordForm forced />
      </AuthLayout>
    );
  }
  return (
    <Card style={{ maxWidth: 560 }}>
      <Typography.Title level={1} style={{ fontSize: 20, marginTop: 0 }}>
        {t('password.title')}
      </Typography.Title>
      <ChangePasswordForm forced={false} />
    </Card>
  );
}
