/**
 * The device registry: provision (secret shown once), rotate, decommission, with audit; the
 * in-memory directory ingest looks devices up in; secret verification for the broker.
 */
import type { Actor, AuditStore } from '../audit/audit.store.js';
import type { Clock } from '../core/clock.js';
import { AppError, conflict, invalid, notFound } from '../core/errors.js';
import { newId } from '../core/ids.js';
import type { Db } from '../db/database.js';
import type { OrgService } from '../org/org.service.js';
import { COMMAND_CHANNEL, devicePrefix, topicOf, type DeviceType } from '../../devices/contract.js';
import type { DeviceAuthenticator } from '../../devices/broker-auth.js';
import {
  commandTopic,
  type CommandArgs,
  type CommandMessage,
  type CommandPublisher,
  type DeviceCommand,
} from '../../devices/commands.js';
import type { DeviceDirectory, DeviceInfo, QuarantineSink } from '../../devices/ingest-types.js';
import { DevicesStore } from './devices.store.js';
import type { Device, ProvisionDevice } from './devices.schemas.js';
import { generateDeviceSecret, hashDeviceSecret, verifyDeviceSecret } from './device-secrets.js';

export interface DeviceWithSecret {
  device: Device;
  secret: string;
  mqtt: { username: string; topicPrefix: string; commandTopic: string };
}

export type DeviceChange = { kind: 'provisioned' | 'rotated' | 'decommissioned'; device: Device };

/** A command the broker has taken for a device. */
export interface SentCommand extends CommandMessage {
  deviceId: string;
  topic: string;
  qos: 1;
}

const mqttUnavailable = (reason: string): AppError =>
  new AppError(
    'unavailable',
    'MQTT_UNAVAILABLE',
    `The command could not be handed to the MQTT broker: ${reason}`,
    undefined,
    {
      'Retry-After': '10',
    },
  );

const info = (d: Device): DeviceInfo => ({
  id: d.id,
  siteId: d.siteId,
  zoneId: d.zoneId,
  type: d.type,
  counter: d.counter,
  active: d.status === 'active',
});

export class DeviceService implements DeviceDirectory, DeviceAuthenticator, QuarantineSink {
  readonly store: DevicesStore;
  private cache: Map<string, DeviceInfo> | undefined;
  private readonly listeners: ((c: DeviceChange) => void)[] = [];

  constructor(
    private readonly db: Db,
    private readonly audit: AuditStore,
    private readonly org: OrgService,
    private readonly clock: Clock,
  ) {
    this.store = new DevicesStore(db);
    org.addDependency((orgId) => ({ what: 'devices', count: this.store.countAtSite(orgId) }));
  }

  /** Called after a device is provisioned, rotated or decommissioned (the broker drops its sessions). */
  onChange(listener: (c: DeviceChange) => void): void {
    this.listeners.push(listener);
  }

  get(id: string): Device {
    const d = this.store.get(id);
    if (!d) throw notFound('Device', id);
    return d;
  }

  list(f: {
    siteIds?: readonly string[];
    type?: DeviceType | undefined;
    status?: Device['status'] | undefined;
  }): Device[] {
    return this.store.list(f);
  }

  /** Provision a device; `secret` is only passed by the demo seed (see demo-secrets.ts). */
  provision(actor: Actor, input: ProvisionDevice, secret: string = generateDeviceSecret()): DeviceWithSecret {
    const site = this.org.get(input.siteId);
    if (site.kind !== 'site')
      throw invalid('DEVICE_NOT_A_SITE', `${input.siteId} is a ${site.kind}; devices belong to sites`, [
        { path: 'siteId', message: 'not a site' },
      ]);
    const layout = this.org.layout(input.siteId);
    if (!layout.zones.some((z) => z.id === input.zoneId)) {
      throw invalid('DEVICE_UNKNOWN_ZONE', `Site ${input.siteId} has no zone "${input.zoneId}"`, [
        { path: 'zoneId', message: 'no such zone at this site' },
      ]);
    }
    if (input.counter !== undefined && !layout.counters.some((c) => c.number === input.counter)) {
      throw invalid('DEVICE_UNKNOWN_COUNTER', `Site ${input.siteId} has no counter ${input.counter}`, [
        { path: 'counter', message: 'no such counter at this site' },
      ]);
    }
    const id =
      input.id ??
      `${input.siteId}-${input.type}-${generateDeviceSecret()
        .slice(0, 6)
        .toLowerCase()
        .replace(/[^a-z0-9]/g, '0')}`;
    const now = this.clock.now();
    const device: Device = {
      id,
      type: input.type,
      siteId: input.siteId,
      zoneId: input.zoneId,
      position: input.position,
      counter: input.counter ?? null,
      model: input.model,
      serial: input.serial ?? null,
      installedOn: input.installedOn,
      vendor: input.vendor,
      warrantyEnd: input.warrantyEnd ?? null,
      status: 'active',
      secretRotatedAt: now,
      createdAt: now,
      updatedAt: now,
    };
    this.db.transaction(() => {
      if (this.store.get(id))
        throw conflict('DEVICE_ID_TAKEN', `Device id "${id}" is already used`, [{ path: 'id', message: 'taken' }]);
      this.store.insert(device, hashDeviceSecret(secret));
      this.audit.record({
        actor,
        action: 'device.provision',
        entity: 'device',
        entityId: id,
        orgId: site.id,
        orgPath: site.path,
        after: device,
      });
    })();
    this.changed({ kind: 'provisioned', device });
    return this.withSecret(device, secret);
  }

  rotateSecret(actor: Actor, id: string): DeviceWithSecret {
    const secret = generateDeviceSecret();
    const device = this.db.transaction(() => {
      const before = this.get(id);
      if (before.status !== 'active') throw conflict('DEVICE_DECOMMISSIONED', `Device ${id} is decommissioned`);
      this.store.setSecret(id, hashDeviceSecret(secret), this.clock.now());
      const after = this.get(id);
      this.audit.record({
        actor,
        action: 'device.rotate-secret',
        entity: 'device',
        entityId: id,
        orgId: after.siteId,
        orgPath: this.org.pathOf(after.siteId) ?? null,
        before: { secretRotatedAt: before.secretRotatedAt },
        after: { secretRotatedAt: after.secretRotatedAt },
      });
      return after;
    })();
    this.changed({ kind: 'rotated', device });
    return this.withSecret(device, secret);
  }

  decommission(actor: Actor, id: string): Device {
    const device = this.db.transaction(() => {
      const before = this.get(id);
      if (before.status === 'decommissioned') return before;
      this.store.setStatus(id, 'decommissioned', this.clock.now());
      const after = this.get(id);
      this.audit.record({
        actor,
        action: 'device.decommission',
        entity: 'device',
        entityId: id,
        orgId: after.siteId,
        orgPath: this.org.pathOf(after.siteId) ?? null,
        before,
        after,
      });
      return after;
    })();
    this.changed({ kind: 'decommissioned', device });
    return device;
  }

  /**
   * Publish a command to an active device's command topic (QoS 1), audited: the attempt before
   * the publish (so a command the broker took is never unaudited), and a failure after it.
   * `publisher` is absent when no broker is connected to this process.
   */
  async sendCommand(
    actor: Actor,
    id: string,
    input: { command: DeviceCommand; args: CommandArgs },
    publisher: CommandPublisher | undefined,
  ): Promise<SentCommand> {
    const device = this.get(id);
    if (device.status !== 'active') throw conflict('DEVICE_DECOMMISSIONED', `Device ${id} is decommissioned`);
    if (!publisher) throw mqttUnavailable('this server runs without MQTT');
    const message: CommandMessage = { id: newId(), command: input.command, args: input.args, at: this.clock.now() };
    const topic = commandTopic(device.siteId, device.id);
    const audit = {
      actor,
      entity: 'device',
      entityId: id,
      orgId: device.siteId,
      orgPath: this.org.pathOf(device.siteId) ?? null,
    };
    this.audit.record({ ...audit, action: 'device.command', after: { ...message, topic } });
    try {
      await publisher.publish(device.siteId, device.id, message);
    } catch (err) {
      const reason = err instanceof Error ? err.message : String(err);
      this.audit.record({ ...audit, action: 'device.command-failed', after: { id: message.id, reason } });
      throw mqttUnavailable(reason);
    }
    return { ...message, deviceId: id, topic, qos: 1 };
  }

  /** Directory for ingest: an in-memory map, rebuilt after each registry change. */
  lookup(id: string): DeviceInfo | undefined {
    this.cache ??= new Map(this.store.list({}).map((d) => [d.id, info(d)]));
    return this.cache.get(id);
  }

  verify(deviceId: string, secret: string): DeviceInfo | undefined {
    const d = this.lookup(deviceId);
    if (!d?.active) return undefined;
    const hash = this.store.secretHash(deviceId);
    return hash && verifyDeviceSecret(secret, hash) ? d : undefined;
  }

  add(entries: Parameters<QuarantineSink['add']>[0]): void {
    this.store.addQuarantine(entries);
  }

  private withSecret(device: Device, secret: string): DeviceWithSecret {
    return {
      device,
      secret,
      mqtt: {
        username: device.id,
        topicPrefix: `${devicePrefix(device.siteId, device.id)}#`,
        commandTopic: topicOf(device.siteId, device.id, COMMAND_CHANNEL),
      },
    };
  }

  private changed(c: DeviceChange): void {
    this.cache = undefined;
    for (const l of this.listeners) l(c);
  }
}
