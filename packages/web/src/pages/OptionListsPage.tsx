import { ArrowDownOutlined, ArrowUpOutlined, DeleteOutlined, PlusOutlined } from '@ant-design/icons';
import { Alert, App as AntApp, Card, Form, Input, Space, Tag, Typography } from 'antd';
import { useEffect, useMemo, useState } from 'react';
import { useSearchParams } from 'react-router';
import { type ApiError, call, client, type Schemas } from '../api/client.js';
import { Button } from '../components/Button.js';
import { ErrorAlert } from '../components/ErrorAlert.js';
import { PageLoading } from '../components/PageLoading.js';
import { RequirePermission } from '../components/PageStates.js';
import { PageTitle } from '../components/PageTitle.js';
import { Select } from '../components/Select.js';
import { useApi } from '../components/useApi.js';
import { useI18n } from '../i18n/i18n.js';
import { useShell } from '../shell/pair.js';
import { asApiError, showFieldErrors } from './admin/shared.js';
import { forgetRegistryKinds } from './registries/kinds.js';
import { labelOf, useRegistryKinds } from './registries/shared.js';

type OptionItem = Schemas['OptionList']['items'][number];
/** A row of the form: `saved` rows keep their value, which the records hold. */
type Row = OptionItem & { saved: boolean };

export function OptionListsPage() {
  return (
    <RequirePermission any={['registries.configure']}>
      <OptionLists />
    </RequirePermission>
  );
}

/**
 * The office edits the pair's option lists (industries, activity types, …) that the registry
 * forms offer. The lists to edit are those the declarations' option fields name.
 */
function OptionLists() {
  const { lang, t } = useI18n();
  const { pair, pairsLoading } = useShell();
  const kinds = useRegistryKinds(pair?.id);
  const [params, setParams] = useSearchParams();

  // Each list once, labelled by the first field that uses it.
  const lists = useMemo(() => {
    const found = new Map<string, string>();
    for (const kind of kinds.data ?? []) {
      for (const field of kind.fields) {
        const list = field.type.list;
        if ((field.type.kind === 'option' || field.type.kind === 'options') && list && !found.has(list)) found.set(list, labelOf(field.label, lang));
      }
    }
    return [...found].map(([value, label]) => ({ value, label }));
  }, [kinds.data, lang]);
  const list = params.get('list') ?? lists[0]?.value ?? null;

  if (!pairsLoading && !pair) return <Alert type="info" showIcon message={t('registries.noPair')} />;
  if (kinds.error) return <ErrorAlert error={kinds.error} onRetry={kinds.reload} />;
  if (pairsLoading || kinds.loading || !pair) return <PageLoading />;
  return (
    <div>
      <PageTitle back={{ to: '/registries', label: t('registries.options.back') }}>{t('registries.options.title')}</PageTitle>
      <Typography.Paragraph type="secondary">{t('registries.options.hint')}</Typography.Paragraph>
      <Space direction="vertical" size={16} style={{ width: '100%' }}>
        <Space>
          <span aria-hidden>{t('registries.options.list')}</span>
          <Select
            style={{ width: 240 }}
            value={list ?? undefined}
            options={lists}
            onChange={(value: string) => setParams({ list: value }, { replace: true })}
            aria-label={t('registries.options.list')}
          />
        </Space>
        {list ? <OptionListEditor key={`${pair.id}:${list}`} pairId={pair.id} list={list} /> : null}
      </Space>
    </div>
  );
}

function OptionListEditor({ pairId, list }: { pairId: string; list: string }) {
  const { lang, t } = useI18n();
  const { message } = AntApp.useApp();
  const [form] = Form.useForm<{ items: Row[] }>();
  const [saving, setSaving] = useState(false);
  const [error, setError] = useState<ApiError | null>(null);
  const current = useApi(() => call(client.GET('/api/v1/registry-options/{list}', { params: { path: { list }, query: { pairId } } })), [pairId, list]);
  // The list as last saved here, over the one first read.
  const [saved, setSaved] = useState<Schemas['OptionList'] | null>(null);
  const shown = saved ?? current.data;

  useEffect(() => {
    if (current.data) form.setFieldsValue({ items: current.data.items.map((item) => ({ ...item, saved: true })) });
  }, [current.data, form]);

  async function save(values: { items: Row[] }) {
    setSaving(true);
    setError(null);
    try {
      const items = values.items.map(({ value, zh, en }) => ({ value: value?.trim() ? value : zh, zh, en }));
      const answer = await call(client.PUT('/api/v1/registry-options/{list}', { params: { path: { list } }, body: { pairId, items } }));
      setSaved(answer);
      forgetRegistryKinds(pairId);
      form.setFieldsValue({ items: answer.items.map((item) => ({ ...item, saved: true })) });
      message.success(t('registries.options.saved'));
    } catch (cause) {
      const apiError = asApiError(cause);
      const rest = showFieldErrors(form, apiError, lang);
      if (apiError.details.length === 0 || rest.length > 0) setError(apiError);
    } finally {
      setSaving(false);
    }
  }

  if (current.error) return <ErrorAlert error={current.error} onRetry={current.reload} />;
  if (current.loading || !shown) return <PageLoading />;
  const required = { required: true, whitespace: true, message: t('registries.options.required') };
  return (
    <Card
      title={<h2 style={{ fontSize: 16, margin: 0 }}>{labelOf(shown.label, lang)}</h2>}
      extra={<Tag data-testid="option-list-origin">{shown.custom ? t('registries.options.custom') : t('registries.options.default')}</Tag>}
    >
      <Form form={form} name="option-list" onFinish={(values) => void save(values)} disabled={saving}>
        <Form.List name="items">
          {(rows, { add, remove, move }) => (
            <Space direction="vertical" size={0} style={{ width: '100%' }}>
              {rows.map((row, index) => {
                const saved = form.getFieldValue(['items', row.name, 'saved']) === true;
                const n = index + 1;
                return (
                  <Space key={row.key} align="start" wrap data-testid="option-row">
                    <Form.Item name={[row.name, 'zh']} rules={[required]} style={{ marginBottom: 12 }}>
                      <Input aria-label={t('registries.options.zhOf', { n })} placeholder={t('registries.options.zh')} maxLength={50} style={{ width: 200 }} />
                    </Form.Item>
                    <Form.Item name={[row.name, 'en']} rules={[required]} style={{ marginBottom: 12 }}>
                      <Input aria-label={t('registries.options.enOf', { n })} placeholder={t('registries.options.en')} maxLength={80} style={{ width: 240 }} />
                    </Form.Item>
                    <Form.Item name={[row.name, 'value']} style={{ marginBottom: 12 }} extra={saved ? undefined : t('registries.options.valueHint')}>
                      {/* Records hold the value: a saved option keeps it; a new one takes the Chinese name unless given. */}
                      <Input
                        aria-label={t('registries.options.valueOf', { n })}
                        placeholder={t('registries.options.value')}
                        maxLength={50}
                        style={{ width: 160 }}
                        disabled={saved}
                      />
                    </Form.Item>
                    <Space size={4}>
                      <Button
                        aria-label={t('registries.options.upOf', { n })}
                        icon={<ArrowUpOutlined aria-hidden />}
                        disabled={index === 0}
                        onClick={() => move(index, index - 1)}
                      />
                      <Button
                        aria-label={t('registries.options.downOf', { n })}
                        icon={<ArrowDownOutlined aria-hidden />}
                        disabled={index === rows.length - 1}
                        onClick={() => move(index, index + 1)}
                      />
                      <Button
                        aria-label={t('registries.options.removeOf', { n })}
                        icon={<DeleteOutlined aria-hidden />}
                        danger
                        onClick={() => remove(row.name)}
                      />
                    </Space>
                  </Space>
                );
              })}
              <Button icon={<PlusOutlined aria-hidden />} onClick={() => add({ value: '', zh: '', en: '', saved: false })} style={{ marginBottom: 16 }}>
                {t('registries.options.add')}
              </Button>
            </Space>
          )}
        </Form.List>
        {error ? (
          <div style={{ marginBottom: 16 }}>
            <ErrorAlert error={error} />
          </div>
        ) : null}
        <Button type="primary" htmlType="submit" loading={saving}>
          {t('registries.options.save')}
        </Button>
      </Form>
    </Card>
  );
}
