import type { FetchedFile, FetchError, Result } from '../../../src-shared/contract';
import { GetError } from '../files/http-get';
import { transferUrlAllowed } from '../files/transfer-url';
import type { CoreContext } from './context';
import type { CoreModule } from './module';

/**
 * Shared files coming in: `fetchFile` downloads one into the core's cache (the page never
 * fetches a remote URL; its CSP allows none) and tells the page whether its bytes are a picture
 * it may show inline. docs/architecture.md, "Files".
 */
export function fileDownloadModule(ctx: CoreContext): CoreModule<'fetchFile'> {
  return {
    name: 'file download',
    signedOut() {
      ctx.files.clear();
    },
    commands: {
      async fetchFile({ url }): Promise<Result<FetchedFile, FetchError>> {
        if (typeof url !== 'string' || !transferUrlAllowed(url)) return { ok: false, error: 'insecure-url' };
        try {
          const { key, size, picture } = await ctx.files.fetch(url);
          return { ok: true, value: { key, size, picture } };
        } catch (error) {
          ctx.log.warn('file not fetched', error);
          if (!(error instanceof GetError)) return { ok: false, error: 'failed' };
          if (error.reason === 'refused-url') return { ok: false, error: 'insecure-url' };
          if (error.reason === 'too-large') return { ok: false, error: 'too-large' };
          return { ok: false, error: 'download-failed' };
        }
      },
    },
  };
}
