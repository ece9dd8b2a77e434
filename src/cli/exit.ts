/** Exit codes every command follows. */
export const ExitCode = {
  /** Success: no findings at or above the threshold, all tests passed, no new access. */
  Ok: 0,
  /** Findings, failed tests, or new access. */
  Findings: 1,
  /** Invalid input or usage. */
  Invalid: 2,
} as const;
