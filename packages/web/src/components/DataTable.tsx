import { Table, type TableProps } from 'antd';
import { useIsPhone } from './useIsPhone.js';

/**
 * antd's Table as every screen uses it (a lint rule keeps antd's own out of the pages): on a phone
 * the table takes the width its content needs and scrolls sideways inside its card, never the
 * page, and each cell keeps a readable width (styles.css caps it, so long names wrap rather than
 * stretch). A screen's own horizontal scroll setting is kept on wider screens.
 */
export function DataTable<T extends object>(props: TableProps<T>) {
  const phone = useIsPhone();
  const scroll = phone ? { ...props.scroll, x: 'max-content' as const } : props.scroll;
  return <Table<T> {...props} scroll={scroll} />;
}
