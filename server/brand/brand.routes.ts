/**
 * HTTP face of the brand kit: /api/v1/brand/…
 * City kit (brand.edit-locked on the city), unit overrides (brand.edit on the unit), source
 * uploads, releases (release.manage on the city) and the public, immutable rendition files.
 */
import { readFile } from 'node:fs/promises';
import { createRoute, z } from '@hono/zod-openapi';
import { createRouter, errorResponses, jsonBody, jsonContent } from '../core/http.js';
import { actorOf } from '../auth/auth.middleware.js';
import { unitOverrideSchema } from '../../brand-kit/kit.schema.js';
import type { BrandService } from './brand.service.js';
import {
  assetFileSchema,
  assetRefSchema,
  createReleaseBodySchema,
  createReleaseResultSchema,
  effectiveKitSchema,
  idParam,
  problemsSchema,
  putKitBodySchema,
  releaseDetailSchema,
  releaseDiffSchema,
  releaseIdSchema,
  releaseParam,
  releaseSummarySchema,
  siteBrandSchema,
  siteProfileParams,
  uploadBodySchema,
  validateBodySchema,
} from './brand.schemas.js';

const tags = ['Brand'];
const security = [{ bearer: [] }, { cookie: [] }];

/** Rendition files never change under a name (the name carries the content hash). */
export const IMMUTABLE_CACHE = 'public, max-age=31536000, immutable';

const kitRoute = createRoute({
  method: 'get',
  path: '/brand/units/{id}/kit',
  tags,
  security,
  summary: 'The effective brand kit of an org unit (city kit + overrides down the tree)',
  request: { params: idParam },
  responses: { 200: jsonContent(effectiveKitSchema, 'Effective kit'), ...errorResponses(401, 403, 404) },
});

const putKitRoute = createRoute({
  method: 'put',
  path: '/brand/cities/{id}/kit',
  tags,
  security,
  summary: "Replace the city's kit (locked fields); every problem is listed with its path",
  request: { params: idParam, body: jsonBody(putKitBodySchema) },
  responses: { 200: jsonContent(effectiveKitSchema, 'Saved'), ...errorResponses(400, 401, 403, 404, 413) },
});

const validateRoute = createRoute({
  method: 'post',
  path: '/brand/validate',
  tags,
  security,
  summary: 'Check a kit without saving it',
  request: { body: jsonBody(validateBodySchema) },
  responses: {
    200: jsonContent(problemsSchema, 'Problems, each with path and code'),
    ...errorResponses(400, 401, 403, 413),
  },
});

const overridesRoute = createRoute({
  method: 'patch',
  path: '/brand/units/{id}/overrides',
  tags,
  security,
  summary: "Set a unit's own unlocked fields (name, hotline, opening-hours line, local contact); null clears",
  request: { params: idParam, body: jsonBody(unitOverrideSchema) },
  responses: { 200: jsonContent(effectiveKitSchema, 'Updated'), ...errorResponses(400, 401, 403, 404, 413) },
});

const uploadRoute = createRoute({
  method: 'post',
  path: '/brand/cities/{id}/sources',
  tags,
  security,
  summary: 'Upload a logo or image (SVG, PNG, WebP, JPEG; base64)',
  request: { params: idParam, body: jsonBody(uploadBodySchema) },
  responses: {
    201: jsonContent(assetRefSchema, 'Stored source, to reference from the kit'),
    ...errorResponses(400, 401, 403, 404, 413),
  },
});

const createReleaseRoute = createRoute({
  method: 'post',
  path: '/brand/cities/{id}/releases',
  tags,
  security,
  summary: 'Compile the current kit into an immutable release (the identical one if nothing changed)',
  request: { params: idParam, body: jsonBody(createReleaseBodySchema) },
  responses: {
    201: jsonContent(createReleaseResultSchema, 'Created'),
    200: jsonContent(createReleaseResultSchema, 'Nothing changed: the existing identical release'),
    ...errorResponses(400, 401, 403, 404),
  },
});

const listReleasesRoute = createRoute({
  method: 'get',
  path: '/brand/cities/{id}/releases',
  tags,
  security,
  summary: "A city's releases, newest first",
  request: { params: idParam, query: z.strictObject({ limit: z.coerce.number().int().min(1).max(200).default(50) }) },
  responses: {
    200: jsonContent(z.object({ items: z.array(releaseSummarySchema) }), 'Releases'),
    ...errorResponses(400, 401, 403, 404),
  },
});

const showReleaseRoute = createRoute({
  method: 'get',
  path: '/brand/releases/{rid}',
  tags,
  security,
  summary: 'One release with its content',
  request: { params: releaseParam },
  responses: { 200: jsonContent(releaseDetailSchema, 'Release'), ...errorResponses(401, 403, 404) },
});

const diffRoute = createRoute({
  method: 'get',
  path: '/brand/releases/{rid}/diff/{to}',
  tags,
  security,
  summary: 'What changed from one release to another (tokens, texts, assets)',
  request: { params: releaseParam.extend({ to: releaseIdSchema.openapi({ param: { name: 'to', in: 'path' } }) }) },
  responses: { 200: jsonContent(releaseDiffSchema, 'Diff'), ...errorResponses(400, 401, 403, 404) },
});

const rollbackRoute = createRoute({
  method: 'post',
  path: '/brand/releases/{rid}/rollback-target',
  tags,
  security,
  summary: "Mark a release as the city's rollback target",
  request: { params: releaseParam },
  responses: { 200: jsonContent(releaseSummarySchema, 'Marked'), ...errorResponses(401, 403, 404) },
});

const siteBrandRoute = createRoute({
  method: 'get',
  path: '/brand/releases/{rid}/sites/{siteId}/{profile}',
  tags,
  security,
  summary: 'What one site shows on one profile from a release (embedded in screen manifests)',
  request: { params: siteProfileParams },
  responses: { 200: jsonContent(siteBrandSchema, 'Site brand'), ...errorResponses(400, 401, 403, 404) },
});

const assetRoute = createRoute({
  method: 'get',
  path: '/brand/assets/{file}',
  tags,
  summary: 'A rendition file (public, immutable: the name carries its hash)',
  request: { params: z.object({ file: assetFileSchema.openapi({ param: { name: 'file', in: 'path' } }) }) },
  responses: {
    200: { description: 'The image', content: { 'image/png': { schema: z.string().openapi({ format: 'binary' }) } } },
    304: { description: 'Not modified' },
    ...errorResponses(400, 404),
  },
});

export function brandRoutes(brand: BrandService) {
  const effective = (orgId: string) => ({
    orgId,
    cityId: brand.cityIdOf(orgId),
    kit: brand.resolveKit(orgId),
    overrides: brand.overridesOf(orgId),
  });
  const cityOfRelease = (rid: string) => brand.getRelease(rid).cityId;

  return createRouter()
    .openapi(kitRoute, (c) => {
      const { id } = c.req.valid('param');
      c.get('auth').require('brand.read', id);
      return c.json(effective(id), 200);
    })
    .openapi(putKitRoute, (c) => {
      const { id } = c.req.valid('param');
      const user = c.get('auth').require('brand.edit-locked', id);
      brand.putCityKit(actorOf(c, user), id, c.req.valid('json').kit);
      return c.json(effective(id), 200);
    })
    .openapi(validateRoute, (c) => {
      c.get('auth').requireAny('brand.read');
      const { kit, unitKind } = c.req.valid('json');
      const problems = brand.check(kit, unitKind);
      return c.json({ valid: problems.length === 0, problems }, 200);
    })
    .openapi(overridesRoute, (c) => {
      const { id } = c.req.valid('param');
      const user = c.get('auth').require('brand.edit', id);
      brand.setOverrides(actorOf(c, user), id, c.req.valid('json'));
      return c.json(effective(id), 200);
    })
    .openapi(uploadRoute, async (c) => {
      const { id } = c.req.valid('param');
      const user = c.get('auth').require('brand.edit-locked', id);
      const { fileName, contentBase64 } = c.req.valid('json');
      const ref = await brand.uploadSource(actorOf(c, user), id, fileName, Buffer.from(contentBase64, 'base64'));
      return c.json(ref, 201);
    })
    .openapi(createReleaseRoute, async (c) => {
      const { id } = c.req.valid('param');
      const user = c.get('auth').require('release.manage', id);
      const { note } = c.req.valid('json');
      const r = await brand.createRelease(actorOf(c, user), id, note);
      const out = { release: r.release, created: r.created, rendered: r.compile.rendered, reused: r.compile.reused };
      return r.created ? c.json(out, 201) : c.json(out, 200);
    })
    .openapi(listReleasesRoute, (c) => {
      const { id } = c.req.valid('param');
      c.get('auth').require('brand.read', id);
      return c.json({ items: brand.listReleases(id, c.req.valid('query').limit) }, 200);
    })
    .openapi(showReleaseRoute, (c) => {
      const { rid } = c.req.valid('param');
      c.get('auth').require('brand.read', cityOfRelease(rid));
      return c.json(brand.getRelease(rid), 200);
    })
    .openapi(diffRoute, (c) => {
      const { rid, to } = c.req.valid('param');
      const auth = c.get('auth');
      auth.require('brand.read', cityOfRelease(rid));
      auth.require('brand.read', cityOfRelease(to));
      return c.json(brand.diff(rid, to), 200);
    })
    .openapi(rollbackRoute, (c) => {
      const { rid } = c.req.valid('param');
      const user = c.get('auth').require('release.manage', cityOfRelease(rid));
      return c.json(brand.markRollbackTarget(actorOf(c, user), rid), 200);
    })
    .openapi(siteBrandRoute, (c) => {
      const { rid, siteId, profile } = c.req.valid('param');
      c.get('auth').require('brand.read', siteId);
      return c.json(brand.releaseForSite(rid, siteId, profile), 200);
    })
    .openapi(assetRoute, async (c) => {
      const { file } = c.req.valid('param');
      const asset = brand.asset(file);
      const etag = `"${asset.sha256}"`;
      const headers = { 'cache-control': IMMUTABLE_CACHE, etag };
      if (c.req.header('if-none-match') === etag) return c.body(null, 304, headers);
      const data = await readFile(asset.path);
      return c.body(new Uint8Array(data), 200, { ...headers, 'content-type': asset.type });
    });
}
