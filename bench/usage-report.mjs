// Loaded with `node --import` into a benchmarked CLI process: at exit, its own CPU time and peak
// memory on stderr (one line the benchmark parses). Measured inside the process, so a run that
// is killed at its timeout leaves nothing behind (no wrapper process to orphan it).
process.on("exit", () => {
  const u = process.resourceUsage();
  process.stderr.write(`\nBENCH-USAGE ${u.userCPUTime + u.systemCPUTime} ${u.maxRSS}\n`);
});
