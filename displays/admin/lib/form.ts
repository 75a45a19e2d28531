/** Small browser helpers shared by the console's elements. */

/** A form field's text (a file field reads as empty). */
export function formText(d: FormData, name: string): string {
  const v = d.get(name);
  return typeof v === 'string' ? v : '';
}

/** Wait `ms`, or reject with an AbortError as soon as `signal` aborts. */
export function sleep(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise<void>((resolve, reject) => {
    const id = setTimeout(resolve, ms);
    signal.addEventListener('abort', () => {
      clearTimeout(id);
      reject(signal.reason instanceof Error ? signal.reason : new DOMException('Aborted', 'AbortError'));
    });
  });
}
