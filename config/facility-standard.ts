/**
 * The facility standard sites are audited against. Zone names are the defaults of DESIGN.md;
 * a city replaces them with its official list here.
 */
import type { DeviceType } from './demo-city.js';
import type { ZoneKind } from '../server/org/org.schemas.js';

export interface FacilityStandard {
  minAreaM2: number;
  zones: { kind: Exclude<ZoneKind, 'other'>; name: string }[];
  /** Equipment that must be present and working; `perCounter` means one at each counter. */
  requiredEquipment: { type: DeviceType; label: string; perCounter?: boolean; min?: number }[];
}

export const facilityStandard: FacilityStandard = {
  minAreaM2: 40,
  zones: [
    { kind: 'reception', name: 'Khu vực tiếp đón, lấy số thứ tự' },
    { kind: 'counters', name: 'Khu vực tiếp nhận và trả kết quả theo lĩnh vực' },
    { kind: 'waiting', name: 'Khu vực chờ' },
    { kind: 'lookup', name: 'Khu vực tra cứu thông tin, dịch vụ công trực tuyến' },
    { kind: 'support', name: 'Khu vực bố trí các dịch vụ hỗ trợ' },
  ],
  requiredEquipment: [
    { type: 'queue-kiosk', label: 'Máy lấy số thứ tự kết nối hệ thống một cửa', min: 1 },
    { type: 'lookup-kiosk', label: 'Kiosk tra cứu thông tin', min: 1 },
    { type: 'rating-terminal', label: 'Thiết bị đánh giá mức độ hài lòng tại mỗi quầy', perCounter: true },
    { type: 'camera', label: 'Camera giám sát', min: 1 },
    { type: 'computer', label: 'Máy tính phục vụ dịch vụ công trực tuyến', min: 1 },
    { type: 'lobby-screen', label: 'Màn hình thông tin tại sảnh', min: 1 },
  ],
};
