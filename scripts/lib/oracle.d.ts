/** The oracle binary path: $MESH_ORACLE_BIN, else built by scripts/build-oracle.sh. */
export function resolveOracle(): Promise<string>;
