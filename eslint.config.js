import { builtinModules } from 'node:module';
import { defineConfig } from 'eslint/config';
import path from 'node:path';
import js from '@eslint/js';
import prettier from 'eslint-config-prettier/flat';
import svelte from 'eslint-plugin-svelte';
import globals from 'globals';
import tseslint from 'typescript-eslint';
import svelteConfig from './svelte.config.js';

/*
 * The layers, enforced with `no-restricted-imports`:
 * - src-main/core runs in plain Node: no Electron, no shell, no preview, no renderer;
 * - src-renderer runs in a browser page: no Node, no Electron, no XMPP library, nothing of src-main;
 * - src-shared is imported by every side, so it imports nothing but itself;
 * - src-main/electron and src-main/preview are the two shells around the core: never the renderer.
 * test/unit/layers.test.ts lints a violating and an allowed import for each rule.
 *
 * An import is a relative path, so each forbidden folder is turned into the specifiers that reach
 * it from each folder depth of the layer (one config block per depth).
 */

const escapeRegex = (text) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
const nodeBuiltins = builtinModules.map(escapeRegex);

const packages = {
  node: { regex: `^(node:|(${nodeBuiltins.join('|')})(/|$))`, what: 'Node built-ins' },
  electron: { regex: '^electron(/|$)', what: 'electron' },
  ws: { regex: '^ws(/|$)', what: 'ws' },
  xmpp: { regex: '^@xmpp/', what: '@xmpp/*' },
  svelte: { regex: '^svelte(/|$)', what: 'svelte' },
  dexie: { regex: '^dexie(/|$)', what: 'dexie' },
};

/** A regex for the relative specifiers that, written in `fromDir`, resolve into `targetDir` (both from the repository root). */
function specifiersInto(fromDir, targetDir) {
  const alternatives = [];
  const ups = fromDir.split('/').length;
  for (let up = 0; up <= ups; up++) {
    const ancestor = fromDir
      .split('/')
      .slice(0, ups - up)
      .join('/');
    const inside = ancestor === '' ? targetDir : path.posix.relative(ancestor, targetDir);
    if (inside.startsWith('..')) continue;
    alternatives.push(escapeRegex((up === 0 ? './' : '../'.repeat(up)) + inside));
  }
  return `^(${alternatives.join('|')})(/|$)`;
}

/** A regex for the relative specifiers that, written in `fromDir`, leave `ownDir`. */
function specifiersLeaving(fromDir, ownDir) {
  const depthInside = fromDir.split('/').length - ownDir.split('/').length;
  return `^(\\.\\./){${depthInside + 1},}`;
}

// Folders nested deeper under a layer would get no layer rule; today's deepest is one level down.
const MAX_DEPTH = 6;

/**
 * Config blocks for one layer: for each folder depth under `root`, `no-restricted-imports` with the
 * given packages and folders, each with the rule in words.
 */
function layer(root, { message, packages: banned = [], folders = [], leaving = false }) {
  return Array.from({ length: MAX_DEPTH }, (_, depth) => {
    const dir = [root, ...Array(depth).fill('*')].join('/');
    const fromDir = [root, ...Array(depth).fill('sub')].join('/');
    const patterns = [
      ...banned.map((name) => ({ regex: packages[name].regex, message: `${message} (no ${packages[name].what}).` })),
      ...folders.map((folder) => ({ regex: specifiersInto(fromDir, folder), message: `${message} (nothing under ${folder}/).` })),
      ...(leaving ? [{ regex: specifiersLeaving(fromDir, root), message: `${message} (nothing outside ${root}/).` }] : []),
    ];
    return {
      name: `glance/layers/${root}/depth-${depth}`,
      files: [`${dir}/*.ts`, `${dir}/*.svelte`],
      rules: { 'no-restricted-imports': ['error', { patterns }] },
    };
  });
}

const layers = [
  ...layer('src-main/core', {
    message: 'the core runs without Electron: src-main/core is plain Node and knows neither the shells nor the renderer',
    packages: ['electron'],
    folders: ['src-main/electron', 'src-main/preview', 'src-renderer'],
  }),
  ...layer('src-renderer', {
    message: 'the renderer is a web page: src-renderer reaches the core only through the bridge of src-shared/contract.ts',
    packages: ['node', 'electron', 'ws', 'xmpp'],
    folders: ['src-main'],
  }),
  ...layer('src-shared', {
    message: 'src-shared is imported by every layer: it imports only itself',
    packages: ['node', 'electron', 'ws', 'xmpp', 'svelte', 'dexie'],
    leaving: true,
  }),
  ...layer('src-main/electron', {
    message: 'the Electron shell hosts the core and serves the renderer: src-main/electron may import core and shared, never the renderer',
    folders: ['src-renderer'],
  }),
  ...layer('src-main/preview', {
    message: 'the preview hosts the core and serves the renderer: src-main/preview may import core and shared, never the renderer',
    folders: ['src-renderer'],
  }),
];

export default defineConfig(
  { ignores: ['dist/', 'release/', 'node_modules/', '.vite/'] },
  js.configs.recommended,
  tseslint.configs.recommended,
  svelte.configs.recommended,
  {
    languageOptions: { globals: { ...globals.node } },
    rules: {
      // A leading underscore marks a binding kept on purpose: a parameter a signature needs, a field a rest-spread drops.
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
    },
  },
  {
    // Vitest reads what a fixture depends on from its first parameter's destructuring: `{}` is "nothing".
    files: ['test/**'],
    rules: { 'no-empty-pattern': ['error', { allowObjectPatternsAsParameters: true }] },
  },
  {
    files: ['src-renderer/**', 'bench/page/**'],
    languageOptions: { globals: { ...globals.browser } },
  },
  {
    files: ['**/*.svelte', '**/*.svelte.ts'],
    languageOptions: {
      parserOptions: { parser: tseslint.parser, extraFileExtensions: ['.svelte'], svelteConfig },
    },
  },
  ...layers,
  prettier,
  svelte.configs.prettier,
);
