import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import {
  CourseContentError,
  validateCourseContent,
  type ContentSources,
  type CourseContent,
  type SourceFile,
  type ValidationResult,
} from '../course/course-content.ts';

// Reads content/quizzes, content/predictions and content/misconceptions.yaml
// from disk (node only: the build and the grade command).

function readYamlFolder(dir: string, display: (p: string) => string): SourceFile[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir)
    .filter((name) => /\.ya?ml$/i.test(name))
    .sort()
    .map((name) => ({ file: display(join(dir, name)), text: readFileSync(join(dir, name), 'utf8') }));
}

export interface LoadOptions {
  /** Folder holding quiz banks; default <contentDir>/quizzes. */
  quizzesDir?: string;
  /** Paths in messages are relative to this folder; default the working directory. */
  displayRoot?: string;
  /** Apply the item-writing rules (default true); the bank report lists their findings itself. */
  itemRules?: boolean;
  /** Banks content/course.yaml makes exams (`examBanks`), whose hashes cover their public form only. */
  examBanks?: readonly string[];
}

export function readContentSources(contentDir: string, options: LoadOptions = {}): ContentSources {
  const root = options.displayRoot ?? process.cwd();
  const display = (p: string) => relative(root, p) || p;
  const misconceptionsPath = join(contentDir, 'misconceptions.yaml');
  return {
    quizzes: readYamlFolder(options.quizzesDir ?? join(contentDir, 'quizzes'), display),
    predictions: readYamlFolder(join(contentDir, 'predictions'), display),
    misconceptions: existsSync(misconceptionsPath)
      ? { file: display(misconceptionsPath), text: readFileSync(misconceptionsPath, 'utf8') }
      : undefined,
  };
}

export function loadCourseContent(contentDir: string, options: LoadOptions = {}): ValidationResult {
  return validateCourseContent(readContentSources(contentDir, options), {
    itemRules: options.itemRules ?? true,
    ...(options.examBanks ? { examBanks: options.examBanks } : {}),
  });
}

/** For the build: any problem fails it, with one line per problem. */
export function loadCourseContentOrThrow(contentDir: string, options: LoadOptions = {}): CourseContent {
  const result = loadCourseContent(contentDir, options);
  if (result.issues.length > 0) throw new CourseContentError(result.issues);
  return result.content;
}
