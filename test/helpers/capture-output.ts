/**
 * Run `fn` (typically the CLI's `main(argv)`) in-process with the text it writes to stdout and
 * stderr captured instead of printed. The CLI writes strings; the test runner reports to its
 * parent on stdout in (binary) chunks of its own, which go through, or the results of tests
 * running meanwhile would be lost.
 */
export async function captureOutput<T>(fn: () => Promise<T>): Promise<{ result: T; stdout: string; stderr: string }> {
  const out: string[] = [];
  const err: string[] = [];
  const writeOut = process.stdout.write;
  const writeErr = process.stderr.write;
  const capture = (sink: string[], write: typeof process.stdout.write, stream: NodeJS.WriteStream) =>
    ((chunk: string | Uint8Array, ...rest: unknown[]) => {
      if (typeof chunk !== "string") return (write as (...a: unknown[]) => boolean).call(stream, chunk, ...rest);
      sink.push(chunk);
      return true;
    }) as typeof process.stdout.write;
  process.stdout.write = capture(out, writeOut, process.stdout);
  process.stderr.write = capture(err, writeErr, process.stderr);
  try {
    const result = await fn();
    return { result, stdout: out.join(""), stderr: err.join("") };
  } finally {
    process.stdout.write = writeOut;
    process.stderr.write = writeErr;
  }
}
