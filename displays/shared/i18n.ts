/**
 * Vietnamese first, English by a switch. Each console registers its own dictionary with
 * `addMessages`; `t(key)` falls back to Vietnamese, then to the key itself.
 */
export type Lang = 'vi' | 'en';
type Dict = Record<string, string>;

const messages: Record<Lang, Dict> = { vi: {}, en: {} };
const listeners = new Set<() => void>();
let current: Lang = readLang();

function readLang(): Lang {
  try {
    return localStorage.getItem('hcpv-lang') === 'en' ? 'en' : 'vi';
  } catch {
    return 'vi';
  }
}

export function addMessages(vi: Dict, en: Dict): void {
  Object.assign(messages.vi, vi);
  Object.assign(messages.en, en);
}

export const lang = (): Lang => current;

export function setLang(l: Lang): void {
  current = l;
  try {
    localStorage.setItem('hcpv-lang', l);
  } catch {
    // Private mode: the choice lasts for this page only.
  }
  document.documentElement.lang = l;
  for (const f of listeners) f();
}

/** Re-render hook for elements: returns an unsubscribe function. */
export function onLangChange(f: () => void): () => void {
  listeners.add(f);
  return () => listeners.delete(f);
}

/** Translate `key`, replacing `{name}` placeholders from `params`. */
export function t(key: string, params: Record<string, string | number> = {}): string {
  const text = messages[current][key] ?? messages.vi[key] ?? key;
  return text.replace(/\{(\w+)\}/g, (_, k: string) => String(params[k] ?? `{${k}}`));
}

const TZ = 'Asia/Ho_Chi_Minh';

/** Date and time as people in Hà Nội read it, whatever the browser's zone. */
export function formatDateTime(ms: number): string {
  return new Intl.DateTimeFormat(current === 'vi' ? 'vi-VN' : 'en-GB', {
    timeZone: TZ,
    dateStyle: 'short',
    timeStyle: 'short',
  }).format(ms);
}

export function formatNumber(n: number, digits = 0): string {
  return new Intl.NumberFormat(current === 'vi' ? 'vi-VN' : 'en-GB', { maximumFractionDigits: digits }).format(n);
}
