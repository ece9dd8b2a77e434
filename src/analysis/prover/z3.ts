/**
 * The Z3 solver (z3-solver, WASM, an optional peer dependency), loaded on first use only: commands
 * that do not prove never pay its start-up, and an install without it works for everything else. Queries are SMT-LIB text; the timeout is set in the text (`(set-option :timeout N)`),
 * since the context's timeout is ignored by `eval_smtlib2_string`.
 *
 * The WASM module declares a fixed 2 GiB shared memory; `INITIAL_MEMORY` alone cannot lower it
 * because the module's memory import asks for that much. We rewrite the limits of that import in
 * the binary before instantiating (a few bytes in the import section), so Z3 reserves
 * `memoryMiB` instead, and cap Z3's own allocations below it so it answers `unknown` rather than
 * aborting when a query needs more.
 *
 * Each query runs in a context of its own, deleted after it: a context reused across queries
 * (even after `(reset)`) keeps its term numbering, so the model Z3 gives for one text depended on
 * the queries before it (a counterexample in us-west-2 here, us-east-1 there), and the memory of
 * every term ever built stayed with it. A fresh context costs about 5 ms, and makes an answer a
 * function of the query text alone, which the prover relies on (answers remembered by text,
 * reports byte-identical whatever thread, shard or order computed them).
 */
import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { PEERS_NEEDED, requirePeers } from "../../input/capture/peers.js";

export interface SolverOptions {
  /** WASM memory for Z3, in MiB (default 512). */
  memoryMiB?: number;
  /**
   * Where this thread's queries go instead of a Z3 instance of its own: a `--jobs` worker thread
   * asks its parent's solver (`jobs.ts`), so a process holds one Z3 instance however many threads
   * prove. The function returns Z3's output for the script, as `run` does.
   */
  remote?: (script: string) => Promise<string>;
}

/** The parts of the Emscripten module the solver uses. */
interface Emscripten {
  HEAPU8: Uint8Array;
  _malloc(size: number): number;
  _free(ptr: number): void;
  _async_Z3_eval_smtlib2_string(ctx: unknown, text: number): void;
  async_call(f: () => void): Promise<string>;
}

/** The part of the WebAssembly global used here (the project compiles without the DOM's types). */
interface WasmApi {
  compile(bytes: Uint8Array): Promise<unknown>;
  instantiate(module: unknown, imports: unknown): Promise<unknown>;
}

interface Z3Handle {
  /** Runs an SMT-LIB script (in a context of its own) and returns Z3's output. */
  run(script: string): Promise<string>;
  /** A global parameter's value (`memory_max_size`), read on the calling thread. */
  param(name: string): string | null;
}

let instance: Promise<Z3Handle> | undefined;
let configured: SolverOptions = {};

/** Sets the solver's options; takes effect if the solver has not started yet. */
export function configureSolver(opts: SolverOptions): void {
  configured = { ...configured, ...opts };
}

function uleb(buf: Uint8Array, pos: number): [number, number] {
  let result = 0;
  let shift = 0;
  let b: number;
  do {
    b = buf[pos++];
    result += (b & 0x7f) * 2 ** shift;
    shift += 7;
  } while (b & 0x80);
  return [result, pos];
}

function encodeUleb(n: number): number[] {
  const out: number[] = [];
  do {
    let b = n & 0x7f;
    n = Math.floor(n / 128);
    if (n) b |= 0x80;
    out.push(b);
  } while (n);
  return out;
}

/** The WASM binary with its imported memory's initial and maximum size set to `pages` (64 KiB each). */
export function withMemoryPages(bin: Uint8Array, pages: number): Uint8Array {
  let pos = 8; // magic and version
  while (pos < bin.length) {
    const id = bin[pos];
    const [size, body] = uleb(bin, pos + 1);
    if (id === 2) {
      let q = body;
      let count: number;
      [count, q] = uleb(bin, q);
      for (let i = 0; i < count; i++) {
        let n: number;
        [n, q] = uleb(bin, q);
        q += n; // module name
        [n, q] = uleb(bin, q);
        q += n; // field name
        const kind = bin[q++];
        if (kind === 0) [, q] = uleb(bin, q);
        else if (kind === 1) {
          q++;
          const flags = bin[q++];
          [, q] = uleb(bin, q);
          if (flags & 1) [, q] = uleb(bin, q);
        } else if (kind === 3) q += 2;
        else if (kind === 4) {
          q++;
          [, q] = uleb(bin, q);
        } else if (kind === 2) {
          const start = q;
          const flags = bin[q++];
          [, q] = uleb(bin, q);
          if (flags & 1) [, q] = uleb(bin, q);
          const limits = [flags, ...encodeUleb(pages), ...(flags & 1 ? encodeUleb(pages) : [])];
          const section = [...bin.subarray(body, start), ...limits, ...bin.subarray(q, body + size)];
          const out = new Uint8Array(
            pos + 1 + encodeUleb(section.length).length + section.length + bin.length - (body + size),
          );
          out.set(bin.subarray(0, pos), 0);
          let w = pos;
          out[w++] = 2;
          for (const b of encodeUleb(section.length)) out[w++] = b;
          out.set(section, w);
          w += section.length;
          out.set(bin.subarray(body + size), w);
          return out;
        } else throw new Error(`unexpected import kind ${kind} in the Z3 module`);
      }
      throw new Error("the Z3 module imports no memory");
    }
    pos = body + size;
  }
  throw new Error("the Z3 module has no import section");
}

let compiled: { memoryMiB: number; module: Promise<unknown> } | undefined;

/** Z3's WASM module, compiled once per process for the configured memory: what `start` instantiates. */
function solverModule(): Promise<unknown> {
  const memoryMiB = configured.memoryMiB ?? 512;
  if (compiled?.memoryMiB !== memoryMiB) {
    // z3-solver is an optional peer: without it, proving stops with what to install (a
    // MissingPeerError the CLI prints), never an answer that pretends to be one.
    requirePeers("proving (the Z3 SMT solver)", PEERS_NEEDED.prove, import.meta.url);
    const require = createRequire(import.meta.url);
    const wasm = withMemoryPages(readFileSync(require.resolve("z3-solver/build/z3-built.wasm")), memoryMiB * 16);
    compiled = { memoryMiB, module: webAssembly().compile(wasm) };
  }
  return compiled.module;
}

function webAssembly(): WasmApi {
  return (globalThis as unknown as { WebAssembly: WasmApi }).WebAssembly;
}

async function start(): Promise<Z3Handle> {
  const module = await solverModule();
  requirePeers("proving (the Z3 SMT solver)", PEERS_NEEDED.prove, import.meta.url);
  const require = createRequire(import.meta.url);
  const memoryMiB = configured.memoryMiB ?? 512;
  const z3 = require("z3-solver") as typeof import("z3-solver");
  // We instantiate the compiled module ourselves rather than hand Emscripten the binary
  // (`wasmBinary`), which it would keep for the life of the process (35 MB). Its threads get the
  // compiled module too.
  const instantiateWasm = (imports: unknown, receive: (instance: unknown, module: unknown) => void) => {
    webAssembly()
      .instantiate(module, imports)
      .then((instance) => receive(instance, module));
    return {};
  };
  const api = await z3.init({ INITIAL_MEMORY: memoryMiB * 1024 * 1024, instantiateWasm } as never);
  const { Z3 } = api;
  const em = (api as unknown as { em: Emscripten }).em;
  // Z3's own cap, below the module's memory, so a greedy query ends in `unknown`, not an abort.
  Z3.global_param_set("memory_max_size", String(Math.max(64, memoryMiB - 160)));
  const cfg = Z3.mk_config();
  let queue: Promise<unknown> = Promise.resolve();
  const encoder = new TextEncoder();
  /**
   * `Z3.eval_smtlib2_string` passes the text on the WASM stack and returns at once, while a
   * detached thread parses it later: by then the stack may hold other data, and Z3 reads garbage
   * ("invalid command, '(' expected"), or a text longer than the stack overflows it. So the text
   * goes on the heap, and is freed when the thread has answered.
   */
  const evaluate = async (text: string): Promise<string> => {
    const bytes = encoder.encode(text);
    const ptr = em._malloc(bytes.length + 1);
    if (!ptr) throw new Error("no memory for the query text");
    const ctx = Z3.mk_context_rc(cfg);
    try {
      em.HEAPU8.set(bytes, ptr);
      em.HEAPU8[ptr + bytes.length] = 0;
      return await em.async_call(() => em._async_Z3_eval_smtlib2_string(ctx, ptr));
    } finally {
      em._free(ptr);
      Z3.del_context(ctx);
    }
  };
  return {
    run(script: string): Promise<string> {
      // One check at a time per instance.
      const next = queue.then(() => evaluate(script));
      queue = next.catch(() => undefined);
      return next;
    },
    param: (name) => Z3.global_param_get(name),
  };
}

/** A solver that hands each script to `ask` (another thread's solver). */
function remoteHandle(ask: (script: string) => Promise<string>): Z3Handle {
  return { run: ask, param: () => null };
}

/** The solver, started on first call. */
export function solver(): Promise<Z3Handle> {
  instance ??= configured.remote ? Promise.resolve(remoteHandle(configured.remote)) : start();
  return instance;
}

/** Has the solver been started in this process? (Tests check that non-proving commands do not.) */
export function solverStarted(): boolean {
  return instance !== undefined;
}
