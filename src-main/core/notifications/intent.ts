// The notification types cross the bridge (the preview shows them in the page): they live in the contract.
export type { MessageRef, NotificationEffect, NotificationIntent } from '../../../src-shared/contract';
