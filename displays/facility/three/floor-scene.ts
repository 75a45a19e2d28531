/**
 * The site's 3D floor: zones as slabs tinted by occupancy, counters as desks, devices as
 * coloured blocks (one instanced mesh, one draw call), orbit by drag and wheel, click to pick.
 *
 * Lifecycle: `connect(host)` creates the WebGL renderer and listeners, `disconnect()` frees
 * the GPU context and stops all work (the scene graph stays, so a reconnect redraws), and
 * `dispose()` also frees every geometry, material and texture. Elements call connect from
 * connectedCallback/firstUpdated and disconnect + dispose from disconnectedCallback.
 */
import * as THREE from 'three';
import type { FloorPlan } from '../lib/floor-layout.js';
import { CONDITION_COLOURS, type Condition } from '../lib/device-condition.js';
import { heatColour } from '../lib/heat.js';
import { cameraPosition, defaultOrbit, rotate, zoom, type Orbit } from '../lib/orbit.js';

export interface FloorSceneOptions {
  onPick?: (deviceId: string | undefined) => void;
}

/** How many renderers are alive, so tests can check that leaving the page frees them. */
export const floorSceneCounters = { renderers: 0, scenes: 0 };

const DEVICE_SIZE = { w: 0.55, h: 0.9, d: 0.55 };
const CLICK_SLOP_PX = 5;

export class FloorScene {
  private readonly scene = new THREE.Scene();
  private readonly camera = new THREE.PerspectiveCamera(40, 1, 0.1, 1000);
  private readonly planGroup = new THREE.Group();
  private readonly owned: { dispose(): void }[] = [];
  private readonly zoneMaterials = new Map<string, THREE.MeshStandardMaterial>();
  private readonly raycaster = new THREE.Raycaster();
  private readonly selection: THREE.Mesh;
  private renderer: THREE.WebGLRenderer | undefined;
  private host: HTMLElement | undefined;
  private resize: ResizeObserver | undefined;
  private devices: THREE.InstancedMesh | undefined;
  private deviceIds: string[] = [];
  private orbit: Orbit = defaultOrbit(10, 10);
  private plan: FloorPlan | undefined;
  private raf = 0;
  private dirty = true;
  private drag: { x: number; y: number; startX: number; startY: number; id: number } | undefined;
  private disposed = false;

  constructor(private readonly opts: FloorSceneOptions = {}) {
    floorSceneCounters.scenes++;
    this.scene.background = new THREE.Color(0xf3f5f8);
    const hemi = new THREE.HemisphereLight(0xffffff, 0x9aa5b5, 2.2);
    const sun = new THREE.DirectionalLight(0xffffff, 1.6);
    sun.position.set(12, 30, 18);
    this.scene.add(hemi, sun, this.planGroup);
    const ringGeo = new THREE.RingGeometry(0.45, 0.62, 32);
    const ringMat = new THREE.MeshBasicMaterial({ color: 0x0b4f8a, side: THREE.DoubleSide });
    this.selection = new THREE.Mesh(ringGeo, ringMat);
    this.selection.rotation.x = -Math.PI / 2;
    this.selection.visible = false;
    this.scene.add(this.selection);
    this.owned.push(ringGeo, ringMat);
  }

  connect(host: HTMLElement): void {
    if (this.disposed) throw new Error('FloorScene used after dispose');
    if (this.renderer) return;
    this.host = host;
    const renderer = new THREE.WebGLRenderer({ antialias: true, powerPreference: 'low-power' });
    renderer.setPixelRatio(Math.min(2, globalThis.devicePixelRatio || 1));
    renderer.domElement.style.display = 'block';
    renderer.domElement.style.touchAction = 'none';
    host.append(renderer.domElement);
    this.renderer = renderer;
    floorSceneCounters.renderers++;
    const el = renderer.domElement;
    el.addEventListener('pointerdown', this.onDown);
    el.addEventListener('pointermove', this.onMove);
    el.addEventListener('pointerup', this.onUp);
    el.addEventListener('pointercancel', this.onCancel);
    el.addEventListener('wheel', this.onWheel, { passive: false });
    this.resize = new ResizeObserver(() => this.fit());
    this.resize.observe(host);
    this.fit();
    this.loop();
  }

  disconnect(): void {
    cancelAnimationFrame(this.raf);
    this.raf = 0;
    this.resize?.disconnect();
    this.resize = undefined;
    const r = this.renderer;
    if (!r) return;
    const el = r.domElement;
    el.removeEventListener('pointerdown', this.onDown);
    el.removeEventListener('pointermove', this.onMove);
    el.removeEventListener('pointerup', this.onUp);
    el.removeEventListener('pointercancel', this.onCancel);
    el.removeEventListener('wheel', this.onWheel);
    el.remove();
    r.dispose();
    r.forceContextLoss();
    this.renderer = undefined;
    this.host = undefined;
    floorSceneCounters.renderers--;
    this.dirty = true;
  }

  dispose(): void {
    if (this.disposed) return;
    this.disconnect();
    this.clearPlan();
    for (const d of this.owned) d.dispose();
    this.owned.length = 0;
    this.scene.clear();
    this.disposed = true;
    floorSceneCounters.scenes--;
  }

  /** Replace the floor plan (zones, counters, devices). */
  setPlan(plan: FloorPlan): void {
    this.clearPlan();
    this.plan = plan;
    this.orbit = defaultOrbit(plan.width, plan.depth);
    this.buildZones(plan);
    this.buildCounters(plan);
    this.buildDevices(plan);
    this.dirty = true;
  }

  setConditions(conditions: ReadonlyMap<string, Condition>): void {
    const mesh = this.devices;
    if (!mesh) return;
    const c = new THREE.Color();
    this.deviceIds.forEach((id, i) => {
      c.setHex(CONDITION_COLOURS[conditions.get(id) ?? 'offline']);
      mesh.setColorAt(i, c);
    });
    if (mesh.instanceColor) mesh.instanceColor.needsUpdate = true;
    this.dirty = true;
  }

  /** Occupancy ratio (people / capacity) per zone id; missing = no reading. */
  setOccupancy(ratios: ReadonlyMap<string, number>): void {
    for (const [zoneId, m] of this.zoneMaterials) m.color.setHex(heatColour(ratios.get(zoneId)));
    this.dirty = true;
  }

  select(deviceId: string | undefined): void {
    const i = deviceId === undefined ? -1 : this.deviceIds.indexOf(deviceId);
    const d = this.plan?.devices[i];
    this.selection.visible = d !== undefined;
    if (d) {
      this.selection.position.set(d.x, 0.07, d.z);
      this.selection.scale.setScalar(this.deviceScale);
    }
    this.dirty = true;
  }

  resetCamera(): void {
    if (this.plan) this.orbit = defaultOrbit(this.plan.width, this.plan.depth);
    this.dirty = true;
  }

  /**
   * Render one frame now and return how long it took (ms), for the benchmark. Reading one pixel
   * back waits for the GPU (or SwiftShader) to finish, so the time is the whole frame.
   */
  renderNow(): number {
    const t = performance.now();
    this.draw();
    const gl = this.renderer?.getContext();
    gl?.readPixels(0, 0, 1, 1, gl.RGBA, gl.UNSIGNED_BYTE, new Uint8Array(4));
    return performance.now() - t;
  }

  /** Geometries and textures currently on the GPU (0 once disconnected). */
  gpuMemory(): { geometries: number; textures: number } {
    return this.renderer ? { ...this.renderer.info.memory } : { geometries: 0, textures: 0 };
  }

  /** The device at a client point, if any. */
  pick(clientX: number, clientY: number): string | undefined {
    const r = this.renderer;
    if (!r || !this.devices) return undefined;
    const box = r.domElement.getBoundingClientRect();
    const ndc = new THREE.Vector2(
      ((clientX - box.left) / box.width) * 2 - 1,
      -((clientY - box.top) / box.height) * 2 + 1,
    );
    this.raycaster.setFromCamera(ndc, this.camera);
    const hit = this.raycaster.intersectObject(this.devices, false)[0];
    return hit?.instanceId === undefined ? undefined : this.deviceIds[hit.instanceId];
  }

  /** Where a device is drawn on screen, in client pixels (tests click it). */
  screenPoint(deviceId: string): { x: number; y: number } | undefined {
    const r = this.renderer;
    const d = this.plan?.devices.find((p) => p.id === deviceId);
    if (!r || !d) return undefined;
    this.applyCamera();
    const v = new THREE.Vector3(d.x, (DEVICE_SIZE.h * this.deviceScale) / 2, d.z).project(this.camera);
    const box = r.domElement.getBoundingClientRect();
    return { x: box.left + ((v.x + 1) / 2) * box.width, y: box.top + ((1 - v.y) / 2) * box.height };
  }

  // --- building -------------------------------------------------------------------------------

  private own<T extends { dispose(): void }>(x: T): T {
    this.owned.push(x);
    return x;
  }

  private clearPlan(): void {
    for (const child of [...this.planGroup.children]) this.planGroup.remove(child);
    // Plan-owned resources are everything after the selection ring's two.
    for (const d of this.owned.splice(2)) d.dispose();
    this.zoneMaterials.clear();
    this.devices = undefined;
    this.deviceIds = [];
    this.plan = undefined;
    this.selection.visible = false;
  }

  private buildZones(plan: FloorPlan): void {
    const slab = this.own(new THREE.BoxGeometry(1, 0.06, 1));
    const edges = this.own(new THREE.EdgesGeometry(slab));
    const wallMat = this.own(new THREE.LineBasicMaterial({ color: 0x5b6475 }));
    const base = this.own(new THREE.BoxGeometry(plan.width + 1, 0.04, plan.depth + 1));
    const baseMat = this.own(new THREE.MeshStandardMaterial({ color: 0xcfd6e0 }));
    const ground = new THREE.Mesh(base, baseMat);
    ground.position.y = -0.04;
    this.planGroup.add(ground);
    for (const z of plan.zones) {
      const mat = this.own(new THREE.MeshStandardMaterial({ color: heatColour(undefined), roughness: 0.9 }));
      this.zoneMaterials.set(z.id, mat);
      const gap = 0.12;
      const mesh = new THREE.Mesh(slab, mat);
      mesh.scale.set(Math.max(0.1, z.rect.w - gap), 1, Math.max(0.1, z.rect.d - gap));
      mesh.position.set(z.rect.x + z.rect.w / 2, 0.03, z.rect.z + z.rect.d / 2);
      const outline = new THREE.LineSegments(edges, wallMat);
      outline.scale.copy(mesh.scale);
      outline.position.copy(mesh.position);
      this.planGroup.add(mesh, outline);
      this.planGroup.add(this.label(z.name, z.rect.x + 0.3, z.rect.z + 0.3, z.rect.w - 0.6));
    }
  }

  private buildCounters(plan: FloorPlan): void {
    if (plan.counters.length === 0) return;
    // Desks never touch: at most 80 % of the spacing between neighbours in a zone.
    const spacing = minSpacing(plan.counters);
    const geo = this.own(new THREE.BoxGeometry(Math.min(1.4, spacing * 0.8), 0.75, 0.55));
    const mat = this.own(new THREE.MeshStandardMaterial({ color: 0xb08d5a }));
    const desks = new THREE.InstancedMesh(geo, mat, plan.counters.length);
    const m = new THREE.Matrix4();
    plan.counters.forEach((c, i) => desks.setMatrixAt(i, m.makeTranslation(c.x, 0.4, c.z)));
    this.planGroup.add(desks);
    const numberSize = Math.min(0.6, spacing * 0.5);
    for (const c of plan.counters)
      this.planGroup.add(this.label(String(c.number), c.x - numberSize / 2, c.z + 0.35, numberSize, true));
  }

  private buildDevices(plan: FloorPlan): void {
    this.deviceIds = plan.devices.map((d) => d.id);
    const bySize = Math.min(2, Math.max(1, Math.max(plan.width, plan.depth) / 22));
    const bySpacing = (nearestSpacing(plan.devices) * 0.7) / DEVICE_SIZE.w;
    this.deviceScaleValue = Math.max(0.5, Math.min(bySize, bySpacing));
    if (plan.devices.length === 0) return;
    const geo = this.own(new THREE.BoxGeometry(DEVICE_SIZE.w, DEVICE_SIZE.h, DEVICE_SIZE.d));
    const mat = this.own(new THREE.MeshStandardMaterial({ color: 0xffffff, roughness: 0.5 }));
    const mesh = new THREE.InstancedMesh(geo, mat, plan.devices.length);
    const m = new THREE.Matrix4();
    const grey = new THREE.Color(CONDITION_COLOURS.offline);
    const k = this.deviceScale;
    const scale = new THREE.Matrix4().makeScale(k, k, k);
    plan.devices.forEach((d, i) => {
      mesh.setMatrixAt(i, m.makeTranslation(d.x, 0.06 + (DEVICE_SIZE.h * k) / 2, d.z).multiply(scale));
      mesh.setColorAt(i, grey);
    });
    mesh.computeBoundingSphere();
    this.devices = mesh;
    this.planGroup.add(mesh);
  }

  /** Devices grow with the floor so they stay visible on a 1,000 m² centre, but never merge into their neighbours. */
  private deviceScaleValue = 1;
  private get deviceScale(): number {
    return this.deviceScaleValue;
  }

  /** Text lying on the floor, from a canvas texture, at most `maxWidthM` wide. */
  private label(text: string, x: number, z: number, maxWidthM: number, bold = false): THREE.Mesh {
    const canvas = document.createElement('canvas');
    const px = 48;
    const ctx = canvas.getContext('2d');
    const font = `${bold ? 700 : 600} ${px}px 'Be Vietnam Pro', system-ui, sans-serif`;
    let w = 256;
    if (ctx) {
      ctx.font = font;
      w = Math.ceil(ctx.measureText(text).width) + 16;
    }
    canvas.width = w;
    canvas.height = px + 16;
    if (ctx) {
      ctx.font = font;
      ctx.fillStyle = '#14213d';
      ctx.textBaseline = 'middle';
      ctx.fillText(text, 8, canvas.height / 2);
    }
    const tex = this.own(new THREE.CanvasTexture(canvas));
    tex.colorSpace = THREE.SRGBColorSpace;
    const floor = Math.max(this.plan?.width ?? 10, this.plan?.depth ?? 10);
    const heightM = Math.min(Math.max(0.35, floor / 45), Math.max(0.15, maxWidthM) * (canvas.height / canvas.width));
    const widthM = heightM * (canvas.width / canvas.height);
    const geo = this.own(new THREE.PlaneGeometry(widthM, heightM));
    const mat = this.own(new THREE.MeshBasicMaterial({ map: tex, transparent: true, depthWrite: false }));
    const mesh = new THREE.Mesh(geo, mat);
    mesh.rotation.x = -Math.PI / 2;
    mesh.position.set(x + widthM / 2, 0.08, z + heightM / 2);
    return mesh;
  }

  // --- drawing and input ----------------------------------------------------------------------

  private fit(): void {
    const r = this.renderer;
    const host = this.host;
    if (!r || !host) return;
    const w = Math.max(1, host.clientWidth);
    const h = Math.max(1, host.clientHeight);
    r.setSize(w, h, false);
    r.domElement.style.width = `${w}px`;
    r.domElement.style.height = `${h}px`;
    this.camera.aspect = w / h;
    this.camera.updateProjectionMatrix();
    this.dirty = true;
  }

  private applyCamera(): void {
    const p = cameraPosition(this.orbit);
    this.camera.position.set(p.x, p.y, p.z);
    this.camera.lookAt(this.orbit.target.x, this.orbit.target.y, this.orbit.target.z);
    this.camera.updateMatrixWorld();
  }

  private draw(): void {
    if (!this.renderer) return;
    this.applyCamera();
    this.renderer.render(this.scene, this.camera);
    this.dirty = false;
  }

  /** Renders only when something changed: a dashboard left open all month stays idle. */
  private readonly loop = (): void => {
    if (this.dirty) this.draw();
    this.raf = requestAnimationFrame(this.loop);
  };

  private readonly onDown = (e: PointerEvent): void => {
    this.drag = { x: e.clientX, y: e.clientY, startX: e.clientX, startY: e.clientY, id: e.pointerId };
    this.renderer?.domElement.setPointerCapture(e.pointerId);
  };

  private readonly onMove = (e: PointerEvent): void => {
    const d = this.drag;
    if (!d || d.id !== e.pointerId) return;
    this.orbit = rotate(this.orbit, e.clientX - d.x, e.clientY - d.y, this.host?.clientWidth ?? 800);
    d.x = e.clientX;
    d.y = e.clientY;
    this.dirty = true;
  };

  private readonly onUp = (e: PointerEvent): void => {
    const d = this.drag;
    this.drag = undefined;
    if (!d || Math.hypot(e.clientX - d.startX, e.clientY - d.startY) > CLICK_SLOP_PX) return;
    const id = this.pick(e.clientX, e.clientY);
    this.select(id);
    this.opts.onPick?.(id);
  };

  private readonly onCancel = (): void => {
    this.drag = undefined;
  };

  private readonly onWheel = (e: WheelEvent): void => {
    e.preventDefault();
    const size = Math.max(this.plan?.width ?? 10, this.plan?.depth ?? 10);
    this.orbit = zoom(this.orbit, e.deltaY, 3, size * 4 + 10);
    this.dirty = true;
  };
}

/** Smallest distance between neighbouring counters of one zone (desk width follows it). */
function minSpacing(counters: FloorPlan['counters']): number {
  let min = Number.POSITIVE_INFINITY;
  for (const a of counters)
    for (const b of counters)
      if (a !== b && a.zoneId === b.zoneId) min = Math.min(min, Math.hypot(a.x - b.x, a.z - b.z));
  return Number.isFinite(min) ? min : 2;
}

/** Smallest distance between two devices (grid-bucketed, so 200 devices cost little). */
function nearestSpacing(devices: FloorPlan['devices']): number {
  let min = Number.POSITIVE_INFINITY;
  const cell = 2;
  const grid = new Map<string, { x: number; z: number }[]>();
  for (const d of devices) {
    const key = `${Math.floor(d.x / cell)}:${Math.floor(d.z / cell)}`;
    grid.set(key, [...(grid.get(key) ?? []), d]);
  }
  for (const d of devices) {
    const cx = Math.floor(d.x / cell);
    const cz = Math.floor(d.z / cell);
    for (let i = -1; i <= 1; i++)
      for (let j = -1; j <= 1; j++)
        for (const o of grid.get(`${cx + i}:${cz + j}`) ?? [])
          if (o !== d) min = Math.min(min, Math.hypot(o.x - d.x, o.z - d.z));
  }
  return Number.isFinite(min) ? min : cell * 2;
}
