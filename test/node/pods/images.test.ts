import { describe, expect, it } from 'vitest';
import { ImageModel, ImagesSchema, crashDelay, imageID, normalizedImage } from '../../../src/node/pods/images.js';

describe('the image model', () => {
  const model = new ImageModel({
    myapp: { readyAfter: '5s' },
    'myapp:1.4.3': { crashAfter: '30s', exitCode: 2 },
    'registry.example.com:5000/team/api': { exists: false },
  });

  it('prefers an exact name:tag entry, then the bare name for every tag', () => {
    expect(model.behaviour('myapp:1.4.3')).toMatchObject({ crashAfterMs: 30_000, exitCode: 2, readyAfterMs: 0 });
    expect(model.behaviour('myapp:1.4.2')).toMatchObject({ readyAfterMs: 5000, crashAfterMs: undefined });
    expect(model.behaviour('myapp')).toMatchObject({ readyAfterMs: 5000 });
    expect(model.behaviour('registry.example.com:5000/team/api:v2').exists).toBe(false);
  });

  it('gives an image nobody declared a plain server that exists and runs', () => {
    const b = model.behaviour('nginx:1.27');
    expect(b).toMatchObject({ exists: true, readyAfterMs: 0, crashAfterMs: undefined, neverReady: false, unhealthyResponse: 500, files: {} });
    expect(b.pullTimeMs).toBeUndefined();
    expect(b.size).toBe(model.behaviour('nginx:1.27').size);
    expect(new ImageModel().behaviour('Not An Image').exists).toBe(false);
  });

  it('crashes only on the listed attempts', () => {
    const b = new ImageModel({ flaky: { crashAfter: '3s', crashOnAttempts: [1, 3] } }).behaviour('flaky:1');
    expect([1, 2, 3, 4].map((n) => crashDelay(b, n))).toEqual([3000, undefined, 3000, undefined]);
  });

  it.each([
    [{ 'myapp:1.4.3': { readyAfter: 'soon' } }, 'images["myapp:1.4.3"].readyAfter: expected a duration like "5s"'],
    [{ 'myapp:1.4.3': { readyAfter: 5 } }, 'images["myapp:1.4.3"].readyAfter: expected a duration like "5s"'],
    [{ 'My App': {} }, 'images["My App"]: expected an image reference like "myapp:1.4.3" or "myapp"'],
    [{ web: { startTime: '5s' } }, 'images["web"]: unknown field "startTime"'],
    [{ web: { exitCode: 300 } }, 'images["web"].exitCode: expected an exit code 0–255'],
    [{ web: { ports: [0] } }, 'images["web"].ports[0]: expected a port 1–65535'],
    [{ web: { paths: ['healthz'] } }, 'images["web"].paths[0]: expected a path like "/healthz"'],
    [{ web: { files: { 'etc/x': '' } } }, 'images["web"].files["etc/x"]: expected an absolute path like "/etc/app.conf"'],
    [{ web: { unhealthyResponse: 'slow' } }, 'images["web"].unhealthyResponse: expected an HTTP status like 500 or "timeout"'],
    [{ web: { exists: 'no' } }, 'images["web"].exists: expected true or false'],
    [[], 'images: expected an object of image reference → behaviour'],
  ])('rejects %j', (data, message) => {
    expect(() => new ImageModel(data)).toThrow(message);
  });

  it('reports every problem at once, one per line', () => {
    expect(() => new ImageModel({ a: { readyAfter: 'x', stopTime: 'y' } })).toThrow(
      'images["a"].readyAfter: expected a duration like "5s"\nimages["a"].stopTime: expected a duration like "5s"',
    );
  });

  it('exports its schema for scenario files', () => {
    expect(ImagesSchema.safeParse({ web: { readyAfter: '2s' } }).success).toBe(true);
  });
});

describe('image names as the runtime reports them', () => {
  it.each([
    ['nginx', 'docker.io/library/nginx:latest'],
    ['nginx:1.27', 'docker.io/library/nginx:1.27'],
    ['team/api:2', 'docker.io/team/api:2'],
    ['registry.k8s.io/pause:3.10', 'registry.k8s.io/pause:3.10'],
    ['localhost:5000/app:dev', 'localhost:5000/app:dev'],
  ])('%s → %s', (image, want) => {
    expect(normalizedImage(image)).toBe(want);
  });

  it('gives the same image the same digest everywhere', () => {
    expect(imageID('nginx:1.27')).toMatch(/^docker\.io\/library\/nginx@sha256:[0-9a-f]{64}$/);
    expect(imageID('nginx:1.27')).toBe(imageID('docker.io/library/nginx:1.27'));
    expect(imageID('nginx:1.27')).not.toBe(imageID('nginx:1.28'));
  });
});
