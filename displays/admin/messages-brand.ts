/**
 * The console's names for the brand kit's colour tokens and contrast pairs (the kit keeps code
 * names; a pair the city adds under other tokens shows the kit's own name).
 */
import { addMessages } from '../shared/i18n.js';

const vi = {
  'brand.token.primary': 'Màu chủ đạo',
  'brand.token.primaryDark': 'Màu chủ đạo đậm',
  'brand.token.onPrimary': 'Chữ trên màu chủ đạo',
  'brand.token.accent': 'Màu nhấn (khẩu hiệu)',
  'brand.token.ink': 'Chữ chính',
  'brand.token.muted': 'Chữ phụ',
  'brand.token.paper': 'Nền thẻ',
  'brand.token.surface': 'Nền màn hình',
  'brand.token.success': 'Màu trạng thái tốt',
  'brand.token.alert': 'Màu cảnh báo',
  'brand.token.onAlert': 'Chữ trên màu cảnh báo',
  'brand.pair.ink.paper': 'Chữ chính trên nền thẻ',
  'brand.pair.ink.surface': 'Chữ chính trên nền màn hình',
  'brand.pair.muted.paper': 'Chữ phụ trên nền thẻ',
  'brand.pair.onPrimary.primary': 'Chữ đầu trang trên màu chủ đạo',
  'brand.pair.accent.primaryDark': 'Khẩu hiệu trên màu chủ đạo đậm',
  'brand.pair.primary.paper': 'Số đang gọi trên nền thẻ',
  'brand.pair.success.paper': 'Trạng thái trên nền thẻ',
  'brand.pair.onAlert.alert': 'Chữ cảnh báo',
};

const en: Record<keyof typeof vi, string> = {
  'brand.token.primary': 'Primary',
  'brand.token.primaryDark': 'Primary, dark',
  'brand.token.onPrimary': 'Text on primary',
  'brand.token.accent': 'Accent (slogan)',
  'brand.token.ink': 'Body text',
  'brand.token.muted': 'Secondary text',
  'brand.token.paper': 'Card background',
  'brand.token.surface': 'Screen background',
  'brand.token.success': 'Good status',
  'brand.token.alert': 'Alert',
  'brand.token.onAlert': 'Text on alert',
  'brand.pair.ink.paper': 'Body text on cards',
  'brand.pair.ink.surface': 'Body text on the screen background',
  'brand.pair.muted.paper': 'Secondary text on cards',
  'brand.pair.onPrimary.primary': 'Header text on primary',
  'brand.pair.accent.primaryDark': 'Slogan on primary dark',
  'brand.pair.primary.paper': 'Called number on cards',
  'brand.pair.success.paper': 'Status on cards',
  'brand.pair.onAlert.alert': 'Alert text',
};

export const BRAND_MESSAGES = { vi, en };

addMessages(vi, en);

/** A translated label for `key`, or `fallback` when the console has none. */
export function labelOr(key: string, fallback: string, tr: (k: string) => string): string {
  const s = tr(key);
  return s === key ? fallback : s;
}
