/** Playwright launch options for Debian's Chromium, offline (see chromium.mjs). */
export declare const chromiumLaunchOptions: { executablePath: string; args: string[] }
