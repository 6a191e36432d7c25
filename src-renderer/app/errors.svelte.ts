import type { MessageKey } from '../i18n';
import { thrownReason, type ReasonCode } from './reasons';

/** A problem shown in the app's alert area until dismissed; translated when rendered. */
export interface AppError {
  id: number;
  key: MessageKey;
  /** What was thrown, as text (technical; shown after the sentence). */
  reason: string;
  /** An error code from a command Result, translated when shown. */
  code?: ReasonCode;
}

/** The app's alert area: at most one problem of each kind, the newest. */
export class ErrorLog {
  errors = $state.raw<AppError[]>([]);
  private nextId = 1;

  /** Shows a problem; a newer one of the same kind replaces the older (retries do not pile up). */
  report(key: MessageKey, error: unknown, code?: ReasonCode): void {
    console.error(`glance: ${key}`, code ?? error);
    const entry = { id: this.nextId++, key, reason: code ? '' : thrownReason(error), code };
    this.errors = [...this.errors.filter((e) => e.key !== key), entry];
  }

  dismiss(id: number): void {
    this.errors = this.errors.filter((e) => e.id !== id);
  }

  /** The problem of this kind is over (a later try worked). */
  clear(key: MessageKey): void {
    if (this.errors.some((e) => e.key === key)) this.errors = this.errors.filter((e) => e.key !== key);
  }
}
