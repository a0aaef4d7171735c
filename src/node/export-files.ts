import { closeSync, constants, fstatSync, lstatSync, openSync, readdirSync, readlinkSync, readSync, statSync, type Stats } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import { displayFileName, displayText, isUtf8 } from '../course/untrusted-text.ts';

// Finding and reading learners' export files for the grade command (node only;
// no page imports this). A folder of exports is learner-supplied: unpacked from
// an LMS archive it may hold links, pipes, devices, names in another encoding.
// Each odd entry becomes one line saying what it is and what to do, and is
// skipped; nothing here can hang, loop or throw:
// - the type of an entry is read with lstat before anything opens it, and only
//   regular files are read (a named pipe would block a reader forever, and
//   /dev/zero never ends);
// - symbolic links are followed (an instructor may link a class folder in),
//   but a folder is walked once: a link back to a folder already walked, such
//   as a link to its own folder, is reported instead of walked again;
// - names are handled as bytes, so a file whose name is not UTF-8 (a Latin-1
//   "café.json") is still read, and shown with its odd bytes as \xNN;
// - a file is opened non-blocking and checked again with fstat, so a file
//   swapped for a pipe between the check and the open is refused, not waited on;
// - a file is read up to MAX_EXPORT_BYTES, whatever its stated size.

/** The largest export file read. One from the site is well under 1 MB; this leaves room for odd but honest ones. */
export const MAX_EXPORT_BYTES = 64 * 1024 * 1024;

export interface ExportFile {
  /** The path as bytes, for opening. */
  path: Buffer;
  /** The path as shown: relative to the working folder, escaped. */
  label: string;
  /** One line per oddity that did not stop the file from being read (a name that is not UTF-8). */
  notes: string[];
}

export interface SkippedEntry {
  label: string;
  message: string;
}

const isExportName = (name: Buffer) => name.toString('latin1').toLowerCase().endsWith('.json');

function codeOf(error: unknown): string {
  return (error as NodeJS.ErrnoException | null)?.code ?? 'error';
}

function why(error: unknown): string {
  const code = codeOf(error);
  if (code === 'EACCES' || code === 'EPERM')
    return `permission denied (${code}); give yourself read access (chmod u+r) or copy the file somewhere you can read`;
  if (code === 'ENOENT') return 'it disappeared while the folder was read; run the command again';
  if (code === 'EIO') return 'input/output error (EIO): the disk or file system failed to read it; copy it again';
  if (code === 'ENAMETOOLONG') return 'its path is too long for the system (ENAMETOOLONG); move it to a shorter path';
  const message = error instanceof Error ? error.message : String(error);
  return displayText(message, 200);
}

/** What a non-regular, non-folder entry is, in words. */
function kindOf(st: Stats): string {
  if (st.isFIFO()) return 'a named pipe (FIFO)';
  if (st.isCharacterDevice()) return 'a character device';
  if (st.isBlockDevice()) return 'a block device';
  if (st.isSocket()) return 'a socket';
  return 'not a regular file';
}

/**
 * The export files named on the command line: files as given, folders walked
 * for `*.json` (any case). `rejected` gets one line per entry that cannot be
 * an export (missing, a pipe, a device, a dangling link, a loop, unreadable).
 */
export function collectExportFiles(paths: readonly string[], cwd: string): { files: ExportFile[]; rejected: SkippedEntry[] } {
  const files: ExportFile[] = [];
  const rejected: SkippedEntry[] = [];
  const walked = new Set<string>();
  const seenFiles = new Set<string>();
  const keyOf = (st: Stats) => `${st.dev}:${st.ino}`;

  const addFile = (path: Buffer, label: string, st: Stats, nameBytes: Buffer | null) => {
    // The same file named twice (a folder and a file in it, or a link to it) is read once.
    if (seenFiles.has(keyOf(st))) return;
    seenFiles.add(keyOf(st));
    const notes =
      nameBytes && !isUtf8(nameBytes)
        ? [`the file name is not valid UTF-8 (its bytes are shown as \\xNN); graded, but rename it to UTF-8 so other tools can open it too`]
        : [];
    files.push({ path, label, notes });
  };

  /** One entry: `explicit` when named on the command line (read whatever its name). */
  const visit = (path: Buffer, label: string, nameBytes: Buffer | null, explicit: boolean) => {
    let lst: Stats;
    try {
      lst = lstatSync(path);
    } catch (error) {
      rejected.push({ label, message: codeOf(error) === 'ENOENT' ? 'no such file or folder' : `cannot be examined: ${why(error)}` });
      return;
    }
    let st = lst;
    if (lst.isSymbolicLink()) {
      try {
        st = statSync(path);
      } catch (error) {
        let target = '';
        try {
          target = ` to ${displayFileName(readlinkSync(path, { encoding: 'buffer' }))}`;
        } catch {
          // The target is only for the message.
        }
        const code = codeOf(error);
        rejected.push({
          label,
          message:
            code === 'ENOENT'
              ? `is a symbolic link${target}, which does not exist (a dangling link); skipped: remove the link or put the export there`
              : code === 'ELOOP'
                ? `is a symbolic link${target} that leads back to itself (ELOOP); skipped: remove the link`
                : `is a symbolic link${target} that cannot be followed: ${why(error)}`,
        });
        return;
      }
    }
    if (st.isDirectory()) {
      if (walked.has(keyOf(st))) {
        // A real folder named twice on the command line is simply walked once; a link back to one is worth a line.
        if (lst.isSymbolicLink())
          rejected.push({
            label,
            message: 'is a symbolic link to a folder already read (a loop, such as a link to its own folder); not read again',
          });
        return;
      }
      walked.add(keyOf(st));
      let names: Buffer[];
      try {
        names = readdirSync(path, { encoding: 'buffer' });
      } catch (error) {
        rejected.push({ label, message: `is a folder that cannot be read: ${why(error)}` });
        return;
      }
      names.sort(Buffer.compare);
      for (const name of names) {
        const child = Buffer.concat([path, Buffer.from('/'), name]);
        visit(child, join(label, displayFileName(name)), name, false);
      }
      return;
    }
    if (!explicit && !isExportName(nameBytes ?? Buffer.alloc(0))) return; // other files in a folder are not exports
    if (st.isFile()) {
      addFile(path, label, st, nameBytes);
      return;
    }
    rejected.push({
      label,
      message: `is ${kindOf(st)}, not a regular file; skipped without opening it (an export is a file downloaded from the progress page)`,
    });
  };

  for (const p of paths) {
    const label = displayText(relative(cwd, resolve(cwd, p)) || p, 300);
    // A name that was not UTF-8 reaches argv with U+FFFD in it and cannot be opened by that name.
    if (p.includes('\ufffd')) {
      rejected.push({
        label,
        message:
          'no such file: its name is not valid UTF-8 as typed (a shell pattern such as *.json passes it on mangled); give its folder instead',
      });
      continue;
    }
    visit(Buffer.from(resolve(cwd, p)), label, null, true);
  }
  return { files, rejected };
}

/**
 * A file's bytes, read only if it is still a regular file when opened and no
 * bigger than MAX_EXPORT_BYTES. Never throws and never blocks.
 */
export function readExportFile(path: Buffer): { ok: true; bytes: Buffer } | { ok: false; error: string } {
  let fd: number;
  try {
    fd = openSync(path, constants.O_RDONLY | constants.O_NONBLOCK | constants.O_NOCTTY);
  } catch (error) {
    return { ok: false, error: `cannot be read: ${why(error)}` };
  }
  try {
    const st = fstatSync(fd);
    if (!st.isFile()) return { ok: false, error: `is ${kindOf(st)} now, not a regular file; skipped` };
    const tooBig = () => ({
      ok: false as const,
      error: `is larger than ${MAX_EXPORT_BYTES / 1024 / 1024} MB; an export from the site is far smaller, so this is not one (or it was padded); skipped`,
    });
    if (st.size > MAX_EXPORT_BYTES) return tooBig();
    const chunks: Buffer[] = [];
    let total = 0;
    for (;;) {
      const chunk = Buffer.allocUnsafe(Math.min(Math.max(st.size - total, 0) + 65_536, MAX_EXPORT_BYTES + 1 - total));
      const n = readSync(fd, chunk, 0, chunk.length, null);
      if (n === 0) break;
      chunks.push(n === chunk.length ? chunk : chunk.subarray(0, n));
      total += n;
      if (total > MAX_EXPORT_BYTES) return tooBig();
    }
    return { ok: true, bytes: chunks.length === 1 ? chunks[0]! : Buffer.concat(chunks, total) };
  } catch (error) {
    return { ok: false, error: `cannot be read: ${why(error)}` };
  } finally {
    closeSync(fd);
  }
}
