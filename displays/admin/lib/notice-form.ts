/**
 * The notice editor's form state and its conversions: Hà Nội wall-clock times (UTC+7, no daylight
 * saving) to and from instants, daily hours typed as "08:00-11:30, 13:30-17:00", a free list of
 * tags, and the request body the notices API expects (which the server parses again).
 */
import type { NoticeContent } from '../../../server/notices/notices.schemas.js';
import type { ScreenProfile } from '../../../brand-kit/profiles.js';
import { toMarkup } from '../../../server/text/rich-text.js';

const HANOI_OFFSET_MS = 7 * 3600_000;
const LOCAL = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})$/;

/** What the editor holds while a notice is written (strings as typed). */
export interface NoticeDraft {
  title: string;
  /** English title; empty = none. */
  titleEn: string;
  /** Free text in the tiny markup; empty = none. */
  markup: string;
  /** English free text; empty = none. */
  markupEn: string;
  procedureCodes: string[];
  orgId: string;
  tags: string;
  /** Zone ids (from the zone picker); empty = every zone. */
  zones: string[];
  profiles: ScreenProfile[];
  /** `YYYY-MM-DDTHH:mm`, Hà Nội time (a datetime-local field's value). */
  validFrom: string;
  /** Same, or empty for no end. */
  validTo: string;
  /** e.g. "07:30-11:30, 13:30-17:00"; empty = all day. */
  dailyHours: string;
  priority: string;
}

/** A datetime-local value read as Hà Nội time → ISO text with the +07:00 offset, or null if malformed. */
export function hanoiLocalToIso(local: string): string | null {
  const m = LOCAL.exec(local.trim());
  if (!m) return null;
  const [, y, mo, d, h, mi] = m;
  const ms = Date.UTC(Number(y), Number(mo) - 1, Number(d), Number(h), Number(mi));
  const back = new Date(ms);
  // Reject 2026-02-31 and 25:00, which Date.UTC would silently roll over.
  if (back.getUTCDate() !== Number(d) || back.getUTCHours() !== Number(h) || back.getUTCMonth() !== Number(mo) - 1)
    return null;
  return `${local.trim()}:00+07:00`;
}

/** An instant → the datetime-local value a person in Hà Nội would read. */
export function msToHanoiLocal(ms: number): string {
  return new Date(ms + HANOI_OFFSET_MS).toISOString().slice(0, 16);
}

/** Split a free list on commas and spaces; lower case, no blanks, no repeats. */
export function parseList(text: string): string[] {
  return [
    ...new Set(
      text
        .split(/[,\s]+/)
        .map((s) => s.trim().toLowerCase())
        .filter(Boolean),
    ),
  ];
}

export interface DailyHoursParse {
  hours: { from: string; to: string }[];
  /** Pieces that are not `HH:MM-HH:MM`. */
  bad: string[];
}

/** "07:30-11:30, 13:30-17:00" → windows; the server checks the times themselves. */
export function parseDailyHours(text: string): DailyHoursParse {
  const out: DailyHoursParse = { hours: [], bad: [] };
  for (const piece of text
    .split(/[,;\n]+/)
    .map((s) => s.trim())
    .filter(Boolean)) {
    const m = /^(\d{1,2}:\d{2})\s*[-–]\s*(\d{1,2}:\d{2})$/.exec(piece);
    if (m?.[1] && m[2]) out.hours.push({ from: m[1].padStart(5, '0'), to: m[2].padStart(5, '0') });
    else out.bad.push(piece);
  }
  return out;
}

export const formatDailyHours = (hours: readonly { from: string; to: string }[]): string =>
  hours.map((h) => `${h.from}-${h.to}`).join(', ');

/** An empty draft for a unit, valid from `now` (Hà Nội time, to the minute). */
export function emptyDraft(orgId: string, now: number): NoticeDraft {
  return {
    title: '',
    titleEn: '',
    markup: '',
    markupEn: '',
    procedureCodes: [],
    orgId,
    tags: '',
    zones: [],
    profiles: [],
    validFrom: msToHanoiLocal(now),
    validTo: '',
    dailyHours: '',
    priority: '50',
  };
}

/** The draft of an existing revision, for editing or revising it. */
export function draftFromNotice(n: NoticeContent): NoticeDraft {
  return {
    title: n.title.vi,
    titleEn: n.title.en ?? '',
    markup: n.body ? toMarkup(n.body.vi) : '',
    markupEn: n.body?.en ? toMarkup(n.body.en) : '',
    procedureCodes: [...n.procedureCodes],
    orgId: n.target.orgId,
    tags: n.target.tags.join(', '),
    zones: [...n.target.zones],
    profiles: [...n.target.profiles],
    validFrom: msToHanoiLocal(n.validFrom),
    validTo: n.validTo === null ? '' : msToHanoiLocal(n.validTo),
    dailyHours: formatDailyHours(n.dailyHours),
    priority: String(n.priority),
  };
}

export interface BodyProblem {
  path: string;
  message: string;
}

/**
 * The JSON body for `POST /notices` (and PUT, revisions). Problems the form can see by itself
 * (a malformed time, a bad daily-hours piece) come back as `problems`; the rest is the server's.
 */
export function draftToBody(d: NoticeDraft): { body: Record<string, unknown>; problems: BodyProblem[] } {
  const problems: BodyProblem[] = [];
  const validFrom = hanoiLocalToIso(d.validFrom);
  if (validFrom === null) problems.push({ path: 'validFrom', message: 'YYYY-MM-DD HH:MM' });
  const validTo = d.validTo.trim() ? hanoiLocalToIso(d.validTo) : null;
  if (d.validTo.trim() && validTo === null) problems.push({ path: 'validTo', message: 'YYYY-MM-DD HH:MM' });
  const hours = parseDailyHours(d.dailyHours);
  for (const b of hours.bad) problems.push({ path: 'dailyHours', message: `"${b}": HH:MM-HH:MM` });
  const priority = Number(d.priority);
  if (!Number.isInteger(priority)) problems.push({ path: 'priority', message: '0–100' });
  const markup = d.markup.trim();
  const markupEn = d.markupEn.trim();
  if (markupEn && !markup) problems.push({ path: 'body.vi', message: 'Vietnamese text first' });
  return {
    problems,
    body: {
      title: d.titleEn.trim() ? { vi: d.title, en: d.titleEn } : { vi: d.title },
      body: markup ? (markupEn ? { vi: markup, en: markupEn } : { vi: markup }) : null,
      procedureCodes: d.procedureCodes,
      target: { orgId: d.orgId, tags: parseList(d.tags), zones: d.zones, profiles: d.profiles },
      validFrom: validFrom ?? d.validFrom,
      validTo,
      dailyHours: hours.hours,
      priority,
    },
  };
}
