/**
 * Commands from the server to one device (DESIGN.md "Topic contract": the server → device
 * direction). A command goes to the device's own `hcpv/v1/{siteId}/{deviceId}/command` topic,
 * the only topic a device may subscribe to, at QoS 1 and never retained (a device coming back
 * must not run yesterday's reboot; its persistent session, if any, still gets what was queued).
 * Publishers exist for the embedded Aedes and for an external broker (MQTT_URL).
 */
import type { Aedes } from 'aedes';
import type { MqttClient } from 'mqtt';
import { z } from 'zod';
import { COMMAND_CHANNEL, topicOf } from './contract.js';

export const DEVICE_COMMANDS = ['reboot', 'identify', 'self-test', 'sync-time', 'set-config'] as const;
export type DeviceCommand = (typeof DEVICE_COMMANDS)[number];

const MAX_ARGS = 20;

/** Flat arguments: short names, scalar values (a device parses them with a tiny JSON reader). */
export const commandArgsSchema = z
  .record(
    z.string().regex(/^[A-Za-z][A-Za-z0-9_]{0,39}$/, 'a name of letters, digits and _'),
    z.union([z.string().max(200), z.number().refine(Number.isFinite, 'a finite number'), z.boolean()]),
  )
  .refine((a) => Object.keys(a).length <= MAX_ARGS, `at most ${MAX_ARGS} arguments`);
export type CommandArgs = z.infer<typeof commandArgsSchema>;

/** What a device receives on its command topic. `id` lets it report the outcome in an event. */
export const commandMessageSchema = z.strictObject({
  id: z.string().min(1).max(64),
  command: z.enum(DEVICE_COMMANDS),
  args: commandArgsSchema,
  /** When the server sent it (epoch ms); a device may ignore commands that are too old. */
  at: z.number().int().nonnegative(),
});
export type CommandMessage = z.infer<typeof commandMessageSchema>;

export const commandTopic = (siteId: string, deviceId: string): string => topicOf(siteId, deviceId, COMMAND_CHANNEL);

/** Hands a command to the broker; resolves once the broker has taken it (QoS 1). */
export interface CommandPublisher {
  publish(siteId: string, deviceId: string, message: CommandMessage): Promise<void>;
}

/** The broker inside this process: the publish has no client, so the device auth hooks let it through. */
export function aedesCommandPublisher(aedes: Aedes): CommandPublisher {
  return {
    publish: (siteId, deviceId, message) =>
      new Promise<void>((resolve, reject) => {
        aedes.publish(
          {
            cmd: 'publish',
            topic: commandTopic(siteId, deviceId),
            payload: Buffer.from(JSON.stringify(message)),
            qos: 1,
            retain: false,
            dup: false,
          },
          (err) => (err ? reject(err) : resolve()),
        );
      }),
  };
}

/**
 * An external broker, through the server's own client: resolves at the broker's PUBACK. Refuses
 * at once while disconnected, and gives up after `timeoutMs` (the client would otherwise hold the
 * message until it reconnects, long after the caller was told anything).
 */
export function clientCommandPublisher(client: MqttClient, timeoutMs = 5_000): CommandPublisher {
  return {
    async publish(siteId, deviceId, message) {
      if (!client.connected) throw new Error('not connected to the MQTT broker');
      let timer: NodeJS.Timeout | undefined;
      const timeout = new Promise<never>((_, reject) => {
        timer = setTimeout(() => reject(new Error(`no PUBACK within ${timeoutMs} ms`)), timeoutMs);
      });
      try {
        await Promise.race([
          client.publishAsync(commandTopic(siteId, deviceId), JSON.stringify(message), { qos: 1, retain: false }),
          timeout,
        ]);
      } finally {
        clearTimeout(timer);
      }
    },
  };
}

/** The publisher for whichever broker ingest runs on. */
export function commandPublisherFor(runtime: {
  broker?: { aedes: Aedes } | undefined;
  client?: MqttClient | undefined;
}): CommandPublisher | undefined {
  if (runtime.broker) return aedesCommandPublisher(runtime.broker.aedes);
  if (runtime.client) return clientCommandPublisher(runtime.client);
  return undefined;
}
