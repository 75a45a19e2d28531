/**
 * Demo content for `npm start`: the shipped commune-level procedures (config/procedures/) in the
 * city catalogue and a few published notices, so the demo screens show real procedure cards.
 * Idempotent like the rest of the seed.
 */
import type { Actor } from '../audit/audit.store.js';
import type { Services } from '../services.js';
import { mapRow, readJson } from '../procedures/portal-format.js';
import { noticeInputSchema } from '../notices/notices.schemas.js';

const SEED_AUTHOR: Actor = { kind: 'system', id: 'seed-author', name: 'Demo city seed (author)' };
// The review rule (approver ≠ author) holds for seeded notices too: a second system actor approves.
const SEED_APPROVER: Actor = { kind: 'system', id: 'seed-approver', name: 'Demo city seed (approver)' };

/** Import the procedures of a portal-format JSON file into `orgId`'s catalogue; returns how many were added. */
export function seedProcedures(services: Services, orgId: string, portalJson: string): number {
  let added = 0;
  for (const row of readJson(portalJson)) {
    const mapped = mapRow(row);
    if (!mapped.ok)
      throw new Error(
        `seed procedure line ${row.line}: ${mapped.problems.map((p) => `${p.column}: ${p.reason}`).join('; ')}`,
      );
    if (services.procedures.store.get(mapped.value.code)) continue;
    services.procedures.save(SEED_AUTHOR, orgId, mapped.value);
    added++;
  }
  return added;
}

interface DemoNotice {
  title: string;
  body?: string;
  procedureCodes: string[];
  orgId: string;
  priority: number;
}

/** Published notices for the demo city; only added when the city has no notice at all. */
export function seedNotices(services: Services, cityId: string, validFrom: string): number {
  const city = services.org.get(cityId);
  if (services.notices.list([city.path], undefined, 1).length > 0) return 0;
  const byField = (field: string) => services.procedures.list({ field, limit: 6, offset: 0 }).items.map((p) => p.code);
  const notices: DemoNotice[] = [
    { title: 'Thủ tục hộ tịch', procedureCodes: byField('Hộ tịch'), orgId: cityId, priority: 60 },
    { title: 'Thủ tục chứng thực', procedureCodes: byField('Chứng thực'), orgId: cityId, priority: 55 },
    {
      title: 'Nộp hồ sơ trực tuyến',
      body: 'Người dân có thể nộp hồ sơ trực tuyến tại Cổng Dịch vụ công quốc gia.\n\n- Không phải xếp hàng\n- Theo dõi tiến độ giải quyết\n- **Nhận kết quả tại nhà** qua dịch vụ bưu chính',
      procedureCodes: [],
      orgId: cityId,
      priority: 40,
    },
  ];
  let added = 0;
  for (const n of notices) {
    if (n.procedureCodes.length === 0 && n.body === undefined) continue;
    const input = noticeInputSchema.parse({
      title: { vi: n.title },
      body: n.body === undefined ? null : { vi: n.body },
      procedureCodes: n.procedureCodes,
      target: { orgId: n.orgId },
      validFrom,
      priority: n.priority,
    });
    const draft = services.notices.create(SEED_AUTHOR, input);
    services.notices.submit(SEED_AUTHOR, draft.id);
    services.notices.approve(SEED_APPROVER, draft.id);
    services.notices.publish(SEED_APPROVER, draft.id);
    added++;
  }
  return added;
}
