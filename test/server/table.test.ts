// Server-side printing: content negotiation, and Tables whose cells are the in-process printers' cells.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { columnDefinitions, printTable, tableRow } from '../../src/kubectl/printers/index.js';
import { negotiate, parseIncludeObject } from '../../src/server/table.js';
import { call, deploymentManifest, podManifest, put, runningStatus, serve, T0, type Served } from './helpers.js';

const TABLE = 'application/json;as=Table;v=v1;g=meta.k8s.io,application/json;as=Table;v=v1beta1;g=meta.k8s.io,application/json';

describe('negotiate', () => {
  const cases: [string, string | undefined, ReturnType<typeof negotiate> | 'error'][] = [
    ['no header', undefined, {}],
    ['kubectl get', TABLE, { table: 'v1' }],
    ['v1beta1 only', 'application/json;as=Table;v=v1beta1;g=meta.k8s.io', { table: 'v1beta1' }],
    ['plain json', 'application/json', {}],
    ['discovery style', 'application/json, */*', {}],
    ['client-node', 'application/json, */*;q=0.8', {}],
    ['unknown as= falls through', 'application/json;as=PartialObjectMetadataList;v=v1;g=meta.k8s.io,application/json', {}],
    ['protobuf only', 'application/vnd.kubernetes.protobuf', 'error'],
  ];
  it.each(cases)('%s', (_name, accept, want) => {
    if (want === 'error') expect(() => negotiate(accept)).toThrow(/only the following media types are accepted/);
    else expect(negotiate(accept)).toEqual(want);
  });

  it('includeObject accepts None, Metadata, Object and names the choices otherwise', () => {
    expect(parseIncludeObject(null)).toBe('Metadata');
    expect(parseIncludeObject('Object')).toBe('Object');
    expect(() => parseIncludeObject('All')).toThrow('includeObject: Unsupported value: "All": supported values: "Metadata", "None", "Object"');
  });
});

describe('Table responses', () => {
  let s: Served;
  beforeAll(async () => {
    s = await serve();
    put(s.store, podManifest('web-1', { nodeName: 'node-1', labels: { app: 'web' } }), runningStatus('10.244.1.5'));
    put(s.store, podManifest('web-2', { nodeName: 'node-2', labels: { app: 'web' } }), runningStatus('10.244.2.5', false, 3));
    put(s.store, deploymentManifest('web', 2), { replicas: 2, updatedReplicas: 2, readyReplicas: 1, availableReplicas: 1 });
    s.clock.advance('95s');
  });
  afterAll(() => s.server.close());

  it('a list as a Table: every column, cells from the printers, PartialObjectMetadata rows', async () => {
    const r = await call(s.url, 'GET', '/api/v1/namespaces/default/pods', { accept: TABLE });
    expect(r.status).toBe(200);
    expect(r.body.kind).toBe('Table');
    expect(r.body.apiVersion).toBe('meta.k8s.io/v1');
    expect(r.body.metadata.resourceVersion).toBe(s.store.resourceVersion);
    expect(r.body.columnDefinitions).toEqual(columnDefinitions('Pod'));
    expect(r.body.columnDefinitions[0]).toMatchObject({ name: 'Name', type: 'string', format: 'name', priority: 0 });
    const pods = s.store.items('Pod', { namespace: 'default' });
    expect(r.body.rows.map((row: any) => row.cells)).toEqual(pods.map((p) => tableRow('Pod', p, T0 + 95_000)));
    expect(r.body.rows[1].cells.slice(0, 5)).toEqual(['web-2', '0/1', 'Running', '3', '95s']);
    expect(r.body.rows[0].object).toEqual({ kind: 'PartialObjectMetadata', apiVersion: 'meta.k8s.io/v1', metadata: pods[0]!.metadata });
  });

  it('printing the Table the way kubectl does gives printTable bytes', async () => {
    const r = await call(s.url, 'GET', '/apis/apps/v1/namespaces/default/deployments', { accept: TABLE });
    const cols = r.body.columnDefinitions.filter((c: any) => c.priority === 0);
    const header = cols.map((c: any) => c.name.toUpperCase());
    const rows = r.body.rows.map((row: any) => row.cells.filter((_: unknown, i: number) => r.body.columnDefinitions[i].priority === 0).map(String));
    const widths = header.map((h: string, i: number) => Math.max(h.length, ...rows.map((row: string[]) => row[i]!.length)));
    const line = (cells: string[]) => cells.map((c, i) => (i === cells.length - 1 ? c : c.padEnd(widths[i]! + 3))).join('') + '\n';
    const printed = [header, ...rows].map(line).join('');
    expect(printed).toBe(printTable('Deployment', s.store.items('Deployment'), { now: s.clock.now() }));
    expect(printed).toBe('NAME   READY   UP-TO-DATE   AVAILABLE   AGE\nweb    1/2     2            1           95s\n');
  });

  it('one object as a one-row Table; includeObject=Object and None', async () => {
    const one = await call(s.url, 'GET', '/api/v1/namespaces/default/pods/web-1?includeObject=Object', { accept: TABLE });
    expect(one.body.rows).toHaveLength(1);
    expect(one.body.rows[0].object.kind).toBe('Pod');
    expect(one.body.rows[0].object.spec.nodeName).toBe('node-1');
    const none = await call(s.url, 'GET', '/api/v1/namespaces/default/pods?includeObject=None', { accept: TABLE });
    expect(none.body.rows[0].object).toBeUndefined();
    const bad = await call(s.url, 'GET', '/api/v1/namespaces/default/pods', { accept: 'application/vnd.kubernetes.protobuf' });
    expect(bad.status).toBe(406);
    expect(bad.body.reason).toBe('NotAcceptable');
  });
});
