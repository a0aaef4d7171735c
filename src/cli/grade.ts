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

import { existsSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { basename, dirname, join, relative, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { loadCourseConfig } from '../course/course-config.ts';
import { loadCourseContent } from '../course/load-content.ts';
import { parseExport } from '../course/export.ts';
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
import { percent } from '../course/scoring.ts';

const USAGE = `Usage: npm run grade -- <export files or folders> [options]

Options:
  --out FILE        write the gradebook CSV to FILE and the item analysis to FILE with .items.csv
  --json            print the full report as JSON instead of tables
  --key             print the answer key as Markdown (no export files needed)
  --content DIR     course content folder (holding quizzes/) or a quiz bank folder; default content
  --pass-mark N     share of points needed to pass, 0 to 1; default from content/course.yaml, else 0.7
  --help            show this help`;

interface Line {
  file: string;
  message: string;
}

function fail(message: string): never {
  process.stderr.write(`grade: ${message}\n`);
  process.exit(2);
}

function collectFiles(paths: string[], missing: Line[]): string[] {
  const out: string[] = [];
  const walk = (dir: string) => {
    for (const name of readdirSync(dir).sort()) {
      const p = join(dir, name);
      if (statSync(p).isDirectory()) walk(p);
      else if (name.toLowerCase().endsWith('.json')) out.push(p);
    }
  };
  for (const p of paths) {
    if (!existsSync(p)) missing.push({ file: p, message: 'no such file or folder' });
    else if (statSync(p).isDirectory()) walk(p);
    else out.push(p);
  }
  return [...new Set(out)];
}

function table(rows: (string | number | null)[][]): string {
  const cells = rows.map((r) => r.map((c) => (c === null ? '' : String(c))));
  const widths = cells[0]!.map((_, i) => Math.max(...cells.map((r) => (r[i] ?? '').length)));
  return cells.map((r) => r.map((c, i) => c.padEnd(widths[i]!)).join('  ').trimEnd()).join('\n');
}

function main(): number {
  let args;
  try {
    args = parseArgs({
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
    process.stdout.write(`${USAGE}\n`);
    return 0;
  }

  // Content: a folder with quizzes/ inside, or a folder of banks itself.
  const contentArg = resolve(values.content ?? 'content');
  if (!existsSync(contentArg)) fail(`content folder ${values.content ?? 'content'} does not exist (use --content DIR)`);
  const hasQuizzes = existsSync(join(contentArg, 'quizzes'));
  const contentRoot = hasQuizzes ? contentArg : dirname(contentArg);
  const loaded = loadCourseContent(contentRoot, hasQuizzes ? {} : { quizzesDir: contentArg });
  if (loaded.issues.length) {
    fail(`the question banks have problems; fix them first:\n${loaded.messages.join('\n')}`);
  }
  const content = loaded.content;
  if (content.quizzes.length === 0) fail(`no quiz banks found in ${relative(process.cwd(), hasQuizzes ? join(contentArg, 'quizzes') : contentArg) || '.'}`);

  // The lab page's checklist, so lab completion can be given as a share.
  const labPage = join(contentRoot, 'docs', 'lab.mdx');
  const labItems = existsSync(labPage) ? labChecklist(readFileSync(labPage, 'utf8')).map((i) => i.id) : null;

  let passMark = 0.7;
  const configFile = join(contentRoot, 'course.yaml');
  if (values['pass-mark'] !== undefined) {
    passMark = Number(values['pass-mark']);
    if (!(passMark >= 0 && passMark <= 1)) fail(`--pass-mark must be a share from 0 to 1, such as 0.7 (got ${values['pass-mark']})`);
  } else if (existsSync(configFile)) {
    try {
      passMark = loadCourseConfig(configFile).passMark;
    } catch (error) {
      fail(error instanceof Error ? error.message : String(error));
    }
  }

  if (values.key) {
    process.stdout.write(answerKeyMarkdown(content, passMark));
    return 0;
  }
  if (positionals.length === 0) fail(`give at least one export file or folder\n${USAGE}`);

  const rejected: Line[] = [];
  const problems: Line[] = [];
  const files = collectFiles(positionals, rejected);
  if (files.length === 0 && rejected.length === 0) fail('no .json export files found in the given folders');
  const grades: LearnerGrade[] = [];
  const exports: LearnerExport[] = [];
  const byLearner = new Map<string, string>();
  for (const path of files) {
    const file = relative(process.cwd(), path) || path;
    let text: string;
    try {
      text = readFileSync(path, 'utf8');
    } catch (error) {
      rejected.push({ file, message: `cannot be read (${error instanceof Error ? error.message : String(error)})` });
      continue;
    }
    const parsed = parseExport(text);
    if (!parsed.ok) {
      rejected.push({ file, message: parsed.error });
      continue;
    }
    for (const p of parsed.problems) problems.push({ file, message: p });
    const g = gradeLearner(file, parsed.data, content, passMark, labItems);
    for (const p of g.problems) problems.push({ file, message: p });
    const other = byLearner.get(g.learnerId);
    if (other) problems.push({ file, message: `learner "${g.learnerId}" also exported ${other}; both are in the gradebook` });
    else byLearner.set(g.learnerId, file);
    grades.push(g);
    exports.push(parsed.data);
  }
  const similar = flagSimilar(grades, exports, content);
  const flagged = new Set(similar.flatMap((group) => group.learners.map((l) => l.file))).size;

  const items = itemAnalysis(grades, content);
  if (values.out) {
    const out = resolve(values.out);
    const itemsOut = join(dirname(out), `${basename(out).replace(/\.csv$/i, '')}.items.csv`);
    writeFileSync(out, toCsv(gradebookRows(grades, content)));
    writeFileSync(itemsOut, toCsv(itemRows(items)));
    if (!values.json) process.stdout.write(`Wrote ${relative(process.cwd(), out)} and ${relative(process.cwd(), itemsOut)}\n`);
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
    process.stdout.write(`${JSON.stringify(report, null, 2)}\n`);
  } else {
    if (grades.length) {
      process.stdout.write(`\nGradebook (pass mark ${percent(passMark)}%)\n`);
      process.stdout.write(
        `${table([
          ['learner', 'name', ...content.quizzes.map((b) => `quiz:${b.id}`), 'module score', 'result', 'predictions', 'lab items', ...(flagged ? ['similar to'] : [])],
          ...grades.map((g) => [
            g.learnerId,
            g.learnerName,
            ...g.standing.quizzes.map((q) => `${percent(q.score)}%`),
            `${percent(g.standing.score)}%`,
            g.standing.passed ? 'pass' : 'fail',
            g.predictionsMade,
            g.labTotal === null ? g.labChecked : `${g.labChecked}/${g.labTotal}`,
            ...(flagged ? [g.similarTo.map((x) => `${x.learnerName.trim() || x.learnerId} (${x.kind})`).join(', ')] : []),
          ]),
        ])}\n`,
      );
      process.stdout.write('\nItem analysis (first attempts)\n');
      process.stdout.write(
        `${table([
          ['question', 'answers', 'right first try', 'most chosen wrong answer', 'misconception'],
          ...items.map((s) => [
            s.questionId,
            s.responses,
            s.firstTryCorrect === null ? '-' : `${percent(s.firstTryCorrect)}%`,
            s.topWrong ? `${s.topWrong.label.slice(0, 48)} (${s.topWrong.count})` : '',
            s.topWrong?.misconception?.label ?? '',
          ]),
        ])}\n`,
      );
    }
  }

  for (const r of rejected) process.stderr.write(`${r.file}: rejected: ${r.message}\n`);
  for (const p of problems) process.stderr.write(`${p.file}: ${p.message}\n`);
  for (const group of similar) process.stderr.write(`similar: ${similarGroupText(group)}\n`);
  const summary =
    `${grades.length} graded, ${rejected.length} rejected, ${problems.length} problem${problems.length === 1 ? '' : 's'}` +
    (flagged ? `, ${flagged} with identical or near-identical answers (see similar_to)` : '');
  process.stderr.write(`grade: ${summary}\n`);
  return rejected.length > 0 || problems.length > 0 ? 1 : 0;
}

process.exitCode = main();
