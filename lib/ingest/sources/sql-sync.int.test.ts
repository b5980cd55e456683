import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { db } from "@/lib/db/client";
import type { FakeModelServer } from "@/scripts/fake-model-server";
import { createTestDocument } from "@/tests/fixtures";
import { ingestWorld } from "@/tests/ingest-harness";
import { summaryLine } from "./cli-report";
import { syncFromSql, type SqlSyncRequest, type SyncReport } from "./sql-sync";
import { createMariadbSource, createPostgresSource, mariadbReachable, postgresReachable, type SourceFixture, type SourceRow } from "./test-sources";

const INJECTION_ID = "'); DROP TABLE documents; --";
const LONG_ID = "L".repeat(600);
const at = (day: number, second = 0) => new Date(Date.UTC(2024, 0, day, 0, 0, second));
const row = (id: string, updatedAt: Date, content: string | null = `Policy ${id}: requests are answered within five working days.`): SourceRow => ({
  id,
  title: `Policy ${id}`,
  content,
  updatedAt,
  dept: "hr",
});

const SOURCES = [
  { name: "MariaDB", create: createMariadbSource, isAvailable: await mariadbReachable() },
  { name: "PostgreSQL", create: createPostgresSource, isAvailable: await postgresReachable() },
];

for (const { name, create, isAvailable } of SOURCES) {
  describe.skipIf(!isAvailable)(`SQL sync from ${name}`, () => {
    let model: FakeModelServer;
    let knowledgeBaseId: string;
    let source: SourceFixture;
    const reports: SyncReport[] = [];

    const query = () => `select id, title, content, updated_at, dept from ${source.table} order by id;`;
    const sync = async (options: Partial<SqlSyncRequest> = {}) => {
      const report = await syncFromSql(
        { id: knowledgeBaseId },
        { sourceUrl: source.url, query: query(), columns: { updated: "updated_at" }, isIncremental: false, shouldDeleteMissing: false, ...options },
      );
      reports.push(report);
      return report;
    };
    const stored = (sourceId: string) => db().document.findUnique({ where: { knowledgeBaseId_sourceId: { knowledgeBaseId, sourceId } } });

    beforeAll(async () => {
      const world = await ingestWorld();
      model = world.model;
      knowledgeBaseId = world.knowledgeBase.id;
      source = await create();
      await source.insert([row("p1", at(1, 1)), row("p2", at(1, 2)), row("p3", at(1, 3)), row("p4", at(1, 4)), row(INJECTION_ID, at(1, 5)), row("bad-null", at(1, 6), null), row(LONG_ID, at(1, 7))]);
    });
    afterAll(async () => {
      await source?.drop();
      await model?.close();
    });

    it("adds every valid row and reports the invalid ones by row, id and message", async () => {
      const report = await sync();
      expect(report).toMatchObject({ status: "succeeded", rowsRead: 7, invalidRows: 2, counts: { added: 5, failed: 0 } });
      expect(summaryLine(report.counts, report.invalidRows)).toBe("added 5, replaced 0, unchanged 0, deleted 0, failed 2");
      expect(report.rowErrors).toHaveLength(2);
      expect(report.rowErrors).toEqual(expect.arrayContaining([
        expect.objectContaining({ row: expect.any(Number), sourceId: "bad-null", field: "content", message: expect.stringMatching(/missing/) }),
        expect.objectContaining({ row: expect.any(Number), field: "id", message: expect.stringMatching(/the limit is 512/) }),
      ]));
      // The hostile id is data: stored verbatim, and both databases are intact.
      expect(await stored(INJECTION_ID)).toMatchObject({ sourceId: INJECTION_ID, title: `Policy ${INJECTION_ID}` });
      expect(await db().document.count({ where: { knowledgeBaseId } })).toBe(5);
      expect(await source.tableExists()).toBe(true);
      // Timestamps become ISO text in UTC, whatever the source's type.
      expect((await stored("p1"))?.metadata).toEqual({ dept: "hr", updated_at: "2024-01-01T00:00:01.000Z" });
    });

    it("replaces exactly the changed row on the next full sync", async () => {
      await source.update("p2", { content: "Policy p2 now says ten working days.", updatedAt: at(2) });
      const report = await sync();
      expect(report.counts).toEqual({ added: 0, replaced: 1, unchanged: 4, deleted: 0, failed: 0 });
      expect((await stored("p2"))?.content).toBe("Policy p2 now says ten working days.");
    });

    it("reads only rows changed since the last incremental run", async () => {
      const first = await sync({ isIncremental: true });
      expect(first).toMatchObject({ rowsRead: 7, since: undefined, counts: { unchanged: 5 } });

      await source.update("p3", { content: "Policy p3 changed.", updatedAt: at(3) });
      await source.insert([row("p5", at(4))]);
      const second = await sync({ isIncremental: true });
      expect(second).toMatchObject({ rowsRead: 2, since: { type: "date", value: at(2).toISOString() } });
      expect(second.counts).toEqual({ added: 1, replaced: 1, unchanged: 0, deleted: 0, failed: 0 });

      expect(await sync({ isIncremental: true })).toMatchObject({ rowsRead: 0, since: { value: at(4).toISOString() } });
    });

    it("reads only rows changed after --updated-since, once", async () => {
      const report = await sync({ updatedSince: at(2, 30) });
      expect(report).toMatchObject({ rowsRead: 2, counts: { unchanged: 2 } });
    });

    it("deletes the documents whose rows vanished, but not those of invalid rows", async () => {
      // An earlier copy of a row that is now invalid stays: the row is still there, only unreadable.
      await createTestDocument(knowledgeBaseId, ["An older, valid version."], "bad-null");
      await source.remove("p1");
      const report = await sync({ shouldDeleteMissing: true });
      expect(report.counts).toEqual({ added: 0, replaced: 0, unchanged: 5, deleted: 1, failed: 0 });
      expect(await stored("p1")).toBeNull();
      expect(await stored("bad-null")).not.toBeNull();
      const item = await db().ingestionJobItem.findFirst({ where: { jobId: report.jobId, sourceId: "p1" } });
      expect(item).toMatchObject({ action: "delete", outcome: "deleted" });

      await expect(sync({ isIncremental: true, shouldDeleteMissing: true })).rejects.toThrow(/needs a full sync/);
      await expect(sync({ query: `select * from ${source.table} where 1 = 0`, shouldDeleteMissing: true })).rejects.toThrow(/returned no rows/);
      expect(await stored("p2")).not.toBeNull();
    });

    it("refuses a hostile column name before it reaches any SQL", async () => {
      for (const updated of ['updated_at" > now(); DROP TABLE documents; --', "updated_at`; DROP TABLE documents; --", "updated_at) or (1=1"]) {
        await expect(sync({ isIncremental: true, columns: { updated } })).rejects.toThrow(/The updated column .* is not among the query's columns: "id", "title", "content", "updated_at", "dept"/);
      }
      await expect(sync({ columns: { id: "id; DROP TABLE documents" } })).rejects.toThrow(/The id column/);
      expect(await source.tableExists()).toBe(true);
      expect(await db().document.count({ where: { knowledgeBaseId } })).toBeGreaterThan(0);
    });

    it("ingests only the first of rows that repeat an id", async () => {
      const columns = "id, title, content, updated_at, dept";
      const repeated = `select ${columns} from ${source.table} where id = 'p2' union all select ${columns.replace("content", "'Another text'")} from ${source.table} where id = 'p2'`;
      const report = await sync({ query: repeated });
      expect(report).toMatchObject({ rowsRead: 2, invalidRows: 1, counts: { unchanged: 1 } });
      expect(report.rowErrors).toEqual([expect.objectContaining({ row: 2, sourceId: "p2", message: expect.stringMatching(/already appeared in an earlier row/) })]);
    });

    it("never shows or stores the source password", async () => {
      const wrong = new URL(source.url);
      // MariaDB refuses the login; PostgreSQL under trust authentication would accept it, so it gets no server.
      if (source.kind === "postgresql") wrong.port = "1";
      wrong.password = `${source.password}-Wrong`;
      const failure = await syncFromSql({ id: knowledgeBaseId }, { sourceUrl: wrong.toString(), query: query(), columns: {}, isIncremental: false, shouldDeleteMissing: false }).catch((error: unknown) => error as Error);
      expect(failure).toBeInstanceOf(Error);
      expect((failure as Error).message).not.toContain(source.password);

      const url = new URL(source.url);
      const display = `${url.protocol}//${url.username}@${url.host}${url.pathname}`;
      expect(reports.map((report) => report.source)).toEqual(reports.map(() => display));
      const audits = await db().auditEvent.findMany({ where: { action: "knowledge_base.sync", targetId: knowledgeBaseId } });
      expect(audits.length).toBeGreaterThanOrEqual(reports.length);
      expect(audits.every((event) => (event.details as { source?: string }).source === display && (event.details as { via?: string }).via === "cli")).toBe(true);
      const jobs = await db().ingestionJob.findMany({ where: { knowledgeBaseId, source: "sql" } });
      const states = await db().syncState.findMany({ where: { knowledgeBaseId } });
      expect(states).toHaveLength(1);
      const text = JSON.stringify([reports, audits, jobs, states], (_, value: unknown) => (typeof value === "bigint" ? String(value) : value));
      expect(text).toContain(display);
      expect(text).not.toContain(source.password);
    });
  });
}
