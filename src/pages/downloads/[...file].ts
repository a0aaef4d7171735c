// One download per lab file (manifests, scripts, configs), written at build
// time from labs/ exactly as it is there: /downloads/labs/tracing/up.sh.
import type { APIRoute, GetStaticPaths } from 'astro';
import { downloadableFiles, labFileText } from '../../node/lab-files';

const TYPES: Record<string, string> = {
  yaml: 'application/yaml; charset=utf-8',
  sh: 'text/x-shellscript; charset=utf-8',
  md: 'text/markdown; charset=utf-8',
  json: 'application/json; charset=utf-8',
  ts: 'text/plain; charset=utf-8',
};

export const getStaticPaths = (() => downloadableFiles().map((path) => ({ params: { file: path } }))) satisfies GetStaticPaths;

export const GET: APIRoute = ({ params }) => {
  const path = params['file'] ?? '';
  const extension = /\.([a-z]+)$/.exec(path)?.[1] ?? '';
  return new Response(labFileText(path), {
    headers: { 'Content-Type': TYPES[extension] ?? 'text/plain; charset=utf-8' },
  });
};
