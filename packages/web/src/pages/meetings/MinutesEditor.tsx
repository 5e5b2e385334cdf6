import { BoldOutlined, ItalicOutlined, OrderedListOutlined, UnderlineOutlined, UnorderedListOutlined } from '@ant-design/icons';
import { Space, Tooltip } from 'antd';
import { type ReactNode, useEffect, useRef } from 'react';
import { Button } from '../../components/Button.js';
import { useI18n } from '../../i18n/i18n.js';
import type { MessageKey } from '../../i18n/messages.js';
import { COLORS } from '../../theme.js';

/** A tool shows its icon (its name then is the button's label) or, without one, its name as the button's text. */
interface Tool {
  label: MessageKey;
  icon?: ReactNode;
  run(): void;
}

// execCommand is what every browser's contenteditable still implements; the server keeps only
// the tags these commands write (p, h2, h3, strong/b, em/i, u, ul, ol, li, blockquote, br).
const exec = (command: string, value?: string) => document.execCommand(command, false, value);

const TOOLS: Tool[] = [
  { label: 'meetings.editor.paragraph', run: () => exec('formatBlock', 'p') },
  { label: 'meetings.editor.heading2', run: () => exec('formatBlock', 'h2') },
  { label: 'meetings.editor.heading3', run: () => exec('formatBlock', 'h3') },
  { label: 'meetings.editor.bold', icon: <BoldOutlined aria-hidden />, run: () => exec('bold') },
  { label: 'meetings.editor.italic', icon: <ItalicOutlined aria-hidden />, run: () => exec('italic') },
  { label: 'meetings.editor.underline', icon: <UnderlineOutlined aria-hidden />, run: () => exec('underline') },
  { label: 'meetings.editor.bullets', icon: <UnorderedListOutlined aria-hidden />, run: () => exec('insertUnorderedList') },
  { label: 'meetings.editor.numbers', icon: <OrderedListOutlined aria-hidden />, run: () => exec('insertOrderedList') },
  { label: 'meetings.editor.quote', run: () => exec('formatBlock', 'blockquote') },
];

export interface MinutesEditorProps {
  id?: string;
  value?: string;
  onChange?(html: string): void;
  label: string;
}

/**
 * The minutes' rich-text editor: a contenteditable area with a small toolbar. Pasted content
 * arrives as plain text, so nothing foreign (styles, scripts, links) enters; the server
 * sanitizes again whatever is sent.
 */
export function MinutesEditor({ id, value = '', onChange, label }: MinutesEditorProps) {
  const { t } = useI18n();
  const area = useRef<HTMLDivElement>(null);

  // The area is not controlled by React: only a value from outside (loading a meeting) is written into it.
  useEffect(() => {
    const el = area.current;
    if (el && el.innerHTML !== value) el.innerHTML = value;
  }, [value]);

  const changed = () => onChange?.(area.current?.innerHTML ?? '');

  return (
    <div style={{ border: `1px solid ${COLORS.border}`, borderRadius: 6 }}>
      <div role="toolbar" aria-label={t('meetings.editor.toolbar')} style={{ padding: 4, borderBottom: '1px solid #f0f0f0', background: '#fafafa' }}>
        <Space size={2} wrap>
          {TOOLS.map((tool) => (
            <Tooltip key={tool.label} title={t(tool.label)}>
              <Button
                type="text"
                size="small"
                // What is seen is what is announced (WCAG 2.5.3): a text tool is named by its text.
                aria-label={tool.icon ? t(tool.label) : undefined}
                icon={tool.icon}
                // Keep the selection in the text while the button is pressed.
                onMouseDown={(event) => event.preventDefault()}
                onClick={() => {
                  area.current?.focus();
                  tool.run();
                  changed();
                }}
              >
                {tool.icon ? null : t(tool.label)}
              </Button>
            </Tooltip>
          ))}
        </Space>
      </div>
      {/* biome-ignore lint/a11y/useSemanticElements: a rich-text area has no native element; role and label make it a textbox. */}
      <div
        id={id}
        ref={area}
        className="minutes-editor"
        role="textbox"
        aria-multiline="true"
        aria-label={label}
        tabIndex={0}
        contentEditable
        suppressContentEditableWarning
        onFocus={() => exec('defaultParagraphSeparator', 'p')}
        onInput={changed}
        onBlur={changed}
        onPaste={(event) => {
          event.preventDefault();
          exec('insertText', event.clipboardData.getData('text/plain'));
        }}
        style={{ minHeight: 180, maxHeight: 420, overflowY: 'auto', padding: '8px 12px', outline: 'none', lineHeight: 1.8 }}
      />
    </div>
  );
}
