/**
 * Procedure records and their import from the national portal's export.
 *
 * An import is a job: it is started, then parsed, validated in chunks (yielding to the event loop
 * between chunks so the server keeps serving and the job's progress can be polled), and finally
 * applied in ONE transaction — so `all-or-nothing` really changes nothing when a row is bad, and
 * `good-rows` applies exactly the rows that passed. Jobs live in memory (the last 50) and are
 * lost on restart; the procedures they wrote are not.
 */
import type { Db } from '../db/database.js';
import type { Clock } from '../core/clock.js';
import { AppError, notFound } from '../core/errors.js';
import { newId } from '../core/ids.js';
import type { Actor, AuditStore } from '../audit/audit.store.js';
import type { OrgService } from '../org/org.service.js';
import { TypedEmitter } from '../core/typed-emitter.js';
import { ProcedureStore, type ProcedureFilter } from './procedures.store.js';
import { mapRow, readCsv, readJson, type RawRow } from './portal-format.js';
import type { ImportJob, ImportRequest, Procedure, ProcedureInput } from './procedures.schemas.js';

const CHUNK = 250;
const KEEP_JOBS = 50;

export interface ProcedureEvents {
  /** Records were created, changed or deleted; screens showing them need a new manifest. */
  changed: [{ codes: string[] }];
}

const yieldToLoop = () => new Promise<void>((resolve) => setImmediate(resolve));
const contentOf = (p: ProcedureInput | Procedure): string => {
  const {
    code,
    name,
    field,
    levels,
    steps,
    ways,
    papers,
    deadline,
    applicants,
    agency,
    result,
    fees,
    conditions,
    legalBasis,
    onlineUrl,
  } = p;
  return JSON.stringify({
    code,
    name,
    field,
    levels,
    steps,
    ways,
    papers,
    deadline,
    applicants,
    agency,
    result,
    fees,
    conditions,
    legalBasis,
    onlineUrl,
  });
};

export class ProcedureService {
  readonly store: ProcedureStore;
  readonly events = new TypedEmitter<ProcedureEvents>();
  private readonly jobs = new Map<string, { job: ImportJob; done: Promise<void> }>();

  constructor(
    private readonly db: Db,
    private readonly audit: AuditStore,
    private readonly org: OrgService,
    private readonly clock: Clock,
  ) {
    this.store = new ProcedureStore(db);
    org.addDependency((orgId) => ({ what: 'procedures', count: this.store.countAt(orgId) }));
  }

  get(code: string): Procedure {
    const p = this.store.get(code);
    if (!p) throw notFound('Procedure', code);
    return p;
  }

  list(filter: ProcedureFilter): { items: Procedure[]; total: number } {
    return this.store.list(filter);
  }

  /** Create or replace one record in the catalogue of `orgId`. */
  save(actor: Actor, orgId: string, input: ProcedureInput): Procedure {
    const result = this.db.transaction(() => this.write(actor, orgId, this.org.get(orgId).path, input))();
    if (result.changed) this.events.emit('changed', { codes: [input.code] });
    return result.record;
  }

  delete(actor: Actor, code: string): void {
    this.db.transaction(() => {
      const before = this.get(code);
      this.store.delete(code);
      this.audit.record({
        actor,
        action: 'procedure.delete',
        entity: 'procedure',
        entityId: code,
        orgId: before.orgId,
        orgPath: this.org.pathOf(before.orgId) ?? null,
        before,
      });
    })();
    this.events.emit('changed', { codes: [code] });
  }

  /**
   * Start an import job and return its first snapshot. `canEditPath` says whether the caller may
   * overwrite a record owned by the unit at that path (records of other catalogues are refused).
   */
  startImport(actor: Actor, req: ImportRequest, canEditPath: (path: string) => boolean): ImportJob {
    const orgPath = this.org.get(req.orgId).path;
    const now = this.clock.now();
    const job: ImportJob = {
      id: newId(),
      orgId: req.orgId,
      format: req.format,
      mode: req.mode,
      dryRun: req.dryRun,
      state: 'queued',
      processed: 0,
      total: null,
      goodRows: 0,
      badRows: 0,
      created: 0,
      updated: 0,
      unchanged: 0,
      applied: false,
      problems: [],
      error: null,
      startedAt: now,
      finishedAt: null,
      startedBy: actor.id,
    };
    const done = this.run(job, actor, req, orgPath, canEditPath).catch((e: unknown) => {
      job.state = 'failed';
      job.error =
        e instanceof AppError ? { code: e.code, message: e.message } : { code: 'INTERNAL', message: 'import failed' };
      job.finishedAt = this.clock.now();
    });
    this.jobs.set(job.id, { job, done });
    for (const id of this.jobs.keys()) {
      if (this.jobs.size <= KEEP_JOBS) break;
      this.jobs.delete(id);
    }
    return structuredClone(job);
  }

  /** A snapshot of a job (its progress while running, its report when done). */
  importJob(id: string): ImportJob {
    const entry = this.jobs.get(id);
    if (!entry) throw notFound('Import job', id);
    return structuredClone(entry.job);
  }

  /** Resolves when the job has finished (done or failed). */
  async waitForImport(id: string): Promise<ImportJob> {
    const entry = this.jobs.get(id);
    if (!entry) throw notFound('Import job', id);
    await entry.done;
    return structuredClone(entry.job);
  }

  private async run(
    job: ImportJob,
    actor: Actor,
    req: ImportRequest,
    orgPath: string,
    canEditPath: (path: string) => boolean,
  ): Promise<void> {
    await yieldToLoop();
    job.state = 'parsing';
    let rows: RawRow[];
    try {
      rows = req.format === 'csv' ? readCsv(req.content) : readJson(req.content);
    } catch (e) {
      if (!(e instanceof AppError)) throw e;
      job.state = 'failed';
      job.error = { code: e.code, message: e.message };
      job.finishedAt = this.clock.now();
      return;
    }
    job.total = rows.length;
    job.state = 'validating';
    const good: { line: number; value: ProcedureInput }[] = [];
    const firstLineOf = new Map<string, number>();
    for (let i = 0; i < rows.length; i += CHUNK) {
      for (const row of rows.slice(i, i + CHUNK)) {
        const r = mapRow(row);
        const problems = r.ok ? [] : r.problems;
        if (r.ok) {
          const earlier = firstLineOf.get(r.value.code);
          const existing = this.store.get(r.value.code);
          const ownerPath = existing ? this.org.pathOf(existing.orgId) : undefined;
          if (earlier !== undefined) {
            problems.push({
              line: r.line,
              column: 'maTTHC',
              reason: `code ${r.value.code} repeats the record at line ${earlier}`,
              code: 'IMPORT_DUPLICATE',
            });
          } else if (ownerPath !== undefined && !canEditPath(ownerPath)) {
            problems.push({
              line: r.line,
              column: 'maTTHC',
              reason: `code ${r.value.code} belongs to ${existing?.orgId ?? '?'}, outside your scope`,
              code: 'IMPORT_NOT_YOURS',
            });
          }
          if (earlier === undefined) firstLineOf.set(r.value.code, r.line);
          if (problems.length === 0) good.push({ line: r.line, value: r.value });
        }
        if (problems.length > 0) {
          job.badRows++;
          job.problems.push(...problems);
        } else {
          job.goodRows++;
        }
        job.processed++;
      }
      await yieldToLoop();
    }
    if (req.dryRun || good.length === 0 || (req.mode === 'all-or-nothing' && job.badRows > 0)) {
      job.state = 'done';
      job.finishedAt = this.clock.now();
      return;
    }
    job.state = 'applying';
    const changed: string[] = [];
    this.db.transaction(() => {
      for (const g of good) {
        const r = this.write(actor, req.orgId, orgPath, g.value);
        if (r.kind === 'created') job.created++;
        else if (r.kind === 'updated') job.updated++;
        else job.unchanged++;
        if (r.changed) changed.push(g.value.code);
      }
      this.audit.record({
        actor,
        action: 'procedure.import',
        entity: 'procedure_import',
        entityId: job.id,
        orgId: req.orgId,
        orgPath,
        after: {
          format: job.format,
          mode: job.mode,
          rows: job.total,
          good: job.goodRows,
          bad: job.badRows,
          created: job.created,
          updated: job.updated,
          unchanged: job.unchanged,
        },
      });
    })();
    job.applied = true;
    job.state = 'done';
    job.finishedAt = this.clock.now();
    if (changed.length > 0) this.events.emit('changed', { codes: changed });
  }

  private write(
    actor: Actor,
    orgId: string,
    orgPath: string,
    input: ProcedureInput,
  ): { record: Procedure; kind: 'created' | 'updated' | 'unchanged'; changed: boolean } {
    const before = this.store.get(input.code);
    if (before && contentOf(before) === contentOf(input) && before.orgId === orgId)
      return { record: before, kind: 'unchanged', changed: false };
    const now = this.clock.now();
    const record: Procedure = {
      ...input,
      orgId,
      version: (before?.version ?? 0) + 1,
      createdAt: before?.createdAt ?? now,
      updatedAt: now,
    };
    this.store.upsert(record, orgPath);
    this.audit.record({
      actor,
      action: before ? 'procedure.update' : 'procedure.create',
      entity: 'procedure',
      entityId: input.code,
      orgId,
      orgPath,
      ...(before ? { before } : {}),
      after: record,
    });
    return { record, kind: before ? 'updated' : 'created', changed: true };
  }
}
