/** Saving a file from the browser: a Blob behind a temporary link (no server, works offline). */
export function downloadText(fileName: string, text: string, type = 'application/json'): void {
  const url = URL.createObjectURL(new Blob([text], { type: `${type};charset=utf-8` }));
  const a = document.createElement('a');
  a.href = url;
  a.download = fileName;
  a.style.display = 'none';
  document.body.append(a);
  a.click();
  a.remove();
  // the download has started from the click; the URL is only needed until then
  setTimeout(() => URL.revokeObjectURL(url), 60_000);
}

/** A file name Windows accepts: no \ / : * ? " < > | and no trailing dots or spaces. */
export function safeFileName(name: string): string {
  return name.replace(/[\\/:*?"<>|]+/g, '_').replace(/\p{Cc}+/gu, '_').replace(/[. ]+$/, '').slice(0, 120) || 'export';
}

/** 20250122-1530: a timestamp that sorts and reads well in a file name. */
export function fileStamp(d: Date = new Date()): string {
  const p = (n: number) => String(n).padStart(2, '0');
  return `${d.getFullYear()}${p(d.getMonth() + 1)}${p(d.getDate())}-${p(d.getHours())}${p(d.getMinutes())}`;
}
