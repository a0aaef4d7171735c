// The nginx suites must give the same result wherever the clone lives: run as
// root from a clone inside root's mode-700 home, nginx's workers used to drop
// to an unprivileged user and answer 403 to every page.
import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync, chmodSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { NGINX_BIN, startNginx } from '../../support/nginx.mjs';

const haveNginx = existsSync(NGINX_BIN);
if (!haveNginx) console.warn(`nginx-private-folder.test.ts: ${NGINX_BIN} not found, skipped.`);

describe.skipIf(!haveNginx)('the test nginx', () => {
  const home = mkdtempSync(join(tmpdir(), 'private-home-'));
  afterAll(() => rmSync(home, { recursive: true, force: true }));

  it('serves a build inside a folder only its owner can enter', async () => {
    const site = join(home, 'clone', 'dist');
    mkdirSync(site, { recursive: true });
    writeFileSync(join(site, 'index.html'), '<!doctype html><title>course</title><p>private build</p>');
    chmodSync(home, 0o700);
    const nginx = await startNginx({ dir: site });
    try {
      const response = await fetch(nginx.url);
      expect(response.status).toBe(200);
      expect(await response.text()).toContain('private build');
    } finally {
      await nginx.stop();
    }
  });
});
