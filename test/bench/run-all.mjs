// `npm run bench`: every benchmark in test/bench, one after another. Benchmarks print
// measurements; they are not tests and are not part of `npm test`.
import { spawnSync } from 'node:child_process';
import { readdirSync } from 'node:fs';

const only = process.argv.slice(2);
const files = readdirSync('test/bench')
  .filter((name) => /\.bench\.(ts|mjs)$/.test(name) || name === 'load.mjs')
  .filter((name) => only.length === 0 || only.some((word) => name.includes(word)))
  .sort();
for (const name of files) {
  console.log(`\n=== ${name}`);
  const runner = name.endsWith('.ts') ? ['npx', 'tsx'] : ['node'];
  spawnSync(runner[0], [...runner.slice(1), `test/bench/${name}`], { stdio: 'inherit' });
}
