// The lab folders' files, read at build time by Vite (`?raw`), so the pages and
// the downloads always carry exactly what is in labs/. Build-time only: used by
// Astro components and static endpoints, never shipped to the browser.

/** Repository path ("labs/tracing/up.sh") -> file text. */
const FILES: Record<string, string> = Object.fromEntries(
  Object.entries(
    // `exhaustive` includes dotfiles (.dockerignore); node_modules stays out.
    import.meta.glob<string>(['/labs/tracing/**/*', '/labs/worked-example/**/*', '!/labs/**/node_modules/**'], {
      query: '?raw',
      import: 'default',
      eager: true,
      exhaustive: true,
    }),
  ).map(([path, text]) => [path.slice(1), text]),
);

/** The downloadable lab folders: archive name and the top folder inside it. */
export const LAB_FOLDERS = {
  tracing: { dir: 'labs/tracing', archive: 'tracing-lab.zip', top: 'tracing' },
  'worked-example': { dir: 'labs/worked-example', archive: 'worked-example.zip', top: 'worked-example' },
} as const;

export type LabFolder = keyof typeof LAB_FOLDERS;

/** Every lab file's repository path, sorted. */
export function labFilePaths(): string[] {
  return Object.keys(FILES).sort();
}

/** Files under one lab folder, as [path relative to the folder, text], sorted. */
export function filesOf(folder: LabFolder): [string, string][] {
  const prefix = `${LAB_FOLDERS[folder].dir}/`;
  return labFilePaths()
    .filter((path) => path.startsWith(prefix))
    .map((path) => [path.slice(prefix.length), FILES[path]!]);
}

/** A lab file's text; throws naming the file and what exists when the path is wrong. */
export function labFileText(path: string): string {
  const text = FILES[path];
  if (text === undefined) {
    const near = labFilePaths()
      .filter((p) => p.startsWith(path.split('/').slice(0, 2).join('/')))
      .slice(0, 12);
    throw new Error(
      `No lab file "${path}". Paths are relative to the repository root and must be inside labs/ ` +
        `(node_modules excluded), e.g. ${near.join(', ') || 'labs/tracing/up.sh'}.`,
    );
  }
  return text;
}

/**
 * Files offered one by one (every lab file with an extension: manifests,
 * scripts, configs). Extensionless files such as the Dockerfile come in the
 * archives, as a static host could not serve them with a sensible type.
 */
export function downloadableFiles(): string[] {
  return labFilePaths().filter((path) => /[^/.][^/]*\.[a-z]+$/.test(path));
}

/** Unix permissions for an archive entry: scripts stay executable after unzip. */
export function fileMode(path: string): number {
  return path.endsWith('.sh') ? 0o755 : 0o644;
}

/** `base` joined with a path, whether or not the configured base ends in a slash. */
export function withBase(base: string, path: string): string {
  return `${base.replace(/\/$/, '')}/${path.replace(/^\//, '')}`;
}

/** Where a lab file is served for download. */
export function downloadPath(repoPath: string): string {
  return `downloads/${repoPath}`;
}
