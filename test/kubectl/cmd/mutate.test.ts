// delete, label, annotate, scale, set image, cordon/uncordon and expose: kubectl's one-line reports,
// its errors, and that a refused command changes nothing.
import { describe, expect, it } from 'vitest';
import { context, deploymentManifest, kubectl, nodeManifest, nodeStatus, podManifest, put, runningStatus, world } from '../helpers.js';

function setup() {
  const { store, clock } = world();
  put(store, podManifest('web', { labels: { app: 'web' } }), { phase: 'Pending' });
  put(store, podManifest('web2', { labels: { app: 'web' } }), { phase: 'Pending' });
  put(store, podManifest('bound', { labels: { app: 'db' }, nodeName: 'node-1' }), runningStatus('10.244.1.7'));
  put(store, deploymentManifest('api', 3));
  put(store, nodeManifest('node-1'), nodeStatus('True', '172.18.0.2'));
  return { store, clock, ctx: context(store, clock) };
}

describe('kubectl delete', () => {
  it('deletes by name with kubectl 1.32 wording', () => {
    const { store, ctx } = setup();
    expect(kubectl(ctx, 'delete pod web')).toEqual({ stdout: 'pod "web" deleted\n', stderr: '', exitCode: 0 });
    expect(store.get('Pod', 'default', 'web')).toBeUndefined();
    expect(kubectl(ctx, 'delete deploy/api').stdout).toBe('deployment.apps "api" deleted\n');
  });

  it('a missing name fails before anything is deleted', () => {
    const { store, ctx } = setup();
    expect(kubectl(ctx, 'delete pods web nope')).toEqual({ stdout: '', stderr: 'Error from server (NotFound): pods "nope" not found\n', exitCode: 1 });
    expect(store.get('Pod', 'default', 'web')).toBeDefined();
    expect(kubectl(ctx, 'delete pods nope --ignore-not-found')).toEqual({ stdout: '', stderr: '', exitCode: 0 });
  });

  it('-l deletes what matches; nothing matching says so', () => {
    const { ctx } = setup();
    expect(kubectl(ctx, 'delete pods -l app=web').stdout).toBe('pod "web" deleted\npod "web2" deleted\n');
    expect(kubectl(ctx, 'delete pods -l app=web')).toEqual({ stdout: '', stderr: 'No resources found\n', exitCode: 0 });
  });

  it('waits in simulated time for a terminating pod to go, up to --timeout', () => {
    const { store, clock, ctx } = setup();
    // Nothing confirms the deletion of a bound pod here: kubectl waits and then gives up.
    const t0 = clock.now();
    const res = kubectl(ctx, 'delete pod bound --timeout=20s');
    expect(res.stdout).toBe('pod "bound" deleted\n');
    expect(res.stderr).toBe('error: timed out waiting for the condition on pods/bound\n');
    expect(res.exitCode).toBe(1);
    expect(clock.now() - t0).toBe(20_000);
    expect(store.get('Pod', 'default', 'bound')!.metadata.deletionTimestamp).toBeDefined();
  });

  it('returns at once with --wait=false; the kubelet-side removal ends a wait', () => {
    const { store, clock, ctx } = setup();
    expect(kubectl(ctx, 'delete pod bound --wait=false').stdout).toBe('pod "bound" deleted\n');
    expect(store.get('Pod', 'default', 'bound')!.metadata.deletionTimestamp).toBeDefined();
    // Something that removes the pod 5 s later, as a kubelet would after stopping its containers.
    clock.schedule('5s', () => store.delete({ kind: 'Pod', namespace: 'default', name: 'bound' }, { gracePeriodSeconds: 0 }));
    const t0 = clock.now();
    expect(kubectl(ctx, 'delete pod bound').stdout).toBe('pod "bound" deleted\n');
    expect(clock.now() - t0).toBe(5_000);
  });

  it('--grace-period=0 --force deletes at once with the warning', () => {
    const { store, ctx } = setup();
    const res = kubectl(ctx, 'delete pod bound --grace-period=0 --force');
    expect(res.stdout).toBe('pod "bound" force deleted\n');
    expect(res.stderr).toMatch(/^Warning: Immediate deletion does not wait for confirmation/);
    expect(store.get('Pod', 'default', 'bound')).toBeUndefined();
  });

  it('bad cascade and grace-period values are refused', () => {
    const { ctx } = setup();
    expect(kubectl(ctx, 'delete pod web --cascade=bogus').stderr).toBe('error: invalid cascade value (bogus). Must be "background", "foreground", or "orphan"\n');
    expect(kubectl(ctx, 'delete pod web --grace-period=x').stderr).toBe(
      `error: invalid argument "x" for "--grace-period" flag: strconv.ParseInt: parsing "x": invalid syntax\nSee 'kubectl delete --help' for usage.\n`,
    );
    expect(kubectl(ctx, 'delete').stderr).toMatch(/^error: You must provide one or more resources by argument or filename\./);
  });

  it('--cascade=orphan keeps the finalizer for the garbage collector', () => {
    const { store, ctx } = setup();
    kubectl(ctx, 'delete deploy api --cascade=orphan --wait=false');
    expect(store.get('Deployment', 'default', 'api')!.metadata.finalizers).toEqual(['orphan']);
  });
});

describe('kubectl label / annotate', () => {
  it('labels, refuses to overwrite without --overwrite, removes with key-', () => {
    const { store, ctx } = setup();
    expect(kubectl(ctx, 'label pod web tier=fe').stdout).toBe('pod/web labeled\n');
    expect(kubectl(ctx, 'label pod web app=v2')).toEqual({
      stdout: '',
      stderr: "error: 'app' already has a value (web), and --overwrite is false\n",
      exitCode: 1,
    });
    expect(kubectl(ctx, 'label pod web app=v2 --overwrite').stdout).toBe('pod/web labeled\n');
    expect(kubectl(ctx, 'label pod web tier-').stdout).toBe('pod/web unlabeled\n');
    expect(kubectl(ctx, 'label pod web app=v2 --overwrite').stdout).toBe('pod/web not labeled\n');
    expect(store.get('Pod', 'default', 'web')!.metadata.labels).toEqual({ app: 'v2' });
  });

  it('checks every target before writing any', () => {
    const { store, ctx } = setup();
    kubectl(ctx, 'label pod web2 x=1');
    expect(kubectl(ctx, 'label pods -l app=web x=2').exitCode).toBe(1);
    expect(store.get('Pod', 'default', 'web')!.metadata.labels).toEqual({ app: 'web' });
  });

  it('refuses bad values and empty updates', () => {
    const { ctx } = setup();
    expect(kubectl(ctx, 'label pod web').stderr).toBe('error: at least one label update is required\n');
    expect(kubectl(ctx, "label pod web 'a=b c'").stderr).toMatch(/^error: invalid label value: "a=b c": a valid label must be an empty string/);
    expect(kubectl(ctx, 'annotate pod web').stderr).toBe('error: at least one annotation update is required\n');
  });

  it('annotates with any value', () => {
    const { store, ctx } = setup();
    expect(kubectl(ctx, `annotate deploy api kubernetes.io/change-cause="bump to 1.5"`).stdout).toBe('deployment.apps/api annotated\n');
    expect(store.get('Deployment', 'default', 'api')!.metadata.annotations).toEqual({ 'kubernetes.io/change-cause': 'bump to 1.5' });
  });
});

describe('kubectl scale / set image', () => {
  it('scales deployments, with --current-replicas as a precondition', () => {
    const { store, ctx } = setup();
    expect(kubectl(ctx, 'scale deployment/api --replicas=5').stdout).toBe('deployment.apps/api scaled\n');
    expect(store.get('Deployment', 'default', 'api')!.spec.replicas).toBe(5);
    expect(kubectl(ctx, 'scale deploy api --replicas=1 --current-replicas=3').stderr).toBe('error: Expected replicas to be 3, was 5\n');
    expect(kubectl(ctx, 'scale deploy api').stderr).toBe('error: required flag(s) "replicas" not set\n');
    expect(kubectl(ctx, 'scale deploy api --replicas=abc').stderr).toMatch(/^error: invalid argument "abc" for "--replicas" flag/);
    expect(store.get('Deployment', 'default', 'api')!.spec.replicas).toBe(5);
  });

  it('sets images by container name, and refuses an unknown container', () => {
    const { store, ctx } = setup();
    expect(kubectl(ctx, 'set image deployment/api api=myapp:1.5').stdout).toBe('deployment.apps/api image updated\n');
    const d = store.get('Deployment', 'default', 'api')!;
    expect(d.spec.template.spec.containers[0]!.image).toBe('myapp:1.5');
    expect(d.metadata.generation).toBe(2);
    expect(kubectl(ctx, 'set image deployment/api nope=x:1').stderr).toBe('error: unable to find container named "nope"\n');
    expect(kubectl(ctx, 'set image pod/web *=busybox').stdout).toBe('pod/web image updated\n');
    expect(kubectl(ctx, 'set bogus').stderr).toBe("error: unknown command \"bogus\"\nSee 'kubectl set -h' for help and examples\n");
  });
});

describe('kubectl cordon / uncordon / expose', () => {
  it('cordons and uncordons, saying when there is nothing to do', () => {
    const { store, ctx } = setup();
    expect(kubectl(ctx, 'cordon node-1').stdout).toBe('node/node-1 cordoned\n');
    expect(store.get('Node', undefined, 'node-1')!.spec.unschedulable).toBe(true);
    expect(kubectl(ctx, 'cordon node-1').stdout).toBe('node/node-1 already cordoned\n');
    expect(kubectl(ctx, 'uncordon node-1').stdout).toBe('node/node-1 uncordoned\n');
    expect(kubectl(ctx, 'cordon nope').stderr).toBe('Error from server (NotFound): nodes "nope" not found\n');
    expect(kubectl(ctx, 'cordon').stderr).toBe("error: USAGE: cordon NODE [flags]\nSee 'kubectl cordon -h' for help and examples\n");
  });

  it('exposes a deployment with its selector', () => {
    const { store, ctx } = setup();
    expect(kubectl(ctx, 'expose deployment api --port=80 --target-port=8080').stdout).toBe('service/api exposed\n');
    const svc = store.get('Service', 'default', 'api')!;
    expect(svc.spec.selector).toEqual({ app: 'api' });
    expect(svc.spec.ports![0]).toMatchObject({ port: 80, targetPort: 8080, protocol: 'TCP' });
    expect(kubectl(ctx, 'expose deployment api --name=api2').stderr).toBe("error: couldn't find port via --port flag or introspection\n");
  });
});

describe('kubectl patch', () => {
  it('applies strategic, merge and json patches; says when nothing changed', () => {
    const { store, ctx } = setup();
    expect(kubectl(ctx, `patch deployment api -p '{"spec":{"replicas":5}}'`).stdout).toBe('deployment.apps/api patched\n');
    expect(kubectl(ctx, `patch deployment api -p '{"spec":{"replicas":5}}'`).stdout).toBe('deployment.apps/api patched (no change)\n');
    expect(kubectl(ctx, `patch deploy/api --type=merge -p 'metadata: {labels: {tier: be}}'`).stdout).toBe('deployment.apps/api patched\n');
    expect(kubectl(ctx, `patch deploy/api --type=json -p '[{"op":"replace","path":"/spec/replicas","value":2}]'`).stdout).toBe('deployment.apps/api patched\n');
    const d = store.get('Deployment', 'default', 'api')!;
    expect([d.spec.replicas, d.metadata.labels]).toEqual([2, { app: 'api', tier: 'be' }]);
  });

  it('refuses a missing patch, an unknown type, and what the server rejects', () => {
    const { ctx } = setup();
    expect(kubectl(ctx, 'patch deploy api').stderr).toBe('error: must specify --patch or --patch-file containing the contents of the patch\n');
    expect(kubectl(ctx, `patch deploy api -p '{}' --type=foo`).stderr).toBe('error: --type must be one of [json merge strategic], not "foo"\n');
    expect(kubectl(ctx, `patch deploy api -p '{"spec":{"replicas":-1}}'`).stderr).toBe(
      'The Deployment "api" is invalid: spec.replicas: Invalid value: -1: must be greater than or equal to 0\n',
    );
  });
});

describe('kubectl api-resources and get -L', () => {
  it('lists the served kinds, core group first', () => {
    const { ctx } = setup();
    const lines = kubectl(ctx, 'api-resources').stdout.split('\n');
    expect(lines[0]).toMatch(/^NAME +SHORTNAMES +APIVERSION +NAMESPACED +KIND$/);
    expect(lines[1]!.split(/\s+/)).toEqual(['configmaps', 'cm', 'v1', 'true', 'ConfigMap']);
    expect(lines.find((l) => l.startsWith('deployments'))!.split(/\s+/)).toEqual(['deployments', 'deploy', 'apps/v1', 'true', 'Deployment']);
  });

  it('-L adds a column per label key, headed by its last segment', () => {
    const { ctx } = setup();
    kubectl(ctx, 'label pod web app.kubernetes.io/name=shop');
    expect(kubectl(ctx, 'get pods -l app=web -L app,app.kubernetes.io/name').stdout).toBe(
      [
        'NAME   READY   STATUS    RESTARTS   AGE   APP   NAME',
        'web    0/1     Pending   0          0s    web   shop',
        'web2   0/1     Pending   0          0s    web   ',
        '',
      ].join('\n'),
    );
  });
});
