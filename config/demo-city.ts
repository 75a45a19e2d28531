/**
 * The demo city seeded into an empty data dir: Hà Nội with its public administrative service
 * centre, 12 branches and commune/ward service points. Names follow the city's real naming
 * rules; street addresses, areas and equipment are invented for the demo. Some sites are
 * deliberately under the 40 m² of the facility standard or miss required equipment, so the
 * compliance report has something to show.
 */
import type { OpeningHours, SiteDetails, Zone, Counter } from '../server/org/org.schemas.js';
import type { DeviceType } from '../devices/device-types.js';
import type { ScreenProfile } from '../brand-kit/profiles.js';

export { DEVICE_TYPES, type DeviceType } from '../devices/device-types.js';
export { SCREEN_PROFILES, type ScreenProfile } from '../brand-kit/profiles.js';

export interface DemoUnit {
  id: string;
  parentId: string;
  kind: 'centre' | 'branch' | 'site';
  name: string;
  shortName?: string;
  tags: string[];
  site?: SiteDetails;
}

export interface DemoDevice {
  id: string;
  siteId: string;
  type: DeviceType;
  zoneId: string;
  /** Position inside the zone, 0–1 on each axis, for the floor view. */
  position: { x: number; y: number };
  counter?: number;
  model: string;
  vendor: string;
  installedOn: string;
  warrantyEnd: string;
}

export interface DemoScreen {
  id: string;
  siteId: string;
  zoneId: string;
  profile: ScreenProfile;
  name: string;
  counter?: number;
}

export interface DemoSite {
  unit: DemoUnit;
  zones: Zone[];
  counters: Counter[];
}

export interface DemoCity {
  city: { id: string; name: string; tags: string[] };
  units: DemoUnit[];
  sites: DemoSite[];
  screens: DemoScreen[];
  devices: DemoDevice[];
}

export const FIELDS = [
  'Hộ tịch',
  'Chứng thực',
  'Đất đai',
  'Đăng ký kinh doanh',
  'Bảo trợ xã hội',
  'Người có công',
  'Xây dựng',
  'Tư pháp',
  'Lao động – Việc làm',
  'Giáo dục và Đào tạo',
] as const;

const WEEKDAY_HOURS = [
  { open: '08:00', close: '12:00' },
  { open: '13:30', close: '17:00' },
];

function hours(saturdayMorning: boolean): OpeningHours {
  return {
    mon: WEEKDAY_HOURS,
    tue: WEEKDAY_HOURS,
    wed: WEEKDAY_HOURS,
    thu: WEEKDAY_HOURS,
    fri: WEEKDAY_HOURS,
    sat: saturdayMorning ? [{ open: '08:00', close: '12:00' }] : [],
    sun: [],
  };
}

/** Public holidays of 2026 (Tết Bính Ngọ and the national days), configurable per site. */
export const HOLIDAYS_2026 = [
  { date: '2026-01-01', name: 'Tết Dương lịch' },
  ...['2026-02-16', '2026-02-17', '2026-02-18', '2026-02-19', '2026-02-20'].map((date) => ({
    date,
    name: 'Tết Nguyên đán',
  })),
  { date: '2026-04-27', name: 'Giỗ Tổ Hùng Vương' },
  { date: '2026-04-30', name: 'Ngày Chiến thắng' },
  { date: '2026-05-01', name: 'Quốc tế Lao động' },
  { date: '2026-09-01', name: 'Quốc khánh' },
  { date: '2026-09-02', name: 'Quốc khánh' },
];

interface SitePlan {
  id: string;
  branch: number;
  kind: 'phuong' | 'xa';
  place: string;
  street: string;
  areaM2: number;
  saturday: boolean;
  counters: number;
  /** Required equipment this site lacks, for the compliance report. */
  missing?: DeviceType[];
}

/** Commune and ward service points: 2–3 per branch, 26 in all. */
const POINTS: SitePlan[] = [
  {
    id: 'hn-p-ba-dinh',
    branch: 1,
    kind: 'phuong',
    place: 'Ba Đình',
    street: 'Số 25 phố Liễu Giai',
    areaM2: 96,
    saturday: true,
    counters: 6,
  },
  {
    id: 'hn-p-ngoc-ha',
    branch: 1,
    kind: 'phuong',
    place: 'Ngọc Hà',
    street: 'Số 8 phố Đội Cấn',
    areaM2: 64,
    saturday: false,
    counters: 4,
  },
  {
    id: 'hn-p-giang-vo',
    branch: 1,
    kind: 'phuong',
    place: 'Giảng Võ',
    street: 'Số 12 phố Thành Công',
    areaM2: 38,
    saturday: false,
    counters: 3,
    missing: ['lookup-kiosk'],
  },
  {
    id: 'hn-p-hoan-kiem',
    branch: 2,
    kind: 'phuong',
    place: 'Hoàn Kiếm',
    street: 'Số 126 phố Hàng Trống',
    areaM2: 82,
    saturday: true,
    counters: 5,
  },
  {
    id: 'hn-p-cua-nam',
    branch: 2,
    kind: 'phuong',
    place: 'Cửa Nam',
    street: 'Số 40 phố Hai Bà Trưng',
    areaM2: 55,
    saturday: false,
    counters: 4,
  },
  {
    id: 'hn-p-dong-da',
    branch: 3,
    kind: 'phuong',
    place: 'Đống Đa',
    street: 'Số 101 phố Tôn Đức Thắng',
    areaM2: 110,
    saturday: true,
    counters: 7,
  },
  {
    id: 'hn-p-kim-lien',
    branch: 3,
    kind: 'phuong',
    place: 'Kim Liên',
    street: 'Số 5 phố Đào Duy Anh',
    areaM2: 48,
    saturday: false,
    counters: 3,
  },
  {
    id: 'hn-p-lang',
    branch: 3,
    kind: 'phuong',
    place: 'Láng',
    street: 'Số 1098 đường Láng',
    areaM2: 36,
    saturday: false,
    counters: 2,
    missing: ['rating-terminal'],
  },
  {
    id: 'hn-p-hai-ba-trung',
    branch: 4,
    kind: 'phuong',
    place: 'Hai Bà Trưng',
    street: 'Số 30 phố Lò Đúc',
    areaM2: 90,
    saturday: true,
    counters: 6,
  },
  {
    id: 'hn-p-bach-mai',
    branch: 4,
    kind: 'phuong',
    place: 'Bạch Mai',
    street: 'Số 67 phố Bạch Mai',
    areaM2: 58,
    saturday: false,
    counters: 4,
  },
  {
    id: 'hn-p-cau-giay',
    branch: 5,
    kind: 'phuong',
    place: 'Cầu Giấy',
    street: 'Số 36 phố Cầu Giấy',
    areaM2: 120,
    saturday: true,
    counters: 8,
  },
  {
    id: 'hn-p-nghia-do',
    branch: 5,
    kind: 'phuong',
    place: 'Nghĩa Đô',
    street: 'Số 2 phố Hoàng Quốc Việt',
    areaM2: 70,
    saturday: false,
    counters: 4,
  },
  {
    id: 'hn-p-thanh-xuan',
    branch: 6,
    kind: 'phuong',
    place: 'Thanh Xuân',
    street: 'Số 9 đường Khuất Duy Tiến',
    areaM2: 88,
    saturday: true,
    counters: 6,
  },
  {
    id: 'hn-p-khuong-dinh',
    branch: 6,
    kind: 'phuong',
    place: 'Khương Đình',
    street: 'Số 14 phố Khương Trung',
    areaM2: 42,
    saturday: false,
    counters: 3,
  },
  {
    id: 'hn-p-hoang-mai',
    branch: 7,
    kind: 'phuong',
    place: 'Hoàng Mai',
    street: 'Số 8 phố Ngô Gia Tự',
    areaM2: 76,
    saturday: true,
    counters: 5,
  },
  {
    id: 'hn-p-dinh-cong',
    branch: 7,
    kind: 'phuong',
    place: 'Định Công',
    street: 'Số 21 phố Định Công',
    areaM2: 33,
    saturday: false,
    counters: 2,
    missing: ['lookup-kiosk', 'camera'],
  },
  {
    id: 'hn-p-long-bien',
    branch: 8,
    kind: 'phuong',
    place: 'Long Biên',
    street: 'Số 1 phố Vạn Hạnh',
    areaM2: 100,
    saturday: true,
    counters: 6,
  },
  {
    id: 'hn-p-viet-hung',
    branch: 8,
    kind: 'phuong',
    place: 'Việt Hưng',
    street: 'Số 16 phố Vạn Hạnh',
    areaM2: 60,
    saturday: false,
    counters: 4,
  },
  {
    id: 'hn-p-ha-dong',
    branch: 9,
    kind: 'phuong',
    place: 'Hà Đông',
    street: 'Số 4 phố Quang Trung',
    areaM2: 95,
    saturday: true,
    counters: 6,
  },
  {
    id: 'hn-p-duong-noi',
    branch: 9,
    kind: 'phuong',
    place: 'Dương Nội',
    street: 'Số 3 đường Lê Trọng Tấn',
    areaM2: 52,
    saturday: false,
    counters: 3,
  },
  {
    id: 'hn-p-tu-liem',
    branch: 10,
    kind: 'phuong',
    place: 'Từ Liêm',
    street: 'Số 125 đường Hồ Tùng Mậu',
    areaM2: 84,
    saturday: true,
    counters: 5,
  },
  {
    id: 'hn-p-xuan-dinh',
    branch: 10,
    kind: 'phuong',
    place: 'Xuân Đỉnh',
    street: 'Số 6 đường Xuân La',
    areaM2: 45,
    saturday: false,
    counters: 3,
  },
  {
    id: 'hn-x-dong-anh',
    branch: 11,
    kind: 'xa',
    place: 'Đông Anh',
    street: 'Số 68 đường Cao Lỗ, thôn Đản Dị',
    areaM2: 92,
    saturday: true,
    counters: 5,
  },
  {
    id: 'hn-x-soc-son',
    branch: 11,
    kind: 'xa',
    place: 'Sóc Sơn',
    street: 'Số 1 đường Đa Phúc',
    areaM2: 78,
    saturday: false,
    counters: 4,
  },
  {
    id: 'hn-x-ba-vi',
    branch: 12,
    kind: 'xa',
    place: 'Ba Vì',
    street: 'Thôn Tản Lĩnh, đường tỉnh 87',
    areaM2: 56,
    saturday: false,
    counters: 3,
  },
  {
    id: 'hn-x-chuong-my',
    branch: 12,
    kind: 'xa',
    place: 'Chương Mỹ',
    street: 'Số 102 đường Hòa Sơn',
    areaM2: 39,
    saturday: false,
    counters: 3,
    missing: ['queue-kiosk'],
  },
];

const BRANCH_STREETS = [
  'Số 10 phố Nguyễn Thái Học, phường Ba Đình',
  'Số 79 phố Đinh Tiên Hoàng, phường Hoàn Kiếm',
  'Số 2 phố Xã Đàn, phường Kim Liên',
  'Số 105 phố Minh Khai, phường Vĩnh Tuy',
  'Số 180 đường Trần Duy Hưng, phường Yên Hòa',
  'Số 102 đường Nguyễn Trãi, phường Thanh Xuân',
  'Số 33 đường Giải Phóng, phường Hoàng Liệt',
  'Số 2 đường Nguyễn Văn Cừ, phường Bồ Đề',
  'Số 1 phố Tô Hiệu, phường Hà Đông',
  'Số 20 đường Phạm Văn Đồng, phường Phú Diễn',
  'Số 5 đường Vân Trì, xã Đông Anh',
  'Số 12 phố Lê Lợi, phường Sơn Tây',
];

const CITY_ID = 'hn';
const CENTRE_ID = 'hn-ttpvhcc';
const branchId = (n: number): string => `hn-cn${String(n).padStart(2, '0')}`;

/** Split a site's area over the five standard zones. */
function standardZones(areaM2: number): Zone[] {
  const share = (f: number) => Math.max(2, Math.round(areaM2 * f * 10) / 10);
  const cap = (a: number, perPerson: number) => Math.max(2, Math.floor(a / perPerson));
  const zones: [Zone['id'], Zone['kind'], string, number, number][] = [
    ['reception', 'reception', 'Khu vực tiếp đón, lấy số thứ tự', 0.12, 1.5],
    ['counters', 'counters', 'Khu vực tiếp nhận và trả kết quả', 0.38, 3],
    ['waiting', 'waiting', 'Khu vực chờ', 0.3, 1.2],
    ['lookup', 'lookup', 'Khu vực tra cứu thông tin, dịch vụ công trực tuyến', 0.12, 2],
    ['support', 'support', 'Khu vực bố trí các dịch vụ hỗ trợ', 0.08, 2],
  ];
  return zones.map(([id, kind, name, f, perPerson]) => ({
    id,
    kind,
    name,
    areaM2: share(f),
    capacity: cap(areaM2 * f, perPerson),
  }));
}

function countersFor(n: number, offset: number): Counter[] {
  return Array.from({ length: n }, (_, i) => ({
    number: i + 1,
    zoneId: 'counters',
    fields: [
      FIELDS[(i + offset) % FIELDS.length] ?? 'Hộ tịch',
      FIELDS[(i + offset + 3) % FIELDS.length] ?? 'Chứng thực',
    ],
  }));
}

const VENDORS: Record<DeviceType, { model: string; vendor: string }> = {
  'queue-kiosk': { model: 'QK-22 (máy lấy số)', vendor: 'Công ty CP Thiết bị Một cửa Hà Nội' },
  'counter-terminal': { model: 'CT-7 (bàn phím gọi số)', vendor: 'Công ty CP Thiết bị Một cửa Hà Nội' },
  'rating-terminal': { model: 'RT-5 (đánh giá hài lòng)', vendor: 'Công ty TNHH Giải pháp Dịch vụ công' },
  'occupancy-sensor': { model: 'OS-3D', vendor: 'Công ty TNHH Cảm biến Thăng Long' },
  'env-sensor': { model: 'ENV-4 (nhiệt độ, độ ẩm, CO2, tiếng ồn)', vendor: 'Công ty TNHH Cảm biến Thăng Long' },
  'lookup-kiosk': { model: 'LK-32 (kiosk tra cứu)', vendor: 'Công ty TNHH Giải pháp Dịch vụ công' },
  'lobby-screen': { model: 'Màn hình 55 inch + máy phát', vendor: 'Công ty CP Hiển thị Đông Đô' },
  'air-conditioner': { model: 'Điều hòa 24.000 BTU', vendor: 'Công ty CP Cơ điện Hồng Hà' },
  printer: { model: 'Máy in A4 laser', vendor: 'Công ty CP Văn phòng Thủ đô' },
  scanner: { model: 'Máy quét tài liệu A4', vendor: 'Công ty CP Văn phòng Thủ đô' },
  computer: { model: 'Máy tính để bàn i5', vendor: 'Công ty CP Văn phòng Thủ đô' },
  camera: { model: 'Camera IP 4MP', vendor: 'Công ty CP An ninh Đông Đô' },
};

function planSite(
  p:
    | SitePlan
    | {
        id: string;
        name: string;
        street: string;
        areaM2: number;
        saturday: boolean;
        counters: number;
        parentId: string;
        shortName: string;
        tags: string[];
        missing?: DeviceType[];
      },
  index: number,
) {
  const isPoint = 'place' in p;
  const name = isPoint ? `Điểm phục vụ hành chính công ${p.kind === 'phuong' ? 'phường' : 'xã'} ${p.place}` : p.name;
  const shortName = isPoint ? `${p.kind === 'phuong' ? 'Phường' : 'Xã'} ${p.place}` : p.shortName;
  const placeLine = isPoint ? `, ${p.kind === 'phuong' ? 'phường' : 'xã'} ${p.place}` : '';
  const unit: DemoUnit = {
    id: p.id,
    parentId: isPoint ? branchId(p.branch) : p.parentId,
    kind: 'site',
    name,
    shortName,
    tags: isPoint ? ['commune-point', p.kind === 'phuong' ? 'ward' : 'commune'] : p.tags,
    site: {
      address: `${p.street}${placeLine}, thành phố Hà Nội`,
      areaM2: p.areaM2,
      openingHours: hours(p.saturday),
      holidays: HOLIDAYS_2026,
      hotline: `024 3${String(7_000_000 + index * 1_137).slice(0, 7)}`,
    },
  };
  const zones = standardZones(p.areaM2);
  const counters = countersFor(p.counters, index);
  return { site: { unit, zones, counters }, missing: new Set(p.missing ?? []) };
}

function equipment(
  site: DemoSite,
  missing: ReadonlySet<DeviceType>,
  index: number,
): { devices: DemoDevice[]; screens: DemoScreen[] } {
  const devices: DemoDevice[] = [];
  const year = 2021 + (index % 4);
  const add = (type: DeviceType, zoneId: string, n: number, x: number, y: number, counter?: number) => {
    if (missing.has(type)) return;
    const id = `${site.unit.id}-${type}${counter === undefined ? '' : `-q${counter}`}${n > 1 ? `-${n}` : ''}`;
    devices.push({
      id,
      siteId: site.unit.id,
      type,
      zoneId,
      position: { x, y },
      ...(counter === undefined ? {} : { counter }),
      ...VENDORS[type],
      installedOn: `${year}-0${1 + (index % 9)}-15`,
      warrantyEnd: `${year + 3}-0${1 + (index % 9)}-15`,
    });
  };
  add('queue-kiosk', 'reception', 1, 0.5, 0.5);
  add('camera', 'reception', 1, 0.05, 0.05);
  add('camera', 'waiting', 2, 0.95, 0.05);
  add('occupancy-sensor', 'waiting', 1, 0.5, 0.1);
  add('env-sensor', 'waiting', 1, 0.9, 0.9);
  add('air-conditioner', 'waiting', 1, 0.1, 0.95);
  add('lookup-kiosk', 'lookup', 1, 0.3, 0.5);
  add('computer', 'lookup', 1, 0.7, 0.5);
  add('printer', 'support', 1, 0.5, 0.5);
  add('lobby-screen', 'waiting', 1, 0.5, 0.02);
  const n = site.counters.length;
  for (const c of site.counters) {
    const x = (c.number - 0.5) / n;
    add('counter-terminal', 'counters', 1, x, 0.3, c.number);
    add('rating-terminal', 'counters', 1, x, 0.45, c.number);
    if (c.number <= 2) add('scanner', 'counters', 1, x, 0.2, c.number);
  }
  const screens: DemoScreen[] = [
    {
      id: `${site.unit.id}-scr-lobby`,
      siteId: site.unit.id,
      zoneId: 'waiting',
      profile: 'landscape-1080',
      name: 'Màn hình khu vực chờ',
    },
    {
      id: `${site.unit.id}-scr-entry`,
      siteId: site.unit.id,
      zoneId: 'reception',
      profile: 'portrait-1080',
      name: 'Màn hình lối vào',
    },
  ];
  if (n >= 5) {
    screens.push({
      id: `${site.unit.id}-scr-wall`,
      siteId: site.unit.id,
      zoneId: 'waiting',
      profile: 'landscape-4k',
      name: 'Màn hình lớn khu vực chờ',
    });
  }
  for (const c of site.counters.slice(0, 2)) {
    screens.push({
      id: `${site.unit.id}-scr-q${c.number}`,
      siteId: site.unit.id,
      zoneId: 'counters',
      profile: 'counter-720',
      name: `Màn hình quầy số ${c.number}`,
      counter: c.number,
    });
  }
  return { devices, screens };
}

/** Build the demo city. Pure: the same data every call. */
export function demoCity(): DemoCity {
  const units: DemoUnit[] = [
    {
      id: CENTRE_ID,
      parentId: CITY_ID,
      kind: 'centre',
      name: 'Trung tâm Phục vụ hành chính công thành phố Hà Nội',
      shortName: 'Trung tâm PVHCC Hà Nội',
      tags: ['centre'],
    },
  ];
  for (let b = 1; b <= 12; b++) {
    units.push({
      id: branchId(b),
      parentId: CENTRE_ID,
      kind: 'branch',
      name: `Trung tâm Phục vụ hành chính công thành phố Hà Nội – Chi nhánh số ${b}`,
      shortName: `Chi nhánh số ${b}`,
      tags: ['branch', b <= 10 ? 'urban' : 'suburban'],
    });
  }
  const plans = [
    planSite(
      {
        id: 'hn-ttpvhcc-tru-so',
        name: 'Trung tâm Phục vụ hành chính công thành phố Hà Nội – Trụ sở chính',
        shortName: 'Trụ sở Trung tâm',
        parentId: CENTRE_ID,
        street: 'Số 258 đường Võ Chí Công, phường Phú Thượng',
        areaM2: 1_200,
        saturday: true,
        counters: 20,
        tags: ['headquarters'],
      },
      0,
    ),
    ...Array.from({ length: 12 }, (_, i) =>
      planSite(
        {
          id: `${branchId(i + 1)}-tru-so`,
          name: `Trung tâm Phục vụ hành chính công thành phố Hà Nội – Chi nhánh số ${i + 1}`,
          shortName: `Chi nhánh số ${i + 1}`,
          parentId: branchId(i + 1),
          street: BRANCH_STREETS[i] ?? 'Hà Nội',
          areaM2: 180 + ((i * 37) % 120),
          saturday: true,
          counters: 8 + (i % 5),
          tags: ['branch-office'],
        },
        i + 1,
      ),
    ),
    ...POINTS.map((p, i) => planSite(p, i + 13)),
  ];
  const sites: DemoSite[] = [];
  const devices: DemoDevice[] = [];
  const screens: DemoScreen[] = [];
  plans.forEach(({ site, missing }, i) => {
    sites.push(site);
    units.push(site.unit);
    const eq = equipment(site, missing, i);
    devices.push(...eq.devices);
    screens.push(...eq.screens);
  });
  return { city: { id: CITY_ID, name: 'Thành phố Hà Nội', tags: ['city'] }, units, sites, screens, devices };
}
