/**
 * The runner's HTTP API, as one connect-style middleware first in the dev server's stack: it
 * answers /__runner/api/* and passes everything else on. Every request has already passed the
 * gate (runners/gate.ts): host, origin, token and the state-changing-request checks.
 *
 *   GET  /__runner/api/cells                  every cell with its stored state and any active run
 *   GET  /__runner/api/cells/:ch/:cell        its source, parameters (JSON Schema) and presets
 *   PUT  /__runner/api/cells/:ch/:cell/source save edited code to the cell's file
 *   GET  /__runner/api/cells/:ch/:cell/history stored results and earlier runs, for the overlay
 *   POST /__runner/api/runs                   {cell, preset, params?, source?} → start (or join) a run
 *   POST /__runner/api/runs/all               {cells, preset, stopOnError} → queue a chapter in order
 *   POST /__runner/api/runs/:id/cancel        cancel a queued or running run
 *   GET  /__runner/api/events                 Server-Sent Events: RunEvents, replaying the current run first
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { readFileSync } from 'node:fs';
import { findCell, listCells, type ChapterCell } from '../store/cells-fs.ts';
import { cellStatus } from '../store/cell-status-fs.ts';
import {
  API_PREFIX,
  RunAllRequest,
  RunRequest,
  SaveSourceRequest,
  type BatchStarted,
  type CancelledAnswer,
  type CellDescription,
  type CellsAnswer,
  type ErrorAnswer,
  type HistoryAnswer,
  type RunEvent,
  type RunStarted,
  type SavedAnswer,
} from '../core/api.ts';
import { checkCellParams, describeCell } from './describe-fs.ts';
import { saveCellSource } from './edited-fs.ts';
import { historyEntries } from '../core/history.ts';
import { readHistory, readResults } from '../store/results-fs.ts';
import type { z } from 'zod';
import { UserError } from '../core/errors.ts';
import type { RunQueue } from './queue.ts';

const MAX_BODY = 512 * 1024; // edited code travels in bodies
const MAX_STREAM_BACKLOG = 8 * 1024 * 1024;

export interface ApiOptions {
  root: string;
  queue: RunQueue;
}

type Next = (error?: unknown) => void;

/** Every answer is one of the shapes core/api.ts declares, so the page reads what is sent. */
function send<
  T extends CellsAnswer | CellDescription | SavedAnswer | HistoryAnswer | RunStarted | BatchStarted | CancelledAnswer | ErrorAnswer,
>(res: ServerResponse, status: number, body: T): void {
  const text = JSON.stringify(body);
  res.writeHead(status, { 'content-type': 'application/json; charset=utf-8', 'cache-control': 'no-store' });
  res.end(text);
}

async function readJson(req: IncomingMessage): Promise<unknown> {
  let size = 0;
  const chunks: Buffer[] = [];
  for await (const chunk of req) {
    size += (chunk as Buffer).length;
    if (size > MAX_BODY) throw new UserError('request body too large', `at most ${MAX_BODY / 1024} KB`, 1, 413);
    chunks.push(chunk as Buffer);
  }
  try {
    return JSON.parse(Buffer.concat(chunks).toString('utf8') || '{}');
  } catch {
    throw new UserError('request body is not JSON');
  }
}

function parse<T extends z.ZodTypeAny>(schema: T, body: unknown): z.output<T> {
  const parsed = schema.safeParse(body);
  if (!parsed.success) throw new UserError(parsed.error.issues.map((i) => `${i.path.join('.') || 'body'}: ${i.message}`).join('; '));
  return parsed.data;
}

async function describe(root: string, cell: ChapterCell): Promise<CellDescription> {
  const base = { id: cell.id, file: cell.relFile, source: readFileSync(cell.file, 'utf8') };
  try {
    const d = await describeCell(root, cell.file);
    return d ? { ...base, ...d } : base;
  } catch (error) {
    return { ...base, paramsError: (error as Error).message };
  }
}

/** The middleware: the API for /__runner/api/*, everything else to next(). */
export function runnerMiddleware({ root, queue }: ApiOptions) {
  const events = (req: IncomingMessage, res: ServerResponse) => {
    res.writeHead(200, { 'content-type': 'text/event-stream', 'cache-control': 'no-store', connection: 'keep-alive' });
    const write = (e: RunEvent) => {
      // A tab that stopped reading must not grow the runner's memory: drop it; it reconnects and replays.
      if (res.writableLength > MAX_STREAM_BACKLOG) return res.destroy();
      res.write(`data: ${JSON.stringify(e)}\n\n`);
    };
    res.write(': connected\n\n');
    for (const e of queue.replay()) write(e);
    const unsubscribe = queue.subscribe(write);
    const ping = setInterval(() => res.write(': ping\n\n'), 15_000);
    req.on('close', () => {
      clearInterval(ping);
      unsubscribe();
    });
  };

  const api = async (req: IncomingMessage, res: ServerResponse, path: string) => {
    if (req.method === 'GET' && path === 'events') return events(req, res);
    if (req.method === 'GET' && path === 'cells') {
      const cells = await Promise.all(
        listCells(root).map(async (c) => {
          const s = await cellStatus(root, c);
          return {
            id: c.id,
            file: c.relFile,
            state: s.state,
            ...(s.state === 'invalid' ? { message: s.message } : {}),
            ...('results' in s ? { measuredAt: s.results.provenance.date, preset: s.results.preset } : {}),
            run: queue.activeRun(c.id),
          };
        }),
      );
      return send<CellsAnswer>(res, 200, { cells });
    }
    const one = /^cells\/([a-z0-9-]+\/[a-z0-9-]+)(?:\/(source|history))?$/.exec(path);
    if (one) {
      const cell = findCell(root, one[1]);
      const what = one[2];
      if (req.method === 'GET' && !what) return send(res, 200, await describe(root, cell));
      if (req.method === 'PUT' && what === 'source') {
        const body = parse(SaveSourceRequest, await readJson(req));
        saveCellSource(cell, body.source);
        return send<SavedAnswer>(res, 200, { saved: cell.relFile });
      }
      if (req.method === 'GET' && what === 'history') {
        const stored = readResults(root, cell.id);
        const history = readHistory(root, cell.id).flatMap((h) => (h.state === 'ok' ? [{ name: h.name, results: h.results }] : []));
        return send<HistoryAnswer>(res, 200, { entries: historyEntries(stored.state === 'ok' ? stored.results : undefined, history) });
      }
    }
    if (req.method === 'POST' && path === 'runs') {
      const body = parse(RunRequest, await readJson(req));
      const cell = findCell(root, body.cell);
      if (body.params && Object.keys(body.params).length > 0) {
        // Refuse bad values before queueing, with the cell's own schema's words, field by field.
        const issues = await checkCellParams(root, cell.file, body.preset, body.params);
        if (issues.length) return send(res, 400, { error: issues.map((i) => `${i.path || 'params'}: ${i.message}`).join('; '), issues });
      }
      return send(res, 202, queue.enqueue(cell, body));
    }
    if (req.method === 'POST' && path === 'runs/all') {
      const body = parse(RunAllRequest, await readJson(req));
      const cells = body.cells.map((id) => findCell(root, id));
      return send(res, 202, queue.enqueueAll(cells, body.preset, body.stopOnError, body.runtime));
    }
    const cancel = /^runs\/([0-9a-f-]{36})\/cancel$/.exec(path);
    if (req.method === 'POST' && cancel) {
      return queue.cancel(cancel[1])
        ? send<CancelledAnswer>(res, 200, { cancelled: true })
        : send(res, 404, { error: 'no such queued or running run' });
    }
    return send(res, 404, { error: `no runner endpoint ${req.method} ${API_PREFIX}${path}` });
  };

  return (req: IncomingMessage, res: ServerResponse, next: Next) => {
    // The gate already refused a target that does not parse; this base is only for the path.
    const path = new URL(req.url ?? '/', 'http://localhost').pathname;
    if (!path.startsWith(API_PREFIX)) return next();
    api(req, res, path.slice(API_PREFIX.length)).catch((error) => {
      if (res.headersSent) return res.end();
      if (error instanceof UserError) send(res, error.status, { error: error.message, hint: error.hint });
      else send(res, 500, { error: `runner error: ${(error as Error).message}` });
    });
  };
}
