// Stops `npm install` and `npm test` on a Node.js older than package.json's
// `engines.node` with one line saying what to install, instead of dozens of
// EBADENGINE warnings and a test run that counts nothing.
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

/** The minimum "X.Y.Z" of an engines range written as ">=X.Y.Z". */
export function minimumVersion(range) {
  const match = /^>=\s*(\d+)\.(\d+)\.(\d+)$/.exec(range.trim());
  if (!match) throw new Error(`package.json engines.node is "${range}"; write it as ">=X.Y.Z"`);
  return match.slice(1).map(Number);
}

/** The one-line problem with `version` (e.g. "20.20.2"), or null when it is new enough. */
export function nodeProblem(version, range) {
  const want = minimumVersion(range);
  const have = version.replace(/^v/, '').split('.').map(Number);
  for (let i = 0; i < 3; i += 1) {
    if ((have[i] ?? 0) > want[i]) return null;
    if ((have[i] ?? 0) < want[i]) {
      return (
        `This course needs Node.js ${want.join('.')} or newer, and this is Node.js ${version.replace(/^v/, '')}: ` +
        'install Node 24 (https://nodejs.org, or `npm install --prefix ~/.cache/node24 node@24` and put ~/.cache/node24/node_modules/.bin first on PATH), then run the command again.'
      );
    }
  }
  return null;
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const pkg = JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8'));
  const problem = nodeProblem(process.versions.node, pkg.engines.node);
  if (problem) {
    console.error(problem);
    process.exit(1);
  }
}
