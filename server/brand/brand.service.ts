/**
 * Brand domain logic: the city kit (created from the shipped default on first use), unit
 * overrides under the city's locks, source uploads, compiling renditions, immutable releases
 * and the per-site view the screen manifest embeds. Every change is audited in its transaction.
 */
import type { Db } from '../db/database.js';
import type { Clock } from '../core/clock.js';
import { AppError, invalid, notFound, type ErrorDetail } from '../core/errors.js';
import type { Actor, AuditStore } from '../audit/audit.store.js';
import type { OrgService } from '../org/org.service.js';
import type { OrgUnit } from '../org/org.schemas.js';
import { loadDefaultKit } from '../../brand-kit/default-kit.js';
import {
  type BrandKit,
  type StoredOverrides,
  type UnitOverrideInput,
  type AssetRef,
  TEXT_FIELDS,
} from '../../brand-kit/kit.schema.js';
import { kitRuleProblems, validateKit, type BrandProblem } from '../../brand-kit/validate.js';
import { lockedPathsIn, mergeOverrides, resolveKit, type UnitFacts } from '../../brand-kit/inherit.js';
import { compileJobs, renditionJobs, type CompileResult } from '../../brand-kit/compiler.js';
import { BrandInputError, checkSource } from '../../brand-kit/sources.js';
import {
  contentHash,
  diffReleases,
  releaseIdOf,
  siteBrandOf,
  type ReleaseContent,
  type ReleaseDiff,
  type SiteBrand,
} from '../../brand-kit/release.js';
import type { ScreenProfile } from '../../brand-kit/profiles.js';
import { BrandStore, type ReleaseRow } from './brand.store.js';

export interface BrandConfig {
  dataDir: string;
  uploadMaxBytes: number;
  maxInputPixels: number;
  palette?: Readonly<Record<string, string>> | undefined;
  /** Public URL prefix of rendition files. */
  assetPrefix: string;
}

export interface ReleaseSummary extends ReleaseRow {
  rollbackTarget: boolean;
  current: boolean;
}

const SEED: Actor = { kind: 'system', id: 'brand', name: 'Default brand kit' };

export class BrandService {
  readonly store: BrandStore;
  /** Parsed contents of recent releases (see `releaseContent`). */
  private readonly contents = new Map<string, ReleaseContent>();

  constructor(
    private readonly db: Db,
    private readonly audit: AuditStore,
    private readonly org: OrgService,
    private readonly clock: Clock,
    private readonly config: BrandConfig,
  ) {
    this.store = new BrandStore(db, config.dataDir);
  }

  assetUrl = (file: string): string => `${this.config.assetPrefix}/${file}`;

  /** The city a unit belongs to (the root of its path). */
  cityIdOf(orgId: string): string {
    const unit = this.org.get(orgId);
    const root = unit.path.split('/')[1];
    if (!root) throw notFound('City of org unit', orgId);
    return root;
  }

  /** The city's own kit; the shipped default (with the configured palette) until the city sets one. */
  cityKit(cityId: string): BrandKit {
    const stored = this.store.cityKit(cityId);
    if (stored) return stored;
    const city = this.org.get(cityId);
    if (city.kind !== 'city')
      throw invalid('BRAND_NOT_CITY', `${cityId} is a ${city.kind}; brand kits belong to a city`);
    const { kit, sources } = loadDefaultKit(this.config.palette ? { palette: this.config.palette } : {});
    const problems = kitRuleProblems(kit, { unitKind: 'city' });
    if (problems.length > 0)
      throw brandInvalid('The default kit with the configured BRAND_PALETTE breaks the brand rules', problems);
    this.db.transaction(() => {
      const now = this.clock.now();
      for (const s of sources) this.store.putSource(s.ref, s.data, now);
      this.store.putCityKit(cityId, kit, now);
      this.audit.record({
        actor: SEED,
        action: 'brand.kit.init',
        entity: 'brand_kit',
        entityId: cityId,
        orgId: cityId,
        orgPath: city.path,
        after: kit,
      });
    })();
    return kit;
  }

  /** The effective kit of any unit: the city kit with overrides applied down the tree. */
  resolveKit(orgId: string): BrandKit {
    const unit = this.org.get(orgId);
    const ids = unit.path.split('/').filter((s) => s !== '');
    const [cityId, ...below] = ids;
    if (!cityId) throw notFound('City of org unit', orgId);
    const cityKit = this.cityKit(cityId);
    return resolveKit(
      cityKit,
      below.map((id) => ({ unit: facts(this.org.get(id)), overrides: this.store.overrides(id) })),
    );
  }

  overridesOf(orgId: string): StoredOverrides {
    this.org.get(orgId);
    return this.store.overrides(orgId);
  }

  /** Check a kit without saving it; with `unitId`, as that unit would see it. */
  check(input: unknown, unitKind?: UnitFacts['kind']): BrandProblem[] {
    return validateKit(input, unitKind ? { unitKind } : {}).problems;
  }

  /** Replace the city's kit. Locks and every unit's resolved kit are checked before it is saved. */
  putCityKit(actor: Actor, cityId: string, input: unknown): BrandKit {
    const city = this.org.get(cityId);
    if (city.kind !== 'city')
      throw invalid('BRAND_NOT_CITY', `${cityId} is a ${city.kind}; only a city has a kit (units set overrides)`);
    const { kit, problems } = validateKit(input, { unitKind: 'city' });
    if (!kit) throw brandInvalid('The brand kit is invalid', problems);
    const missing = Object.entries({ ...prefixLogos(kit), ...prefixImages(kit) })
      .filter(([, ref]) => !this.store.hasSource(ref.sha256))
      .map(([path, ref]): ErrorDetail => ({
        path,
        code: 'BRAND_UNKNOWN_SOURCE',
        message: `no uploaded source with sha256 ${ref.sha256}`,
      }));
    if (missing.length > 0) throw invalid('BRAND_INVALID', 'The kit refers to sources that were not uploaded', missing);
    return this.db.transaction(() => {
      const before = this.cityKit(cityId);
      this.store.putCityKit(cityId, kit, this.clock.now());
      const unitProblems = this.unitProblemsUnder(cityId);
      if (unitProblems.length > 0) throw brandInvalid('With this kit some units would break the rules', unitProblems);
      this.audit.record({
        actor,
        action: 'brand.kit.update',
        entity: 'brand_kit',
        entityId: cityId,
        orgId: cityId,
        orgPath: city.path,
        before,
        after: kit,
      });
      return kit;
    })();
  }

  /** Change a unit's own fields. Any locked field → `BRAND_LOCKED_FIELD`, whoever asks. */
  setOverrides(actor: Actor, orgId: string, input: UnitOverrideInput): { overrides: StoredOverrides; kit: BrandKit } {
    const unit = this.org.get(orgId);
    if (unit.kind === 'city') {
      throw invalid(
        'BRAND_CITY_NO_OVERRIDE',
        'The city sets its kit itself (PUT /brand/cities/{id}/kit), not overrides',
      );
    }
    const cityKit = this.cityKit(this.cityIdOf(orgId));
    const locked = lockedPathsIn(cityKit, input);
    if (locked.length > 0) {
      throw new AppError(
        'forbidden',
        'BRAND_LOCKED_FIELD',
        `Locked by the city: ${locked.join(', ')}`,
        locked.map((path) => ({ path, code: 'BRAND_LOCKED_FIELD', message: 'this field is locked by the city kit' })),
      );
    }
    return this.db.transaction(() => {
      const before = this.store.overrides(orgId);
      const after = mergeOverrides(before, input);
      this.store.putOverrides(orgId, after, this.clock.now());
      const problems = this.unitProblemsUnder(orgId);
      if (problems.length > 0) throw brandInvalid('The change would break the brand rules', problems);
      this.audit.record({
        actor,
        action: 'brand.overrides.update',
        entity: 'brand_overrides',
        entityId: orgId,
        orgId,
        orgPath: unit.path,
        before,
        after,
      });
      return { overrides: after, kit: this.resolveKit(orgId) };
    })();
  }

  /** Problems of the resolved kit of a unit and every unit below it, paths prefixed by `units.<id>.`. */
  private unitProblemsUnder(orgId: string): ErrorDetail[] {
    const root = this.org.get(orgId);
    const units =
      root.kind === 'city'
        ? this.org.list({ under: root.path }).filter((u) => u.kind !== 'city')
        : this.org.list({ under: root.path });
    return units.flatMap((u) =>
      kitRuleProblems(this.resolveKit(u.id), { unitKind: u.kind }).map((p) => ({
        path: `units.${u.id}.${p.path}`,
        code: p.code,
        message: p.message,
      })),
    );
  }

  /** Check and store an uploaded logo or image; returns the reference to put in the kit. */
  async uploadSource(actor: Actor, cityId: string, name: string, data: Buffer): Promise<AssetRef> {
    const city = this.org.get(cityId);
    let checked;
    try {
      checked = await checkSource(data, {
        maxBytes: this.config.uploadMaxBytes,
        maxInputPixels: this.config.maxInputPixels,
      });
    } catch (err) {
      if (err instanceof BrandInputError) {
        throw new AppError(
          err.code === 'BRAND_UPLOAD_TOO_LARGE' ? 'too_large' : 'invalid',
          err.code,
          err.message,
          err.problems.length > 0
            ? err.problems.map((p) => ({ path: p.path, message: p.message, code: err.code }))
            : [{ path: 'contentBase64', message: err.message, code: err.code }],
        );
      }
      throw err;
    }
    const ref: AssetRef = {
      sha256: checked.sha256,
      type: checked.type,
      width: checked.width,
      height: checked.height,
      name,
    };
    this.db.transaction(() => {
      this.store.putSource(ref, checked.data, this.clock.now());
      this.audit.record({
        actor,
        action: 'brand.source.upload',
        entity: 'brand_source',
        entityId: ref.sha256,
        orgId: cityId,
        orgPath: city.path,
        after: ref,
      });
    })();
    return ref;
  }

  /** Render (or reuse) every rendition of the city's kit. */
  compile(cityId: string): Promise<CompileResult> {
    return compileJobs(
      renditionJobs(this.cityKit(cityId)),
      this.store,
      (sha) => this.store.readSource(sha),
      this.config.maxInputPixels,
    );
  }

  /** Resolve every site, compile, and store the result as an immutable release (or return the identical one). */
  async createRelease(
    actor: Actor,
    cityId: string,
    note?: string,
  ): Promise<{ release: ReleaseSummary; created: boolean; compile: CompileResult }> {
    const city = this.org.get(cityId);
    if (city.kind !== 'city')
      throw invalid('BRAND_NOT_CITY', `${cityId} is a ${city.kind}; releases are made for a city`);
    const problems = this.unitProblemsUnder(cityId);
    if (problems.length > 0) throw brandInvalid('The kit breaks the brand rules for some units', problems);
    const compiled = await this.compile(cityId);
    const kit = this.cityKit(cityId);
    const sites: ReleaseContent['sites'] = {};
    for (const site of this.org.sitesUnder(cityId)) {
      const texts = this.resolveKit(site.id).texts;
      sites[site.id] = {
        texts: Object.fromEntries(
          TEXT_FIELDS.filter((f) => JSON.stringify(texts[f]) !== JSON.stringify(kit.texts[f])).map((f) => [
            f,
            texts[f],
          ]),
        ),
      };
    }
    const content: ReleaseContent = {
      schemaVersion: 1,
      cityId,
      kitName: kit.name,
      tokens: { colors: kit.colors, typography: kit.typography, spacing: kit.spacing },
      texts: kit.texts,
      sites,
      renditions: compiled.renditions
        .map(({ cacheKey: _key, ...r }) => r)
        .sort((a, b) => `${a.role}|${a.profile}|${a.format}`.localeCompare(`${b.role}|${b.profile}|${b.format}`)),
    };
    const hash = contentHash(content);
    return this.db.transaction(() => {
      const existing = this.store.releaseByHash(hash);
      if (existing) return { release: this.summary(existing), created: false, compile: compiled };
      const row: ReleaseRow = {
        id: releaseIdOf(hash),
        cityId,
        hash,
        note: note ?? null,
        createdAt: this.clock.now(),
        createdBy: actor.name ?? actor.id,
      };
      this.store.insertRelease(row, content);
      this.audit.record({
        actor,
        action: 'brand.release.create',
        entity: 'brand_release',
        entityId: row.id,
        orgId: cityId,
        orgPath: city.path,
        after: { ...row, sites: Object.keys(sites).length, renditions: content.renditions.length },
      });
      return { release: this.summary(row), created: true, compile: compiled };
    })();
  }

  private summary(row: ReleaseRow): ReleaseSummary {
    return {
      ...row,
      rollbackTarget: this.store.rollbackTarget(row.cityId) === row.id,
      current: this.store.latestRelease(row.cityId)?.id === row.id,
    };
  }

  listReleases(cityId: string, limit = 50): ReleaseSummary[] {
    this.org.get(cityId);
    return this.store.releases(cityId, limit).map((r) => this.summary(r));
  }

  getRelease(id: string): ReleaseSummary & { content: ReleaseContent } {
    const r = this.store.release(id);
    if (!r) throw notFound('Brand release', id);
    return { ...this.summary(r), content: r.content };
  }

  /** The newest release of a city (the only city when none is named). */
  currentRelease(cityId?: string): (ReleaseSummary & { content: ReleaseContent }) | undefined {
    const city = cityId ?? this.org.list({ kind: 'city' })[0]?.id;
    const latest = city === undefined ? undefined : this.store.latestRelease(city);
    return latest ? this.getRelease(latest.id) : undefined;
  }

  diff(fromId: string, toId: string): ReleaseDiff {
    const a = this.getRelease(fromId);
    const b = this.getRelease(toId);
    return diffReleases(a.id, a.content, b.id, b.content);
  }

  markRollbackTarget(actor: Actor, id: string): ReleaseSummary {
    const r = this.getRelease(id);
    const city = this.org.get(r.cityId);
    return this.db.transaction(() => {
      const before = this.store.rollbackTarget(r.cityId) ?? null;
      this.store.setRollbackTarget(r.cityId, id, actor.name ?? actor.id, this.clock.now());
      this.audit.record({
        actor,
        action: 'brand.release.rollback-target',
        entity: 'brand_release',
        entityId: id,
        orgId: r.cityId,
        orgPath: city.path,
        before,
        after: id,
      });
      return this.summary(r);
    })();
  }

  rollbackTarget(cityId: string): string | undefined {
    return this.store.rollbackTarget(cityId);
  }

  /** What one site's screens of one profile show from a release; the manifest embeds this. */
  releaseForSite(releaseId: string, siteId: string, profile: ScreenProfile): SiteBrand {
    const brand = siteBrandOf(releaseId, this.releaseContent(releaseId), siteId, profile, this.assetUrl);
    if (!brand) throw notFound(`Site in brand release ${releaseId}`, siteId);
    return brand;
  }

  /**
   * A release's content, parsed once: releases are immutable, and the manifests of a whole city
   * read the newest one or two for every site and profile after each change.
   */
  private releaseContent(id: string): ReleaseContent {
    const hit = this.contents.get(id);
    if (hit) return hit;
    const content = this.getRelease(id).content;
    if (this.contents.size >= 8) this.contents.delete(this.contents.keys().next().value ?? '');
    this.contents.set(id, content);
    return content;
  }

  asset(file: string): { path: string; sha256: string; type: string } {
    const a = this.store.asset(file);
    if (!a) throw notFound('Brand asset', file);
    return a;
  }
}

function facts(u: OrgUnit): UnitFacts {
  return {
    id: u.id,
    kind: u.kind,
    name: u.name,
    site: u.site ? { address: u.site.address, hotline: u.site.hotline, openingHours: u.site.openingHours } : null,
  };
}

function prefixLogos(kit: BrandKit): Record<string, AssetRef> {
  return { 'logos.full': kit.logos.full, 'logos.mono': kit.logos.mono, 'logos.inverse': kit.logos.inverse };
}

function prefixImages(kit: BrandKit): Record<string, AssetRef> {
  return Object.fromEntries(Object.entries(kit.images).map(([k, v]) => [`images.${k}`, v]));
}

function brandInvalid(message: string, problems: readonly (BrandProblem | ErrorDetail)[]): AppError {
  return invalid(
    'BRAND_INVALID',
    message,
    problems.map((p) => ({ path: p.path, message: p.message, ...(p.code === undefined ? {} : { code: p.code }) })),
  );
}
