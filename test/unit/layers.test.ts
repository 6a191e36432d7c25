import { fileURLToPath } from 'node:url';
import { ESLint } from 'eslint';
import { beforeAll, describe, expect, it } from 'vitest';

// The layer rules of eslint.config.js, run on imports that are not in the tree: each layer's
// forbidden imports are errors that say the rule, and its allowed ones pass.
const root = fileURLToPath(new URL('../..', import.meta.url));
const eslint = new ESLint({ cwd: root });

async function layerErrors(filePath: string, code: string): Promise<string[]> {
  const [result] = await eslint.lintText(code, { filePath });
  const fatal = result.messages.filter((message) => message.fatal);
  expect(fatal).toEqual([]);
  return result.messages.filter((message) => message.ruleId === 'no-restricted-imports').map((message) => message.message);
}

type Case = [file: string, specifier: string];

const forbidden: { layer: string; says: string; cases: Case[] }[] = [
  {
    layer: 'src-main/core',
    says: 'the core runs without Electron',
    cases: [
      ['src-main/core/x.ts', 'electron'],
      ['src-main/core/x.ts', '../electron/window'],
      ['src-main/core/x.ts', '../preview/server'],
      ['src-main/core/x.ts', '../../src-renderer/history'],
      ['src-main/core/session/x.ts', '../../electron/main'],
      ['src-main/core/session/x.ts', '../../../src-main/preview/server'],
      ['src-main/core/session/x.ts', '../../../src-renderer/app/app.svelte'],
    ],
  },
  {
    layer: 'src-renderer',
    says: 'the renderer is a web page',
    cases: [
      ['src-renderer/app/x.ts', 'node:fs'],
      ['src-renderer/app/x.ts', 'fs'],
      ['src-renderer/app/x.ts', 'fs/promises'],
      ['src-renderer/app/x.ts', 'path'],
      ['src-renderer/app/x.ts', 'child_process'],
      ['src-renderer/app/x.ts', 'os'],
      ['src-renderer/app/x.ts', 'net'],
      ['src-renderer/app/x.ts', 'crypto'],
      ['src-renderer/app/x.ts', 'electron'],
      ['src-renderer/app/x.ts', 'ws'],
      ['src-renderer/app/x.ts', '@xmpp/xml'],
      ['src-renderer/app/x.ts', '../../src-main/core/log'],
      ['src-renderer/main.ts', '../src-main/core/log'],
      ['src-renderer/ui/X.svelte', 'node:path'],
      ['src-renderer/ui/X.svelte', '../../src-main/core/glance-core'],
    ],
  },
  {
    layer: 'src-shared',
    says: 'src-shared is imported by every layer',
    cases: [
      ['src-shared/x.ts', '../src-main/core/log'],
      ['src-shared/x.ts', '../src-renderer/i18n'],
      ['src-shared/x.ts', '../test/support/wait'],
      ['src-shared/x.ts', 'node:crypto'],
      ['src-shared/x.ts', 'electron'],
      ['src-shared/x.ts', 'svelte'],
      ['src-shared/x.ts', 'svelte/store'],
      ['src-shared/x.ts', 'dexie'],
    ],
  },
  {
    layer: 'src-main/electron',
    says: 'the Electron shell hosts the core and serves the renderer',
    cases: [['src-main/electron/x.ts', '../../src-renderer/bridge/bridge']],
  },
  {
    layer: 'src-main/preview',
    says: 'the preview hosts the core and serves the renderer',
    cases: [['src-main/preview/x.ts', '../../src-renderer/bridge/websocket-bridge']],
  },
];

const allowed: Case[] = [
  ['src-main/core/x.ts', '../../src-shared/contract'],
  ['src-main/core/x.ts', './session/connection'],
  ['src-main/core/x.ts', 'node:net'],
  ['src-main/core/x.ts', '@xmpp/client'],
  ['src-main/core/session/x.ts', '../log'],
  ['src-main/core/session/x.ts', '../../../src-shared/jid'],
  ['src-renderer/app/x.ts', '../../src-shared/contract'],
  ['src-renderer/app/x.ts', '../history'],
  ['src-renderer/app/x.ts', 'svelte'],
  ['src-renderer/app/x.ts', 'dexie'],
  ['src-renderer/ui/X.svelte', './names'],
  ['src-shared/x.ts', './contract'],
  ['src-main/electron/x.ts', 'electron'],
  ['src-main/electron/x.ts', '../core/glance-core'],
  ['src-main/electron/x.ts', '../../src-shared/contract'],
  ['src-main/preview/x.ts', 'ws'],
  ['src-main/preview/x.ts', '../core/dispatch'],
  ['src-main/preview/x.ts', '../../src-shared/preview-wire'],
  ['test/unit/x.test.ts', '../../src-renderer/app/app.svelte'],
];

/** A module importing `specifier`, in the language of `file`. */
function importing(file: string, specifier: string): string {
  const statement = `import '${specifier}';`;
  return file.endsWith('.svelte') ? `<script lang="ts">\n  ${statement}\n</script>\n` : `${statement}\n`;
}

describe('layer rules (eslint.config.js)', () => {
  beforeAll(async () => {
    // Loads the config, the TypeScript parser and the Svelte parser once.
    await eslint.lintText(importing('src-renderer/ui/X.svelte', './names'), { filePath: 'src-renderer/ui/X.svelte' });
  }, 60_000);

  describe.each(forbidden)('$layer', ({ says, cases }) => {
    it.each(cases)('%s may not import %s', async (file, specifier) => {
      const errors = await layerErrors(file, importing(file, specifier));
      expect(errors).toHaveLength(1);
      expect(errors[0]).toContain(says);
    });
  });

  it.each(allowed)('%s may import %s', async (file, specifier) => {
    expect(await layerErrors(file, importing(file, specifier))).toEqual([]);
  });

  it('also applies to type-only imports and re-exports', async () => {
    expect(await layerErrors('src-main/core/x.ts', `import type { BrowserWindow } from 'electron';\nexport type { BrowserWindow };\n`)).toHaveLength(1);
    expect(await layerErrors('src-shared/x.ts', `export { createLogger } from '../src-main/core/log';\n`)).toHaveLength(1);
  });
});
