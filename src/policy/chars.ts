/**
 * A character of a service prefix pattern (`s3`, `sage*`): ASCII letter, digit, `-`, `*` or `?`.
 * Shared by the allocation-free scans of ARNs and actions, which add their own extra characters.
 */
export function isServicePatternChar(c: number): boolean {
  return (c >= 97 && c <= 122) || (c >= 65 && c <= 90) || (c >= 48 && c <= 57) || c === 45 || c === 42 || c === 63;
}
