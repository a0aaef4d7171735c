// One zip per lab folder, built at build time from labs/ with fflate:
// /downloads/tracing-lab.zip (folder tracing/) and /downloads/worked-example.zip
// (folder worked-example/, without node_modules). Entries are byte-identical to
// the files, scripts keep their executable bit, and timestamps are fixed so the
// same sources give the same archive.
import type { APIRoute, GetStaticPaths } from 'astro';
import { zipSync, type Zippable } from 'fflate';
import { fileMode, filesOf, LAB_FOLDERS, type LabFolder } from '../../node/lab-files';

const FIXED_MTIME = new Date('2026-01-01T00:00:00Z');
const UNIX = 3;

export const getStaticPaths = (() =>
  (Object.keys(LAB_FOLDERS) as LabFolder[]).map((folder) => ({
    params: { archive: LAB_FOLDERS[folder].archive },
    props: { folder },
  }))) satisfies GetStaticPaths;

export const GET: APIRoute = ({ props }) => {
  const folder = (props as { folder: LabFolder }).folder;
  const { top } = LAB_FOLDERS[folder];
  const entries: Zippable = {};
  for (const [path, text] of filesOf(folder)) {
    // Regular file type (0o100000) plus permissions, in the high 16 bits.
    const attrs = ((0o100000 | fileMode(path)) << 16) >>> 0;
    entries[`${top}/${path}`] = [new TextEncoder().encode(text), { os: UNIX, attrs, mtime: FIXED_MTIME }];
  }
  const zip = zipSync(entries, { level: 9, mtime: FIXED_MTIME });
  return new Response(zip.slice().buffer, { headers: { 'Content-Type': 'application/zip' } });
};
