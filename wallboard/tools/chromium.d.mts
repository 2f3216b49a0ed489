import type { Browser } from 'playwright-core';
export declare const CHROMIUM: string;
export declare function chromiumPath(): string | null;
export declare function launch(extraArgs?: string[]): Promise<Browser>;
