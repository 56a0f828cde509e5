/**
 * A button that opens the file chooser and hands over the one chosen file. The input is cleared at
 * once, so choosing the same file again (a corrected bundle of the same name) fires again.
 */
import type { ReactNode } from 'react';

interface Props {
  children: ReactNode;
  accept: string;
  testId: string;
  disabled?: boolean;
  title?: string;
  /** the chooser is opening: what the file will need may start while the user picks it */
  onChoosing?(): void;
  onFile(file: File): void;
}

export const JSON_FILES = '.json,application/json';
export const XLSX_FILES = '.xlsx,application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

export function FileButton({ children, accept, testId, disabled = false, title, onChoosing, onFile }: Props) {
  return (
    <label className={`file-button${disabled ? ' disabled' : ''}`} {...(title !== undefined && { title })}>
      {children}
      <input
        type="file"
        accept={accept}
        data-testid={testId}
        disabled={disabled}
        {...(onChoosing && { onClick: onChoosing })}
        onChange={(e) => {
          const f = e.target.files?.[0];
          e.target.value = '';
          if (f) onFile(f);
        }}
      />
    </label>
  );
}
