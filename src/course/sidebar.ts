// The course's lesson order. The home page, the e2e sidebar test and the
// frontmatter checks all read this list, so the order lives in one place.
export interface SidebarGroup {
  label: string;
  items: readonly string[];
}

export const COURSE_GROUPS: readonly SidebarGroup[] = [
  { label: 'Start here', items: ['overview'] },
  {
    label: 'Lessons',
    items: ['trace-anatomy', 'worked-example', 'backends', 'sampling', 'correlation', 'production', 'review'],
  },
  { label: 'Practice', items: ['module-quiz', 'lab', 'playground'] },
  { label: 'Going further', items: ['collector-tiers', 'span-metrics', 'traceql-deep-dive'] },
  { label: 'Course', items: ['sources', 'progress', 'instructors'] },
];

export const ALL_SLUGS: readonly string[] = COURSE_GROUPS.flatMap((group) => group.items);

/** Starlight sidebar config; `exists` lets a page that is not written yet stay out instead of breaking the build. */
export function courseSidebar(exists: (slug: string) => boolean = () => true) {
  return [
    { label: 'Course home', link: '/' },
    ...COURSE_GROUPS.map((group) => ({
      label: group.label,
      items: group.items.filter(exists).map((slug) => ({ slug })),
    })).filter((group) => group.items.length > 0),
  ];
}
