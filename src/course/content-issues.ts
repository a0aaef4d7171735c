import { formatIssue, type FriendlyIssue, type Position } from '../shared/friendly-errors/friendly-issue.ts';

// A problem in the course content (quiz banks, prediction banks, the
// misconception list), with the item it is in, so a check that knows only the
// item and field can be placed on its line afterwards. Printed in the site's
// one message shape (friendly-issue.ts):
//   content/quizzes/x.yaml:14:17: question "q-id", field choices[1].correct: expected true or false, found string "yes". Fix: write true or false, without quotes.

export interface ContentIssue {
  file: string;
  position?: Position | undefined;
  /** The question, prediction or misconception the problem is in. */
  item?: { kind: 'question' | 'prediction' | 'misconception'; id: string };
  field?: string | undefined;
  problem: string;
  fix?: string | undefined;
}

export function friendlyContentIssue(issue: ContentIssue): FriendlyIssue {
  return { ...issue, subject: issue.item ? `${issue.item.kind} "${issue.item.id}"` : undefined };
}

export function formatContentIssue(issue: ContentIssue): string {
  return formatIssue(friendlyContentIssue(issue));
}
