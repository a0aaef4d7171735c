import { useEffect, useState } from 'react';
import { loadQuestionTypes, questionTypeReady, type QuestionType } from '../../course/question-types/registry.ts';

/**
 * Loads the graders of the question types the learner has stored answers of,
 * so those answers can be re-graded and shown. Returns how many loads finished
 * (a dependency of re-grading), the types still loading, and why loading
 * failed, if it did. Shared by the quiz and the progress page.
 */
export function useStoredGraders(types: readonly QuestionType[]): { loaded: number; pending: QuestionType[]; error: string | null } {
  const key = [...new Set(types)].sort().join(' ');
  const [loaded, setLoaded] = useState(0);
  const [error, setError] = useState<string | null>(null);
  useEffect(() => {
    const missing = (key ? (key.split(' ') as QuestionType[]) : []).filter((t) => !questionTypeReady(t));
    if (!missing.length) return;
    let active = true;
    loadQuestionTypes(missing).then(
      () => active && setLoaded((n) => n + 1),
      (e: unknown) => active && setError(e instanceof Error ? e.message : String(e)),
    );
    return () => {
      active = false;
    };
  }, [key]);
  return { loaded, pending: [...new Set(types)].filter((t) => !questionTypeReady(t)), error };
}
