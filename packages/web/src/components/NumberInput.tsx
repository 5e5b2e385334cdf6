import { InputNumber, type InputNumberProps } from 'antd';
import { type ComponentRef, forwardRef } from 'react';

/**
 * antd's InputNumber without its step arrows; use it instead of antd's (a lint rule says so).
 *
 * Why: the arrows are named "Increase Value" / "Decrease Value" in English by the component below
 * antd (rc-input-number), whatever the locale, so a screen reader reads English on a Chinese form;
 * they are also far smaller than a 44×44 px touch target. The keyboard's arrow keys still step.
 */
export const NumberInput = forwardRef<ComponentRef<typeof InputNumber>, InputNumberProps<string | number>>(function NumberInput(props, ref) {
  return <InputNumber ref={ref} controls={false} {...props} />;
});
