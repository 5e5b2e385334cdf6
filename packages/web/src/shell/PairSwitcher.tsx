import { Select } from '../components/Select.js';

export function PairSwitcher(props: { id: string; title: string; value: string; onChange(id: string): void; options: { value: string; label: string }[] }) {
  return <Select id={props.id} title={props.title} value={props.value} onChange={props.onChange} options={props.options} style={{ minWidth: 240 }} />;
}
