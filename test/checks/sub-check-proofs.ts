/**
 * Every sub-check of the catalogue (support/checks/sub-checks.ts) must be able to FAIL, and be
 * shown to: some fault, of the reference client or of the independent client, must FAIL it as
 * the only FAIL of its requirement. The fault tests (fault-switches.test.ts,
 * independent-client.test.ts) assert each table's `failing` sets end to end; this reads the
 * tables only, so it is a pure check of what they claim.
 */

/** What a fault table says of one fault: per requirement, the sub-checks that FAIL. */
export interface FaultProof {
  failing: Readonly<Record<string, readonly string[]>>;
  /** `failing` is a lower bound (other sub-checks may FAIL too): it proves no sub-check alone. */
  atLeast?: boolean;
}

/** Fault tables by a name for the reader ("reference client", "independent client"), each fault by its name. */
export type FaultTables = Readonly<Record<string, Readonly<Record<string, FaultProof>>>>;

/** "RB-01 non2xx-ack": how a pair is named in messages. */
const pair = (requirement: string, check: string): string => `${requirement} ${check}`;

/**
 * The (requirement, sub-check) pairs of `subChecks` that no fault of `tables` FAILs alone: no
 * entry whose exact `failing` set for that requirement is that one sub-check. In catalogue order.
 */
export function unprovenSubChecks(subChecks: Readonly<Record<string, readonly string[]>>, tables: FaultTables): string[] {
  const proven = new Set<string>();
  for (const table of Object.values(tables)) {
    for (const proof of Object.values(table)) {
      if (proof.atLeast) continue;
      for (const [requirement, checks] of Object.entries(proof.failing)) {
        if (checks.length === 1) proven.add(pair(requirement, checks[0]));
      }
    }
  }
  return Object.entries(subChecks).flatMap(([requirement, checks]) => checks.map((c) => pair(requirement, c)).filter((p) => !proven.has(p)));
}

/** Pairs a table names that the catalogue lacks (a misspelt sub-check would prove nothing), as "table / fault: pair". */
export function unknownPairs(subChecks: Readonly<Record<string, readonly string[]>>, tables: FaultTables): string[] {
  return Object.entries(tables).flatMap(([name, table]) =>
    Object.entries(table).flatMap(([fault, proof]) =>
      Object.entries(proof.failing).flatMap(([requirement, checks]) =>
        checks.filter((c) => !(subChecks[requirement] ?? []).includes(c)).map((c) => `${name} / ${fault}: ${pair(requirement, c)}`),
      ),
    ),
  );
}

/** The faults ("table / fault") whose exact `failing` set names the pair, alone or not. */
export function faultsFailing(tables: FaultTables, requirement: string, check: string): string[] {
  return Object.entries(tables).flatMap(([name, table]) =>
    Object.entries(table)
      .filter(([, proof]) => !proof.atLeast && (proof.failing[requirement] ?? []).includes(check))
      .map(([fault]) => `${name} / ${fault}`),
  );
}
