import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import type { AddressInfo } from 'node:net';
import { localLocation, resolveRequest, startServer } from '../../site/scripts/serve.ts';

describe('the preview server', () => {
  const root = mkdtempSync(join(tmpdir(), 'xs-serve-'));
  mkdirSync(join(root, 'units', 'u01'), { recursive: true });
  writeFileSync(join(root, 'index.html'), 'home');
  writeFileSync(join(root, 'units', 'u01', 'index.html'), 'unit');
  writeFileSync(join(tmpdir(), 'xs-secret.txt'), 'secret');
  afterAll(() => rmSync(root, { recursive: true, force: true }));

  it('serves files and folder indexes under the base', () => {
    expect(resolveRequest(root, '/xs/', '/xs/')).toBe(join(root, 'index.html'));
    expect(resolveRequest(root, '/xs/', '/xs/units/u01/')).toBe(join(root, 'units', 'u01', 'index.html'));
    expect(resolveRequest(root, '/', '/units/u01/')).toBe(join(root, 'units', 'u01', 'index.html'));
  });

  it('serves nothing outside the base or outside the folder', () => {
    expect(resolveRequest(root, '/xs/', '/units/u01/')).toBeNull();
    expect(resolveRequest(root, '/', '/../xs-secret.txt')).toBeNull();
    expect(resolveRequest(root, '/', '/%2e%2e/xs-secret.txt')).toBeNull();
    expect(resolveRequest(root, '/', '/units/%2e%2e/%2e%2e/%2e%2e/xs-secret.txt')).toBeNull();
    expect(resolveRequest(root, '/', '/%00')).toBeNull();
    expect(resolveRequest(root, '/', '/%E0%A4%A')).toBeNull();
  });

  it('never redirects to another host (//units, /\\units)', async () => {
    expect(localLocation('//evil.example/')).toBe('/evil.example/');
    expect(localLocation('/\\evil.example/')).toBe('/evil.example/');
    expect(localLocation('/units/')).toBe('/units/');
    const server = await startServer(root, '/', 0);
    try {
      const port = (server.address() as AddressInfo).port;
      for (const path of ['//units/u01', '/units/u01', '///units/u01']) {
        const res = await fetch(`http://127.0.0.1:${port}${path}`, { redirect: 'manual' });
        expect(res.status, path).toBe(301);
        expect(res.headers.get('location'), path).toBe('/units/u01/');
      }
    } finally {
      server.close();
    }
  });
});
