import { Table, type TableProps } from 'antd';
import { useIsPhone } from './useIsPhone.js';

/**
 * antd's Table as every screen uses it (a lint rule keeps antd's own out of the pages): on a phone
 * the table takes the width its content needs and scrolls sideways inside its card, never the
 * page, and each cell keeps a readable width (styles.css caps it, so long names wrap rather than
 * stretch); its first column (what the row is: a task, a unit, a report) stays in place while the
 * rest scrolls, so each figure keeps its row's name beside it. A screen's own horizontal scroll
 * setting is kept on wider screens.
 */
export function DataTable<T extends object>(props: TableProps<T>) {
  const phone = useIsPhone();
  const scroll = phone ? { ...props.scroll, x: 'max-content' as const } : props.scroll;
  const columns = phone
    ? props.columns?.map((column, index) => (index === 0 && !column.fixed ? { ...column, fixed: 'left' as const } : column))
    : props.columns;
  return <Table<T> {...props} scroll={scroll} columns={columns} />;
}
