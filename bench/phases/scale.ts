/**
 * The cost curve: payments parked awaiting the payer, then payments run end to end, counted up to each
 * size in turn (1k, then 4k more to 5k, ...), on one server. At each checkpoint: the throughput of the
 * increment, the worker's and the server's memory, and the SQLite file's growth, in total and per
 * payment. The worker runs with its workflow cache capped (WORKER_MAX_CACHED_WORKFLOWS), which is what
 * keeps its memory bounded however many payments are parked; each cache setting gets its own stack.
 */
import { setTimeout as sleep } from 'node:timers/promises';
import type { PaymentFlow } from '../e2e/flows';
import { runAtConcurrency } from '../e2e/load';
import { createBody, drivePayment } from '../e2e/payment-driver';
import { expectStatus, type RestClient } from '../e2e/rest';
import type { BenchOptions } from '../options';
import { sampleProcess } from '../stack/proc';
import type { BenchStack } from '../stack/stack';
import { withStack } from '../stack/with-stack';

/** Lets in-flight workflow tasks finish before memory and file sizes are read. */
const SETTLE_MS = 5_000;
const MB = 1024 * 1024;

export interface ScaleCheckpoint {
  /** Payments of this kind so far. */
  size: number;
  added: number;
  seconds: number;
  perSecond: number;
  failures: number;
  /** The first few failures, for the report. */
  errors: string[];
  workerRssMB: number;
  /** Worker RSS above its idle start, per payment parked or run so far. */
  workerKBPerPayment: number;
  serverRssMB: number;
  dbMB: number;
  /** Growth of the SQLite files during the increment, per payment added. */
  dbKBPerPaymentAdded: number;
}

export interface ScaleResult {
  cache: string;
  idle: { workerRssMB: number; serverRssMB: number; dbMB: number };
  parked: ScaleCheckpoint[];
  endToEnd: ScaleCheckpoint[];
}

export async function runScale(
  options: BenchOptions,
  flows: readonly PaymentFlow[],
  log: (line: string) => void,
): Promise<ScaleResult[]> {
  const results: ScaleResult[] = [];
  for (const [i, cache] of options.scaleCaches.entries()) {
    log(` worker cache ${cache}`);
    const endToEnd = i === 0 ? options.endToEndSizes : [];
    results.push(await scaleWithCache(cache, endToEnd, options, flows, log));
  }
  return results;
}

async function scaleWithCache(
  cache: string,
  endToEndSizes: readonly number[],
  options: BenchOptions,
  flows: readonly PaymentFlow[],
  log: (line: string) => void,
): Promise<ScaleResult> {
  const tuning: Record<string, string> = cache === 'default' ? {} : { WORKER_MAX_CACHED_WORKFLOWS: cache };
  return withStack(options, `scale-cache-${cache}`, { tuning }, async (stack, rest) => {
    await sleep(SETTLE_MS);
    const idle = snapshot(stack);
    const result: ScaleResult = {
      cache,
      idle: { workerRssMB: idle.workerRss / MB, serverRssMB: idle.serverRss / MB, dbMB: idle.db / MB },
      parked: [],
      endToEnd: [],
    };
    let parked = 0;
    for (const size of options.sizes) {
      const point = await grow(stack, idle, parked, size, options, (i) => park(rest, flows, `pk-${i}`, i));
      parked = size;
      result.parked.push(point);
      log(`  parked ${size}: ${point.perSecond.toFixed(1)}/s, worker ${point.workerRssMB.toFixed(0)} MB`);
    }
    if (endToEndSizes.length > 0) {
      const poll = { pollIntervalMs: options.pollIntervalMs, stepTimeoutMs: options.stepTimeoutMs };
      const deps = { rest, client: stack.client, sandboxes: stack.sandboxes, poll };
      let done = 0;
      for (const size of endToEndSizes) {
        const point = await grow(stack, idle, done, size, options, (i) =>
          drivePayment(deps, flows[i % flows.length] as PaymentFlow, `e2e-${i}`),
        );
        done = size;
        result.endToEnd.push(point);
        log(
          `  end to end ${size}: ${point.perSecond.toFixed(2)}/s, worker ${point.workerRssMB.toFixed(0)} MB`,
        );
      }
    }
    return result;
  });
}

/** Runs jobs from..size-1 at the bench's concurrency and reads the checkpoint. */
async function grow<T>(
  stack: BenchStack,
  idle: Snapshot,
  from: number,
  size: number,
  options: BenchOptions,
  job: (index: number) => Promise<{ timings: T; completion: Promise<number> }>,
): Promise<ScaleCheckpoint> {
  const before = snapshot(stack);
  const load = await runAtConcurrency(
    size - from,
    options.concurrency,
    (i) => job(from + i),
    options.stepTimeoutMs,
  );
  await sleep(SETTLE_MS);
  const after = snapshot(stack);
  const added = size - from;
  return {
    size,
    added,
    seconds: load.elapsedSeconds,
    perSecond: load.throughput,
    failures: load.failures,
    errors: load.outcomes.flatMap((o) => (o.ok ? [] : [`#${o.index}: ${o.error}`])).slice(0, 5),
    workerRssMB: after.workerRss / MB,
    workerKBPerPayment: (after.workerRss - idle.workerRss) / 1024 / size,
    serverRssMB: after.serverRss / MB,
    dbMB: after.db / MB,
    dbKBPerPaymentAdded: (after.db - before.db) / 1024 / added,
  };
}

/** A payment created and left awaiting the payer. */
async function park(rest: RestClient, flows: readonly PaymentFlow[], orderId: string, i: number) {
  const flow = flows[i % flows.length] as PaymentFlow;
  const created = expectStatus(await rest.post('/v1/payments', createBody(flow, orderId)), 201, 'create');
  if (created.status !== 'awaiting_payer') throw new Error(`parked payment is ${String(created.status)}`);
  return { timings: 'parked', completion: Promise.resolve(performance.now()) };
}

interface Snapshot {
  workerRss: number;
  serverRss: number;
  db: number;
}

function snapshot(stack: BenchStack): Snapshot {
  return {
    workerRss: sampleProcess(stack.worker.pid)?.rssBytes ?? 0,
    serverRss: stack.temporal.pid ? (sampleProcess(stack.temporal.pid)?.rssBytes ?? 0) : 0,
    db: stack.temporal.dbBytes(),
  };
}
