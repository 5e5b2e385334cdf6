import { Space } from 'antd';
import { useEffect, useRef, useState } from 'react';
import { call, client, type Schemas } from '../../api/client.js';
import { Select } from '../../components/Select.js';
import { useI18n } from '../../i18n/i18n.js';

export type LinkKind = Schemas['MeetingLink']['kind'];
export interface LinkValue {
  kind: LinkKind;
  id: string;
  label: string | null;
}

const KINDS: LinkKind[] = ['task', 'supervision', 'project'];
const SEARCH_DELAY_MS = 250;

export interface LinkPickerProps {
  id?: string;
  value?: LinkValue | null;
  onChange?(value: LinkValue | null): void;
  pairId: string;
  /** Labels of the two selects, for screen readers and tests. */
  kindLabel: string;
  targetLabel: string;
  status?: '' | 'error' | 'warning';
}

/** Picks what an agenda item is about: a kind, then a task or supervision item found by typing. */
export function LinkPicker({ id, value, onChange, pairId, kindLabel, targetLabel, status }: LinkPickerProps) {
  const { t } = useI18n();
  const [kind, setKind] = useState<LinkKind | null>(value?.kind ?? null);
  const [options, setOptions] = useState<Schemas['MeetingLinkTarget'][]>([]);
  const [loading, setLoading] = useState(false);
  const timer = useRef<number | undefined>(undefined);
  const generation = useRef(0);

  useEffect(() => {
    if (value?.kind) setKind(value.kind);
  }, [value?.kind]);

  function search(q: string, forKind: LinkKind | null = kind) {
    window.clearTimeout(timer.current);
    if (!forKind) return;
    timer.current = window.setTimeout(() => {
      const run = ++generation.current;
      setLoading(true);
      call(client.GET('/api/v1/meetings/link-targets', { params: { query: { pairId, kind: forKind, q: q || undefined } } })).then(
        (found) => {
          if (run !== generation.current) return;
          setOptions(found.items);
          setLoading(false);
        },
        () => {
          if (run === generation.current) setLoading(false);
        },
      );
    }, SEARCH_DELAY_MS);
  }
  useEffect(() => () => window.clearTimeout(timer.current), []);

  const shown = [...options];
  if (value && !shown.some((o) => o.id === value.id)) {
    shown.unshift({ kind: value.kind, id: value.id, label: value.label ?? t('meetings.detail.hiddenLink'), state: null, unitNames: [] });
  }

  return (
    <Space.Compact style={{ width: '100%' }}>
      <Select<LinkKind | 'none'>
        aria-label={kindLabel}
        value={kind ?? 'none'}
        style={{ width: 112 }}
        status={status}
        options={[{ value: 'none', label: t('meetings.form.noLink') }, ...KINDS.map((k) => ({ value: k, label: t(`enum.meetingLinkKind.${k}`) }))]}
        onChange={(next) => {
          const chosen = next === 'none' ? null : next;
          setKind(chosen);
          setOptions([]);
          onChange?.(null);
          if (chosen) search('', chosen);
        }}
      />
      <Select<string>
        id={id}
        // The form item's label names this select through its id.
        aria-label={id ? undefined : targetLabel}
        showSearch
        allowClear
        disabled={!kind}
        status={status}
        filterOption={false}
        loading={loading}
        placeholder={t('meetings.form.linkSearch')}
        style={{ flex: 1, minWidth: 0 }}
        value={value?.id}
        onFocus={() => search('')}
        onSearch={(q) => search(q)}
        onChange={(picked) => {
          const target = shown.find((o) => o.id === picked);
          onChange?.(picked && kind ? { kind, id: picked, label: target?.label ?? null } : null);
        }}
        options={shown.map((o) => ({
          value: o.id,
          label: o.state ? `${o.label}（${o.state}）` : o.label,
          title: [o.label, ...o.unitNames].join(' · '),
        }))}
      />
    </Space.Compact>
  );
}
