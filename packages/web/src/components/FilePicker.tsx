import { FileExcelOutlined, FileOutlined, FileTextOutlined, FileWordOutlined } from '@ant-design/icons';
import { Typography } from 'antd';
import { useId, useRef } from 'react';
import { Button } from './Button.js';
import { readAsBase64 } from './files.js';

/** A chosen file, read: its name and its content as base64 (what the import routes take). */
export interface ChosenFile {
  name: string;
  base64: string;
}

const SPREADSHEET = /^(\.xlsx|\.xls|\.csv|text\/csv|application\/vnd\.(openxmlformats-officedocument\.spreadsheetml\.sheet|ms-excel))$/;
const WORD = /^(\.docx|\.doc|application\/(vnd\.openxmlformats-officedocument\.wordprocessingml\.document|msword))$/;
const TEXT = /^(\.txt|text\/plain)$/;

/** The icon of what the picker takes: a spreadsheet, a Word file, text (plain or Word), or a file of any kind. */
export function acceptIcon(accept: string) {
  const types = accept
    .split(',')
    .map((type) => type.trim().toLowerCase())
    .filter(Boolean);
  if (types.length > 0 && types.every((type) => SPREADSHEET.test(type))) return <FileExcelOutlined aria-hidden />;
  if (types.length > 0 && types.every((type) => WORD.test(type))) return <FileWordOutlined aria-hidden />;
  if (types.length > 0 && types.every((type) => TEXT.test(type) || WORD.test(type))) return <FileTextOutlined aria-hidden />;
  return <FileOutlined aria-hidden />;
}

/**
 * A labelled file choice in the app's language (the browser's own file button speaks the
 * browser's): a button opening the hidden file input, and below it a line that is the problem
 * with the file when there is one, else `status` (what is chosen, or what to choose). The input
 * and the button are both described by that line. The chosen file is read here: `onChoose` gets
 * it read (null when the choice was emptied), `onUnreadable` is called when it cannot be read.
 */
export function FilePicker({
  label,
  accept,
  buttonLabel,
  status,
  error,
  loading = false,
  onChoose,
  onUnreadable,
}: {
  label: string;
  accept: string;
  buttonLabel: string;
  status: string;
  error: string | null;
  loading?: boolean;
  onChoose: (file: ChosenFile | null) => void;
  onUnreadable: () => void;
}) {
  const input = useRef<HTMLInputElement>(null);
  const inputId = useId();
  const helpId = useId();
  return (
    <div>
      <label htmlFor={inputId} style={{ display: 'block', marginBottom: 8, fontWeight: 500 }}>
        {label}
      </label>
      <input
        id={inputId}
        ref={input}
        type="file"
        hidden
        // Inside a form item antd shows file inputs (`display: block`) whatever `hidden` says.
        style={{ display: 'none' }}
        accept={accept}
        aria-describedby={helpId}
        aria-invalid={error ? true : undefined}
        onChange={(event) => {
          const chosen = event.target.files?.[0];
          // Emptied, so that choosing the same file again (corrected since) is a new choice.
          event.target.value = '';
          if (!chosen) onChoose(null);
          else readAsBase64(chosen).then((base64) => onChoose({ name: chosen.name, base64 }), onUnreadable);
        }}
      />
      <Button icon={acceptIcon(accept)} loading={loading} aria-describedby={helpId} onClick={() => input.current?.click()}>
        {buttonLabel}
      </Button>
      <div id={helpId} style={{ marginTop: 4 }}>
        {error ? <Typography.Text type="danger">{error}</Typography.Text> : <Typography.Text type="secondary">{status}</Typography.Text>}
      </div>
    </div>
  );
}
