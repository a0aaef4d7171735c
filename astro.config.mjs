// @ts-check
import { existsSync } from 'node:fs';
import { defineConfig } from 'astro/config';
import starlight from '@astrojs/starlight';
import preact from '@astrojs/preact';
import { courseConfigForBuild, placeholderSiteWarning } from './src/node/course-config.ts';
import { courseSidebar } from './src/course/sidebar.ts';
import { contentSecurityPolicy } from './src/node/csp-integration.ts';
import { traceqlGrammar } from './src/course/traceql-grammar.ts';
import { markdownAccessibility } from './src/course/markdown-a11y.ts';

// COURSE_SITE / COURSE_BASE let a host (or the sub-path tests) override content/course.yaml.
const course = courseConfigForBuild();

export default defineConfig({
  site: course.site,
  base: course.base,
  trailingSlash: 'always',
  integrations: [
    starlight({
      title: course.title,
      description:
        'An interactive course on distributed tracing with OpenTelemetry: read traces, instrument services, choose backends, design sampling and correlate signals.',
      sidebar: courseSidebar((slug) => existsSync(`content/docs/${slug}.mdx`)),
      markdown: { processedDirs: ['./content/'] },
      customCss: ['./src/styles/course.css'],
      expressiveCode: { shiki: { langs: [traceqlGrammar] } },
      components: {
        Search: './src/components/overrides/Search.astro',
        // Starlight's "Skip to content", plus "Skip to the quiz" on pages with a quiz.
        SkipLink: './src/components/quiz/SkipLinks.astro',
      },
      // src/pages/404.astro renders the not-found page (Starlight's route would warn about a missing docs/404 entry).
      disable404Route: true,
      lastUpdated: false,
      credits: false,
    }),
    // Islands are written against React's API; Preact's compat layer runs them at a fraction of React's size,
    // which keeps each page within the JavaScript budget that test/e2e/budgets.spec.ts enforces.
    preact({ compat: true }),
    contentSecurityPolicy(),
    {
      // A build for hosting still on the placeholder site gets one warning saying what to set.
      name: 'course-site',
      hooks: {
        'astro:config:setup': ({ command, logger }) => {
          const warning = command === 'build' ? placeholderSiteWarning(course.site) : undefined;
          if (warning) logger.warn(warning);
        },
      },
    },
    {
      // Every Markdown table scrolls inside a labelled, focusable box and every code block has a name
      // (src/course/markdown-a11y.ts). Astro's default Markdown processor (Satteri) also renders the .mdx
      // lessons. Added once every integration's setup has run, so it comes after Expressive Code's plugin.
      name: 'course-markdown-accessibility',
      hooks: {
        'astro:config:done': ({ config }) => {
          const processor = /** @type {{ name: string, options?: { hastPlugins?: unknown[] } }} */ (config.markdown.processor);
          if (processor?.name !== 'satteri' || !processor.options?.hastPlugins) {
            throw new Error("astro.config.mjs: the Markdown accessibility plugin expects Astro's Satteri Markdown processor.");
          }
          processor.options.hastPlugins.push(markdownAccessibility());
        },
      },
    },
  ],
  vite: {
    plugins: [
      {
        // Preact's Vite preset sets its own build warning handler (for "use client" directives), which replaces one
        // given in this file's build options; this plugin's config hook runs after the preset's and keeps both.
        name: 'course-build-warnings',
        config(config) {
          const previous = config.build?.rolldownOptions?.onwarn ?? config.build?.rollupOptions?.onwarn;
          /** @type {NonNullable<NonNullable<import('vite').BuildOptions['rolldownOptions']>['onwarn']>} */
          const onwarn = (warning, warn) => {
            // Astro marks each content entry's render module with a "use astro:head-inject" directive for its own
            // head propagation, which Vite's bundler warns it may not preserve (once per lesson). Astro handles the
            // directive itself; the warning is Astro's to fix (withastro/astro#18087), so only this one is dropped.
            if (warning.code === 'MODULE_LEVEL_DIRECTIVE' && warning.message.includes('astro:head-inject')) return;
            if (previous) previous(warning, warn);
            else warn(warning);
          };
          return { build: { rolldownOptions: { onwarn } } };
        },
      },
    ],
  },
});
