/**
 * The admin console for city staff, served at /admin. With `?preview=<profile>` the page is a
 * brand preview frame instead: the player's elements fed the draft kit by the brand editor.
 */
import { SCREEN_PROFILES } from '../../brand-kit/profiles.js';
import './messages.js';
import './messages-notices.js';
import './messages-rollouts.js';
import './admin-app.js';
import { HcpvAdminBrandPreview } from './admin-brand-preview.js';

const preview = new URLSearchParams(location.search).get('preview');
const profile = SCREEN_PROFILES.find((p) => p === preview);
if (profile) {
  document.querySelector('hcpv-admin-app')?.remove();
  document.body.style.margin = '0';
  const el = new HcpvAdminBrandPreview();
  el.profile = profile;
  document.body.append(el);
}
