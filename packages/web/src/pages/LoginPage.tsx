import { LockOutlined, UserOutlined } from '@ant-design/icons';
import { Alert, Form, Input, Typography } from 'antd';
import { type ReactNode, useState } from 'react';
import { Navigate, useLocation, useNavigate } from 'react-router';
import { ApiError } from '../api/client.js';
import { AuthLayout } from '../components/AuthLayout.js';
import { Button } from '../components/Button.js';
import { RequestId } from '../components/ErrorAlert.js';
import { formatDateTime } from '../i18n/format.js';
import { useI18n } from '../i18n/i18n.js';
import { afterLoginPath, type LoginLocationState, useSession } from '../session/session.js';

interface LoginValues {
  username: string;
  password: string;
}

export function LoginPage() {
  const { lang, t } = useI18n();
  const { state, login } = useSession();
  const navigate = useNavigate();
  const location = useLocation();
  const locationState = (location.state ?? {}) as LoginLocationState;
  const [form] = Form.useForm<LoginValues>();
  const [error, setError] = useState<ApiError | null>(null);
  const [submitting, setSubmitting] = useState(false);

  if (state.status === 'authenticated' && !submitting) {
    return <Navigate to={state.session.user.mustChangePassword ? '/change-password' : afterLoginPath(locationState, state.session.user.id)} replace />;
  }

  async function submit(values: LoginValues) {
    setSubmitting(true);
    setError(null);
    try {
      const session = await login(values.username.trim(), values.password);
      navigate(session.user.mustChangePassword ? '/change-password' : afterLoginPath(locationState, session.user.id), { replace: true });
    } catch (cause) {
      const apiError = cause instanceof ApiError ? cause : ApiError.network();
      setError(apiError);
      form.setFieldValue('password', '');
      if (apiError.code === 'VALIDATION_FAILED') {
        form.setFields([...apiError.byField()].map(([name, issues]) => ({ name: name as keyof LoginValues, errors: issues.map((i) => i.reason) })));
      }
    } finally {
      setSubmitting(false);
    }
  }

  let errorDescription: ReactNode;
  if (error?.code === 'ACCOUNT_LOCKED') {
    const until = error.details.map((d) => /\d{4}-\d{2}-\d{2}T[\d:.]+Z/.exec(d.reason)?.[0]).find(Boolean);
    if (until) errorDescription = t('login.lockedUntil', { time: formatDateTime(until, lang) });
  } else if (error?.requestId && error.status >= 500) {
    errorDescription = <RequestId id={error.requestId} />;
  }

  return (
    <AuthLayout title={t('login.title')}>
      {locationState.reason === 'logged_out' && !error ? <Alert type="success" showIcon message={t('login.loggedOut')} style={{ marginBottom: 16 }} /> : null}
      {locationState.reason === 'ended' && !error ? <Alert type="warning" showIcon message={t('login.sessionEnded')} style={{ marginBottom: 16 }} /> : null}
      <Form<LoginValues> form={form} layout="vertical" requiredMark={false} onFinish={submit} disabled={submitting} name="login">
        <Form.Item label={t('login.username')} name="username" rules={[{ required: true, whitespace: true, message: t('login.usernameRequired') }]}>
          <Input prefix={<UserOutlined aria-hidden />} autoComplete="username" autoFocus size="large" />
        </Form.Item>
        <Form.Item label={t('login.password')} name="password" rules={[{ required: true, message: t('login.passwordRequired') }]}>
          <Input.Password prefix={<LockOutlined aria-hidden />} autoComplete="current-password" size="large" />
        </Form.Item>
        {error ? <Alert type="error" showIcon message={error.text(lang)} description={errorDescription} style={{ marginBottom: 16 }} /> : null}
        <Form.Item style={{ marginBottom: 8 }}>
          <Button type="primary" htmlType="submit" size="large" block loading={submitting}>
            {t('login.submit')}
          </Button>
        </Form.Item>
      </Form>
      <Typography.Text type="secondary" style={{ fontSize: 12 }}>
        {t('login.lockHint')}
      </Typography.Text>
    </AuthLayout>
  );
}
