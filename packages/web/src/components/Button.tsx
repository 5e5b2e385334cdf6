import { Button as AntButton, type ButtonProps } from 'antd';
import { Provider as MotionProvider } from 'rc-motion';
import { cloneElement, forwardRef, isValidElement, type ReactElement } from 'react';

/**
 * antd's Button without the motion of its loading icon; use it instead of antd's (a lint rule
 * says so).
 *
 * Why: antd takes the loading icon out of the button only when the icon's shrinking transition
 * reports its end (transitionend). When that event never comes — a busy or throttled browser tab,
 * transitions turned off — the icon stays, invisible at zero width, and the button's accessible
 * name reads "loading 保 存" for good: screen readers announce a button that is still loading and
 * a lookup by the name finds nothing (seen in our browser tests on a loaded machine; cf.
 * ant-design#23888, #27457, the same family of bugs). Without motion the icon is added and removed
 * with the `loading` prop itself. The click wave keeps its own motion (it has a deadline).
 *
 * Its icon is hidden from screen readers: antd's icons name themselves in English ("plus 新建");
 * the button's text, or its aria-label when it shows only an icon, is its name.
 */
export const Button = forwardRef<HTMLButtonElement, ButtonProps>(function Button(props, ref) {
  return (
    <MotionProvider motion={false}>
      <AntButton ref={ref} {...props} icon={hidden(props.icon)} />
    </MotionProvider>
  );
});

function hidden(icon: ButtonProps['icon']): ButtonProps['icon'] {
  return isValidElement(icon) ? cloneElement(icon as ReactElement<{ 'aria-hidden'?: boolean }>, { 'aria-hidden': true }) : icon;
}
