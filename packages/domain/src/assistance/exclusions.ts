// 互斥项目 — programs a person may not both receive, as data. The database holds the same rows
// (table program_exclusion, written by its migration; a test keeps the two equal); the data
// generator reads them from here.

export interface ProgramExclusion {
  programCode: string;
  excludesCode: string;
  /** The document the exclusion comes from, or "synthetic: …" when none is quoted. */
  source: string;
}

export const PROGRAM_EXCLUSIONS: readonly ProgramExclusion[] = [
  {
    programCode: "RETIREE_ONE_TIME_REWARD",
    excludesCode: "ONLY_CHILD_PARENT_OLD_AGE_REWARD",
    source:
      "synthetic: the one-time reward of a parent of an only child is paid once, at retirement to a certificate-holding employee (持证退休职工) or in old age to anyone else, never both; no document quoted",
  },
  {
    programCode: "SH_ONLY_CHILD_OLD_AGE_REWARD",
    excludesCode: "ONLY_CHILD_PARENT_OLD_AGE_REWARD",
    source: "synthetic: Shanghai's one-time old-age reward is the national one as Shanghai pays it (one reward under two program codes); no document quoted",
  },
  {
    programCode: "SH_ONLY_CHILD_OLD_AGE_REWARD",
    excludesCode: "RETIREE_ONE_TIME_REWARD",
    source: "synthetic: Shanghai's one-time old-age reward is the national one, which excludes the retirees' one-time reward; no document quoted",
  },
];

/** The programs that exclude `programCode` (exclusions hold both ways). */
export function programsExcluding(programCode: string, exclusions: readonly ProgramExclusion[] = PROGRAM_EXCLUSIONS): string[] {
  const codes = new Set<string>();
  for (const e of exclusions) {
    if (e.programCode === programCode) codes.add(e.excludesCode);
    if (e.excludesCode === programCode) codes.add(e.programCode);
  }
  return [...codes].sort();
}
