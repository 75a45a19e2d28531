/**
 * Alarm and work-order rules: fault codes → severity per device type, offline limits counted
 * in opening hours, queue / occupancy / environment thresholds, lobby-screen limits, flapping
 * suppression, and the work-order policy (auto-creation, verification, reopening, SLA).
 * Parsed with zod; the alarm service swaps them at run time (`reload()` / `PUT /alarm-rules`).
 */
import { z } from 'zod';
import { DEVICE_TYPES, type DeviceType } from '../devices/device-types.js';

export const SEVERITIES = ['critical', 'major', 'minor', 'warning'] as const;
export type Severity = (typeof SEVERITIES)[number];
/** Lower rank = more severe. */
export const severityRank = (s: Severity): number => SEVERITIES.indexOf(s);
export const atLeast = (s: Severity, min: Severity): boolean => severityRank(s) <= severityRank(min);

const severity = z.enum(SEVERITIES);
const minutes = z
  .number()
  .min(0)
  .max(7 * 24 * 60);
const faultCode = z.string().min(1).max(40);

const deviceTypeRuleSchema = z.strictObject({
  /** Severity per fault code; codes not listed get `defaultFaultSeverity`. */
  faults: z.record(faultCode, severity).default({}),
  defaultFaultSeverity: severity.default('minor'),
  /** Raise when offline longer than this many minutes counted in opening hours; null: never. */
  offlineAfterMin: minutes.nullable().default(15),
  offlineSeverity: severity.default('major'),
  /** A fault at or above this severity makes the device count as down (availability, MTTR). */
  downAtSeverity: severity.default('major'),
});
export type DeviceTypeRule = z.infer<typeof deviceTypeRuleSchema>;

const thresholdSchema = z.strictObject({
  min: z.number().nullable().default(null),
  max: z.number().nullable().default(null),
  /** The value must come back this far inside the limit before the condition ends. */
  hysteresis: z.number().min(0).default(0),
  severity: severity.default('minor'),
});
export type Threshold = z.infer<typeof thresholdSchema>;

const queueLimitsSchema = z.strictObject({
  /** People waiting (issued, not called) across all services of the site. */
  maxWaiting: z.number().int().min(1).nullable().default(60),
  waitingHysteresis: z.number().min(0).default(5),
  /** 90th percentile of waits over the last hour. */
  maxP90WaitMin: z.number().min(1).nullable().default(45),
  waitHysteresisMin: z.number().min(0).default(5),
  severity: severity.default('minor'),
});
export type QueueLimits = z.infer<typeof queueLimitsSchema>;

const deviceTypes = z
  .partialRecord(z.enum(DEVICE_TYPES), deviceTypeRuleSchema)
  .default({})
  .transform((r) => {
    const out = {} as Record<DeviceType, DeviceTypeRule>;
    for (const t of DEVICE_TYPES) out[t] = r[t] ?? deviceTypeRuleSchema.parse({});
    return out;
  });

export const alarmRulesSchema = z.strictObject({
  deviceTypes,
  queue: z
    .strictObject({
      default: queueLimitsSchema.default(queueLimitsSchema.parse({})),
      /** Per-site overrides by site id. */
      sites: z.record(z.string(), queueLimitsSchema).default({}),
    })
    .default({ default: queueLimitsSchema.parse({}), sites: {} }),
  occupancy: z
    .strictObject({
      /** Raise when people in a zone exceed capacity × this ratio. */
      ratio: z.number().positive().max(5).default(1),
      hysteresis: z.number().min(0).default(2),
      severity: severity.default('minor'),
    })
    .default({ ratio: 1, hysteresis: 2, severity: 'minor' }),
  /** Environment limits by telemetry field of `env-sensor`. */
  environment: z.record(z.string().min(1).max(40), thresholdSchema).default({}),
  screens: z
    .strictObject({
      offlineAfterMin: minutes.default(10),
      offlineSeverity: severity.default('major'),
      /** Raise when a screen still shows an older manifest this many minutes after a newer was served. */
      behindAfterMin: minutes.default(30),
      behindSeverity: severity.default('minor'),
    })
    .default({ offlineAfterMin: 10, offlineSeverity: 'major', behindAfterMin: 30, behindSeverity: 'minor' }),
  flapping: z
    .strictObject({
      /** A condition must hold this long before an alarm is raised… */
      raiseAfterS: z.number().min(0).max(86_400).default(60),
      /** …and be gone this long before the alarm clears. */
      clearAfterS: z.number().min(0).max(86_400).default(300),
    })
    .default({ raiseAfterS: 60, clearAfterS: 300 }),
  workOrders: z
    .strictObject({
      /** Equipment alarms at or above this severity open a work order. */
      autoCreateAt: severity.default('major'),
      /** A work order verifies itself after the device is healthy this long. */
      verifyHealthyMin: z.number().min(1).max(10_080).default(30),
      /** The same fault within this many hours of verification reopens the order. */
      reopenWithinH: z.number().min(0).max(720).default(72),
      /** SLA per severity, in opening hours. */
      slaOpenHours: z
        .strictObject({
          critical: z.number().positive(),
          major: z.number().positive(),
          minor: z.number().positive(),
          warning: z.number().positive(),
        })
        .default({ critical: 4, major: 8, minor: 24, warning: 40 }),
      /** Preventive orders are created this many days before their due date. */
      pmLeadDays: z.number().min(0).max(90).default(7),
    })
    .default({
      autoCreateAt: 'major',
      verifyHealthyMin: 30,
      reopenWithinH: 72,
      slaOpenHours: { critical: 4, major: 8, minor: 24, warning: 40 },
      pmLeadDays: 7,
    }),
});
export type AlarmRules = z.infer<typeof alarmRulesSchema>;
export type AlarmRulesInput = z.input<typeof alarmRulesSchema>;

/** The shipped defaults. Fault codes follow the vendors' manuals of the demo equipment. */
export const defaultAlarmRulesInput: AlarmRulesInput = {
  deviceTypes: {
    'queue-kiosk': {
      faults: { PAPER_OUT: 'critical', PRINTER_JAM: 'critical', PAPER_LOW: 'warning', NETWORK: 'major' },
      defaultFaultSeverity: 'major',
      offlineAfterMin: 10,
      offlineSeverity: 'critical',
    },
    'counter-terminal': {
      faults: { KEYPAD: 'major', DISPLAY: 'major' },
      offlineAfterMin: 10,
      offlineSeverity: 'major',
    },
    'rating-terminal': { faults: { TOUCH: 'minor' }, offlineAfterMin: 30, offlineSeverity: 'minor' },
    'occupancy-sensor': { offlineAfterMin: 60, offlineSeverity: 'warning' },
    'env-sensor': { offlineAfterMin: 60, offlineSeverity: 'warning' },
    'lookup-kiosk': { faults: { TOUCH: 'major', CRASH: 'major' }, offlineAfterMin: 20, offlineSeverity: 'major' },
    'lobby-screen': { faults: { CRASH: 'major', PANEL: 'critical' }, offlineAfterMin: 10, offlineSeverity: 'major' },
    'air-conditioner': {
      faults: { COMPRESSOR: 'critical', FILTER: 'warning', LEAK: 'major' },
      offlineAfterMin: 60,
      offlineSeverity: 'minor',
    },
    printer: {
      faults: { JAM: 'major', TONER_OUT: 'major', TONER_LOW: 'warning' },
      offlineAfterMin: 60,
      offlineSeverity: 'minor',
    },
    scanner: { faults: { JAM: 'major' }, offlineAfterMin: 60, offlineSeverity: 'minor' },
    computer: { faults: { DISK: 'major' }, offlineAfterMin: 30, offlineSeverity: 'minor' },
    camera: { faults: { VIDEO_LOSS: 'major' }, offlineAfterMin: 15, offlineSeverity: 'major' },
  },
  environment: {
    temperature: { min: 16, max: 30, hysteresis: 1, severity: 'minor' },
    co2: { max: 1_000, hysteresis: 100, severity: 'minor' },
    humidity: { max: 80, hysteresis: 5, severity: 'warning' },
    noise: { max: 70, hysteresis: 5, severity: 'warning' },
  },
};

export const defaultAlarmRules = (): AlarmRules => alarmRulesSchema.parse(defaultAlarmRulesInput);
