import { Select as AntSelect, TreeSelect as AntTreeSelect, type RefSelectProps, type SelectProps, type TreeSelectProps } from 'antd';
import type { BaseOptionType, DefaultOptionType } from 'antd/es/select';
import { type ForwardedRef, forwardRef, type ReactElement, type RefAttributes, useImperativeHandle, useLayoutEffect, useRef } from 'react';

/**
 * antd's Select and TreeSelect without a stray `aria-required`; use them instead of antd's (a lint
 * rule says so).
 *
 * Why: a required Form.Item gives its control `aria-required="true"`. The select below antd
 * (rc-select) puts it on the combobox input, where it belongs, but also copies it onto the box
 * around it, a plain div, where ARIA does not allow it (axe: aria-allowed-attr, critical). The
 * copy is taken off after each render; the combobox keeps it, so the field is still announced
 * as required.
 */
function useWithoutStrayRequired(ref: ForwardedRef<RefSelectProps>) {
  const inner = useRef<RefSelectProps>(null);
  useImperativeHandle(ref, () => inner.current as RefSelectProps, []);
  useLayoutEffect(() => {
    const box = inner.current?.nativeElement;
    if (box?.hasAttribute('aria-required') && box.getAttribute('role') === null) box.removeAttribute('aria-required');
  });
  return inner;
}

/**
 * While its options load, a select cannot name the value it holds and antd shows the raw value (a
 * record's id) in its place: it shows … until the names arrive. Free-text tags keep their text.
 */
const nameWhileLoading: SelectProps['labelRender'] = (item) => item.label ?? '…';

export const Select = forwardRef(function Select(props: SelectProps, ref: ForwardedRef<RefSelectProps>) {
  const labelRender = props.labelRender ?? (props.loading && props.mode !== 'tags' ? nameWhileLoading : undefined);
  return <AntSelect ref={useWithoutStrayRequired(ref)} {...props} labelRender={labelRender} />;
}) as <ValueType = unknown, OptionType extends BaseOptionType | DefaultOptionType = DefaultOptionType>(
  props: SelectProps<ValueType, OptionType> & RefAttributes<RefSelectProps>,
) => ReactElement;

export const TreeSelect = forwardRef(function TreeSelect(props: TreeSelectProps, ref: ForwardedRef<RefSelectProps>) {
  return <AntTreeSelect ref={useWithoutStrayRequired(ref)} {...props} />;
}) as <ValueType = unknown, OptionType extends BaseOptionType = DefaultOptionType>(
  props: TreeSelectProps<ValueType, OptionType> & RefAttributes<RefSelectProps>,
) => ReactElement;
