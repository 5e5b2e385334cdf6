import { App as AntApp, Form, Input, Modal } from 'antd';
import { useState } from 'react';
import { ApiError, call, client } from '../../api/client.js';
import { ErrorAlert } from '../../components/ErrorAlert.js';
import { Select } from '../../components/Select.js';
import { UnitMultiSelect, UnitSelect, usePairUnits } from '../../components/UnitPicker.js';
import { useI18n } from '../../i18n/i18n.js';
import { useShell } from '../../shell/pair.js';
import { classLabel, type WaterSection } from './shared.js';

interface Values {
  code: string;
  name: string;
  river: string;
  cityId?: string;
  countyUnitId?: string;
  longitude?: string;
  latitude?: string;
  waterBody: 'river' | 'lake';
  targetClass: number;
  unitIds: string[];
}

/** The server's field (`unitIds.1`) as the form's field (`unitIds`): the pickers take their list's issues. */
const FORM_FIELDS = new Set(['code', 'name', 'river', 'cityId', 'countyUnitId', 'longitude', 'latitude', 'waterBody', 'targetClass', 'unitIds']);

/** The office adds a monitoring section (or changes one): where it is, its target class and the departments that watch it. */
export function SectionFormModal({ open, section, onClose, onSaved }: { open: boolean; section?: WaterSection; onClose(): void; onSaved(): void }) {
  const { t } = useI18n();
  const { message } = AntApp.useApp();
  const { pair } = useShell();
  const units = usePairUnits(pair?.id);
  const [form] = Form.useForm<Values>();
  const [saving, setSaving] = useState(false);
  const [error, setError] = useState<ApiError | null>(null);
  const cityId = Form.useWatch('cityId', form);
  const counties = (units.data ?? []).filter((u) => (u.type === 'county' || u.type === 'district') && u.cityId === cityId);

  async function save(values: Values) {
    if (!pair) return;
    setSaving(true);
    setError(null);
    try {
      const fields = {
        code: values.code,
        name: values.name,
        river: values.river,
        countyUnitId: values.countyUnitId ?? null,
        longitude: values.longitude || null,
        latitude: values.latitude || null,
        waterBody: values.waterBody,
        targetClass: values.targetClass,
        unitIds: values.unitIds,
      };
      if (section) await call(client.PATCH('/api/v1/water/sections/{id}', { params: { path: { id: section.id } }, body: fields }));
      else await call(client.POST('/api/v1/water/sections', { body: { ...fields, pairId: pair.id, cityId: values.cityId ?? '' } }));
      message.success(t('water.form.saved'));
      form.resetFields();
      onSaved();
    } catch (cause) {
      const apiError = cause instanceof ApiError ? cause : ApiError.network();
      const placed: { name: string; errors: string[] }[] = [];
      for (const [field, issues] of apiError.byField()) {
        const root = field.split('.')[0] ?? '';
        if (FORM_FIELDS.has(root)) placed.push({ name: root, errors: issues.map((i) => i.reason) });
      }
      // The names come from the server's field paths, checked against this form above (as TaskFormPage does).
      form.setFields(placed.map((f) => ({ name: f.name as never, errors: f.errors })));
      if (placed.length === 0) setError(apiError);
    } finally {
      setSaving(false);
    }
  }

  const required = (field: string) => [{ required: true, whitespace: true, message: t('water.form.required', { field }) }];
  return (
    <Modal
      open={open}
      title={section ? t('water.section.edit') : t('water.sections.create')}
      okText={t('water.form.save')}
      cancelText={t('water.form.cancel')}
      confirmLoading={saving}
      onOk={() => form.submit()}
      onCancel={onClose}
      destroyOnHidden
      width={640}
    >
      {error ? <ErrorAlert error={error} /> : null}
      <Form<Values>
        form={form}
        layout="vertical"
        name="water-section"
        initialValues={
          section
            ? {
                code: section.code,
                name: section.name,
                river: section.river,
                cityId: section.cityId,
                countyUnitId: section.countyUnitId ?? undefined,
                longitude: section.longitude ?? undefined,
                latitude: section.latitude ?? undefined,
                waterBody: section.waterBody,
                targetClass: section.targetClass,
                unitIds: section.units.map((u) => u.id),
              }
            : { waterBody: 'river', targetClass: 3, unitIds: [] }
        }
        onFinish={(v) => void save(v)}
      >
        <Form.Item name="code" label={t('water.sections.colCode')} rules={required(t('water.sections.colCode'))}>
          <Input maxLength={30} />
        </Form.Item>
        <Form.Item name="name" label={t('water.sections.colName')} rules={required(t('water.sections.colName'))}>
          <Input maxLength={100} />
        </Form.Item>
        <Form.Item name="river" label={t('water.sections.colRiver')} rules={required(t('water.sections.colRiver'))}>
          <Input maxLength={50} />
        </Form.Item>
        <Form.Item name="cityId" label={t('water.form.city')} rules={[{ required: true, message: t('water.form.choose', { field: t('water.form.city') }) }]}>
          <Select
            disabled={section !== undefined}
            options={(pair?.cities ?? []).map((c) => ({ value: c.id, label: c.name }))}
            onChange={() => form.setFieldValue('countyUnitId', undefined)}
          />
        </Form.Item>
        <Form.Item name="countyUnitId" label={t('water.form.county')}>
          <UnitSelect units={counties} pair={pair} loading={units.loading} />
        </Form.Item>
        <Form.Item name="longitude" label={t('water.form.longitude')}>
          <Input inputMode="decimal" maxLength={11} />
        </Form.Item>
        <Form.Item name="latitude" label={t('water.form.latitude')}>
          <Input inputMode="decimal" maxLength={10} />
        </Form.Item>
        <Form.Item name="waterBody" label={t('water.form.waterBody')}>
          <Select
            options={[
              { value: 'river', label: t('enum.waterBody.river') },
              { value: 'lake', label: t('enum.waterBody.lake') },
            ]}
          />
        </Form.Item>
        <Form.Item name="targetClass" label={t('water.sections.colTarget')}>
          <Select options={[1, 2, 3, 4, 5].map((c) => ({ value: c, label: classLabel(c) }))} />
        </Form.Item>
        <Form.Item name="unitIds" label={t('water.form.units')} rules={[{ required: true, message: t('water.form.choose', { field: t('water.form.units') }) }]}>
          <UnitMultiSelect units={units.data ?? []} pair={pair} loading={units.loading} />
        </Form.Item>
      </Form>
    </Modal>
  );
}
