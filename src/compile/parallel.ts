import { availableParallelism } from "node:os";
import { MessageChannel, type MessagePort, receiveMessageOnPort, type Worker } from "node:worker_threads";
import type { Spec } from "../input/team-spec/types.js";
import { startSiblingWorker } from "../util/worker-thread.js";

/**
 * Compiling a large spec's teams on two threads, for a synchronous `compileSpec`.
 *
 * Each team compiles on its own (a fresh compiler, the spec and the activity library: nothing
 * passes from one team to the next), so a worker thread compiles some teams while this thread
 * compiles the others, and this thread takes every team's result in name order, as compiling
 * them one by one would: the model, its diagnostics and the account-quota checks are the same,
 * only sooner. Teams are claimed one at a time in a shared array (compare-and-swap), so neither
 * thread compiles a team twice and a thread that starts late simply takes fewer. When this thread
 * needs a team the worker holds, it compiles the next free team meanwhile, then blocks
 * (`Atomics.wait`) until the worker marks it done; the result arrives on a message port read
 * synchronously (`receiveMessageOnPort`). A worker that fails or falls silent costs nothing but
 * time: its team is compiled here.
 */

/** Per team: free, claimed by this thread, claimed by the worker, compiled by the worker. */
export const FREE = 0;
export const MAIN = 1;
export const WORKER = 2;
export const DONE = 3;
/** `state[CURSOR]`: the next team a thread looking for work tries; `state[STOP]`: 1 when no more is wanted. */
export const CURSOR = 0;
export const STOP = 1;
/** `state[FIRST + i]`: team i's state. */
export const FIRST = 2;

/** What the worker receives (`workerData`). */
export interface TeamWorkerData {
  spec: Spec;
  teams: string[];
  state: SharedArrayBuffer;
  port: MessagePort;
}

/** What the worker posts per team: its result, or why it has none. */
export type TeamWorkerMessage<R> = { index: number; result: R } | { index: number; error: string };

/** Below this many teams, one thread: starting a worker (about 0.1 s) costs more than it saves. */
export const PARALLEL_MIN_TEAMS = 64;

/** Longest wait for one team from the worker before this thread compiles it itself. */
const WORKER_PATIENCE_MS = 20_000;

/** Threads to compile `teams` teams with: `requested`, else 2 when the machine has two cores and there are enough teams. */
export function compileThreads(teams: number, requested: number | undefined): number {
  if (requested !== undefined) return Math.max(1, Math.floor(requested));
  return teams >= PARALLEL_MIN_TEAMS && availableParallelism() >= 2 ? 2 : 1;
}

export class TeamPool<R> {
  private readonly state: Int32Array;
  private readonly results = new Map<number, R>();
  private worker: Worker | undefined;
  private port: MessagePort | undefined;
  /** Results the worker has posted so far. */
  fromWorker = 0;

  private constructor(
    private readonly teams: string[],
    private readonly compileHere: (team: string) => R,
  ) {
    this.state = new Int32Array(new SharedArrayBuffer(4 * (FIRST + teams.length)));
  }

  /**
   * A pool whose worker compiles teams of `spec` (with the default activity library) while this
   * thread asks for results; without a worker (it could not start) every team compiles here.
   */
  static start<R>(spec: Spec, teams: string[], compileHere: (team: string) => R): TeamPool<R> {
    const pool = new TeamPool(teams, compileHere);
    try {
      const channel = new MessageChannel();
      const data: TeamWorkerData = { spec, teams, state: pool.state.buffer as SharedArrayBuffer, port: channel.port2 };
      const worker = startSiblingWorker(import.meta.url, "team-worker", data, [channel.port2]);
      // A worker that fails to start or dies claims nothing more; what it claimed is waited for
      // at most WORKER_PATIENCE_MS, then compiled here.
      worker.on("error", () => undefined);
      worker.unref();
      pool.worker = worker;
      pool.port = channel.port1;
    } catch {
      // No worker: every team compiles in this thread.
    }
    return pool;
  }

  /** Team `index`'s result, compiled here or by the worker. */
  result(index: number): R {
    const ready = this.results.get(index);
    if (ready !== undefined) {
      this.results.delete(index);
      return ready;
    }
    const slot = FIRST + index;
    if (Atomics.compareExchange(this.state, slot, FREE, MAIN) === FREE) return this.compileHere(this.teams[index]);
    const started = Date.now();
    for (;;) {
      this.drain();
      const got = this.results.get(index);
      if (got !== undefined) {
        this.results.delete(index);
        return got;
      }
      const s = Atomics.load(this.state, slot);
      if (s === MAIN) {
        // The worker gave it back (it failed on it): compile it here.
        return this.compileHere(this.teams[index]);
      }
      if (s === WORKER) {
        // Meanwhile, compile a team nobody has claimed yet; else wait for the worker.
        if (this.compileAhead()) continue;
        if (Date.now() - started > WORKER_PATIENCE_MS) return this.compileHere(this.teams[index]);
        Atomics.wait(this.state, slot, WORKER, 50);
      }
      // DONE: its message is on the port (posted before the state was set); read it next round.
    }
  }

  /** No more results are wanted: the worker stops after its current team. */
  stop(): void {
    Atomics.store(this.state, STOP, 1);
    this.port?.close();
    void this.worker?.terminate().catch(() => undefined);
    this.worker = undefined;
  }

  /** Compiles the next unclaimed team in this thread, keeping its result; false when none is left. */
  private compileAhead(): boolean {
    for (;;) {
      const j = Atomics.add(this.state, CURSOR, 1);
      if (j >= this.teams.length) return false;
      if (Atomics.compareExchange(this.state, FIRST + j, FREE, MAIN) === FREE) {
        this.results.set(j, this.compileHere(this.teams[j]));
        return true;
      }
    }
  }

  /** Takes every message the worker has posted. */
  private drain(): void {
    if (!this.port) return;
    for (let m = receiveMessageOnPort(this.port); m; m = receiveMessageOnPort(this.port)) {
      const message = m.message as TeamWorkerMessage<R>;
      if ("result" in message) {
        this.results.set(message.index, message.result);
        this.fromWorker++;
      }
    }
  }
}
