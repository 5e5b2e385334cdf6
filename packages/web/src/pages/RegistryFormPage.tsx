import { Alert, App as AntApp, Card, Col, DatePicker, Form, Input, Row, Space } from 'antd';
import { type ReactNode, useMemo, useState } from 'react';
import { useNavigate, useParams } from 'react-router';
import { ApiError, call, client } from '../api/client.js';
import { Button } from '../components/Button.js';
import { ErrorAlert } from '../components/ErrorAlert.js';
import { NumberInput } from '../components/NumberInput.js';
import { PageLoading } from '../components/PageLoading.js';
import { NotFound, RequirePermission } from '../components/PageStates.js';
import { PageTitle } from '../components/PageTitle.js';
import { Select } from '../components/Select.js';
import { UnitMultiSelect, UnitSelect, usePairUnits } from '../components/UnitPicker.js';
import { useApi } from '../components/useApi.js';
import { useI18n } from '../i18n/i18n.js';
import { useCurrentSession } from '../session/session.js';
import { useShell } from '../shell/pair.js';
import {
  fieldsOf,
  LocationSelect,
  labelOf,
  RecordSelect,
  type RegistryField,
  type RegistryKind,
  type RegistryRecordDetail,
  type RegistryTypeName,
  useKindOf,
} from './registries/shared.js';
import { formNameOf, fromControl, isEmptyValue, toControl } from './registries/values.js';

interface FormValues {
  data: Record<string, unknown>;
  articleNos: string[];
}

export function RegistryFormPage() {
  return (
    <RequirePermission any={['registries.write']}>
      <RegistryFormLoader />
    </RequirePermission>
  );
}

function RegistryFormLoader() {
  const { type, id } = useParams();
  const { t } = useI18n();
  const { pair, pairsLoading } = useShell();
  const { kinds, kind } = useKindOf(type, pair?.id);
  const record = useApi(
    async () =>
      id && kind ? call(client.GET('/api/v1/registries/{type}/records/{id}', { params: { path: { type: kind.type as RegistryTypeName, id } } })) : null,
    [id, kind?.type],
  );
  if (!pairsLoading && !pair) return <Alert type="info" showIcon message={t('registries.noPair')} />;
  if (kinds.error) return <ErrorAlert error={kinds.error} onRetry={kinds.reload} />;
  if (pairsLoading || kinds.loading || !kinds.data) return <PageLoading />;
  if (!kind) return <NotFound />;
  if (record.error?.status === 404) return <NotFound />;
  if (record.error) return <ErrorAlert error={record.error} onRetry={record.reload} />;
  if (record.loading) return <PageLoading />;
  return <RegistryForm key={id ?? 'new'} kind={kind} record={record.data ?? null} pairId={record.data?.pairId ?? pair!.id} />;
}

function RegistryForm({ kind, record, pairId }: { kind: RegistryKind; record: RegistryRecordDetail | null; pairId: string }) {
  const { lang, t } = useI18n();
  const { message } = AntApp.useApp();
  const session = useCurrentSession();
  const navigate = useNavigate();
  const { pair } = useShell();
  const [form] = Form.useForm<FormValues>();
  const [submitting, setSubmitting] = useState(false);
  const [error, setError] = useState<ApiError | null>(null);
  const needsUnits = kind.fields.some((f) => ['unit', 'units', 'adminCode'].includes(f.type.kind));
  const units = usePairUnits(needsUnits ? pairId : undefined);
  const path = { type: kind.type as RegistryTypeName };

  const initial = useMemo<FormValues>(() => {
    const data: Record<string, unknown> = {};
    for (const field of kind.fields) data[field.key] = toControl(field, record?.data[field.key]);
    if (!record) {
      // A new record starts at the first stage and belongs to the user's unit.
      if (kind.stageField) data[kind.stageField] = kind.fields.find((f) => f.key === kind.stageField)?.options?.[0]?.value;
      if (session.user.unitId) data[kind.ownerField] = session.user.unitId;
    }
    return { data, articleNos: record?.articleNos ?? [] };
  }, [kind, record, session.user.unitId]);

  async function submit() {
    const values = form.getFieldsValue(true) as FormValues;
    const data: Record<string, unknown> = {};
    for (const field of kind.fields) {
      // The stage moves through the stage panel once the record exists.
      if (record && field.key === kind.stageField) continue;
      const value = fromControl(field, values.data?.[field.key]);
      if (value !== null || record) data[field.key] = value;
    }
    setSubmitting(true);
    setError(null);
    try {
      const saved = record
        ? await call(
            client.PATCH('/api/v1/registries/{type}/records/{id}', {
              params: { path: { ...path, id: record.id } },
              body: { data, articleNos: values.articleNos ?? [] },
            }),
          )
        : await call(client.POST('/api/v1/registries/{type}/records', { params: { path }, body: { pairId, data, articleNos: values.articleNos ?? [] } }));
      message.success(t('registries.form.saved', { record: labelOf(kind.recordName, lang), name: saved.title }));
      navigate(`/registries/${kind.type}/${saved.id}`);
    } catch (cause) {
      const apiError = cause instanceof ApiError ? cause : ApiError.network();
      const placed: { name: (string | number)[]; errors: string[] }[] = [];
      let unplaced = false;
      for (const [field, issues] of apiError.byField()) {
        const name = formNameOf(field, kind.fields);
        if (name) placed.push({ name, errors: issues.map((i) => i.reason) });
        else unplaced = true;
      }
      // The names come from the server's field paths, checked against this form above (as TaskFormPage does).
      form.setFields(placed.map((f) => ({ name: f.name as never, errors: f.errors })));
      if (placed.length > 0) {
        form.scrollToField(placed[0]!.name, { block: 'center', focus: true });
        message.error(t('registries.form.fixErrors'));
      }
      if (unplaced || placed.length === 0) setError(apiError);
    } finally {
      setSubmitting(false);
    }
  }

  const control = (field: RegistryField, id: string): ReactNode => {
    const type = field.type;
    switch (type.kind) {
      case 'text':
        return type.multiline ? <Input.TextArea id={id} autoSize={{ minRows: 2, maxRows: 6 }} maxLength={type.max} /> : <Input id={id} maxLength={type.max} />;
      case 'integer':
        return <NumberInput id={id} precision={0} min={type.min} max={type.max} style={{ width: '100%' }} />;
      case 'decimal':
        // Exact decimal text (万元 never passes through a float); the server checks it again.
        return <Input id={id} inputMode="decimal" maxLength={24} />;
      case 'date':
        return <DatePicker id={id} style={{ width: '100%' }} />;
      case 'option':
      case 'options':
        return (
          <Select
            id={id}
            mode={type.kind === 'options' ? 'multiple' : undefined}
            allowClear={!field.required}
            // Lists run long (the industries): typing narrows them.
            showSearch
            optionFilterProp="label"
            disabled={Boolean(record) && field.key === kind.stageField}
            options={(field.options ?? []).map((o) => ({ value: o.value, label: labelOf(o, lang) }))}
          />
        );
      case 'unit':
        return <UnitSelect id={id} units={units.data ?? []} pair={pair} loading={units.loading} />;
      case 'units':
        return <UnitMultiSelect id={id} units={units.data ?? []} pair={pair} loading={units.loading} />;
      case 'city':
        return <Select id={id} allowClear={!field.required} options={(pair?.cities ?? []).map((c) => ({ value: c.id, label: c.name }))} />;
      case 'creditCode':
        return <Input id={id} maxLength={18} style={{ textTransform: 'uppercase' }} />;
      case 'adminCode':
        return <LocationSelect id={id} units={units.data ?? []} pair={pair} placeholder={t('registries.form.locationPlaceholder')} />;
      case 'record': {
        const ref = record?.references.records.find((r) => r.id === record.data[field.key]);
        return <RecordSelect id={id} type={type.type ?? ''} pairId={pairId} initialLabel={ref?.title} placeholder={t('registries.form.recordPlaceholder')} />;
      }
    }
  };

  const rulesOf = (field: RegistryField) => {
    const label = labelOf(field.label, lang);
    const rules: object[] = [];
    // Dates and numbers are not strings: the required check is a validator of its own rather than async-validator's string rule.
    if (field.required) {
      const message = t('registries.form.required', { field: label });
      rules.push({
        validator: (_: unknown, value: unknown) => (isEmptyValue(value) ? Promise.reject(new Error(message)) : Promise.resolve()),
      });
    }
    if (field.type.kind === 'decimal') {
      const scale = field.type.scale ?? 4;
      rules.push({ pattern: new RegExp(`^\\s*-?\\d+(\\.\\d{1,${scale}})?\\s*$`), message: t('registries.form.decimalInvalid', { field: label, scale }) });
    }
    return rules;
  };

  const wide = (field: RegistryField) => (field.type.kind === 'text' && field.type.multiline) || field.type.kind === 'units' || field.type.kind === 'options';

  return (
    <div>
      <PageTitle>{t(record ? 'registries.form.editTitle' : 'registries.form.createTitle', { record: labelOf(kind.recordName, lang) })}</PageTitle>
      {units.error ? <ErrorAlert error={units.error} onRetry={units.reload} /> : null}
      <Form<FormValues>
        form={form}
        name="registry-record"
        layout="vertical"
        initialValues={initial}
        onFinish={submit}
        disabled={submitting}
        scrollToFirstError
        onKeyDown={(event) => {
          // Enter confirms a date in the pickers; it must not also submit the whole form.
          if (event.key === 'Enter' && (event.target as HTMLElement).closest('.ant-picker')) event.preventDefault();
        }}
      >
        <Space direction="vertical" size={16} style={{ width: '100%' }}>
          <Card size="small">
            <Row gutter={16}>
              {fieldsOf(kind).map((field) => {
                const id = `registry-${field.key}`;
                const help = field.help ? labelOf(field.help, lang) : undefined;
                const extra =
                  record && field.key === kind.stageField
                    ? t('registries.form.stageOnEdit')
                    : field.type.kind === 'decimal' && !help
                      ? t('registries.form.decimalHint', { scale: field.type.scale ?? 4 })
                      : help;
                return (
                  <Col key={field.key} xs={24} md={wide(field) ? 24 : 12} xl={wide(field) ? 24 : 8}>
                    <Form.Item
                      label={labelOf(field.label, lang)}
                      name={['data', field.key]}
                      htmlFor={id}
                      required={field.required}
                      rules={rulesOf(field)}
                      extra={extra}
                    >
                      {control(field, id)}
                    </Form.Item>
                  </Col>
                );
              })}
              <Col xs={24}>
                <Form.Item label={t('registries.form.articles')} name="articleNos" htmlFor="registry-articleNos" extra={t('registries.form.articlesHint')}>
                  <Select
                    id="registry-articleNos"
                    mode="multiple"
                    allowClear
                    options={kind.articles.map((no) => ({ value: no, label: t('registries.articleNo', { no }) }))}
                  />
                </Form.Item>
              </Col>
            </Row>
          </Card>
          {error ? (
            <Alert type="error" showIcon message={error.text(lang)} description={error.details.map((d) => `${d.field}: ${d.reason}`).join('；') || undefined} />
          ) : null}
          <Space>
            <Button type="primary" htmlType="submit" loading={submitting}>
              {t('registries.form.save')}
            </Button>
            <Button onClick={() => navigate(record ? `/registries/${kind.type}/${record.id}` : `/registries/${kind.type}`)}>
              {t('registries.form.cancel')}
            </Button>
          </Space>
        </Space>
      </Form>
    </div>
  );
}
