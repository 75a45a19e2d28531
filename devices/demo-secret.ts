/**
 * DEMO ONLY. Demo devices' secrets are derived from a random per-data-dir key
 * (DATA_DIR/demo-device-key, created by the server on first start, never committed), so the
 * simulator can log every demo device in without a secrets file. Holding the key is holding
 * every demo secret; real devices are provisioned through the API with random secrets.
 */
import { createHmac } from 'node:crypto';

export const DEMO_DEVICE_KEY_FILE = 'demo-device-key';

export const demoDeviceSecret = (key: Buffer, deviceId: string): string =>
  createHmac('sha256', key).update(`hcpv-demo-device:${deviceId}`).digest('base64url');
