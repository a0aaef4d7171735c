// The question-bank report for authors and reviewers:
//   npm run bank-report -- [--content DIR] [--json]
// Prints, per bank and item, the form of every question (type, option
// lengths, share keyed right, outcome, misconceptions), the length cues a
// test-wise learner could use, the item-writing findings of
// src/course/item-rules.ts and every answer that names a misconception.
// Exit code 0 when the report was printed (findings included: the build decides
// what fails), 2 when the banks could not be read or are invalid.
// runBankReport() is the whole command, callable in-process.

import { existsSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { bankReport, bankReportText } from '../course/bank-report.ts';
import { loadCourseContent } from '../node/load-content.ts';
import { isEntryPoint } from '../node/entry-point.ts';

const USAGE = `Usage: npm run bank-report -- [options]

Options:
  --content DIR     course content folder (holding quizzes/ and misconceptions.yaml); default content
  --json            print the report as JSON
  --help            show this help`;

export interface BankReportIO {
  stdout: (text: string) => void;
  stderr: (text: string) => void;
  cwd: string;
}

function report(argv: readonly string[], io: BankReportIO): number {
  const { values } = parseArgs({
    args: [...argv],
    options: {
      content: { type: 'string' },
      json: { type: 'boolean', default: false },
      help: { type: 'boolean', default: false },
    },
  });
  if (values.help) {
    io.stdout(`${USAGE}\n`);
    return 0;
  }
  const contentDir = resolve(io.cwd, values.content ?? 'content');
  if (!existsSync(join(contentDir, 'quizzes'))) {
    io.stderr(`bank-report: no quizzes/ folder in ${values.content ?? 'content'} (use --content DIR)\n`);
    return 2;
  }
  const loaded = loadCourseContent(contentDir, { displayRoot: io.cwd, itemRules: false });
  if (loaded.issues.length > 0) {
    io.stderr(`bank-report: the question banks have problems; fix them first:\n${loaded.messages.join('\n')}\n`);
    return 2;
  }
  const quizzesDir = relative(io.cwd, join(contentDir, 'quizzes')) || 'quizzes';
  // A bank's id is its file name (the content validator insists), so the file can be named from it.
  const banks = loaded.content.quizzes.map((bank) => ({ file: join(quizzesDir, `${bank.id}.yaml`), bank }));
  const result = bankReport(banks, loaded.content.misconceptions);
  io.stdout(values.json ? `${JSON.stringify(result, null, 2)}\n` : bankReportText(result));
  return 0;
}

export function runBankReport(argv: readonly string[], options: Partial<BankReportIO> = {}): number {
  const io: BankReportIO = {
    stdout: options.stdout ?? ((text) => void process.stdout.write(text)),
    stderr: options.stderr ?? ((text) => void process.stderr.write(text)),
    cwd: options.cwd ?? process.cwd(),
  };
  try {
    return report(argv, io);
  } catch (error) {
    io.stderr(`bank-report: ${error instanceof Error ? error.message : String(error)}\n${USAGE}\n`);
    return 2;
  }
}

if (isEntryPoint(import.meta.url)) process.exitCode = runBankReport(process.argv.slice(2));
