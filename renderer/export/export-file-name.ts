/** An export's file name, sockscope-YYYYMMDD-HHMMSS.<ext>, in local time. */
export function exportFileName(at: Date, extension: 'csv' | 'json'): string {
  const two = (n: number) => String(n).padStart(2, '0');
  const date = `${at.getFullYear()}${two(at.getMonth() + 1)}${two(at.getDate())}`;
  const time = `${two(at.getHours())}${two(at.getMinutes())}${two(at.getSeconds())}`;
  return `sockscope-${date}-${time}.${extension}`;
}
