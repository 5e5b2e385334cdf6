import { App as AntApp, Card, Space, Typography } from 'antd';
import { useId, useState } from 'react';
import { call, client } from '../../api/client.js';
import { Button } from '../../components/Button.js';
import { DataTable } from '../../components/DataTable.js';
import { asApiError, issueText } from '../../components/fieldErrors.js';
import { UnitMultiSelect, usePairUnits } from '../../components/UnitPicker.js';
import { useI18n } from '../../i18n/i18n.js';
import { useShell } from '../../shell/pair.js';
import { type Analysis, isPending, type UnitName } from './analysis.js';
import { UnitNameStatusTag } from './WrittenUnitNames.js';

/** A unit list longer than this is cut in the table: a collective (各县（市、区）) names a score of units. */
const UNITS_SHOWN = 5;

/**
 * 单位名称对应: every unit name the plan's notes and tables write, with the units it maps to now.
 * An office user maps a name to the pair's units (saved as the office's alias, which every later
 * read and import uses); the version is then read again so that its names are resolved anew.
 */
export function UnitNamesCard({ analysis, pairId, canWrite, onChanged }: { analysis: Analysis; pairId: string; canWrite: boolean; onChanged(): void }) {
  const { lang, t } = useI18n();
  const { message } = AntApp.useApp();
  const { pairs } = useShell();
  const pair = pairs.find((candidate) => candidate.id === pairId) ?? null;
  const units = usePairUnits(canWrite ? pairId : undefined);
  // What is chosen for each name whose picker is open; a resolved name's picker opens on 修改.
  const [choices, setChoices] = useState<Record<string, string[]>>({});
  const [editing, setEditing] = useState<ReadonlySet<string>>(new Set());
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [saving, setSaving] = useState<string | null>(null);
  const idPrefix = useId();

  const names = analysis.unitNames;
  const pending = names.filter((entry) => isPending(entry)).length;

  const setError = (name: string, error: string | null) =>
    setErrors((current) => {
      const { [name]: _dropped, ...rest } = current;
      return error === null ? rest : { ...rest, [name]: error };
    });

  function close(name: string) {
    setEditing((current) => new Set([...current].filter((open) => open !== name)));
    setChoices(({ [name]: _dropped, ...rest }) => rest);
    setError(name, null);
  }

  async function save(entry: UnitName) {
    const unitIds = choices[entry.name] ?? [];
    if (unitIds.length === 0) {
      setError(entry.name, t('planAnalysis.unitNames.pickRequired'));
      return;
    }
    setSaving(entry.name);
    setError(entry.name, null);
    try {
      await call(client.PUT('/api/v1/unit-aliases', { body: { pairId, alias: entry.name, unitIds } }));
      message.success(t('planAnalysis.unitNames.saved', { name: entry.name }));
      close(entry.name);
      onChanged();
    } catch (cause) {
      const error = asApiError(cause);
      setError(entry.name, error.details.length > 0 ? error.details.map((issue) => issueText(issue, lang)).join('；') : error.text(lang));
    } finally {
      setSaving(null);
    }
  }

  const editor = (entry: UnitName, index: number) => {
    const errorId = `${idPrefix}-unit-name-${index}-error`;
    const selectId = `${idPrefix}-unit-name-${index}`;
    const error = errors[entry.name];
    return (
      <Space direction="vertical" size={4} style={{ width: '100%', minWidth: 220 }}>
        {/* The select's name, on its input: antd copies an aria-label onto its box as well, where ARIA does not allow it. */}
        <label htmlFor={selectId} className="visually-hidden">
          {t('planAnalysis.unitNames.pickLabel', { name: entry.name })}
        </label>
        <UnitMultiSelect
          id={selectId}
          units={units.data ?? []}
          pair={pair}
          loading={units.loading}
          value={choices[entry.name] ?? []}
          onChange={(next) => {
            setChoices((current) => ({ ...current, [entry.name]: next }));
            setError(entry.name, null);
          }}
          aria-describedby={error ? errorId : undefined}
          placeholder={t('planAnalysis.unitNames.pickPlaceholder')}
          status={error ? 'error' : undefined}
          maxTagCount="responsive"
          style={{ width: '100%' }}
        />
        <Space size={8} wrap>
          <Button
            type="primary"
            size="small"
            loading={saving === entry.name}
            disabled={saving !== null}
            aria-label={t('planAnalysis.unitNames.saveLabel', { name: entry.name })}
            onClick={() => void save(entry)}
          >
            {t('planAnalysis.unitNames.save')}
          </Button>
          {entry.status === 'resolved' ? (
            <Button size="small" disabled={saving !== null} onClick={() => close(entry.name)}>
              {t('planAnalysis.unitNames.cancel')}
            </Button>
          ) : null}
        </Space>
        {error ? (
          <Typography.Text type="danger" id={errorId}>
            {error}
          </Typography.Text>
        ) : null}
      </Space>
    );
  };

  return (
    <Card title={<h2 style={{ fontSize: 16, margin: 0 }}>{t('planAnalysis.unitNames.title')}</h2>} size="small" data-testid="plan-unit-names">
      <Space direction="vertical" size={8} style={{ width: '100%' }}>
        <Typography.Text strong data-testid="unit-names-summary">
          {t('planAnalysis.unitNames.summary', { total: names.length, pending })}
        </Typography.Text>
        {canWrite && names.length > 0 ? (
          <Typography.Paragraph type="secondary" style={{ margin: 0 }}>
            {t('planAnalysis.unitNames.hint')}
          </Typography.Paragraph>
        ) : null}
        <DataTable<UnitName>
          rowKey="name"
          size="small"
          pagination={false}
          dataSource={names}
          locale={{ emptyText: t('planAnalysis.unitNames.empty') }}
          columns={[
            { title: t('planAnalysis.unitNames.colName'), dataIndex: 'name', width: 180 },
            {
              title: t('planAnalysis.unitNames.colStatus'),
              dataIndex: 'status',
              width: 100,
              render: (status: UnitName['status']) => <UnitNameStatusTag status={status} />,
            },
            {
              title: t('planAnalysis.unitNames.colUnits'),
              key: 'units',
              render: (_, entry) => {
                if (entry.units.length === 0) return t('planAnalysis.none');
                const shown = entry.units
                  .slice(0, UNITS_SHOWN)
                  .map((unit) => unit.name)
                  .join('、');
                return entry.units.length > UNITS_SHOWN ? t('planAnalysis.unitNames.more', { names: shown, count: entry.units.length }) : shown;
              },
            },
            { title: t('planAnalysis.unitNames.colReason'), dataIndex: 'reason' },
            ...(canWrite
              ? [
                  {
                    title: t('planAnalysis.unitNames.colMapping'),
                    key: 'mapping',
                    width: 280,
                    render: (_: unknown, entry: UnitName, index: number) =>
                      entry.status !== 'resolved' || editing.has(entry.name) ? (
                        editor(entry, index)
                      ) : (
                        <Button
                          size="small"
                          aria-label={t('planAnalysis.unitNames.editLabel', { name: entry.name })}
                          onClick={() => {
                            setEditing((current) => new Set([...current, entry.name]));
                            setChoices((current) => ({ ...current, [entry.name]: entry.units.map((unit) => unit.id) }));
                          }}
                        >
                          {t('planAnalysis.unitNames.edit')}
                        </Button>
                      ),
                  },
                ]
              : []),
          ]}
        />
      </Space>
    </Card>
  );
}
