/** The admin console for city staff, served at /admin. */
import './messages.js';
import './messages-notices.js';
import './messages-rollouts.js';
import './messages-brand.js';
import './admin-app.js';
