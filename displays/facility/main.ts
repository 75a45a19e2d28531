/** Entry of the facility dashboard (/facility). */
import { registerFacilityMessages } from './messages.js';
import { floorSceneCounters } from './three/floor-scene.js';
import './elements/hcpv-facility-app.js';

registerFacilityMessages();
// Read by the end-to-end tests to check that leaving the floor view frees its WebGL renderer.
Object.assign(globalThis, { hcpvFloorScenes: floorSceneCounters });
