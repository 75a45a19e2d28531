/** The admin console for city staff, served at /admin. */
import './messages.js';
import './admin-app.js';
