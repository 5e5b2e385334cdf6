import { Select } from '../components/Select.js';

export function PairSwitcher(props: { id: string; title: string; value: string; onChange(id: string): void; options: { value: string; label: string }[] }) {
  // On a phone the select takes the rest of its line rather than a fixed 240 px (styles.css).
  return <Select id={props.id} className="pair-switcher" title={props.title} value={props.value} onChange={props.onChange} options={props.options} />;
}
