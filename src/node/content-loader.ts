import { join, relative, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Loader } from 'astro/loaders';
import { CourseContentError, type CourseContent } from '../course/course-content.ts';
import { loadCourseContent } from './load-content.ts';

// The quiz banks, prediction banks and misconception list as Astro content
// collections (src/content.config.ts). Each collection's loader reads all of
// content/quizzes, content/predictions and content/misconceptions.yaml and runs
// the course's one validator over them, because the checks cross files (ids
// unique across banks, misconceptions defined once). A problem fails the
// build, one line each with the file, line, column, item and fix; in
// `astro dev` it is logged and the last valid content stays.

export type CourseCollection = 'quizzes' | 'predictions' | 'misconceptions';

/** Entries of one collection, keyed the way files name them: bank id, lesson, misconception id. */
function entriesOf(collection: CourseCollection, content: CourseContent): { id: string; data: Record<string, unknown> }[] {
  switch (collection) {
    case 'quizzes':
      return content.quizzes.map((bank) => ({ id: bank.id, data: bank }));
    case 'predictions':
      return content.predictions.map((bank) => ({ id: bank.lesson, data: bank }));
    case 'misconceptions':
      return content.misconceptions.map((m) => ({ id: m.id, data: m }));
  }
}

export function courseContentLoader(collection: CourseCollection): Loader {
  return {
    name: `course-${collection}`,
    load: async ({ store, config, watcher, logger }) => {
      const root = fileURLToPath(config.root);
      const contentDir = join(root, 'content');
      const sync = () => {
        // Paths in messages relative to the project, as instructors open them: content/quizzes/x.yaml.
        const result = loadCourseContent(contentDir, { displayRoot: root });
        if (result.issues.length > 0) throw new CourseContentError(result.issues);
        store.clear();
        for (const entry of entriesOf(collection, result.content)) store.set(entry);
      };
      sync();
      if (!watcher) return;
      watcher.add(contentDir);
      const isCourseFile = (path: string) => {
        const inContent = relative(contentDir, path).split(sep);
        return (
          (inContent.length === 2 && ['quizzes', 'predictions'].includes(inContent[0]!) && /\.ya?ml$/i.test(inContent[1]!)) ||
          (inContent.length === 1 && inContent[0] === 'misconceptions.yaml')
        );
      };
      watcher.on('all', (_event, path) => {
        if (!isCourseFile(path)) return;
        try {
          sync();
          logger.info(`Reloaded ${collection} after a change to ${relative(root, path)}`);
        } catch (error) {
          logger.error(error instanceof Error ? error.message : String(error));
        }
      });
    },
  };
}
