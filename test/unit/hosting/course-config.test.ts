import { mkdtempSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, test } from 'vitest';
import { loadCourseConfig, placeholderSiteWarning, unknownExamBanks } from '../../../src/node/course-config.ts';

// The instructor edits content/course.yaml and reads these messages in the build output,
// so the tests read them exactly as printed.
const root = mkdtempSync(join(tmpdir(), 'course-config-'));
mkdirSync(join(root, 'content'));
afterAll(() => rmSync(root, { recursive: true, force: true }));

const VALID = 'title: Distributed Tracing\nsite: https://example.org\n';

/** Loads a course.yaml with the given text; returns the config or the error exactly as the build prints it. */
function load(yaml: string, overrides: Partial<Record<'site' | 'base', string>> = {}) {
  const file = join(root, 'content/course.yaml');
  writeFileSync(file, yaml);
  try {
    return loadCourseConfig(file, overrides);
  } catch (error) {
    return (error as Error).message.replaceAll(`${root}/`, '');
  }
}

describe('content/course.yaml', () => {
  test('the course ships with a valid configuration', () => {
    const config = loadCourseConfig('content/course.yaml');
    expect(config.base).toMatch(/^\/(.+\/)?$/);
    expect(config.passMark).toBeGreaterThan(0);
  });

  test('only title and site are required; the rest has defaults', () => {
    expect(load(VALID)).toEqual({
      title: 'Distributed Tracing',
      site: 'https://example.org',
      base: '/',
      passMark: 0.7,
      requireLearnerId: false,
      examBanks: [],
    });
  });

  test('examBanks lists banks by file name, and a wrong form says how to write it', () => {
    expect(load(`${VALID}examBanks: [module]\n`)).toMatchObject({ examBanks: ['module'] });
    expect(load(`${VALID}examBanks: module\n`)).toContain(
      'list the banks in brackets, e.g. `examBanks: [module]` for content/quizzes/module.yaml',
    );
    expect(load(`${VALID}examBanks: [Module Quiz]\n`)).toContain(
      'write each bank as its file name without .yaml, e.g. `examBanks: [module]`',
    );
  });

  test('a bank in examBanks that does not exist is named with the banks there are', () => {
    const config = load(`${VALID}examBanks: [modul]\n`);
    if (typeof config === 'string') throw new Error(config);
    expect(unknownExamBanks(config, ['module', 'sampling'], 'content/course.yaml')).toEqual([
      'content/course.yaml: field examBanks: "modul" is not a quiz bank: there is no content/quizzes/modul.yaml. Fix: use one of module, sampling.',
    ]);
  });

  test('a sub-path, pass mark and learner id are read as written', () => {
    expect(load(`${VALID}base: /tracing-course/\npassMark: 0.8\nrequireLearnerId: true\n`)).toMatchObject({
      base: '/tracing-course/',
      passMark: 0.8,
      requireLearnerId: true,
    });
  });

  test('COURSE_SITE and COURSE_BASE overrides replace the file and are checked the same way', () => {
    expect(load(VALID, { base: '/tracing-course/', site: 'https://course.example.net' })).toMatchObject({
      site: 'https://course.example.net',
      base: '/tracing-course/',
    });
    expect(load(VALID, { base: 'tracing-course' })).toMatchInlineSnapshot(
      `"COURSE_BASE: use "/" or a path that starts and ends with "/", e.g. \`base: /tracing-course/\`."`,
    );
  });
});

describe('each mistake gives one line naming the file, the field and the fix', () => {
  test('missing title', () => {
    expect(load('site: https://example.org\n')).toMatchInlineSnapshot(
      `"content/course.yaml:1:1: field title: give the course a title, e.g. \`title: Distributed Tracing\`."`,
    );
  });

  test('empty title', () => {
    expect(load('title: "  "\nsite: https://example.org\n')).toMatchInlineSnapshot(
      `"content/course.yaml:1:8: field title: give the course a title, e.g. \`title: Distributed Tracing\`."`,
    );
  });

  test('site without a scheme', () => {
    expect(load('title: T\nsite: example.org\n')).toMatchInlineSnapshot(
      `"content/course.yaml:2:7: field site: use the full address of the host, with https://, e.g. \`site: https://example.org\`."`,
    );
  });

  test('site with a path that belongs in base', () => {
    expect(load('title: T\nsite: https://example.org/tracing-course\n')).toMatchInlineSnapshot(
      `"content/course.yaml:2:7: field site: put only the host here and the path in \`base\`: \`site: https://example.org\` and \`base: /tracing-course/\`."`,
    );
  });

  test('base without the trailing slash', () => {
    expect(load(`${VALID}base: /tracing-course\n`)).toMatchInlineSnapshot(
      `"content/course.yaml:3:7: field base: end the path with "/": \`base: /tracing-course/\`."`,
    );
  });

  test('base without the leading slash', () => {
    expect(load(`${VALID}base: tracing-course/\n`)).toMatchInlineSnapshot(
      `"content/course.yaml:3:7: field base: use "/" or a path that starts and ends with "/", e.g. \`base: /tracing-course/\`."`,
    );
  });

  test('pass mark written as a percentage', () => {
    expect(load(`${VALID}passMark: 70\n`)).toMatchInlineSnapshot(
      `"content/course.yaml:3:11: field passMark: use a share from 0 to 1: for 70% write \`passMark: 0.7\`."`,
    );
  });

  test('pass mark written as text', () => {
    expect(load(`${VALID}passMark: "70%"\n`)).toMatchInlineSnapshot(
      `"content/course.yaml:3:11: field passMark: use a share from 0 to 1 without quotes or "%", e.g. \`passMark: 0.7\` for 70%."`,
    );
  });

  test('negative pass mark', () => {
    expect(load(`${VALID}passMark: -0.5\n`)).toMatchInlineSnapshot(
      `"content/course.yaml:3:11: field passMark: use a share from 0 to 1, e.g. \`passMark: 0.7\` for 70%."`,
    );
  });

  test('learner id flag written as a word', () => {
    expect(load(`${VALID}requireLearnerId: yes\n`)).toMatchInlineSnapshot(
      `"content/course.yaml:3:19: field requireLearnerId: use \`true\` or \`false\`, without quotes."`,
    );
  });

  test('a misspelt setting is named instead of ignored', () => {
    expect(load(`${VALID}pasMark: 0.8\n`)).toMatchInlineSnapshot(
      `"content/course.yaml:3:1: unknown field \`pasMark\`, did you mean \`passMark\`? Fix: rename it to \`passMark\`."`,
    );
  });

  test('broken YAML', () => {
    expect(load('title: Distributed Tracing\nsite: [https://example.org\n')).toMatchInlineSnapshot(
      `"content/course.yaml:3:1: not valid YAML: Flow sequence in block collection must be sufficiently indented and end with a ]. Fix: check the indentation (spaces, not tabs) and the quoting on this line and the one above, and that every \`key:\` has a space after the colon."`,
    );
  });

  test('several mistakes give one line each', () => {
    const message = load('title: 3\nsite: example.org\npassMark: 80\n');
    expect(String(message).split('\n')).toHaveLength(3);
    expect(message).toMatchInlineSnapshot(`
      "content/course.yaml:1:8: field title: give the course a title, e.g. \`title: Distributed Tracing\`.
      content/course.yaml:2:7: field site: use the full address of the host, with https://, e.g. \`site: https://example.org\`.
      content/course.yaml:3:11: field passMark: use a share from 0 to 1: for 80% write \`passMark: 0.8\`."
    `);
  });
});

describe('a build for hosting still on the placeholder site', () => {
  test('gets one warning naming the setting, the file and the override', () => {
    expect(placeholderSiteWarning('https://example.org')).toMatchInlineSnapshot(
      `"content/course.yaml: \`site\` is still the placeholder https://example.org, so every canonical link, the sitemap and the lab's CORS command point there. Set \`site:\` in content/course.yaml to the address learners will open, or set COURSE_SITE for one build, e.g. \`COURSE_SITE=https://tracing.your-school.edu npm run build\`."`,
    );
  });

  test('the course as shipped is on the placeholder, so its build warns', () => {
    expect(placeholderSiteWarning(loadCourseConfig('content/course.yaml').site)).toContain('COURSE_SITE');
  });

  test.each(['https://example.com', 'http://www.example.net/', 'https://course.example.org', 'https://tracing.example'])(
    'every host reserved for examples counts as a placeholder: %s',
    (site) => expect(placeholderSiteWarning(site)).toBeDefined(),
  );

  test.each(['https://tracing.uni-example.edu', 'https://myexample.org', 'https://courses.example-school.org', 'http://localhost:4321'])(
    'a real host gives no warning: %s',
    (site) => expect(placeholderSiteWarning(site)).toBeUndefined(),
  );
});
