/**
 * Emergency alert templates: the text a screen shows full-screen when staff start an alert.
 * Bodies use the tiny markup of server/text/rich-text.ts (blank line = paragraph, "- " = bullet,
 * **bold**). `{closeAt}` is replaced by the time given when the alert starts. The city may replace
 * these texts; the kinds are fixed.
 */
export const ALERT_KINDS = ['evacuation', 'system-outage', 'power-cut', 'closing-early', 'custom'] as const;
export type AlertKind = (typeof ALERT_KINDS)[number];

export const ALERT_SEVERITIES = ['critical', 'warning', 'info'] as const;
export type AlertSeverity = (typeof ALERT_SEVERITIES)[number];

export interface AlertTemplate {
  kind: AlertKind;
  severity: AlertSeverity;
  /** Planned duration when the person starting the alert gives none. */
  defaultMinutes: number;
  title: { vi: string; en: string };
  body: { vi: string; en: string };
}

export const ALERT_TEMPLATES: Readonly<Record<AlertKind, AlertTemplate>> = {
  evacuation: {
    kind: 'evacuation',
    severity: 'critical',
    defaultMinutes: 60,
    title: { vi: 'Sơ tán khẩn cấp', en: 'Emergency evacuation' },
    body: {
      vi: '**Đề nghị mọi người rời khỏi tòa nhà ngay** theo lối thoát hiểm gần nhất.\n\n- Giữ bình tĩnh, không chen lấn\n- Không sử dụng thang máy\n- Làm theo hướng dẫn của cán bộ, nhân viên',
      en: '**Please leave the building now** by the nearest emergency exit.\n\n- Stay calm, do not push\n- Do not use the lifts\n- Follow the instructions of staff',
    },
  },
  'system-outage': {
    kind: 'system-outage',
    severity: 'warning',
    defaultMinutes: 120,
    title: { vi: 'Hệ thống tạm dừng tiếp nhận', en: 'Reception temporarily suspended' },
    body: {
      vi: 'Hệ thống thông tin giải quyết thủ tục hành chính đang gặp sự cố. Bộ phận Một cửa **tạm dừng tiếp nhận hồ sơ**.\n\nXin lỗi công dân, tổ chức vì sự bất tiện này. Số thứ tự đã lấy vẫn được giữ khi hệ thống hoạt động trở lại.',
      en: 'The case-handling system is down. The one-stop counters have **temporarily stopped receiving applications**.\n\nWe apologise for the inconvenience. Queue numbers already issued remain valid when the system is back.',
    },
  },
  'power-cut': {
    kind: 'power-cut',
    severity: 'warning',
    defaultMinutes: 240,
    title: { vi: 'Mất điện', en: 'Power cut' },
    body: {
      vi: 'Trụ sở đang bị mất điện. Việc tiếp nhận và trả kết quả có thể chậm hơn bình thường.\n\nXin công dân, tổ chức thông cảm và chờ hướng dẫn của cán bộ.',
      en: 'The office has a power cut. Receiving and returning applications may be slower than usual.\n\nPlease bear with us and wait for staff instructions.',
    },
  },
  'closing-early': {
    kind: 'closing-early',
    severity: 'info',
    defaultMinutes: 480,
    title: { vi: 'Thông báo nghỉ sớm', en: 'Closing early' },
    body: {
      vi: 'Hôm nay Bộ phận Một cửa **kết thúc tiếp nhận hồ sơ lúc {closeAt}**.\n\nCông dân, tổ chức có thể nộp hồ sơ trực tuyến trên Cổng dịch vụ công.',
      en: 'Today the one-stop counters **stop receiving applications at {closeAt}**.\n\nApplications can still be made online on the public service portal.',
    },
  },
  custom: {
    kind: 'custom',
    severity: 'warning',
    defaultMinutes: 60,
    title: { vi: 'Thông báo khẩn', en: 'Urgent notice' },
    body: { vi: 'Xin vui lòng làm theo hướng dẫn của cán bộ.', en: 'Please follow the instructions of staff.' },
  },
};
