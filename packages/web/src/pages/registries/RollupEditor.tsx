import { DeleteOutlined, PlusOutlined } from '@ant-design/icons';
import { App as AntApp, Drawer, Form, Input, Space } from 'antd';
import { useState } from 'react';
import { call, client, type Schemas } from '../../api/client.js';
import type { paths } from '../../api/schema.js';
import { Button } from '../../components/Button.js';
import { Select } from '../../components/Select.js';
import { useI18n } from '../../i18n/i18n.js';
import { asApiError, DrawerFooter, type FormProblem, showFieldErrors } from '../admin/shared.js';
import { labelOf, type RegistryKind } from './shared.js';

type Rollup = Schemas['Rollup'];
type Filter = Rollup['filters'][number];
type Aggregate = Rollup['aggregate'];
type Period = Rollup['period'];
/** The registry kinds the server accepts as a source (the body's enum). */
type SourceType = NonNullable<paths['/api/v1/rollups']['post']['requestBody']>['content']['application/json']['registryType'];

/** A filter as the form holds it: the value as typed; lists separated by 、 or commas. */
interface FilterRow {
  field?: string;
  op?: Filter['op'];
  value?: string;
}

interface RollupFormValues {
  name: string;
  unitOfMeasure: string;
  articleNo?: string;
  registryType: SourceType;
  aggregate: Aggregate;
  field?: string;
  period: Period;
  periodField?: string;
  filters?: FilterRow[];
}

const OPS: Filter['op'][] = ['eq', 'ne', 'in', 'gte', 'lte'];
const NUMERIC = new Set(['integer', 'decimal']);

function valueText(value: Filter['value']): string {
  return Array.isArray(value) ? value.join('、') : String(value);
}

/** The typed value as the server reads it: numbers for numeric fields, a list for `in`. */
function filterValue(row: FilterRow, kind: RegistryKind | undefined): Filter['value'] {
  const numeric = NUMERIC.has(kind?.fields.find((f) => f.key === row.field)?.type.kind ?? '');
  const one = (text: string) => (numeric && text.trim() !== '' && Number.isFinite(Number(text)) ? Number(text) : text.trim());
  const text = row.value ?? '';
  return row.op === 'in'
    ? text
        .split(/[、,，]/)
        .filter((part) => part.trim() !== '')
        .map(one)
    : one(text);
}

/**
 * The office defines an indicator that adds itself up from a registry, or changes one: what is
 * counted or summed, which records (filters), and over which period. The server checks the
 * definition against the registry's declaration and names the field of any problem.
 */
export function RollupEditor(props: { pairId: string; kinds: RegistryKind[]; rollup: Rollup | null; onClose(): void; onSaved(): void }) {
  const { lang, t } = useI18n();
  const { message } = AntApp.useApp();
  const [form] = Form.useForm<RollupFormValues>();
  const [submitting, setSubmitting] = useState(false);
  const [problem, setProblem] = useState<FormProblem | null>(null);
  const registryType = Form.useWatch('registryType', form);
  const aggregate = Form.useWatch('aggregate', form);
  const period = Form.useWatch('period', form);
  const kind = props.kinds.find((k) => k.type === registryType);
  const fieldOptions = (accept: (fieldKind: string) => boolean) =>
    (kind?.fields ?? []).filter((f) => accept(f.type.kind)).map((f) => ({ value: f.key, label: labelOf(f.label, lang) }));

  const { rollup } = props;
  const initialValues: Partial<RollupFormValues> = rollup
    ? {
        name: rollup.name,
        unitOfMeasure: rollup.unitOfMeasure,
        articleNo: rollup.articleNo ?? undefined,
        registryType: rollup.registryType as SourceType,
        aggregate: rollup.aggregate,
        field: rollup.field ?? undefined,
        period: rollup.period,
        periodField: rollup.periodField ?? undefined,
        filters: rollup.filters.map((f) => ({ field: f.field, op: f.op, value: valueText(f.value) })),
      }
    : { aggregate: 'count', period: 'year', filters: [] };

  async function submit(values: RollupFormValues) {
    setSubmitting(true);
    setProblem(null);
    const definition = {
      name: values.name,
      unitOfMeasure: values.unitOfMeasure,
      articleNo: values.articleNo?.trim() ? values.articleNo.trim() : null,
      registryType: values.registryType,
      aggregate: values.aggregate,
      field: values.aggregate === 'count' ? null : (values.field ?? null),
      period: values.period,
      periodField: values.period === 'year' ? (values.periodField ?? null) : null,
      filters: (values.filters ?? []).map((row) => ({ field: row.field ?? '', op: row.op ?? 'eq', value: filterValue(row, kind) })),
    };
    try {
      if (rollup) {
        await call(client.PATCH('/api/v1/rollups/{id}', { params: { path: { id: rollup.id } }, body: definition }));
      } else {
        // The key only has to be unique in the pair; the office never sees it.
        const key = `custom-${Date.now().toString(36)}`;
        await call(client.POST('/api/v1/rollups', { body: { ...definition, pairId: props.pairId, key } }));
      }
      message.success(t('indicators.edit.saved'));
      props.onSaved();
    } catch (cause) {
      const error = asApiError(cause);
      setProblem({ error, unplaced: showFieldErrors(form, error, lang) });
    } finally {
      setSubmitting(false);
    }
  }

  return (
    <Drawer
      open
      title={rollup ? t('indicators.edit.editTitle', { name: rollup.name }) : t('indicators.edit.createTitle')}
      width={640}
      onClose={props.onClose}
      destroyOnHidden
      footer={
        <DrawerFooter
          problem={problem}
          submitting={submitting}
          submitLabel={t('indicators.edit.save')}
          onCancel={props.onClose}
          onSubmit={() => form.submit()}
        />
      }
    >
      <Form<RollupFormValues> form={form} name="rollup-form" layout="vertical" initialValues={initialValues} onFinish={submit} disabled={submitting}>
        <Form.Item label={t('indicators.edit.name')} name="name" rules={[{ required: true, whitespace: true, message: t('indicators.edit.required') }]}>
          <Input maxLength={100} />
        </Form.Item>
        <Space size={16} wrap align="start">
          <Form.Item
            label={t('indicators.edit.unitOfMeasure')}
            name="unitOfMeasure"
            rules={[{ required: true, whitespace: true, message: t('indicators.edit.required') }]}
          >
            <Input maxLength={20} style={{ width: 160 }} />
          </Form.Item>
          <Form.Item label={t('indicators.edit.articleNo')} name="articleNo" extra={t('indicators.edit.articleNoHint')}>
            <Input maxLength={10} style={{ width: 160 }} />
          </Form.Item>
        </Space>
        <Form.Item label={t('indicators.edit.registryType')} name="registryType" rules={[{ required: true, message: t('indicators.edit.required') }]}>
          <Select
            options={props.kinds.map((k) => ({ value: k.type, label: labelOf(k.label, lang) }))}
            onChange={() => form.setFieldsValue({ field: undefined, periodField: undefined, filters: [] })}
          />
        </Form.Item>
        <Space size={16} wrap align="start">
          <Form.Item label={t('indicators.edit.aggregate')} name="aggregate">
            <Select
              style={{ width: 200 }}
              options={(['count', 'sum', 'countDistinct'] as const).map((value) => ({ value, label: t(`enum.rollupAggregate.${value}`) }))}
            />
          </Form.Item>
          {aggregate && aggregate !== 'count' ? (
            <Form.Item label={t('indicators.edit.field')} name="field" rules={[{ required: true, message: t('indicators.edit.required') }]}>
              <Select style={{ width: 240 }} options={fieldOptions((k) => (aggregate === 'sum' ? NUMERIC.has(k) : true))} />
            </Form.Item>
          ) : null}
        </Space>
        <Space size={16} wrap align="start">
          <Form.Item label={t('indicators.edit.period')} name="period">
            <Select style={{ width: 200 }} options={(['year', 'all'] as const).map((value) => ({ value, label: t(`enum.rollupPeriod.${value}`) }))} />
          </Form.Item>
          {period === 'year' ? (
            <Form.Item label={t('indicators.edit.periodField')} name="periodField" extra={t('indicators.edit.periodFieldHint')}>
              <Select allowClear style={{ width: 240 }} options={fieldOptions((k) => k === 'date')} />
            </Form.Item>
          ) : null}
        </Space>
        <fieldset style={{ border: 0, padding: 0, margin: 0 }}>
          <legend style={{ fontSize: 14, fontWeight: 500, marginBottom: 8 }}>{t('indicators.edit.filters')}</legend>
          <Form.List name="filters">
            {(rows, { add, remove }) => (
              <>
                {rows.map((row, index) => (
                  <Space key={row.key} align="start" wrap data-testid="rollup-filter">
                    <Form.Item name={[row.name, 'field']} rules={[{ required: true, message: t('indicators.edit.required') }]} style={{ marginBottom: 12 }}>
                      <Select aria-label={t('indicators.edit.filterField', { n: index + 1 })} style={{ width: 180 }} options={fieldOptions(() => true)} />
                    </Form.Item>
                    <Form.Item name={[row.name, 'op']} initialValue="eq" style={{ marginBottom: 12 }}>
                      <Select
                        aria-label={t('indicators.edit.filterOp', { n: index + 1 })}
                        style={{ width: 120 }}
                        options={OPS.map((op) => ({ value: op, label: t(`enum.rollupOp.${op}`) }))}
                      />
                    </Form.Item>
                    <Form.Item
                      name={[row.name, 'value']}
                      rules={[{ required: true, whitespace: true, message: t('indicators.edit.required') }]}
                      style={{ marginBottom: 12 }}
                    >
                      <Input
                        aria-label={t('indicators.edit.filterValue', { n: index + 1 })}
                        placeholder={t('indicators.edit.filterValueHint')}
                        style={{ width: 200 }}
                      />
                    </Form.Item>
                    <Button
                      aria-label={t('indicators.edit.filterRemove', { n: index + 1 })}
                      icon={<DeleteOutlined aria-hidden />}
                      danger
                      onClick={() => remove(row.name)}
                    />
                  </Space>
                ))}
                <Button icon={<PlusOutlined aria-hidden />} onClick={() => add({ op: 'eq' })}>
                  {t('indicators.edit.filterAdd')}
                </Button>
              </>
            )}
          </Form.List>
        </fieldset>
      </Form>
    </Drawer>
  );
}
