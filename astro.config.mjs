// @ts-check
import { existsSync } from 'node:fs';
import { defineConfig } from 'astro/config';
import starlight from '@astrojs/starlight';
import react from '@astrojs/react';
import { courseConfigForBuild } from './src/course/course-config.ts';
import { courseSidebar } from './src/course/sidebar.ts';
import { contentSecurityPolicy } from './src/hosting/csp-integration.ts';
import { traceqlGrammar } from './src/course/traceql-grammar.ts';

// COURSE_SITE / COURSE_BASE let a host (or the sub-path tests) override content/course.yaml.
const course = courseConfigForBuild();

export default defineConfig({
  site: course.site,
  base: course.base,
  trailingSlash: 'always',
  integrations: [
    starlight({
      title: course.title,
      description: 'An interactive course on distributed tracing with OpenTelemetry: read traces, instrument services, choose backends, design sampling and correlate signals.',
      sidebar: courseSidebar((slug) => existsSync(`content/docs/${slug}.mdx`)),
      markdown: { processedDirs: ['./content/'] },
      customCss: ['./src/styles/course.css'],
      expressiveCode: { shiki: { langs: [traceqlGrammar] } },
      components: {
        Search: './src/components/overrides/Search.astro',
      },
      lastUpdated: false,
      credits: false,
    }),
    react(),
    contentSecurityPolicy(),
  ],
});
