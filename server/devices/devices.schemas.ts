/** The device registry's contract: what is provisioned, what the API returns. */
import { z } from '@hono/zod-openapi';
import { DEVICE_TYPES, QUARANTINE_REASONS } from '../../devices/contract.js';
import { DEVICE_COMMANDS, commandArgsSchema } from '../../devices/commands.js';
import { orgIdSchema } from '../org/org.schemas.js';

export const deviceIdSchema = z
  .string()
  .regex(/^[a-z0-9][a-z0-9-]{1,62}$/, 'lower-case letters, digits and dashes, 2–63 characters')
  .openapi({ example: 'hn-p-ba-dinh-env-sensor' });

const isoDate = z.iso.date({ error: 'a date as YYYY-MM-DD' });
const text = (max: number) => z.string().trim().min(1).max(max);

export const provisionDeviceSchema = z
  .strictObject({
    id: deviceIdSchema.optional(),
    type: z.enum(DEVICE_TYPES),
    siteId: orgIdSchema,
    zoneId: z.string().regex(/^[a-z0-9][a-z0-9-]{0,40}$/),
    /** Position in the zone, 0–1 on each axis, for the floor view. */
    position: z.strictObject({ x: z.number().min(0).max(1), y: z.number().min(0).max(1) }),
    counter: z.number().int().min(1).max(999).optional(),
    model: text(120),
    serial: text(80).optional(),
    installedOn: isoDate,
    vendor: text(200),
    warrantyEnd: isoDate.optional(),
  })
  .refine((d) => d.warrantyEnd === undefined || d.warrantyEnd >= d.installedOn, {
    message: 'warranty must end after installation',
    path: ['warrantyEnd'],
  })
  .openapi('ProvisionDevice');
export type ProvisionDevice = z.infer<typeof provisionDeviceSchema>;

export const deviceSchema = z
  .object({
    id: deviceIdSchema,
    type: z.enum(DEVICE_TYPES),
    siteId: orgIdSchema,
    zoneId: z.string(),
    position: z.object({ x: z.number(), y: z.number() }),
    counter: z.number().nullable(),
    model: z.string(),
    serial: z.string().nullable(),
    installedOn: z.string(),
    vendor: z.string(),
    warrantyEnd: z.string().nullable(),
    status: z.enum(['active', 'decommissioned']),
    secretRotatedAt: z.number(),
    createdAt: z.number(),
    updatedAt: z.number(),
  })
  .openapi('Device');
export type Device = z.infer<typeof deviceSchema>;

export const deviceWithSecretSchema = z
  .object({
    device: deviceSchema,
    /** Shown once; only a keyed hash is kept. */
    secret: z.string(),
    mqtt: z.object({ username: z.string(), topicPrefix: z.string(), commandTopic: z.string() }),
  })
  .openapi('DeviceWithSecret');

export const quarantineEntrySchema = z
  .object({
    id: z.number(),
    at: z.number(),
    reason: z.enum(QUARANTINE_REASONS),
    topic: z.string(),
    deviceId: z.string().nullable(),
    siteId: z.string().nullable(),
    payload: z.string(),
    detail: z.string(),
  })
  .openapi('QuarantineEntry');
export type QuarantineRow = z.infer<typeof quarantineEntrySchema>;

export const sendCommandSchema = z
  .strictObject({
    command: z.enum(DEVICE_COMMANDS),
    /** Flat scalar arguments, e.g. `{ "delayS": 5 }` for reboot or `{ "key": "brightness", "value": 80 }` for set-config. */
    args: commandArgsSchema.default({}),
  })
  .openapi('SendDeviceCommand');

export const sentCommandSchema = z
  .object({
    id: z.string(),
    deviceId: deviceIdSchema,
    command: z.enum(DEVICE_COMMANDS),
    args: z.record(z.string(), z.union([z.string(), z.number(), z.boolean()])),
    at: z.number(),
    topic: z.string(),
    qos: z.literal(1),
  })
  .openapi('SentDeviceCommand');
