// The instructor's grade command:
//   npm run grade -- <files or folders> [--out gradebook.csv] [--json] [--key]
//                    [--content DIR] [--pass-mark 0.7]
// Re-grades learners' exports from their raw responses with the site's own
// grading code. A bad file gets one line naming it and the problem; every
// other file is still graded; the exit code is 1 when any file was rejected or
// any answer could not be graded, 2 when the command itself could not run.
// Exports with identical or near-identical responses (src/course/similarity.ts)
// are named in a `similar_to` column and one line per group; that is a signal
// for the instructor to look, not a grading error, so it leaves the exit code alone.
//
// Learner files are untrusted (see "What the grade command refuses" in
// content/docs/instructors.mdx): src/node/export-files.ts walks folders
// without following loops or opening pipes and devices; every learner string
// printed is escaped and cut (src/course/untrusted-text.ts); the CSV is
// neutralised for spreadsheets (csvCell in src/course/gradebook.ts); answers
// that cost too much to run are scored 0 as "could not be evaluated".
// `--out` is checked before any grading. runGrade() is the whole command,
// callable in-process; it never calls process.exit.

import { closeSync, existsSync, openSync, readFileSync, renameSync, statSync, unlinkSync, writeFileSync } from 'node:fs';
import { basename, dirname, join, relative, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { courseConfigForBuild } from '../node/course-config.ts';
import type { CourseConfig } from '../schemas/course-config.ts';
import { loadCourseContent } from '../node/load-content.ts';
import { exportText, parseExport } from '../course/export.ts';
import { collectExportFiles, readExportFile } from '../node/export-files.ts';
import { labChecklist } from '../course/lab-checklist.ts';
import {
  answerKeyMarkdown,
  flagSimilar,
  gradeLearner,
  gradebookRows,
  itemAnalysis,
  itemRows,
  similarGroupText,
  toCsv,
  type LearnerGrade,
} from '../course/gradebook.ts';
import type { LearnerExport } from '../schemas/export.ts';
import { SIMILARITY } from '../course/similarity.ts';
import { formatPercent } from '../shared/format.ts';
import { displayText, jsonTerminalSafe, terminalSafe } from '../course/untrusted-text.ts';
import { isEntryPoint } from '../node/entry-point.ts';

const USAGE = `Usage: npm run grade -- <export files or folders> [options]

Options:
  --out FILE        write the gradebook CSV to FILE and the item analysis to FILE with .items.csv
  --json            print the full report as JSON instead of tables
  --key             print the answer key as Markdown (no export files needed)
  --content DIR     course content folder (holding quizzes/) or a quiz bank folder; default content
  --pass-mark N     share of points needed to pass, 0 to 1; default from content/course.yaml, else 0.7
  --help            show this help`;

/** The widest a cell of the printed tables gets; longer text ends in "…" (the CSV has the full value). */
export const TABLE_CELL_MAX = 40;

interface Line {
  file: string;
  message: string;
}

export interface GradeIO {
  stdout: (text: string) => void;
  stderr: (text: string) => void;
  /** The folder relative paths are read from and shown relative to. */
  cwd: string;
}

/** The command cannot run at all: one line, exit code 2. */
class CommandError extends Error {}

function fail(message: string): never {
  throw new CommandError(message);
}

function errorText(error: unknown): string {
  const code = (error as NodeJS.ErrnoException | null)?.code;
  const message = error instanceof Error ? error.message : String(error);
  return code ? `${code}: ${message.replace(/^[A-Z]+: /, '')}` : message;
}

/**
 * `--out` is checked before any grading: the folder must exist and take a new
 * file, and neither output may be a folder or a file that cannot be replaced.
 * Returns the two paths.
 */
function checkOut(outArg: string, cwd: string): { out: string; itemsOut: string } {
  const out = resolve(cwd, outArg);
  const dir = dirname(out);
  const itemsOut = join(dir, `${basename(out).replace(/\.csv$/i, '')}.items.csv`);
  const shown = displayText(outArg, 200);
  let dirStat;
  try {
    dirStat = statSync(dir);
  } catch {
    fail(
      `--out ${shown}: the folder ${displayText(dir, 200)} does not exist; create it first (mkdir -p) or give a path in an existing folder`,
    );
  }
  if (!dirStat.isDirectory())
    fail(`--out ${shown}: ${displayText(dir, 200)} is a file, not a folder; give a path such as grades/gradebook.csv`);
  for (const target of [out, itemsOut]) {
    if (existsSync(target) && statSync(target).isDirectory()) {
      fail(`--out ${shown}: ${displayText(target, 200)} is a folder; give a file name such as gradebook.csv`);
    }
  }
  // Writing is what matters (root ignores permission bits, a read-only disk does not): try it.
  const probe = join(dir, `.grade-check-${process.pid}-${Date.now()}.tmp`);
  try {
    closeSync(openSync(probe, 'wx'));
    unlinkSync(probe);
  } catch (error) {
    fail(`--out ${shown}: cannot write in the folder ${displayText(dir, 200)} (${errorText(error)}); choose a folder you can write to`);
  }
  for (const target of [out, itemsOut]) {
    if (!existsSync(target)) continue;
    try {
      closeSync(openSync(target, 'r+'));
    } catch (error) {
      fail(`--out ${shown}: cannot replace ${displayText(target, 200)} (${errorText(error)}); remove it or give another file name`);
    }
  }
  return { out, itemsOut };
}

/** Written whole or not at all: a temporary file in the same folder, then renamed over the target. */
function writeWhole(path: string, text: string): void {
  const temp = join(dirname(path), `.${basename(path)}.${process.pid}.tmp`);
  try {
    writeFileSync(temp, text);
    renameSync(temp, path);
  } catch (error) {
    try {
      unlinkSync(temp);
    } catch {
      // Nothing was written.
    }
    fail(
      `could not write ${displayText(path, 200)} (${errorText(error)}); nothing was saved there, run the command again once it can be written`,
    );
  }
}

function cell(value: string | number | null): string {
  return value === null ? '' : displayText(String(value), TABLE_CELL_MAX);
}

function table(rows: (string | number | null)[][]): string {
  const cells = rows.map((r) => r.map(cell));
  const widths = cells[0]!.map((_, i) => Math.max(...cells.map((r) => (r[i] ?? '').length)));
  return cells
    .map((r) =>
      r
        .map((c, i) => c.padEnd(widths[i]!))
        .join('  ')
        .trimEnd(),
    )
    .join('\n');
}

function grade(argv: readonly string[], io: GradeIO): number {
  const say = (text: string) => io.stdout(terminalSafe(text));
  const warn = (text: string) => io.stderr(terminalSafe(text));
  let args;
  try {
    args = parseArgs({
      args: [...argv],
      allowPositionals: true,
      options: {
        out: { type: 'string' },
        json: { type: 'boolean', default: false },
        key: { type: 'boolean', default: false },
        content: { type: 'string' },
        'pass-mark': { type: 'string' },
        help: { type: 'boolean', default: false },
      },
    });
  } catch (error) {
    fail(`${error instanceof Error ? error.message : String(error)}\n${USAGE}`);
  }
  const { values, positionals } = args;
  if (values.help) {
    say(`${USAGE}\n`);
    return 0;
  }
  const outputs = values.out !== undefined && !values.key ? checkOut(values.out, io.cwd) : null;

  // Content: a folder with quizzes/ inside, or a folder of banks itself.
  const contentArg = resolve(io.cwd, values.content ?? 'content');
  if (!existsSync(contentArg)) fail(`content folder ${values.content ?? 'content'} does not exist (use --content DIR)`);
  const hasQuizzes = existsSync(join(contentArg, 'quizzes'));
  const contentRoot = hasQuizzes ? contentArg : dirname(contentArg);
  // The course settings first: the banks they make exams have their hashes over the public question (as the site had them).
  const configFile = join(contentRoot, 'course.yaml');
  let config: CourseConfig | null = null;
  if (existsSync(configFile)) {
    try {
      // As the build reads it (COURSE_EXAM_BANKS included), so exam answers carry the hashes this command expects.
      config = courseConfigForBuild(configFile);
    } catch (error) {
      fail(error instanceof Error ? error.message : String(error));
    }
  }
  const loaded = loadCourseContent(contentRoot, {
    ...(hasQuizzes ? {} : { quizzesDir: contentArg }),
    examBanks: config?.examBanks ?? [],
  });
  if (loaded.issues.length) {
    fail(`the question banks have problems; fix them first:\n${loaded.messages.join('\n')}`);
  }
  const content = loaded.content;
  if (content.quizzes.length === 0)
    fail(`no quiz banks found in ${relative(io.cwd, hasQuizzes ? join(contentArg, 'quizzes') : contentArg) || '.'}`);

  // The lab page's checklist, so lab completion can be given as a share.
  const labPage = join(contentRoot, 'docs', 'lab.mdx');
  const labItems = existsSync(labPage) ? labChecklist(readFileSync(labPage, 'utf8')).map((i) => i.id) : null;

  let passMark = config?.passMark ?? 0.7;
  if (values['pass-mark'] !== undefined) {
    passMark = Number(values['pass-mark']);
    if (!(passMark >= 0 && passMark <= 1))
      fail(`--pass-mark must be a share from 0 to 1, such as 0.7 (got ${displayText(values['pass-mark'], 40)})`);
  }

  if (values.key) {
    say(answerKeyMarkdown(content, passMark));
    return 0;
  }
  if (positionals.length === 0) fail(`give at least one export file or folder\n${USAGE}`);

  const problems: Line[] = [];
  const found = collectExportFiles(positionals, io.cwd);
  const rejected: Line[] = found.rejected.map((r) => ({ file: r.label, message: r.message }));
  const files = found.files;
  if (files.length === 0 && rejected.length === 0) fail('no .json export files found in the given folders');
  const grades: LearnerGrade[] = [];
  const exports: LearnerExport[] = [];
  const byLearner = new Map<string, string>();
  for (const { path, label: file, notes } of files) {
    // Whatever one file holds, it costs only itself: a surprise becomes its rejection line.
    try {
      const read = readExportFile(path);
      if (!read.ok) {
        rejected.push({ file, message: read.error });
        continue;
      }
      const decoded = exportText(read.bytes);
      if (!decoded.ok) {
        rejected.push({ file, message: decoded.error });
        continue;
      }
      const parsed = parseExport(decoded.text);
      if (!parsed.ok) {
        rejected.push({ file, message: parsed.error });
        continue;
      }
      for (const p of [...notes, ...decoded.problems, ...parsed.problems]) problems.push({ file, message: p });
      const g = gradeLearner(file, parsed.data, content, passMark, labItems);
      for (const p of g.problems) problems.push({ file, message: p });
      const other = byLearner.get(g.learnerId);
      if (other)
        problems.push({ file, message: `learner "${displayText(g.learnerId, 60)}" also exported ${other}; both are in the gradebook` });
      else byLearner.set(g.learnerId, file);
      grades.push(g);
      // Similarity looks at responses only: keep the name as the gradebook does, not a padded one.
      exports.push({ ...parsed.data, learner: { id: g.learnerId, name: g.learnerName } });
    } catch (error) {
      rejected.push({
        file,
        message: `could not be graded: unexpected error (${displayText(errorText(error), 200)}); please report it with the file`,
      });
    }
  }
  let similar: ReturnType<typeof flagSimilar> = [];
  try {
    similar = flagSimilar(grades, exports, content);
  } catch (error) {
    problems.push({
      file: 'similarity',
      message: `the check for identical answers failed (${displayText(errorText(error), 200)}); grades are not affected`,
    });
  }
  const flagged = new Set(similar.flatMap((group) => group.learners.map((l) => l.file))).size;

  const items = itemAnalysis(grades, content);
  if (outputs) {
    writeWhole(outputs.out, toCsv(gradebookRows(grades, content)));
    writeWhole(outputs.itemsOut, toCsv(itemRows(items)));
    if (!values.json) say(`Wrote ${relative(io.cwd, outputs.out)} and ${relative(io.cwd, outputs.itemsOut)}\n`);
  }

  if (values.json) {
    const report = {
      passMark,
      learners: grades.map((g) => ({
        file: g.file,
        learnerId: g.learnerId,
        learnerName: g.learnerName,
        quizzes: Object.fromEntries(g.standing.quizzes.map((q) => [q.bank, q.score])),
        moduleScore: g.standing.score,
        firstTryScore: g.firstTry.score,
        passed: g.standing.passed,
        answered: g.standing.answered,
        total: g.standing.total,
        predictionsMade: g.predictionsMade,
        labChecked: g.labChecked,
        labTotal: g.labTotal,
        problems: g.problems,
        similarTo: g.similarTo,
      })),
      items,
      similarity: { ...SIMILARITY, groups: similar },
      rejected,
      problems,
    };
    // JSON.stringify escapes C0 controls; the rest a terminal might act on are escaped too. The value is unchanged.
    io.stdout(`${jsonTerminalSafe(JSON.stringify(report, null, 2))}\n`);
  } else {
    if (grades.length) {
      say(`\nGradebook (pass mark ${formatPercent(passMark)})\n`);
      say(
        `${table([
          [
            'learner',
            'name',
            ...content.quizzes.map((b) => `quiz:${b.id}`),
            'module score',
            'result',
            'predictions',
            'lab items',
            ...(flagged ? ['similar to'] : []),
          ],
          ...grades.map((g) => [
            g.learnerId,
            g.learnerName,
            ...g.standing.quizzes.map((q) => formatPercent(q.score)),
            formatPercent(g.standing.score),
            g.standing.passed ? 'pass' : 'fail',
            g.predictionsMade,
            g.labTotal === null ? g.labChecked : `${g.labChecked}/${g.labTotal}`,
            ...(flagged
              ? [g.similarTo.map((x) => `${displayText(x.learnerName.trim() || x.learnerId, TABLE_CELL_MAX)} (${x.kind})`).join(', ')]
              : []),
          ]),
        ])}\n`,
      );
      say('\nItem analysis (first attempts)\n');
      say(
        `${table([
          ['question', 'answers', 'right first try', 'most chosen wrong answer', 'misconception'],
          ...items.map((s) => [
            s.questionId,
            s.responses,
            s.firstTryCorrect === null ? '-' : formatPercent(s.firstTryCorrect),
            s.topWrong ? `${displayText(s.topWrong.label, TABLE_CELL_MAX - 6)} (${s.topWrong.count})` : '',
            s.topWrong?.misconception?.label ?? '',
          ]),
        ])}\n`,
      );
    }
  }

  for (const r of rejected) warn(`${r.file}: rejected: ${r.message}\n`);
  for (const p of problems) warn(`${p.file}: ${p.message}\n`);
  for (const group of similar) warn(`similar: ${similarGroupText(group)}\n`);
  const summary =
    `${grades.length} graded, ${rejected.length} rejected, ${problems.length} problem${problems.length === 1 ? '' : 's'}` +
    (flagged ? `, ${flagged} with identical or near-identical answers (see similar_to)` : '');
  warn(`grade: ${summary}\n`);
  return rejected.length > 0 || problems.length > 0 ? 1 : 0;
}

/**
 * The grade command, in-process: `argv` as after `npm run grade --`. Returns the
 * exit code (0 all graded, 1 a file rejected or an answer not graded, 2 the
 * command could not run) and never exits the process.
 */
export function runGrade(argv: readonly string[], options: Partial<GradeIO> = {}): number {
  const io: GradeIO = {
    stdout: options.stdout ?? ((text) => void process.stdout.write(text)),
    stderr: options.stderr ?? ((text) => void process.stderr.write(text)),
    cwd: options.cwd ?? process.cwd(),
  };
  try {
    return grade(argv, io);
  } catch (error) {
    const message = error instanceof CommandError ? error.message : `unexpected error: ${errorText(error)}`;
    io.stderr(`grade: ${terminalSafe(message)}\n`);
    return 2;
  }
}

if (isEntryPoint(import.meta.url)) process.exitCode = runGrade(process.argv.slice(2));
