/** Markdown rendered at build time (the page's own content, not the learner's). */
export function Html({
  html,
  as: Tag = 'span',
  className,
  id,
}: {
  html: string | undefined;
  as?: 'span' | 'div';
  className?: string;
  id?: string;
}) {
  return <Tag id={id} className={className} dangerouslySetInnerHTML={{ __html: html ?? '' }} />;
}
