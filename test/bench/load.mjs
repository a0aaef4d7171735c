// Load check (a benchmark, not a test): a class of learners opening lessons at once.
// Starts Debian's nginx with the production recipe on the build (dist/ unless SITE_DIR),
// points autocannon at it on 127.0.0.1 only, and prints throughput and latency.
//
//   npm run build && node test/bench/load.mjs [--connections 50] [--seconds 10]
//
// Each connection is one learner's browser: it fetches a lesson page and the hashed assets
// pages load, over and over, asking for gzip as browsers do. The run is bounded in time.
import { readdirSync } from 'node:fs';
import { join, relative } from 'node:path';
import { parseArgs } from 'node:util';
import autocannon from 'autocannon';
import { startNginx } from '../support/nginx.mjs';

const { values } = parseArgs({
  options: {
    dir: { type: 'string', default: process.env.SITE_DIR ?? 'dist' },
    connections: { type: 'string', default: '50' },
    seconds: { type: 'string', default: '10' },
  },
});
const connections = Math.min(Number(values.connections), 200);
const seconds = Math.min(Number(values.seconds), 30);

function files(dir, root = dir) {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const full = join(dir, entry.name);
    return entry.isDirectory() ? files(full, root) : [relative(root, full).split('\\').join('/')];
  });
}

const all = files(values.dir);
const pages = all
  .filter((file) => file.endsWith('index.html'))
  .map((file) => `/${file.replace(/index\.html$/, '')}`)
  .sort();
const assets = all.filter((file) => file.startsWith('_astro/') && /\.(js|css)$/.test(file)).map((file) => `/${file}`);
// A page, then a few assets, then the next page: roughly what a browser does on a cold cache.
const mix = pages.flatMap((page, i) => [page, ...[0, 1, 2].map((k) => assets[(i * 3 + k) % assets.length])]);

const nginx = await startNginx({ dir: values.dir, workers: 'auto' });
const target = new URL(nginx.url);
if (target.hostname !== '127.0.0.1') throw new Error(`refusing to load-test ${target.hostname}: loopback only`);

console.log(
  `${connections} connections for ${seconds} s against nginx on ${nginx.url}: ` +
    `${pages.length} pages and ${assets.length} _astro assets (${mix.length} requests per round)`,
);
let result;
try {
  result = await autocannon({
    url: nginx.url,
    connections,
    duration: seconds,
    headers: { 'accept-encoding': 'gzip' },
    requests: mix.map((path) => ({ method: 'GET', path })),
  });
} finally {
  await nginx.stop();
}

const mb = (bytes) => `${(bytes / 1024 / 1024).toFixed(1)} MB`;
const rows = [
  ['requests', `${result.requests.total} in ${result.duration.toFixed(1)} s`],
  ['requests/s', `${result.requests.average.toFixed(0)} average (min ${result.requests.min}, max ${result.requests.max})`],
  ['latency', `p50 ${result.latency.p50} ms, p97.5 ${result.latency.p97_5} ms, p99 ${result.latency.p99} ms, max ${result.latency.max} ms`],
  ['responses', `${result['2xx']} 2xx, ${result.non2xx} other`],
  ['errors', `${result.errors} errors, ${result.timeouts} timeouts`],
  ['bytes', `${mb(result.throughput.total)} read (gzip), ${mb(result.throughput.average)}/s`],
];
for (const [name, value] of rows) console.log(`${name.padEnd(11)} ${value}`);
if (result.errors > 0 || result.non2xx > 0) process.exitCode = 1;
