/** Where Debian's `chromium` package puts the browser. */
export declare const DEBIAN_CHROMIUM: string
/** CHROMIUM_PATH when it names an executable, else Debian's path (see chromium.mjs). */
export declare function chromiumExecutable(environment?: Record<string, string | undefined>): string
/** Playwright launch options for Debian's Chromium, offline (see chromium.mjs). */
export declare const chromiumLaunchOptions: { executablePath: string; args: string[] }
