/**
 * AWS Regions of the partitions a spec may name, as of 2026 (AWS: "Regions and Availability
 * Zones", and the General Reference's "AWS Regions"). AWS opens Regions faster than a list is
 * updated, so a region missing here is a warning, not an error; a region of another partition
 * than the spec's is an error: no ARN or request of the spec's partition can name it.
 */
export const AWS_REGIONS = {
  aws: [
    "af-south-1",
    "ap-east-1",
    "ap-east-2",
    "ap-northeast-1",
    "ap-northeast-2",
    "ap-northeast-3",
    "ap-south-1",
    "ap-south-2",
    "ap-southeast-1",
    "ap-southeast-2",
    "ap-southeast-3",
    "ap-southeast-4",
    "ap-southeast-5",
    "ap-southeast-6",
    "ap-southeast-7",
    "ca-central-1",
    "ca-west-1",
    "eu-central-1",
    "eu-central-2",
    "eu-north-1",
    "eu-south-1",
    "eu-south-2",
    "eu-west-1",
    "eu-west-2",
    "eu-west-3",
    "il-central-1",
    "me-central-1",
    "me-south-1",
    "mx-central-1",
    "sa-east-1",
    "us-east-1",
    "us-east-2",
    "us-west-1",
    "us-west-2",
  ],
  "aws-cn": ["cn-north-1", "cn-northwest-1"],
  "aws-us-gov": ["us-gov-east-1", "us-gov-west-1"],
} as const satisfies Record<string, readonly string[]>;

export type SpecPartition = keyof typeof AWS_REGIONS;

/** The partition of a region this list knows, or undefined. */
export function knownRegionPartition(region: string): SpecPartition | undefined {
  for (const [partition, regions] of Object.entries(AWS_REGIONS) as Array<[SpecPartition, readonly string[]]>) {
    if (regions.includes(region)) return partition;
  }
  return undefined;
}

/**
 * The partition a region belongs to: from the list when it is known, else from how AWS names
 * Regions (`cn-*` China, `us-gov-*` GovCloud, `*-iso*` the isolated partitions, which a spec
 * cannot name; everything else the commercial partition).
 */
export function regionPartition(region: string): string {
  const known = knownRegionPartition(region);
  if (known) return known;
  if (region.startsWith("cn-")) return "aws-cn";
  if (region.startsWith("us-gov-")) return "aws-us-gov";
  const iso = /^[a-z]{2}-(iso[a-z]?)-/.exec(region);
  if (iso) return iso[1] === "iso" ? "aws-iso" : `aws-iso-${iso[1].slice(3)}`;
  return "aws";
}

/** The Regions of a partition the spec may name (empty for any other). */
export function partitionRegions(partition: string): readonly string[] {
  return (AWS_REGIONS as Record<string, readonly string[]>)[partition] ?? [];
}
