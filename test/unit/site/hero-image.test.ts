import { readFileSync } from 'node:fs';
import { expect, test } from 'vitest';

// Starlight draws the home page's hero image in a box of fixed width and height attributes. An image of another
// shape changes the box's height when it arrives and the page below it jumps (Lighthouse: layout shift).
const svg = readFileSync('src/assets/hero-trace.svg', 'utf8');
const root = /<svg\b[^>]*>/.exec(svg)?.[0] ?? '';
const attr = (name: string) => new RegExp(`\\s${name}="([^"]*)"`).exec(root)?.[1];

test('the hero SVG declares a width and height in the ratio of its viewBox', () => {
  const [, , boxWidth, boxHeight] = (attr('viewBox') ?? '').split(/[\s,]+/).map(Number);
  const width = Number(attr('width'));
  const height = Number(attr('height'));
  expect(width, 'width attribute').toBeGreaterThan(0);
  expect(height, 'height attribute').toBeGreaterThan(0);
  expect(width / height).toBeCloseTo(boxWidth! / boxHeight!, 3);
});

test('the hero SVG has the shape of the box Starlight reserves for it', () => {
  const hero = readFileSync('node_modules/@astrojs/starlight/dist/components/Hero.astro', 'utf8');
  const reserved = /width:\s*(\d+),\s*height:\s*(\d+)/.exec(hero);
  expect(reserved, "Starlight's Hero.astro no longer sets the image's width and height: check this test").not.toBeNull();
  expect(Number(attr('width')) / Number(attr('height'))).toBeCloseTo(Number(reserved![1]) / Number(reserved![2]), 3);
});
