/** `kubectl get secrets` and `get configmaps` columns (printSecret, printConfigMap): counts, never contents. */
import type { ConfigMap } from '../../api/configmap.js';
import type { Secret } from '../../api/secret.js';
import { ageColumn, column, nameColumn, type Column } from './columns.js';

/** Keys of data, with stringData's folded in as the API server does before anyone reads them. */
function secretKeys(s: Secret): number {
  return new Set([...Object.keys(s.data ?? {}), ...Object.keys(s.stringData ?? {})]).size;
}

export const secretColumns: Column<Secret>[] = [
  nameColumn(),
  column('Type', 'string', 'Used to facilitate programmatic handling of secret data. More info: https://kubernetes.io/docs/concepts/configuration/secret/#secret-types', (s) => s.type ?? ''),
  column('Data', 'string', "Data contains the secret data. Each key must consist of alphanumeric characters, '-', '_' or '.'. The serialized form of the secret data is a base64 encoded string, representing the arbitrary (possibly non-string) data value here. Described in https://tools.ietf.org/html/rfc4648#section-4", secretKeys),
  ageColumn(),
];

export const configMapColumns: Column<ConfigMap>[] = [
  nameColumn(),
  column('Data', 'string', "Data contains the configuration data. Each key must consist of alphanumeric characters, '-', '_' or '.'. Values with non-UTF-8 byte sequences must use the BinaryData field. The keys stored in Data must not overlap with the keys in the BinaryData field, this is enforced during validation process.", (c) =>
    Object.keys(c.data ?? {}).length + Object.keys(c.binaryData ?? {}).length,
  ),
  ageColumn(),
];
